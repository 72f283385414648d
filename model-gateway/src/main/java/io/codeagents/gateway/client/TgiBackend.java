package io.codeagents.gateway.client;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.codeagents.gateway.client.BackendFailure.Kind;
import io.codeagents.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Hugging Face text-generation-inference (e.g. serving StarCoder): {@code /generate_stream} SSE with one {@code token}
 * event per token (special tokens such as end-of-text are not text) and a final event carrying {@code details};
 * errors are {@code {"error", "error_type"}}. TGI serves one model, named by {@code /info}'s {@code model_id}; chats
 * are rendered into one prompt since the model is a completion model. TGI's stream does not report prompt tokens, so
 * they are estimated (about four characters a token).
 */
public final class TgiBackend extends HttpModelBackend {

    public TgiBackend(String name, Vertx vertx, GatewayConfig.Backend config) {
        super(name, vertx, config);
    }

    @Override
    public String type() {
        return "tgi";
    }

    @Override
    public Uni<TokenStream> open(InferenceRequest request) {
        String inputs = request.promptText();
        JsonObject parameters = new JsonObject().put("details", true);
        // TGI refuses temperature 0: greedy decoding is do_sample=false
        if (request.temperature() != null && request.temperature() > 0) {
            parameters.put("do_sample", true).put("temperature", request.temperature());
        } else if (request.temperature() != null) {
            parameters.put("do_sample", false);
        }
        if (request.topP() != null && request.topP() > 0 && request.topP() < 1) {
            parameters.put("top_p", request.topP());
        }
        if (request.maxTokens() != null) {
            parameters.put("max_new_tokens", request.maxTokens());
        }
        if (request.seed() != null) {
            parameters.put("seed", request.seed());
        }
        if (request.stop() != null && !request.stop().isEmpty()) {
            parameters.put("stop", new JsonArray(request.stop()));
        }
        JsonObject body = new JsonObject().put("inputs", inputs).put("parameters", parameters).put("stream", true);
        return stream(request, "/generate_stream", body, new Decoder(name, estimateTokens(inputs)));
    }

    static int estimateTokens(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }

    @Override
    public Uni<List<String>> listModels() {
        return listFrom("/info", info -> info.getString("model_id") == null
                ? List.of()
                : List.of(info.getString("model_id")));
    }

    @Override
    public Uni<Void> ping() {
        return getOk("/health", Duration.ofSeconds(2));
    }

    /** A decoder for one call's SSE stream (and its error bodies). */
    static FrameDecoder decoder(String backend, int promptTokens) {
        return new Decoder(backend, promptTokens);
    }

    private static final class Decoder extends SseDecoder {
        private final int promptTokens;

        Decoder(String backend, int promptTokens) {
            super(backend);
            this.promptTokens = promptTokens;
        }

        @Override
        protected void decodeData(String data, Consumer<Chunk> out) {
            JsonObject event = new JsonObject(data);
            if (event.containsKey("error")) {
                throw failure(event.getString("error"), event.getString("error_type"), 500);
            }
            JsonObject token = event.getJsonObject("token");
            if (token == null) {
                throw new BackendFailure(Kind.INVALID_RESPONSE, backend + " sent an event without a token");
            }
            if (!Boolean.TRUE.equals(token.getBoolean("special"))) {
                String text = token.getString("text", "");
                if (!text.isEmpty()) {
                    out.accept(Chunk.text(text));
                }
            }
            JsonObject details = event.getJsonObject("details");
            if (event.getValue("generated_text") != null) {
                finished = true;
                String reason = details == null ? "eos_token" : details.getString("finish_reason", "eos_token");
                int generated = details == null ? 0 : details.getInteger("generated_tokens", 0);
                out.accept(Chunk.last("length".equals(reason) ? "length" : "stop", new Usage(promptTokens, generated)));
            }
        }

        @Override
        public BackendFailure failure(int status, String body) {
            try {
                JsonObject json = new JsonObject(body);
                return failure(json.getString("error", body), json.getString("error_type"), status);
            } catch (RuntimeException e) {
                return HttpErrors.byStatus(backend, status, HttpErrors.excerpt(body));
            }
        }

        private BackendFailure failure(String message, String type, int status) {
            String text = backend + " " + (type == null ? "error" : type) + ": " + message;
            String lower = String.valueOf(message).toLowerCase(Locale.ROOT);
            if ("validation".equals(type) && (lower.contains("tokens") || lower.contains("length"))) {
                return new BackendFailure(Kind.CONTEXT_TOO_LONG, text);
            }
            if (lower.contains("out of memory")) {
                return new BackendFailure(Kind.CONTEXT_TOO_LONG, text);
            }
            if ("validation".equals(type)) {
                return new BackendFailure(Kind.REJECTED, text);
            }
            if ("overloaded".equals(type)) {
                return new BackendFailure(Kind.OVERLOADED, text);
            }
            return HttpErrors.byStatus(backend, status, message);
        }
    }
}
