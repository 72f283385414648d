package io.codeagents.testkit;

import io.vertx.core.json.JsonObject;

/** One scripted answer: when the last user message (or the prompt) contains {@code whenPromptContains}, answer this. */
public record Rule(String whenPromptContains, String answer) {

    public Rule {
        if (whenPromptContains == null || answer == null) {
            throw new IllegalArgumentException("a rule needs when_prompt_contains and answer");
        }
    }

    public static Rule of(String whenPromptContains, String answer) {
        return new Rule(whenPromptContains, answer);
    }

    JsonObject toJson() {
        return new JsonObject().put("when_prompt_contains", whenPromptContains).put("answer", answer);
    }

    static Rule fromJson(JsonObject json) {
        return new Rule(json.getString("when_prompt_contains"), json.getString("answer"));
    }
}
