package io.codeagents.gateway.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufHeaderTest {

    @TempDir
    Path dir;

    @Test
    void readsWhatTheMemoryEstimateAndTheTemplateChoiceNeed() throws Exception {
        Path file = dir.resolve("tiny.gguf");
        TinyGguf.model().contextLength(2048).chatTemplate("{{ messages }}").writeTo(file);
        GgufHeader header = GgufHeader.read(file);
        assertEquals(3, header.version());
        assertEquals("llama", header.architecture());
        assertEquals(2048, header.contextLength());
        assertEquals(2, header.blockCount());
        assertEquals(64, header.embeddingLength());
        assertEquals(3 + 256 + TinyGguf.PIECES.length, header.vocabularySize());
        assertTrue(header.addsBos(), "SentencePiece vocabularies start with BOS");
        assertEquals("{{ messages }}", header.chatTemplate());
        assertEquals(Files.size(file), header.dataEnd(), "the last tensor ends where the file does");
        // K and V, 2 layers, 64 wide, f16: 2 * 2 * 64 * 2 bytes per token
        assertEquals(512L * 1000, header.kvCacheBytes(1000));
    }

    @Test
    void aFileWithoutTemplateSaysSo() throws Exception {
        Path file = dir.resolve("plain.gguf");
        TinyGguf.model().writeTo(file);
        assertFalse(GgufHeader.read(file).hasChatTemplate());
    }

    @Test
    void notGgufIsRejectedWithTheReason() throws IOException {
        Path file = dir.resolve("text.gguf");
        Files.writeString(file, "this is a text file, not a model", StandardCharsets.UTF_8);
        GgufHeader.Invalid e = assertThrows(GgufHeader.Invalid.class, () -> GgufHeader.read(file));
        assertTrue(e.getMessage().contains("not a GGUF file"), e.getMessage());
    }

    @Test
    void truncatedDataIsRejected() throws IOException {
        byte[] whole = TinyGguf.model().bytes();
        Path file = dir.resolve("half.gguf");
        Files.write(file, Arrays.copyOf(whole, whole.length - 1000));
        GgufHeader.Invalid e = assertThrows(GgufHeader.Invalid.class, () -> GgufHeader.read(file));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains((whole.length - 1000) + " bytes"),
                e.getMessage());
    }

    @Test
    void aHeaderCutShortIsRejected() throws IOException {
        Path file = dir.resolve("cut.gguf");
        Files.write(file, Arrays.copyOf(TinyGguf.model().bytes(), 300));
        GgufHeader.Invalid e = assertThrows(GgufHeader.Invalid.class, () -> GgufHeader.read(file));
        assertTrue(e.getMessage().contains("ends inside its GGUF header"), e.getMessage());
    }

    @Test
    void implausibleCountsAreRejectedBeforeAnyAllocation() throws IOException {
        byte[] bytes = TinyGguf.model().bytes();
        // metadata count (bytes 16..23) set to 2^62
        bytes[23] = 0x40;
        Path file = dir.resolve("hostile.gguf");
        Files.write(file, bytes);
        GgufHeader.Invalid e = assertThrows(GgufHeader.Invalid.class, () -> GgufHeader.read(file));
        assertTrue(e.getMessage().contains("implausible metadata count"), e.getMessage());
    }
}
