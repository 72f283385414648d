package io.codeagents.generator.client;

/** Body of the reviewer's {@code POST /review}. */
public record ReviewRequest(String code, String tests, String language, String taskDescription, boolean runTests,
        boolean llmReview) {
}
