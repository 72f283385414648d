package io.codeagents.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml validates with docker-compose and agrees with the applications it runs. */
class ComposeTest {

    private static final Path COMPOSE = Repository.path("docker-compose.yml");
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void theComposeFilesValidate() throws Exception {
        boolean installed = new ProcessBuilder("sh", "-c", "command -v docker-compose").start().waitFor() == 0;
        assumeTrue(installed || System.getenv("CI") != null, "docker-compose not installed (CI installs it)");
        for (List<String> files : List.of(List.of("docker-compose.yml"),
                List.of("docker-compose.yml", "docker-compose.gpu.yml"))) {
            List<String> command = new ArrayList<>(List.of("docker-compose", "--env-file", ".env.example"));
            files.forEach(f -> command.addAll(List.of("-f", f)));
            command.addAll(List.of("config", "-q"));
            Process process = new ProcessBuilder(command).directory(Repository.root().toFile()).redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        }
    }

    @Test
    void everyServicePublishesAndHealthChecksThePortItListensOn() {
        for (String name : Repository.SERVICES) {
            Map<String, Object> service = service(name);
            int port = Repository.port(name);
            assertEquals(List.of("127.0.0.1:" + port + ":" + port), service.get("ports"), name + " ports");
            String healthcheck = String.valueOf(((Map<?, ?>) service.get("healthcheck")).get("test"));
            assertTrue(healthcheck.contains("/dev/tcp/127.0.0.1/" + port + " "), name + " health-checks its port");
            assertTrue(healthcheck.contains("GET /health/ready "), name + " health-checks readiness");
            assertNotNull(service.get("mem_limit"), name + " has a memory limit");
            Map<?, ?> build = (Map<?, ?>) service.get("build");
            assertEquals("./" + name, build.get("context"));
            assertTrue(Files.exists(Repository.path(name).resolve(String.valueOf(build.get("dockerfile")))),
                    name + " Dockerfile exists");
        }
    }

    @Test
    void everyServiceWaitsForHealthyDependencies() {
        for (String name : Repository.SERVICES) {
            Map<?, ?> dependsOn = (Map<?, ?>) service(name).get("depends_on");
            for (String dependency : List.of("postgres", "redis")) {
                assertEquals(Map.of("condition", "service_healthy"), dependsOn.get(dependency), name + " -> " + dependency);
            }
            dependsOn.forEach((dependency, condition) -> assertTrue(services.containsKey(String.valueOf(dependency)),
                    name + " depends on a service that exists: " + dependency));
        }
        for (var entry : services.entrySet()) {
            if (!entry.getKey().equals("models-init") && !entry.getKey().equals("model-pull")) {
                assertNotNull(entry.getValue().get("healthcheck"), entry.getKey() + " has a healthcheck");
            }
        }
    }

    @Test
    void theEnvironmentSetIsWhatTheApplicationsRead() {
        List<String> unread = new ArrayList<>();
        for (String name : Repository.SERVICES) {
            Set<String> read = Repository.environmentRead(name);
            Set<String> set = new TreeSet<>(((Map<String, ?>) environment(name)).keySet());
            set.stream().filter(variable -> !read.contains(variable)).forEach(variable -> unread.add(name + ": " + variable));
        }
        assertTrue(unread.isEmpty(), "set but never read by the application: " + unread);
    }

    @Test
    void downloadServiceAndOllamaShareTheModelsVolume() {
        assertTrue(volumes("download-service").contains("models:/models"));
        assertTrue(volumes("ollama").contains("models:/models"));
        assertEquals("/models", environment("download-service").get("MODELS_DIR"));
        assertEquals("/models", ((Map<?, ?>) service("ollama").get("environment")).get("OLLAMA_MODELS"));
        Map<?, ?> pull = (Map<?, ?>) service("model-pull").get("depends_on");
        assertEquals(Map.of("condition", "service_healthy"), pull.get("download-service"));
    }

    private static Map<String, Object> service(String name) {
        Map<String, Object> service = services.get(name);
        assertNotNull(service, "docker-compose.yml has no service " + name);
        return service;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String name) {
        return (Map<String, Object>) service(name).get("environment");
    }

    @SuppressWarnings("unchecked")
    private static List<String> volumes(String name) {
        return (List<String>) service(name).get("volumes");
    }
}
