package io.codeagents.doctor.check;

import java.util.Collection;
import java.util.Locale;

/**
 * Model names as users write them and as backends list them: {@code qwen2.5-coder:1.5b},
 * {@code ollama/qwen2.5-coder:1.5b} (backend-qualified), {@code library/qwen2.5-coder} (implicit {@code :latest}),
 * {@code registry.ollama.ai/library/qwen2.5-coder:1.5b} (registry-qualified, as the download service keys pulls).
 */
public final class ModelNames {

    private ModelNames() {
    }

    /** The model without a backend prefix; the backend is {@link #backendOf}. */
    public static String bare(String name, Collection<String> backendNames) {
        String backend = backendOf(name, backendNames);
        return backend == null ? name : name.substring(backend.length() + 1);
    }

    /** The backend a qualified name names, or null. */
    public static String backendOf(String name, Collection<String> backendNames) {
        int slash = name.indexOf('/');
        if (slash > 0 && backendNames.contains(name.substring(0, slash))) {
            return name.substring(0, slash);
        }
        return null;
    }

    public static boolean same(String a, String b) {
        return canonical(a).equals(canonical(b));
    }

    private static String canonical(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        int firstSlash = n.indexOf('/');
        if (firstSlash > 0 && (n.substring(0, firstSlash).contains(".") || n.substring(0, firstSlash).contains(":"))) {
            n = n.substring(firstSlash + 1); // a registry host
        }
        if (n.startsWith("library/")) {
            n = n.substring("library/".length());
        }
        int lastSlash = n.lastIndexOf('/');
        return n.indexOf(':', lastSlash + 1) < 0 ? n + ":latest" : n;
    }
}
