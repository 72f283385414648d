package io.codeagents.download.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.codeagents.download.domain.BlobPart;
import io.codeagents.download.store.Digests;

/**
 * The hasher follows the written prefix, holds back writes more than its window ahead of what it hashed, and lets them
 * go once it caught up or ended.
 */
class BlobHasherTest {

    private static final int PART = 1024 * 1024;
    private static final int PARTS = 4;

    @Test
    void writesPastTheWindowWaitUntilTheHashCatchesUp(@TempDir Path dir) throws Exception {
        byte[] data = blob(3);
        Path file = Files.createFile(dir.resolve("blob"));
        List<BlobPart> parts = parts();
        BlobHasher hasher = new BlobHasher(file, parts, data.length, 2L * PART);
        Thread thread = new Thread(hasher);
        thread.start();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            // part 3 first: its end is 4 parts past the 0 bytes hashed, beyond a window of 2
            assertFalse(hasher.awaitRoom(4L * PART, 100), "a write 4 MiB ahead of the hash, window 2 MiB");
            write(channel, data, hasher, 3);
            write(channel, data, hasher, 2);
            assertFalse(hasher.awaitRoom(4L * PART, 100), "still nothing hashed: part 0 is missing");
            write(channel, data, hasher, 0);
            write(channel, data, hasher, 1);
            assertTrue(awaitRoom(hasher, 4L * PART), "everything written and hashed");
        }
        assertEquals(Digests.sha256(data), hasher.digest());
        thread.join(5000);
    }

    @Test
    void aResumedBlobsWindowStartsAtTheBytesAlreadyOnDisk(@TempDir Path dir) throws Exception {
        byte[] data = blob(5);
        Path file = Files.createFile(dir.resolve("blob"));
        List<BlobPart> parts = parts();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer prefix = ByteBuffer.wrap(data, 0, 2 * PART);
            while (prefix.hasRemaining()) {
                channel.write(prefix, prefix.position());
            }
        }
        parts.get(0).done = PART;
        parts.get(1).done = PART;
        // not started: nothing is hashed yet, but parts 0 and 1 were on disk before this hasher
        BlobHasher hasher = new BlobHasher(file, parts, data.length, PART);
        assertTrue(hasher.awaitRoom(3L * PART, 10), "one part past the bytes on disk, window 1 part");
        assertFalse(hasher.awaitRoom(4L * PART, 10), "two parts past them");
        Thread thread = new Thread(hasher);
        thread.start();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            write(channel, data, hasher, 2);
            write(channel, data, hasher, 3);
        }
        assertEquals(Digests.sha256(data), hasher.digest());
        thread.join(5000);
    }

    @Test
    void aStoppedHasherHoldsNoWriteBack(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("blob"));
        BlobHasher hasher = new BlobHasher(file, parts(), (long) PARTS * PART, PART);
        Thread thread = new Thread(hasher);
        thread.start();
        assertFalse(hasher.awaitRoom(3L * PART, 100));
        hasher.stop();
        assertTrue(awaitRoom(hasher, 3L * PART), "a write after the hasher stopped");
        assertEquals(null, hasher.digest());
        thread.join(5000);
    }

    private static boolean awaitRoom(BlobHasher hasher, long end) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (hasher.awaitRoom(end, 50)) {
                return true;
            }
        }
        return false;
    }

    private static void write(FileChannel channel, byte[] data, BlobHasher hasher, int idx) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(data, idx * PART, PART);
        while (bytes.hasRemaining()) {
            channel.write(bytes, bytes.position());
        }
        hasher.written(idx, PART);
    }

    private static byte[] blob(int seed) {
        byte[] data = new byte[PARTS * PART];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    private static List<BlobPart> parts() {
        List<BlobPart> parts = new ArrayList<>();
        for (int i = 0; i < PARTS; i++) {
            BlobPart part = new BlobPart();
            part.idx = i;
            part.startOffset = (long) i * PART;
            part.length = PART;
            parts.add(part);
        }
        return parts;
    }
}
