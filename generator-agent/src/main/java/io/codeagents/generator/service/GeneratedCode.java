package io.codeagents.generator.service;

/** Answer of {@code POST /generate}. */
public record GeneratedCode(String code, String tests, Language language, String model, int promptTokens,
        int completionTokens, long durationMs, boolean truncated) {
}
