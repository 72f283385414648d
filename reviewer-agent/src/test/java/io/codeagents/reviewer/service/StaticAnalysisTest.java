package io.codeagents.reviewer.service;

import static io.codeagents.reviewer.testing.Reviews.body;
import static io.codeagents.reviewer.testing.Reviews.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The analyser's rules, located, through the API (analysis only: nothing runs). */
@QuarkusTest
class StaticAnalysisTest {

    static final String CODE = """
            import ctypes
            import pickle
            import socket
            import subprocess as sp
            from os import system as run_shell


            def load(blob):
                return pickle.loads(blob)


            def shell(command: str) -> int:
                \"\"\"Run a command.\"\"\"
                sp.run(command, shell=True)
                sp.check_output(["ls"])
                return run_shell(command)


            def tangled(a: int, b: int, c: int) -> int:
                \"\"\"Too many branches.\"\"\"
                total = 0
                for i in range(a):
                    if i % 2 and b or c:
                        total += 1
                    elif i % 3:
                        total -= 1
                    while total > 100:
                        total //= 2
                    try:
                        total += [x for x in range(b) if x > c][0]
                    except IndexError:
                        total += 0
                return total if total > 0 else -total


            class Store:
                def put(self, key: str, value) -> None:
                    \"\"\"Keep value.\"\"\"
            """;
    static final String TESTS = """
            from solution import load


            def test_nothing():
                load(b"")


            def test_something():
                assert load is not None
            """;

    private static Map<String, Object> finding(JsonPath review, String rule) {
        List<Map<String, Object>> findings = review.getList("findings");
        return findings.stream().filter(f -> rule.equals(f.get("rule"))).findFirst()
                .orElseThrow(() -> new AssertionError(rule + " not found in " + findings));
    }

    @Test
    void everyRuleFiresWhereItShouldWithItsSeverity() {
        JsonPath review = post(body(CODE, TESTS, false, false)).statusCode(200).extract().jsonPath();
        assertEquals("rejected", review.getString("verdict"));
        Object[][] expected = {
                {"S-CTYPES", "error", 1}, {"S-SOCKET", "error", 3}, {"S404", "warning", 4}, {"S301", "error", 9},
                {"S602", "error", 14}, {"S603", "error", 15}, {"S605", "error", 16},
                {"D103", "info", 8}, {"ANN001", "info", 8}, {"ANN201", "info", 8},
                {"C901", "warning", 19}, {"D101", "info", 36}};
        for (Object[] e : expected) {
            Map<String, Object> f = finding(review, (String) e[0]);
            assertEquals(e[1], f.get("severity"), e[0] + " severity");
            assertEquals(e[2], f.get("line"), e[0] + " line");
            assertEquals("solution.py", f.get("file"));
            assertTrue(!((String) f.get("hint")).isBlank(), e[0] + " has a hint");
        }
        Map<String, Object> noAssert = finding(review, "PT-NOASSERT");
        assertEquals("test_solution.py", noAssert.get("file"));
        assertEquals(4, noAssert.get("line"));
        assertTrue(((String) noAssert.get("message")).contains("test_nothing"));
        assertTrue(((String) finding(review, "C901").get("message")).contains("tangled"));
        assertEquals(1, review.getList("findings.findAll { it.rule == 'ANN001' && it.message.contains('value') }").size(),
                "the untyped 'value' of Store.put, and not 'self'");
        assertTrue(review.getInt("metrics.max_complexity") > 10);
        assertEquals(2, review.getInt("metrics.tests"));
    }
}
