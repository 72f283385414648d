package io.codeagents.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A scriptable model server on one port: the protocol lives in the subclass; this class holds the script, the
 * behaviour, the model list, the record of received requests and the control API under {@code /_testkit/}:
 * {@code PUT|GET /_testkit/script}, {@code PUT|GET /_testkit/behaviour}, {@code PUT|GET /_testkit/models},
 * {@code GET|DELETE /_testkit/requests}, {@code POST /_testkit/reset}.
 */
public abstract class ModelTestServer<S extends ModelTestServer<S>> implements AutoCloseable {

    private static final String CONTROL = "/_testkit/";

    protected final Vertx vertx;
    private final boolean ownsVertx;
    private final List<String> defaultModels;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile Script script = Script.of();
    private volatile Behaviour behaviour = Behaviour.NORMAL;
    private volatile List<String> models;
    private HttpServer server;

    protected ModelTestServer(Vertx vertx, boolean ownsVertx, List<String> defaultModels) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.defaultModels = List.copyOf(defaultModels);
        this.models = this.defaultModels;
    }

    /** Short protocol name, for logs and the standalone runner. */
    public abstract String protocol();

    /** Serves one protocol request (never a control call); the behaviour's latency and failures are already applied. */
    protected abstract void serve(HttpServerRequest request, Buffer body, Behaviour behaviour);

    /** Answers the protocol's error body with this status. */
    protected abstract void fail(HttpServerRequest request, int status, String message);

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    protected S listen(int port) {
        try {
            server = vertx.createHttpServer().requestHandler(this::accept).listen(port).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot listen on port " + port + ": " + e.getMessage(), e);
        }
        return self();
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public S script(Script value) {
        this.script = value;
        return self();
    }

    public S script(List<Rule> rules) {
        return script(new Script(rules, script.defaultAnswer()));
    }

    /** Every prompt gets this answer. */
    public S answer(String answer) {
        return script(Script.answering(answer));
    }

    public Script script() {
        return script;
    }

    public S behaviour(Behaviour value) {
        this.behaviour = value;
        failuresLeft.set(value.failTimes());
        return self();
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    public S models(String... names) {
        return models(List.of(names));
    }

    public S models(List<String> names) {
        this.models = List.copyOf(names);
        return self();
    }

    public List<String> models() {
        return models;
    }

    /** Requests received so far (control calls excluded), oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Requests received on one path. */
    public List<RecordedRequest> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public S clearRequests() {
        requests.clear();
        return self();
    }

    /** Back to the start: default script, normal behaviour, default models, no recorded requests. */
    public S reset() {
        script = Script.of();
        behaviour(Behaviour.NORMAL);
        models = defaultModels;
        requests.clear();
        return self();
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // closing anyway
        } finally {
            if (ownsVertx) {
                vertx.close();
            }
        }
    }

    private void accept(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            if (request.path().startsWith(CONTROL)) {
                control(request, body);
                return;
            }
            record(request, body);
            Behaviour current = behaviour;
            if (current.latencyMs() > 0) {
                vertx.setTimer(current.latencyMs(), t -> answer(request, body, current));
            } else {
                answer(request, body, current);
            }
        });
    }

    private void answer(HttpServerRequest request, Buffer body, Behaviour current) {
        if (current.failStatus() > 0 && (current.failTimes() == 0 || failuresLeft.getAndDecrement() > 0)) {
            if (current.failStatus() == 429 || current.failStatus() == 503) {
                request.response().putHeader("Retry-After", "1");
            }
            fail(request, current.failStatus(), "testkit: answering " + current.failStatus() + " as scripted");
        } else if (current.garbage()) {
            request.response().putHeader("Content-Type", "text/html")
                    .end("<html><body><h1>502 Bad Gateway</h1>not a model server (testkit garbage)</body></html>");
        } else {
            try {
                serve(request, body, current);
            } catch (ClassCastException | IllegalArgumentException e) {
                // a field of the wrong JSON type: the real servers answer 400 too
                if (!request.response().headWritten()) {
                    fail(request, 400, "invalid request: " + e.getMessage());
                }
            }
        }
    }

    private void record(HttpServerRequest request, Buffer body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(e -> headers.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        requests.add(new RecordedRequest(request.method().name(), request.path(), headers, body.toString()));
    }

    private void control(HttpServerRequest request, Buffer body) {
        String what = request.path().substring(CONTROL.length());
        HttpMethod method = request.method();
        try {
            switch (what) {
                case "script" -> {
                    if (method == HttpMethod.PUT) {
                        script(Script.parse(body.toString()));
                    }
                    json(request, 200, script.toJson());
                }
                case "behaviour" -> {
                    if (method == HttpMethod.PUT) {
                        behaviour(Behaviour.parse(body.toString()));
                    }
                    json(request, 200, behaviour.toJson());
                }
                case "models" -> {
                    if (method == HttpMethod.PUT) {
                        models(parseModels(body.toString()));
                    }
                    json(request, 200, new JsonObject().put("models", new JsonArray(models)));
                }
                case "requests" -> {
                    if (method == HttpMethod.DELETE) {
                        requests.clear();
                        request.response().setStatusCode(204).end();
                        return;
                    }
                    JsonArray list = new JsonArray();
                    requests.forEach(r -> list.add(r.toJson()));
                    json(request, 200, new JsonObject().put("requests", list));
                }
                case "reset" -> {
                    reset();
                    request.response().setStatusCode(204).end();
                }
                default -> json(request, 404, new JsonObject().put("error", "unknown control path " + request.path()));
            }
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            json(request, 400, new JsonObject().put("error", String.valueOf(e.getMessage())));
        }
    }

    private static List<String> parseModels(String body) {
        String trimmed = body.trim();
        JsonArray array = trimmed.startsWith("[")
                ? new JsonArray(trimmed)
                : new JsonObject(trimmed).getJsonArray("models");
        if (array == null) {
            throw new IllegalArgumentException("expected {\"models\": [...]} or an array of names");
        }
        return array.stream().map(String::valueOf).toList();
    }

    /** Sends a JSON body with a status. */
    protected static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    /** The request body as a JSON object, or null when it is empty or not a JSON object. */
    protected static JsonObject parseBody(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            return Json.decodeValue(body) instanceof JsonObject o ? o : null;
        } catch (DecodeException e) {
            return null;
        }
    }

    /** The model a request names, if this server serves it (Ollama-style {@code name} means {@code name:latest}). */
    protected String servedModel(String requested) {
        if (requested == null) {
            return null;
        }
        for (String model : models) {
            if (model.equals(requested) || model.equals(requested + ":latest")
                    || requested.equals(model + ":latest")) {
                return model;
            }
        }
        return null;
    }

    /** A pacer for one generation with the current behaviour. */
    protected TokenPacer pace(HttpServerRequest request, Generation generation, Behaviour current) {
        return new TokenPacer(vertx, request, generation, current);
    }

    /** The answer the script gives to this prompt. */
    protected String scriptedAnswer(String prompt) {
        return script.answerFor(prompt);
    }
}
