package io.codeagents.reviewer.domain;

import java.util.List;

/**
 * What running the submitted tests in the sandbox gave.
 *
 * @param reason why the run ended as it did, in one sentence (which tests failed, which limit was hit)
 * @param runner {@code pytest} or {@code unittest}; null when nothing ran
 * @param output the run's stdout and stderr, head and tail within the configured size
 */
public record TestRun(TestStatus status, int passed, int failed, int errors, int skipped, long durationMs,
        List<TestFailure> failures, String output, String reason, String runner) {

    public static TestRun skipped(String reason) {
        return new TestRun(TestStatus.SKIPPED, 0, 0, 0, 0, 0, List.of(), "", reason, null);
    }

    public int total() {
        return passed + failed + errors;
    }

    /** A failed test: its name as pytest reports it and the first lines of why. */
    public record TestFailure(String test, String message) {
    }
}
