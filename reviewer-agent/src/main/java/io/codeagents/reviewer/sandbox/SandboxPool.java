package io.codeagents.reviewer.sandbox;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.concurrent.DaemonThreads;
import io.codeagents.reviewer.config.SandboxConfig;

/**
 * Sandboxes started ahead of their jobs: for each slot and kind of job ({@link SandboxJob.Launch}) one sandbox whose
 * interpreter is up and whose script's imports are done (importing pytest is most of a test run's start-up), waiting
 * for the job's files. A job takes the one ready for its slot and kind, or starts one where there is none; once it
 * has run, the next is started in the background. Each sandbox runs one job only, so nothing of one run reaches the
 * next. The first job of a kind starts one for every other slot too. Off with {@code reviewer.sandbox.prestart=false}.
 */
@ApplicationScoped
public class SandboxPool {

    private static final Logger LOG = Logger.getLogger(SandboxPool.class);

    private final SandboxRunner runner;
    private final boolean enabled;
    private final int slots;
    private final Map<Key, SandboxRunner.Started> ready = new ConcurrentHashMap<>();
    private final Set<Kind> kinds = ConcurrentHashMap.newKeySet();
    private final ExecutorService starter = Executors
            .newSingleThreadExecutor(DaemonThreads.named("sandbox-prestart"));
    private volatile boolean stopped;

    private record Kind(SandboxCommand command, SandboxJob.Launch launch) {
    }

    private record Key(Kind kind, int slot) {
    }

    public SandboxPool(SandboxRunner runner, SandboxConfig config, SandboxSlots slots) {
        this.runner = runner;
        this.enabled = config.prestart();
        this.slots = slots.capacity();
    }

    @PreDestroy
    void stop() {
        stopped = true;
        starter.shutdownNow();
        ready.keySet().forEach(key -> {
            SandboxRunner.Started started = ready.remove(key);
            if (started != null) {
                runner.discard(started);
            }
        });
    }

    public SandboxExecution run(SandboxCommand command, SandboxJob job, int slot) {
        if (!enabled) {
            return runner.run(command, job, slot);
        }
        Kind kind = new Kind(command, job.launch());
        Key key = new Key(kind, slot);
        SandboxRunner.Started started = ready.remove(key);
        if (started != null && !started.alive()) {
            LOG.debugf("The sandbox started ahead for %s in slot %d has ended; starting another", job.launch().script(),
                    slot);
            runner.discard(started);
            started = null;
        }
        try {
            return runner.finish(started != null ? started : runner.start(command, job.launch(), slot), job);
        } finally {
            prestart(key);
            if (kinds.add(kind)) {
                for (int other = 0; other < slots; other++) {
                    if (other != slot) {
                        prestart(new Key(kind, other));
                    }
                }
            }
        }
    }

    /** The processes (by pid) of the sandboxes now waiting for a job: nothing of any run is among them. */
    public Set<Long> waitingProcesses() {
        Set<Long> pids = new java.util.HashSet<>();
        for (SandboxRunner.Started started : ready.values()) {
            pids.add(started.process().pid());
            started.process().descendants().forEach(p -> pids.add(p.pid()));
        }
        return pids;
    }

    private void prestart(Key key) {
        try {
            starter.execute(() -> {
                if (stopped || ready.containsKey(key)) {
                    return;
                }
                try {
                    SandboxRunner.Started started = runner.start(key.kind().command(), key.kind().launch(), key.slot());
                    if (stopped || ready.putIfAbsent(key, started) != null) {
                        runner.discard(started);
                    }
                } catch (RuntimeException e) {
                    LOG.debugf("Cannot start a sandbox ahead for %s: %s", key.kind().launch().script(), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }
}
