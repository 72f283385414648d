package io.codeagents.download.service;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.concurrent.DaemonThreads;
import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.http.RequestIds;
import io.codeagents.download.client.BodyStream;
import io.codeagents.download.client.Manifest;
import io.codeagents.download.client.RegistryClient;
import io.codeagents.download.config.TransferConfig;
import io.codeagents.download.domain.BlobPart;
import io.codeagents.download.service.PullProgress.LayerStates;
import io.codeagents.download.store.Digests;
import io.codeagents.download.store.ModelStore;

/**
 * Fetches one blob into its partial file: split into parts fetched in parallel with {@code Range} requests, each part
 * written where it belongs with positional writes and checkpointed to PostgreSQL every few MiB, each failure retried
 * from the last byte written, a registry that ignores {@code Range} handled by one sequential stream. Then verifies the
 * blob's SHA-256 and only on a match gives it its final name.
 */
@ApplicationScoped
public class BlobFetcher {

    private static final Logger LOG = Logger.getLogger(BlobFetcher.class);
    private static final int BUFFER = 1024 * 1024;

    private final RegistryClient registry;
    private final ModelStore store;
    private final PullRecords records;
    private final DistributedLocks locks;
    private final DownloadMetrics metrics;
    private final TransferConfig transfer;
    private final ExecutorService workers = Executors.newCachedThreadPool(DaemonThreads.named("part-worker"));
    /** Apart from the part workers so that a thread dump, or the CPU time per thread, tells hashing from fetching. */
    private final ExecutorService hashers = Executors.newCachedThreadPool(DaemonThreads.named("blob-hasher"));

    public BlobFetcher(RegistryClient registry, ModelStore store, PullRecords records, DistributedLocks locks,
            DownloadMetrics metrics, TransferConfig transfer) {
        this.registry = registry;
        this.store = store;
        this.records = records;
        this.locks = locks;
        this.metrics = metrics;
        this.transfer = transfer;
    }

    static String lockKey(String digest) {
        return "download:blob:" + digest;
    }

    /**
     * Brings blob {@code index} of the run to a complete partial file, holding its lease (kept until verified), or
     * notices that it is already in the store. Another replica downloading the same blob is waited for.
     */
    void fetch(RunningPull run, int index) throws InterruptedException {
        PullProgress progress = run.progress;
        Manifest.Blob blob = progress.blobs().get(index);
        Optional<DistributedLocks.Lease> held = run.blobLeases.stream()
                .filter(l -> l.key().equals(lockKey(blob.digest()))).findFirst();
        Optional<DistributedLocks.Lease> lease = held.isPresent() ? held : leaseOrPresent(run, index);
        if (lease.isEmpty()) {
            progress.set(index, blob.size(), LayerStates.PRESENT);
            return;
        }
        if (held.isEmpty()) {
            run.blobLeases.add(lease.get());
        }
        PartialFile file = new PartialFile(store.openPartial(blob.digest()));
        long fileSize;
        try {
            fileSize = Files.size(file.path());
        } catch (IOException e) {
            throw new ApiException(ErrorCode.DL_006, "Model store error: cannot read " + file.path() + ": " + e.getMessage(),
                    e);
        }
        List<BlobPart> parts = records.parts(blob.digest(), blob.size(), transfer.partSize().asLongValue(), fileSize);
        progress.set(index, parts.stream().mapToLong(p -> p.done).sum(), LayerStates.DOWNLOADING);
        long span = Math.max(1, transfer.parallelParts()) * transfer.partSize().asLongValue();
        BlobHasher hasher = new BlobHasher(file.path(), parts, blob.size(), Math.max(span, 8L * BUFFER));
        BlobHasher previous = run.hashers.put(blob.digest(), hasher);
        if (previous != null) {
            previous.stop();
        }
        hashers.submit(hasher);
        List<BlobPart> missing = parts.stream().filter(p -> p.done < p.length).toList();
        if (missing.size() > 1 && !fetchInParallel(run, index, file, missing)) {
            LOG.infof("%s: the registry ignores Range for %s; fetching it in one stream", run.name.fullName(),
                    blob.digest());
            records.event(run.id, "range_ignored", "the registry answered 200 to a Range request for " + blob.digest()
                    + "; fetching the blob in one stream", null);
            fetchRange(run, index, file, parts, true, null);
        } else if (missing.size() == 1) {
            fetchRange(run, index, file, missing, parts.size() == 1, null);
        }
        progress.state(index, LayerStates.DOWNLOADED);
    }

