package io.codeagents.reviewer.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.reviewer.config.SandboxConfig;
import io.codeagents.reviewer.domain.TestRun;
import io.codeagents.reviewer.sandbox.Isolation;
import io.codeagents.reviewer.sandbox.Sandbox;
import io.codeagents.reviewer.sandbox.SandboxExecution;
import io.codeagents.reviewer.sandbox.SandboxJob;
import io.codeagents.reviewer.sandbox.SandboxSlots;

/** Runs the submitted tests against the submitted code in the sandbox and judges how that went. */
@ApplicationScoped
public class TestExecutor {

    static final String REPORT = "report.xml";

    private final Sandbox sandbox;
    private final SandboxConfig config;

    public TestExecutor(Sandbox sandbox, SandboxConfig config) {
        this.sandbox = sandbox;
        this.config = config;
    }

    public TestRun run(Submission submission, SandboxSlots.Slot slot) {
        SandboxJob job = new SandboxJob("run_tests.py", List.of(REPORT), submission.files(), List.of(REPORT),
                config.wallTimeout());
        SandboxExecution run = sandbox.run(job, slot);
        Isolation isolation = sandbox.isolation();
        String runner = isolation.testRunner() != null && isolation.testRunner().startsWith("pytest")
                ? "pytest"
                : "unittest";
        return new TestRunAssessment(isolation.limits()).assess(run, run.files().get(REPORT), runner);
    }
}
