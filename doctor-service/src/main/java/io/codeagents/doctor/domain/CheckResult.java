package io.codeagents.doctor.domain;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One line of a report, as it goes on the wire. */
@JsonPropertyOrder({"id", "category", "status", "summary", "details", "fix", "fixable", "duration_ms"})
public record CheckResult(String id, String category, CheckStatus status, String summary, Map<String, Object> details,
        String fix, boolean fixable, long durationMs) {

    public static CheckResult of(String id, String category, Finding finding, long durationMs) {
        return new CheckResult(id, category, finding.status(), finding.summary(), finding.details(), finding.fix(),
                finding.fixable(), durationMs);
    }

    public boolean needsAttention() {
        return status == CheckStatus.WARNING || status == CheckStatus.CRITICAL;
    }
}
