package io.codeagents.gateway.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A model store laid out exactly as the download service writes it (Ollama's layout): each blob under
 * {@code blobs/sha256-<hex of its content>}, each manifest under
 * {@code manifests/registry.ollama.ai/library/<model>/<tag>} listing its layers with digest, media type and size.
 */
public final class TestModelStore {

    private final Path root;

    /** {@code <models dir> <model:tag> <gguf file>}: stores the tiny model under that name and writes its file too. */
    public static void main(String[] args) throws IOException {
        byte[] tiny = TinyGguf.model().bytes();
        new TestModelStore(Path.of(args[0])).add(args[1], tiny, null, null);
        Files.write(Path.of(args[2]), tiny);
    }

    public TestModelStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Adds {@code name} ({@code model:tag}) with these weights and, when not null, a template and a params layer. */
    public TestModelStore add(String name, byte[] weights, String template, JsonObject params) throws IOException {
        JsonArray layers = new JsonArray().add(layer("application/vnd.ollama.image.model", weights));
        if (template != null) {
            layers.add(layer("application/vnd.ollama.image.template", template.getBytes(StandardCharsets.UTF_8)));
        }
        if (params != null) {
            layers.add(layer("application/vnd.ollama.image.params", params.encode().getBytes(StandardCharsets.UTF_8)));
        }
        JsonObject config = layer("application/vnd.docker.container.image.v1+json",
                "{\"model_format\":\"gguf\"}".getBytes(StandardCharsets.UTF_8));
        JsonObject manifest = new JsonObject().put("schemaVersion", 2)
                .put("mediaType", "application/vnd.docker.distribution.manifest.v2+json").put("config", config)
                .put("layers", layers);
        int colon = name.indexOf(':');
        Path file = root.resolve("manifests/registry.ollama.ai/library").resolve(name.substring(0, colon))
                .resolve(name.substring(colon + 1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, manifest.encode());
        return this;
    }

    /** The blob file holding the model layer of {@code name}. */
    public Path weightsOf(String name) throws IOException {
        int colon = name.indexOf(':');
        JsonObject manifest = new JsonObject(Files.readString(root.resolve("manifests/registry.ollama.ai/library")
                .resolve(name.substring(0, colon)).resolve(name.substring(colon + 1))));
        return blob(manifest.getJsonArray("layers").getJsonObject(0).getString("digest"));
    }

    private JsonObject layer(String mediaType, byte[] content) throws IOException {
        String digest = "sha256:" + sha256(content);
        Path blob = blob(digest);
        Files.createDirectories(blob.getParent());
        Files.write(blob, content);
        return new JsonObject().put("mediaType", mediaType).put("digest", digest).put("size", content.length);
    }

    private Path blob(String digest) {
        return root.resolve("blobs").resolve(digest.replace(':', '-'));
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
