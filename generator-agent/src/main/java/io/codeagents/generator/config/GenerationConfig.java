package io.codeagents.generator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the generator asks the model for code: model, sampling and the bounds on what callers may send. */
@ConfigMapping(prefix = "generator.generation")
public interface GenerationConfig {

    /** Model used when a request names none (application.properties maps {@code GATEWAY_DEFAULT_MODEL} here). */
    @WithDefault("qwen2.5-coder:1.5b")
    String defaultModel();

    /** Low by default: code that passes tests matters more than variety. */
    @WithDefault("0.2")
    double temperature();

    @WithDefault("2048")
    int maxTokens();

    /** The largest {@code max_tokens} a caller may ask for. */
    @WithDefault("8192")
    int maxTokensLimit();

    /** Longest task description accepted, in characters; longer ones are refused with GEN_002. */
    @WithDefault("16000")
    int maxDescriptionChars();

    /** How much reviewer output (test messages, findings) a refinement prompt may carry, in characters. */
    @WithDefault("6000")
    int maxFeedbackChars();
}
