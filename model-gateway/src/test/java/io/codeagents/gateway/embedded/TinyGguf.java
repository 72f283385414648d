package io.codeagents.gateway.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Writes a tiny but valid GGUF v3 model llama.cpp loads and runs: llama architecture, 2 layers, 64-wide embeddings, 4
 * heads, a SentencePiece-style vocabulary (3 special tokens, the 256 byte tokens, a few pieces) and random F32 weights
 * (about half a megabyte). Its output is random bytes, often not valid UTF-8; with temperature 0 and a seed it is
 * deterministic.
 */
public final class TinyGguf {

    /** Token ids: 0 unknown, 1 BOS, 2 EOS, 3–258 the bytes 0x00–0xFF, then {@link #PIECES}. */
    static final String[] PIECES = {"\u2581", "\u2581def", "\u2581return", "\u2581a", "\u2581b", "a", "b", "(", ")",
            ":", "+"};
    private static final int ALIGNMENT = 32;
    private static final int EMBEDDING = 64;
    private static final int HEADS = 4;
    private static final int FEED_FORWARD = 128;
    private static final int LAYERS = 2;

    private String architecture = "llama";
    private int contextLength = 4096;
    private String chatTemplate;
    private long seed = 42;

    public static TinyGguf model() {
        return new TinyGguf();
    }

    /** A name llama.cpp does not know makes a file that passes the header check but fails to load. */
    public TinyGguf architecture(String architecture) {
        this.architecture = architecture;
        return this;
    }

    public TinyGguf contextLength(int contextLength) {
        this.contextLength = contextLength;
        return this;
    }

    /** Adds {@code tokenizer.chat_template}. */
    public TinyGguf chatTemplate(String chatTemplate) {
        this.chatTemplate = chatTemplate;
        return this;
    }

    public TinyGguf seed(long seed) {
        this.seed = seed;
        return this;
    }

