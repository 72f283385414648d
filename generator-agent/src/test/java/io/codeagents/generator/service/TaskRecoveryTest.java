package io.codeagents.generator.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.codeagents.generator.domain.Task;
import io.codeagents.generator.domain.TaskIteration;
import io.codeagents.generator.domain.TaskRepository;
import io.codeagents.generator.domain.TaskStatus;
import io.codeagents.generator.support.FakeAgents;
import io.codeagents.generator.support.FakeAgentsProfile;
import io.codeagents.generator.support.FakeGateway;
import io.codeagents.generator.support.FakeReviewer;
import io.codeagents.generator.support.WithFakeAgents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A task whose worker died mid-task (its stream entry pending under a consumer that no longer runs, one iteration
 * recorded) is taken over after the claim timeout and continues with the next iteration.
 */
@QuarkusTest
@TestProfile(FakeAgentsProfile.class)
class TaskRecoveryTest extends WithFakeAgents {

    private static final String DEAD = "dead-replica";

    /** Adds the entry and delivers it to the dead consumer in one step, so no live reader gets it first. */
    private static final String ADD_AND_DELIVER = """
            local id = redis.call('XADD', KEYS[1], '*', 'task_id', ARGV[1], 'request_id', '')
            redis.call('XREADGROUP', 'GROUP', ARGV[2], ARGV[3], 'COUNT', 1, 'STREAMS', KEYS[1], '>')
            return id""";

    @Inject
    TaskRepository tasks;

    @Inject
    RedisDataSource redis;

    @Test
    void abandonedTaskIsTakenOverAndContinuesAfterItsLastIteration() {
        Task task = runningTaskOf(DEAD, 3);
        assertTrue(tasks.recordIteration(iteration(task.id, 1, FakeGateway.BUGGY_CODE), DEAD));
        redis.execute("EVAL", ADD_AND_DELIVER, "1", FakeAgents.stream(), task.id.toString(), "generators", DEAD);

        JsonPath done = awaitFinal(task.id.toString());
        assertEquals("succeeded", done.getString("status"));
        assertEquals(List.of(1, 2), done.getList("iterations.iteration"));
        assertEquals(DEAD, done.getString("iterations[0].worker"));
        assertNotEquals(DEAD, done.getString("iterations[1].worker"));
        assertEquals(2, done.getInt("claims"));
        assertEquals(1, FakeAgents.gateway().requests().size(), "iteration 1 is not generated again");
        String prompt = FakeGateway.promptOf(FakeAgents.gateway().requests().get(0));
        assertTrue(prompt.contains(FakeReviewer.FAILURE_MESSAGE), "resumes with the feedback of iteration 1: " + prompt);
        given().get("/tasks/" + task.id + "/events").then().statusCode(200);
    }

    @Test
    void anIterationIsRecordedOnceAndOnlyByTheOwner() {
        Task task = runningTaskOf("owner", 3);
        assertTrue(tasks.recordIteration(iteration(task.id, 1, "a = 1\n"), "owner"));
        assertFalse(tasks.recordIteration(iteration(task.id, 1, "a = 2\n"), "owner"), "same iteration twice");
        assertFalse(tasks.recordIteration(iteration(task.id, 2, "a = 3\n"), "someone-else"), "not the owner");
        assertEquals(1, tasks.iterations(task.id).size());
        assertEquals("a = 1\n", tasks.iterations(task.id).get(0).code);
        assertTrue(tasks.claim(task.id, "someone-else").isPresent(), "a takeover moves the ownership");
        assertFalse(tasks.recordIteration(iteration(task.id, 2, "a = 4\n"), "owner"), "the old owner cannot write");
        assertFalse(tasks.finish(task.id, "owner", TaskStatus.SUCCEEDED, 1, null, null));
        assertTrue(tasks.cancel(task.id));
        assertTrue(tasks.claim(task.id, "owner").isEmpty(), "a cancelled task is not taken up again");
    }

    private Task runningTaskOf(String worker, int maxIterations) {
        Task task = new Task();
        task.id = UUID.randomUUID();
        task.status = TaskStatus.QUEUED;
        task.taskDescription = "Add two numbers";
        task.language = "python";
        task.model = "qwen2.5-coder:1.5b";
        task.maxIterations = maxIterations;
        task.createdAt = Instant.now();
        task.updatedAt = task.createdAt;
        tasks.create(task);
        return tasks.claim(task.id, worker).orElseThrow();
    }

    private static TaskIteration iteration(UUID taskId, int n, String code) {
        TaskIteration it = new TaskIteration();
        it.taskId = taskId;
        it.iteration = n;
        it.model = "qwen2.5-coder:1.5b";
        it.code = code;
        it.tests = FakeGateway.TESTS;
        it.verdict = "changes_requested";
        it.score = 40;
        it.findings = "[]";
        it.testResults = "{\"status\":\"failed\",\"passed\":0,\"failed\":1,\"failures\":[{\"test\":\"test_add\",\"message\":\""
                + FakeReviewer.FAILURE_MESSAGE + "\"}]}";
        return it;
    }
}
