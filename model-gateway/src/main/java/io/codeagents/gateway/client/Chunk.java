package io.codeagents.gateway.client;

/**
 * A piece of a generation: text, and on the last chunk only, why it ended and the usage. Backends emit as many text
 * chunks as the model streams and exactly one final chunk.
 */
public record Chunk(String text, String finishReason, Usage usage) {

    public static Chunk text(String text) {
        return new Chunk(text, null, null);
    }

    public static Chunk last(String finishReason, Usage usage) {
        return new Chunk("", finishReason, usage);
    }

    public boolean isLast() {
        return finishReason != null;
    }
}
