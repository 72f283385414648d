package io.codeagents.doctor.domain;

import java.util.Collection;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of one check, and of a report (the worst of its checks; skipped checks do not count). */
public enum CheckStatus {
    OK("✓", 0), WARNING("!", 1), CRITICAL("✗", 2), SKIPPED("-", -1);

    private final String symbol;
    private final int severity;

    CheckStatus(String symbol, int severity) {
        this.symbol = symbol;
        this.severity = severity;
    }

    /** The mark in text reports: ✓ ok, ! warning, ✗ critical, - skipped. */
    public String symbol() {
        return symbol;
    }

    /** -1 skipped, 0 ok, 1 warning, 2 critical (also the value of the {@code doctor_check_status} gauge). */
    public int severity() {
        return severity;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CheckStatus parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public static CheckStatus worst(Collection<CheckStatus> statuses) {
        CheckStatus worst = OK;
        for (CheckStatus status : statuses) {
            if (status.severity > worst.severity) {
                worst = status;
            }
        }
        return worst;
    }
}
