package io.codeagents.reviewer.service;

import java.util.Map;

/**
 * The figures of {@code GET /stats}: reviews per verdict, how often tests pass, how long reviews take (from the
 * stored reviews, so every replica answers the same) and the sandboxes of this replica.
 */
public record ReviewStats(long reviews, Map<String, Long> verdicts, Tests tests, Latency latencyMs, Sandboxes sandboxes) {

    /**
     * @param runs reviews whose tests ran
     * @param passRate share of those runs whose tests all passed (0 without runs)
     */
    public record Tests(long runs, long runsPassed, double passRate, long testsPassed, long testsFailed, long testsErrors) {
    }

    public record Latency(long p50, long p90, long p95, long p99, long max) {
    }

    public record Sandboxes(String mode, int capacity, int active, int waiting, long rejected) {
    }
}
