package io.codeagents.reviewer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class JUnitReportTest {

    @Test
    void readsOutcomesAndNamesTestsAsPytestDoes() throws IOException {
        List<JUnitReport.Case> cases = JUnitReport.parse("""
                <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="3">
                <testcase classname="test_solution" name="test_ok" time="0.001" />
                <testcase classname="test_solution.TestStack" name="test_pop" time="0.001">
                  <failure message="assert 1 == 2">test_solution.py:9: in test_pop
                E   assert 1 == 2</failure></testcase>
                <testcase classname="test_solution" name="test_skip"><skipped message="later" /></testcase>
                </testsuite></testsuites>""".getBytes(StandardCharsets.UTF_8));
        assertEquals(3, cases.size());
        assertEquals("test_solution.py::test_ok", cases.get(0).test());
        assertEquals(JUnitReport.Outcome.PASSED, cases.get(0).outcome());
        assertEquals("test_solution.py::TestStack::test_pop", cases.get(1).test());
        assertEquals(JUnitReport.Outcome.FAILED, cases.get(1).outcome());
        assertEquals("assert 1 == 2", cases.get(1).raisedLine());
        assertEquals(JUnitReport.Outcome.SKIPPED, cases.get(2).outcome());
    }

    @Test
    void aReportWrittenByHostileCodeCannotPullInEntities() {
        byte[] xxe = """
                <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <testsuite><testcase classname="test_solution" name="t"><failure message="&x;">x</failure></testcase></testsuite>"""
                .getBytes(StandardCharsets.UTF_8);
        IOException refused = assertThrows(IOException.class, () -> JUnitReport.parse(xxe));
        assertTrue(refused.getMessage().contains("DOCTYPE"), refused.getMessage());
    }
}
