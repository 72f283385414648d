package io.codeagents.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonObject;

/** Reads an SSE body the way the OpenAI SDKs do: events separated by a blank line, each {@code data: <payload>}. */
record Sse(List<String> payloads) {

    static Sse parse(String body) {
        List<String> payloads = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            if (event.isBlank()) {
                continue;
            }
            assertTrue(event.startsWith("data: "), "not an SSE data event: " + event);
            payloads.add(event.substring(6));
        }
        return new Sse(payloads);
    }

    boolean endsWithDone() {
        return !payloads.isEmpty() && payloads.get(payloads.size() - 1).equals("[DONE]");
    }

    List<JsonObject> chunks() {
        return payloads.stream().filter(p -> !p.equals("[DONE]")).map(JsonObject::new).toList();
    }

    /** The streamed text: every chunk's delta content (chat) or text (completions). */
    String text() {
        StringBuilder text = new StringBuilder();
        for (JsonObject chunk : chunks()) {
            if (chunk.getJsonArray("choices") == null || chunk.getJsonArray("choices").isEmpty()) {
                continue;
            }
            JsonObject choice = chunk.getJsonArray("choices").getJsonObject(0);
            JsonObject delta = choice.getJsonObject("delta");
            String piece = delta != null ? delta.getString("content") : choice.getString("text");
            if (piece != null) {
                text.append(piece);
            }
        }
        return text.toString();
    }

    JsonObject usage() {
        return chunks().stream().filter(c -> c.getValue("usage") instanceof JsonObject).reduce((a, b) -> b)
                .map(c -> c.getJsonObject("usage")).orElse(null);
    }

    JsonObject error() {
        return chunks().stream().filter(c -> c.containsKey("error")).findFirst().map(c -> c.getJsonObject("error"))
                .orElse(null);
    }
}
