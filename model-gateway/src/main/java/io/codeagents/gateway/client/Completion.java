package io.codeagents.gateway.client;

/** A whole generation: its text, why it ended ({@code stop}, {@code length}) and the tokens it used. */
public record Completion(String text, String finishReason, Usage usage) {
}
