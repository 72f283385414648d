package io.codeagents.generator.client;

import java.util.List;

/** The reviewer's verdict on one attempt; only the fields the generator uses or keeps. */
public record ReviewResult(String id, String verdict, Integer score, String summary, List<Finding> findings,
        TestRun tests, LlmCritique llm, List<Object> degraded, Long durationMs) {

    public static final String APPROVED = "approved";

    public boolean approved() {
        return APPROVED.equals(verdict);
    }

    public List<Finding> findingsOrEmpty() {
        return findings == null ? List.of() : findings;
    }

    public int scoreOrZero() {
        return score == null ? 0 : Math.max(0, Math.min(100, score));
    }

    public record Finding(String rule, String severity, Integer line, Integer column, String message, String hint) {

        public boolean isError() {
            return "error".equals(severity);
        }
    }

    public record TestRun(String status, Integer passed, Integer failed, Integer errors, Long durationMs,
            List<TestFailure> failures, String output) {

        public List<TestFailure> failuresOrEmpty() {
            return failures == null ? List.of() : failures;
        }
    }

    public record TestFailure(String test, String message) {
    }

    public record LlmCritique(String feedback, String model) {
    }
}
