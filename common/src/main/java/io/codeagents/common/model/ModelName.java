package io.codeagents.common.model;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import io.codeagents.common.error.ApiException;

/**
 * A model reference as Ollama reads it, {@code [host/][namespace/]model[:tag]}, completed with defaults. Every part is
 * checked against Ollama's character rules, so a name can never climb out of the store ({@code ..}, {@code /},
 * {@code \}) and never grows past {@link #MAX_LENGTH}.
 */
public record ModelName(String host, String namespace, String model, String tag) {

    public static final int MAX_LENGTH = 300;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}(:[0-9]{1,5})?");
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,79}");

    /** Completes and validates {@code raw}; throws {@code VAL_002} naming {@code field} when it is not a model name. */
    public static ModelName parse(String raw, String field, Defaults defaults) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.missing(field);
        }
        String name = raw.trim();
        if (name.length() > MAX_LENGTH) {
            throw ApiException.invalid(field, "a model name has at most " + MAX_LENGTH + " characters");
        }
        String tag = defaults.tag();
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        String[] parts = name.split("/", -1);
        String host = defaults.host();
        String namespace = defaults.namespace();
        String model;
        switch (parts.length) {
            case 1 -> model = parts[0];
            case 2 -> {
                namespace = parts[0];
                model = parts[1];
            }
            case 3 -> {
                host = parts[0];
                namespace = parts[1];
                model = parts[2];
            }
            default -> throw ApiException.invalid(field,
                    "expected [registry/][namespace/]model[:tag], got " + parts.length + " path segments");
        }
        check(HOST, host, field, "registry host");
        check(PART, namespace, field, "namespace");
        check(PART, model, field, "model");
        check(TAG, tag, field, "tag");
        return new ModelName(host, namespace, model, tag);
    }

    /** The same, for a caller that only needs to know whether {@code raw} names a model: empty when it does not. */
    public static Optional<ModelName> tryParse(String raw, Defaults defaults) {
        try {
            return Optional.of(parse(raw, "model", defaults));
        } catch (ApiException notAModelName) {
            return Optional.empty();
        }
    }

    private static void check(Pattern pattern, String value, String field, String what) {
        if (!pattern.matcher(value).matches()) {
            throw ApiException.invalid(field, "invalid " + what + " '" + printable(value)
                    + "': letters, digits, '.', '_' and '-' only, starting with a letter or digit, at most 80 characters");
        }
    }

    private static String printable(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** {@code registry.ollama.ai/library/qwen2.5-coder:1.5b}: the key of a pull. */
    public String fullName() {
        return host + "/" + namespace + "/" + model + ":" + tag;
    }

    /** The shortest name meaning the same model under the given defaults, as Ollama lists it. */
    public String shortName(Defaults defaults) {
        if (!host.equals(defaults.host())) {
            return fullName();
        }
        return (namespace.equals(defaults.namespace()) ? "" : namespace + "/") + model + ":" + tag;
    }

    /** The repository path in registry URLs: {@code library/qwen2.5-coder}. */
    public String repository() {
        return namespace + "/" + model;
    }

    /** Where Ollama keeps this model's manifest under a models directory. */
    public Path manifestPath(Path modelsDir) {
        return modelsDir.resolve("manifests").resolve(host).resolve(namespace).resolve(model).resolve(tag);
    }

    /** The parts a name without them gets. */
    public record Defaults(String host, String namespace, String tag) {
    }
}
