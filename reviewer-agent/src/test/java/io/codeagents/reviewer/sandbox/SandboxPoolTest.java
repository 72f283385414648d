package io.codeagents.reviewer.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.codeagents.reviewer.config.SandboxConfig;
import io.codeagents.reviewer.testing.ConfigDefaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Sandboxes started ahead: a run takes the one waiting for its slot and kind (its process is the one that runs the
 * job), each runs one job only in a fresh directory, one that died while waiting is replaced, and stopping the
 * service ends them all. Run without bubblewrap, where the job's pid is the host's and can be compared.
 */
class SandboxPoolTest {

    private static final Pattern PID = Pattern.compile("pid=(\\d+)");
    /** Fails on purpose, saying which process ran it; fails differently if a previous run's file is still there. */
    private static final String TESTS = """
            import os


            def test_fresh_and_who():
                assert not os.path.exists("left-by-a-run"), "a previous run's file is here"
                open("left-by-a-run", "w").close()
                assert False, "pid=%d" % os.getpid()
            """;

    private final SandboxConfig config = ConfigDefaults.of(SandboxConfig.class,
            Map.of("bwrap", "/nonexistent/bwrap", "require-isolation", "false", "max-concurrent", "2"));
    private final SandboxRunner runner = new SandboxRunner(config);
    private final SandboxEnvironment environment = new SandboxEnvironment(config, runner);
    private final SandboxPool pool = new SandboxPool(runner, config,
            new SandboxSlots(config, new SimpleMeterRegistry()));

    @AfterEach
    void stop() {
        pool.stop();
        runner.stop();
    }

    private long runOn(int slot) {
        SandboxExecution run = pool.run(environment.command(),
                new SandboxJob("run_tests.py", List.of("report.xml"), Map.of("test_solution.py", TESTS),
                        List.of("report.xml"), Duration.ofSeconds(20)),
                slot);
        Matcher pid = PID.matcher(run.output());
        assertTrue(pid.find(), run.output());
        assertFalse(run.output().contains("a previous run's file is here"), run.output());
        return Long.parseLong(pid.group(1));
    }

    private Set<Long> waitingFor(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.waitingProcesses().size() == count);
        return pool.waitingProcesses();
    }

    @Test
    void aRunTakesTheSandboxStartedAheadForItsSlotAndEachRunsOnce() {
        long first = runOn(0);
        Set<Long> waiting = waitingFor(2); // this slot's next, and the other slot's first
        assertFalse(waiting.contains(first), "a sandbox that ran a job must not wait for another");

        long second = runOn(0);
        long third = runOn(1);
        assertTrue(waiting.contains(second), second + " was not one of the waiting " + waiting);
        assertTrue(waiting.contains(third), third + " was not one of the waiting " + waiting);
        assertEquals(3, new HashSet<>(List.of(first, second, third)).size(), "every run has its own process");
        assertTrue(ProcessHandle.of(second).map(p -> !p.isAlive()).orElse(true), "a finished run's process lives on");
    }

    @Test
    void aSandboxThatDiedWhileWaitingIsReplacedAndStoppingEndsTheRest() {
        runOn(0);
        Set<Long> waiting = waitingFor(2);
        waiting.forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        }));

        long next = runOn(0);
        assertFalse(waiting.contains(next), "a dead sandbox was handed a job");
        Set<Long> before = waitingFor(2);
        pool.stop();
        await().atMost(Duration.ofSeconds(10)).until(
                () -> before.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        assertTrue(pool.waitingProcesses().isEmpty());
    }
}
