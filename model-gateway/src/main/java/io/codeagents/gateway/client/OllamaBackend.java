package io.codeagents.gateway.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.codeagents.gateway.client.BackendFailure.Kind;
import io.codeagents.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
        return stream(request, request.isChat() ? "/api/chat" : "/api/generate", Buffer.buffer(body(request)),
                new Decoder(name, request.isChat()));
    }

    /** The request body, written directly (this runs once per request on the event loop). */
    static String body(InferenceRequest request) {
        StringBuilder out = new StringBuilder(256);
        JsonText.name(out.append('{'), "model", true);
        JsonText.string(out, request.model());
        JsonText.name(out, "stream", false).append("true");
        if (request.isChat()) {
            JsonText.name(out, "messages", false).append('[');
            List<ChatMessage> messages = request.messages();
            for (int i = 0; i < messages.size(); i++) {
                ChatMessage m = messages.get(i);
                JsonText.name(out.append(i == 0 ? "{" : ",{"), "role", true);
                JsonText.string(out, m.role());
                JsonText.name(out, "content", false);
                JsonText.string(out, m.content()).append('}');
            }
            out.append(']');
        } else {
            JsonText.name(out, "prompt", false);
            JsonText.string(out, request.prompt());
        }
        int beforeOptions = out.length();
        JsonText.name(out, "options", false).append('{');
        int empty = out.length();
        option(out, "temperature", request.temperature(), empty);
        option(out, "top_p", request.topP(), empty);
        option(out, "num_predict", request.maxTokens(), empty);
        option(out, "seed", request.seed(), empty);
        option(out, "num_ctx", request.numCtx(), empty);
        if (request.stop() != null && !request.stop().isEmpty()) {
            JsonText.strings(JsonText.name(out, "stop", out.length() == empty), request.stop());
        }
        if (out.length() == empty) {
            out.setLength(beforeOptions);
        } else {
            out.append('}');
        }
        return out.append('}').toString();
    }

    /** A decoder for one call's NDJSON stream. */
    static FrameDecoder decoder(String backend, boolean chat) {
        return new Decoder(backend, chat);
    }

    private static void option(StringBuilder out, String name, Object value, int empty) {
        if (value != null) {
            JsonText.scalar(JsonText.name(out, name, out.length() == empty), value);
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
            Line parsed = Line.parse(line, chat);
            if (parsed.error != null) {
                throw HttpErrors.byStatus(backend, 500, parsed.error);
            }
            if (!parsed.text.isEmpty()) {
                out.accept(Chunk.text(parsed.text));
            }
            if (Boolean.TRUE.equals(parsed.done)) {
                finished = true;
                out.accept(Chunk.last(finishReason(parsed.doneReason),
                        new Usage(parsed.promptEvalCount, parsed.evalCount)));
            } else if (!parsed.hasDone) {
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

    /**
     * The fields of one NDJSON line the gateway uses, read with Jackson's streaming parser (no tree per line); any
     * other field is skipped. A line that is not a JSON object, or has a field of the wrong type, throws.
     */
    static final class Line {
        private static final JsonFactory JSON = new JsonFactory();

        String text = "";
        String error;
        Boolean done;
        boolean hasDone;
        String doneReason;
        int promptEvalCount;
        int evalCount;

        static Line parse(String line, boolean chat) {
            Line out = new Line();
            try (JsonParser p = JSON.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (field) {
                        case "error" -> out.error = string(p, value);
                        case "message" -> {
                            if (chat && value == JsonToken.START_OBJECT) {
                                out.text = content(p);
                            } else {
                                p.skipChildren();
                            }
                        }
                        case "response" -> {
                            if (!chat) {
                                out.text = orEmpty(string(p, value));
                            }
                        }
                        case "done" -> {
                            out.hasDone = true;
                            out.done = value == JsonToken.VALUE_TRUE
                                    ? Boolean.TRUE
                                    : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                            if (out.done == null && value != JsonToken.VALUE_NULL) {
                                throw new IllegalArgumentException("'done' is not a boolean");
                            }
                        }
                        case "done_reason" -> out.doneReason = string(p, value);
                        case "prompt_eval_count" -> out.promptEvalCount = count(p, value);
                        case "eval_count" -> out.evalCount = count(p, value);
                        default -> p.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return out;
        }

        private static String content(JsonParser p) throws IOException {
            String content = "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("content".equals(field)) {
                    content = orEmpty(string(p, value));
                } else {
                    p.skipChildren();
                }
            }
            return content;
        }

        private static String string(JsonParser p, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            if (value != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("'" + p.currentName() + "' is not a string");
            }
            return p.getText();
        }

        private static int count(JsonParser p, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return 0;
            }
            if (value != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalArgumentException("'" + p.currentName() + "' is not an integer");
            }
            return p.getIntValue();
        }

        private static String orEmpty(String text) {
            return text == null ? "" : text;
        }
    }
}
