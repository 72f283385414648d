package io.codeagents.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class AnswerTokensTest {

    @Test
    void tokensConcatenateToTheTextExactly() {
        String text = "def add(a, b):\n    return a + b\n";
        List<String> tokens = AnswerTokens.split(text);
        assertEquals(List.of("def", " add(a,", " b):", "\n    return", " a", " +", " b\n"), tokens);
        assertEquals(text, String.join("", tokens));
    }

    @Test
    void blankAndEmptyTexts() {
        assertEquals(List.of(), AnswerTokens.split(""));
        assertEquals(List.of("  "), AnswerTokens.split("  "));
        assertEquals(2, AnswerTokens.count("  hello world"));
    }

    @Test
    void generationAppliesStopThenMaxTokens() {
        Generation cut = Generation.of("one two three four", "a b", 2, List.of());
        assertEquals("one two", cut.text());
        assertEquals("length", cut.finishReason());
        assertEquals(2, cut.promptTokens());
        Generation stopped = Generation.of("one two STOP three", "p", 0, List.of("STOP"));
        assertEquals("one two ", stopped.text());
        assertEquals("stop", stopped.finishReason());
    }

    @Test
    void firstMatchingRuleWinsElseDefault() {
        Script script = Script.of(Rule.of("fibonacci", "fib"), Rule.of("fib", "second")).withDefaultAnswer("dflt");
        assertEquals("fib", script.answerFor("write fibonacci"));
        assertEquals("second", script.answerFor("fib only"));
        assertEquals("dflt", script.answerFor("something else"));
        assertEquals(script, Script.parse(script.toJson().encode()));
        assertEquals(List.of(Rule.of("x", "y")), Script.parse("[{\"when_prompt_contains\":\"x\",\"answer\":\"y\"}]").rules());
    }
}
