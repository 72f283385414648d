package io.codeagents.gateway.rest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.codeagents.common.error.ApiException;
import io.codeagents.gateway.client.BackendFailure;
import io.codeagents.gateway.client.Chunk;
import io.codeagents.gateway.client.JsonText;
import io.codeagents.gateway.client.Usage;
import io.codeagents.gateway.service.Answer;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;
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
            StringBuilder out = new StringBuilder(256 + text.length());
            out.append(envelope(answer, chat ? "chat.completion" : "text_completion")).append(",\"choices\":[{\"index\":0,");
            if (chat) {
                JsonText.string(out.append("\"message\":{\"role\":\"assistant\",\"content\":"), text.toString())
                        .append('}');
            } else {
                JsonText.string(out.append("\"text\":"), text.toString());
            }
            JsonText.string(out.append(",\"logprobs\":null,\"finish_reason\":"), last.finishReason()).append("}]");
            return Buffer.buffer(usage(out.append(",\"usage\":"), last.usage()).append('}').toString());
        }).toMulti();
    }

    /** The answer as SSE frames. */
    Multi<Buffer> stream(Answer answer, boolean includeUsage) {
        String envelope = envelope(answer, chat ? "chat.completion.chunk" : "text_completion");
        Multi<Buffer> body = answer.chunks().map(chunk -> {
            if (!chunk.isLast()) {
                return frame(chunk(envelope, chunk.text(), null, null));
            }
            StringBuilder out = chunk(envelope, chunk.text().isEmpty() ? null : chunk.text(), chunk.finishReason(),
                    chunk.usage());
            Buffer frames = frame(out);
            if (includeUsage) {
                frames.appendBuffer(frame(usage(new StringBuilder(envelope).append(",\"choices\":[],\"usage\":"),
                        chunk.usage()).append('}')));
            }
            return frames.appendBuffer(DONE);
        }).onFailure().recoverWithItem(OpenAiWire::errorFrame);
        if (!chat) {
            return body;
        }
        StringBuilder role = new StringBuilder(envelope).append(",\"choices\":[{\"index\":0,\"delta\":{\"role\":"
                + "\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}");
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(frame(role)), body);
    }

    /** One chunk object; {@code envelope} is the object's opening members (see {@link #envelope}). */
    private StringBuilder chunk(String envelope, String text, String finishReason, Usage usage) {
        StringBuilder out = new StringBuilder(envelope.length() + 96 + (text == null ? 0 : text.length()));
        out.append(envelope).append(",\"choices\":[{\"index\":0,");
        if (chat) {
            out.append("\"delta\":{");
            if (text != null) {
                JsonText.string(out.append("\"content\":"), text);
            }
            out.append('}');
        } else {
            JsonText.string(out.append("\"text\":"), text == null ? "" : text);
        }
        JsonText.string(out.append(",\"logprobs\":null,\"finish_reason\":"), finishReason).append("}]");
        if (usage != null) {
            usage(out.append(",\"usage\":"), usage);
        }
        return out.append('}');
    }

    /** The members every object of one answer starts with, without the closing brace: written once per answer. */
    private String envelope(Answer answer, String object) {
        StringBuilder out = new StringBuilder(160);
        JsonText.string(out.append("{\"id\":"), id);
        JsonText.string(out.append(",\"object\":"), object);
        out.append(",\"created\":").append(created);
        JsonText.string(out.append(",\"model\":"), answer.model());
        JsonText.string(out.append(",\"system_fingerprint\":"), answer.servedBy());
        return out.toString();
    }

    private static StringBuilder usage(StringBuilder out, Usage usage) {
        Usage u = usage == null ? new Usage(0, 0) : usage;
        return out.append("{\"prompt_tokens\":").append(u.promptTokens()).append(",\"completion_tokens\":")
                .append(u.completionTokens()).append(",\"total_tokens\":").append(u.totalTokens()).append('}');
    }

    private static Buffer frame(CharSequence json) {
        return Buffer.buffer(json.length() + 8).appendString("data: ").appendString(json.toString())
                .appendString("\n\n");
    }

    /** The error event a client sees when the backend fails mid-stream; the stream then ends without [DONE]. */
    static Buffer errorFrame(Throwable failure) {
        String code = failure instanceof BackendFailure f && f.kind() == BackendFailure.Kind.TIMEOUT
                ? "MODEL_002"
                : failure instanceof ApiException api ? api.code().name() : "MODEL_001";
        return frame(new JsonObject().put("error", new JsonObject().put("message", "generation interrupted: "
                + failure.getMessage()).put("type", "server_error").putNull("param").put("code", code)).encode());
    }
}
