package io.codeagents.generator.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.codeagents.common.concurrent.DaemonThreads;
import io.codeagents.common.http.RequestIds;
import io.codeagents.generator.config.TaskQueueConfig;
import io.codeagents.generator.service.TaskQueue.Delivery;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * This replica's share of the work: while a worker slot is free, a reader takes over entries abandoned by dead replicas
 * and takes new stream entries, and a heartbeat keeps this replica's own entries from looking abandoned. Tasks are
 * acknowledged only once final, so a replica killed mid-task leaves its entry pending for another to claim.
 */
@ApplicationScoped
public class TaskWorkerPool {

    private static final Logger LOG = Logger.getLogger(TaskWorkerPool.class);

    private final TaskQueue queue;
    private final TaskOrchestrator orchestrator;
    private final TaskRuns runs;
    private final TaskQueueConfig config;
    private final MeterRegistry registry;
    private final Semaphore slots;
    private final AtomicLong lastQueueWarning = new AtomicLong();
    private ExecutorService workers;
    private ScheduledExecutorService housekeeping;
    private Thread reader;
    private volatile boolean running;

    public TaskWorkerPool(TaskQueue queue, TaskOrchestrator orchestrator, TaskRuns runs, TaskQueueConfig config,
            MeterRegistry registry) {
        this.queue = queue;
        this.orchestrator = orchestrator;
        this.runs = runs;
        this.config = config;
        this.registry = registry;
        this.slots = new Semaphore(config.concurrency());
    }

    void start(@Observes StartupEvent event) {
        if (!config.workerEnabled()) {
            LOG.info("Task worker disabled (generator.queue.worker-enabled=false): this replica only serves the API");
            return;
        }
        running = true;
        workers = Executors.newFixedThreadPool(config.concurrency(), DaemonThreads.named("task-worker"));
        housekeeping = Executors.newScheduledThreadPool(1, DaemonThreads.named("task-housekeeping"));
        long beat = Math.max(100, config.claimIdleTimeout().toMillis() / 3);
        housekeeping.scheduleWithFixedDelay(this::keepAlive, beat, beat, TimeUnit.MILLISECONDS);
        reader = DaemonThreads.named("task-reader").newThread(this::readLoop);
        reader.start();
        Gauge.builder("generator.tasks.active", runs, TaskRuns::size).description("Tasks this replica works on now")
                .register(registry);
        LOG.infof("Task worker %s: %d slot(s) on stream %s, group %s", queue.consumer(), config.concurrency(),
                config.stream(), config.group());
    }

    void stop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        reader.interrupt();
        housekeeping.shutdownNow();
        // Unfinished tasks stay pending in the stream: another replica takes them over after the claim timeout.
        runs.active().forEach(run -> run.stop("replica shutting down"));
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.leaveGroupIfIdle();
    }

    public int concurrency() {
        return config.concurrency();
    }

    /**
     * Takes work while a slot is free: first, every claim interval, entries abandoned by dead workers, then new entries.
     * One thread does both so that neither starves the other of slots.
     */
    private void readLoop() {
        boolean groupReady = false;
        long nextSweep = System.nanoTime() + config.claimInterval().toNanos();
        while (running) {
            int taken = 0;
            try {
                if (!groupReady) {
                    queue.ensureGroup();
                    groupReady = true;
                }
                slots.acquire();
                taken = 1;
                while (taken < config.concurrency() && slots.tryAcquire()) {
                    taken++;
                }
                List<Delivery> deliveries = new ArrayList<>();
                if (System.nanoTime() - nextSweep >= 0) {
                    nextSweep = System.nanoTime() + config.claimInterval().toNanos();
                    for (Delivery delivery : queue.claimAbandoned(taken)) {
                        LOG.infof("Taking over task %s (stream entry %s) from a worker that stopped", delivery.taskId(),
                                delivery.entryId());
                        registry.counter("generator.tasks.taken_over").increment();
                        deliveries.add(delivery);
                    }
                }
                if (deliveries.size() < taken) {
                    deliveries.addAll(queue.readNew(taken - deliveries.size()));
                }
                slots.release(taken - deliveries.size());
                taken = 0;
                deliveries.forEach(this::dispatch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                slots.release(taken);
                groupReady = false;
                queueTrouble(e);
                pause(Duration.ofSeconds(1));
            }
        }
    }

    private void keepAlive() {
        for (TaskRun run : runs.active()) {
            try {
                if (!queue.keepAlive(run.entryId())) {
                    LOG.warnf("Task %s was taken over by another replica; stopping here", run.taskId());
                    run.stop(TaskOrchestrator.TAKEN_OVER);
                }
            } catch (RuntimeException e) {
                queueTrouble(e);
            }
        }
    }

    private void dispatch(Delivery delivery) {
        try {
            workers.execute(() -> work(delivery));
        } catch (RuntimeException rejected) {
            slots.release();
        }
    }

    private void work(Delivery delivery) {
        try {
            if (delivery.taskId() == null) {
                queue.ack(delivery.entryId());
                return;
            }
            RequestIds.bind(delivery.requestId().isBlank() ? delivery.taskId().toString() : delivery.requestId());
            TaskRun run = new TaskRun(delivery.taskId(), delivery.entryId());
            Runnable unregister = runs.register(run);
            try {
                if (orchestrator.run(run, queue.consumer())) {
                    queue.ack(delivery.entryId());
                }
            } finally {
                unregister.run();
            }
        } catch (RuntimeException e) {
            // Left pending: after the claim timeout a replica (maybe this one) tries again, up to the claim limit.
            LOG.errorf(e, "Task %s failed unexpectedly; it will be retried after %s", delivery.taskId(),
                    config.claimIdleTimeout());
        } finally {
            RequestIds.bind(null);
            slots.release();
        }
    }

    private void queueTrouble(RuntimeException e) {
        long now = System.currentTimeMillis();
        long last = lastQueueWarning.get();
        if (running && now - last > 30_000 && lastQueueWarning.compareAndSet(last, now)) {
            LOG.warnf("Task stream %s unavailable (%s); retrying", config.stream(), e.toString());
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
