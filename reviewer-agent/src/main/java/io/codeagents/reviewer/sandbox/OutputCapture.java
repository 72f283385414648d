package io.codeagents.reviewer.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a sandboxed program's output, keeping the head and the tail (pytest's summary is at the end) within a fixed
 * size, and signals when the program writes more than it may at all. Reading never stops early: a program blocked on
 * a full pipe would otherwise hang until the wall-clock limit.
 */
final class OutputCapture implements Runnable {

    private final InputStream in;
    private final int keepHead;
    private final byte[] tail;
    private final long limit;
    private final Runnable onLimit;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private long total;
    private int tailEnd;
    private boolean tailWrapped;
    private volatile boolean exceeded;

    OutputCapture(InputStream in, int keep, long limit, Runnable onLimit) {
        this.in = in;
        this.keepHead = keep / 4;
        this.tail = new byte[Math.max(1, keep - keepHead)];
        this.limit = limit;
        this.onLimit = onLimit;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                append(buffer, n);
                if (total > limit && !exceeded) {
                    exceeded = true;
                    onLimit.run();
                }
            }
        } catch (IOException e) {
            // the stream closes when the process is killed: what was read is the output
        }
    }

    private synchronized void append(byte[] buffer, int n) {
        int offset = 0;
        if (head.size() < keepHead) {
            int toHead = Math.min(n, keepHead - head.size());
            head.write(buffer, 0, toHead);
            offset = toHead;
        }
        for (int i = offset; i < n; i++) {
            tail[tailEnd] = buffer[i];
            tailEnd = (tailEnd + 1) % tail.length;
            if (tailEnd == 0) {
                tailWrapped = true;
            }
        }
        total += n;
    }

    boolean exceeded() {
        return exceeded;
    }

    synchronized long total() {
        return total;
    }

    synchronized String text() {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        kept.writeBytes(head.toByteArray());
        long tailBytes = tailWrapped ? tail.length : tailEnd;
        long omitted = total - head.size() - tailBytes;
        if (omitted > 0) {
            kept.writeBytes(("\n… [" + omitted + " bytes omitted] …\n").getBytes(StandardCharsets.UTF_8));
        }
        if (tailWrapped) {
            kept.write(tail, tailEnd, tail.length - tailEnd);
        }
        kept.write(tail, 0, tailEnd);
        return kept.toString(StandardCharsets.UTF_8);
    }
}
