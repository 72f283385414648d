package io.codeagents.download.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests in the registry's notation, {@code sha256:<hex>}. */
public final class Digests {

    /**
     * Reads for hashing go through a direct buffer of this size: a heap buffer costs another copy per read, and 1 MiB
     * stays in the CPU's cache where 4 MiB did not (1 GiB from the page cache: 4 MiB heap ~830 ms, 1 MiB direct ~720
     * ms, SHA-256 alone ~670 ms).
     */
    public static final int READ_BUFFER = 1024 * 1024;

    private Digests() {
    }

    public static String sha256(byte[] data) {
        MessageDigest digest = newDigest();
        digest.update(data);
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    /** Hashes a file in large sequential reads (the verification of a whole blob). */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
