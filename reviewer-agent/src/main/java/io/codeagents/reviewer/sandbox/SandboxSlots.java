package io.codeagents.reviewer.sandbox;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.reviewer.config.SandboxConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The bulkhead in front of the sandboxes: a fixed number run at once, a bounded number of reviews wait for one, the
 * rest are answered 503 {@code SBX_001} with a Retry-After estimated from recent run times. Each slot has a number,
 * which gives each concurrent sandbox its own user when the service runs as root.
 */
@ApplicationScoped
public class SandboxSlots {

    private final int capacity;
    private final int queueSize;
    private final long timeoutMs;
    private final BlockingQueue<Integer> free;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong averageHoldMs = new AtomicLong(500);
    private final Counter rejected;

    public SandboxSlots(SandboxConfig config, MeterRegistry registry) {
        this.capacity = Math.max(1, config.maxConcurrent().orElse(Runtime.getRuntime().availableProcessors()));
        this.queueSize = Math.max(0, config.queueSize());
        this.timeoutMs = config.queueTimeout().toMillis();
        this.free = new ArrayBlockingQueue<>(capacity);
        for (int i = 0; i < capacity; i++) {
            free.add(i);
        }
        registry.gauge("reviewer_sandbox_active", free, q -> capacity - q.size());
        registry.gauge("reviewer_sandbox_waiting", waiting);
        registry.gauge("reviewer_sandbox_capacity", free, q -> capacity);
        this.rejected = Counter.builder("reviewer_sandbox_rejected")
                .description("Reviews refused because every sandbox was busy")
                .register(registry);
    }

    /** A sandbox slot, waiting for one when all are busy; {@code onWait} is told when the review has to queue. */
    public Slot acquire(Runnable onWait) {
        Integer slot = free.poll();
        if (slot != null) {
            return new Slot(slot);
        }
        if (waiting.incrementAndGet() > queueSize) {
            waiting.decrementAndGet();
            throw busy();
        }
        try {
            onWait.run();
            slot = free.poll(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
        if (slot == null) {
            throw busy();
        }
        return new Slot(slot);
    }

    private ApiException busy() {
        rejected.increment();
        long retryAfter = Math.max(1, (averageHoldMs.get() * (waiting.get() + 1) / capacity + 999) / 1000);
        return new ApiException(ErrorCode.SBX_001, "All " + capacity + " sandboxes are busy and " + waiting.get()
                + " reviews are waiting; retry in " + retryAfter + " s").retryAfter(retryAfter);
    }

    public int capacity() {
        return capacity;
    }

    public int active() {
        return capacity - free.size();
    }

    public int waiting() {
        return waiting.get();
    }

    public long rejectedTotal() {
        return (long) rejected.count();
    }

    /** A held sandbox slot; closing it hands it to the next review. */
    public final class Slot implements AutoCloseable {
        private final int number;
        private final long since = System.nanoTime();
        private boolean closed;

        private Slot(int number) {
            this.number = number;
        }

        public int number() {
            return number;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                long heldMs = (System.nanoTime() - since) / 1_000_000;
                averageHoldMs.updateAndGet(avg -> (avg * 7 + heldMs) / 8);
                free.add(number);
            }
        }
    }
}
