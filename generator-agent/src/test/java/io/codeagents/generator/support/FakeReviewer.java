package io.codeagents.generator.support;

import java.util.function.Function;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The reviewer's {@code POST /review}. By default it "runs" the tests the way the real reviewer reports them: code
 * subtracting instead of adding fails {@code test_add} with pytest's assertion message, anything else is approved.
 */
public final class FakeReviewer {

    public static final String FAILURE_MESSAGE = "AssertionError: assert -1 == 5";

    private FakeReviewer() {
    }

    public static FakeHttpAgent create() {
        return new FakeHttpAgent("/review", request -> FakeHttpAgent.Reply
                .ok(request.getString("code").contains("a - b") ? failing(FAILURE_MESSAGE, 40) : approved()));
    }

    public static JsonObject approved() {
        return verdict("approved", 95, new JsonArray(), tests("passed", 1, 0, new JsonArray()));
    }

    public static JsonObject failing(String message, int score) {
        return verdict("changes_requested", score,
                new JsonArray().add(new JsonObject().put("rule", "tests").put("severity", "error").put("line", 2)
                        .put("column", 5).put("message", "test_add failed").put("hint", "check the operator")),
                tests("failed", 0, 1, new JsonArray().add(new JsonObject().put("test", "test_add").put("message", message))));
    }

    public static JsonObject verdict(String verdict, int score, JsonArray findings, JsonObject tests) {
        return new JsonObject().put("id", "rev-" + System.nanoTime()).put("verdict", verdict).put("score", score)
                .put("summary", verdict.equals("approved") ? "All tests pass" : "1 test failed").put("findings", findings)
                .put("tests", tests).putNull("llm").put("degraded", new JsonArray()).put("duration_ms", 12);
    }

    static JsonObject tests(String status, int passed, int failed, JsonArray failures) {
        return new JsonObject().put("status", status).put("passed", passed).put("failed", failed).put("errors", 0)
                .put("duration_ms", 10).put("failures", failures).put("output", "1 " + status);
    }

    /** Scripts the verdict by the request (code, tests, language, …). */
    public static Function<JsonObject, FakeHttpAgent.Reply> by(Function<JsonObject, JsonObject> verdict) {
        return request -> FakeHttpAgent.Reply.ok(verdict.apply(request));
    }
}
