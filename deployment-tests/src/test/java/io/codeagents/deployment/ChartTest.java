package io.codeagents.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.marcnuri.helm.LintResult;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

class ChartTest {

    private static List<HasMetadata> defaults;
    private static List<HasMetadata> production;

    @BeforeAll
    static void render() {
        defaults = ChartRendering.objects(ChartRendering.renderDefault());
        production = ChartRendering.objects(ChartRendering.renderProduction());
    }

    @Test
    void lintStrictPassesWithDefaultValues() {
        LintResult result = ChartRendering.lint(ChartRendering.CHART);
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @Test
    void lintStrictPassesWithProductionValues(@TempDir Path work) throws IOException {
        LintResult result = ChartRendering.lint(ChartRendering.chartWithProductionValues(work));
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @Test
    void everyRenderedObjectIsAKubernetesObjectWithoutUnknownFields() {
        for (String rendered : List.of(ChartRendering.renderDefault(), ChartRendering.renderProduction())) {
            List<String> problems = new ArrayList<>();
            for (var document : ChartRendering.documents(rendered)) {
                HasMetadata object = ChartRendering.typed(document);
                assertNotNull(object.getMetadata().getName(), document.toString());
                assertEquals(document.get("kind").asText(), object.getKind());
                problems.addAll(ChartRendering.unknownFields(object));
            }
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }
    }

    @Test
    void everyServiceRunsWithItsThreeProbesOnThePortTheAppListensOn() {
        for (List<HasMetadata> objects : List.of(defaults, production)) {
            for (String service : Repository.SERVICES) {
                Deployment deployment = deployment(objects, service);
                Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
                int appPort = Repository.port(service);
                assertEquals(appPort, container.getPorts().get(0).getContainerPort(), service + " container port");
                assertEquals(String.valueOf(appPort), env(container, "QUARKUS_HTTP_PORT"), service + " QUARKUS_HTTP_PORT");
                assertProbe(container, container.getStartupProbe(), "/health/started", appPort, service);
                assertProbe(container, container.getLivenessProbe(), "/health/live", appPort, service);
                assertProbe(container, container.getReadinessProbe(), "/health/ready", appPort, service);
            }
            for (StatefulSet set : kind(objects, StatefulSet.class)) {
                Container container = set.getSpec().getTemplate().getSpec().getContainers().get(0);
                assertNotNull(container.getStartupProbe(), set.getMetadata().getName());
                assertNotNull(container.getLivenessProbe(), set.getMetadata().getName());
                assertNotNull(container.getReadinessProbe(), set.getMetadata().getName());
            }
        }
    }

    @Test
    void everyContainerHasResourcesAndALockedDownSecurityContext() {
        for (List<HasMetadata> objects : List.of(defaults, production)) {
            for (var workload : workloads(objects).entrySet()) {
                PodTemplateSpec template = workload.getValue();
                PodSecurityContext pod = template.getSpec().getSecurityContext();
                String name = workload.getKey();
                assertNotNull(pod, name + " pod security context");
                assertEquals(Boolean.TRUE, pod.getRunAsNonRoot(), name + " runAsNonRoot");
                assertEquals("RuntimeDefault", pod.getSeccompProfile().getType(), name + " pod seccomp");
                for (Container container : template.getSpec().getContainers()) {
                    assertNotNull(container.getResources().getRequests().get("cpu"), name + " cpu request");
                    assertNotNull(container.getResources().getRequests().get("memory"), name + " memory request");
                    assertNotNull(container.getResources().getLimits().get("memory"), name + " memory limit");
                    SecurityContext security = container.getSecurityContext();
                    assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), name);
                    assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), name);
                    assertTrue(security.getCapabilities().getDrop().contains("ALL"), name + " drops ALL capabilities");
                    String seccomp = security.getSeccompProfile() == null
                            ? "RuntimeDefault"
                            : security.getSeccompProfile().getType();
                    // the reviewer's sandbox (bubblewrap) needs namespaces, which RuntimeDefault seccomp and AppArmor forbid
                    boolean sandboxException = name.endsWith("reviewer-agent");
                    assertEquals(sandboxException ? "Unconfined" : "RuntimeDefault", seccomp, name + " container seccomp");
                    assertEquals(sandboxException ? "Unconfined" : null,
                            security.getAppArmorProfile() == null ? null : security.getAppArmorProfile().getType(),
                            name + " container AppArmor");
                }
                if (Repository.SERVICES.stream().anyMatch(name::endsWith) || name.endsWith("ollama")) {
                    Container container = template.getSpec().getContainers().get(0);
                    assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
                            name + " has a writable /tmp");
                    assertTrue(template.getSpec().getVolumes().stream()
                            .anyMatch(v -> v.getName().equals("tmp") && v.getEmptyDir() != null),
                            name + " /tmp is an emptyDir");
                }
            }
        }
    }

    @Test
    void everyServiceSelectsPodsThatExistOnANamedPort() {
        for (List<HasMetadata> objects : List.of(defaults, production)) {
            Map<String, PodTemplateSpec> workloads = workloads(objects);
            for (Service service : kind(objects, Service.class)) {
                Map<String, String> selector = service.getSpec().getSelector();
                var matches = workloads.values().stream()
                        .filter(t -> t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
                assertEquals(1, matches.size(), service.getMetadata().getName() + " selects exactly one workload");
                Set<String> portNames = matches.get(0).getSpec().getContainers().stream()
                        .flatMap(c -> c.getPorts().stream()).map(p -> p.getName()).collect(Collectors.toSet());
                service.getSpec().getPorts().forEach(p -> assertTrue(portNames.contains(p.getTargetPort().getStrVal()),
                        service.getMetadata().getName() + " targets port " + p.getTargetPort()));
            }
        }
    }

    @Test
    void theEnvironmentSetIsWhatTheApplicationsRead() {
        for (List<HasMetadata> objects : List.of(defaults, production)) {
            Map<String, ConfigMap> configMaps = kind(objects, ConfigMap.class).stream()
                    .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c));
            List<String> unread = new ArrayList<>();
            for (String service : Repository.SERVICES) {
                Set<String> read = Repository.environmentRead(service);
                Container container = deployment(objects, service).getSpec().getTemplate().getSpec().getContainers().get(0);
                Set<String> set = new TreeSet<>();
                container.getEnv().stream().map(EnvVar::getName).forEach(set::add);
                for (EnvFromSource source : container.getEnvFrom()) {
                    set.addAll(configMaps.get(source.getConfigMapRef().getName()).getData().keySet());
                }
                set.stream().filter(name -> !read.contains(name)).forEach(name -> unread.add(service + ": " + name));
            }
            assertTrue(unread.isEmpty(), "set but never read by the application: " + unread);
        }
    }

    @Test
    void registryCredentialsReachOnlyTheDownloadServiceThroughTheSecret() {
        List<HasMetadata> objects = ChartRendering.objects(ChartRendering.renderWithRegistryCredentials("puller", "s3cret"));
        Secret secret = kind(objects, Secret.class).stream()
                .filter(s -> s.getStringData() != null && s.getStringData().containsKey("auth-keys")).findFirst()
                .orElseThrow();
        assertEquals("puller", secret.getStringData().get("registry-username"));
        assertEquals("s3cret", secret.getStringData().get("registry-password"));
        for (String service : Repository.SERVICES) {
            Map<String, EnvVar> env = deployment(objects, service).getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
            for (Map.Entry<String, String> variable : Map.of("DOWNLOAD_REGISTRY_USERNAME", "registry-username",
                    "DOWNLOAD_REGISTRY_PASSWORD", "registry-password").entrySet()) {
                EnvVar set = env.get(variable.getKey());
                if (!service.equals("download-service")) {
                    assertEquals(null, set, service + " must not get " + variable.getKey());
                    continue;
                }
                assertNotNull(set, variable.getKey());
                assertEquals(secret.getMetadata().getName(), set.getValueFrom().getSecretKeyRef().getName());
                assertEquals(variable.getValue(), set.getValueFrom().getSecretKeyRef().getKey());
                assertTrue(set.getValueFrom().getSecretKeyRef().getOptional(), "a registry without credentials is the default");
            }
        }
        Secret withoutCredentials = kind(defaults, Secret.class).stream()
                .filter(s -> s.getStringData() != null && s.getStringData().containsKey("auth-keys")).findFirst()
                .orElseThrow();
        assertFalse(withoutCredentials.getStringData().containsKey("registry-username"));
    }

    @Test
    void productionValuesTurnOnTheOptionalPoliciesAndExternalStores() {
        assertTrue(kind(defaults, HorizontalPodAutoscaler.class).isEmpty());
        assertTrue(kind(defaults, PodDisruptionBudget.class).isEmpty());
        assertTrue(kind(defaults, NetworkPolicy.class).isEmpty());

        Set<String> autoscaled = kind(production, HorizontalPodAutoscaler.class).stream()
                .map(h -> h.getSpec().getScaleTargetRef().getName()).collect(Collectors.toSet());
        assertEquals(Set.of("codeagents-model-gateway", "codeagents-generator-agent", "codeagents-reviewer-agent"), autoscaled);
        assertEquals(4, kind(production, PodDisruptionBudget.class).size());
        Set<String> statefulSets = kind(production, StatefulSet.class).stream().map(s -> s.getMetadata().getName())
                .collect(Collectors.toSet());
        assertEquals(Set.of("codeagents-ollama"), statefulSets, "external PostgreSQL and Redis are not deployed");
        Container ollama = kind(production, StatefulSet.class).get(0).getSpec().getTemplate().getSpec().getContainers()
                .get(0);
        assertEquals("1", ollama.getResources().getLimits().get("nvidia.com/gpu").getAmount());
    }

    @Test
    void networkPoliciesAllowOnlyTheEdgesOfTheArchitecture() {
        Map<String, NetworkPolicy> policies = kind(production, NetworkPolicy.class).stream()
                .collect(Collectors.toMap(p -> p.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/component"),
                        p -> p));
        assertEquals(Set.of("model-gateway", "reviewer-agent", "download-service", "generator-agent", "doctor-service",
                "ollama"), policies.keySet());
        assertEquals(Set.of("generator-agent", "doctor-service", "helm-test"), callersOf(policies, "reviewer-agent"));
        assertEquals(Set.of("model-gateway", "doctor-service"), callersOf(policies, "ollama"));
        assertEquals(Set.of("doctor-service", "model-pull", "helm-test"), callersOf(policies, "download-service"));
        // public services (production values: generator-agent and model-gateway) accept anyone, on their port only
        for (String open : List.of("generator-agent", "model-gateway")) {
            var rule = policies.get(open).getSpec().getIngress().get(0);
            assertTrue(rule.getFrom() == null || rule.getFrom().isEmpty(), open + " is public");
            assertEquals(new IntOrString(Repository.port(open)), rule.getPorts().get(0).getPort());
        }
    }

    @Test
    void theRenderedManifestIsUpToDate() throws IOException {
        String rendered = ChartRendering.renderPlainManifest();
        String header = "# Generated from k8s/codeagents by deployment-tests (ChartTest): do not edit.\n"
                + "# Create the Secret first: see k8s/README.md, then: kubectl apply -n codeagents -f k8s/rendered/codeagents.yaml\n";
        String expected = header + rendered;
        if (Boolean.getBoolean("codeagents.rendered.update")) {
            Files.createDirectories(ChartRendering.RENDERED.getParent());
            Files.writeString(ChartRendering.RENDERED, expected);
        }
        if (!Files.exists(ChartRendering.RENDERED) || !Files.readString(ChartRendering.RENDERED).equals(expected)) {
            fail("k8s/rendered/codeagents.yaml is out of date with the chart: regenerate it with "
                    + "./mvnw -B verify -pl deployment-tests -Dcodeagents.rendered.update=true");
        }
        assertFalse(rendered.contains("kind: Secret\n"), "the plain manifest carries no generated secret");
    }

    private static Set<String> callersOf(Map<String, NetworkPolicy> policies, String target) {
        return callers(policies.get(target));
    }

    private static Set<String> callers(NetworkPolicy policy) {
        return policy.getSpec().getIngress().stream().filter(r -> r.getFrom() != null).flatMap(r -> r.getFrom().stream())
                .map(NetworkPolicyPeer::getPodSelector).filter(Objects::nonNull)
                .map(s -> s.getMatchLabels().get("app.kubernetes.io/component")).collect(Collectors.toSet());
    }

    private static void assertProbe(Container container, Probe probe, String path, int appPort, String service) {
        assertNotNull(probe, service + " probe " + path);
        assertEquals(path, probe.getHttpGet().getPath(), service);
        IntOrString port = probe.getHttpGet().getPort();
        int resolved = port.getIntVal() != null
                ? port.getIntVal()
                : container.getPorts().stream().filter(p -> p.getName().equals(port.getStrVal())).findFirst().orElseThrow()
                        .getContainerPort();
        assertEquals(appPort, resolved, service + " probe " + path + " port");
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElse(null);
    }

    private static Deployment deployment(List<HasMetadata> objects, String service) {
        return kind(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals(ChartRendering.RELEASE + "-" + service)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment for " + service));
    }

    private static Map<String, PodTemplateSpec> workloads(List<HasMetadata> objects) {
        Map<String, PodTemplateSpec> workloads = new java.util.TreeMap<>();
        kind(objects, Deployment.class).forEach(d -> workloads.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        kind(objects, StatefulSet.class).forEach(s -> workloads.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return workloads;
    }

    private static <T> List<T> kind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
