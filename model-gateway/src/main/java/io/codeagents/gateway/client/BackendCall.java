package io.codeagents.gateway.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.codeagents.gateway.client.BackendFailure.Kind;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;

/**
 * One streaming exchange with a backend over a pooled keep-alive connection, entirely on the event loop: sends the
 * request, enforces the first-token, idle and total timeouts with timers, decodes lines into chunks, and buffers them
 * until the caller subscribes. State changes are synchronized because a retry may start the call on another thread
 * than the one that consumes it.
 */
final class BackendCall implements TokenStream {

    /** Deadlines of one call. */
    record Timeouts(Duration firstToken, Duration idle, Duration total) {
    }

    private final Vertx vertx;
    private final String backend;
    private final FrameDecoder decoder;
    private final Timeouts timeouts;
    private final ArrayDeque<Chunk> buffered = new ArrayDeque<>(8);
    private final List<Runnable> onTermination = new ArrayList<>(2);

    private UniEmitter<? super TokenStream> opened;
    private MultiEmitter<? super Chunk> emitter;
    private HttpClientRequest request;
    private boolean started;
    private boolean completed;
    private boolean terminated;
    private BackendFailure failure;
    private long firstTokenTimer = -1;
    private long idleTimer = -1;
    private long lastChunkNanos;
    private long totalTimer = -1;

    private BackendCall(Vertx vertx, String backend, FrameDecoder decoder, Timeouts timeouts) {
        this.vertx = vertx;
        this.backend = backend;
        this.decoder = decoder;
        this.timeouts = timeouts;
    }

    static Uni<TokenStream> start(Vertx vertx, HttpClient client, String backend, RequestOptions options, Buffer body,
            FrameDecoder decoder, Timeouts timeouts) {
        return Uni.createFrom().emitter(em -> {
            BackendCall call = new BackendCall(vertx, backend, decoder, timeouts);
            call.send(em, client, options, body);
        });
    }

    private synchronized void send(UniEmitter<? super TokenStream> em, HttpClient client, RequestOptions options,
            Buffer body) {
        this.opened = em;
        em.onTermination(() -> {
            // the caller gave up before the first token (e.g. its own timeout): do not leave the exchange running
            if (!started) {
                abort();
            }
        });
        firstTokenTimer = vertx.setTimer(timeouts.firstToken().toMillis(), t -> fail(new BackendFailure(Kind.TIMEOUT,
                backend + " sent no token within " + timeouts.firstToken().toMillis() + " ms")));
        totalTimer = vertx.setTimer(timeouts.total().toMillis(), t -> fail(new BackendFailure(Kind.TIMEOUT,
                backend + " did not finish within " + timeouts.total().toSeconds() + " s")));
        client.request(options).onSuccess(req -> {
            synchronized (this) {
                request = req;
                if (terminated) {
                    req.reset();
                    return;
                }
            }
            req.send(body).onSuccess(this::onResponse).onFailure(this::fail);
        }).onFailure(this::fail);
    }

