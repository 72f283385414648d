package io.codeagents.gateway.rest;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/** {@code POST /v1/chat/completions}, as OpenAI defines it (the fields the gateway honours). */
public record ChatCompletionRequest(
        String model,
        @NotEmpty @Valid List<@NotNull @Valid Message> messages,
        Boolean stream,
        @Valid StreamOptions streamOptions,
        @DecimalMin("0") @DecimalMax("2") Double temperature,
        @DecimalMin("0") @DecimalMax("1") Double topP,
        @Min(1) @Max(1_000_000) Integer maxTokens,
        @Min(1) @Max(1_000_000) Integer maxCompletionTokens,
        Object stop,
        Long seed,
        @Min(1) Integer numCtx,
        Map<String, Double> logitBias) {

    public record Message(@NotBlank String role, @NotNull String content) {
    }

    public record StreamOptions(Boolean includeUsage) {
    }
}
