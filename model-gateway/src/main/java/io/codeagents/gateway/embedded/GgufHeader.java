package io.codeagents.gateway.embedded;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the gateway needs to know about a GGUF file before llama.cpp maps it: that it is GGUF at all and complete (every
 * tensor's data lies inside the file), the architecture and the sizes that decide the memory a context needs, and the
 * chat template the model ships. Reading it costs one pass over the header (a few MB for a large vocabulary), which
 * turns a corrupt or truncated blob into a clear message instead of an opaque native failure.
 */
public record GgufHeader(int version, String architecture, String name, long contextLength, long blockCount,
        long embeddingLength, long headCount, long headCountKv, long vocabularySize, boolean addsBos,
        String chatTemplate, long fileSize, long dataEnd) {

    private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    private static final long MAX_STRING = 64L << 20;
    private static final long MAX_COUNT = 50_000_000L;
    private static final int TYPE_STRING = 8;
    private static final int TYPE_ARRAY = 9;

    /** Why a file is not a usable GGUF model. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public boolean hasChatTemplate() {
        return chatTemplate != null && !chatTemplate.isBlank();
    }

    /** Bytes of the K and V caches for {@code contextTokens} tokens (f16 entries, llama.cpp's default). */
    public long kvCacheBytes(long contextTokens) {
        long kvWidth = headCount > 0 && headCountKv > 0 ? embeddingLength / headCount * headCountKv : embeddingLength;
        return 2L * blockCount * contextTokens * kvWidth * 2L;
    }

    /**
     * A rough size of llama.cpp's compute buffers: dominated by the logits of one batch (vocabulary × batch × 4 bytes)
     * and the activations of the batch; an estimate, not a measurement.
     */
    public long computeBytes(long contextTokens) {
        long batch = Math.min(contextTokens, 512);
        return 4L * batch * (vocabularySize + 4L * embeddingLength) + (16L << 20);
    }

    public static GgufHeader read(Path file) throws Invalid, IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Reader reader = new Reader(in);
            return parse(reader, size);
        } catch (EOFException e) {
            throw new Invalid("the file ends inside its GGUF header (" + size + " bytes): truncated or not a model");
        }
    }

    private static GgufHeader parse(Reader in, long size) throws IOException, Invalid {
        if (size < 24 || in.u32() != MAGIC) {
            throw new Invalid("not a GGUF file (no GGUF magic at the start of its " + size + " bytes)");
        }
        int version = (int) in.u32();
        if (version < 2 || version > 3) {
            throw new Invalid("GGUF version " + version + " is not supported (2 or 3 expected)");
        }
        long tensors = in.count("tensor count");
        long keys = in.count("metadata count");
        Map<String, Object> values = new HashMap<>();
        for (long i = 0; i < keys; i++) {
            String key = in.string();
            int type = (int) in.u32();
            values.put(key, in.value(type, key));
        }
        long alignment = number(values, "general.alignment", 32);
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new Invalid("invalid general.alignment " + alignment);
        }
        long dataBytes = 0;
        for (long i = 0; i < tensors; i++) {
            String tensor = in.string();
            int dims = (int) in.u32();
            if (dims < 1 || dims > 4) {
                throw new Invalid("tensor '" + tensor + "' has " + dims + " dimensions");
            }
            long elements = 1;
            for (int d = 0; d < dims; d++) {
                long dim = in.u64();
                if (dim < 0 || dim > MAX_COUNT * 100) {
                    throw new Invalid("tensor '" + tensor + "' has an impossible dimension " + dim);
                }
                elements = Math.multiplyExact(elements, Math.max(1, dim));
            }
            int type = (int) in.u32();
            long offset = in.u64();
            if (offset < 0) {
                throw new Invalid("tensor '" + tensor + "' has a negative data offset");
            }
            long bytes = GgmlType.bytes(type, elements);
            // a type this reader does not know still has its data start inside the file
            dataBytes = Math.max(dataBytes, bytes < 0 ? offset : offset + bytes);
        }
        long dataStart = (in.position() + alignment - 1) / alignment * alignment;
        long dataEnd = dataStart + dataBytes;
        if (dataEnd > size) {
            throw new Invalid("truncated: its tensor data ends at byte " + dataEnd + " but the file has " + size
                    + " bytes (an incomplete download or a damaged file)");
        }
        String architecture = text(values, "general.architecture");
        if (architecture == null || architecture.isBlank()) {
            throw new Invalid("the GGUF header names no general.architecture");
        }
        String prefix = architecture + ".";
        return new GgufHeader(version, architecture, text(values, "general.name"),
                number(values, prefix + "context_length", 0), number(values, prefix + "block_count", 0),
                number(values, prefix + "embedding_length", 0), number(values, prefix + "attention.head_count", 0),
                number(values, prefix + "attention.head_count_kv", number(values, prefix + "attention.head_count", 0)),
                number(values, "tokenizer.ggml.tokens", 0), addsBos(values), text(values, "tokenizer.chat_template"),
                size, dataEnd);
    }

    /** llama.cpp's rule: the explicit flag, else SentencePiece ({@code llama}) vocabularies start with BOS. */
    private static boolean addsBos(Map<String, Object> values) {
        return values.get("tokenizer.ggml.add_bos_token") instanceof Boolean b
                ? b
                : "llama".equals(text(values, "tokenizer.ggml.model"));
    }

    private static long number(Map<String, Object> values, String key, long fallback) {
        return values.get(key) instanceof Number n ? n.longValue() : fallback;
    }

    private static String text(Map<String, Object> values, String key) {
        return values.get(key) instanceof String s ? s : null;
    }

    /** Little-endian reads with the sanity limits a hostile or damaged file needs. */
    private static final class Reader {
        private final InputStream in;
        private final byte[] buffer = new byte[8];
        private long position;

        Reader(InputStream in) {
            this.in = in;
        }

        long position() {
            return position;
        }

        private void fill(int n) throws IOException {
            int read = in.readNBytes(buffer, 0, n);
            if (read < n) {
                throw new EOFException();
            }
            position += n;
        }

        long u32() throws IOException {
            fill(4);
            return (buffer[0] & 0xFFL) | (buffer[1] & 0xFFL) << 8 | (buffer[2] & 0xFFL) << 16 | (buffer[3] & 0xFFL) << 24;
        }

        long u64() throws IOException {
            long low = u32();
            return low | u32() << 32;
        }

        long count(String what) throws IOException, Invalid {
            long n = u64();
            if (n < 0 || n > MAX_COUNT) {
                throw new Invalid("implausible " + what + " " + n + " in the GGUF header");
            }
            return n;
        }

        String string() throws IOException, Invalid {
            long length = u64();
            if (length < 0 || length > MAX_STRING) {
                throw new Invalid("implausible string length " + length + " in the GGUF header");
            }
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length < length) {
                throw new EOFException();
            }
            position += length;
            return new String(bytes, StandardCharsets.UTF_8);
        }

        void skip(long n) throws IOException {
            in.skipNBytes(n);
            position += n;
        }

        /** A scalar value; an array is skipped and stands for its element count. */
        Object value(int type, String key) throws IOException, Invalid {
            return switch (type) {
                case 0, 1, 7 -> {
                    fill(1);
                    yield type == 7 ? (Object) (buffer[0] != 0) : (long) (type == 0 ? buffer[0] & 0xFF : buffer[0]);
                }
                case 2, 3 -> {
                    fill(2);
                    int v = (buffer[0] & 0xFF) | (buffer[1] & 0xFF) << 8;
                    yield (long) (type == 3 ? (short) v : v);
                }
                case 4 -> u32();
                case 5 -> (long) (int) u32();
                case 6 -> (double) Float.intBitsToFloat((int) u32());
                case 10, 11 -> u64();
                case 12 -> Double.longBitsToDouble(u64());
                case TYPE_STRING -> string();
                case TYPE_ARRAY -> array(key);
                default -> throw new Invalid("metadata '" + key + "' has unknown type " + type);
            };
        }

        private Long array(String key) throws IOException, Invalid {
            int elementType = (int) u32();
            long n = count("array length of '" + key + "'");
            if (elementType == TYPE_STRING) {
                for (long i = 0; i < n; i++) {
                    long length = u64();
                    if (length < 0 || length > MAX_STRING) {
                        throw new Invalid("implausible string length in array '" + key + "'");
                    }
                    skip(length);
                }
            } else if (elementType == TYPE_ARRAY) {
                for (long i = 0; i < n; i++) {
                    array(key);
                }
            } else {
                int width = switch (elementType) {
                    case 0, 1, 7 -> 1;
                    case 2, 3 -> 2;
                    case 4, 5, 6 -> 4;
                    case 10, 11, 12 -> 8;
                    default -> throw new Invalid("array '" + key + "' has unknown element type " + elementType);
                };
                skip(n * width);
            }
            return n;
        }
    }
}
