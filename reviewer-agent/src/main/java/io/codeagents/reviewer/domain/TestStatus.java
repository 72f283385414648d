package io.codeagents.reviewer.domain;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the submitted tests ended: {@code error} and {@code timeout} mean the run itself could not complete (it could
 * not be collected, hit a sandbox limit or was killed), as opposed to tests that ran and {@code failed}.
 */
public enum TestStatus {
    PASSED, FAILED, ERROR, TIMEOUT, SKIPPED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
