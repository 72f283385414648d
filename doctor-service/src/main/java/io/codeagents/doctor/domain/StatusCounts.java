package io.codeagents.doctor.domain;

import java.util.Collection;

/** How many checks ended in each status. */
public record StatusCounts(int ok, int warning, int critical, int skipped) {

    public static StatusCounts of(Collection<CheckResult> checks) {
        return ofStatuses(checks.stream().map(CheckResult::status).toList());
    }

    public static StatusCounts ofStatuses(Collection<CheckStatus> statuses) {
        int ok = 0, warning = 0, critical = 0, skipped = 0;
        for (CheckStatus status : statuses) {
            switch (status) {
                case OK -> ok++;
                case WARNING -> warning++;
                case CRITICAL -> critical++;
                case SKIPPED -> skipped++;
            }
        }
        return new StatusCounts(ok, warning, critical, skipped);
    }

    /** "14 ok, 2 warning, 1 critical, 3 skipped", leaving out what is zero except ok. */
    public String describe() {
        StringBuilder text = new StringBuilder().append(ok).append(" ok");
        if (warning > 0) {
            text.append(", ").append(warning).append(warning == 1 ? " warning" : " warnings");
        }
        if (critical > 0) {
            text.append(", ").append(critical).append(" critical");
        }
        if (skipped > 0) {
            text.append(", ").append(skipped).append(" skipped");
        }
        return text.toString();
    }
}
