package io.codeagents.reviewer.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The LLM critique through the model gateway ({@code MODEL_GATEWAY_URL}): which model, how long to wait, when to stop
 * asking. Environment: {@code REVIEWER_LLM_ENABLED}, {@code REVIEWER_LLM_MODEL}, {@code REVIEWER_LLM_TIMEOUT}, …
 */
@ConfigMapping(prefix = "reviewer.llm")
public interface LlmReviewConfig {

    /** False: reviews never ask the model and list {@code llm_review_disabled} in {@code degraded}. */
    @WithDefault("true")
    boolean enabled();

    /** The model to ask; the gateway's default ({@code GATEWAY_DEFAULT_MODEL}) when unset. */
    Optional<String> model();

    @WithDefault("45S")
    Duration timeout();

    @WithDefault("400")
    int maxTokens();

    @WithDefault("0.2")
    double temperature();

    /** Code longer than this is cut in the prompt (small models have small contexts). */
    @WithDefault("12000")
    int maxPromptCodeChars();

    CircuitBreaker circuitBreaker();

    interface CircuitBreaker {
        /** Calls looked at before the breaker may open. */
        @WithDefault("4")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before a trial call. */
        @WithDefault("30S")
        Duration delay();
    }
}
