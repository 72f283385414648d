package io.codeagents.reviewer.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.codeagents.reviewer.domain.Finding;
import io.codeagents.reviewer.domain.Severity;
import io.codeagents.reviewer.domain.TestRun;
import io.codeagents.reviewer.domain.TestStatus;
import io.codeagents.reviewer.domain.Verdict;

/**
 * The verdict, score and summary from the static analysis and the test run (the rules are in the module README). The
 * LLM critique is advice and takes no part: the same submission always gets the same verdict.
 */
final class VerdictPolicy {

    static final int ERROR_PENALTY = 30;
    static final int WARNING_PENALTY = 5;
    static final int INFO_PENALTY_CAP = 10;
    static final int FAILED_TESTS_PENALTY = 50;
    static final int BROKEN_RUN_PENALTY = 60;
    static final int CHANGES_REQUESTED_CAP = 69;
    static final int REJECTED_CAP = 29;

    record Decision(Verdict verdict, int score, String summary) {
    }

    private VerdictPolicy() {
    }

    static Decision decide(StaticAnalyser.Analysis analysis, TestRun tests, boolean testsRequested) {
        List<Finding> findings = analysis.findings();
        Optional<Finding> blocking = findings.stream()
                .filter(f -> f.isSyntaxError() || f.isSecurity() && f.severity() == Severity.ERROR).findFirst();
        long errors = count(findings, Severity.ERROR);
        long noAssert = findings.stream().filter(f -> "PT-NOASSERT".equals(f.rule())).count();
        boolean testsOk = tests.status() == TestStatus.PASSED && noAssert < analysis.tests()
                || tests.status() == TestStatus.SKIPPED && !testsRequested;
        Verdict verdict = blocking.isPresent()
                ? Verdict.REJECTED
                : analysis.completed() && errors == 0 && testsOk ? Verdict.APPROVED : Verdict.CHANGES_REQUESTED;
        int score = score(findings, tests);
        if (verdict == Verdict.REJECTED) {
            score = Math.min(score, REJECTED_CAP);
        } else if (verdict == Verdict.CHANGES_REQUESTED) {
            score = Math.min(score, CHANGES_REQUESTED_CAP);
        }
        return new Decision(verdict, score, summary(verdict, blocking, analysis, tests, noAssert));
    }

    static int score(List<Finding> findings, TestRun tests) {
        if (findings.stream().anyMatch(Finding::isSyntaxError)) {
            return 0;
        }
        long score = 100 - ERROR_PENALTY * count(findings, Severity.ERROR) - WARNING_PENALTY * count(findings, Severity.WARNING)
                - Math.min(INFO_PENALTY_CAP, count(findings, Severity.INFO));
        score -= switch (tests.status()) {
            case FAILED ->
                Math.round(FAILED_TESTS_PENALTY * (tests.failed() + tests.errors()) / (double) Math.max(1, tests.total()));
            case ERROR, TIMEOUT -> BROKEN_RUN_PENALTY;
            case PASSED, SKIPPED -> 0;
        };
        return (int) Math.max(0, Math.min(100, score));
    }

    private static String summary(Verdict verdict, Optional<Finding> blocking, StaticAnalyser.Analysis analysis,
            TestRun tests, long noAssert) {
        List<String> parts = new ArrayList<>();
        blocking.ifPresent(f -> parts.add(f.rule() + " at " + f.location() + ": " + f.message()));
        parts.add(switch (tests.status()) {
            case PASSED -> tests.reason() + (noAssert >= analysis.tests() ? ", but no test asserts anything" : "");
            case SKIPPED -> "tests not run (" + tests.reason() + ")";
            case FAILED -> tests.reason();
            case ERROR -> "the tests could not run: " + tests.reason();
            case TIMEOUT -> "the tests timed out: " + tests.reason();
        });
        if (!analysis.completed()) {
            parts.add("no static analysis (" + analysis.failure() + ")");
        } else {
            parts.add(findingCounts(analysis.findings()));
        }
        String head = switch (verdict) {
            case APPROVED -> "Approved";
            case CHANGES_REQUESTED -> "Changes requested";
            case REJECTED -> "Rejected";
        };
        return head + ": " + String.join("; ", parts) + ".";
    }

    private static String findingCounts(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "no findings";
        }
        List<String> counts = new ArrayList<>();
        for (Severity severity : Severity.values()) {
            long n = count(findings, severity);
            if (n > 0) {
                counts.add(n + " " + severity.wireName() + (n > 1 && severity != Severity.INFO ? "s" : ""));
            }
        }
        return String.join(", ", counts) + " from static analysis";
    }

    private static long count(List<Finding> findings, Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
