package io.codeagents.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class MisbehaviourTest {

    static final String CHAT = "{\"model\":\"qwen2.5-coder:1.5b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
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
        ollama.reset().answer("one two three four five");
    }

    @Test
    void latencyDelaysTheWholeAnswer() throws Exception {
        ollama.behaviour(Behaviour.normal().withLatencyMs(150));
        long start = System.nanoTime();
        assertEquals(200, Http.post(ollama.url() + "/api/chat", CHAT).statusCode());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 150);
    }

    @Test
    void slowFirstTokenSendsTheHeadFirst() throws Exception {
        ollama.behaviour(Behaviour.normal().withFirstTokenDelayMs(300));
        long start = System.nanoTime();
        BufferedReader reader = Http.stream(ollama.url() + "/api/chat", CHAT);
        long head = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        reader.readLine();
        long first = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(head < 250, "head after " + head + " ms");
        assertTrue(first >= 300, "first token after " + first + " ms");
    }

    @Test
    void stallAfterTwoTokensKeepsTheConnectionSilent() throws Exception {
        ollama.behaviour(Behaviour.normal().withStallAfterTokens(2));
        BufferedReader reader = Http.stream(ollama.url() + "/api/chat", CHAT);
        assertEquals("one", new JsonObject(reader.readLine()).getJsonObject("message").getString("content"));
        reader.readLine();
        CompletableFuture<String> third = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                return "closed";
            }
        });
        assertThrows(TimeoutException.class, () -> third.get(400, TimeUnit.MILLISECONDS));
        // not closed here: close() would wait for the blocked read; the server's close at the end ends it
    }

    @Test
    void dropAfterTokensEndsTheStreamWithoutItsEnd() throws Exception {
        ollama.behaviour(Behaviour.normal().withDropAfterTokens(2).withTokenDelayMs(20));
        BufferedReader reader = Http.stream(ollama.url() + "/api/chat", CHAT);
        List<String> lines = new ArrayList<>();
        IOException dropped = null;
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            dropped = e;
        }
        assertNotNull(dropped, "the stream ended cleanly after " + lines);
        assertTrue(lines.size() <= 2 && lines.stream().noneMatch(l -> l.contains("\"done\":true")), lines.toString());
    }

    @Test
    void dropWithoutStreamingClosesBeforeAnswering() {
        ollama.behaviour(Behaviour.normal().withDropAfterTokens(0));
        assertThrows(IOException.class,
                () -> Http.post(ollama.url() + "/api/chat", CHAT.replace("{", "{\"stream\":false,")));
    }

    @Test
    void failStatusForTheNextRequestsOnly() throws Exception {
        ollama.behaviour(Behaviour.normal().withFailStatus(503, 2));
        HttpResponse<String> first = Http.post(ollama.url() + "/api/chat", CHAT);
        assertEquals(503, first.statusCode());
        assertTrue(new JsonObject(first.body()).getString("error").contains("server busy"));
        assertEquals(503, Http.post(ollama.url() + "/api/chat", CHAT).statusCode());
        assertEquals(200, Http.post(ollama.url() + "/api/chat", CHAT).statusCode());
    }

    @Test
    void garbageIsNotTheProtocol() throws Exception {
        ollama.behaviour(Behaviour.normal().withGarbage(true));
        HttpResponse<String> response = Http.post(ollama.url() + "/api/chat", CHAT);
        assertEquals(200, response.statusCode());
        assertEquals("text/html", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.body().startsWith("<html>"));
    }

    @Test
    void tokenDelayPacesTheStream() throws Exception {
        ollama.behaviour(Behaviour.normal().withTokenDelayMs(50));
        long start = System.nanoTime();
        OllamaTestServerTest.ndjson(Http.stream(ollama.url() + "/api/chat", CHAT));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 200);
    }
}
