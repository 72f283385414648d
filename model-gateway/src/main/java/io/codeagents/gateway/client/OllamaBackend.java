package io.codeagents.gateway.client;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.codeagents.gateway.client.BackendFailure.Kind;
import io.codeagents.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Ollama's own API: {@code /api/chat} for chats and {@code /api/generate} for prompts, always streamed as NDJSON; the
 * final line ({@code done: true}) carries {@code done_reason}, {@code prompt_eval_count} and {@code eval_count}; an
 * {@code {"error": ...}} line may arrive mid-stream. Models come from {@code /api/tags}.
 */
public final class OllamaBackend extends HttpModelBackend {

    public OllamaBackend(String name, Vertx vertx, GatewayConfig.Backend config) {
        super(name, vertx, config);
    }

    @Override
    public String type() {
        return "ollama";
    }

    @Override
    public Uni<TokenStream> open(InferenceRequest request) {
        JsonObject body = new JsonObject().put("model", request.model()).put("stream", true);
        if (request.isChat()) {
            body.put("messages", messagesJson(request));
        } else {
            body.put("prompt", request.prompt());
        }
        JsonObject options = new JsonObject();
        putIfSet(options, "temperature", request.temperature());
        putIfSet(options, "top_p", request.topP());
        putIfSet(options, "num_predict", request.maxTokens());
        putIfSet(options, "seed", request.seed());
        putIfSet(options, "num_ctx", request.numCtx());
        if (request.stop() != null && !request.stop().isEmpty()) {
            options.put("stop", new JsonArray(request.stop()));
        }
        if (!options.isEmpty()) {
            body.put("options", options);
        }
        return stream(request.isChat() ? "/api/chat" : "/api/generate", body, new Decoder(name, request.isChat()));
    }

    private static void putIfSet(JsonObject options, String name, Object value) {
        if (value != null) {
            options.put(name, value);
        }
    }

    @Override
    public Uni<List<String>> listModels() {
        return listFrom("/api/tags", tags -> names(tags.getJsonArray("models"), "name"));
    }

    @Override
    public Uni<Void> ping() {
        return getOk("/api/version", Duration.ofSeconds(2));
    }

    private static final class Decoder implements FrameDecoder, BackendCall.ErrorBodies {
        private final String backend;
        private final boolean chat;
        private boolean finished;

        Decoder(String backend, boolean chat) {
            this.backend = backend;
            this.chat = chat;
        }

        @Override
        public boolean accepts(String contentType) {
            return contentType.startsWith("application/x-ndjson") || contentType.startsWith("application/json");
        }

        @Override
        public void decode(String line, Consumer<Chunk> out) {
            if (line.isBlank()) {
                return;
            }
            JsonObject json = new JsonObject(line);
            String error = json.getString("error");
            if (error != null) {
                throw HttpErrors.byStatus(backend, 500, error);
            }
            String text = chat
                    ? json.getJsonObject("message", new JsonObject()).getString("content", "")
                    : json.getString("response", "");
            if (!text.isEmpty()) {
                out.accept(Chunk.text(text));
            }
            if (Boolean.TRUE.equals(json.getBoolean("done"))) {
                finished = true;
                out.accept(Chunk.last(finishReason(json.getString("done_reason")), new Usage(
                        json.getInteger("prompt_eval_count", 0), json.getInteger("eval_count", 0))));
            } else if (!json.containsKey("done")) {
                throw new BackendFailure(Kind.INVALID_RESPONSE, backend + " sent a line without 'done'");
            }
        }

        private static String finishReason(String doneReason) {
            return "length".equals(doneReason) ? "length" : "stop";
        }

        @Override
        public boolean finished() {
            return finished;
        }

        @Override
        public BackendFailure failure(int status, String body) {
            String message;
            try {
                message = new JsonObject(body).getString("error", body);
            } catch (RuntimeException e) {
                message = HttpErrors.excerpt(body);
            }
            return HttpErrors.byStatus(backend, status, message);
        }
    }
}