    public byte[] bytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(600_000);
        write(out);
        return out.toByteArray();
    }

    public void writeTo(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
    }

    private void write(OutputStream out) throws IOException {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Integer> types = new ArrayList<>(List.of(2, 3, 3));
        List<Float> scores = new ArrayList<>(List.of(0f, 0f, 0f));
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(6);
            scores.add(0f);
        }
        for (int i = 0; i < PIECES.length; i++) {
            tokens.add(PIECES[i]);
            types.add(1);
            scores.add(-(float) i);
        }
        int vocabulary = tokens.size();
        Map<String, long[]> tensors = new LinkedHashMap<>();
        tensors.put("token_embd.weight", new long[]{EMBEDDING, vocabulary});
        tensors.put("output_norm.weight", new long[]{EMBEDDING});
        tensors.put("output.weight", new long[]{EMBEDDING, vocabulary});
        for (int l = 0; l < LAYERS; l++) {
            String p = "blk." + l + ".";
            tensors.put(p + "attn_norm.weight", new long[]{EMBEDDING});
            tensors.put(p + "attn_q.weight", new long[]{EMBEDDING, EMBEDDING});
            tensors.put(p + "attn_k.weight", new long[]{EMBEDDING, EMBEDDING});
            tensors.put(p + "attn_v.weight", new long[]{EMBEDDING, EMBEDDING});
            tensors.put(p + "attn_output.weight", new long[]{EMBEDDING, EMBEDDING});
            tensors.put(p + "ffn_norm.weight", new long[]{EMBEDDING});
            tensors.put(p + "ffn_gate.weight", new long[]{EMBEDDING, FEED_FORWARD});
            tensors.put(p + "ffn_up.weight", new long[]{EMBEDDING, FEED_FORWARD});
            tensors.put(p + "ffn_down.weight", new long[]{FEED_FORWARD, EMBEDDING});
        }

        Header h = new Header();
        h.raw("GGUF".getBytes(StandardCharsets.US_ASCII));
        h.u32(3);
        h.u64(tensors.size());
        List<Runnable> kv = new ArrayList<>();
        kv.add(() -> h.kvString("general.architecture", architecture));
        kv.add(() -> h.kvString("general.name", "codeagents-tiny"));
        kv.add(() -> h.kvU32(architecture + ".context_length", contextLength));
        kv.add(() -> h.kvU32(architecture + ".embedding_length", EMBEDDING));
        kv.add(() -> h.kvU32(architecture + ".block_count", LAYERS));
        kv.add(() -> h.kvU32(architecture + ".feed_forward_length", FEED_FORWARD));
        kv.add(() -> h.kvU32(architecture + ".rope.dimension_count", EMBEDDING / HEADS));
        kv.add(() -> h.kvU32(architecture + ".attention.head_count", HEADS));
        kv.add(() -> h.kvU32(architecture + ".attention.head_count_kv", HEADS));
        kv.add(() -> {
            h.string(architecture + ".attention.layer_norm_rms_epsilon");
            h.u32(6);
            h.f32(1e-5f);
        });
        kv.add(() -> h.kvString("tokenizer.ggml.model", "llama"));
        kv.add(() -> h.kvArray("tokenizer.ggml.tokens", 8, tokens, h::string));
        kv.add(() -> h.kvArray("tokenizer.ggml.scores", 6, scores, h::f32));
        kv.add(() -> h.kvArray("tokenizer.ggml.token_type", 5, types, t -> h.u32(t)));
        kv.add(() -> h.kvU32("tokenizer.ggml.bos_token_id", 1));
        kv.add(() -> h.kvU32("tokenizer.ggml.eos_token_id", 2));
        if (chatTemplate != null) {
            kv.add(() -> h.kvString("tokenizer.chat_template", chatTemplate));
        }
        h.u64(kv.size());
        kv.forEach(Runnable::run);
        long offset = 0;
        for (Map.Entry<String, long[]> tensor : tensors.entrySet()) {
            h.string(tensor.getKey());
            h.u32(tensor.getValue().length);
            for (long dim : tensor.getValue()) {
                h.u64(dim);
            }
            h.u32(0); // F32
            h.u64(offset);
            offset += aligned(elements(tensor.getValue()) * 4);
        }
        byte[] header = h.bytes.toByteArray();
        out.write(header);
        out.write(new byte[(int) (aligned(header.length) - header.length)]);
        Random random = new Random(seed);
        for (Map.Entry<String, long[]> tensor : tensors.entrySet()) {
            long n = elements(tensor.getValue());
            ByteBuffer data = ByteBuffer.allocate((int) aligned(n * 4)).order(ByteOrder.LITTLE_ENDIAN);
            boolean norm = tensor.getKey().endsWith("norm.weight");
            for (long i = 0; i < n; i++) {
                data.putFloat(norm ? 1f : (float) (random.nextGaussian() * 0.02));
            }
            out.write(data.array());
        }
    }

    private static long elements(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    private static long aligned(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** Little-endian GGUF header fields. */
    private static final class Header {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        void raw(byte[] b) {
            bytes.writeBytes(b);
        }

        void u32(long v) {
            scratch.clear();
            bytes.write(scratch.putInt((int) v).array(), 0, 4);
        }

        void u64(long v) {
            scratch.clear();
            bytes.write(scratch.putLong(v).array(), 0, 8);
        }

        void f32(float v) {
            scratch.clear();
            bytes.write(scratch.putFloat(v).array(), 0, 4);
        }

        void string(String s) {
            byte[] data = s.getBytes(StandardCharsets.UTF_8);
            u64(data.length);
            bytes.writeBytes(data);
        }

        void kvString(String key, String value) {
            string(key);
            u32(8);
            string(value);
        }

        /** An array of {@code elementType} (8 string, 6 float32, 5 int32) written element by element. */
        <T> void kvArray(String key, int elementType, List<T> values, Consumer<T> element) {
            string(key);
            u32(9);
            u32(elementType);
            u64(values.size());
            values.forEach(element);
        }

        void kvU32(String key, long value) {
            string(key);
            u32(4);
            u32(value);
        }
    }
}
