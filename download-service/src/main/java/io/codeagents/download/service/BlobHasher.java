package io.codeagents.download.service;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLongArray;

import io.codeagents.download.domain.BlobPart;
import io.codeagents.download.store.Digests;

/**
 * Hashes a blob while it downloads: follows the contiguous prefix of bytes already written (part 0, then part 1 once
 * part 0 is complete, …) and reads it back from the page cache, so that when the last part lands only its tail is left
 * to hash instead of the whole blob. The part workers wait for it when they get more than a window ahead of it
 * ({@link #awaitRoom}): on a CPU the workers keep busy, the hasher would otherwise get a tenth of it and be left with
 * most of the blob once the last byte landed, hashing alone on one core while the other idles.
 */
final class BlobHasher implements Runnable {

    private final Path file;
    private final List<BlobPart> parts;
    private final AtomicLongArray done;
    private final long size;
    private final long window;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private volatile boolean stopped;
    /**
     * Where the window starts (guarded by this, waited on by workers): the bytes hashed so far, but never less than the
     * contiguous bytes already on disk when this hasher was made (a resumed pull). Re-hashing those is work the window
     * cannot speed up; measured from zero instead, it held back every part more than a window past the start while the
     * prefix was re-hashed, so a resumed pull ran on one connection until then.
     */
    private long windowStart;
    private boolean ended;

    /**
     * {@code parts} is the blob's full list, ordered by index. {@code window}: how far past the hashed bytes a worker may
     * write; at least the span of the parts in flight, so that workers wait only for a hasher that falls behind, never
     * for each other.
     */
    BlobHasher(Path file, List<BlobPart> parts, long size, long window) {
        this.file = file;
        this.parts = parts;
        this.size = size;
        this.window = window;
        this.done = new AtomicLongArray(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            done.set(i, parts.get(i).done);
        }
        this.windowStart = prefix();
    }

    /** Called by a worker once the bytes of part {@code idx} up to {@code bytes} are written. */
    void written(int idx, long bytes) {
        done.set(idx, bytes);
    }

    void stop() {
        stopped = true;
    }

    /**
     * Waits, at most {@code maxMillis}, until bytes up to {@code end} may be written: until they are at most the window
     * past the hashed bytes (or the bytes on disk at the start, while the hasher is still re-hashing those), or the
     * hasher has ended. Returns whether they may.
     */
    synchronized boolean awaitRoom(long end, long maxMillis) throws InterruptedException {
        if (!ended && end - windowStart > window) {
            wait(maxMillis);
        }
        return ended || end - windowStart <= window;
    }

    private synchronized void hashedUpTo(long bytes, boolean last) {
        windowStart = Math.max(windowStart, bytes);
        ended = last;
        notifyAll();
    }

    /** The blob's digest once every byte was hashed, or null when the hasher stopped or failed. */
    String digest() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            return null;
        }
    }

    @Override
    public void run() {
        MessageDigest digest = Digests.newDigest();
        ByteBuffer buffer = ByteBuffer.allocateDirect(Digests.READ_BUFFER);
        // the bytes hashed so far; hashedUpTo publishes them to the workers
        long position = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (!stopped && position < size) {
                long upTo = prefix();
                if (upTo <= position) {
                    Thread.sleep(20);
                    continue;
                }
                buffer.clear().limit((int) Math.min(Digests.READ_BUFFER, upTo - position));
                int n = channel.read(buffer, position);
                if (n <= 0) {
                    Thread.sleep(20);
                    continue;
                }
                digest.update(buffer.flip());
                position += n;
                hashedUpTo(position, false);
            }
            result.complete(position == size ? "sha256:" + HexFormat.of().formatHex(digest.digest()) : null);
        } catch (IOException e) {
            result.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.complete(null);
        } finally {
            // whatever ended it, no worker may wait for it any longer
            hashedUpTo(position, true);
        }
    }

    private long prefix() {
        long end = 0;
        for (int i = 0; i < parts.size(); i++) {
            BlobPart part = parts.get(i);
            long bytes = done.get(i);
            if (bytes < part.length) {
                return part.startOffset + bytes;
            }
            end = part.startOffset + part.length;
        }
        return end;
    }
}
