package io.codeagents.doctor.fix;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.codeagents.doctor.domain.CheckStatus;

/**
 * What {@code POST /doctor/fix} did about one check: its status before, the outcome (applied, failed, planned,
 * not_needed, not_fixable, skipped), the calls made, and the check's status after.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"check", "status_before", "outcome", "summary", "actions", "status_after", "summary_after"})
public record FixOutcome(String check, CheckStatus statusBefore, String outcome, String summary, List<FixAction> actions,
        CheckStatus statusAfter, String summaryAfter) {

    public static final String NOT_NEEDED = "not_needed";
    public static final String NOT_FIXABLE = "not_fixable";
    public static final String SKIPPED = "skipped";
    public static final String NOTHING_TO_DO = "nothing_to_do";

    public FixOutcome after(CheckStatus status, String summary) {
        return new FixOutcome(check, statusBefore, outcome, this.summary, actions, status, summary);
    }

    public boolean acted() {
        return FixAction.APPLIED.equals(outcome) || FixAction.FAILED.equals(outcome);
    }
}
