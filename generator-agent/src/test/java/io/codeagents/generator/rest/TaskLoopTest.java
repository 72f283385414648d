package io.codeagents.generator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.codeagents.generator.support.FakeAgents;
import io.codeagents.generator.support.FakeAgentsProfile;
import io.codeagents.generator.support.FakeGateway;
import io.codeagents.generator.support.FakeHttpAgent.Reply;
import io.codeagents.generator.support.FakeReviewer;
import io.codeagents.generator.support.SseEvents;
import io.codeagents.generator.support.WithFakeAgents;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/** The generate → review → refine loop against fake agents speaking the real protocols. */
@QuarkusTest
@TestProfile(FakeAgentsProfile.class)
class TaskLoopTest extends WithFakeAgents {

    @TestHTTPResource("/")
    URL base;

    @Test
    void failingTestsAreFedBackAndTheSecondAttemptSucceeds() throws Exception {
        FakeAgents.gateway().script(FakeGateway.byPrompt(prompt -> prompt.contains(FakeReviewer.FAILURE_MESSAGE)
                ? FakeGateway.answerWith(FakeGateway.CORRECT_CODE, FakeGateway.TESTS)
                : FakeGateway.answerWith(FakeGateway.BUGGY_CODE, FakeGateway.TESTS)));
        var accepted = given().contentType("application/json")
                .body(Map.of("task_description", "Add two numbers", "language", "python", "max_iterations", 3))
                .post("/tasks").then().statusCode(202).header("Location", containsString("/tasks/"))
                .body("status", equalTo("queued")).extract();
        String id = accepted.path("id");
        assertTrue(accepted.header("Location").endsWith(id));

        JsonPath task = awaitFinal(id);
        assertEquals("succeeded", task.getString("status"));
        assertEquals(2, task.getInt("iterations_done"));
        assertEquals(List.of(1, 2), task.getList("iterations.iteration"));
        assertEquals(List.of("changes_requested", "approved"), task.getList("iterations.verdict"));
        assertEquals(FakeGateway.CORRECT_CODE, task.getString("final_code"));
        assertEquals(FakeGateway.TESTS, task.getString("final_tests"));
        assertEquals(FakeReviewer.FAILURE_MESSAGE, task.getString("iterations[0].test_results.failures[0].message"));
        assertTrue(task.getString("iterations[1].prompt").contains(FakeReviewer.FAILURE_MESSAGE));

        List<JsonObject> prompts = FakeAgents.gateway().requests();
        assertEquals(2, prompts.size());
        assertFalse(FakeGateway.promptOf(prompts.get(0)).contains(FakeReviewer.FAILURE_MESSAGE));
        String second = FakeGateway.promptOf(prompts.get(1));
        assertTrue(second.contains(FakeReviewer.FAILURE_MESSAGE), second);
        assertTrue(second.contains("test_add"), second);
        assertTrue(second.contains(FakeGateway.BUGGY_CODE.strip()), "the previous attempt is shown: " + second);
        assertTrue(second.contains("line 2: test_add failed"), "the error findings are carried: " + second);
        JsonObject firstReview = FakeAgents.reviewer().requests().get(0);
        assertEquals("python", firstReview.getString("language"));
        assertEquals(true, firstReview.getBoolean("run_tests"));
        assertEquals("Add two numbers", firstReview.getString("task_description"));

        List<SseEvents.Event> events = SseEvents.read(URI.create(base + "tasks/" + id + "/events"), null,
                Duration.ofSeconds(10)).get();
        assertEquals(List.of("queued", "started", "generating", "generated", "reviewing", "reviewed", "generating",
                "generated", "reviewing", "reviewed", "succeeded"), events.stream().map(SseEvents.Event::name).toList());
        assertEquals("changes_requested", events.get(5).data().getJsonObject("data").getString("verdict"));
        assertEquals(id, events.get(0).data().getString("task_id"));
        List<SseEvents.Event> afterFive = SseEvents.read(URI.create(base + "tasks/" + id + "/events"),
                events.get(4).id(), Duration.ofSeconds(10)).get();
        assertEquals(events.subList(5, events.size()).stream().map(SseEvents.Event::id).toList(),
                afterFive.stream().map(SseEvents.Event::id).toList(), "Last-Event-ID resumes after that event");
    }

    @Test
    void budgetSpentFailsKeepingTheBestAttempt() {
        AtomicInteger reviews = new AtomicInteger();
        int[] scores = {40, 70, 50};
        FakeAgents.gateway().script(FakeGateway.byPrompt(prompt -> FakeGateway.answerWith(
                "def add(a, b):\n    return a - b  # attempt " + FakeAgents.gateway().requests().size() + "\n",
                FakeGateway.TESTS)));
        FakeAgents.reviewer().script(FakeReviewer.by(request -> FakeReviewer.failing("assert -1 == 5",
                scores[reviews.getAndIncrement() % 3])));
        String id = submit(Map.of("task_description", "Add two numbers", "max_iterations", 3));
        JsonPath task = awaitFinal(id);
        assertEquals("failed", task.getString("status"));
        assertEquals(3, task.getInt("iterations_done"));
        assertEquals(2, task.getInt("best_iteration"));
        assertTrue(task.getString("final_code").contains("# attempt 2"), task.getString("final_code"));
        assertEquals("GEN_001", task.getString("error.code"));
        assertEquals(List.of(40, 70, 50), task.getList("iterations.score"));
    }

