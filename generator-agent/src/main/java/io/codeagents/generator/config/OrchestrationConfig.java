package io.codeagents.generator.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The generate → review → refine loop: iteration budget, reviewer options, and waiting out unavailable agents. */
@ConfigMapping(prefix = "generator.orchestration")
public interface OrchestrationConfig {

    @WithDefault("3")
    int defaultMaxIterations();

    /** The largest {@code max_iterations} a task may ask for. */
    @WithDefault("10")
    int maxIterationsLimit();

    /** Ask the reviewer for its LLM critique too (a second model call per iteration). */
    @WithDefault("false")
    boolean llmReview();

    DependencyBackoff backoff();

    /** How a task waits for the gateway or reviewer to come back before failing with MODEL_001 / COMM_001. */
    interface DependencyBackoff {

        @WithDefault("1S")
        Duration initial();

        @WithDefault("15S")
        Duration max();

        @WithDefault("2")
        double multiplier();

        /** Attempts per call, the first included; the task fails when all of them found the agent unavailable. */
        @WithDefault("6")
        int maxAttempts();
    }
}
