package io.codeagents.reviewer.rest;

import static io.codeagents.reviewer.testing.Reviews.analyse;
import static io.codeagents.reviewer.testing.Reviews.body;
import static io.codeagents.reviewer.testing.Reviews.post;
import static io.codeagents.reviewer.testing.Reviews.review;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class ReviewApiTest {

    static final String ADD = """
            def add(a: int, b: int) -> int:
                \"\"\"Return the sum of a and b.\"\"\"
                return a + b
            """;
    static final String ADD_TESTS = """
            from solution import add


            def test_adds():
                assert add(2, 3) == 5


            def test_negative():
                assert add(-2, -3) == -5
            """;

    @Test
    void correctCodeWithPassingTestsIsApproved() {
        review(ADD, ADD_TESTS).statusCode(200)
                .body("id", notNullValue())
                .body("verdict", equalTo("approved"))
                .body("score", equalTo(100))
                .body("findings", empty())
                .body("tests.status", equalTo("passed"))
                .body("tests.passed", equalTo(2))
                .body("tests.failed", equalTo(0))
                .body("tests.runner", equalTo("pytest"))
                .body("llm", nullValue())
                .body("degraded", empty())
                .body("isolation.mode", equalTo("bubblewrap"))
                .body("isolation.network", equalTo(false))
                .body("summary", containsString("Approved"));
    }

    @Test
    void aFailingTestRequestsChangesAndIsNamed() {
        String buggy = ADD.replace("a + b", "a - b");
        review(buggy, ADD_TESTS).statusCode(200)
                .body("verdict", equalTo("changes_requested"))
                .body("tests.status", equalTo("failed"))
                .body("tests.failed", equalTo(2))
                .body("tests.failures.test", hasItem("test_solution.py::test_adds"))
                .body("tests.failures[0].message", containsString("assert"))
                .body("tests.output", containsString("FAILED"))
                .body("score", lessThanOrEqualTo(69))
                .body("summary", containsString("test_solution.py::test_adds"));
    }

    @Test
    void aSyntaxErrorIsRejectedWithItsPosition() {
        review("def add(a, b)\n    return a + b\n", ADD_TESTS).statusCode(200)
                .body("verdict", equalTo("rejected"))
                .body("score", equalTo(0))
                .body("findings[0].rule", equalTo("E999"))
                .body("findings[0].severity", equalTo("error"))
                .body("findings[0].line", equalTo(1))
                .body("findings[0].column", equalTo(14))
                .body("tests.status", equalTo("error"))
                .body("tests.reason", containsString("could not be collected"));
    }

    @Test
    void evalIsRejectedEvenWhenTestsPass() {
        String code = """
                def add(a: int, b: int) -> int:
                    \"\"\"Return the sum.\"\"\"
                    return eval(f"{a} + {b}")
                """;
        review(code, ADD_TESTS).statusCode(200)
                .body("verdict", equalTo("rejected"))
                .body("tests.status", equalTo("passed"))
                .body("findings.rule", hasItem("S307"))
                .body("findings.find { it.rule == 'S307' }.line", equalTo(3))
                .body("summary", containsString("S307"));
    }

    @Test
    void withoutTestsOnlyTheAnalysisCounts() {
        analyse(ADD).statusCode(200)
                .body("verdict", equalTo("approved"))
                .body("tests.status", equalTo("skipped"))
                .body("tests.reason", equalTo("run_tests is false"));
    }

    @Test
    void withoutTestsNothingCanBeApproved() {
        post(body(ADD, null, true, false)).statusCode(200)
                .body("verdict", equalTo("changes_requested"))
                .body("tests.status", equalTo("skipped"))
                .body("tests.reason", equalTo("no tests were supplied"))
                .body("summary", containsString("no tests were supplied"));
    }

    @Test
    void aStoredReviewCanBeReadAgainAndIsListed() {
        String id = review(ADD, ADD_TESTS).statusCode(200).extract().path("id");
        given().get("/reviews/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("verdict", equalTo("approved"))
                .body("tests.passed", equalTo(2))
                .body("isolation.mode", equalTo("bubblewrap"))
                .body("created_at", notNullValue());
        given().get("/reviews?limit=5").then().statusCode(200)
                .body("reviews.id", hasItem(id))
                .body("reviews.size()", lessThanOrEqualTo(5));
    }

    @Test
    void unknownReviewsAre404() {
        given().get("/reviews/5b0c1a9e-0000-4000-8000-000000000000").then().statusCode(404)
                .contentType("application/problem+json").body("error_code", equalTo("RES_001"));
        given().get("/reviews/not-a-uuid").then().statusCode(404).body("error_code", equalTo("RES_001"));
        given().get("/reviews?limit=0").then().statusCode(400).body("error_code", equalTo("VAL_002"))
                .body("violations.field", hasItem("limit"));
    }

    @Test
    void badInputIsAClearProblem() {
        Map<String, Object> java = body(ADD, ADD_TESTS, true, false);
        java.put("language", "java");
        post(java).statusCode(400).contentType("application/problem+json")
                .body("error_code", equalTo("VAL_001")).body("violations.field", hasItem("language"))
                .body("detail", containsString("python"));

        post(body("x = 1\u0000\n", null, false, false)).statusCode(400).body("error_code", equalTo("REV_002"));

        post(body("#" + "x".repeat(100_001), null, false, false)).statusCode(400).body("error_code", equalTo("VAL_001"))
                .body("violations.field", hasItem("code"));

        given().contentType(ContentType.JSON).body("{\"code\": 42, \"run_tests\": \"perhaps\"}").post("/review").then()
                .statusCode(400).body("error_code", equalTo("VAL_002"));
    }

    @Test
    void statsCountVerdictsPassRateAndLatency() {
        review(ADD, ADD_TESTS).statusCode(200);
        review(ADD.replace("a + b", "a * b"), ADD_TESTS).statusCode(200);
        JsonPath stats = given().get("/stats").then().statusCode(200).extract().jsonPath();
        assertTrue(stats.getLong("reviews") >= 2);
        assertTrue(stats.getLong("verdicts.approved") >= 1);
        assertTrue(stats.getLong("verdicts.changes_requested") >= 1);
        assertTrue(stats.getLong("tests.runs") >= 2);
        double passRate = stats.getDouble("tests.pass_rate");
        assertTrue(passRate > 0 && passRate < 1, "pass rate " + passRate);
        assertTrue(stats.getLong("latency_ms.p50") > 0);
        assertTrue(stats.getLong("latency_ms.p99") >= stats.getLong("latency_ms.p50"));
        assertEquals("bubblewrap", stats.getString("sandboxes.mode"));
        assertEquals(2, stats.getInt("sandboxes.capacity"));
    }

    @Test
    void progressIsStreamedWhenAsked() {
        String stream = given().contentType(ContentType.JSON).accept("text/event-stream")
                .body(body(ADD, ADD_TESTS, true, false)).post("/review").then().statusCode(200)
                .contentType(containsString("text/event-stream")).extract().asString();
        List<String> stages = stream.lines().filter(l -> l.startsWith("data:"))
                .map(l -> JsonPath.from(l.substring(5)).getString("stage")).toList();
        assertEquals(List.of("analysing", "testing", "completed"), stages);
        assertTrue(stream.contains("\"verdict\":\"approved\""), stream);
    }

    @Test
    void readinessStatesTheIsolation() {
        given().get("/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'sandbox' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'sandbox' }.data.mode", equalTo("bubblewrap"))
                .body("checks.find { it.name == 'sandbox' }.data.network", equalTo("none"))
                .body("checks.find { it.name == 'sandbox' }.data.capacity", greaterThanOrEqualTo(1));
        given().accept("text/plain").get("/metrics").then().statusCode(200)
                .body(containsString("reviewer_sandbox_capacity"));
        assertTrue(given().get("/stats").then().extract().jsonPath().getLong("reviews") >= 0);
        given().get("/stats").then().body("latency_ms.max", greaterThan(-1));
    }
}