    private Optional<DistributedLocks.Lease> leaseOrPresent(RunningPull run, int index) throws InterruptedException {
        Manifest.Blob blob = run.progress.blobs().get(index);
        boolean announced = false;
        while (true) {
            run.checkAborted();
            if (store.hasBlob(blob)) {
                return Optional.empty();
            }
            Optional<DistributedLocks.Lease> lease = locks.tryAcquire(lockKey(blob.digest()));
            if (lease.isPresent()) {
                if (store.hasBlob(blob)) {
                    // finished by the replica that held the lease just before we got it
                    locks.release(lease.get());
                    return Optional.empty();
                }
                return lease;
            }
            if (!announced) {
                announced = true;
                run.progress.state(index, LayerStates.WAITING);
                records.event(run.id, "waiting", "another replica is downloading " + blob.digest() + "; waiting for it",
                        null);
            }
            Thread.sleep(500);
        }
    }

    /**
     * Fetches blobs {@code indexes} of the run: the large ones one after the other (each on many connections already),
     * the small ones (one part: config, template, params, license) beside them, as Ollama does, so that their round
     * trips to the registry and its CDN do not add up after the weights. The first failure is thrown once all ended.
     */
    void fetchAll(RunningPull run, List<Integer> indexes) throws InterruptedException {
        long partSize = transfer.partSize().asLongValue();
        List<Future<?>> beside = new ArrayList<>();
        List<Integer> large = new ArrayList<>();
        boolean failed = true;
        try {
            for (int index : indexes) {
                if (run.progress.blobs().get(index).size() > partSize) {
                    large.add(index);
                } else {
                    beside.add(onWorker(run, () -> fetch(run, index)));
                }
            }
            for (int index : large) {
                run.checkAborted();
                fetch(run, index);
            }
            failed = false;
        } finally {
            // whatever happened, none may still write once the run lets go of its leases
            RuntimeException failure = awaitAll(beside);
            if (failure != null && !failed) {
                throw failure;
            }
        }
    }

    /** A task of the run on a worker thread, its log lines carrying the run's request id. */
    private Future<?> onWorker(RunningPull run, RunTask task) {
        return workers.submit(() -> {
            RequestIds.bind(run.requestId());
            task.run();
            return null;
        });
    }

    /** What a worker does for a run: may wait, and be interrupted out of it. */
    @FunctionalInterface
    private interface RunTask {
        void run() throws InterruptedException;
    }

    /** Waits for every task; returns the failure to report (one other than an abort, if any), or null. */
    private static RuntimeException awaitAll(List<Future<?>> tasks) throws InterruptedException {
        RuntimeException failure = null;
        for (Future<?> task : tasks) {
            try {
                task.get();
            } catch (ExecutionException e) {
                if (failure == null || failure instanceof PullAborted) {
                    failure = e.getCause() instanceof RuntimeException r
                            ? r
                            : new ApiException(ErrorCode.SYS_001, "download task failed: " + e.getCause(), e.getCause());
                }
            }
        }
        return failure;
    }

    /** Parts in parallel; false when the registry turned out to ignore {@code Range} (nothing is lost: go sequential). */
    private boolean fetchInParallel(RunningPull run, int index, PartialFile file, List<BlobPart> missing)
            throws InterruptedException {
        ConcurrentLinkedQueue<BlobPart> queue = new ConcurrentLinkedQueue<>(missing);
        RangeSupport range = new RangeSupport();
        List<Future<?>> running = new ArrayList<>();
        int count = Math.min(Math.max(1, transfer.parallelParts()), missing.size());
        for (int i = 0; i < count; i++) {
            running.add(onWorker(run, () -> {
                BlobPart part;
                while (!range.ignored && (part = queue.poll()) != null) {
                    fetchRange(run, index, file, List.of(part), false, range);
                }
            }));
        }
        RuntimeException failure = awaitAll(running);
        if (failure != null && !(failure instanceof RangeIgnored)) {
            throw failure;
        }
        return !range.ignored;
    }

