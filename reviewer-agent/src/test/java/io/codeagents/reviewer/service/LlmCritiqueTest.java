package io.codeagents.reviewer.service;

import static io.codeagents.reviewer.testing.Reviews.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.codeagents.reviewer.client.ModelGatewayClient;
import io.codeagents.reviewer.testing.FakeModelGateway;
import io.codeagents.reviewer.testing.FakeModelGateway.Mode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.core.json.JsonObject;

/** The critique through a fake gateway speaking the OpenAI protocol, and the review's behaviour when it is gone. */
@QuarkusTest
class LlmCritiqueTest {

    static final String CODE = "def double(x: int) -> int:\n    \"\"\"Twice x.\"\"\"\n    return x * 2\n";
    static final String TESTS = "from solution import double\n\n\ndef test_double():\n    assert double(2) == 4\n";

    @BeforeEach
    @AfterEach
    void resetGatewayAndBreaker() {
        FakeModelGateway.reset();
        CircuitBreakerMaintenance.get().reset(ModelGatewayClient.BREAKER);
    }

    private static ValidatableResponse reviewWithCritique(boolean runTests) {
        Map<String, Object> body = body(CODE, runTests ? TESTS : null, runTests, true);
        body.put("task_description", "Double a number");
        return given().contentType(ContentType.JSON).header("X-Request-Id", "critique-trace-1").body(body).post("/review")
                .then().statusCode(200);
    }

    @Test
    void theCritiqueComesFromTheGatewayWithCodeAndResultsInThePrompt() {
        reviewWithCritique(true).body("verdict", equalTo("approved"))
                .body("llm.feedback", equalTo(FakeModelGateway.FEEDBACK.strip()))
                .body("llm.model", equalTo(FakeModelGateway.MODEL))
                .body("degraded", empty());
        assertEquals(1, FakeModelGateway.received().size());
        FakeModelGateway.Received call = FakeModelGateway.received().get(0);
        JsonObject request = call.body();
        assertEquals("system", request.getJsonArray("messages").getJsonObject(0).getString("role"));
        String prompt = request.getJsonArray("messages").getJsonObject(1).getString("content");
        assertTrue(prompt.contains("return x * 2") && prompt.contains("Double a number") && prompt.contains("passed"),
                prompt);
        assertEquals(false, request.getBoolean("stream"));
        assertTrue(request.getInteger("max_tokens") > 0, "max_tokens is sent in snake_case");
        assertEquals("critique-trace-1", call.requestId());
        assertEquals("Bearer service-key-for-tests", call.authorization(), "the service key goes with the call");
    }

    @Test
    void aFailingGatewayDegradesTheReviewInsteadOfFailingIt() {
        FakeModelGateway.behave(Mode.SERVER_ERROR);
        reviewWithCritique(true).body("verdict", equalTo("approved"))
                .body("tests.status", equalTo("passed"))
                .body("llm", nullValue())
                .body("degraded", contains(ReviewService.LLM_UNAVAILABLE));
    }

    @Test
    void aSlowGatewayIsGivenUpAfterTheTimeout() {
        FakeModelGateway.slowBy(8000);
        long started = System.currentTimeMillis();
        reviewWithCritique(false).body("degraded", contains(ReviewService.LLM_UNAVAILABLE)).body("duration_ms",
                lessThan(6000));
        assertTrue(System.currentTimeMillis() - started < 7000, "the review waited for the slow gateway");
    }

    @Test
    void repeatedOutagesOpenTheBreakerSoTheGatewayIsNoLongerCalled() {
        FakeModelGateway.behave(Mode.SERVER_ERROR);
        for (int i = 0; i < 4; i++) {
            reviewWithCritique(false).body("degraded", contains(ReviewService.LLM_UNAVAILABLE));
        }
        int calls = FakeModelGateway.received().size();
        FakeModelGateway.behave(Mode.ANSWER);
        reviewWithCritique(false).body("degraded", contains(ReviewService.LLM_UNAVAILABLE));
        assertEquals(calls, FakeModelGateway.received().size(), "the open breaker let a call through");
        given().accept("text/plain").get("/metrics").then()
                .body(containsString("outcome=\"breaker_open\""));
    }

    @Test
    void refusalsAreNotOutagesAndDoNotOpenTheBreaker() {
        FakeModelGateway.behave(Mode.UNKNOWN_MODEL);
        for (int i = 0; i < 5; i++) {
            reviewWithCritique(false).body("degraded", contains(ReviewService.LLM_UNAVAILABLE));
        }
        FakeModelGateway.behave(Mode.ANSWER);
        reviewWithCritique(false).body("llm.feedback", containsString("empty list")).body("degraded", empty());
    }
}
