package io.codeagents.reviewer.service;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.codeagents.reviewer.domain.TestRun;
import io.codeagents.reviewer.domain.TestRun.TestFailure;
import io.codeagents.reviewer.domain.TestStatus;
import io.codeagents.reviewer.sandbox.Isolation;
import io.codeagents.reviewer.sandbox.SandboxExecution;

/**
 * Turns how a sandboxed test run ended into a {@link TestRun}: the sandbox's own verdict first (killed at the
 * wall-clock limit, a CPU limit, too much output, a crash), then the JUnit report (tests that could not be collected,
 * tests stopped by a sandbox limit, tests that failed).
 */
final class TestRunAssessment {

    private static final int SIGKILL = 9;
    private static final int SIGXCPU = 24;
    private static final int SIGXFSZ = 25;
    private static final int MAX_FAILURE_CHARS = 1500;
    private static final int PYTEST_NO_TESTS = 5;

    private final Isolation.Limits limits;
    private final SandboxViolations violations;

    TestRunAssessment(Isolation.Limits limits) {
        this.limits = limits;
        this.violations = new SandboxViolations(limits);
    }

    TestRun assess(SandboxExecution run, byte[] report, String runner) {
        Optional<TestRun> killed = killedBySandbox(run, runner);
        if (killed.isPresent()) {
            return killed.get();
        }
        List<JUnitReport.Case> cases;
        try {
            cases = report == null ? List.of() : JUnitReport.parse(report);
        } catch (IOException e) {
            return error(run, runner, "the test report is unreadable (" + e.getMessage() + "); exit code " + run.exitCode());
        }
        if (report == null) {
            return error(run, runner, run.exitCode() == PYTEST_NO_TESTS
                    ? "no tests were collected from test_solution.py"
                    : "the test run ended without a report (exit code " + run.exitCode() + "): " + run.lastOutputLine());
        }
        return fromReport(run, runner, cases);
    }

    private Optional<TestRun> killedBySandbox(SandboxExecution run, String runner) {
        String reason = null;
        TestStatus status = TestStatus.ERROR;
        if (run.timedOut()) {
            status = TestStatus.TIMEOUT;
            reason = "wall-clock limit of " + limits.wallTimeoutMs() / 1000.0
                    + " s exceeded: every process of the run was killed";
        } else if (run.outputExceeded()) {
            reason = "output limit of " + SandboxViolations.mib(limits.outputBytes()) + " exceeded ("
                    + run.outputBytes() + " bytes written): the run was killed";
        } else if (run.signal() == SIGXCPU) {
            status = TestStatus.TIMEOUT;
            reason = "CPU time limit of " + limits.cpuSeconds() + " s per process exceeded (SIGXCPU)";
        } else if (run.signal() == SIGKILL) {
            reason = "the test process was killed (SIGKILL): it ignored the CPU limit or ran out of memory";
        } else if (run.signal() == SIGXFSZ) {
            reason = "file-size limit of " + SandboxViolations.mib(limits.fileSizeBytes()) + " exceeded (SIGXFSZ)";
        } else if (run.signal() != 0) {
            reason = "the test process was killed by signal " + run.signal() + signalName(run.signal());
        }
        TestStatus ended = status;
        return Optional.ofNullable(reason).map(r -> new TestRun(ended, 0, 0, 0, 0, run.durationMs(), List.of(),
                run.output(), r, runner));
    }

    private TestRun fromReport(SandboxExecution run, String runner, List<JUnitReport.Case> cases) {
        int passed = count(cases, JUnitReport.Outcome.PASSED);
        int failed = count(cases, JUnitReport.Outcome.FAILED);
        int errors = count(cases, JUnitReport.Outcome.ERROR);
        int skipped = count(cases, JUnitReport.Outcome.SKIPPED);
        List<TestFailure> failures = cases.stream()
                .filter(c -> c.outcome() == JUnitReport.Outcome.FAILED || c.outcome() == JUnitReport.Outcome.ERROR)
                .map(c -> new TestFailure(c.test(), failureMessage(c))).toList();
        Optional<JUnitReport.Case> collection = cases.stream().filter(JUnitReport.Case::isCollectionError).findFirst();
        if (collection.isPresent()) {
            String raised = collection.get().raisedLine();
            String stopped = violations.recognise(collection.get().detail()).map(v -> " (" + v + ")").orElse("");
            return new TestRun(TestStatus.ERROR, passed, failed, errors, skipped, run.durationMs(), failures, run.output(),
                    "the tests could not be collected: " + raised + stopped, runner);
        }
        if (passed + failed + errors == 0) {
            return new TestRun(TestStatus.ERROR, 0, 0, 0, skipped, run.durationMs(), failures, run.output(),
                    skipped > 0 ? "every test was skipped" : "no tests were collected from test_solution.py", runner);
        }
        for (JUnitReport.Case c : cases) {
            if (c.outcome() == JUnitReport.Outcome.FAILED || c.outcome() == JUnitReport.Outcome.ERROR) {
                Optional<String> stopped = violations.recognise(c.message() + "\n" + c.raisedLine());
                if (stopped.isPresent()) {
                    return new TestRun(TestStatus.ERROR, passed, failed, errors, skipped, run.durationMs(), failures,
                            run.output(), stopped.get() + ": " + c.raisedLine() + " in " + c.test(), runner);
                }
            }
        }
        int total = passed + failed + errors;
        if (failed + errors > 0) {
            String names = failures.stream().map(TestFailure::test).collect(Collectors.joining(", "));
            return new TestRun(TestStatus.FAILED, passed, failed, errors, skipped, run.durationMs(), failures, run.output(),
                    (failed + errors) + " of " + total + " tests failed: " + names, runner);
        }
        return new TestRun(TestStatus.PASSED, passed, 0, 0, skipped, run.durationMs(), List.of(), run.output(),
                total == 1 ? "the test passed" : "all " + total + " tests passed", runner);
    }

    private TestRun error(SandboxExecution run, String runner, String reason) {
        return new TestRun(TestStatus.ERROR, 0, 0, 0, 0, run.durationMs(), List.of(), run.output(), reason, runner);
    }

    private static int count(List<JUnitReport.Case> cases, JUnitReport.Outcome outcome) {
        return (int) cases.stream().filter(c -> c.outcome() == outcome).count();
    }

    private static String failureMessage(JUnitReport.Case c) {
        String message = c.message().isBlank() ? c.raisedLine() : c.message();
        return message.length() > MAX_FAILURE_CHARS ? message.substring(0, MAX_FAILURE_CHARS) + " …" : message;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 4 -> " (SIGILL)";
            case 6 -> " (SIGABRT)";
            case 7 -> " (SIGBUS)";
            case 8 -> " (SIGFPE)";
            case 11 -> " (SIGSEGV)";
            case 13 -> " (SIGPIPE)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }
}
