package io.codeagents.reviewer.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An OpenAI chat-completions request; {@code model} null lets the gateway choose its default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatRequest(String model, List<Message> messages, Integer maxTokens, Double temperature, boolean stream) {

    public record Message(String role, String content) {
    }
}
