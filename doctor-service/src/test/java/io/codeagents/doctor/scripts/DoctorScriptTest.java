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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** scripts/doctor.sh as CI and users run it: exit codes, the JSON it prints, and its fallback when the doctor is away. */
@QuarkusTest
class DoctorScriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL doctor;

    @BeforeEach
    void healthyDeployment() {
        FakeDeployment.resetAll();
    }

    private String doctorUrl() {
        return doctor.toString().replaceAll("/$", "");
    }

    /** The services' URL variables pointing at the fakes, as an operator's environment would. */
    private static Map<String, String> serviceUrls() {
        Map<String, String> env = new HashMap<>();
        env.put("MODEL_GATEWAY_URL", FakeDeployment.gateway().url());
        env.put("REVIEWER_URL", FakeDeployment.reviewer().url());
        env.put("DOWNLOAD_SERVICE_URL", FakeDeployment.downloads().url());
        env.put("GENERATOR_URL", FakeDeployment.generator().url());
        env.put("MODELS_DIR", FakeDeployment.modelsDir().toString());
        return env;
    }

    @Test
    void allOkExitsZeroWithTheDoctorsJson() throws Exception {
        ScriptRun run = ScriptRun.run("doctor.sh", Map.of(), "--json", "--url", doctorUrl());
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode report = JSON.readTree(run.stdout());
        assertEquals("doctor-service", report.path("source").asText());
        assertEquals("ok", report.path("status").asText());
        assertEquals(21, report.path("checks").size());
        assertEquals(21, report.path("counts").path("ok").asInt());
    }

    @Test
    void textModePrintsTheTableAndSummary() throws Exception {
        ScriptRun run = ScriptRun.run("doctor.sh", Map.of(), "--url", doctorUrl(), "--check", "deps.redis,system.jvm");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.stdout().lines().toList();
        assertTrue(lines.get(1).startsWith("✓ system.jvm"), run.toString());
        assertTrue(lines.get(2).startsWith("✓ deps.redis"), run.toString());
        assertTrue(lines.get(lines.size() - 1).matches("ok: 2 ok in \\d+ ms"), run.toString());
    }

    @Test
    void aProblemExitsOne() throws Exception {
        FakeDeployment.reviewer().stop();
        ScriptRun run = ScriptRun.run("doctor.sh", Map.of(), "--json", "--url", doctorUrl());
        assertEquals(1, run.exitCode(), run.toString());
        JsonNode report = JSON.readTree(run.stdout());
        assertEquals("critical", report.path("status").asText());
        assertTrue(report.path("summary").asText().contains("services.reviewer-agent"), run.toString());
    }

    @Test
    void fixResumesTheFailedPullThenReports() throws Exception {
        FakeDeployment.downloads().failedPull("codellama:7b", 300, 1000);
        ScriptRun run = ScriptRun.run("doctor.sh", Map.of(), "--json", "--fix", "--url", doctorUrl());
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode output = JSON.readTree(run.stdout());
        assertEquals("ok", output.path("status").asText(), run.toString());
        JsonNode resumed = null;
        for (JsonNode fix : output.path("fix").path("fixes")) {
            if (fix.path("check").asText().equals("downloads.failed")) {
                resumed = fix;
            }
        }
        assertEquals("applied", resumed.path("outcome").asText(), run.toString());
        assertEquals(1, FakeDeployment.downloads().received("POST", "/pulls").size());
    }

    @Test
    void anUnreachableDoctorFallsBackToLocalChecks() throws Exception {
        ScriptRun run = ScriptRun.run("doctor.sh", serviceUrls(), "--json", "--url", "http://127.0.0.1:9");
        assertEquals(1, run.exitCode(), "the doctor itself is down: " + run);
        JsonNode report = JSON.readTree(run.stdout());
        assertEquals("local", report.path("source").asText());
        assertTrue(run.stderr().contains("running local checks instead"), run.toString());
        Map<String, String> statuses = new HashMap<>();
        report.path("checks").forEach(c -> statuses.put(c.path("id").asText(), c.path("status").asText()));
        assertEquals("critical", statuses.get("services.doctor-service"));
        assertEquals("ok", statuses.get("services.reviewer-agent"), run.toString());
        assertEquals("ok", statuses.get("services.model-gateway"));
        assertEquals("ok", statuses.get("deps.postgres"));
        assertEquals("ok", statuses.get("deps.redis"));
        assertTrue(statuses.containsKey("system.disk.models"));

        FakeDeployment.reviewer().stop();
        ScriptRun text = ScriptRun.run("doctor.sh", serviceUrls(), "--url", "http://127.0.0.1:9");
        assertEquals(1, text.exitCode(), text.toString());
        assertTrue(text.stdout().contains("✗ services.reviewer-agent"), text.toString());
        assertTrue(text.stdout().contains("fix: Start it: scripts/run-local.sh reviewer-agent"), text.toString());
        assertTrue(text.stdout().lines().reduce((a, b) -> b).orElse("")
                .endsWith("(local checks; doctor-service unreachable)"), text.toString());
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        assertEquals(2, ScriptRun.run("doctor.sh", Map.of(), "--bogus").exitCode());
        assertEquals(2, ScriptRun.run("doctor.sh", Map.of(), "--url").exitCode());
        ScriptRun unknownCheck = ScriptRun.run("doctor.sh", Map.of(), "--url", doctorUrl(), "--check", "deps.mysql");
        assertEquals(2, unknownCheck.exitCode(), unknownCheck.toString());
        assertTrue(unknownCheck.stderr().contains("unknown check 'deps.mysql'"), unknownCheck.toString());
        ScriptRun help = ScriptRun.run("doctor.sh", Map.of(), "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().startsWith("Usage: scripts/doctor.sh"));
    }
}
