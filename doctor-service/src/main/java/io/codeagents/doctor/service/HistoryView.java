package io.codeagents.doctor.service;

import java.time.Instant;
import java.util.List;

import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.domain.StatusCounts;

/** {@code GET /doctor/history}: the newest reports, and per check its recent statuses (newest first). */
public record HistoryView(List<ReportRow> reports, List<CheckTrend> checks) {

    public record ReportRow(long id, Instant generatedAt, CheckStatus status, StatusCounts counts, long durationMs,
            boolean partial) {
    }

    public record CheckTrend(String id, CheckStatus latest, List<CheckStatus> recent, StatusCounts counts) {

        static CheckTrend of(String id, List<CheckStatus> newestFirst) {
            return new CheckTrend(id, newestFirst.get(0), newestFirst, StatusCounts.ofStatuses(newestFirst));
        }
    }
}
