package io.codeagents.download.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The HTTP/1.1 framing and connection handling of {@link SocketHttpClient} against a real server (Vert.x): chunked
 * bodies, connections reused after a body read to its end and dropped after one abandoned, redirects carrying the
 * request's headers to another server, and a head that never comes.
 */
class SocketHttpClientTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final Set<Object> CONNECTIONS = ConcurrentHashMap.newKeySet();
    private static HttpServer server;
    private static HttpServer other;
    private static SocketHttpClient http;

    @BeforeAll
    static void start() {
        other = VERTX.createHttpServer().requestHandler(request -> request.response()
                .end("range " + request.getHeader("Range"))).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().join();
        server = VERTX.createHttpServer().requestHandler(request -> {
            CONNECTIONS.add(request.connection());
            HttpServerResponse response = request.response();
            switch (request.path()) {
                case "/chunked" -> {
                    response.setChunked(true);
                    for (int i = 0; i < 100; i++) {
                        response.write("chunk " + i + ";");
                    }
                    response.end();
                }
                case "/big" -> response.end("x".repeat(1024 * 1024));
                case "/redirect" -> response.setStatusCode(302)
                        .putHeader("Location", "http://127.0.0.1:" + other.actualPort() + "/elsewhere").end();
                case "/silent" -> {
                    // never answers
                }
                default -> response.end("hello");
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        http = new SocketHttpClient(Duration.ofSeconds(5), Duration.ofMillis(500), 0, "test", null);
    }

    @AfterAll
    static void stop() {
        http.close();
        VERTX.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    private static String text(String path, Map<String, String> headers) throws Exception {
        try (BodyStream body = http.get(uri(path), headers).body()) {
            return body.readText(4 * 1024 * 1024);
        }
    }

    @Test
    void chunkedBodiesArriveWhole() throws Exception {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            expected.append("chunk ").append(i).append(';');
        }
        assertEquals(expected.toString(), text("/chunked", Map.of()));
    }

    @Test
    void aConnectionIsReusedAfterABodyReadToItsEndAndDroppedAfterOneAbandoned() throws Exception {
        text("/", Map.of());
        CONNECTIONS.clear();
        for (int i = 0; i < 5; i++) {
            assertEquals("hello", text("/", Map.of()));
            assertEquals(1024 * 1024, text("/big", Map.of()).length());
        }
        assertEquals(1, CONNECTIONS.size(), "connections for 10 requests one after the other");
        Object reused = CONNECTIONS.iterator().next();

        try (BodyStream abandoned = http.get(uri("/big"), Map.of()).body()) {
            abandoned.read(ByteBuffer.allocate(10));
        }
        CONNECTIONS.clear();
        assertEquals("hello", text("/", Map.of()));
        assertFalse(CONNECTIONS.contains(reused), "the connection of the abandoned body was used again");
    }

    @Test
    void redirectsToAnotherServerCarryTheRequestHeaders() throws Exception {
        SocketHttpClient.Response response = http.get(uri("/redirect"), Map.of("Range", "bytes=5-9"));
        try (BodyStream body = response.body()) {
            assertEquals(200, response.status());
            assertEquals(other.actualPort(), response.uri().getPort());
            assertEquals("range bytes=5-9", body.readText(1024));
        }
    }

    @Test
    void aHeadThatNeverComesIsATimeout() {
        assertThrows(HttpTimeoutException.class, () -> http.get(uri("/silent"), Map.of()));
    }
}
