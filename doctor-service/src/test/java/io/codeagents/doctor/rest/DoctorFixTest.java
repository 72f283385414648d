package io.codeagents.doctor.rest;

import static io.codeagents.doctor.Reports.report;
import static io.codeagents.doctor.Reports.status;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.codeagents.doctor.fakes.FakeDeployment;
import io.codeagents.doctor.fakes.FakeDownloadService;
import io.codeagents.doctor.fakes.FakeModelGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** POST /doctor/fix as a user meets it: each remedy makes the documented call, reports it, and the check recovers. */
@QuarkusTest
class DoctorFixTest {

    private static final String MODEL = "codellama:7b";

    @BeforeEach
    void healthyDeployment() {
        FakeDeployment.resetAll();
    }

    private static JsonPath fix(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/doctor/fix").then().statusCode(200).extract()
                .jsonPath();
    }

    @Test
    void aFailedPullIsResumedToCompletion() {
        FakeDownloadService downloads = FakeDeployment.downloads();
        downloads.failedPull(MODEL, 300, 1000);
        assertEquals("warning", status(report(), "downloads.failed"));

        JsonPath fix = fix("{\"checks\":[\"downloads.failed\"],\"dry_run\":false}");

        assertEquals(false, fix.getBoolean("dry_run"));
        assertEquals("applied", fix.getString("fixes[0].outcome"));
        assertEquals("warning", fix.getString("fixes[0].status_before"));
        assertEquals("POST /pulls", fix.getString("fixes[0].actions[0].call"));
        assertEquals(MODEL, fix.getString("fixes[0].actions[0].target"));
        assertEquals("ok", fix.getString("fixes[0].status_after"), "the check passes once the pull is resumed");
        List<FakeDownloadService.Received> posts = downloads.received("POST", "/pulls");
        assertEquals(1, posts.size());
        assertEquals("{\"model\":\"" + MODEL + "\"}", posts.get(0).body());
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals("completed", downloads.pullOf(MODEL).get("state")));
        assertEquals(1, downloads.pullOf(MODEL).get("resumes"));
        assertEquals("ok", status(report(), "downloads.failed"));
    }

    @Test
    void aDryRunOnlyPlans() {
        FakeDeployment.downloads().failedPull(MODEL, 300, 1000);
        JsonPath fix = fix("{\"checks\":[\"downloads.failed\",\"models.cache\"],\"dry_run\":true}");
        assertEquals(List.of("planned", "planned"), fix.getList("fixes.outcome"));
        assertEquals("DELETE /v1/cache", fix.getString("fixes[1].actions[0].call"));
        assertTrue(FakeDeployment.downloads().received("POST", "/pulls").isEmpty());
        assertTrue(FakeDeployment.gateway().received("DELETE", "/v1/cache").isEmpty());
        assertEquals("error", FakeDeployment.downloads().pullOf(MODEL).get("state"));
    }

    @Test
    void orphanPartialFilesAreRemoved() {
        FakeDeployment.downloads().partialFile("/models/blobs/sha256-aaaa-partial", 2048, true);
        JsonPath fix = fix("{\"checks\":[\"downloads.partial\"]}");
        assertEquals("applied", fix.getString("fixes[0].outcome"));
        assertEquals("removed 1 file, freed 2.0 KiB", fix.getString("fixes[0].actions[0].detail"));
        assertEquals("ok", fix.getString("fixes[0].status_after"));
        assertEquals(1, FakeDeployment.downloads().received("POST", "/store/clean-orphans").size());
    }

    @Test
    void theMissingDefaultModelIsPulled() {
        FakeDeployment.gateway().defaultModel("ollama/" + MODEL);
        JsonPath fix = fix("{\"checks\":[\"models.default\"]}");
        assertEquals("applied", fix.getString("fixes[0].outcome"));
        assertEquals("{\"model\":\"" + MODEL + "\"}",
                FakeDeployment.downloads().received("POST", "/pulls").get(0).body(), "pulled without the backend prefix");
        assertEquals("warning", fix.getString("fixes[0].status_after"), "being pulled right after the fix");
    }

    @Test
    void stalledPullsAreCancelledAndResumed() {
        FakeDeployment.downloads().pull(MODEL, "downloading", 500, 1000, Instant.now().minus(Duration.ofMinutes(5)));
        JsonPath fix = fix("{\"checks\":[\"downloads.stalled\"]}");
        assertEquals(List.of("DELETE /pulls/" + MODEL, "POST /pulls"), fix.getList("fixes[0].actions.call"));
        assertEquals("applied", fix.getString("fixes[0].outcome"));
        assertEquals("ok", fix.getString("fixes[0].status_after"));
    }

    @Test
    void theGatewayCacheIsFlushed() {
        JsonPath fix = fix("{\"checks\":[\"models.cache\"]}");
        assertEquals("applied", fix.getString("fixes[0].outcome"));
        assertEquals("deleted 7 cached responses", fix.getString("fixes[0].actions[0].detail"));
        assertEquals(1, FakeDeployment.gateway().received("DELETE", "/v1/cache").size());
    }

    @Test
    void allFixesWhatNeedsItAndLeavesTheRest() {
        FakeDeployment.downloads().failedPull(MODEL, 300, 1000);
        JsonPath fix = fix("{\"checks\":[\"all\"]}");
        Map<String, String> outcomes = new java.util.LinkedHashMap<>();
        fix.getList("fixes", Map.class).forEach(f -> outcomes.put((String) f.get("check"), (String) f.get("outcome")));
        assertEquals(Map.of("models.default", "not_needed", "downloads.failed", "applied", "downloads.stalled",
                "not_needed", "downloads.partial", "not_needed"), outcomes);
        assertEquals("1 applied, 3 not needed", fix.getString("summary"));
        assertTrue(FakeDeployment.gateway().received("DELETE", "/v1/cache").isEmpty(), "the cache only when asked");
    }

    @Test
    void whatTheDoctorCannotFixSaysWhatToDo() {
        FakeDeployment.reviewer().stop();
        JsonPath fix = fix("{\"checks\":[\"services.reviewer-agent\",\"deps.redis\"]}");
        assertEquals("not_fixable", fix.getString("fixes[0].outcome"));
        assertTrue(fix.getString("fixes[0].summary").contains("scripts/run-local.sh reviewer-agent"));
        assertEquals("not_needed", fix.getString("fixes[1].outcome"));
    }

    @Test
    void aFailingRemedyIsReportedNotThrown() {
        FakeDeployment.downloads().failedPull(MODEL, 300, 1000);
        FakeDeployment.gateway().backends(List.of(FakeModelGateway.backend("ollama", "ollama", true, "closed",
                List.of(FakeModelGateway.DEFAULT_MODEL))));
        FakeDeployment.downloads().stop();
        JsonPath fix = fix("{\"checks\":[\"downloads.failed\"]}");
        assertEquals("skipped", fix.getString("fixes[0].outcome"), "the download service is down: nothing to judge");
        assertTrue(fix.getString("fixes[0].summary").contains("services.download-service"));
    }

    @Test
    void textFormatListsOutcomes() {
        FakeDeployment.downloads().failedPull(MODEL, 300, 1000);
        String text = given().contentType(ContentType.JSON).body("{\"checks\":[\"downloads.failed\"]}")
                .post("/doctor/fix?format=text").then().statusCode(200).extract().asString();
        assertTrue(text.contains("✓ downloads.failed"), text);
        assertTrue(text.contains("applied POST /pulls (" + MODEL + ")"), text);
        assertTrue(text.contains("now ok"), text);
    }

    @Test
    void badRequestsAreProblems() {
        given().contentType(ContentType.JSON).body("{\"checks\":[\"deps.mysql\"]}").post("/doctor/fix").then()
                .statusCode(400).body("error_code", equalTo("VAL_002")).body("violations.field", hasItem("checks"))
                .body("fixable_checks", hasItem("downloads.failed")).body("detail", containsString("deps.mysql"));
        given().contentType(ContentType.JSON).body("{\"checks\":[]}").post("/doctor/fix").then().statusCode(400)
                .body("error_code", equalTo("VAL_001"));
        given().contentType(ContentType.JSON).body("{\"checks\":\"all\"}").post("/doctor/fix").then().statusCode(400)
                .body("error_code", equalTo("VAL_002"));
        given().contentType(ContentType.JSON).body("{\"checks\":[\"all\"]}").post("/doctor/fix?format=pdf").then()
                .statusCode(400).body("error_code", equalTo("VAL_002"));
    }
}
