package io.codeagents.generator.rest;

import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /generate}; bounds are checked by {@code RequestLimits} against the configuration. */
public record GenerateRequest(@NotNull String taskDescription, String language, String model, Double temperature,
        Integer maxTokens) {
}
