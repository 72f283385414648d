package io.codeagents.common.model;

import java.nio.file.Path;

/**
 * The models directory in Ollama's layout ({@code blobs/sha256-<hex>}, {@code manifests/<registry>/<namespace>/<model>/<tag>}),
 * as the download service writes it and the gateway and the doctor read it.
 */
public final class ModelsDir {

    private ModelsDir() {
    }

    /** The configured directory ({@code MODELS_DIR}) with a leading {@code ~} expanded, as a shell would, made absolute. */
    public static Path resolve(String configured) {
        String path = configured.trim();
        if (path.equals("~") || path.startsWith("~/")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    /** Where the blob {@code sha256:<hex>} is kept. */
    public static Path blob(Path root, String digest) {
        return root.resolve("blobs").resolve(digest.replace(':', '-'));
    }
}
