package io.codeagents.gateway.client;

/**
 * Why a backend could not serve a request, in the terms routing decides on: whether to retry the same backend,
 * whether the next target may serve instead, and whether the circuit breaker counts it.
 */
public class BackendFailure extends RuntimeException {

    public enum Kind {
        /** Connection refused, reset or DNS failure. */
        UNREACHABLE(true, true, true),
        /** 429 / 503 from the backend. */
        OVERLOADED(true, true, true),
        /** Other 5xx, or a generation error. */
        SERVER_ERROR(true, true, true),
        /** No first token, a silence between tokens or the whole generation took too long. */
        TIMEOUT(false, true, true),
        /** The answer was not the backend's protocol. */
        INVALID_RESPONSE(false, true, true),
        /** The backend does not have this model. */
        MODEL_NOT_FOUND(false, true, false),
        /** Out of memory, or the prompt is too long for the model's context. */
        CONTEXT_TOO_LONG(false, false, false),
        /** The backend refused the request as invalid: another backend would too. */
        REJECTED(false, false, false),
        /** Wrong API key or similar: a configuration problem, not an outage. */
        MISCONFIGURED(false, true, false),
        /** The circuit breaker is open. */
        BREAKER_OPEN(false, true, false),
        /** Every slot and queue place at this backend is taken. */
        BUSY(false, true, false);

        private final boolean retryable;
        private final boolean nextTargetMayServe;
        private final boolean countsForBreaker;

        Kind(boolean retryable, boolean nextTargetMayServe, boolean countsForBreaker) {
            this.retryable = retryable;
            this.nextTargetMayServe = nextTargetMayServe;
            this.countsForBreaker = countsForBreaker;
        }

        public boolean retryable() {
            return retryable;
        }

        public boolean nextTargetMayServe() {
            return nextTargetMayServe;
        }

        public boolean countsForBreaker() {
            return countsForBreaker;
        }
    }

    private final Kind kind;

    public BackendFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Maps any failure to a kind: ours as they are, I/O errors as unreachable, anything else as a server error. */
    public static BackendFailure of(Throwable failure) {
        if (failure instanceof BackendFailure known) {
            return known;
        }
        if (failure instanceof java.net.ConnectException || failure instanceof java.nio.channels.ClosedChannelException
                || failure instanceof java.net.UnknownHostException
                || failure instanceof io.vertx.core.http.HttpClosedException
                || failure instanceof io.netty.channel.ConnectTimeoutException
                || failure instanceof java.io.IOException) {
            return new BackendFailure(Kind.UNREACHABLE, describe(failure));
        }
        if (failure instanceof io.vertx.core.http.StreamResetException) {
            return new BackendFailure(Kind.UNREACHABLE, "connection reset");
        }
        return new BackendFailure(Kind.SERVER_ERROR, describe(failure));
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
