package io.codeagents.gateway.rest;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions}, as OpenAI defines it (the fields the gateway honours). Constraints, checked by
 * {@link RequestChecks}: {@code messages} not empty, each with a non-blank {@code role} and a {@code content};
 * {@code temperature} 0–2, {@code top_p} 0–1, {@code max_tokens} and {@code max_completion_tokens} 1–1,000,000,
 * {@code num_ctx} at least 1.
 */
public record ChatCompletionRequest(
        String model,
        List<Message> messages,
        Boolean stream,
        StreamOptions streamOptions,
        Double temperature,
        Double topP,
        Integer maxTokens,
        Integer maxCompletionTokens,
        Object stop,
        Long seed,
        Integer numCtx,
        Map<String, Double> logitBias) {

    public record Message(String role, String content) {
    }

    public record StreamOptions(Boolean includeUsage) {
    }
}
