package io.codeagents.gateway.rest;

import java.util.Map;

/**
 * {@code POST /v1/completions} (legacy OpenAI completions: one prompt string). Constraints, checked by
 * {@link RequestChecks}: {@code prompt} required, the sampling parameters as for chats.
 */
public record CompletionRequest(
        String model,
        String prompt,
        Boolean stream,
        ChatCompletionRequest.StreamOptions streamOptions,
        Double temperature,
        Double topP,
        Integer maxTokens,
        Object stop,
        Long seed,
        Integer numCtx,
        Map<String, Double> logitBias) {
}
