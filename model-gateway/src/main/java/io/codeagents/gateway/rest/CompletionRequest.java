package io.codeagents.gateway.rest;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** {@code POST /v1/completions} (legacy OpenAI completions: one prompt string). */
public record CompletionRequest(
        String model,
        @NotNull String prompt,
        Boolean stream,
        @Valid ChatCompletionRequest.StreamOptions streamOptions,
        @DecimalMin("0") @DecimalMax("2") Double temperature,
        @DecimalMin("0") @DecimalMax("1") Double topP,
        @Min(1) @Max(1_000_000) Integer maxTokens,
        Object stop,
        Long seed,
        @Min(1) Integer numCtx,
        Map<String, Double> logitBias) {
}