    private void onResponse(HttpClientResponse response) {
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            response.body().onComplete(
                    ar -> fail(errorFor(status, ar.succeeded() ? ar.result().toString(StandardCharsets.UTF_8) : "")));
            return;
        }
        String contentType = response.getHeader("Content-Type");
        if (!decoder.accepts(contentType == null ? "" : contentType)) {
            response.body().onComplete(ar -> fail(new BackendFailure(Kind.INVALID_RESPONSE,
                    backend + " answered " + contentType + " instead of its protocol: "
                            + HttpErrors.excerpt(ar.succeeded() ? ar.result().toString() : ""))));
            return;
        }
        RecordParser lines = RecordParser.newDelimited("\n", this::onLine);
        response.handler(lines);
        response.exceptionHandler(this::fail);
        response.endHandler(v -> onEnd());
    }

    /** Protocol-specific mapping of an error status and body; set by the backend that created the decoder. */
    private BackendFailure errorFor(int status, String body) {
        return decoder instanceof ErrorBodies bodies
                ? bodies.failure(status, body)
                : HttpErrors.byStatus(backend, status, HttpErrors.excerpt(body));
    }

    private void onLine(Buffer line) {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            decoder.decode(text, this::emit);
        } catch (BackendFailure e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new BackendFailure(Kind.INVALID_RESPONSE,
                    backend + " sent a line that is not its protocol: " + HttpErrors.excerpt(text)));
        }
    }

    private synchronized void emit(Chunk chunk) {
        if (terminated) {
            return;
        }
        if (!started) {
            started = true;
            vertx.cancelTimer(firstTokenTimer);
            buffered.add(chunk);
            opened.complete(this);
        } else if (emitter != null) {
            emitter.emit(chunk);
        } else {
            buffered.add(chunk);
        }
        if (chunk.isLast()) {
            return;
        }
        // one idle timer per call, not one per chunk: a chunk only notes the time, the timer re-arms itself for the
        // rest of the window when it finds the stream was active meanwhile
        lastChunkNanos = System.nanoTime();
        if (idleTimer < 0) {
            armIdleTimer(timeouts.idle().toMillis());
        }
    }

    private void armIdleTimer(long delayMillis) {
        idleTimer = vertx.setTimer(Math.max(1, delayMillis), t -> onIdleTimer());
    }

    private void onIdleTimer() {
        long idleMillis = timeouts.idle().toMillis();
        synchronized (this) {
            if (terminated) {
                return;
            }
            long silentMillis = (System.nanoTime() - lastChunkNanos) / 1_000_000;
            if (silentMillis < idleMillis) {
                armIdleTimer(idleMillis - silentMillis);
                return;
            }
        }
        fail(new BackendFailure(Kind.TIMEOUT, backend + " went silent for " + idleMillis + " ms mid-stream"));
    }

    private void onEnd() {
        if (!decoder.finished()) {
            fail(new BackendFailure(Kind.UNREACHABLE, backend + " closed the stream before its end"));
            return;
        }
        List<Runnable> actions;
        synchronized (this) {
            if (terminated) {
                return;
            }
            terminated = true;
            completed = true;
            cancelTimers();
            if (!started) {
                started = true;
                opened.complete(this);
            }
            if (emitter != null) {
                emitter.complete();
            }
            actions = drainActions();
        }
        actions.forEach(Runnable::run);
    }

    private void fail(Throwable cause) {
        terminate(BackendFailure.of(cause));
    }

    /** The consumer went away: stop the backend's work and free the connection. */
    private void abort() {
        terminate(null);
    }

    /** Ends the exchange early: reports {@code error} to whoever waits (nobody for an abort) and resets the request. */
    private void terminate(BackendFailure error) {
        List<Runnable> actions;
        synchronized (this) {
            if (terminated) {
                return;
            }
            terminated = true;
            failure = error;
            cancelTimers();
            resetRequest();
            if (error != null && !started) {
                opened.fail(error);
            } else if (error != null && emitter != null) {
                emitter.fail(error);
            }
            actions = drainActions();
        }
        actions.forEach(Runnable::run);
    }

    private void resetRequest() {
        if (request != null) {
            request.reset();
        }
    }

    private void cancelTimers() {
        vertx.cancelTimer(firstTokenTimer);
        vertx.cancelTimer(totalTimer);
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
    }

    private List<Runnable> drainActions() {
        List<Runnable> actions = new ArrayList<>(onTermination);
        onTermination.clear();
        return actions;
    }

    @Override
    public Multi<Chunk> chunks() {
        return Multi.createFrom().<Chunk>emitter(em -> {
            synchronized (this) {
                while (!buffered.isEmpty()) {
                    em.emit(buffered.poll());
                }
                if (completed) {
                    em.complete();
                    return;
                }
                if (failure != null) {
                    em.fail(failure);
                    return;
                }
                emitter = em;
            }
            em.onTermination(this::abort);
        }, BackPressureStrategy.BUFFER);
    }

    @Override
    public void onTermination(Runnable action) {
        boolean runNow;
        synchronized (this) {
            runNow = terminated;
            if (!runNow) {
                onTermination.add(action);
            }
        }
        if (runNow) {
            action.run();
        }
    }

    /** A decoder that also knows its protocol's error bodies. */
    interface ErrorBodies {
        BackendFailure failure(int status, String body);
    }
}
