package io.codeagents.generator.service;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One step of a task as SSE clients see it: {@code id} orders the events of a task (and is the SSE id, so a client can
 * resume with {@code Last-Event-ID}), {@code type} says what happened, {@code data} the details.
 */
public record TaskEvent(long id, UUID taskId, String type, Instant at, Map<String, Object> data) {

    public static final String QUEUED = "queued";
    public static final String STARTED = "started";
    public static final String GENERATING = "generating";
    public static final String GENERATED = "generated";
    public static final String REVIEWING = "reviewing";
    public static final String REVIEWED = "reviewed";
    public static final String WAITING = "waiting";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /** After one of these nothing more happens to the task. */
    public static final Set<String> FINAL_TYPES = Set.of(SUCCEEDED, FAILED, CANCELLED);

    /** After this event nothing more happens to the task. */
    @JsonIgnore
    public boolean isFinal() {
        return FINAL_TYPES.contains(type);
    }
}
