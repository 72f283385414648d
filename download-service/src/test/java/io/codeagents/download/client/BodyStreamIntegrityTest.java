package io.codeagents.download.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.codeagents.download.testing.FaultRegistry;
import io.codeagents.download.testing.FaultRegistry.Faults;
import io.codeagents.download.testing.TestModel;

/**
 * Every byte of a blob fetched as parallel ranges lands at its own offset: the rate-capped fake registry under back
 * pressure (a reader slower than the cap), and {@link BodyStream} feeding positional {@link FileChannel} writes from
 * several threads at once, as the part workers do, each range read by its own thread from its own connection
 * ({@link SocketHttpClient}). Each comparison is byte for byte against the blob.
 */
class BodyStreamIntegrityTest {

    private static final int MIB = 1024 * 1024;
    private static final int RANGES = 4;
    private static final int RANGE = 16 * MIB;
    /** A throttled reader reads this much at full speed, then sleeps: bursts, as a busy disk or a loaded CPU make. */
    private static final int BURST = 2 * MIB;

    private static TestModel model;
    private static FaultRegistry registry;
    private static SocketHttpClient http;

    @BeforeAll
    static void serve() {
        model = TestModel.of("library", "integrity", "latest", (long) RANGES * RANGE, 7);
        registry = new FaultRegistry();
        registry.add(model, Faults.none().withRate(24L * MIB));
        // the receive buffer the service sets (download.transfer.receive-buffer): room for bursts of a whole chunk
        http = new SocketHttpClient(Duration.ofSeconds(10), Duration.ofSeconds(30), 2 * MIB, "integrity-test", null);
    }

    @AfterAll
    static void stop() {
        http.close();
        registry.close();
    }

    @Test
    void rangesReadSlowerThanTheRateCapArriveIntact(@TempDir Path dir) throws Exception {
        // ~12 MiB/s per reader against a 24 MiB/s cap: the server's write queue fills and drains all along
        long served = registry.bytesServed(model.modelDigest());
        Path file = fetchInParallel(dir, Reader.throttled(12L * MIB));
        assertSameBytes(model.weights(), Files.readAllBytes(file));
        assertEquals(model.weights().length, registry.bytesServed(model.modelDigest()) - served, "bytes served");
    }

    @Test
    void rangesReadAsFastAsTheyComeArriveIntact(@TempDir Path dir) throws Exception {
        // A reader that empties its socket at once lets the rate-capped sender switch between waiting on its timer and
        // waiting for a drain: the switch the fake registry once got wrong (a drain handler left registered re-entered
        // a later write and sent a chunk twice; FaultRegistrySenderTest shows it without depending on timing)
        for (int round = 0; round < 3; round++) {
            long served = registry.bytesServed(model.modelDigest());
            Path file = fetchInParallel(Files.createDirectory(dir.resolve("round-" + round)), Reader.FLAT_OUT);
            assertSameBytes(model.weights(), Files.readAllBytes(file));
            assertEquals(model.weights().length, registry.bytesServed(model.modelDigest()) - served, "bytes served");
        }
    }

    /** How a range is read: flat out ({@code rate} 0) or at {@code rate} in bursts of {@link #BURST}. */
    private record Reader(long rate) {
        static final Reader FLAT_OUT = new Reader(0);

        static Reader throttled(long rate) {
            return new Reader(rate);
        }

        /** Called each time a reader crossed a {@link #BURST} boundary, {@code done} bytes after {@code startNanos}. */
        void pace(long done, long startNanos) throws InterruptedException {
            if (rate > 0) {
                long aheadMillis = (startNanos + done * 1_000_000_000L / rate - System.nanoTime()) / 1_000_000;
                if (aheadMillis > 0) {
                    Thread.sleep(aheadMillis);
                }
            }
        }
    }

    /** Reads the blob as {@link #RANGES} ranges at once, each written in place as it arrives. */
    private static Path fetchInParallel(Path dir, Reader reader) throws Exception {
        Path file = Files.createFile(dir.resolve("blob-partial"));
        ExecutorService pool = Executors.newFixedThreadPool(RANGES);
        try {
            List<Future<Long>> ranges = new ArrayList<>();
            for (int i = 0; i < RANGES; i++) {
                long first = (long) i * RANGE;
                ranges.add(pool.submit(() -> copyRange(file, first, first + RANGE - 1, reader)));
            }
            for (Future<Long> range : ranges) {
                assertEquals(RANGE, range.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return file;
    }

    private static long copyRange(Path file, long first, long last, Reader reader) throws Exception {
        URI uri = URI.create(registry.url() + "/v2/" + model.repository() + "/blobs/" + model.modelDigest());
        SocketHttpClient.Response response = http.get(uri, Map.of("Range", "bytes=" + first + "-" + last));
        assertEquals(206, response.status());
        ByteBuffer buffer = ByteBuffer.allocateDirect(MIB);
        SplittableRandom random = new SplittableRandom(first);
        long position = first;
        long start = System.nanoTime();
        try (BodyStream body = response.body(); FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            while (true) {
                // odd buffer sizes, so reads straddle the bytes read with the head and the socket's reads at every point
                buffer.clear().limit(1 + random.nextInt(MIB));
                int n = body.read(buffer);
                if (n < 0) {
                    break;
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer, position + buffer.position());
                }
                position += n;
                if ((position - first) / BURST != (position - n - first) / BURST) {
                    reader.pace(position - first, start);
                }
            }
        }
        return position - first;
    }

    private static void assertSameBytes(byte[] expected, byte[] actual) throws IOException {
        assertEquals(expected.length, actual.length, "size");
        int mismatch = java.util.Arrays.mismatch(expected, actual);
        assertEquals(-1, mismatch, () -> "first wrong byte at offset " + mismatch);
    }
}
