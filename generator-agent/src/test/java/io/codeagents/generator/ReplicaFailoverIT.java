package io.codeagents.generator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.codeagents.common.testing.ServiceProcess;
import io.codeagents.generator.support.FakeGateway;
import io.codeagents.generator.support.FakeHttpAgent;
import io.codeagents.generator.support.FakeReviewer;
import io.codeagents.testkit.Behaviour;
import io.codeagents.testkit.OpenAiTestServer;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;

/**
 * Two generator replicas share the task stream; the one working on a task is killed with SIGKILL in the middle of its
 * second iteration; the other takes the task over after the claim timeout and finishes it, with no iteration recorded
 * twice. The model is the testkit's OpenAI-compatible server (the protocol the gateway speaks), slowed so that the kill
 * lands mid-call; the reviewer rejects the first attempt and approves the second.
 */
class ReplicaFailoverIT {

    private final Vertx vertx = Vertx.vertx();
    private OpenAiTestServer model;
    private FakeHttpAgent reviewer;
    private ServiceProcess replicaA;
    private ServiceProcess replicaB;

    @AfterEach
    void stopEverything() {
        for (ServiceProcess replica : new ServiceProcess[]{replicaA, replicaB}) {
            if (replica != null) {
                replica.close();
            }
        }
        if (model != null) {
            model.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void taskOfAKilledReplicaCompletesOnTheOtherWithoutDuplicatedIterations() throws Exception {
        Assumptions.assumeTrue(ServiceProcess.jarOf("generator-agent").toFile().isFile(), "generator-agent not packaged");
        model = OpenAiTestServer.start(0).models("qwen2.5-coder:1.5b")
                .answer(FakeGateway.answerWith(FakeGateway.CORRECT_CODE, FakeGateway.TESTS))
                .behaviour(Behaviour.normal().withLatencyMs(2500));
        AtomicInteger reviews = new AtomicInteger();
        reviewer = FakeReviewer.create().start(vertx);
        reviewer.script(FakeReviewer.by(request -> reviews.incrementAndGet() == 1
                ? FakeReviewer.failing(FakeReviewer.FAILURE_MESSAGE, 40)
                : FakeReviewer.approved()));
        String stream = "it-tasks-" + UUID.randomUUID();
        replicaA = ServiceProcess.start("failover-replica-a", ServiceProcess.jarOf("generator-agent"),
                settings(stream, "replica-a"));
        replicaB = ServiceProcess.start("failover-replica-b", ServiceProcess.jarOf("generator-agent"),
                settings(stream, "replica-b"));

        String id = as(replicaA).contentType("application/json")
                .body(Map.of("task_description", "Add two numbers", "max_iterations", 3)).post("/tasks").then()
                .statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> as(replicaA).get("/tasks/" + id).then().extract().<Integer>path("iterations_done") == 1);
        String owner = as(replicaA).get("/tasks/" + id).then().extract().path("worker");
        ServiceProcess victim = owner.equals("replica-a") ? replicaA : replicaB;
        ServiceProcess survivor = victim == replicaA ? replicaB : replicaA;
        await().atMost(Duration.ofSeconds(10)).until(() -> model.requests("/v1/chat/completions").size() == 2);
        victim.kill();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String status = as(survivor).get("/tasks/" + id).then().extract().path("status");
            return !status.equals("queued") && !status.equals("running");
        });
        JsonPath task = as(survivor).get("/tasks/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("succeeded", task.getString("status"));
        List<Integer> iterations = task.getList("iterations.iteration");
        assertEquals(List.of(1, 2), iterations);
        assertEquals(iterations.size(), new HashSet<>(iterations).size(), "no iteration recorded twice");
        assertEquals(victim.name().endsWith("a") ? "replica-a" : "replica-b", task.getString("iterations[0].worker"));
        assertEquals(survivor == replicaA ? "replica-a" : "replica-b", task.getString("iterations[1].worker"));
        assertNotEquals(owner, task.getString("worker"));
        assertEquals(2, task.getInt("claims"), "taken up once by each replica");
        assertTrue(task.getString("iterations[1].prompt").contains(FakeReviewer.FAILURE_MESSAGE),
                "the survivor continued from iteration 1's review");
        assertEquals(2, reviews.get(), "iteration 1 was not reviewed again");
    }

    private Map<String, String> settings(String stream, String consumer) {
        return Map.of("MODEL_GATEWAY_URL", model.url(), "REVIEWER_URL", reviewer.url(), "GENERATOR_QUEUE_STREAM", stream,
                "GENERATOR_QUEUE_CONSUMER", consumer, "GENERATOR_QUEUE_CLAIM_IDLE_TIMEOUT", "3S",
                "GENERATOR_QUEUE_CLAIM_INTERVAL", "500MS", "GENERATOR_QUEUE_READ_BLOCK", "500MS",
                "GENERATOR_QUEUE_EVENTS_CHANNEL", stream + "-events");
    }

    private static RequestSpecification as(ServiceProcess replica) {
        return given().baseUri(replica.url()).header("Authorization", "Bearer " + ServiceProcess.API_KEY);
    }
}
