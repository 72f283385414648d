package io.codeagents.reviewer.domain;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The reviewer's decision on a submission (the rules are in the module README). */
public enum Verdict {
    APPROVED, CHANGES_REQUESTED, REJECTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
