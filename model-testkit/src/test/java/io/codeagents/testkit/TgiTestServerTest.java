package io.codeagents.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

class TgiTestServerTest {

    static TgiTestServer tgi;

    @BeforeAll
    static void start() {
        tgi = TgiTestServer.start(0);
    }

    @AfterAll
    static void stop() {
        tgi.close();
    }

    @BeforeEach
    void reset() {
        tgi.reset();
    }

    /** SSE as TGI frames it: {@code data:<json>} and a blank line after each event. */
    static List<JsonObject> events(BufferedReader reader) throws Exception {
        List<JsonObject> events = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            assertTrue(line.startsWith("data:"), line);
            events.add(new JsonObject(line.substring(5)));
            assertEquals("", reader.readLine(), "an event ends with a blank line");
        }
        return events;
    }

    @Test
    void streamSendsTokenEventsThenEosWithGeneratedTextAndDetails() throws Exception {
        tgi.answer("def f():\n    pass");
        List<JsonObject> events = events(Http.stream(tgi.url() + "/generate_stream",
                "{\"inputs\":\"def f\",\"parameters\":{\"max_new_tokens\":50}}"));
        assertEquals(4, events.size());
        StringBuilder text = new StringBuilder();
        for (JsonObject event : events.subList(0, 3)) {
            assertNull(event.getValue("generated_text"));
            assertNull(event.getValue("details"));
            assertEquals(false, event.getJsonObject("token").getBoolean("special"));
            text.append(event.getJsonObject("token").getString("text"));
        }
        assertEquals("def f():\n    pass", text.toString());
        JsonObject last = events.get(3);
        assertTrue(last.getJsonObject("token").getBoolean("special"));
        assertEquals(TgiTestServer.EOS, last.getJsonObject("token").getString("text"));
        assertEquals("def f():\n    pass", last.getString("generated_text"));
        assertEquals("eos_token", last.getJsonObject("details").getString("finish_reason"));
        assertEquals(4, last.getJsonObject("details").getInteger("generated_tokens"));
    }

    @Test
    void streamCutByLengthEndsOnTheLastRealToken() throws Exception {
        tgi.answer("a b c d");
        List<JsonObject> events = events(Http.stream(tgi.url() + "/generate_stream",
                "{\"inputs\":\"x\",\"parameters\":{\"max_new_tokens\":2}}"));
        assertEquals(2, events.size());
        assertEquals("a b", events.get(1).getString("generated_text"));
        assertEquals("length", events.get(1).getJsonObject("details").getString("finish_reason"));
    }

    @Test
    void generateReturnsTextAndDetailsOnRequest() throws Exception {
        tgi.answer("x y");
        JsonObject plain = new JsonObject(Http.post(tgi.url() + "/generate", "{\"inputs\":\"p q r\"}").body());
        assertEquals("x y", plain.getString("generated_text"));
        assertNull(plain.getValue("details"));
        JsonObject detailed = new JsonObject(Http.post(tgi.url() + "/generate",
                "{\"inputs\":\"p q r\",\"parameters\":{\"details\":true,\"decoder_input_details\":true}}").body());
        assertEquals(3, detailed.getJsonObject("details").getInteger("generated_tokens"));
        assertEquals(3, detailed.getJsonObject("details").getJsonArray("prefill").size());
        assertEquals(3, detailed.getJsonObject("details").getJsonArray("tokens").size());
    }

    @Test
    void validationAndOverloadErrorsCarryErrorType() throws Exception {
        HttpResponse<String> empty = Http.post(tgi.url() + "/generate", "{\"inputs\":\"\"}");
        assertEquals(422, empty.statusCode());
        assertEquals("validation", new JsonObject(empty.body()).getString("error_type"));
        tgi.behaviour(Behaviour.normal().withFailStatus(429));
        HttpResponse<String> busy = Http.post(tgi.url() + "/generate", "{\"inputs\":\"x\"}");
        assertEquals(429, busy.statusCode());
        assertEquals("overloaded", new JsonObject(busy.body()).getString("error_type"));
        assertEquals("1", busy.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void midStreamErrorIsAnErrorEvent() throws Exception {
        tgi.answer("a b c").behaviour(Behaviour.normal().withErrorAfterTokens(1));
        List<JsonObject> events = events(Http.stream(tgi.url() + "/generate_stream", "{\"inputs\":\"x\"}"));
        assertEquals(2, events.size());
        assertEquals("generation", events.get(1).getString("error_type"));
    }

    @Test
    void infoAndHealth() throws Exception {
        tgi.models("bigcode/starcoder2-3b");
        assertEquals("bigcode/starcoder2-3b", new JsonObject(Http.get(tgi.url() + "/info").body()).getString("model_id"));
        assertEquals(200, Http.get(tgi.url() + "/health").statusCode());
    }
}
