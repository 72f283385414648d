package io.codeagents.download.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The fake registry's sender against a response that behaves as Vert.x 4.5 over Netty does, without the timing that
 * makes it rare on a real socket. A write above the high-water mark makes the response unwritable; when the peer
 * takes the bytes during that same write's flush, the response turns writable again and Vert.x
 * ({@code Http1xServerResponse.handleWritabilityChanged}) calls the registered drain handler at once, on the same
 * thread, from inside {@code write}. A sender that leaves its drain handler registered is re-entered there and sends a
 * chunk twice: the wrong bytes the SIGKILL test found in its partial files.
 */
class FaultRegistrySenderTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void aDrainHandlerFiringInsideAWriteDoesNotSendAChunkTwice() throws Exception {
        byte[] data = new byte[4 * MIB];
        new SplittableRandom(11).nextBytes(data);
        NettyLikeResponse peer = new NettyLikeResponse();
        try (FaultRegistry registry = new FaultRegistry()) {
            registry.send(peer.response(), data);
            // the peer reads nothing yet: the first chunk fills the write queue and the sender waits for a drain
            assertNotNull(peer.awaitDrainHandler(), "the sender waits for a drain");
            // the peer reads everything from now on: the socket is writable again and takes every later write at once
            peer.startReading();
            assertEquals(true, peer.ended.await(10, TimeUnit.SECONDS), "the response ended");
        }
        byte[] sent = peer.wire.toByteArray();
        assertEquals(data.length, sent.length, "bytes on the wire");
        int mismatch = Arrays.mismatch(data, sent);
        assertEquals(-1, mismatch, () -> "first wrong byte on the wire at offset " + mismatch);
    }

    /**
     * A response whose write queue is Netty's outbound buffer (64 KiB high, 32 KiB low water mark) and whose flush is
     * done inside {@code write}; writability changes reach the drain handler as Vert.x passes them on.
     */
    private static final class NettyLikeResponse {
        private static final int HIGH = 64 * 1024;
        private static final int LOW = 32 * 1024;

        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final CountDownLatch ended = new CountDownLatch(1);
        private volatile Handler<Void> drainHandler;
        private volatile Context context;
        private long pending;
        private boolean writable = true;
        private boolean reading;
        private boolean flushing;

        @SuppressWarnings("unchecked")
        HttpServerResponse response() {
            return (HttpServerResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{HttpServerResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "write" -> {
                            write((Buffer) args[0]);
                            yield Future.succeededFuture();
                        }
                        case "writeQueueFull" -> !writable;
                        case "drainHandler" -> {
                            drainHandler = (Handler<Void>) args[0];
                            yield proxy;
                        }
                        case "closed" -> false;
                        case "end" -> {
                            ended.countDown();
                            yield Future.succeededFuture();
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private void write(Buffer chunk) {
            context = Vertx.currentContext();
            wire.writeBytes(chunk.getBytes());
            pending += chunk.length();
            if (writable && pending > HIGH) {
                writable = false; // Vert.x passes this transition on to nobody
            }
            if (flushing) {
                return; // Netty does not flush from inside a flush; the running one takes these bytes too
            }
            flushing = true;
            try {
                while (reading && pending > 0) {
                    pending = 0; // the peer took every byte flushed so far
                    if (!writable && pending < LOW) {
                        becomeWritable();
                    }
                }
            } finally {
                flushing = false;
            }
        }

        /** Below the low-water mark again: Vert.x calls the drain handler there and then. */
        private void becomeWritable() {
            writable = true;
            Handler<Void> handler = drainHandler;
            if (handler != null) {
                handler.handle(null);
            }
        }

        Handler<Void> awaitDrainHandler() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (drainHandler == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            return drainHandler;
        }

        /** On the event loop, as Netty would: the peer took the queued bytes, the response is writable again. */
        void startReading() throws InterruptedException {
            CountDownLatch done = new CountDownLatch(1);
            context.runOnContext(v -> {
                reading = true;
                pending = 0;
                becomeWritable();
                done.countDown();
            });
            done.await(10, TimeUnit.SECONDS);
        }
    }
}
