package io.codeagents.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class OpenAiTestServerTest {

    static OpenAiTestServer openai;

    @BeforeAll
    static void start() {
        openai = OpenAiTestServer.start(0);
    }

    @AfterAll
    static void stop() {
        openai.close();
    }

    @BeforeEach
    void reset() {
        openai.reset().apiKey(null);
    }

    /** SSE frames {@code data: <payload>} + blank line, as the OpenAI SDKs parse them; returns the payloads. */
    static List<String> payloads(BufferedReader reader) throws Exception {
        List<String> payloads = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            assertTrue(line.startsWith("data: "), line);
            payloads.add(line.substring(6));
            assertEquals("", reader.readLine());
        }
        return payloads;
    }

    @Test
    void chatStreamRoleChunkThenDeltasThenFinishUsageAndDone() throws Exception {
        openai.answer("print(1)\nprint(2)");
        List<String> payloads = payloads(Http.stream(openai.url() + "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"two prints\"}]}"));
        assertEquals("[DONE]", payloads.get(payloads.size() - 1));
        List<JsonObject> chunks = payloads.subList(0, payloads.size() - 1).stream().map(JsonObject::new).toList();
        assertEquals("assistant", chunks.get(0).getJsonArray("choices").getJsonObject(0).getJsonObject("delta")
                .getString("role"));
        StringBuilder text = new StringBuilder();
        for (JsonObject chunk : chunks.subList(1, chunks.size() - 2)) {
            assertEquals("chat.completion.chunk", chunk.getString("object"));
            text.append(chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content"));
        }
        assertEquals("print(1)\nprint(2)", text.toString());
        assertEquals("stop", chunks.get(chunks.size() - 2).getJsonArray("choices").getJsonObject(0)
                .getString("finish_reason"));
        JsonObject usage = chunks.get(chunks.size() - 1).getJsonObject("usage");
        assertEquals(0, chunks.get(chunks.size() - 1).getJsonArray("choices").size());
        assertEquals(2, usage.getInteger("prompt_tokens"));
        assertEquals(2, usage.getInteger("completion_tokens"));
        assertEquals(4, usage.getInteger("total_tokens"));
    }

    @Test
    void completionWithoutStreamHasUsageAndFinishReason() throws Exception {
        openai.answer("a b c");
        JsonObject out = new JsonObject(Http.post(openai.url() + "/v1/completions",
                "{\"model\":\"gpt-4o-mini\",\"prompt\":\"x\",\"max_tokens\":2}").body());
        assertEquals("text_completion", out.getString("object"));
        assertEquals("a b", out.getJsonArray("choices").getJsonObject(0).getString("text"));
        assertEquals("length", out.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
        assertEquals(2, out.getJsonObject("usage").getInteger("completion_tokens"));
    }

    @Test
    void errorsAreOpenAiShaped() throws Exception {
        HttpResponse<String> unknown = Http.post(openai.url() + "/v1/chat/completions",
                "{\"model\":\"gpt-9\",\"messages\":[]}");
        assertEquals(404, unknown.statusCode());
        assertEquals("model_not_found", new JsonObject(unknown.body()).getJsonObject("error").getString("code"));
        assertEquals(400, Http.post(openai.url() + "/v1/chat/completions", "{\"model\":\"gpt-4o-mini\"}").statusCode());
        openai.apiKey("sk-test");
        HttpResponse<String> denied = Http.get(openai.url() + "/v1/models");
        assertEquals(401, denied.statusCode());
        assertEquals("invalid_api_key", new JsonObject(denied.body()).getJsonObject("error").getString("code"));
    }

    @Test
    void modelsList() throws Exception {
        openai.models("m1", "m2");
        JsonObject list = new JsonObject(Http.get(openai.url() + "/v1/models").body());
        assertEquals("list", list.getString("object"));
        assertEquals("m2", list.getJsonArray("data").getJsonObject(1).getString("id"));
    }
}
