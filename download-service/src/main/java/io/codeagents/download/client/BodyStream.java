package io.codeagents.download.client;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A response body read by the calling thread straight from its connection: over plain HTTP a read moves bytes from the
 * socket into the caller's (direct) buffer with no copy in between and no other thread involved, which is what makes a
 * part cost about what {@code curl} costs per byte. Another thread can always unblock a read: {@link #abort} closes the
 * connection, and the reader gets an I/O error saying why. Bodies framed by {@code Content-Length}, by chunks, or by the
 * end of the connection. A body read to its end gives its connection back for the next request to the same server.
 */
public final class BodyStream implements AutoCloseable {

    private static final int MAX_LINE = 16 * 1024;

    private final SocketHttpClient.Connection connection;
    private final Consumer<SocketHttpClient.Connection> reuse;
    /** Bytes read from the connection past what was consumed: the rest of the head's last read, chunk headers. */
    private final ByteBuffer pending = ByteBuffer.allocate(16 * 1024).flip();
    private Framing framing = Framing.UNTIL_CLOSE;
    /** Bytes left in the body ({@link Framing#LENGTH}) or in the current chunk ({@link Framing#CHUNKED}). */
    private long left;
    private boolean inChunks;
    private boolean ended;
    private boolean keepAlive;
    /** Set once the connection went back for reuse: from then on it is no longer this body's to close. */
    private boolean released;
    private volatile String abortReason;

    private enum Framing {
        LENGTH, CHUNKED, UNTIL_CLOSE
    }

    /** Reads the response on {@code connection}; a body read to its end hands the connection to {@code reuse}. */
    BodyStream(SocketHttpClient.Connection connection, Consumer<SocketHttpClient.Connection> reuse) {
        this.connection = connection;
        this.reuse = reuse;
    }

    /**
     * After the head: the body is {@code length} bytes long, or in chunks, or (neither) runs until the connection ends;
     * {@code keepAlive} when the server keeps the connection open after it.
     */
    void frame(long length, boolean chunked, boolean keepAlive) {
        this.keepAlive = keepAlive && (chunked || length >= 0);
        if (chunked) {
            framing = Framing.CHUNKED;
        } else if (length >= 0) {
            framing = Framing.LENGTH;
            left = length;
            ended = length == 0;
        }
    }

    /** A line of the head or of the chunk framing, without its line end. */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            while (pending.hasRemaining()) {
                byte b = pending.get();
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                if (line.length() >= MAX_LINE) {
                    throw new IOException("a response line longer than " + MAX_LINE + " bytes");
                }
                line.append((char) (b & 0xff));
            }
            pending.clear();
            int n = guarded(pending);
            pending.flip();
            if (n < 0) {
                throw new EOFException("the connection closed in the middle of the response's head");
            }
        }
    }

    /**
     * Moves up to {@code into.remaining()} bytes of the body into {@code into}; returns how many, or -1 at the end of
     * the body. Blocks until at least one byte is there.
     */
    public int read(ByteBuffer into) throws IOException {
        if (framing == Framing.CHUNKED && left == 0 && !ended) {
            nextChunk();
        }
        if (ended) {
            return -1;
        }
        int limit = into.limit();
        if (framing != Framing.UNTIL_CLOSE && into.remaining() > left) {
            into.limit(into.position() + (int) left);
        }
        int n;
        try {
            if (pending.hasRemaining()) {
                n = Math.min(into.remaining(), pending.remaining());
                into.put(pending.slice().limit(n));
                pending.position(pending.position() + n);
            } else {
                n = guarded(into);
            }
        } finally {
            into.limit(limit);
        }
        if (n < 0) {
            if (framing != Framing.UNTIL_CLOSE) {
                throw new EOFException("the connection closed " + left + " bytes before the end of the "
                        + (framing == Framing.CHUNKED ? "chunk" : "body"));
            }
            ended = true;
            return -1;
        }
        if (framing != Framing.UNTIL_CLOSE) {
            left -= n;
            ended = framing == Framing.LENGTH && left == 0;
        }
        return n;
    }

    /** The whole body as UTF-8 text; a body longer than {@code max} bytes is an I/O error. */
    public String readText(int max) throws IOException {
        ByteBuffer text = ByteBuffer.allocate(max + 1);
        while (read(text) >= 0) {
            if (!text.hasRemaining()) {
                throw new IOException("a body longer than " + max + " bytes");
            }
        }
        return new String(text.array(), 0, text.position(), StandardCharsets.UTF_8);
    }

    /** Reads the next chunk's size line (after the previous chunk's line end); a last chunk of 0 ends the body. */
    private void nextChunk() throws IOException {
        if (inChunks && !readLine().isEmpty()) {
            throw new IOException("a chunk longer than its size line said");
        }
        inChunks = true;
        String line = readLine();
        int extension = line.indexOf(';');
        try {
            left = Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("an unreadable chunk size '" + line + "'");
        }
        if (left < 0) {
            throw new IOException("an unreadable chunk size '" + line + "'");
        }
        if (left == 0) {
            while (!readLine().isEmpty()) {
                // trailer fields: nothing a blob needs
            }
            ended = true;
        }
    }

    /** A read from the connection; a read ended by {@link #abort} fails with the abort's reason. */
    private int guarded(ByteBuffer into) throws IOException {
        String reason = abortReason;
        if (reason != null) {
            throw new IOException(reason);
        }
        try {
            return connection.in().read(into);
        } catch (ClosedChannelException e) {
            reason = abortReason;
            throw reason != null ? new IOException(reason, e) : e;
        }
    }

    /** Wakes the reader with {@code reason} as an I/O error and drops the connection. Callable from any thread. */
    public void abort(String reason) {
        abortReason = reason;
        synchronized (this) {
            if (!released) {
                connection.close();
            }
        }
    }

    /** A body read to its end gives its connection back; one abandoned half-way drops it. */
    @Override
    public void close() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = ended && keepAlive && abortReason == null && !pending.hasRemaining();
        }
        if (released) {
            reuse.accept(connection);
        } else {
            connection.close();
        }
    }
}
