package io.codeagents.testkit;

import java.util.List;

/**
 * The scripted answer to one request after the request's limits were applied: the tokens to send, why generation
 * stopped ({@code stop} or {@code length}) and how many prompt tokens were counted.
 */
public record Generation(List<String> tokens, String finishReason, int promptTokens) {

    /**
     * @param maxTokens {@code num_predict} / {@code max_new_tokens} / {@code max_tokens}; 0 or less means no limit
     * @param stops stop sequences: the answer is cut before the first one found
     */
    public static Generation of(String answer, String prompt, int maxTokens, List<String> stops) {
        String text = answer;
        String reason = "stop";
        for (String stop : stops == null ? List.<String>of() : stops) {
            int at = stop.isEmpty() ? -1 : text.indexOf(stop);
            if (at >= 0) {
                text = text.substring(0, at);
            }
        }
        List<String> tokens = AnswerTokens.split(text);
        if (maxTokens > 0 && tokens.size() > maxTokens) {
            tokens = tokens.subList(0, maxTokens);
            reason = "length";
        }
        return new Generation(List.copyOf(tokens), reason, AnswerTokens.count(prompt));
    }

    public String text() {
        return String.join("", tokens);
    }

    public int completionTokens() {
        return tokens.size();
    }
}
