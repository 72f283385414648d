package io.codeagents.gateway.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.codeagents.common.model.ModelName;
import io.codeagents.common.model.ModelsDir;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The shared model store in Ollama's layout, read-only: the download service (or an Ollama server) writes
 * {@code manifests/<registry>/<namespace>/<model>/<tag>} and {@code blobs/sha256-<hex>}; a model is listed once its
 * manifest and its weights blob are both there at the manifest's size.
 */
final class LocalModelStore {

    private static final Logger LOG = Logger.getLogger(LocalModelStore.class);
    static final String MODEL_LAYER = "application/vnd.ollama.image.model";
    private static final String TEMPLATE_LAYER = "application/vnd.ollama.image.template";
    private static final String SYSTEM_LAYER = "application/vnd.ollama.image.system";
    private static final String PARAMS_LAYER = "application/vnd.ollama.image.params";
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final long MAX_TEXT_LAYER = 1 << 20;

    private final Path root;
    private final ModelName.Defaults defaults;

    LocalModelStore(String modelsDir, String defaultRegistry) {
        this.root = ModelsDir.resolve(modelsDir);
        this.defaults = new ModelName.Defaults(defaultRegistry, "library", "latest");
    }

    Path root() {
        return root;
    }

    /** Short names of the complete models, sorted. */
    List<String> list() {
        Path manifests = root.resolve("manifests");
        if (!Files.isDirectory(manifests)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(manifests, 4)) {
            files.filter(f -> manifests.relativize(f).getNameCount() == 4 && Files.isRegularFile(f))
                    .filter(f -> !f.getFileName().toString().startsWith(".")).forEach(file -> {
                        Path r = manifests.relativize(file);
                        ModelName name = new ModelName(r.getName(0).toString(), r.getName(1).toString(),
                                r.getName(2).toString(), r.getName(3).toString());
                        if (read(name, false).isPresent()) {
                            names.add(name.shortName(defaults));
                        }
                    });
        } catch (IOException e) {
            LOG.warnf("Cannot list the model store %s: %s", manifests, e.getMessage());
        }
        names.sort(null);
        return names;
    }

    /** The model a request names, if the store holds it completely. */
    Optional<StoredModel> find(String requested) {
        return ModelName.tryParse(requested, defaults).flatMap(name -> read(name, true));
    }

    /** The model if complete; its template, system and params layers only when {@code withText} (listing needs none). */
    private Optional<StoredModel> read(ModelName name, boolean withText) {
        Path file = name.manifestPath(root);
        JsonObject manifest;
        try {
            manifest = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Skipping the unreadable manifest %s: %s", file, e.getMessage());
            return Optional.empty();
        }
        JsonArray layers = manifest.getJsonArray("layers", new JsonArray());
        JsonObject weights = null;
        String template = null;
        String system = null;
        JsonObject params = null;
        for (int i = 0; i < layers.size(); i++) {
            JsonObject layer = layers.getValue(i) instanceof JsonObject l ? l : new JsonObject();
            String digest = layer.getString("digest", "");
            if (!DIGEST.matcher(digest).matches()) {
                continue;
            }
            String mediaType = layer.getString("mediaType", "");
            if (MODEL_LAYER.equals(mediaType)) {
                weights = layer;
                continue;
            }
            if (!withText) {
                continue;
            }
            switch (mediaType) {
                case TEMPLATE_LAYER -> template = text(digest);
                case SYSTEM_LAYER -> system = text(digest);
                case PARAMS_LAYER -> params = json(digest);
                default -> {
                    // licence, projector, adapter, …: not needed to generate text
                }
            }
        }
        if (weights == null) {
            return Optional.empty();
        }
        String digest = weights.getString("digest");
        Path blob = blob(digest);
        long size = weights.getLong("size", -1L);
        try {
            if (Files.size(blob) != size) {
                // still being written, or damaged: not a complete model (yet)
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(new StoredModel(name.shortName(defaults), blob, digest, size, template, system,
                params));
    }

    private Path blob(String digest) {
        return ModelsDir.blob(root, digest);
    }

    private String text(String digest) {
        try {
            Path file = blob(digest);
            return Files.size(file) > MAX_TEXT_LAYER ? null : Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Layer %s unreadable: %s", digest, e.getMessage());
            return null;
        }
    }

    private JsonObject json(String digest) {
        String text = text(digest);
        try {
            return text == null ? null : new JsonObject(text);
        } catch (RuntimeException e) {
            LOG.warnf("Ignoring the params layer %s: not a JSON object", digest);
            return null;
        }
    }
}
