package io.codeagents.download.service;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.codeagents.common.concurrent.DaemonThreads;
import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.model.ModelName;
import io.codeagents.download.client.RegistryClient;
import io.codeagents.download.config.StoreConfig;
import io.codeagents.download.config.TransferConfig;
import io.codeagents.download.store.ModelStore;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Runs pulls on this replica: at most one run per model across all replicas (a Redis lease per pull), a bounded number
 * at a time here, each watched by a ticker that saves its figures, publishes progress, restarts stalled parts, checks
 * the disk and notices a cancel made on any replica.
 */
@ApplicationScoped
public class PullRunner {

    private static final Logger LOG = Logger.getLogger(PullRunner.class);

    private final PullRecords records;
    private final RegistryClient registry;
    private final ModelStore store;
    private final BlobFetcher blobs;
    private final DistributedLocks locks;
    private final PullEventBus bus;
    private final DownloadMetrics metrics;
    private final TransferConfig transfer;
    private final StoreConfig storeConfig;
    private final Map<String, RunningPull> running = new ConcurrentHashMap<>();
    private final Map<RunningPull, Long> reportedSpeed = new ConcurrentHashMap<>();
    private final ExecutorService pulls;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1, DaemonThreads.named("pull-ticker"));
    private final Map<RunningPull, ScheduledFuture<?>> tickers = new ConcurrentHashMap<>();

    public PullRunner(PullRecords records, RegistryClient registry, ModelStore store, BlobFetcher blobs,
            DistributedLocks locks, PullEventBus bus, DownloadMetrics metrics, TransferConfig transfer,
            StoreConfig storeConfig) {
        this.records = records;
        this.registry = registry;
        this.store = store;
        this.blobs = blobs;
        this.locks = locks;
        this.bus = bus;
        this.metrics = metrics;
        this.transfer = transfer;
        this.storeConfig = storeConfig;
        this.pulls = Executors.newFixedThreadPool(Math.max(1, transfer.maxConcurrentPulls()), DaemonThreads.named("pull"));
    }

    static String lockKey(String name) {
        return "download:pull:" + name;
    }

    /**
     * Claims the right to run the pull: its Redis lease. Empty when a replica (this one included) already runs it.
     * Whoever holds the lease is the only one who may move the pull to {@code starting}, so a pull never runs twice.
     * Without Redis no run can be started safely: {@code SYS_002}.
     */
    public Optional<DistributedLocks.Lease> claim(ModelName name) {
        if (running.containsKey(name.fullName())) {
            return Optional.empty();
        }
        try {
            return locks.tryAcquire(lockKey(name.fullName()));
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.SYS_002, "Cannot start the pull of " + name.fullName()
                    + ": Redis, which coordinates the replicas, does not answer (" + e.getMessage() + ")", e);
        }
    }

    /** Gives back a claim that was not used. */
    public void release(DistributedLocks.Lease lease) {
        locks.release(lease);
    }

    /** Runs the pull under the claimed lease. */
    public void run(long id, ModelName name, DistributedLocks.Lease lease) {
        RunningPull run = new RunningPull(id, name, lease);
        if (running.putIfAbsent(name.fullName(), run) != null) {
            locks.release(lease);
            return;
        }
        long every = transfer.progressInterval().toMillis();
        tickers.put(run, ticker.scheduleAtFixedRate(() -> tick(run), every, every, TimeUnit.MILLISECONDS));
        pulls.submit(new PullJob(run, this));
    }

    /** Whether some replica (this one included) runs the pull now. */
    public boolean runningAnywhere(String name) {
        return running.containsKey(name) || locks.isHeld(lockKey(name));
    }

    /** Whether some replica is downloading this blob now. */
    public boolean blobLeaseHeld(String digest) {
        try {
            return locks.isHeld(BlobFetcher.lockKey(digest));
        } catch (RuntimeException e) {
            // without Redis nobody can prove the file is unused: treat it as in use
            return true;
        }
    }

    /** Stops the local run of {@code name}, if any, and waits a little for it to let go of its files. */
    public void stopLocal(String name, String reason) {
        RunningPull run = running.get(name);
        if (run != null) {
            run.abort(reason, null);
            try {
                run.finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Saves the run's figures, publishes them, restarts stalled parts, checks the disk and the pull's state. */
    void tick(RunningPull run) {
        try {
            long stallNanos = transfer.stallTimeout().toNanos();
            for (PartAttempt attempt : run.attempts) {
                if (attempt.idleNanos() > stallNanos) {
                    if (!attempt.stalled()) {
                        LOG.warnf("%s: a part received nothing for %d s; restarting it", run.name.fullName(),
                                transfer.stallTimeout().toSeconds());
                    }
                    // repeated while the attempt hangs on: a stalled read must end whatever it waits in
                    attempt.stall();
                }
            }
            if (run.downloading && !run.aborted() && store.usableBytes() < reserveBytes()) {
                run.abort("disk full", new ApiException(ErrorCode.DL_003, "Disk full: only " + store.usableBytes()
                        + " bytes are free on " + store.root() + ", below the reserve of " + reserveBytes()
                        + " bytes (download.store.reserve); partial data is kept for a resume"));
            }
            PullProgress progress = run.progress;
            if (progress == null) {
                return;
            }
            PullProgress.Snapshot snapshot = progress.snapshot();
            Long before = reportedSpeed.put(run, snapshot.speed());
            metrics.throughputChanged(snapshot.speed() - (before == null ? 0 : before));
            Optional<PullView> saved = records.saveProgress(run.id, snapshot, locks.replicaId());
            if (saved.isEmpty()) {
                run.abort("the pull is " + records.view(run.id).state().wireName() + " now", null);
                return;
            }
            bus.publish(new ProgressEvent("progress", null, saved.get()));
        } catch (RuntimeException e) {
            LOG.debugf("progress tick of %s failed: %s", run.name.fullName(), e.getMessage());
        }
    }

    void finished(RunningPull run) {
        ScheduledFuture<?> tick = tickers.remove(run);
        if (tick != null) {
            tick.cancel(false);
        }
        Long speed = reportedSpeed.remove(run);
        if (speed != null) {
            metrics.throughputChanged(-speed);
        }
        run.hashers.values().forEach(BlobHasher::stop);
        for (DistributedLocks.Lease lease : run.blobLeases) {
            locks.release(lease);
        }
        locks.release(run.pullLease);
        running.remove(run.name.fullName(), run);
        run.finished.countDown();
    }

    Optional<String> storedManifest(long id) {
        return records.manifestOf(id);
    }

    long reserveBytes() {
        return storeConfig.reserve().asLongValue();
    }

    /** This replica, as the owner a running pull's row names. */
    String replicaId() {
        return locks.replicaId();
    }

    PullRecords records() {
        return records;
    }

    RegistryClient registry() {
        return registry;
    }

    ModelStore store() {
        return store;
    }

    BlobFetcher blobs() {
        return blobs;
    }

    PullEventBus bus() {
        return bus;
    }

    DownloadMetrics metrics() {
        return metrics;
    }

    TransferConfig transfer() {
        return transfer;
    }

    /** Stops every local run before the database goes away; the pulls stay active and resume at the next start. */
    void onShutdown(@Observes ShutdownEvent event) {
        for (RunningPull run : running.values()) {
            run.abort("the service is stopping; the pull resumes at the next start", null);
        }
        for (RunningPull run : running.values()) {
            try {
                run.finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @PreDestroy
    void stop() {
        pulls.shutdownNow();
        ticker.shutdownNow();
    }

}
