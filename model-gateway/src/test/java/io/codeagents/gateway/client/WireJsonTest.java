package io.codeagents.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * The hand-written JSON of the request path against a real JSON parser: whatever the text holds (quotes, control
 * characters, non-ASCII), what the gateway writes parses back to the same values, and Ollama's lines read the same as
 * through a JSON tree.
 */
class WireJsonTest {

    private static final String AWKWARD = "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 é 漢 😀 "
            + "\u2028 </script>";

    @Test
    void stringsRoundTripThroughAJsonParser() {
        for (String value : List.of("", "plain", AWKWARD, "\u001f\u0020\u007f")) {
            StringBuilder out = new StringBuilder("{");
            JsonText.name(out, "v", true);
            JsonText.string(out, value).append('}');
            assertEquals(value, new JsonObject(out.toString()).getString("v"), out.toString());
        }
        assertEquals("null", JsonText.string(new StringBuilder(), null).toString());
    }

    @Test
    void ollamaChatBodyCarriesMessagesAndOnlyTheOptionsSet() {
        InferenceRequest chat = new InferenceRequest("m:1", List.of(new ChatMessage("system", AWKWARD),
                new ChatMessage("user", "write add")), null, 0.5, null, 12, List.of("\n\n", "END"), 42L, null);
        JsonObject body = new JsonObject(OllamaBackend.body(chat));
        assertEquals("m:1", body.getString("model"));
        assertTrue(body.getBoolean("stream"));
        assertEquals(AWKWARD, body.getJsonArray("messages").getJsonObject(0).getString("content"));
        assertEquals("user", body.getJsonArray("messages").getJsonObject(1).getString("role"));
        JsonObject options = body.getJsonObject("options");
        assertEquals(0.5, options.getDouble("temperature"));
        assertEquals(12, options.getInteger("num_predict"));
        assertEquals(42L, options.getLong("seed"));
        assertEquals(List.of("\n\n", "END"), options.getJsonArray("stop").getList());
        assertFalse(options.containsKey("top_p"));
        assertFalse(options.containsKey("num_ctx"));

        JsonObject prompt = new JsonObject(OllamaBackend.body(new InferenceRequest("m", null, "def add", null, null,
                null, null, null, null)));
        assertEquals("def add", prompt.getString("prompt"));
        assertFalse(prompt.containsKey("options"), "no options object when none is set");
        assertFalse(prompt.containsKey("messages"));
    }

    @Test
    void ollamaLinesDecodeTextDoneAndUsage() {
        List<Chunk> chunks = decode(true, "{\"model\":\"m\",\"created_at\":\"x\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"def \\\"add\\\"\",\"images\":null},\"done\":false}",
                "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                        + "\"done_reason\":\"length\",\"total_duration\":123,\"prompt_eval_count\":7,"
                        + "\"eval_count\":3,\"context\":[1,2,3]}");
        assertEquals(List.of(Chunk.text("def \"add\""), Chunk.last("length", new Usage(7, 3))), chunks);
        assertEquals(List.of(Chunk.text("x = 1"), Chunk.last("stop", new Usage(0, 0))),
                decode(false, "{\"response\":\"x = 1\",\"done\":false}", "{\"response\":\"\",\"done\":true}"));
    }

    @Test
    void ollamaErrorAndMalformedLinesFail() {
        BackendFailure error = assertThrows(BackendFailure.class,
                () -> decode(true, "{\"error\":\"llama runner process has terminated\"}"));
        assertEquals(BackendFailure.Kind.SERVER_ERROR, error.kind(), error.getMessage());
        BackendFailure tooLong = assertThrows(BackendFailure.class, () -> decode(true,
                "{\"error\":\"the input length exceeds the context length\"}"));
        assertEquals(BackendFailure.Kind.CONTEXT_TOO_LONG, tooLong.kind(), tooLong.getMessage());
        assertThrows(BackendFailure.class, () -> decode(true, "{\"message\":{\"content\":\"a\"}}"),
                "a line without 'done'");
        assertThrows(RuntimeException.class, () -> decode(true, "[1,2]"));
        assertThrows(RuntimeException.class, () -> decode(true, "{\"done\":\"yes\"}"));
        assertThrows(RuntimeException.class, () -> decode(true, "{\"message\":{\"content\":\"a\""));
        assertNull(OllamaBackend.Line.parse("{\"done\":false}", true).error);
    }

    private static List<Chunk> decode(boolean chat, String... lines) {
        FrameDecoder decoder = OllamaBackend.decoder("ollama", chat);
        List<Chunk> out = new ArrayList<>();
        for (String line : lines) {
            decoder.decode(line, out::add);
        }
        return out;
    }
}
