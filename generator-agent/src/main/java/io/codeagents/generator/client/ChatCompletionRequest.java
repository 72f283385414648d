package io.codeagents.generator.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of the gateway's {@code POST /v1/chat/completions} (OpenAI-compatible, non-streaming). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionRequest(String model, List<ChatMessage> messages, Double temperature, Integer maxTokens,
        boolean stream) {
}
