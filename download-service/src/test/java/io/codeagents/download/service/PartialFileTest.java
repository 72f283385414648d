package io.codeagents.download.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers writing their parts of one file at the same time, each through its own writer, in slices of a buffer. */
class PartialFileTest {

    private static final int PART = 256 * 1024;
    private static final int PARTS = 8;
    private static final int SLICE = 4096 + 17;

    @Test
    void everyWorkersBytesLandAtTheirOffsets(@TempDir Path dir) throws Exception {
        byte[] data = new byte[PART * PARTS];
        new SplittableRandom(4).nextBytes(data);
        PartialFile file = new PartialFile(Files.createFile(dir.resolve("blob")));
        ExecutorService workers = Executors.newFixedThreadPool(PARTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < PARTS; p++) {
                int part = p;
                running.add(workers.submit(() -> {
                    // the part copied into the middle of a larger buffer, written a slice at a time from there:
                    // a slice's first remaining byte is not at the buffer's position 0
                    ByteBuffer buffer = ByteBuffer.allocateDirect(PART + 100).position(100);
                    buffer.put(data, part * PART, PART).flip().position(100);
                    try (PartialFile.Writer out = file.openWriter()) {
                        for (int at = 0; at < PART; at += SLICE) {
                            int end = Math.min(PART, at + SLICE);
                            out.write(buffer.limit(100 + end).position(100 + at), (long) part * PART + at);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } finally {
            workers.shutdownNow();
        }
        assertArrayEquals(data, Files.readAllBytes(file.path()));
    }
}
