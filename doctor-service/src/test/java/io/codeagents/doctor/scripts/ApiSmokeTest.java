package io.codeagents.doctor.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.codeagents.doctor.fakes.FakeDeployment;
import io.codeagents.doctor.fakes.FakeService.Answer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * scripts/api-smoke.sh against a stack that answers as the services agreed (the four others faked over HTTP, this
 * doctor real): every call passes; an endpoint that breaks its contract is named and the exit code says so.
 */
@QuarkusTest
class ApiSmokeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL_001 = "{\"status\":503,\"error_code\":\"MODEL_001\",\"detail\":\"no backend\"}";

    @TestHTTPResource("/")
    URL doctor;

    @BeforeEach
    void stackAsAgreed() {
        FakeDeployment.resetAll();
        var gateway = FakeDeployment.gateway();
        gateway.route("GET", "/v1/models", Answer.json(200, Map.of("object", "list", "data", List.of())));
        gateway.route("POST", "/chat", Answer.json(200, Map.of("response", "OK", "model", "qwen2.5-coder:1.5b")));
        gateway.route("POST", "/v1/chat/completions", Answer.json(200, Map.of("choices", List.of())));
        gateway.route("POST", "/v1/completions", new Answer(503, "application/problem+json", MODEL_001));
        var reviewer = FakeDeployment.reviewer();
        reviewer.route("POST", "/review", Answer.json(200, Map.of("id", "r-1", "verdict", "approved")));
        reviewer.route("GET", "/reviews/r-1", Answer.json(200, Map.of("id", "r-1")));
        reviewer.route("GET", "/reviews", Answer.json(200, Map.of("reviews", List.of())));
        reviewer.route("GET", "/stats", Answer.json(200, Map.of()));
        var generator = FakeDeployment.generator();
        generator.route("POST", "/generate", Answer.json(200, Map.of("code", "def add(a, b): return a + b")));
        generator.route("POST", "/tasks", Answer.json(202, Map.of("id", 41, "status", "queued")));
        generator.route("GET", "/tasks/41", Answer.json(200, Map.of("id", 41, "status", "running")));
        generator.route("GET", "/tasks/41/events", new Answer(200, "text/event-stream", "data: {}\n\n"));
        generator.route("DELETE", "/tasks/41", new Answer(204, "application/json", ""));
        generator.route("GET", "/tasks", Answer.json(200, Map.of("tasks", List.of())));
        generator.route("GET", "/stats", Answer.json(200, Map.of()));
        var downloads = FakeDeployment.downloads();
        downloads.route("GET", "/models", Answer.json(200, Map.of("models", List.of())));
        downloads.route("GET", "/pulls/[^/]+(/log)?", Answer.json(200, Map.of()));
        // what each service answers a request lacking its required field
        Answer missingField = new Answer(400, "application/problem+json", "{\"status\":400,\"error_code\":\"VAL_003\"}");
        for (var service : FakeDeployment.all()) {
            service.route("POST", "/(chat|review|generate|pulls)", "\\{\\}|\\{\"language\":\"python\"\\}|.*\"model\":\"\".*",
                    missingField);
        }
    }

    private Map<String, String> stack() {
        Map<String, String> env = new HashMap<>();
        env.put("MODEL_GATEWAY_URL", FakeDeployment.gateway().url());
        env.put("REVIEWER_URL", FakeDeployment.reviewer().url());
        env.put("GENERATOR_URL", FakeDeployment.generator().url());
        env.put("DOWNLOAD_SERVICE_URL", FakeDeployment.downloads().url());
        env.put("DOCTOR_URL", doctor.toString().replaceAll("/$", ""));
        return env;
    }

    @Test
    void aStackThatAnswersAsDocumentedPasses() throws Exception {
        ScriptRun run = ScriptRun.run("api-smoke.sh", stack(), "--json");
        JsonNode results = JSON.readTree(run.stdout());
        StringBuilder failures = new StringBuilder();
        results.path("results").forEach(r -> {
            if (!r.path("pass").asBoolean()) {
                failures.append(r).append('\n');
            }
        });
        assertEquals("", failures.toString(), run.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(results.path("passed").asInt() >= 40, run.stdout());
    }

    @Test
    void aBrokenEndpointIsNamedAndFailsTheRun() throws Exception {
        FakeDeployment.gateway().route("GET", "/v1/models", new Answer(500, "application/problem+json",
                "{\"status\":500,\"error_code\":\"SYS_001\",\"detail\":\"boom\"}"));
        ScriptRun run = ScriptRun.run("api-smoke.sh", stack(), "--only", "model-gateway");
        assertEquals(1, run.exitCode(), run.toString());
        String line = run.stdout().lines().filter(l -> l.contains("/v1/models")).findFirst().orElseThrow();
        assertTrue(line.startsWith("FAIL model-gateway"), line);
        assertTrue(line.contains("expected 200, got 500 SYS_001: boom"), line);
        assertTrue(run.stdout().lines().anyMatch(
                l -> l.matches("PASS model-gateway +POST +/v1/completions +503 .*documented problem MODEL_001")),
                "a documented problem passes: " + run);
        assertTrue(run.stdout().lines().reduce((a, b) -> b).orElse("").matches("\\d+ passed, 1 failed"), run.stdout());
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        assertEquals(2, ScriptRun.run("api-smoke.sh", Map.of(), "--only", "weather").exitCode());
        assertEquals(0, ScriptRun.run("api-smoke.sh", Map.of(), "--help").exitCode());
    }
}
