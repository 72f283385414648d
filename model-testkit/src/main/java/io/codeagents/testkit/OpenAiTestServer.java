package io.codeagents.testkit;

import java.util.List;
import java.util.UUID;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An OpenAI-compatible server (as vLLM, llama.cpp server or LM Studio speak it): {@code POST /v1/chat/completions},
 * {@code POST /v1/completions} (JSON, or SSE chunks {@code data: {...}} ending {@code data: [DONE]}, with a usage chunk
 * when {@code stream_options.include_usage} is true), {@code GET /v1/models}. Errors are
 * {@code {"error": {"message", "type", "param", "code"}}}. With {@link #apiKey(String)} set, requests need
 * {@code Authorization: Bearer <key>} (401 {@code invalid_api_key} otherwise).
 */
public final class OpenAiTestServer extends ModelTestServer<OpenAiTestServer> {

    public static final List<String> DEFAULT_MODELS = List.of("gpt-4o-mini");

    private volatile String apiKey;

    private OpenAiTestServer(Vertx vertx, boolean ownsVertx) {
        super(vertx, ownsVertx, DEFAULT_MODELS);
    }

    public static OpenAiTestServer start(int port) {
        return new OpenAiTestServer(Vertx.vertx(), true).listen(port);
    }

    public static OpenAiTestServer start(Vertx vertx, int port) {
        return new OpenAiTestServer(vertx, false).listen(port);
    }

    /** Requires this bearer key on every API call (null: no key needed). */
    public OpenAiTestServer apiKey(String key) {
        this.apiKey = key;
        return this;
    }

    @Override
    public String protocol() {
        return "openai";
    }

    @Override
    protected void serve(HttpServerRequest request, Buffer body, Behaviour behaviour) {
        String key = apiKey;
        if (key != null && !("Bearer " + key).equals(request.getHeader("Authorization"))) {
            json(request, 401, errorBody("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
            return;
        }
        switch (request.method() + " " + request.path()) {
            case "POST /v1/chat/completions" -> complete(request, body, behaviour, true);
            case "POST /v1/completions" -> complete(request, body, behaviour, false);
            case "GET /v1/models" -> json(request, 200, modelList());
            default -> json(request, 404, errorBody("Unknown request URL: " + request.method() + " " + request.path(),
                    "invalid_request_error", "unknown_url"));
        }
    }

    @Override
    protected void fail(HttpServerRequest request, int status, String message) {
        JsonObject body = switch (status) {
            case 429 -> errorBody("Rate limit reached for requests", "requests", "rate_limit_exceeded");
            case 503 -> errorBody("The server is overloaded or not ready yet.", "server_error", null);
            default -> errorBody(message, status >= 500 ? "server_error" : "invalid_request_error", null);
        };
        json(request, status, body);
    }

    private static JsonObject errorBody(String message, String type, String code) {
        return new JsonObject().put("error", new JsonObject().put("message", message).put("type", type).putNull("param")
                .put("code", code));
    }

    private void complete(HttpServerRequest request, Buffer body, Behaviour behaviour, boolean chat) {
        JsonObject in = parseBody(body);
        if (in == null) {
            json(request, 400, errorBody("We could not parse the JSON body of your request.", "invalid_request_error",
                    null));
            return;
        }
        String requested = in.getString("model");
        if (requested == null || requested.isBlank()) {
            json(request, 400, errorBody("you must provide a model parameter", "invalid_request_error", null));
            return;
        }
        if (servedModel(requested) == null) {
            json(request, 404, errorBody("The model `" + requested + "` does not exist or you do not have access to it.",
                    "invalid_request_error", "model_not_found"));
            return;
        }
        String prompt;
        if (chat) {
            JsonArray messages = in.getJsonArray("messages");
            if (messages == null) {
                json(request, 400, errorBody("Missing required parameter: 'messages'.", "invalid_request_error",
                        "missing_required_parameter"));
                return;
            }
            prompt = RequestFields.lastUserMessage(messages);
        } else {
            Object value = in.getValue("prompt");
            prompt = value instanceof JsonArray array && !array.isEmpty()
                    ? String.valueOf(array.getValue(0))
                    : value == null ? "" : String.valueOf(value);
        }
        int maxTokens = RequestFields.intField(in, "max_completion_tokens", RequestFields.intField(in, "max_tokens", -1));
        Generation generation = Generation.of(scriptedAnswer(prompt), prompt, maxTokens,
                RequestFields.stops(in.getValue("stop")));
        String id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        String object = chat ? "chat.completion" : "text_completion";
        TokenPacer pacer = pace(request, generation, behaviour);
        if (!RequestFields.boolField(in, "stream", false)) {
            JsonObject choice = new JsonObject().put("index", 0);
            if (chat) {
                choice.put("message", new JsonObject().put("role", "assistant").put("content", generation.text()));
            } else {
                choice.put("text", generation.text());
            }
            choice.putNull("logprobs").put("finish_reason", generation.finishReason());
            pacer.whole(() -> json(request, 200, envelope(id, object, created, requested)
                    .put("choices", new JsonArray().add(choice)).put("usage", usage(generation))),
                    () -> fail(request, 500, "The server had an error while processing your request."));
            return;
        }
        boolean includeUsage = RequestFields.boolField(RequestFields.objectField(in, "stream_options"), "include_usage", false);
        String chunkObject = chat ? "chat.completion.chunk" : "text_completion";
        pacer.stream("text/event-stream", new StreamFrames() {
            @Override
            public String token(int index, String text, boolean last) {
                String frames = "";
                if (index == 0 && chat) {
                    frames = frame(chunk(new JsonObject().put("role", "assistant").put("content", ""), null));
                }
                return frames + frame(chunk(chat ? new JsonObject().put("content", text) : null, text));
            }

            @Override
            public String end() {
                JsonObject last = chunk(chat ? new JsonObject() : null, "");
                last.getJsonArray("choices").getJsonObject(0).put("finish_reason", generation.finishReason());
                String frames = frame(last);
                if (includeUsage) {
                    frames += frame(envelope(id, chunkObject, created, requested).put("choices", new JsonArray())
                            .put("usage", usage(generation)));
                }
                return frames + "data: [DONE]\n\n";
            }

            @Override
            public String error(String message) {
                return frame(errorBody(message, "server_error", null));
            }

            private JsonObject chunk(JsonObject delta, String text) {
                JsonObject choice = new JsonObject().put("index", 0);
                if (chat) {
                    choice.put("delta", delta);
                } else {
                    choice.put("text", text);
                }
                choice.putNull("logprobs").putNull("finish_reason");
                JsonObject out = envelope(id, chunkObject, created, requested).put("choices", new JsonArray().add(choice));
                if (includeUsage) {
                    out.putNull("usage");
                }
                return out;
            }
        });
    }

    private static String frame(JsonObject json) {
        return "data: " + json.encode() + "\n\n";
    }

    private static JsonObject envelope(String id, String object, long created, String model) {
        return new JsonObject().put("id", id).put("object", object).put("created", created).put("model", model)
                .put("system_fingerprint", "fp_testkit");
    }

    private static JsonObject usage(Generation generation) {
        return new JsonObject().put("prompt_tokens", generation.promptTokens())
                .put("completion_tokens", generation.completionTokens())
                .put("total_tokens", generation.promptTokens() + generation.completionTokens());
    }

    private JsonObject modelList() {
        JsonArray data = new JsonArray();
        for (String model : models()) {
            data.add(new JsonObject().put("id", model).put("object", "model").put("created", 1_700_000_000L)
                    .put("owned_by", "testkit"));
        }
        return new JsonObject().put("object", "list").put("data", data);
    }
}
