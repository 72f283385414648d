package io.codeagents.doctor.check;

import io.codeagents.doctor.domain.CheckStatus;

/** Threshold comparisons shared by the checks that turn a figure into a status. */
public final class Levels {

    private Levels() {
    }

    /** Worse the higher the value (load, heap use, error rate). */
    public static CheckStatus above(double value, double warning, double critical) {
        if (value >= critical) {
            return CheckStatus.CRITICAL;
        }
        return value >= warning ? CheckStatus.WARNING : CheckStatus.OK;
    }

    /** Worse the lower the value (free disk, available memory). */
    public static CheckStatus below(double value, double warning, double critical) {
        if (value < critical) {
            return CheckStatus.CRITICAL;
        }
        return value < warning ? CheckStatus.WARNING : CheckStatus.OK;
    }
}
