package io.codeagents.generator.client;

/** One message of an OpenAI-style chat: role {@code system}, {@code user} or {@code assistant}. */
public record ChatMessage(String role, String content) {

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