    /**
     * Fetches the missing bytes of consecutive {@code parts} in one stream, retrying from the last byte written. With
     * {@code acceptWhole} a 200 (the whole blob) is fine: bytes already on disk are read past; without it a 200 means
     * the registry ignores {@code Range}, which {@code range} tells the sibling workers.
     */
    private void fetchRange(RunningPull run, int index, PartialFile file, List<BlobPart> parts, boolean acceptWhole,
            RangeSupport range) throws InterruptedException {
        Manifest.Blob blob = run.progress.blobs().get(index);
        long[] persisted = parts.stream().mapToLong(p -> p.done).toArray();
        int failuresInARow = 0;
        while (true) {
            run.checkAborted();
            long from = firstMissing(parts);
            if (from < 0) {
                return;
            }
            long to = parts.get(parts.size() - 1).startOffset + parts.get(parts.size() - 1).length - 1;
            long before = doneOf(parts);
            PartAttempt attempt = new PartAttempt(Thread.currentThread());
            run.attempts.add(attempt);
            try (PartialFile.Writer out = file.openWriter();
                    RegistryClient.BlobBody body = registry.openBlob(run.name, blob.digest(), from, to)) {
                attempt.reading(body.stream());
                attempt.touch();
                if (body.startsAt() != from && !acceptWhole) {
                    range.ignored = true;
                    run.attempts.stream().filter(a -> a != attempt).forEach(a -> a.abort("the registry ignores Range"));
                    throw new RangeIgnored();
                }
                copy(body.stream(), body.startsAt(), parts, persisted, out, attempt, run, index);
                return;
            } catch (IOException | InterruptedException e) {
                // an interrupt means: stalled, aborted, or a sibling met a 200 (anything else is just a failed attempt)
                Thread.interrupted();
                run.checkAborted();
                if (range != null && range.ignored) {
                    return;
                }
                failuresInARow = doneOf(parts) > before ? 1 : failuresInARow + 1;
                String what = describe(parts, blob) + (attempt.stalled()
                        ? ": no byte for " + transfer.stallTimeout().toSeconds() + " s, asking again"
                        : ": " + reason(e));
                if (failuresInARow > transfer.maxRetries()) {
                    throw new ApiException(ErrorCode.DL_004, "Registry error: " + what + " (" + transfer.maxRetries()
                            + " retries without progress)");
                }
                metrics.retried();
                if (attempt.stalled()) {
                    metrics.stalled();
                }
                records.countRetry(run.id, what);
                LOG.infof("%s: retry %d of %s", run.name.fullName(), failuresInARow, what);
                if (!attempt.stalled()) {
                    sleepBackoff(run, failuresInARow);
                }
            } finally {
                run.attempts.remove(attempt);
                checkpoint(parts, persisted, true);
            }
        }
    }

    /** Streams the body into the file: bytes before a part's missing range are read past, the rest written in place. */
    private void copy(BodyStream in, long startsAt, List<BlobPart> parts, long[] persisted, PartialFile.Writer out,
            PartAttempt attempt, RunningPull run, int index) throws IOException, InterruptedException {
        // direct, so that the write goes from this buffer to the page cache without another copy
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        long checkpointEvery = transfer.checkpoint().asLongValue();
        long position = startsAt;
        BlobHasher hasher = run.hashers.get(run.progress.blobs().get(index).digest());
        for (int i = 0; i < parts.size(); i++) {
            BlobPart part = parts.get(i);
            long end = part.startOffset + part.length;
            while (part.done < part.length) {
                long wanted = part.startOffset + part.done;
                boolean skipping = position < wanted;
                buffer.clear().limit((int) Math.min(BUFFER, (skipping ? wanted : end) - position));
                IOException failure = fill(in, buffer, attempt);
                buffer.flip();
                int n = buffer.remaining();
                if (n == 0 && failure == null) {
                    throw new EOFException("the connection ended at byte " + position + " of " + end);
                }
                metrics.received(n);
                if (!skipping && n > 0) {
                    // waiting for the hasher is not a stalled connection, and must still notice an abort
                    while (hasher != null && !hasher.awaitRoom(position + n, 50)) {
                        attempt.touch();
                        run.checkAborted();
                    }
                    out.write(buffer, position);
                    part.done += n;
                    run.progress.add(index, n);
                    if (hasher != null) {
                        hasher.written(part.idx, part.done);
                    }
                    if (part.done - persisted[i] >= checkpointEvery || part.done == part.length) {
                        records.checkpoint(part.id, part.done);
                        persisted[i] = part.done;
                    }
                }
                position += n;
                if (failure != null) {
                    throw failure;
                }
                run.checkAborted();
            }
        }
    }

