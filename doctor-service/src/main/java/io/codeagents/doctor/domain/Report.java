package io.codeagents.doctor.domain;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One report on the deployment: the worst status, every check run, a one-line summary. {@code id} is set once the
 * report is stored in the history; {@code history_error} says why it could not be (PostgreSQL may be what is down).
 */
@JsonPropertyOrder({"status", "summary", "checks", "counts", "duration_ms", "generated_at", "partial", "id",
        "history_error"})
public record Report(CheckStatus status, String summary, List<CheckResult> checks, StatusCounts counts, long durationMs,
        Instant generatedAt, boolean partial, @JsonInclude(JsonInclude.Include.NON_NULL) Long id,
        @JsonInclude(JsonInclude.Include.NON_NULL) String historyError) {

    public static Report of(List<CheckResult> checks, long durationMs, Instant generatedAt, boolean partial) {
        CheckStatus status = CheckStatus.worst(checks.stream().map(CheckResult::status).toList());
        StatusCounts counts = StatusCounts.of(checks);
        return new Report(status, summaryLine(status, counts, checks), checks, counts, durationMs, generatedAt, partial,
                null, null);
    }

    public Report stored(long reportId) {
        return new Report(status, summary, checks, counts, durationMs, generatedAt, partial, reportId, null);
    }

    public Report notStored(String reason) {
        return new Report(status, summary, checks, counts, durationMs, generatedAt, partial, null, reason);
    }

    /** "critical: 1 critical, 14 ok — services.reviewer-agent: not reachable at …" (names the worst check). */
    private static String summaryLine(CheckStatus status, StatusCounts counts, List<CheckResult> checks) {
        StringBuilder line = new StringBuilder(status.wire()).append(": ").append(counts.describe());
        checks.stream().filter(c -> c.status() == status && status != CheckStatus.OK).findFirst()
                .ifPresent(worst -> line.append(" — ").append(worst.id()).append(": ").append(worst.summary()));
        return line.toString();
    }
}
