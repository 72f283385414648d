package io.codeagents.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** What a shell script driving the standalone jar does: script, behaviour and models over HTTP, then the record. */
class ControlApiTest {

    static OpenAiTestServer server;

    @BeforeAll
    static void start() {
        server = OpenAiTestServer.start(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void scriptBehaviourModelsAndRequestsOverHttp() throws Exception {
        String base = server.url() + "/_testkit/";
        assertEquals(200, Http.send("PUT", base + "script",
                "{\"rules\":[{\"when_prompt_contains\":\"sum\",\"answer\":\"def s(): pass\"}],\"default_answer\":\"no\"}")
                .statusCode());
        assertEquals(200, Http.send("PUT", base + "models", "[\"local-model\"]").statusCode());
        assertEquals(200, Http.send("PUT", base + "behaviour", "{\"latency_ms\":5}").statusCode());
        assertEquals(5, new JsonObject(Http.get(base + "behaviour").body()).getInteger("latency_ms"));
        Http.send("DELETE", base + "requests", null);

        JsonObject out = new JsonObject(Http.post(server.url() + "/v1/chat/completions",
                "{\"model\":\"local-model\",\"messages\":[{\"role\":\"user\",\"content\":\"a sum please\"}]}").body());
        assertEquals("def s(): pass",
                out.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content"));

        JsonObject recorded = new JsonObject(Http.get(base + "requests").body());
        assertEquals(1, recorded.getJsonArray("requests").size());
        JsonObject request = recorded.getJsonArray("requests").getJsonObject(0);
        assertEquals("/v1/chat/completions", request.getString("path"));
        assertEquals("local-model", request.getJsonObject("json").getString("model"));

        assertEquals(204, Http.send("POST", base + "reset", null).statusCode());
        assertEquals(0, server.requests().size());
    }

    @Test
    void badControlInputIs400WithAReason() throws Exception {
        HttpResponse<String> typo = Http.send("PUT", server.url() + "/_testkit/behaviour", "{\"latency\":5}");
        assertEquals(400, typo.statusCode());
        assertTrue(new JsonObject(typo.body()).getString("error").contains("latency"));
        assertEquals(400, Http.send("PUT", server.url() + "/_testkit/script", "{not json").statusCode());
    }

    @Test
    void standaloneOptions() {
        TestkitMain.Options options = TestkitMain.Options.parse(
                new String[]{"--ollama-port", "0", "--openai-port", "8089", "--models", "a, b"});
        assertEquals(0, options.ollamaPort);
        assertEquals(8089, options.openaiPort);
        assertEquals(java.util.List.of("a", "b"), options.models);
        assertThrows(IllegalArgumentException.class, () -> TestkitMain.Options.parse(new String[]{"--models", "a"}));
        assertThrows(IllegalArgumentException.class,
                () -> TestkitMain.Options.parse(new String[]{"--ollama-port", "x"}));
    }
}
