package io.codeagents.generator.client;

import java.util.List;

/** The gateway's OpenAI-style answer; only the fields the generator uses. */
public record ChatCompletion(String id, String model, List<Choice> choices, Usage usage) {

    public record Choice(Integer index, ChatMessage message, String finishReason) {
    }

    public record Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens) {
    }
}
