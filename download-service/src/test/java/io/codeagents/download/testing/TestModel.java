package io.codeagents.download.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A model as Ollama's registry serves one: a config blob, a weights layer ({@code application/vnd.ollama.image.model})
 * of pseudo-random bytes, a template, params and a license, and the schema-2 manifest naming them.
 */
public record TestModel(String namespace, String name, String tag, String manifest, Map<String, byte[]> blobs,
        String modelDigest) {

    public static final String MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json";

    public static TestModel of(String name, long weightsSize) {
        return of("library", name, "latest", weightsSize, name.hashCode());
    }

    public static TestModel of(String namespace, String name, String tag, long weightsSize, long seed) {
        byte[] weights = new byte[Math.toIntExact(weightsSize)];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < weights.length; i += 8) {
            long value = random.nextLong();
            for (int j = 0; j < 8 && i + j < weights.length; j++) {
                weights[i + j] = (byte) (value >>> (8 * j));
            }
        }
        byte[] template = ("{{ .System }} {{ .Prompt }} " + name).getBytes(StandardCharsets.UTF_8);
        byte[] params = "{\"stop\":[\"<|endoftext|>\"],\"temperature\":0.2}".getBytes(StandardCharsets.UTF_8);
        byte[] license = ("Apache License 2.0 for " + name).getBytes(StandardCharsets.UTF_8);
        byte[] config = ("{\"model_format\":\"gguf\",\"model_family\":\"qwen2\",\"file_type\":\"Q4_K_M\",\"name\":\""
                + name + "\"}").getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        String configDigest = put(blobs, config);
        String weightsDigest = put(blobs, weights);
        List<String[]> layers = List.of(
                new String[]{"application/vnd.ollama.image.model", weightsDigest, Long.toString(weights.length)},
                new String[]{"application/vnd.ollama.image.template", put(blobs, template),
                        Integer.toString(template.length)},
                new String[]{"application/vnd.ollama.image.params", put(blobs, params), Integer.toString(params.length)},
                new String[]{"application/vnd.ollama.image.license", put(blobs, license),
                        Integer.toString(license.length)});
        StringBuilder manifest = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\""
                + configDigest + "\",\"size\":" + config.length + "},\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            String[] layer = layers.get(i);
            manifest.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(layer[0]).append("\",\"digest\":\"")
                    .append(layer[1]).append("\",\"size\":").append(layer[2]).append('}');
        }
        manifest.append("]}");
        return new TestModel(namespace, name, tag, manifest.toString(), blobs, weightsDigest);
    }

    public String repository() {
        return namespace + "/" + name;
    }

    /** The name a user pulls it by (the default namespace is left out). */
    public String reference() {
        return ("library".equals(namespace) ? "" : namespace + "/") + name + ":" + tag;
    }

    public long totalSize() {
        return blobs.values().stream().mapToLong(b -> b.length).sum();
    }

    public byte[] weights() {
        return blobs.get(modelDigest);
    }

    public static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String put(Map<String, byte[]> blobs, byte[] data) {
        String digest = sha256(data);
        blobs.put(digest, data);
        return digest;
    }
}
