package io.codeagents.download.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.http.RequestIds;
import io.codeagents.download.client.Manifest;
import io.codeagents.download.domain.PullState;
import io.codeagents.download.service.PullProgress.LayerStates;

/**
 * One run of a pull through the state machine: manifest, disk check, blobs, verification, manifest into the store.
 * Whatever stops it half-way leaves only partial files and persisted progress, from which the next run continues.
 */
final class PullJob implements Runnable {

    private static final Logger LOG = Logger.getLogger(PullJob.class);

    private final RunningPull run;
    private final PullRunner runner;

    PullJob(RunningPull run, PullRunner runner) {
        this.run = run;
        this.runner = runner;
    }

    @Override
    public void run() {
        RequestIds.bind(run.requestId());
        runner.metrics().pullStarted();
        String outcome = "aborted";
        try {
            advance(PullState.PULLING_MANIFEST, "fetching the manifest");
            Manifest manifest = manifest();
            checkDiskBefore(manifest);
            run.downloading = true;
            advance(PullState.DOWNLOADING, "downloading " + manifest.blobs().size() + " blobs, " + manifest.totalSize()
                    + " bytes");
            List<Integer> toVerify = fetch(allBlobs(manifest));
            int refetches = 0;
            while (true) {
                advance(PullState.VERIFYING, "verifying " + toVerify.size() + " blobs");
                List<Integer> mismatched = new ArrayList<>();
                for (int index : toVerify) {
                    run.checkAborted();
                    if (!runner.blobs().verify(run, index)) {
                        mismatched.add(index);
                    }
                }
                if (mismatched.isEmpty()) {
                    break;
                }
                if (++refetches > runner.transfer().refetchesOnMismatch()) {
                    throw new ApiException(ErrorCode.DL_002, "Digest mismatch: " + mismatched.size()
                            + " blob(s) still did not match their digest after " + (refetches - 1) + " refetch(es)");
                }
                advance(PullState.DOWNLOADING, "fetching " + mismatched.size() + " blob(s) again after a digest mismatch");
                toVerify = fetch(mismatched);
            }
            run.downloading = false;
            advance(PullState.WRITING_MANIFEST, "writing the manifest");
            runner.store().writeManifest(run.name, manifest.raw());
            advance(PullState.COMPLETED, "completed: " + manifest.totalSize() + " bytes verified");
            outcome = "completed";
            LOG.infof("pull of %s completed", run.name.fullName());
        } catch (PullAborted e) {
            ApiException failure = run.failure();
            if (failure != null) {
                outcome = "error";
                fail(failure.code(), failure.getMessage());
            } else {
                LOG.infof("pull of %s stopped: %s", run.name.fullName(), e.getMessage());
            }
        } catch (ApiException e) {
            outcome = "error";
            fail(e.code(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.infof("pull of %s interrupted (shutting down); it resumes at the next start", run.name.fullName());
        } catch (RuntimeException e) {
            if (run.aborted() && run.failure() == null) {
                LOG.infof("pull of %s stopped: %s", run.name.fullName(), e.getMessage());
                return;
            }
            outcome = "error";
            LOG.errorf(e, "pull of %s failed unexpectedly", run.name.fullName());
            fail(ErrorCode.DL_006, "Unexpected failure: " + e);
        } finally {
            runner.finished(run);
            runner.metrics().pullEnded(outcome);
            RequestIds.bind(null);
        }
    }

    private Manifest manifest() throws InterruptedException {
        Optional<String> stored = runner.storedManifest(run.id);
        Manifest manifest;
        if (stored.isPresent()) {
            manifest = Manifest.parse(stored.get());
            run.progress = new PullProgress(manifest.blobs());
            initialProgress(manifest);
            return manifest;
        }
        manifest = fetchManifest();
        run.progress = new PullProgress(manifest.blobs());
        initialProgress(manifest);
        PullProgress.Snapshot snapshot = run.progress.snapshot();
        runner.records().storeManifest(run.id, manifest, List.of(snapshot.layerStates()));
        return manifest;
    }

    private Manifest fetchManifest() throws InterruptedException {
        int failures = 0;
        while (true) {
            run.checkAborted();
            try {
                return runner.registry().fetchManifest(run.name);
            } catch (IOException e) {
                failures++;
                if (failures > runner.transfer().maxRetries()) {
                    throw new ApiException(ErrorCode.DL_004, "Registry error: the manifest of " + run.name.fullName()
                            + " could not be fetched (" + e.getMessage() + ")");
                }
                runner.metrics().retried();
                runner.records().countRetry(run.id, "manifest: " + e.getMessage());
                long delay = Math.min(runner.transfer().backoffMax().toMillis(),
                        runner.transfer().backoffInitial().toMillis() << Math.min(20, failures - 1));
                Thread.sleep(delay);
            }
        }
    }

    /** What is already there: verified blobs in the store, persisted parts of partial ones. */
    private void initialProgress(Manifest manifest) {
        List<Manifest.Blob> blobs = manifest.blobs();
        for (int i = 0; i < blobs.size(); i++) {
            Manifest.Blob blob = blobs.get(i);
            if (runner.store().hasBlob(blob)) {
                run.progress.set(i, blob.size(), LayerStates.PRESENT);
            } else {
                run.progress.set(i, runner.records().persistedBytes(blob.digest()), LayerStates.PENDING);
            }
        }
    }

    /** Refuses to start a pull that would take the volume below its reserve. */
    private void checkDiskBefore(Manifest manifest) {
        long remaining = 0;
        List<Manifest.Blob> blobs = manifest.blobs();
        PullProgress.Snapshot snapshot = run.progress.snapshot();
        for (int i = 0; i < blobs.size(); i++) {
            remaining += blobs.get(i).size() - snapshot.layerDone()[i];
        }
        long usable = runner.store().usableBytes();
        long reserve = runner.reserveBytes();
        if (usable - remaining < reserve) {
            throw new ApiException(ErrorCode.DL_003, "Disk full: " + run.name.fullName() + " needs " + remaining
                    + " more bytes, " + usable + " are free on " + runner.store().root() + " and " + reserve
                    + " must stay free (download.store.reserve)");
        }
    }

    private List<Integer> allBlobs(Manifest manifest) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < manifest.blobs().size(); i++) {
            all.add(i);
        }
        return all;
    }

