package io.codeagents.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.codeagents.common.error.ApiException;
import io.codeagents.gateway.client.BackendFailure;
import io.codeagents.gateway.client.Chunk;
import io.codeagents.gateway.client.Usage;
import io.codeagents.gateway.service.Answer;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The OpenAI wire format of an {@link Answer}: one {@code chat.completion} / {@code text_completion} object, or SSE
 * chunks {@code data: {...}} (a role chunk first for chats, then content, a final chunk with {@code finish_reason} and
 * {@code usage}, the separate usage chunk when {@code stream_options.include_usage}, and {@code data: [DONE]}). A
 * failure after the first token becomes an {@code {"error": ...}} event and the stream ends without {@code [DONE]}.
 */
final class OpenAiWire {

    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    private final boolean chat;
    private final String id;
    private final long created = System.currentTimeMillis() / 1000;

    OpenAiWire(boolean chat) {
        this.chat = chat;
        // not a secret, only unique enough: ThreadLocalRandom avoids SecureRandom's shared lock on the hot path
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.id = (chat ? "chatcmpl-" : "cmpl-") + Long.toHexString(random.nextLong()) + Long.toHexString(
                random.nextLong());
    }

    Map<String, List<String>> headers(Answer answer, boolean stream) {
        return Map.of("Content-Type", List.of(stream ? "text/event-stream" : "application/json"), "X-Cache",
                List.of(answer.cache().name()), "X-Backend", List.of(answer.servedBy()), "Cache-Control",
                List.of("no-cache"));
    }

    /** The whole answer as one JSON body. */
    Multi<Buffer> whole(Answer answer) {
        return answer.chunks().collect().asList().map(chunks -> {
            StringBuilder text = new StringBuilder();
            Chunk last = Chunk.last("stop", new Usage(0, 0));
            for (Chunk chunk : chunks) {
                text.append(chunk.text());
                if (chunk.isLast()) {
                    last = chunk;
                }
            }
            JsonObject choice = new JsonObject().put("index", 0);
            if (chat) {
                choice.put("message", new JsonObject().put("role", "assistant").put("content", text.toString()));
            } else {
                choice.put("text", text.toString());
            }
            choice.putNull("logprobs").put("finish_reason", last.finishReason());
            return envelope(answer, chat ? "chat.completion" : "text_completion")
                    .put("choices", new JsonArray().add(choice)).put("usage", usage(last.usage())).toBuffer();
        }).toMulti();
    }

    /** The answer as SSE frames. */
    Multi<Buffer> stream(Answer answer, boolean includeUsage) {
        String object = chat ? "chat.completion.chunk" : "text_completion";
        Multi<Buffer> body = answer.chunks().map(chunk -> {
            if (!chunk.isLast()) {
                return frame(chunk(answer, object, chunk.text(), null, null));
            }
            Buffer out = frame(chunk(answer, object, chunk.text().isEmpty() ? null : chunk.text(),
                    chunk.finishReason(), chunk.usage()));
            if (includeUsage) {
                out.appendBuffer(frame(envelope(answer, object).put("choices", new JsonArray())
                        .put("usage", usage(chunk.usage()))));
            }
            return out.appendBuffer(DONE);
        }).onFailure().recoverWithItem(OpenAiWire::errorFrame);
        if (!chat) {
            return body;
        }
        JsonObject role = envelope(answer, object).put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                .put("delta", new JsonObject().put("role", "assistant").put("content", "")).putNull("logprobs")
                .putNull("finish_reason")));
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(frame(role)), body);
    }

    private JsonObject chunk(Answer answer, String object, String text, String finishReason, Usage usage) {
        JsonObject choice = new JsonObject().put("index", 0);
        if (chat) {
            JsonObject delta = new JsonObject();
            if (text != null) {
                delta.put("content", text);
            }
            choice.put("delta", delta);
        } else {
            choice.put("text", text == null ? "" : text);
        }
        choice.putNull("logprobs").put("finish_reason", finishReason);
        JsonObject out = envelope(answer, object).put("choices", new JsonArray().add(choice));
        if (usage != null) {
            out.put("usage", usage(usage));
        }
        return out;
    }

    private JsonObject envelope(Answer answer, String object) {
        return new JsonObject().put("id", id).put("object", object).put("created", created).put("model",
                answer.model()).put("system_fingerprint", answer.servedBy());
    }

    private static JsonObject usage(Usage usage) {
        Usage u = usage == null ? new Usage(0, 0) : usage;
        return new JsonObject().put("prompt_tokens", u.promptTokens()).put("completion_tokens", u.completionTokens())
                .put("total_tokens", u.totalTokens());
    }

    private static Buffer frame(JsonObject json) {
        String encoded = json.encode();
        return Buffer.buffer(encoded.length() + 8).appendString("data: ")
                .appendString(encoded, StandardCharsets.UTF_8.name()).appendString("\n\n");
    }

    /** The error event a client sees when the backend fails mid-stream; the stream then ends without [DONE]. */
    static Buffer errorFrame(Throwable failure) {
        String code = failure instanceof BackendFailure f && f.kind() == BackendFailure.Kind.TIMEOUT
                ? "MODEL_002"
                : failure instanceof ApiException api ? api.code().name() : "MODEL_001";
        return frame(new JsonObject().put("error", new JsonObject().put("message", "generation interrupted: "
                + failure.getMessage()).put("type", "server_error").putNull("param").put("code", code)));
    }
}
