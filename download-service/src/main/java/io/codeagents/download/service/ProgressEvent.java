package io.codeagents.download.service;

/**
 * What SSE clients of {@code GET /pulls/{model}/events} receive and what replicas exchange over Redis: the kind of
 * event ({@code snapshot}, {@code progress}, {@code state}, {@code retry}, {@code error}, …), a sentence for people, and
 * the whole pull as it stands.
 */
public record ProgressEvent(String event, String message, PullView pull) {

    public boolean terminal() {
        return pull != null && !pull.state().active();
    }
}
