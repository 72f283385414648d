package io.codeagents.reviewer.domain;

/** The model's critique, advisory only: it never changes the verdict or the score. */
public record LlmFeedback(String feedback, String model) {
}
