package io.codeagents.generator.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * A small HTTP server on a free port that answers one JSON endpoint the way a test scripts it, records every request
 * body, and can be made slow or failing. The gateway and reviewer fakes are built on it.
 */
public class FakeHttpAgent {

    /** What the fake answers: a status and a JSON body (problem+json when the status is an error). */
    public record Reply(int status, JsonObject body) {
        public static Reply ok(JsonObject body) {
            return new Reply(200, body);
        }

        public static Reply problem(int status, String code, String detail) {
            return new Reply(status, new JsonObject().put("type", "urn:codeagents:error:" + code).put("status", status)
                    .put("error_code", code).put("detail", detail));
        }
    }

    private final String path;
    private final Function<JsonObject, Reply> normal;
    private final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile Function<JsonObject, Reply> script;
    private volatile Reply failure;
    private volatile Duration delay = Duration.ZERO;
    private HttpServer server;
    private Vertx vertx;

    public FakeHttpAgent(String path, Function<JsonObject, Reply> normal) {
        this.path = path;
        this.normal = normal;
        this.script = normal;
    }

    public FakeHttpAgent start(Vertx vertx) {
        this.vertx = vertx;
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0).toCompletionStage().toCompletableFuture()
                .join();
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public void stop() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Back to the normal answer, no delay, no failures, no recorded requests. */
    public void reset() {
        script = normal;
        failure = null;
        failuresLeft.set(0);
        delay = Duration.ZERO;
        requests.clear();
        authorizations.clear();
    }

    public void script(Function<JsonObject, Reply> replies) {
        this.script = replies;
    }

    /** The next {@code times} requests get {@code reply}; then the script answers again. */
    public void failNext(int times, Reply reply) {
        failure = reply;
        failuresLeft.set(times);
    }

    /** Every request gets {@code reply} until {@link #reset()}. */
    public void failAlways(Reply reply) {
        failNext(Integer.MAX_VALUE, reply);
    }

    public void delay(Duration delay) {
        this.delay = delay;
    }

    public List<JsonObject> requests() {
        return List.copyOf(requests);
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void handle(HttpServerRequest request) {
        if (!request.path().equals(path) || !"POST".equals(request.method().name())) {
            send(request, Reply.problem(404, "RES_001", "No resource at " + request.path()));
            return;
        }
        request.body().onSuccess(buffer -> {
            JsonObject body = buffer.toJsonObject();
            requests.add(body);
            authorizations.add(String.valueOf(request.getHeader("Authorization")));
            Reply reply = failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0 ? failure : script.apply(body);
            long millis = delay.toMillis();
            if (millis > 0) {
                vertx.setTimer(millis, id -> send(request, reply));
            } else {
                send(request, reply);
            }
        });
    }

    private static void send(HttpServerRequest request, Reply reply) {
        request.response().setStatusCode(reply.status())
                .putHeader("Content-Type", reply.status() >= 400 ? "application/problem+json" : "application/json")
                .end(reply.body().encode());
    }
}
