package io.codeagents.reviewer.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A model gateway on a dynamic port speaking the OpenAI chat-completions protocol as the real gateway documents it
 * ({@code POST /v1/chat/completions}, {@code X-Backend} header, problem+json errors). Tests choose how it behaves and
 * read what it received.
 */
public class FakeModelGateway implements QuarkusTestResourceLifecycleManager {

    public enum Mode {
        ANSWER, SERVER_ERROR, SLOW, UNKNOWN_MODEL
    }

    /** One request as received: its headers of interest and its JSON body. */
    public record Received(String authorization, String requestId, JsonObject body) {
    }

    public static final String FEEDBACK = "- The loop misses the empty list.\n- Name `x` says nothing.";
    public static final String MODEL = "qwen2.5-coder:1.5b";
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static volatile Mode mode = Mode.ANSWER;
    private static volatile long slowMs = 5000;

    private Vertx vertx;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(buffer -> {
            if (!"/v1/chat/completions".equals(request.path()) || !"POST".equals(request.method().name())) {
                request.response().setStatusCode(404).end();
                return;
            }
            JsonObject body = buffer.toJsonObject();
            RECEIVED.add(new Received(request.getHeader("Authorization"), request.getHeader("X-Request-Id"), body));
            switch (mode) {
                case ANSWER -> answer(request.response(), body);
                case SERVER_ERROR -> problem(request.response(), 503, "MODEL_001", "No backend can serve the model");
                case UNKNOWN_MODEL -> problem(request.response(), 404, "MODEL_004", "Unknown model");
                case SLOW -> vertx.setTimer(slowMs, id -> answer(request.response(), body));
            }
        }));
        server.listen(0).toCompletionStage().toCompletableFuture().join();
        return Map.of("quarkus.rest-client.model-gateway.url", "http://127.0.0.1:" + server.actualPort());
    }

    private static void answer(io.vertx.core.http.HttpServerResponse response, JsonObject request) {
        String model = request.getString("model", MODEL);
        JsonObject completion = new JsonObject().put("id", "chatcmpl-test").put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", model)
                .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                        .put("message", new JsonObject().put("role", "assistant").put("content", FEEDBACK))
                        .put("finish_reason", "stop")))
                .put("usage", new JsonObject().put("prompt_tokens", 120).put("completion_tokens", 20).put("total_tokens", 140));
        response.putHeader("Content-Type", "application/json").putHeader("X-Backend", "ollama/" + model)
                .putHeader("X-Cache", "MISS").end(completion.encode());
    }

    private static void problem(io.vertx.core.http.HttpServerResponse response, int status, String code, String detail) {
        response.setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(new JsonObject()
                .put("type", "urn:codeagents:error:" + code).put("title", detail).put("status", status)
                .put("detail", detail).put("error_code", code).encode());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    public static void behave(Mode next) {
        mode = next;
    }

    public static void slowBy(long millis) {
        slowMs = millis;
        mode = Mode.SLOW;
    }

    public static List<Received> received() {
        return List.copyOf(RECEIVED);
    }

    public static void reset() {
        RECEIVED.clear();
        mode = Mode.ANSWER;
    }
}
