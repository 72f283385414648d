package io.codeagents.gateway.client;

import java.util.List;
import java.util.Map;

/**
 * What one backend is asked: a chat ({@code messages}) or a plain completion ({@code prompt}), for the model name the
 * backend knows, with the sampling parameters every protocol shares. Null parameters are left to the backend.
 * {@code logitBias} (OpenAI's {@code logit_bias}: token id → bias) is honoured where the backend can (embedded,
 * OpenAI-compatible).
 */
public record InferenceRequest(String model, List<ChatMessage> messages, String prompt, Double temperature, Double topP,
        Integer maxTokens, List<String> stop, Long seed, Integer numCtx, Map<Integer, Double> logitBias) {

    /** Without a logit bias. */
    public InferenceRequest(String model, List<ChatMessage> messages, String prompt, Double temperature, Double topP,
            Integer maxTokens, List<String> stop, Long seed, Integer numCtx) {
        this(model, messages, prompt, temperature, topP, maxTokens, stop, seed, numCtx, null);
    }

    public boolean isChat() {
        return messages != null;
    }

    public InferenceRequest forModel(String backendModel) {
        return new InferenceRequest(backendModel, messages, prompt, temperature, topP, maxTokens, stop, seed, numCtx,
                logitBias);
    }

    /** The whole input as text: the prompt, or the chat rendered as role-prefixed lines ending with the cue. */
    public String promptText() {
        if (!isChat()) {
            return prompt;
        }
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
