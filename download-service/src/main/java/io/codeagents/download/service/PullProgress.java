package io.codeagents.download.service;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.codeagents.download.client.Manifest;

/**
 * The live figures of a pull running on this replica: bytes per blob (written by the part workers, read by the
 * ticker), each blob's state, and the speed as a moving average.
 */
public final class PullProgress {

    private final List<Manifest.Blob> blobs;
    private final AtomicLong[] done;
    private final String[] states;
    private long lastBytes = -1;
    private long lastNanos;
    private double speed;

    public PullProgress(List<Manifest.Blob> blobs) {
        this.blobs = blobs;
        this.done = new AtomicLong[blobs.size()];
        this.states = new String[blobs.size()];
        for (int i = 0; i < done.length; i++) {
            done[i] = new AtomicLong();
            states[i] = LayerStates.PENDING;
        }
    }

    public List<Manifest.Blob> blobs() {
        return blobs;
    }

    public void add(int blob, long bytes) {
        done[blob].addAndGet(bytes);
    }

    public void set(int blob, long bytes, String state) {
        done[blob].set(bytes);
        states[blob] = state;
    }

    public void state(int blob, String state) {
        states[blob] = state;
    }

    public long bytesDone() {
        long sum = 0;
        for (AtomicLong d : done) {
            sum += d.get();
        }
        return sum;
    }

    public long bytesTotal() {
        return blobs.stream().mapToLong(Manifest.Blob::size).sum();
    }

    /** Figures as of now; the speed is an exponential moving average of the rate between two snapshots. */
    public synchronized Snapshot snapshot() {
        long now = System.nanoTime();
        long bytes = bytesDone();
        if (lastBytes >= 0 && now > lastNanos) {
            double rate = (bytes - lastBytes) * 1e9 / (now - lastNanos);
            speed = speed == 0 ? rate : 0.3 * rate + 0.7 * speed;
        }
        lastBytes = bytes;
        lastNanos = now;
        long[] layerDone = new long[done.length];
        for (int i = 0; i < done.length; i++) {
            layerDone[i] = done[i].get();
        }
        long remaining = Math.max(0, bytesTotal() - bytes);
        Long eta = speed >= 1 ? (long) Math.ceil(remaining / speed) : null;
        return new Snapshot(bytes, (long) speed, eta, layerDone, states.clone());
    }

    /** One moment of a running pull. */
    public record Snapshot(long bytesDone, long speed, Long etaSeconds, long[] layerDone, String[] layerStates) {
    }

    /** The states a blob of a pull goes through, as {@code layers[].state} shows them. */
    public static final class LayerStates {
        public static final String PENDING = "pending";
        public static final String WAITING = "waiting";
        public static final String DOWNLOADING = "downloading";
        public static final String DOWNLOADED = "downloaded";
        public static final String VERIFYING = "verifying";
        public static final String VERIFIED = "verified";
        public static final String PRESENT = "present";

        private LayerStates() {
        }
    }
}
