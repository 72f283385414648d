package io.codeagents.generator.client;

/** What the model said, which model said it (the gateway resolves aliases) and what it cost. */
public record ModelAnswer(String content, String model, int promptTokens, int completionTokens, String finishReason) {

    /** The answer was cut by the token limit, so its last code block may be incomplete. */
    public boolean truncated() {
        return "length".equals(finishReason);
    }
}
