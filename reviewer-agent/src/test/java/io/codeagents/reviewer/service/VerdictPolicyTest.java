package io.codeagents.reviewer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.codeagents.reviewer.domain.Finding;
import io.codeagents.reviewer.domain.Severity;
import io.codeagents.reviewer.domain.TestRun;
import io.codeagents.reviewer.domain.TestStatus;
import io.codeagents.reviewer.domain.Verdict;

/** The documented rules and score formula, case by case. */
class VerdictPolicyTest {

    static TestRun tests(TestStatus status, int passed, int failed) {
        return new TestRun(status, passed, failed, 0, 0, 10, List.of(), "", status.wireName(), "pytest");
    }

    static Finding finding(String rule, Severity severity) {
        return new Finding("solution.py", rule, severity, 1, 1, rule, "");
    }

    static StaticAnalyser.Analysis analysis(int tests, Finding... findings) {
        return new StaticAnalyser.Analysis(List.of(findings), Map.of("tests", tests), null);
    }

    @Test
    void passingTestsAndOnlyAdviceIsApprovedWithPenaltiesForAdvice() {
        VerdictPolicy.Decision d = VerdictPolicy.decide(analysis(2, finding("C901", Severity.WARNING),
                finding("D103", Severity.INFO), finding("ANN001", Severity.INFO)), tests(TestStatus.PASSED, 2, 0), true);
        assertEquals(Verdict.APPROVED, d.verdict());
        assertEquals(100 - 5 - 2, d.score());
    }

    @Test
    void failedTestsRequestChangesAndCostHalfTheScoreInProportion() {
        VerdictPolicy.Decision d = VerdictPolicy.decide(analysis(4), tests(TestStatus.FAILED, 3, 1), true);
        assertEquals(Verdict.CHANGES_REQUESTED, d.verdict());
        assertEquals(69, d.score(), "100 - 50 * 1/4 = 88, capped at 69 for changes requested");
    }

    @Test
    void securityErrorsAndSyntaxErrorsReject() {
        assertEquals(Verdict.REJECTED, VerdictPolicy.decide(analysis(1, finding("S307", Severity.ERROR)),
                tests(TestStatus.PASSED, 1, 0), true).verdict());
        VerdictPolicy.Decision syntax = VerdictPolicy.decide(analysis(0, finding("E999", Severity.ERROR)),
                tests(TestStatus.ERROR, 0, 0), true);
        assertEquals(Verdict.REJECTED, syntax.verdict());
        assertEquals(0, syntax.score());
    }

    @Test
    void testsThatAssertNothingCannotApprove() {
        VerdictPolicy.Decision d = VerdictPolicy.decide(analysis(1, finding("PT-NOASSERT", Severity.WARNING)),
                tests(TestStatus.PASSED, 1, 0), true);
        assertEquals(Verdict.CHANGES_REQUESTED, d.verdict());
    }

    @Test
    void withoutAnalysisNothingIsApproved() {
        VerdictPolicy.Decision d = VerdictPolicy.decide(StaticAnalyser.Analysis.failed("killed"),
                tests(TestStatus.PASSED, 1, 0), true);
        assertEquals(Verdict.CHANGES_REQUESTED, d.verdict());
    }

    @Test
    void brokenRunsCostSixtyPoints() {
        assertEquals(40, VerdictPolicy.score(List.of(), tests(TestStatus.TIMEOUT, 0, 0)));
    }
}
