package io.codeagents.download.service;

import java.time.Instant;

import io.codeagents.download.domain.PullEvent;

/** An entry of a model's event log as {@code GET /pulls/{model}/log} shows it. */
public record LogEntry(long id, String type, String state, String errorCode, String message, Instant createdAt) {

    static LogEntry of(PullEvent event) {
        return new LogEntry(event.id, event.type, event.state, event.errorCode, event.message, event.createdAt);
    }
}
