package io.codeagents.generator.service;

import java.util.List;
import java.util.Optional;

import io.codeagents.generator.client.ChatMessage;
import io.codeagents.generator.client.ModelAnswer;
import io.codeagents.generator.service.CodeExtractor.Extraction;

/** One model call: the prompt sent, the answer, what could be extracted from it and how long the call took. */
public record ModelAttempt(List<ChatMessage> prompt, ModelAnswer answer, Optional<Extraction> extraction, long durationMs) {

    /** The prompt as one text, kept with the iteration so a user can see exactly what the model was told. */
    public String promptText() {
        StringBuilder text = new StringBuilder();
        for (ChatMessage message : prompt) {
            text.append("[").append(message.role()).append("]\n").append(message.content()).append("\n\n");
        }
        return text.toString().strip();
    }
}