    @Test
    void implementationOnlyRefinementKeepsTheTests() {
        FakeAgents.gateway().script(FakeGateway.byPrompt(prompt -> prompt.contains(FakeReviewer.FAILURE_MESSAGE)
                ? "Fixed:\n```python\n" + FakeGateway.CORRECT_CODE + "```"
                : FakeGateway.answerWith(FakeGateway.BUGGY_CODE, FakeGateway.TESTS)));
        JsonPath task = awaitFinal(submit(Map.of("task_description", "Add two numbers")));
        assertEquals("succeeded", task.getString("status"));
        assertEquals(FakeGateway.TESTS, task.getString("iterations[1].tests"));
        assertEquals(FakeGateway.TESTS, FakeAgents.reviewer().requests().get(1).getString("tests"));
    }

    @Test
    void answerWithoutCodeIsRejectedAndExplainedInTheNextPrompt() {
        FakeAgents.gateway().script(FakeGateway.byPrompt(prompt -> prompt.contains("no usable code block")
                ? FakeGateway.answerWith(FakeGateway.CORRECT_CODE, FakeGateway.TESTS)
                : "Sure! First, think about what adding means."));
        JsonPath task = awaitFinal(submit(Map.of("task_description", "Add two numbers")));
        assertEquals("succeeded", task.getString("status"));
        assertEquals("GEN_003", task.getString("iterations[0].findings[0].rule"));
        assertEquals(1, FakeAgents.reviewer().requests().size(), "an answer without code is not sent for review");
    }

    @Test
    void noUsableCodeInAnyIterationFailsWithGen003() {
        FakeAgents.gateway().script(FakeGateway.byPrompt(prompt -> "I would rather not."));
        JsonPath task = awaitFinal(submit(Map.of("task_description", "Add two numbers", "max_iterations", 2)));
        assertEquals("failed", task.getString("status"));
        assertEquals("GEN_003", task.getString("error.code"));
    }

    @Test
    void unavailableGatewayIsWaitedForThenFailsWithModel001() {
        FakeAgents.gateway().failAlways(Reply.problem(503, "MODEL_001", "no backend can serve qwen2.5-coder:1.5b"));
        Instant start = Instant.now();
        String id = submit(Map.of("task_description", "Add two numbers"));
        JsonPath task = awaitFinal(id);
        assertEquals("failed", task.getString("status"));
        assertEquals("MODEL_001", task.getString("error.code"));
        assertTrue(task.getString("error.message").contains("model-gateway"), task.getString("error.message"));
        assertTrue(Duration.between(start, Instant.now()).toSeconds() < 20, "no hang");
        assertEquals(3, FakeAgents.gateway().requests().size(), "three attempts with back-off between them");
        given().get("/tasks/" + id).then().body("iterations.size()", equalTo(0));
    }

    @Test
    void unreachableReviewerFailsWithComm001() {
        FakeAgents.reviewer().failAlways(Reply.problem(503, "SBX_001", "every sandbox is busy"));
        JsonPath task = awaitFinal(submit(Map.of("task_description", "Add two numbers")));
        assertEquals("failed", task.getString("status"));
        assertEquals("COMM_001", task.getString("error.code"));
        assertTrue(task.getString("error.message").contains("SBX_001"), task.getString("error.message"));
    }

    @Test
    void aReviewerBackAfterAnOutageLetsTheTaskContinue() throws Exception {
        FakeAgents.reviewer().failNext(2, Reply.problem(502, "SYS_002", "restarting"));
        String id = submit(Map.of("task_description", "Add two numbers"));
        JsonPath task = awaitFinal(id);
        assertEquals("succeeded", task.getString("status"));
        assertEquals(1, task.getInt("iterations_done"));
        List<SseEvents.Event> events = SseEvents.read(URI.create(base + "tasks/" + id + "/events"), null,
                Duration.ofSeconds(10)).get();
        List<SseEvents.Event> waits = events.stream().filter(e -> e.name().equals("waiting")).toList();
        assertEquals(2, waits.size());
        assertEquals("reviewer-agent", waits.get(0).data().getJsonObject("data").getString("dependency"));
        assertEquals(1, waits.get(0).data().getJsonObject("data").getInteger("attempt"));
    }

    @Test
    void unknownModelFailsAtOnceWithoutWaiting() {
        FakeAgents.gateway().failAlways(Reply.problem(404, "MODEL_004", "Unknown model 'nope'"));
        JsonPath task = awaitFinal(submit(Map.of("task_description", "Add two numbers", "model", "nope")));
        assertEquals("MODEL_004", task.getString("error.code"));
        assertEquals(1, FakeAgents.gateway().requests().size());
    }

    @Test
    void cancellingARunningTaskStopsItsWorker() throws Exception {
        FakeAgents.gateway().delay(Duration.ofSeconds(4));
        String id = submit(Map.of("task_description", "Add two numbers"));
        var live = SseEvents.read(URI.create(base + "tasks/" + id + "/events"), null, Duration.ofSeconds(15));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> FakeAgents.gateway().requests().size() == 1);
        given().delete("/tasks/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
        List<SseEvents.Event> events = live.get();
        assertEquals("cancelled", events.get(events.size() - 1).name(), "the live stream ends with the cancellation");
        Thread.sleep(4500);
        given().get("/tasks/" + id).then().body("status", equalTo("cancelled")).body("iterations.size()", equalTo(0));
        assertTrue(FakeAgents.reviewer().requests().isEmpty(), "nothing reviewed after the cancellation");
        given().delete("/tasks/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
    }

    @Test
    void finishedTaskCannotBeCancelled() {
        String id = submit(Map.of("task_description", "Add two numbers"));
        awaitStatus(id, "succeeded");
        given().delete("/tasks/" + id).then().statusCode(409).body("error_code", equalTo("RES_002"))
                .body("detail", containsString("succeeded"));
    }
}
