package io.codeagents.testkit;

import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a server answers: ordered rules, the first whose text the prompt contains wins, else the default answer. Written
 * as JSON either {@code {"rules": [...], "default_answer": "..."}} or a bare array of rules.
 */
public record Script(List<Rule> rules, String defaultAnswer) {

    public static final String DEFAULT_ANSWER = "def answer():\n    return 42\n";

    public Script {
        rules = List.copyOf(rules);
        defaultAnswer = defaultAnswer == null ? DEFAULT_ANSWER : defaultAnswer;
    }

    public static Script of(Rule... rules) {
        return new Script(List.of(rules), DEFAULT_ANSWER);
    }

    public static Script answering(String answer) {
        return new Script(List.of(), answer);
    }

    public Script withDefaultAnswer(String answer) {
        return new Script(rules, answer);
    }

    public String answerFor(String prompt) {
        String text = prompt == null ? "" : prompt;
        for (Rule rule : rules) {
            if (text.contains(rule.whenPromptContains())) {
                return rule.answer();
            }
        }
        return defaultAnswer;
    }

    public JsonObject toJson() {
        JsonArray array = new JsonArray();
        rules.forEach(rule -> array.add(rule.toJson()));
        return new JsonObject().put("rules", array).put("default_answer", defaultAnswer);
    }

    /** Parses either form; throws {@link IllegalArgumentException} with a readable reason on anything else. */
    public static Script parse(String json) {
        String trimmed = json == null ? "" : json.trim();
        try {
            if (trimmed.startsWith("[")) {
                return new Script(rules(new JsonArray(trimmed)), DEFAULT_ANSWER);
            }
            JsonObject object = new JsonObject(trimmed);
            JsonArray rules = object.getJsonArray("rules", new JsonArray());
            return new Script(rules(rules), object.getString("default_answer", DEFAULT_ANSWER));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid script: " + e.getMessage(), e);
        }
    }

    private static List<Rule> rules(JsonArray array) {
        return array.stream().map(o -> Rule.fromJson((JsonObject) o)).toList();
    }
}
