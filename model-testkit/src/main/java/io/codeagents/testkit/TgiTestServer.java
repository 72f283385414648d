package io.codeagents.testkit;

import java.util.List;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Hugging Face text-generation-inference as its OpenAPI documents it: {@code POST /generate} →
 * {@code {"generated_text", "details"?}}; {@code POST /generate_stream} → SSE {@code data:{"index","token":{...},
 * "generated_text":null,"details":null}} per token, the last event carrying {@code generated_text} and
 * {@code details}; {@code GET /info}, {@code GET /health}. Errors are {@code {"error","error_type"}}: 422
 * {@code validation}, 424 {@code generation}, 429 {@code overloaded}, 500 {@code incomplete_generation}. One model per
 * server (the first of {@link #models()}); {@code max_new_tokens} defaults to 100 as in TGI. A natural end is an
 * {@code <|endoftext|>} special token, counted in {@code generated_tokens}.
 */
public final class TgiTestServer extends ModelTestServer<TgiTestServer> {

    public static final List<String> DEFAULT_MODELS = List.of("bigcode/starcoder");
    public static final String EOS = "<|endoftext|>";
    static final int DEFAULT_MAX_NEW_TOKENS = 100;

    private TgiTestServer(Vertx vertx, boolean ownsVertx) {
        super(vertx, ownsVertx, DEFAULT_MODELS);
    }

    public static TgiTestServer start(int port) {
        return new TgiTestServer(Vertx.vertx(), true).listen(port);
    }

    public static TgiTestServer start(Vertx vertx, int port) {
        return new TgiTestServer(vertx, false).listen(port);
    }

    @Override
    public String protocol() {
        return "tgi";
    }

    private String modelId() {
        return models().isEmpty() ? DEFAULT_MODELS.get(0) : models().get(0);
    }

    @Override
    protected void serve(HttpServerRequest request, Buffer body, Behaviour behaviour) {
        switch (request.method() + " " + request.path()) {
            case "POST /generate" -> generate(request, body, behaviour, false);
            case "POST /generate_stream" -> generate(request, body, behaviour, true);
            case "GET /info" -> json(request, 200, info());
            case "GET /health" -> request.response().setStatusCode(200).end();
            default -> request.response().setStatusCode(404).end();
        }
    }

    @Override
    protected void fail(HttpServerRequest request, int status, String message) {
        json(request, status, errorBody(message, errorType(status)));
    }

    static String errorType(int status) {
        return switch (status) {
            case 422 -> "validation";
            case 424 -> "generation";
            case 429, 503 -> "overloaded";
            default -> "incomplete_generation";
        };
    }

    private static JsonObject errorBody(String message, String type) {
        return new JsonObject().put("error", message).put("error_type", type);
    }

    private void generate(HttpServerRequest request, Buffer body, Behaviour behaviour, boolean stream) {
        JsonObject in = parseBody(body);
        if (in == null) {
            fail(request, 422, "Failed to deserialize the JSON body into the target type");
            return;
        }
        String inputs = in.getString("inputs");
        if (inputs == null || inputs.isEmpty()) {
            fail(request, 422, "Input validation error: `inputs` cannot be empty");
            return;
        }
        JsonObject parameters = RequestFields.objectField(in, "parameters");
        Integer maxNewTokens = parameters.getValue("max_new_tokens") instanceof Number n ? n.intValue() : null;
        if (maxNewTokens != null && maxNewTokens <= 0) {
            fail(request, 422, "Input validation error: `max_new_tokens` must be strictly > 0");
            return;
        }
        List<String> stops = RequestFields.stops(parameters.getValue("stop"));
        Generation generation = Generation.of(scriptedAnswer(inputs), inputs,
                maxNewTokens == null ? DEFAULT_MAX_NEW_TOKENS : maxNewTokens, stops);
        boolean stoppedBySequence = !stops.isEmpty() && stops.stream().anyMatch(scriptedAnswer(inputs)::contains);
        String finish = generation.finishReason().equals("length")
                ? "length"
                : stoppedBySequence ? "stop_sequence" : "eos_token";
        boolean eos = finish.equals("eos_token");
        int generatedTokens = generation.completionTokens() + (eos ? 1 : 0);
        TokenPacer pacer = pace(request, generation, behaviour);
        if (!stream) {
            pacer.whole(() -> {
                JsonObject out = new JsonObject().put("generated_text", generation.text());
                if (RequestFields.boolField(parameters, "details", false)) {
                    out.put("details", details(finish, generatedTokens, parameters).put("prefill",
                            prefill(generation, inputs, parameters)).put("tokens", tokens(generation, eos)));
                }
                json(request, 200, out);
            }, () -> fail(request, 424, "Request failed during generation: testkit generation error"));
            return;
        }
        int n = generation.completionTokens();
        pacer.stream("text/event-stream", new StreamFrames() {
            @Override
            public String token(int index, String text, boolean last) {
                JsonObject event = event(index + 1, tokenJson(index, text, false));
                if (last && !eos) {
                    event.put("generated_text", generation.text()).put("details", details(finish, generatedTokens,
                            parameters));
                }
                return "data:" + event.encode() + "\n\n";
            }

            @Override
            public String end() {
                if (!eos && n > 0) {
                    return "";
                }
                JsonObject event = event(n + 1, tokenJson(n, EOS, true)).put("generated_text", generation.text())
                        .put("details", details(finish, generatedTokens, parameters));
                return "data:" + event.encode() + "\n\n";
            }

            @Override
            public String error(String message) {
                return "data:" + errorBody(message, "generation").encode() + "\n\n";
            }
        });
    }

    private static JsonObject event(int index, JsonObject token) {
        return new JsonObject().put("index", index).put("token", token).putNull("generated_text").putNull("details")
                .putNull("top_tokens");
    }

    private static JsonObject tokenJson(int index, String text, boolean special) {
        return new JsonObject().put("id", special ? 0 : 1000 + index).put("text", text).put("logprob", -0.25)
                .put("special", special);
    }

    private static JsonObject details(String finish, int generatedTokens, JsonObject parameters) {
        return new JsonObject().put("finish_reason", finish).put("generated_tokens", generatedTokens)
                .put("seed", parameters.getValue("seed"));
    }

    private static JsonArray tokens(Generation generation, boolean eos) {
        JsonArray out = new JsonArray();
        for (int i = 0; i < generation.tokens().size(); i++) {
            out.add(tokenJson(i, generation.tokens().get(i), false));
        }
        if (eos) {
            out.add(tokenJson(generation.tokens().size(), EOS, true));
        }
        return out;
    }

    /** Prompt tokens are listed only with {@code decoder_input_details}, as in TGI. */
    private static JsonArray prefill(Generation generation, String inputs, JsonObject parameters) {
        JsonArray out = new JsonArray();
        if (RequestFields.boolField(parameters, "decoder_input_details", false)) {
            List<String> prompt = AnswerTokens.split(inputs);
            for (int i = 0; i < prompt.size(); i++) {
                out.add(new JsonObject().put("id", 2000 + i).put("text", prompt.get(i)).put("logprob",
                        i == 0 ? null : -1.0));
            }
        }
        return out;
    }

    private JsonObject info() {
        return new JsonObject().put("model_id", modelId()).putNull("model_sha").put("model_dtype", "torch.float16")
                .put("model_device_type", "cuda").put("model_pipeline_tag", "text-generation")
                .put("max_concurrent_requests", 128).put("max_best_of", 2).put("max_stop_sequences", 4)
                .put("max_input_tokens", 4095).put("max_total_tokens", 4096).put("waiting_served_ratio", 1.2)
                .put("max_batch_total_tokens", 16000).put("max_waiting_tokens", 20).put("validation_workers", 2)
                .put("max_client_batch_size", 4).put("router", "text-generation-router").put("version", "2.4.1");
    }
}
