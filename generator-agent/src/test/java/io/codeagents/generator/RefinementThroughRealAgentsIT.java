package io.codeagents.generator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.codeagents.common.testing.ServiceProcess;
import io.codeagents.generator.support.FakeGateway;
import io.codeagents.testkit.OllamaTestServer;
import io.codeagents.testkit.RecordedRequest;
import io.codeagents.testkit.Rule;
import io.codeagents.testkit.Script;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;

/**
 * The whole chain as deployed: generator-agent → the real model-gateway → a scripted Ollama server, and generator-agent
 * → the real reviewer-agent, which runs the generated pytest tests. The model answers with a buggy implementation until
 * the prompt carries pytest's failure for it, then with a correct one: the task succeeds in exactly two iterations.
 */
class RefinementThroughRealAgentsIT {

    /** What pytest reports for {@code assert add(2, 3) == 5} when add subtracts. */
    private static final String PYTEST_FAILURE = "assert -1 == 5";

    private OllamaTestServer ollama;
    private ServiceProcess gateway;
    private ServiceProcess reviewer;
    private ServiceProcess generator;

    @AfterEach
    void stopEverything() {
        for (ServiceProcess service : new ServiceProcess[]{generator, reviewer, gateway}) {
            if (service != null) {
                service.close();
            }
        }
        if (ollama != null) {
            ollama.close();
        }
    }

    @Test
    void failingTestOutputReachesTheModelAndTheSecondAttemptPasses() {
        for (String module : List.of("model-gateway", "reviewer-agent", "generator-agent")) {
            Assumptions.assumeTrue(ServiceProcess.jarOf(module).toFile().isFile(), module + " is not packaged");
        }
        ollama = OllamaTestServer.start(0).models("qwen2.5-coder:1.5b")
                .script(new Script(
                        List.of(Rule.of(PYTEST_FAILURE, FakeGateway.answerWith(FakeGateway.CORRECT_CODE, FakeGateway.TESTS))),
                        FakeGateway.answerWith(FakeGateway.BUGGY_CODE, FakeGateway.TESTS)));
        gateway = ServiceProcess.start("chain-model-gateway", ServiceProcess.jarOf("model-gateway"),
                Map.of("GATEWAY_OLLAMA_URL", ollama.url(), "GATEWAY_DEFAULT_MODEL", "qwen2.5-coder:1.5b"));
        reviewer = ServiceProcess.start("chain-reviewer-agent", ServiceProcess.jarOf("reviewer-agent"),
                Map.of("MODEL_GATEWAY_URL", gateway.url(), "GATEWAY_DEFAULT_MODEL", "qwen2.5-coder:1.5b"));
        String stream = "it-tasks-" + UUID.randomUUID();
        generator = ServiceProcess.start("chain-generator-agent", ServiceProcess.jarOf("generator-agent"),
                Map.of("MODEL_GATEWAY_URL", gateway.url(), "REVIEWER_URL", reviewer.url(), "GATEWAY_DEFAULT_MODEL",
                        "qwen2.5-coder:1.5b", "GENERATOR_QUEUE_STREAM", stream, "GENERATOR_QUEUE_EVENTS_CHANNEL",
                        stream + "-events"));

        String id = api().contentType("application/json")
                .body(Map.of("task_description", "Write add(a, b) returning the sum of two numbers", "language",
                        "python", "max_iterations", 3))
                .post("/tasks").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String status = api().get("/tasks/" + id).then().extract().path("status");
            return !status.equals("queued") && !status.equals("running");
        });
        JsonPath task = api().get("/tasks/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("succeeded", task.getString("status"), () -> task.prettify());
        assertEquals(2, task.getInt("iterations_done"), () -> task.prettify());
        assertEquals(List.of("changes_requested", "approved"), task.getList("iterations.verdict"));
        assertEquals(FakeGateway.CORRECT_CODE, task.getString("final_code"));

        List<RecordedRequest> chats = ollama.requests("/api/chat");
        assertEquals(2, chats.size(), "one model call per iteration");
        assertFalse(lastUserMessage(chats.get(0)).contains(PYTEST_FAILURE));
        String secondPrompt = lastUserMessage(chats.get(1));
        assertTrue(secondPrompt.contains(PYTEST_FAILURE), "the second prompt carries the failure: " + secondPrompt);
        assertTrue(secondPrompt.contains("test_add"), secondPrompt);
    }

    private RequestSpecification api() {
        return given().baseUri(generator.url()).header("Authorization", "Bearer " + ServiceProcess.API_KEY);
    }

    private static String lastUserMessage(RecordedRequest chat) {
        JsonArray messages = chat.json().getJsonArray("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.getJsonObject(i).getString("role"))) {
                return messages.getJsonObject(i).getString("content");
            }
        }
        return "";
    }
}