    /**
     * Reads until the buffer is full or the body ends. A connection that breaks mid-buffer still hands over what it
     * delivered (the failure is returned, not thrown), so a drop never costs bytes already received.
     */
    private static IOException fill(BodyStream in, ByteBuffer buffer, PartAttempt attempt) {
        try {
            while (buffer.hasRemaining()) {
                if (in.read(buffer) < 0) {
                    break;
                }
                attempt.touch();
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private void checkpoint(List<BlobPart> parts, long[] persisted, boolean quietly) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).done != persisted[i]) {
                try {
                    records.checkpoint(parts.get(i).id, parts.get(i).done);
                    persisted[i] = parts.get(i).done;
                } catch (RuntimeException e) {
                    if (!quietly) {
                        throw e;
                    }
                    LOG.warnf("could not save the progress of part %d of %s: %s", parts.get(i).idx, parts.get(i).digest,
                            e.getMessage());
                }
            }
        }
    }

    /**
     * Hashes the complete partial file. On a match the blob gets its final name; otherwise its data is thrown away so
     * the next fetch starts clean. Returns whether it matched.
     */
    boolean verify(RunningPull run, int index) {
        PullProgress progress = run.progress;
        Manifest.Blob blob = progress.blobs().get(index);
        progress.state(index, LayerStates.VERIFYING);
        Path file = store.partial(blob.digest());
        String actual;
        try {
            long size = Files.size(file);
            BlobHasher hasher = run.hashers.remove(blob.digest());
            // the hasher followed the download; it only has the tail left to read (null: read the whole file)
            String followed = hasher == null ? null : hasher.digest();
            actual = size != blob.size()
                    ? "a file of " + size + " bytes"
                    : followed != null ? followed : Digests.sha256(file);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullAborted("interrupted while verifying");
        } catch (IOException e) {
            throw new ApiException(ErrorCode.DL_006, "Model store error: cannot read " + file + ": " + e.getMessage(), e);
        }
        if (actual.equals(blob.digest())) {
            store.promote(blob.digest());
            records.dropParts(blob.digest());
            progress.set(index, blob.size(), LayerStates.VERIFIED);
            return true;
        }
        metrics.verificationFailed();
        String message = "blob " + blob.digest() + " failed verification (got " + actual
                + "); discarding it and fetching it again";
        LOG.warnf("%s: %s", run.name.fullName(), message);
        records.countVerificationFailure(run.id, message);
        store.deletePartial(blob.digest());
        records.dropParts(blob.digest());
        progress.set(index, 0, LayerStates.PENDING);
        return false;
    }

    private void sleepBackoff(RunningPull run, int failures) throws InterruptedException {
        long initial = transfer.backoffInitial().toMillis();
        long delay = Math.min(transfer.backoffMax().toMillis(), initial << Math.min(20, failures - 1));
        long until = System.currentTimeMillis() + delay;
        while (System.currentTimeMillis() < until) {
            run.checkAborted();
            Thread.sleep(Math.min(200, Math.max(1, until - System.currentTimeMillis())));
        }
    }

    private static long firstMissing(List<BlobPart> parts) {
        for (BlobPart part : parts) {
            if (part.done < part.length) {
                return part.startOffset + part.done;
            }
        }
        return -1;
    }

    private static long doneOf(List<BlobPart> parts) {
        return parts.stream().mapToLong(p -> p.done).sum();
    }

    private static String describe(List<BlobPart> parts, Manifest.Blob blob) {
        return parts.size() == 1 ? "part " + parts.get(0).idx + " of " + blob.digest() : blob.digest();
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
        hashers.shutdownNow();
    }

    /** Shared by the workers of one blob: set once a registry answered a Range request with the whole blob. */
    static final class RangeSupport {
        volatile boolean ignored;
    }

    /** Thrown by the worker that met the 200; its siblings stop, and the blob is fetched in one stream. */
    static final class RangeIgnored extends RuntimeException {
        RangeIgnored() {
            super("the registry ignores Range", null, false, false);
        }
    }
}
