package io.codeagents.download.service;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.codeagents.common.concurrent.DaemonThreads;
import io.codeagents.common.model.ModelName;
import io.codeagents.download.config.LockConfig;
import io.codeagents.download.config.StoreConfig;
import io.codeagents.download.domain.Pull;
import io.codeagents.download.service.PullRecords.Start;
import io.codeagents.download.store.ModelStore;
import io.quarkus.runtime.StartupEvent;

/**
 * At start, finds what an earlier run left behind and decides, logging each decision: pulls stopped mid-way resume
 * from their persisted progress, progress whose partial file is gone is dropped, partial files no pull needs are
 * removed. Afterwards it keeps adopting pulls whose replica died (their lease expired) so they never stay stuck.
 */
@ApplicationScoped
public class StartupScan {

    private static final Logger LOG = Logger.getLogger(StartupScan.class);

    private final PullRecords records;
    private final PullRunner runner;
    private final PullService pulls;
    private final StoreService storeService;
    private final ModelStore store;
    private final StoreConfig storeConfig;
    private final LockConfig lockConfig;
    private final DownloadMetrics metrics;
    private final ScheduledExecutorService scheduler = Executors
            .newSingleThreadScheduledExecutor(DaemonThreads.named("pull-adopter"));

    public StartupScan(PullRecords records, PullRunner runner, PullService pulls, StoreService storeService,
            ModelStore store, StoreConfig storeConfig, LockConfig lockConfig, DownloadMetrics metrics) {
        this.records = records;
        this.runner = runner;
        this.pulls = pulls;
        this.storeService = storeService;
        this.store = store;
        this.storeConfig = storeConfig;
        this.lockConfig = lockConfig;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        // in the background: PostgreSQL or Redis being away must not stop the service from starting
        scheduler.execute(this::scanOnce);
        long every = lockConfig.adoptEvery().toMillis();
        scheduler.scheduleWithFixedDelay(this::adoptOrphanedPulls, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    void scanOnce() {
        try {
            dropProgressWithoutFiles();
            if (storeConfig.cleanOrphansAtStart()) {
                var cleaned = storeService.cleanOrphans(Instant.now().minus(storeConfig.orphanGrace()));
                if (!cleaned.removed().isEmpty()) {
                    LOG.infof("start-up scan: removed %d orphan partial file(s), %d bytes", cleaned.removed().size(),
                            cleaned.freedBytes());
                }
            }
            adoptOrphanedPulls();
        } catch (RuntimeException e) {
            LOG.warnf("start-up scan failed (it runs again with the next adoption round): %s", e.getMessage());
        }
    }

    private void dropProgressWithoutFiles() {
        for (String digest : records.digestsWithParts()) {
            if (runner.blobLeaseHeld(digest)) {
                continue;
            }
            if (Files.exists(store.blob(digest))) {
                LOG.infof("start-up scan: %s is already verified in the store; dropping its part records", digest);
                records.dropParts(digest);
            } else if (!Files.exists(store.partial(digest))) {
                LOG.warnf("start-up scan: the partial file of %s is gone; its progress is dropped and it starts over",
                        digest);
                records.dropParts(digest);
            } else {
                LOG.infof("start-up scan: %s can resume with %d bytes already on disk", digest,
                        records.persistedBytes(digest));
            }
        }
    }

    /** Resumes every pull left in an active state that no replica runs. */
    void adoptOrphanedPulls() {
        try {
            for (Pull pull : records.active()) {
                if (runner.runningAnywhere(pull.name)) {
                    continue;
                }
                ModelName name = pulls.parse(pull.name, "model");
                Optional<DistributedLocks.Lease> claim = runner.claim(name);
                if (claim.isEmpty()) {
                    continue;
                }
                Start start;
                try {
                    start = records.start(pull.name, pull.model, pull.state, false,
                            "resumed after a restart (was " + pull.state.wireName() + ")", true);
                } catch (RuntimeException e) {
                    runner.release(claim.get());
                    throw e;
                }
                if (!start.started()) {
                    runner.release(claim.get());
                    continue;
                }
                LOG.infof("resumed the pull of %s: it was %s with %d of %d bytes and no replica ran it", pull.name,
                        pull.state.wireName(), pull.bytesDone, pull.bytesTotal);
                metrics.resumed();
                runner.run(pull.id, name, claim.get());
            }
        } catch (RuntimeException e) {
            LOG.debugf("adoption round failed: %s", e.getMessage());
        }
    }
}
