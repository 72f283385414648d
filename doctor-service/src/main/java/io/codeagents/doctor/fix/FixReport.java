package io.codeagents.doctor.fix;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The answer of {@code POST /doctor/fix}: one outcome per check asked for and a one-line summary. */
@JsonPropertyOrder({"dry_run", "summary", "fixes", "duration_ms"})
public record FixReport(boolean dryRun, String summary, List<FixOutcome> fixes, long durationMs) {

    public static FixReport of(boolean dryRun, List<FixOutcome> fixes, long durationMs) {
        Map<String, Integer> byOutcome = new TreeMap<>();
        fixes.forEach(f -> byOutcome.merge(f.outcome(), 1, Integer::sum));
        StringBuilder summary = new StringBuilder();
        byOutcome.forEach((outcome, count) -> summary.append(summary.isEmpty() ? "" : ", ").append(count).append(' ')
                .append(outcome.replace('_', ' ')));
        return new FixReport(dryRun, summary.toString(), fixes, durationMs);
    }

    /** True when a remediation was attempted and one of its calls failed. */
    public boolean anyFailed() {
        return fixes.stream().anyMatch(f -> FixAction.FAILED.equals(f.outcome()));
    }
}
