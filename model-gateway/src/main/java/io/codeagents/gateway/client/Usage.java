package io.codeagents.gateway.client;

/** Token counts of one generation as the backend reported them. */
public record Usage(int promptTokens, int completionTokens) {

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
