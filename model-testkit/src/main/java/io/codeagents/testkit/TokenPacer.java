package io.codeagents.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Sends a generation with the timing and faults a {@link Behaviour} asks for, on the event loop (timers, never sleeps),
 * so one server can hold many slow or stalled streams at once.
 */
final class TokenPacer {

    private final Vertx vertx;
    private final HttpServerRequest request;
    private final Generation generation;
    private final Behaviour behaviour;

    TokenPacer(Vertx vertx, HttpServerRequest request, Generation generation, Behaviour behaviour) {
        this.vertx = vertx;
        this.request = request;
        this.generation = generation;
        this.behaviour = behaviour;
    }

    /** Streams: the response head goes out at once, then the tokens paced and faulted as configured. */
    void stream(String contentType, StreamFrames frames) {
        HttpServerResponse response = request.response();
        response.setChunked(true).putHeader("Content-Type", contentType);
        response.writeHead();
        after(behaviour.firstTokenDelayMs(), () -> emit(frames, 0));
    }

    /**
     * Answers in one piece after the time the generation would take. Faults apply as for a stream: a stall never
     * answers, an error answers {@code onError}, a drop closes the connection.
     */
    void whole(Runnable onSuccess, Runnable onError) {
        int n = generation.tokens().size();
        long duration = behaviour.firstTokenDelayMs() + behaviour.tokenDelayMs() * Math.max(0, n - 1);
        after(duration, () -> {
            if (behaviour.stallAfterTokens() >= 0) {
                return;
            }
            if (behaviour.errorAfterTokens() >= 0) {
                onError.run();
            } else if (behaviour.dropAfterTokens() >= 0) {
                request.connection().close();
            } else {
                onSuccess.run();
            }
        });
    }

    private void emit(StreamFrames frames, int from) {
        HttpServerResponse response = request.response();
        int n = generation.tokens().size();
        int i = from;
        while (true) {
            if (response.closed()) {
                return;
            }
            // a fault "after N tokens" with N past the end still happens, just before the normal end
            if (i == Math.min(behaviour.stallAfterTokens(), n)) {
                return;
            }
            if (i == Math.min(behaviour.errorAfterTokens(), n)) {
                response.end(frames.error("testkit: generation failed after " + i + " tokens"));
                return;
            }
            if (i == Math.min(behaviour.dropAfterTokens(), n)) {
                request.connection().close();
                return;
            }
            if (i >= n) {
                response.end(frames.end());
                return;
            }
            response.write(frames.token(i, generation.tokens().get(i), i == n - 1));
            i++;
            if (behaviour.tokenDelayMs() > 0) {
                int next = i;
                vertx.setTimer(behaviour.tokenDelayMs(), t -> emit(frames, next));
                return;
            }
        }
    }

    private void after(long delayMs, Runnable action) {
        if (delayMs > 0) {
            vertx.setTimer(delayMs, t -> action.run());
        } else {
            action.run();
        }
    }
}
