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
 * Any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, Ollama's {@code /v1}): {@code /v1/chat/completions}
 * and {@code /v1/completions} streamed as SSE with {@code stream_options.include_usage}, ending {@code data: [DONE]}.
 * The base URL may or may not end in {@code /v1}.
 */
public final class OpenAiBackend extends HttpModelBackend {

    public OpenAiBackend(String name, Vertx vertx, GatewayConfig.Backend config) {
        super(name, vertx, config);
    }

    /** Accepts {@code http://host:8000} and {@code http://host:8000/v1} as the base URL alike. */
    @Override
    protected String path(String path) {
        String full = super.path(path);
        return full.contains("/v1/v1/") ? full.replace("/v1/v1/", "/v1/") : full;
    }

    @Override
    public String type() {
        return "openai";
    }

    @Override
    public Uni<TokenStream> open(InferenceRequest request) {
        JsonObject body = new JsonObject().put("model", request.model()).put("stream", true).put("stream_options",
                new JsonObject().put("include_usage", true));
        if (request.isChat()) {
            body.put("messages", messagesJson(request));
        } else {
            body.put("prompt", request.prompt());
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            body.put("top_p", request.topP());
        }
        if (request.maxTokens() != null) {
            body.put("max_tokens", request.maxTokens());
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.stop() != null && !request.stop().isEmpty()) {
            body.put("stop", new JsonArray(request.stop()));
        }
        if (request.logitBias() != null && !request.logitBias().isEmpty()) {
            JsonObject bias = new JsonObject();
            request.logitBias().forEach((token, value) -> bias.put(token.toString(), value));
            body.put("logit_bias", bias);
        }
        return stream(request, request.isChat() ? "/v1/chat/completions" : "/v1/completions", body,
                new Decoder(name, request.isChat(), TgiBackend.estimateTokens(request.promptText())));
    }

    @Override
    public Uni<List<String>> listModels() {
        return listFrom("/v1/models", list -> names(list.getJsonArray("data"), "id"));
    }

    @Override
    public Uni<Void> ping() {
        return getOk("/v1/models", Duration.ofSeconds(2));
    }

    private static final class Decoder extends SseDecoder {
        private final boolean chat;
        private final int estimatedPromptTokens;
        private String finishReason;
        private Usage usage;
        private int chunks;

        Decoder(String backend, boolean chat, int estimatedPromptTokens) {
            super(backend);
            this.chat = chat;
            this.estimatedPromptTokens = estimatedPromptTokens;
        }

        @Override
        protected void decodeData(String data, Consumer<Chunk> out) {
            if (data.equals("[DONE]")) {
                finished = true;
                out.accept(Chunk.last(finishReason == null ? "stop" : finishReason,
                        usage != null ? usage : new Usage(estimatedPromptTokens, chunks)));
                return;
            }
            JsonObject event = new JsonObject(data);
            if (event.getValue("error") != null) {
                JsonObject error = event.getValue("error") instanceof JsonObject e ? e : new JsonObject();
                throw HttpErrors.byStatus(backend, 500, error.getString("message", String.valueOf(event.getValue(
                        "error"))));
            }
            JsonObject reported = event.getValue("usage") instanceof JsonObject u ? u : null;
            if (reported != null) {
                usage = new Usage(reported.getInteger("prompt_tokens", 0), reported.getInteger("completion_tokens", 0));
            }
            JsonArray choices = event.getJsonArray("choices");
            if (choices == null) {
                throw new BackendFailure(Kind.INVALID_RESPONSE, backend + " sent a chunk without choices");
            }
            if (choices.isEmpty()) {
                return;
            }
            JsonObject choice = choices.getJsonObject(0);
            String text = chat
                    ? (choice.getValue("delta") instanceof JsonObject d ? d.getString("content") : null)
                    : choice.getString("text");
            if (text != null && !text.isEmpty()) {
                chunks++;
                out.accept(Chunk.text(text));
            }
            if (choice.getValue("finish_reason") instanceof String reason) {
                finishReason = "length".equals(reason) ? "length" : "stop";
            }
        }

        @Override
        public BackendFailure failure(int status, String body) {
            try {
                JsonObject error = new JsonObject(body).getJsonObject("error");
                String code = error.getString("code");
                if ("model_not_found".equals(code)) {
                    return new BackendFailure(Kind.MODEL_NOT_FOUND, backend + ": " + error.getString("message"));
                }
                if ("context_length_exceeded".equals(code)) {
                    return new BackendFailure(Kind.CONTEXT_TOO_LONG, backend + ": " + error.getString("message"));
                }
                return HttpErrors.byStatus(backend, status, error.getString("message"));
            } catch (RuntimeException e) {
                return HttpErrors.byStatus(backend, status, HttpErrors.excerpt(body));
            }
        }
    }
}
