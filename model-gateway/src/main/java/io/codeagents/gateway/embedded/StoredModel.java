package io.codeagents.gateway.embedded;

import java.nio.file.Path;

import io.vertx.core.json.JsonObject;

/**
 * A complete model in the store: its weights blob (the {@code application/vnd.ollama.image.model} layer) and what the
 * other layers say about using it: the prompt template (Ollama's Go-template syntax), the default system message and
 * the default parameters ({@code stop}, {@code temperature}, {@code num_ctx}, …). Absent layers are null.
 */
public record StoredModel(String name, Path blob, String digest, long size, String template, String system,
        JsonObject params) {
}
