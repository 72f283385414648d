package io.codeagents.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class OllamaTestServerTest {

    static OllamaTestServer ollama;

    @BeforeAll
    static void start() {
        ollama = OllamaTestServer.start(0);
    }

    @AfterAll
    static void stop() {
        ollama.close();
    }

    @BeforeEach
    void reset() {
        ollama.reset();
    }

    private static String chat(String prompt, boolean stream) {
        return new JsonObject().put("model", "qwen2.5-coder:1.5b").put("stream", stream)
                .put("messages", new io.vertx.core.json.JsonArray()
                        .add(new JsonObject().put("role", "user").put("content", "earlier fibonacci question"))
                        .add(new JsonObject().put("role", "assistant").put("content", "ok"))
                        .add(new JsonObject().put("role", "user").put("content", prompt)))
                .encode();
    }

    static List<JsonObject> ndjson(BufferedReader reader) throws Exception {
        List<JsonObject> lines = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(new JsonObject(line));
        }
        return lines;
    }

    @Test
    void chatStreamsNdjsonEndingWithDoneAndNanosecondDurations() throws Exception {
        ollama.script(List.of(Rule.of("fibonacci", "never: only the last user message counts"),
                Rule.of("add", "def add(a, b):\n    return a + b")));
        List<JsonObject> lines = ndjson(Http.stream(ollama.url() + "/api/chat", chat("write add", true)));
        StringBuilder text = new StringBuilder();
        for (JsonObject line : lines.subList(0, lines.size() - 1)) {
            assertFalse(line.getBoolean("done"));
            assertEquals("assistant", line.getJsonObject("message").getString("role"));
            assertEquals("qwen2.5-coder:1.5b", line.getString("model"));
            assertNotNull(line.getString("created_at"));
            text.append(line.getJsonObject("message").getString("content"));
        }
        assertEquals("def add(a, b):\n    return a + b", text.toString());
        JsonObject done = lines.get(lines.size() - 1);
        assertTrue(done.getBoolean("done"));
        assertEquals("stop", done.getString("done_reason"));
        assertEquals("", done.getJsonObject("message").getString("content"));
        assertEquals(lines.size() - 1, done.getInteger("eval_count"));
        assertEquals(2, done.getInteger("prompt_eval_count"));
        long total = done.getLong("total_duration");
        assertTrue(total > 0);
        assertEquals(total, done.getLong("load_duration") + done.getLong("prompt_eval_duration")
                + done.getLong("eval_duration"));
    }

    @Test
    void chatWithoutStreamIsOneObjectAndRequestIsRecorded() throws Exception {
        ollama.answer("hello there");
        HttpResponse<String> response = Http.post(ollama.url() + "/api/chat", chat("hi", false));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject body = new JsonObject(response.body());
        assertEquals("hello there", body.getJsonObject("message").getString("content"));
        assertTrue(body.getBoolean("done"));
        assertEquals(2, body.getInteger("eval_count"));
        RecordedRequest recorded = ollama.requests("/api/chat").get(0);
        assertEquals("POST", recorded.method());
        assertEquals("application/json", recorded.header("content-type"));
        assertFalse(recorded.json().getBoolean("stream"));
    }

    @Test
    void generateHonoursNumPredictAndStopAndCarriesContext() throws Exception {
        ollama.answer("a b c d e f");
        String body = new JsonObject().put("model", "qwen2.5-coder:1.5b").put("prompt", "go").put("stream", false)
                .put("options", new JsonObject().put("num_predict", 3).put("temperature", 0)).encode();
        JsonObject out = new JsonObject(Http.post(ollama.url() + "/api/generate", body).body());
        assertEquals("a b c", out.getString("response"));
        assertEquals("length", out.getString("done_reason"));
        assertEquals(4, out.getJsonArray("context").size());
        String stopped = new JsonObject().put("model", "qwen2.5-coder").put("prompt", "go").put("stream", false)
                .put("options", new JsonObject().put("stop", new io.vertx.core.json.JsonArray().add(" d"))).encode();
        ollama.models("qwen2.5-coder:latest");
        assertEquals("a b c", new JsonObject(Http.post(ollama.url() + "/api/generate", stopped).body())
                .getString("response"));
    }

    @Test
    void unknownModelIs404WithOllamasMessage() throws Exception {
        HttpResponse<String> response = Http.post(ollama.url() + "/api/chat",
                "{\"model\":\"nope:7b\",\"messages\":[]}");
        assertEquals(404, response.statusCode());
        assertEquals("model \"nope:7b\" not found, try pulling it first",
                new JsonObject(response.body()).getString("error"));
        assertEquals(400, Http.post(ollama.url() + "/api/chat", "{\"messages\":[]}").statusCode());
        assertEquals(400, Http.post(ollama.url() + "/api/chat", "not json").statusCode());
    }

    @Test
    void tagsShowVersionAndRoot() throws Exception {
        ollama.models("a:1b", "b:latest");
        JsonObject tags = new JsonObject(Http.get(ollama.url() + "/api/tags").body());
        assertEquals("a:1b", tags.getJsonArray("models").getJsonObject(0).getString("name"));
        assertEquals(64, tags.getJsonArray("models").getJsonObject(1).getString("digest").length());
        assertEquals(200, Http.post(ollama.url() + "/api/show", "{\"model\":\"b\"}").statusCode());
        assertEquals(404, Http.post(ollama.url() + "/api/show", "{\"model\":\"c\"}").statusCode());
        assertEquals(OllamaTestServer.VERSION,
                new JsonObject(Http.get(ollama.url() + "/api/version").body()).getString("version"));
        assertEquals("Ollama is running", Http.get(ollama.url() + "/").body());
    }

    @Test
    void errorLineInTheMiddleOfTheStream() throws Exception {
        ollama.answer("one two three four").behaviour(Behaviour.normal().withErrorAfterTokens(2));
        List<JsonObject> lines = ndjson(Http.stream(ollama.url() + "/api/chat", chat("x", true)));
        assertEquals(3, lines.size());
        assertEquals(" two", lines.get(1).getJsonObject("message").getString("content"));
        assertTrue(lines.get(2).getString("error").contains("after 2 tokens"));
    }
}
