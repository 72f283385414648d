package io.codeagents.generator.rest;

import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /tasks}. */
public record TaskRequest(@NotNull String taskDescription, String language, String model, Integer maxIterations) {
}
