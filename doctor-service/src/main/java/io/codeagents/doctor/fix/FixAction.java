package io.codeagents.doctor.fix;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One call a remedy made (or, in a dry run, would make): {@code POST /pulls} for {@code qwen2.5-coder:1.5b}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FixAction(String call, String target, String outcome, String detail) {

    public static final String APPLIED = "applied";
    public static final String FAILED = "failed";
    public static final String PLANNED = "planned";

    public static FixAction planned(String call, String target) {
        return new FixAction(call, target, PLANNED, null);
    }

    public static FixAction applied(String call, String target, String detail) {
        return new FixAction(call, target, APPLIED, detail);
    }

    public static FixAction failed(String call, String target, String detail) {
        return new FixAction(call, target, FAILED, detail);
    }

    public boolean isFailed() {
        return FAILED.equals(outcome);
    }
}
