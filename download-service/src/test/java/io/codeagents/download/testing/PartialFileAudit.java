package io.codeagents.download.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares a partial blob file, as a stopped service left it, with the bytes the registry serves: every 4 KiB page that
 * holds data must hold the registry's data (a page of zeros is a hole nobody wrote yet), and every byte a part's
 * persisted checkpoint claims must be on disk. Pseudo-random test data has no page of zeros, so a hole is never data.
 */
public final class PartialFileAudit {

    private static final int PAGE = 4096;
    private static final long SHIFT_SEARCH = 8L * 1024 * 1024;

    private PartialFileAudit() {
    }

    /**
     * A range of bytes found wrong, and why; {@code where} places it in its part (offset in the part, against the part's
     * persisted progress) and says whose bytes it holds when they are the registry's bytes from elsewhere.
     */
    public record Finding(long from, long to, String what, String where) {
        @Override
        public String toString() {
            return what + " in [" + from + ", " + to + ") (" + (to - from) + " bytes" + (where.isEmpty() ? "" : ", " + where)
                    + ")";
        }
    }

    /** A part as persisted: its range and the bytes it says are done. */
    public record PersistedPart(int idx, long start, long length, long done) {
    }

    /** The problems found in {@code file} against {@code expected}, adjacent pages merged; empty when it is sound. */
    public static List<Finding> audit(Path file, byte[] expected, List<PersistedPart> parts) throws IOException {
        List<Finding> findings = new ArrayList<>();
        if (!Files.exists(file)) {
            return findings;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer page = ByteBuffer.allocate(PAGE);
            for (long offset = 0; offset < size; offset += PAGE) {
                page.clear();
                while (page.hasRemaining() && channel.read(page, offset + page.position()) > 0) {
                    // until the page is full or the file ends
                }
                int n = page.position();
                boolean zero = true;
                boolean same = offset + n <= expected.length;
                for (int i = 0; i < n; i++) {
                    byte b = page.get(i);
                    zero &= b == 0;
                    if (same && b != expected[(int) (offset + i)]) {
                        same = false;
                    }
                }
                String problem = null;
                if (zero) {
                    if (claimed(parts, offset, n)) {
                        problem = "a hole below a persisted checkpoint";
                    }
                } else if (!same) {
                    problem = "data that is not the registry's";
                }
                if (problem != null) {
                    Finding last = findings.isEmpty() ? null : findings.get(findings.size() - 1);
                    if (last != null && last.to() == offset && last.what().equals(problem)) {
                        findings.set(findings.size() - 1, new Finding(last.from(), offset + n, problem, last.where()));
                    } else {
                        String where = where(parts, offset);
                        if (!zero) {
                            where += shift(page, n, offset, expected);
                        }
                        findings.add(new Finding(offset, offset + n, problem, where));
                    }
                }
            }
        }
        return findings;
    }

    /** Which part holds {@code offset}, and where the offset lies against that part's persisted progress. */
    private static String where(List<PersistedPart> parts, long offset) {
        for (PersistedPart part : parts) {
            if (offset >= part.start() && offset < part.start() + part.length()) {
                long inPart = offset - part.start();
                return "part " + part.idx() + " at +" + inPart + ", persisted done " + part.done() + " ("
                        + (inPart < part.done() ? "below" : "above") + " it by " + Math.abs(inPart - part.done()) + ")";
            }
        }
        return "in no persisted part";
    }

    /**
     * Whether the page holds the registry's bytes from another offset (within {@link #SHIFT_SEARCH}): a chunk sent
     * twice or skipped shifts everything after it. Pseudo-random data makes a 64-byte match unambiguous.
     */
    private static String shift(ByteBuffer page, int n, long offset, byte[] expected) {
        int first = 0;
        while (first < n && page.get(first) == expected[(int) (offset + first)]) {
            first++;
        }
        int probe = Math.min(64, n);
        int at = Math.min(first, n - probe);
        byte[] head = new byte[probe];
        page.get(at, head);
        long wrong = offset + at;
        long from = Math.max(0, wrong - SHIFT_SEARCH);
        long to = Math.min(expected.length - probe, wrong + SHIFT_SEARCH);
        for (long candidate = from; candidate <= to; candidate++) {
            if (candidate != wrong
                    && Arrays.equals(head, 0, probe, expected, (int) candidate, (int) candidate + probe)) {
                long by = wrong - candidate;
                return "; from byte " + wrong + " on it holds the registry's bytes from " + Math.abs(by) + " bytes "
                        + (by > 0 ? "earlier" : "later");
            }
        }
        return "; from byte " + wrong + " on it is not the registry's bytes from anywhere within " + SHIFT_SEARCH
                + " bytes";
    }

    private static boolean claimed(List<PersistedPart> parts, long offset, int n) {
        for (PersistedPart part : parts) {
            if (offset >= part.start() && offset + n <= part.start() + part.done()) {
                return true;
            }
        }
        return false;
    }

    /** The persisted parts of {@code digest} in {@code schema}, read with the datasource the tests use. */
    public static List<PersistedPart> persistedParts(String schema, String digest) throws SQLException {
        String url = System.getenv().getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:5432/codeagents");
        String user = System.getenv().getOrDefault("QUARKUS_DATASOURCE_USERNAME", "postgres");
        String password = System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "");
        List<PersistedPart> parts = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, user, password);
                PreparedStatement query = connection.prepareStatement("select idx, start_offset, length, done from "
                        + schema + ".blob_parts where digest = ? order by idx")) {
            query.setString(1, digest);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    parts.add(new PersistedPart(rows.getInt(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)));
                }
            }
        }
        return parts;
    }
}
