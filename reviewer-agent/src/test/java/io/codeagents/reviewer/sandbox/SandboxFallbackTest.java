package io.codeagents.reviewer.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.reviewer.config.SandboxConfig;
import io.codeagents.reviewer.domain.TestRun;
import io.codeagents.reviewer.domain.TestStatus;
import io.codeagents.reviewer.health.SandboxReadiness;
import io.codeagents.reviewer.service.Submission;
import io.codeagents.reviewer.service.TestExecutor;
import io.codeagents.reviewer.testing.ConfigDefaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A host where bubblewrap cannot run (here: a bwrap path that does not exist), with an interpreter that has no pytest
 * (a virtualenv): isolation required refuses every review and says why; not required runs tests with rlimits and the
 * standard-library runner, and says plainly what is missing.
 */
class SandboxFallbackTest {

    static Path venv;

    @BeforeAll
    static void virtualenvWithoutPytest() throws IOException, InterruptedException {
        venv = Files.createTempDirectory("reviewer-venv-");
        Process process = new ProcessBuilder("python3", "-m", "venv", "--without-pip", venv.toString()).inheritIO().start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "python3 -m venv failed");
    }

    @AfterAll
    static void removeVirtualenv() {
        SandboxRunner.deleteTree(venv);
    }

    private static Map<String, String> withoutBubblewrap(boolean require) {
        Map<String, String> config = new HashMap<>(Map.of("bwrap", "/nonexistent/bwrap", "require-isolation",
                Boolean.toString(require), "python", venv.resolve("bin/python").toString(), "wall-timeout", "3S",
                "cpu-seconds", "1", "max-concurrent", "1"));
        return config;
    }

    private static Sandbox sandbox(SandboxConfig config) {
        SandboxRunner runner = new SandboxRunner(config);
        return new Sandbox(new SandboxEnvironment(config, runner),
                new SandboxPool(runner, config, new SandboxSlots(config, new SimpleMeterRegistry())));
    }

    @Test
    void requiredIsolationRefusesReviewsAndReadinessSaysWhy() {
        SandboxConfig config = ConfigDefaults.of(SandboxConfig.class, withoutBubblewrap(true));
        Sandbox sandbox = sandbox(config);
        ApiException refused = assertThrows(ApiException.class, sandbox::requireRunnable);
        assertEquals(ErrorCode.SBX_002, refused.code());
        assertTrue(refused.getMessage().contains("bubblewrap cannot run here"), refused.getMessage());
        assertTrue(refused.getMessage().contains("REVIEWER_SANDBOX_REQUIRE_ISOLATION=false"), refused.getMessage());

        HealthCheckResponse readiness = new SandboxReadiness(sandbox, new SandboxSlots(config, new SimpleMeterRegistry()))
                .call();
        assertEquals(HealthCheckResponse.Status.DOWN, readiness.getStatus());
        assertEquals("unavailable", readiness.getData().orElseThrow().get("mode"));
    }

    @Test
    void withoutRequiredIsolationTestsRunWithLimitsAndTheStandardLibraryRunner() {
        SandboxConfig config = ConfigDefaults.of(SandboxConfig.class, withoutBubblewrap(false));
        Sandbox sandbox = sandbox(config);
        Isolation isolation = sandbox.isolation();
        assertEquals(Isolation.RLIMITS_ONLY, isolation.mode());
        assertTrue(isolation.network(), "the fallback must not claim network isolation");
        assertTrue(isolation.testRunner().startsWith("unittest"), isolation.testRunner());
        assertTrue(isolation.problems().stream().anyMatch(p -> p.contains("use the network")), isolation.problems().toString());

        SandboxSlots slots = new SandboxSlots(config, new SimpleMeterRegistry());
        TestExecutor tests = new TestExecutor(sandbox, config);
        String code = "def inc(x: int) -> int:\n    \"\"\"x + 1.\"\"\"\n    return x + 1\n";
        try (SandboxSlots.Slot slot = slots.acquire(() -> {
        })) {
            TestRun passing = tests
                    .run(new Submission(code, "from solution import inc\n\n\ndef test_inc():\n    assert inc(1) == 2\n",
                            "python", null, true, false), slot);
            assertEquals(TestStatus.PASSED, passing.status(), passing.reason() + "\n" + passing.output());
            assertEquals("unittest", passing.runner());

            TestRun failing = tests.run(new Submission(code,
                    "import unittest\nfrom solution import inc\n\n\nclass IncTest(unittest.TestCase):\n"
                            + "    def test_wrong(self):\n        self.assertEqual(inc(1), 3)\n",
                    "python", null, true, false), slot);
            assertEquals(TestStatus.FAILED, failing.status(), failing.reason());
            assertEquals("test_solution.py::IncTest::test_wrong", failing.failures().get(0).test());

            TestRun spinning = tests.run(new Submission("def spin():\n    while True:\n        pass\n",
                    "from solution import spin\n\n\ndef test_spin():\n    spin()\n", "python", null, true, false), slot);
            assertEquals(TestStatus.TIMEOUT, spinning.status(), spinning.reason());
        }
        assertEquals("rlimits_only", new SandboxReadiness(sandbox, slots).call().getData().orElseThrow().get("mode"));
    }

    /**
     * Where a container forbids mounting /proc (Docker's masked /proc), bubblewrap runs without one: the same
     * isolation otherwise, tests still run, and no process (not even the service) can be seen from inside.
     */
    @Test
    void bubblewrapWithoutProcRunsTestsAndShowsNoProcess() {
        SandboxConfig config = ConfigDefaults.of(SandboxConfig.class,
                Map.of("mount-proc", "false", "wall-timeout", "10S", "max-concurrent", "1"));
        Sandbox sandbox = sandbox(config);
        Isolation isolation = sandbox.isolation();
        assertEquals(Isolation.BUBBLEWRAP, isolation.mode(), isolation.problems().toString());
        assertTrue(isolation.processes().contains("no /proc"), isolation.processes());

        SandboxSlots slots = new SandboxSlots(config, new SimpleMeterRegistry());
        TestExecutor tests = new TestExecutor(sandbox, config);
        String code = "import os\n\n\ndef visible() -> list:\n    \"\"\"Processes this code can see.\"\"\"\n"
                + "    return os.listdir('/proc') if os.path.isdir('/proc') else []\n";
        try (SandboxSlots.Slot slot = slots.acquire(() -> {
        })) {
            TestRun run = tests.run(new Submission(code,
                    "from solution import visible\n\n\ndef test_nothing_visible():\n    assert visible() == []\n", "python",
                    null, true, false), slot);
            assertEquals(TestStatus.PASSED, run.status(), run.reason() + "\n" + run.output());
        }
    }
}
