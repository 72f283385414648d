package io.codeagents.generator.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.generator.client.Dependency;
import io.codeagents.generator.client.DependencyFailure;
import io.codeagents.generator.config.OrchestrationConfig;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A task whose gateway or reviewer is away waits for it with growing pauses (each announced as a {@code waiting} event)
 * and gives up after the configured attempts, so it never hangs. Refusals (4xx) are not waited for.
 */
@ApplicationScoped
public class DependencyBackoff {

    private static final Logger LOG = Logger.getLogger(DependencyBackoff.class);

    private final OrchestrationConfig.DependencyBackoff config;
    private final TaskEvents events;
    private final MeterRegistry registry;

    public DependencyBackoff(OrchestrationConfig config, TaskEvents events, MeterRegistry registry) {
        this.config = config.backoff();
        this.events = events;
        this.registry = registry;
    }

    /**
     * @throws DependencyFailure the last failure, once waiting has not helped or cannot help
     * @throws TaskRun.TaskStopped when the task is cancelled while waiting
     */
    public <T> T call(TaskRun run, int iteration, Dependency dependency, Supplier<T> call) {
        Duration delay = config.initial();
        for (int attempt = 1;; attempt++) {
            try {
                return run.interruptibly(() -> dependency.call(call));
            } catch (DependencyFailure failure) {
                if (!failure.transientFailure() || attempt >= config.maxAttempts()) {
                    throw failure;
                }
                registry.counter("generator.dependency.waits", "dependency", dependency.serviceName()).increment();
                LOG.infof("Task %s waits %d ms for %s (attempt %d/%d): %s", run.taskId(), delay.toMillis(),
                        dependency.serviceName(), attempt, config.maxAttempts(), failure.getMessage());
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("iteration", iteration);
                data.put("dependency", dependency.serviceName());
                data.put("error_code", failure.code().name());
                data.put("message", failure.getMessage());
                data.put("attempt", attempt);
                data.put("max_attempts", config.maxAttempts());
                data.put("retry_in_ms", delay.toMillis());
                events.emit(run.taskId(), TaskEvent.WAITING, data);
                if (!run.pause(delay)) {
                    throw new TaskRun.TaskStopped(run.stopReason());
                }
                long next = (long) Math.min(config.max().toMillis(), delay.toMillis() * config.multiplier());
                delay = Duration.ofMillis(Math.max(next, 1));
            }
        }
    }
}
