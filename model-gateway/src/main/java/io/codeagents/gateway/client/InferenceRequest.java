package io.codeagents.gateway.client;

import java.util.List;
import java.util.Map;

/**
 * What one backend is asked: a chat ({@code messages}) or a plain completion ({@code prompt}), for the model name the
 * backend knows, with the sampling parameters every protocol shares. Null parameters are left to the backend.
 * {@code logitBias} (OpenAI's {@code logit_bias}: token id → bias) is honoured where the backend can (embedded,
 * OpenAI-compatible). {@code requestId} is the client request's {@code X-Request-Id}, sent on to HTTP backends so one
 * id follows the request into their logs (null: none sent).
 */
public record InferenceRequest(String model, List<ChatMessage> messages, String prompt, Double temperature, Double topP,
        Integer maxTokens, List<String> stop, Long seed, Integer numCtx, Map<Integer, Double> logitBias,
        String requestId) {

    /** Without a logit bias or request id. */
    public InferenceRequest(String model, List<ChatMessage> messages, String prompt, Double temperature, Double topP,
            Integer maxTokens, List<String> stop, Long seed, Integer numCtx) {
        this(model, messages, prompt, temperature, topP, maxTokens, stop, seed, numCtx, null, null);
    }

    public boolean isChat() {
        return messages != null;
    }

    public InferenceRequest forModel(String backendModel) {
        return new InferenceRequest(backendModel, messages, prompt, temperature, topP, maxTokens, stop, seed, numCtx,
                logitBias, requestId);
    }

    /** The whole input as text: the prompt, or the chat rendered as role-prefixed lines ending with the cue. */
    public String promptText() {
        return isChat() ? promptText(messages) : prompt;
    }

    /** A chat rendered as role-prefixed lines ending with the assistant's cue. */
    public static String promptText(List<ChatMessage> messages) {
        StringBuilder text = new StringBuilder();
        for (ChatMessage message : messages) {
            text.append(capitalised(message.role())).append(": ").append(message.content()).append('\n');
        }
        return text.append("Assistant:").toString();
    }

    private static String capitalised(String role) {
        return role == null || role.isEmpty() ? "User" : Character.toUpperCase(role.charAt(0)) + role.substring(1);
    }
}
