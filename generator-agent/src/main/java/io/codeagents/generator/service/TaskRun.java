package io.codeagents.generator.service;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A task being worked on by this replica: its stream entry, and whether it was cancelled or taken over by another
 * replica. Cancellation cuts short a wait and interrupts an agent call in flight, but never a database write: the
 * worker's thread is interrupted only inside {@link #interruptibly}.
 */
public final class TaskRun {

    public static final String CANCELLED = "cancelled";

    private final UUID taskId;
    private final String entryId;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile String stopReason;
    private Thread callingThread;

    public TaskRun(UUID taskId, String entryId) {
        this.taskId = taskId;
        this.entryId = entryId;
    }

    public UUID taskId() {
        return taskId;
    }

    public String entryId() {
        return entryId;
    }

    /** The task was cancelled (or taken over): stop as soon as possible. */
    public void stop(String reason) {
        synchronized (this) {
            if (stopReason == null) {
                stopReason = reason;
            }
            if (callingThread != null) {
                callingThread.interrupt();
            }
        }
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopReason != null;
    }

    public String stopReason() {
        return stopReason;
    }

    /** Waits, returning early (false) when the run is stopped. */
    public boolean pause(Duration duration) {
        try {
            return !stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs an agent call that {@link #stop} may interrupt; the interrupt never leaks past it. */
    public <T> T interruptibly(Supplier<T> call) {
        synchronized (this) {
            if (stopReason != null) {
                throw new TaskStopped(stopReason);
            }
            callingThread = Thread.currentThread();
        }
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (isStopped()) {
                throw new TaskStopped(stopReason);
            }
            throw e;
        } finally {
            synchronized (this) {
                callingThread = null;
                Thread.interrupted();
            }
        }
    }

    /** Unwinds a run that was cancelled or taken over. */
    public static final class TaskStopped extends RuntimeException {
        public TaskStopped(String reason) {
            super(reason, null, false, false);
        }
    }
}