    /** Fetches the given blobs; returns those that now need verification (the others were already in the store). */
    private List<Integer> fetch(List<Integer> indexes) throws InterruptedException {
        runner.blobs().fetchAll(run, indexes);
        List<Integer> fetched = new ArrayList<>();
        for (int index : indexes) {
            if (!LayerStates.PRESENT.equals(run.progress.snapshot().layerStates()[index])) {
                fetched.add(index);
            }
        }
        return fetched;
    }

    /**
     * A transition, carrying the run's figures at that moment: one transaction and one event (the periodic tick's checks
     * and its own save and event would add a few ms to every transition, i.e. to every pull).
     */
    private void advance(PullState next, String message) {
        PullProgress progress = run.progress;
        PullView view = runner.records().advance(run.id, next, message, progress == null ? null : progress.snapshot(),
                runner.replicaId());
        runner.bus().publish(new ProgressEvent("state", message, view));
    }

    private void fail(ErrorCode code, String message) {
        LOG.warnf("pull of %s failed: %s %s", run.name.fullName(), code, message);
        try {
            runner.tick(run);
            runner.records().fail(run.id, code, message)
                    .ifPresent(view -> runner.bus().publish(new ProgressEvent("error", message, view)));
        } catch (RuntimeException e) {
            LOG.errorf("could not record the failure of %s: %s", run.name.fullName(), e.getMessage());
        }
    }
}
