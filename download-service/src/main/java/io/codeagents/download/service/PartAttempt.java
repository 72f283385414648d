package io.codeagents.download.service;

import io.codeagents.download.client.BodyStream;

/** One request for part bytes in flight: which thread reads it and when its last byte came, for stall detection. */
final class PartAttempt {

    private final Thread thread;
    private volatile long lastByteNanos = System.nanoTime();
    private volatile boolean stalled;
    private volatile BodyStream body;

    PartAttempt(Thread thread) {
        this.thread = thread;
    }

    Thread thread() {
        return thread;
    }

    /** The body being read, from when the response headers arrived. */
    void reading(BodyStream body) {
        this.body = body;
    }

    /** Ends the attempt from another thread: the body read fails at once, or the wait for headers is interrupted. */
    void abort(String reason) {
        BodyStream current = body;
        if (current != null) {
            current.abort(reason);
        } else {
            thread.interrupt();
        }
    }

    void touch() {
        lastByteNanos = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - lastByteNanos;
    }

    /** Aborts the read: the worker sees an I/O error, notices {@link #stalled()} and asks again from where it stopped. */
    void stall() {
        stalled = true;
        abort("no byte received for too long");
    }

    boolean stalled() {
        return stalled;
    }
}
