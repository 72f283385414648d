package io.codeagents.reviewer.client;

import java.util.List;

/** The parts of an OpenAI chat completion the reviewer reads. */
public record ChatCompletion(String id, String model, List<Choice> choices) {

    public record Choice(int index, ChatRequest.Message message, String finishReason) {
    }

    /** The first choice's text, or null when the answer has none. */
    public String text() {
        if (choices == null || choices.isEmpty() || choices.get(0).message() == null) {
            return null;
        }
        return choices.get(0).message().content();
    }
}
