package io.codeagents.gateway.embedded;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model name as Ollama resolves it in its store, {@code [registry/][namespace/]model[:tag]}, completed with the
 * default registry, {@code library} and {@code latest}. Each part must match Ollama's character rules, so no name can
 * reach outside the manifests directory.
 */
record StoreName(String registry, String namespace, String model, String tag) {

    static final String DEFAULT_NAMESPACE = "library";
    static final String DEFAULT_TAG = "latest";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}(:[0-9]{1,5})?");
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,79}");

    /** The name completed with defaults, or empty when it cannot be a model name. */
    static Optional<StoreName> parse(String raw, String defaultRegistry) {
        if (raw == null || raw.isBlank() || raw.length() > 300) {
            return Optional.empty();
        }
        String name = raw.trim();
        String tag = DEFAULT_TAG;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        String[] parts = name.split("/", -1);
        StoreName parsed = switch (parts.length) {
            case 1 -> new StoreName(defaultRegistry, DEFAULT_NAMESPACE, parts[0], tag);
            case 2 -> new StoreName(defaultRegistry, parts[0], parts[1], tag);
            case 3 -> new StoreName(parts[0], parts[1], parts[2], tag);
            default -> null;
        };
        return Optional.ofNullable(parsed).filter(StoreName::valid);
    }

    private boolean valid() {
        return HOST.matcher(registry).matches() && PART.matcher(namespace).matches() && PART.matcher(model).matches()
                && TAG.matcher(tag).matches();
    }

    Path manifest(Path modelsDir) {
        return modelsDir.resolve("manifests").resolve(registry).resolve(namespace).resolve(model).resolve(tag);
    }

    /** The shortest name meaning this model, as Ollama lists it: {@code qwen2.5-coder:0.5b}. */
    String shortName(String defaultRegistry) {
        if (!registry.equals(defaultRegistry)) {
            return registry + "/" + namespace + "/" + model + ":" + tag;
        }
        return (namespace.equals(DEFAULT_NAMESPACE) ? "" : namespace + "/") + model + ":" + tag;
    }
}
