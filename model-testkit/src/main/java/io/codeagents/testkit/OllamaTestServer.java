package io.codeagents.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The Ollama API as documented (docs/api.md): {@code POST /api/chat} and {@code POST /api/generate} streaming NDJSON by
 * default (one JSON object per line, the last with {@code done: true}, {@code done_reason} and the durations in
 * nanoseconds) or one object with {@code "stream": false}; {@code GET /api/tags}, {@code POST /api/show},
 * {@code GET /api/version}, {@code GET /} ("Ollama is running"). Errors are {@code {"error": "..."}}; an unknown model
 * is 404 {@code model "x" not found, try pulling it first}. Options honoured: {@code num_predict}, {@code stop}.
 */
public final class OllamaTestServer extends ModelTestServer<OllamaTestServer> {

    public static final List<String> DEFAULT_MODELS = List.of("qwen2.5-coder:1.5b");
    public static final String VERSION = "0.6.5";

    private OllamaTestServer(Vertx vertx, boolean ownsVertx) {
        super(vertx, ownsVertx, DEFAULT_MODELS);
    }

    /** Starts on {@code port} (0: any free port) with its own Vert.x. */
    public static OllamaTestServer start(int port) {
        return new OllamaTestServer(Vertx.vertx(), true).listen(port);
    }

    /** Starts on {@code port} sharing the caller's Vert.x (which the caller closes). */
    public static OllamaTestServer start(Vertx vertx, int port) {
        return new OllamaTestServer(vertx, false).listen(port);
    }

    @Override
    public String protocol() {
        return "ollama";
    }

    @Override
    protected void serve(HttpServerRequest request, Buffer body, Behaviour behaviour) {
        String route = request.method() + " " + request.path();
        switch (route) {
            case "POST /api/chat" -> generate(request, body, behaviour, true);
            case "POST /api/generate" -> generate(request, body, behaviour, false);
            case "GET /api/tags" -> json(request, 200, tags());
            case "POST /api/show" -> show(request, body);
            case "GET /api/version" -> json(request, 200, new JsonObject().put("version", VERSION));
            case "GET /", "HEAD /" -> request.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(request.method() == HttpMethod.HEAD ? "" : "Ollama is running");
            default -> request.response().setStatusCode(404).putHeader("Content-Type", "text/plain")
                    .end("404 page not found");
        }
    }

    @Override
    protected void fail(HttpServerRequest request, int status, String message) {
        String text = switch (status) {
            case 503 -> "server busy, please try again.  maximum pending requests exceeded";
            default -> message;
        };
        json(request, status, new JsonObject().put("error", text));
    }

    private void generate(HttpServerRequest request, Buffer body, Behaviour behaviour, boolean chat) {
        JsonObject in = parseBody(body);
        if (in == null) {
            fail(request, 400, "invalid request: body must be a JSON object");
            return;
        }
        String requested = in.getString("model");
        if (requested == null || requested.isBlank()) {
            fail(request, 400, "model is required");
            return;
        }
        String model = servedModel(requested);
        if (model == null) {
            fail(request, 404, "model \"" + requested + "\" not found, try pulling it first");
            return;
        }
        String prompt;
        if (chat) {
            JsonArray messages = in.getValue("messages") instanceof JsonArray a ? a : new JsonArray();
            prompt = RequestFields.lastUserMessage(messages);
        } else {
            prompt = in.getString("prompt", "");
            if (prompt.isEmpty()) {
                // Ollama loads the model and answers at once when the prompt is empty
                json(request, 200, new JsonObject().put("model", requested).put("created_at", now())
                        .put("response", "").put("done", true).put("done_reason", "load"));
                return;
            }
        }
        JsonObject options = RequestFields.objectField(in, "options");
        Generation generation = Generation.of(scriptedAnswer(prompt), prompt,
                RequestFields.intField(options, "num_predict", -1),
                RequestFields.stops(options.getValue("stop")));
        long started = System.nanoTime();
        boolean stream = RequestFields.boolField(in, "stream", true);
        TokenPacer pacer = pace(request, generation, behaviour);
        if (stream) {
            pacer.stream("application/x-ndjson", new StreamFrames() {
                @Override
                public String token(int index, String text, boolean last) {
                    return chunk(requested, chat, text).put("done", false).encode() + "\n";
                }

                @Override
                public String end() {
                    return done(chunk(requested, chat, ""), generation, started, chat).encode() + "\n";
                }

                @Override
                public String error(String message) {
                    return new JsonObject().put("error", message).encode() + "\n";
                }
            });
        } else {
            pacer.whole(() -> json(request, 200, done(chunk(requested, chat, generation.text()), generation, started, chat)),
                    () -> fail(request, 500, "testkit: generation failed"));
        }
    }

    private static JsonObject chunk(String model, boolean chat, String text) {
        JsonObject out = new JsonObject().put("model", model).put("created_at", now());
        if (chat) {
            out.put("message", new JsonObject().put("role", "assistant").put("content", text));
        } else {
            out.put("response", text);
        }
        return out;
    }

    /** The final object: the durations add up to the time this request really took, in nanoseconds. */
    private static JsonObject done(JsonObject out, Generation generation, long started, boolean chat) {
        long total = Math.max(1_000, System.nanoTime() - started);
        long load = total / 10;
        long promptEval = total / 5;
        out.put("done", true).put("done_reason", generation.finishReason()).put("total_duration", total)
                .put("load_duration", load).put("prompt_eval_count", generation.promptTokens())
                .put("prompt_eval_duration", promptEval).put("eval_count", generation.completionTokens())
                .put("eval_duration", total - load - promptEval);
        if (!chat) {
            JsonArray context = new JsonArray();
            for (int i = 0; i < generation.promptTokens() + generation.completionTokens(); i++) {
                context.add(1000 + i);
            }
            out.put("context", context);
        }
        return out;
    }

    private JsonObject tags() {
        JsonArray list = new JsonArray();
        for (String name : models()) {
            list.add(new JsonObject().put("name", name).put("model", name).put("modified_at", "2025-01-01T00:00:00Z")
                    .put("size", 986_061_892L).put("digest", sha256(name)).put("details", details()));
        }
        return new JsonObject().put("models", list);
    }

    private void show(HttpServerRequest request, Buffer body) {
        JsonObject in = parseBody(body);
        String requested = in == null ? null : in.getString("model", in.getString("name"));
        String model = servedModel(requested);
        if (model == null) {
            fail(request, 404, "model '" + requested + "' not found");
            return;
        }
        json(request, 200, new JsonObject().put("modelfile", "FROM " + model).put("parameters", "stop \"<|im_end|>\"")
                .put("template", "{{ .Prompt }}").put("details", details())
                .put("model_info", new JsonObject().put("general.architecture", "qwen2")
                        .put("qwen2.context_length", 32768))
                .put("capabilities", new JsonArray().add("completion").add("insert"))
                .put("modified_at", "2025-01-01T00:00:00Z"));
    }

    private static JsonObject details() {
        return new JsonObject().put("parent_model", "").put("format", "gguf").put("family", "qwen2")
                .put("families", new JsonArray().add("qwen2")).put("parameter_size", "1.5B")
                .put("quantization_level", "Q4_K_M");
    }

    private static String now() {
        return Instant.now().toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
