package io.codeagents.download.client;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An image manifest as Ollama's registry serves it ({@code application/vnd.docker.distribution.manifest.v2+json} or the
 * OCI equivalent): a config blob and the layers ({@code application/vnd.ollama.image.model}, {@code .template},
 * {@code .params}, {@code .license}, {@code .system}, …). {@link #raw()} keeps the exact bytes, which is what the store
 * must hold.
 */
public record Manifest(String raw, Blob config, List<Blob> layers) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    /** A blob the manifest refers to. */
    public record Blob(String digest, String mediaType, long size) {

        /** {@code sha256-<hex>}: the blob's file name in Ollama's store. */
        public String fileName() {
            return digest.replace(':', '-');
        }
    }

    /** The config followed by the layers: everything the store needs for this model. */
    public List<Blob> blobs() {
        List<Blob> all = new ArrayList<>();
        if (config != null) {
            all.add(config);
        }
        all.addAll(layers);
        return all;
    }

    public long totalSize() {
        return blobs().stream().mapToLong(Blob::size).sum();
    }

    /** Parses and checks a manifest; {@link IllegalArgumentException} says what is wrong with it. */
    public static Manifest parse(String raw) {
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (Exception e) {
            throw new IllegalArgumentException("the manifest is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the manifest is not a JSON object");
        }
        if (root.has("manifests")) {
            throw new IllegalArgumentException("the registry answered with an image index, not a model manifest");
        }
        JsonNode layers = root.path("layers");
        if (!layers.isArray() || layers.isEmpty()) {
            throw new IllegalArgumentException("the manifest has no layers");
        }
        Blob config = root.hasNonNull("config") ? blob(root.get("config")) : null;
        List<Blob> list = new ArrayList<>();
        for (JsonNode layer : layers) {
            list.add(blob(layer));
        }
        return new Manifest(raw, config, List.copyOf(list));
    }

    private static Blob blob(JsonNode node) {
        String digest = node.path("digest").asText("");
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("unsupported blob digest '" + digest + "' (sha256 expected)");
        }
        long size = node.path("size").asLong(-1);
        if (size < 0) {
            throw new IllegalArgumentException("blob " + digest + " has no valid size");
        }
        return new Blob(digest, node.path("mediaType").asText("application/octet-stream"), size);
    }
}
