package io.codeagents.gateway.client;

/** One message of a chat, as OpenAI and Ollama both name it. */
public record ChatMessage(String role, String content) {
}
