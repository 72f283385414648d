package io.codeagents.doctor.rest;

import static io.codeagents.doctor.Reports.report;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.codeagents.doctor.fakes.FakeDeployment;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Reports are kept; the history shows the trend per report and per check. */
@QuarkusTest
class DoctorHistoryTest {

    @BeforeEach
    void healthyDeployment() {
        FakeDeployment.resetAll();
    }

    @Test
    void theHistoryShowsTheTrend() {
        long ok = report().getLong("id");
        FakeDeployment.reviewer().stop();
        long critical = report().getLong("id");
        FakeDeployment.resetAll();
        long partial = report("?category=deps").getLong("id");

        JsonPath history = given().get("/doctor/history?limit=3").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(partial, critical, ok),
                history.getList("reports.id", Long.class), "newest first");
        assertEquals(List.of("ok", "critical", "ok"), history.getList("reports.status"));
        assertEquals(1, history.getInt("reports[1].counts.critical"));
        assertEquals(true, history.getBoolean("reports[0].partial"));
        assertTrue(history.getLong("reports[0].duration_ms") >= 0);

        assertEquals("critical", history.getString("checks.find { it.id == 'services.reviewer-agent' }.latest"));
        assertEquals(List.of("critical", "ok"),
                history.getList("checks.find { it.id == 'services.reviewer-agent' }.recent"));
        assertEquals(List.of("ok", "ok", "ok"), history.getList("checks.find { it.id == 'deps.redis' }.recent"));
        assertEquals(3, history.getInt("checks.find { it.id == 'deps.redis' }.counts.ok"));
    }

    @Test
    void oneChecksTrend() {
        report();
        JsonPath history = given().get("/doctor/history?limit=5&check=deps.postgres").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of("deps.postgres"), history.getList("checks.id"));
    }

    @Test
    void aStoredReportIsServedAsItWasAnswered() {
        JsonPath original = report("?check=system.jvm");
        long id = original.getLong("id");
        given().get("/doctor/history/" + id).then().statusCode(200).body("id", equalTo((int) id))
                .body("status", equalTo(original.getString("status")))
                .body("checks[0].id", equalTo("system.jvm"))
                .body("generated_at", equalTo(original.getString("generated_at")));
    }

    @Test
    void badHistoryRequestsAreProblems() {
        given().get("/doctor/history?limit=abc").then().statusCode(400).body("error_code", equalTo("VAL_002"));
        given().get("/doctor/history?limit=0").then().statusCode(400).body("error_code", equalTo("VAL_002"));
        given().get("/doctor/history?check=nope").then().statusCode(400).body("error_code", equalTo("VAL_002"));
        given().get("/doctor/history/999999999").then().statusCode(404).body("error_code", equalTo("RES_001"));
        given().get("/doctor/history/x1").then().statusCode(400).body("error_code", equalTo("VAL_002"));
    }
}
