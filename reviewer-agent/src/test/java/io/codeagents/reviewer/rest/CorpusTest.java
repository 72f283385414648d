package io.codeagents.reviewer.rest;

import static io.codeagents.reviewer.testing.Reviews.body;
import static io.codeagents.reviewer.testing.Reviews.post;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The corpus under {@code src/test/resources/corpus}: small Python tasks, each with a correct implementation, a buggy
 * one and pytest tests. Every correct one must be approved; every buggy one must get changes requested naming exactly
 * the tests that fail ({@code buggy_fails.txt}). Reviews run two at a time, the test profile's sandbox capacity.
 */
@QuarkusTest
class CorpusTest {

    record Task(String name, String description, String solution, String buggy, String tests, Set<String> buggyFails) {
    }

    @Test
    void correctImplementationsAreApprovedAndBuggyOnesNameTheirFailingTests() throws Exception {
        List<Task> tasks = corpus();
        assertTrue(tasks.size() >= 30, "the corpus has " + tasks.size() + " tasks");
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> problems = new ArrayList<>();
            for (Task task : tasks) {
                problems.add(clients.submit(() -> checkCorrect(task)));
                problems.add(clients.submit(() -> checkBuggy(task)));
            }
            List<String> found = new ArrayList<>();
            for (Future<String> problem : problems) {
                String message = problem.get();
                if (message != null) {
                    found.add(message);
                }
            }
            assertTrue(found.isEmpty(), String.join("\n", found));
        } finally {
            clients.shutdownNow();
        }
    }

    private static String checkCorrect(Task task) {
        JsonPath review = reviewOf(task, task.solution());
        if (!"approved".equals(review.getString("verdict"))) {
            return task.name() + ": correct implementation got " + review.getString("verdict") + " — "
                    + review.getString("summary");
        }
        return null;
    }

    private static String checkBuggy(Task task) {
        JsonPath review = reviewOf(task, task.buggy());
        Set<String> failing = new HashSet<>(review.getList("tests.failures.test", String.class));
        String verdict = review.getString("verdict");
        if (!"changes_requested".equals(verdict) || !"failed".equals(review.getString("tests.status"))
                || !failing.equals(task.buggyFails())
                || task.buggyFails().stream().anyMatch(t -> !review.getString("summary").contains(t))) {
            return task.name() + ": buggy implementation got " + verdict + ", tests "
                    + review.getString("tests.status") + ", failing " + failing + " (expected " + task.buggyFails()
                    + ") — " + review.getString("summary");
        }
        return null;
    }

    private static JsonPath reviewOf(Task task, String code) {
        Map<String, Object> body = body(code, task.tests(), true, false);
        body.put("task_description", task.description());
        return post(body).statusCode(200).extract().jsonPath();
    }

    static List<Task> corpus() throws IOException, URISyntaxException {
        Path root = Path.of(Objects.requireNonNull(CorpusTest.class.getResource("/corpus")).toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            List<Task> tasks = new ArrayList<>();
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                tasks.add(new Task(dir.getFileName().toString(), Files.readString(dir.resolve("task.txt")).strip(),
                        Files.readString(dir.resolve("solution.py")), Files.readString(dir.resolve("buggy.py")),
                        Files.readString(dir.resolve("test_solution.py")),
                        Set.copyOf(Files.readString(dir.resolve("buggy_fails.txt")).strip().lines().toList())));
            }
            return tasks;
        }
    }
}
