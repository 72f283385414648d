package io.codeagents.generator.service;

import java.util.List;

import io.codeagents.generator.client.ReviewResult.Finding;
import io.codeagents.generator.client.ReviewResult.TestFailure;

/**
 * What the next prompt must tell the model about its previous attempt: the attempt itself, the tests that failed with
 * their messages, the errors the reviewer found, and the test output when no single failure explains it.
 */
public record ReviewFeedback(int iteration, String code, String tests, String summary, String testStatus,
        List<TestFailure> failures, List<Finding> errors, String testOutput) {
}
