package io.codeagents.generator.support;

import java.util.List;
import java.util.function.Function;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The model gateway's {@code POST /v1/chat/completions}, answering as an OpenAI-compatible server does. */
public final class FakeGateway {

    public static final String CORRECT_CODE = "def add(a, b):\n    return a + b\n";
    public static final String BUGGY_CODE = "def add(a, b):\n    return a - b\n";
    public static final String TESTS = "from solution import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n";

    private FakeGateway() {
    }

    public static FakeHttpAgent create() {
        return new FakeHttpAgent("/v1/chat/completions", request -> FakeHttpAgent.Reply.ok(completion(request,
                answerWith(CORRECT_CODE, TESTS))));
    }

    /** An answer the way models write one: prose, then the implementation and the tests in fenced blocks. */
    public static String answerWith(String code, String tests) {
        return "Here is the implementation:\n\n```python\n" + code + "```\n\nAnd the tests:\n\n```python\n" + tests
                + "```\n";
    }

    /** A chat completion for {@code request} whose message is {@code content}. */
    public static JsonObject completion(JsonObject request, String content) {
        String model = request.getString("model", "qwen2.5-coder:1.5b");
        return new JsonObject().put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1)
                .put("model", model)
                .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                        .put("message", new JsonObject().put("role", "assistant").put("content", content))
                        .put("finish_reason", "stop")))
                .put("usage", new JsonObject().put("prompt_tokens", 42).put("completion_tokens", 17)
                        .put("total_tokens", 59));
    }

    /** Scripts the answer by the text of the prompt (all messages joined). */
    public static Function<JsonObject, FakeHttpAgent.Reply> byPrompt(Function<String, String> answer) {
        return request -> FakeHttpAgent.Reply.ok(completion(request, answer.apply(promptOf(request))));
    }

    public static String promptOf(JsonObject request) {
        StringBuilder prompt = new StringBuilder();
        List<?> messages = request.getJsonArray("messages").getList();
        for (Object message : messages) {
            Object content = message instanceof JsonObject json
                    ? json.getString("content")
                    : ((java.util.Map<?, ?>) message).get("content");
            prompt.append(content).append('\n');
        }
        return prompt.toString();
    }
}
