package io.codeagents.generator.service;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.generator.domain.TaskFigures;
import io.codeagents.generator.domain.TaskFigures.Percentiles;
import io.codeagents.generator.domain.TaskStatus;

/** {@code GET /stats}: tasks per status, success rate, mean iterations, latencies, and this replica's worker. */
@ApplicationScoped
public class TaskStatistics {

    private final TaskFigures figures;
    private final TaskQueue queue;
    private final TaskRuns runs;
    private final TaskWorkerPool pool;

    public TaskStatistics(TaskFigures figures, TaskQueue queue, TaskRuns runs, TaskWorkerPool pool) {
        this.figures = figures;
        this.queue = queue;
        this.runs = runs;
        this.pool = pool;
    }

    /** The figures; {@code success_rate} is succeeded / (succeeded + failed), cancelled tasks not counted. */
    public record Stats(Map<String, Long> tasks, Double successRate, Double meanIterations, Percentiles latencyMs,
            Percentiles iterationMs, Percentiles iterationOverheadMs, Map<String, Object> queue,
            Map<String, Object> worker) {
    }

    public Stats compute() {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Long> stored = figures.countsByStatus();
        long total = 0;
        for (TaskStatus status : TaskStatus.values()) {
            long count = stored.getOrDefault(status.wireName(), 0L);
            counts.put(status.wireName(), count);
            total += count;
        }
        counts.put("total", total);
        long succeeded = counts.get(TaskStatus.SUCCEEDED.wireName());
        long ended = succeeded + counts.get(TaskStatus.FAILED.wireName());
        Double successRate = ended == 0 ? null : Math.round(1000.0 * succeeded / ended) / 1000.0;
        Map<String, Object> queueFigures = queue.backlog().<Map<String, Object>>map(b -> {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("entries", b.entries());
            q.put("pending", b.pending());
            return q;
        }).orElse(null);
        Map<String, Object> worker = new LinkedHashMap<>();
        worker.put("consumer", queue.consumer());
        worker.put("active_tasks", runs.size());
        worker.put("concurrency", pool.concurrency());
        return new Stats(counts, successRate, figures.meanIterations(), figures.taskLatency(),
                figures.iterationDuration(), figures.iterationOverhead(), queueFigures, worker);
    }
}
