package io.codeagents.gateway.client;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

import io.codeagents.gateway.client.BackendFailure.Kind;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * The bulkhead of one backend: at most {@code max} generations in flight, at most {@code maxQueue} waiting, the rest
 * refused at once as {@link Kind#BUSY}. Unlike a call-scoped bulkhead, a permit is held until the whole stream ends,
 * because a streaming generation occupies the backend until its last token. Waiting never blocks a thread.
 */
public final class BackendPermits {

    private final String backend;
    private final int max;
    private final int maxQueue;
    private final ArrayDeque<UniEmitter<? super Permit>> waiting = new ArrayDeque<>();
    private int inFlight;

    public BackendPermits(String backend, int max, int maxQueue) {
        this.backend = backend;
        this.max = Math.max(1, max);
        this.maxQueue = Math.max(0, maxQueue);
    }

    /** A held slot; releasing twice is harmless. */
    public final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        public void release() {
            if (released.compareAndSet(false, true)) {
                handOver();
            }
        }
    }

    public Uni<Permit> acquire() {
        return Uni.createFrom().emitter(em -> {
            boolean granted;
            synchronized (this) {
                granted = inFlight < max;
                if (granted) {
                    inFlight++;
                } else if (waiting.size() < maxQueue) {
                    waiting.add(em);
                    em.onTermination(() -> {
                        synchronized (this) {
                            waiting.remove(em);
                        }
                    });
                    return;
                }
            }
            if (granted) {
                em.complete(new Permit());
            } else {
                em.fail(new BackendFailure(Kind.BUSY, backend + " is busy: " + max + " generations running and "
                        + maxQueue + " waiting"));
            }
        });
    }

    private void handOver() {
        UniEmitter<? super Permit> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.complete(new Permit());
        }
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public synchronized int queued() {
        return waiting.size();
    }
}
