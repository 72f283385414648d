package io.codeagents.generator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.codeagents.generator.support.FakeAgents;
import io.codeagents.generator.support.FakeAgentsProfile;
import io.codeagents.generator.support.WithFakeAgents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Bad input, unknown ids, paging and statistics of the tasks API. */
@QuarkusTest
@TestProfile(FakeAgentsProfile.class)
class TaskApiTest extends WithFakeAgents {

    @Test
    void emptyDescriptionIsGen002() {
        given().contentType(ContentType.JSON).body(Map.of("task_description", "", "language", "python")).post("/tasks")
                .then().statusCode(400).contentType("application/problem+json").body("error_code", equalTo("GEN_002"));
    }

    @Test
    void missingDescriptionIsVal003() {
        given().contentType(ContentType.JSON).body(Map.of("language", "python")).post("/tasks").then().statusCode(400)
                .body("error_code", equalTo("VAL_003")).body("violations.field", hasItem("task_description"));
    }

    @Test
    void oneMegabyteDescriptionIsAClear400() {
        given().contentType(ContentType.JSON).body(Map.of("task_description", "y".repeat(1024 * 1024))).post("/tasks")
                .then().statusCode(400).body("error_code", equalTo("GEN_002"))
                .body("detail", containsString("at most 16000"));
    }

    @Test
    void unknownLanguageIs400() {
        given().contentType(ContentType.JSON).body(Map.of("task_description", "Add", "language", "brainfuck"))
                .post("/tasks").then().statusCode(400).body("error_code", equalTo("VAL_001"))
                .body("violations.field", hasItem("language"));
    }

    @Test
    void maxIterationsOutOfRangeIs400() {
        for (int wrong : new int[]{0, 100, -1}) {
            given().contentType(ContentType.JSON).body(Map.of("task_description", "Add", "max_iterations", wrong))
                    .post("/tasks").then().statusCode(400).body("error_code", equalTo("VAL_001"))
                    .body("violations.field", hasItem("max_iterations"))
                    .body("detail", containsString("between 1 and 10"));
        }
    }

    @Test
    void badInputStoresNothing() {
        long before = ((Number) given().get("/tasks").then().extract().path("total")).longValue();
        given().contentType(ContentType.JSON).body(Map.of("task_description", "Add", "max_iterations", 0)).post("/tasks")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"task_description\": ").post("/tasks").then().statusCode(400)
                .body("error_code", equalTo("VAL_002"));
        long after = ((Number) given().get("/tasks").then().extract().path("total")).longValue();
        assertEquals(before, after);
    }

    @Test
    void unknownTaskIs404Everywhere() {
        String unknown = UUID.randomUUID().toString();
        given().get("/tasks/" + unknown).then().statusCode(404).contentType("application/problem+json")
                .body("error_code", equalTo("RES_001"));
        given().delete("/tasks/" + unknown).then().statusCode(404).body("error_code", equalTo("RES_001"));
        given().get("/tasks/" + unknown + "/events").then().statusCode(404).body("error_code", equalTo("RES_001"));
        given().get("/tasks/not-a-uuid").then().statusCode(404).body("error_code", equalTo("RES_001"));
    }

    @Test
    void listPagesThroughTasksByStatus() {
        for (int i = 0; i < 3; i++) {
            awaitFinal(submit(Map.of("task_description", "Add numbers " + i)));
        }
        given().get("/tasks?status=succeeded&page=0&size=2").then().statusCode(200)
                .body("tasks.size()", equalTo(2)).body("tasks.status", everyItem(equalTo("succeeded")))
                .body("page", equalTo(0)).body("size", equalTo(2)).body("total", greaterThanOrEqualTo(3))
                .body("filter.status", equalTo("succeeded"));
        List<String> first = given().get("/tasks?status=succeeded&page=0&size=2").then().extract().path("tasks.id");
        List<String> second = given().get("/tasks?status=succeeded&page=1&size=2").then().extract().path("tasks.id");
        assertTrue(second.stream().noneMatch(first::contains), "pages do not overlap");
        given().get("/tasks?status=running&size=100").then().statusCode(200);
        given().get("/tasks?status=bogus").then().statusCode(400).body("violations.field", hasItem("status"));
        given().get("/tasks?size=0").then().statusCode(400).body("violations.field", hasItem("size"));
        given().get("/tasks?page=-1").then().statusCode(400).body("violations.field", hasItem("page"));
    }

    @Test
    void statsReportStatusesRatesAndLatencies() {
        awaitFinal(submit(Map.of("task_description", "Add numbers")));
        FakeAgents.reset();
        FakeAgents.gateway().failAlways(io.codeagents.generator.support.FakeHttpAgent.Reply.problem(404, "MODEL_004", "no"));
        awaitFinal(submit(Map.of("task_description", "Add numbers", "model", "nope")));
        given().get("/stats").then().statusCode(200)
                .body("tasks.succeeded", greaterThanOrEqualTo(1)).body("tasks.failed", greaterThanOrEqualTo(1))
                .body("tasks.total", greaterThanOrEqualTo(2)).body("success_rate", notNullValue())
                .body("mean_iterations", notNullValue()).body("latency_ms.p50", notNullValue())
                .body("latency_ms.p99", notNullValue()).body("iteration_ms.count", greaterThanOrEqualTo(1))
                .body("iteration_overhead_ms.p50", notNullValue()).body("queue.pending", greaterThanOrEqualTo(0))
                .body("worker.concurrency", equalTo(4));
        float rate = given().get("/stats").then().extract().path("success_rate");
        assertTrue(rate > 0 && rate < 1, "success rate " + rate);
    }
}
