package io.codeagents.download.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A response body read by a blocking worker that another thread can always unblock: {@link #abort} wakes a read that
 * waits for bytes (a stalled connection) and cancels the exchange, which the JDK's own input stream does not
 * guarantee. At most two chunks are buffered: the registry is read only as fast as the disk takes it.
 */
public final class BodyStream implements HttpResponse.BodySubscriber<BodyStream>, AutoCloseable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long length;
    private long received;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> chunks;
    private ByteBuffer current;
    private boolean ended;

    private record Failure(IOException error) {
    }

    /** A body of {@code length} bytes (-1 when the response did not say). */
    public BodyStream(long length) {
        this.length = length;
    }

    @Override
    public CompletionStage<BodyStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(new Failure(throwable instanceof IOException io ? io : new IOException(throwable)));
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    /**
     * Moves up to {@code into.remaining()} bytes into {@code into}; returns how many, or -1 at the end of the body.
     * Blocks until at least one byte is there.
     */
    public int read(ByteBuffer into) throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (chunks != null && chunks.hasNext()) {
                current = chunks.next();
                continue;
            }
            if (ended) {
                return -1;
            }
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for bytes");
            }
            if (item == END) {
                ended = true;
                return -1;
            }
            if (item instanceof Failure failure) {
                queue.add(failure);
                throw failure.error();
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) item;
            chunks = list.iterator();
            subscription.request(1);
        }
        int n = Math.min(into.remaining(), current.remaining());
        ByteBuffer slice = current.slice();
        slice.limit(n);
        into.put(slice);
        current.position(current.position() + n);
        received += n;
        return n;
    }

    /** Wakes the reader with {@code reason} as an I/O error and drops the connection. Callable from any thread. */
    public void abort(String reason) {
        queue.add(new Failure(new IOException(reason)));
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /**
     * A body read to its last byte is left to finish normally, so its connection goes back to the pool cleanly; only a
     * body abandoned half-way is cancelled (which drops its connection).
     */
    @Override
    public void close() {
        if (ended) {
            return;
        }
        Flow.Subscription s = subscription;
        if (length >= 0 && received >= length && s != null) {
            s.request(Long.MAX_VALUE);
        } else {
            abort("closed");
        }
    }
}
