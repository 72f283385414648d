package io.codeagents.download.service;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A blob's partial file, which the workers of its parts write, each at its own offsets, one write at a time. The kernel
 * lets only one write into a file at a time anyway (the inode's lock), but a writer waiting for that lock spins on its
 * CPU while the holder copies its buffer (optimistic spinning): with 8 parts on a 2-vCPU machine `perf` put 62 % of the
 * workers' CPU time in {@code rwsem_spin_on_owner}, CPU that the hasher following the download needed. Waiting here,
 * a worker sleeps instead.
 */
final class PartialFile {

    private final Path path;
    private final ReentrantLock writes = new ReentrantLock();

    PartialFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** Opens the file for positional writes (one channel per worker; {@link #write} is what they share). */
    FileChannel openForWriting() throws IOException {
        return FileChannel.open(path, StandardOpenOption.WRITE);
    }

    /**
     * Writes the remaining bytes of {@code buffer} at {@code position} of the file (its first remaining byte there),
     * through {@code channel} (open on this file).
     */
    void write(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long delta = position - buffer.position();
        writes.lock();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer, delta + buffer.position());
            }
        } finally {
            writes.unlock();
        }
    }
}
