package io.codeagents.generator.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a task is in its life: queued until a replica picks it up, running, then one of three final states. */
public enum TaskStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public static Optional<TaskStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equalsIgnoreCase(value.trim())).findFirst();
    }
}
