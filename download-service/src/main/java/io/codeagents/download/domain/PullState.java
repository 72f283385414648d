package io.codeagents.download.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The pull state machine: {@code idle → starting → pulling_manifest → downloading → verifying → writing_manifest →
 * completed}, with {@code error}, {@code cancelled} and {@code reset} reachable from every active state, and a blob that
 * fails verification sending the pull back from {@code verifying} to {@code downloading}.
 */
public enum PullState {
    IDLE, STARTING, PULLING_MANIFEST, DOWNLOADING, VERIFYING, WRITING_MANIFEST, COMPLETED, ERROR, RESET, CANCELLED;

    /** States in which some replica is (or should be) working on the pull. */
    public static final Set<PullState> ACTIVE = EnumSet.of(STARTING, PULLING_MANIFEST, DOWNLOADING, VERIFYING,
            WRITING_MANIFEST);

    public boolean active() {
        return ACTIVE.contains(this);
    }

    /** Whether the machine may go from this state to {@code next}. */
    public boolean allows(PullState next) {
        return switch (next) {
            // a new run: fresh, resumed after an error or cancel, or adopted after a replica died mid-pull
            case STARTING -> true;
            case PULLING_MANIFEST -> this == STARTING;
            case DOWNLOADING -> this == PULLING_MANIFEST || this == VERIFYING;
            case VERIFYING -> this == DOWNLOADING;
            case WRITING_MANIFEST -> this == VERIFYING;
            case COMPLETED -> this == WRITING_MANIFEST;
            case ERROR, CANCELLED -> active();
            case RESET -> this != COMPLETED;
            case IDLE -> false;
        };
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
