package io.codeagents.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Lints and renders the chart through helm-java (the real Helm, as a native library) and parses what it renders. */
final class ChartRendering {

    static final Path CHART = Repository.path("k8s/codeagents");
    static final Path PRODUCTION_VALUES = Repository.path("k8s/examples/values-production.yaml");
    static final Path RENDERED = Repository.path("k8s/rendered/codeagents.yaml");
    static final String RELEASE = "codeagents";
    static final String NAMESPACE = "codeagents";
    static final String KUBE_VERSION = "1.30.0";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private ChartRendering() {
    }

    static String renderDefault() {
        return new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION).call();
    }

    static String renderProduction() {
        return new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
                .withValuesFile(PRODUCTION_VALUES)
                .call();
    }

    static String renderWithRegistryCredentials(String username, String password) {
        return new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
                .set("services.download-service.registryUsername", username)
                .set("services.download-service.registryPassword", password).call();
    }

    /** The plain manifest for kubectl apply: deterministic, so the keys come from a Secret the user creates. */
    static String renderPlainManifest() {
        return new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
                .set("auth.existingSecret", "codeagents-secrets").call();
    }

    static LintResult lint(Path chart) {
        return new Helm(chart).lint().strict().call();
    }

    /** A copy of the chart whose values.yaml is the defaults merged with the production file (helm-java lints defaults only). */
    static Path chartWithProductionValues(Path workDir) throws IOException {
        Path copy = workDir.resolve("codeagents");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        JsonNode merged = merge(YAML.readTree(CHART.resolve("values.yaml").toFile()),
                YAML.readTree(PRODUCTION_VALUES.toFile()));
        YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
        return copy;
    }

    private static JsonNode merge(JsonNode base, JsonNode override) {
        if (base instanceof ObjectNode target && override != null && override.isObject()) {
            override.fields().forEachRemaining(entry -> {
                JsonNode existing = target.get(entry.getKey());
                target.set(entry.getKey(), existing != null && existing.isObject()
                        ? merge(existing, entry.getValue())
                        : entry.getValue());
            });
            return target;
        }
        return override;
    }

    /** The rendered documents as generic trees (empty documents dropped). */
    static List<JsonNode> documents(String rendered) {
        try {
            List<JsonNode> documents = new ArrayList<>();
            for (JsonNode node : YAML.readerFor(JsonNode.class).readValues(rendered).readAll().stream()
                    .map(JsonNode.class::cast).toList()) {
                if (node != null && !node.isNull() && !node.isMissingNode() && node.size() > 0) {
                    documents.add(node);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one document into the Kubernetes model class its apiVersion and kind name. */
    static HasMetadata typed(JsonNode document) {
        try {
            return KUBERNETES.unmarshal(YAML.writeValueAsString(document), HasMetadata.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<HasMetadata> objects(String rendered) {
        return documents(rendered).stream().map(ChartRendering::typed).toList();
    }

    /**
     * Paths of fields the Kubernetes model does not know. The model keeps unknown fields in "additionalProperties" instead
     * of failing, so they are looked for in every object of the parsed tree.
     */
    static List<String> unknownFields(Object root) {
        List<String> unknown = new ArrayList<>();
        walk(root, root.getClass().getSimpleName(), unknown, new IdentityHashMap<>());
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + " has unknown field(s) " + extra.keySet());
                }
                continue;
            }
            walk(child, path + "." + decapitalize(getter.getName().substring(3)), unknown, seen);
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    static Set<String> ourServices() {
        return Set.copyOf(Repository.SERVICES);
    }
}
