package io.codeagents.download.service;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.model.ModelName;

/**
 * A pull being run by this replica: its leases, its part attempts in flight and the one way to stop it. Whoever stops
 * it (a cancel, a reset, a full disk, a lost lease, a part that failed for good) calls {@link #abort}; every thread of
 * the run notices at its next {@link #checkAborted()} or is interrupted out of a blocking read.
 */
final class RunningPull {

    final long id;
    final ModelName name;
    final DistributedLocks.Lease pullLease;
    final List<DistributedLocks.Lease> blobLeases = new CopyOnWriteArrayList<>();
    final Set<PartAttempt> attempts = ConcurrentHashMap.newKeySet();
    /** Digest → the hasher following that blob's download. */
    final java.util.Map<String, BlobHasher> hashers = new ConcurrentHashMap<>();
    final CountDownLatch finished = new CountDownLatch(1);
    volatile PullProgress progress;
    volatile boolean downloading;
    private volatile String abortReason;
    private volatile ApiException failure;

    RunningPull(long id, ModelName name, DistributedLocks.Lease pullLease) {
        this.id = id;
        this.name = name;
        this.pullLease = pullLease;
    }

    /** The request id every log line of this run carries, on the pull's thread and on its workers. */
    String requestId() {
        return "pull:" + name.fullName();
    }

    /** Stops the run; {@code failure}, when given, is what the pull's error will say. The first reason wins. */
    synchronized void abort(String reason, ApiException failure) {
        if (abortReason == null) {
            abortReason = reason;
            this.failure = failure;
        }
        for (PartAttempt attempt : attempts) {
            attempt.abort(reason);
        }
    }

    void checkAborted() {
        if (abortReason == null && (pullLease.lost() || blobLeases.stream().anyMatch(DistributedLocks.Lease::lost))) {
            abort("this replica lost its lease to another one", null);
        }
        if (abortReason != null) {
            throw new PullAborted(abortReason);
        }
    }

    boolean aborted() {
        return abortReason != null;
    }

    ApiException failure() {
        return failure;
    }
}
