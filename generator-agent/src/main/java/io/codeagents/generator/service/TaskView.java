package io.codeagents.generator.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.codeagents.generator.client.ReviewResult.Finding;
import io.codeagents.generator.client.ReviewResult.TestRun;
import io.codeagents.generator.domain.Task;
import io.codeagents.generator.domain.TaskIteration;
import io.codeagents.generator.domain.TaskStatus;

/** A task as {@code GET /tasks/{id}} shows it: its state, every iteration, and the final code and tests. */
public record TaskView(UUID id, TaskStatus status, String taskDescription, String language, String model,
        int maxIterations, int iterationsDone, Integer bestIteration, TaskError error, String finalCode,
        String finalTests, String worker, int claims, Instant createdAt, Instant startedAt, Instant updatedAt,
        Instant completedAt, Long durationMs, List<IterationView> iterations) {

    /** Why a task failed: an error code of the catalogue and what happened. */
    public record TaskError(String code, String message) {
    }

    /** One iteration: what the model was asked and wrote, and the reviewer's verdict on it. */
    public record IterationView(int iteration, String model, String verdict, int score, String summary, String code,
            String tests, List<Finding> findings, TestRun testResults, String reviewId, Integer promptTokens,
            Integer completionTokens, long generationMs, long reviewMs, long durationMs, String worker,
            Instant createdAt, String prompt) {
    }

    /** A line of {@code GET /tasks}: the task without its iterations and code. */
    public record Summary(UUID id, TaskStatus status, String taskDescription, String language, String model,
            int maxIterations, int iterationsDone, TaskError error, Instant createdAt, Instant completedAt,
            Long durationMs) {
    }

    /** A page of {@code GET /tasks}. */
    public record Page(List<Summary> tasks, int page, int size, long total, Map<String, Object> filter) {
    }

    static TaskView of(Task task, List<TaskIteration> iterations, IterationJson json) {
        return new TaskView(task.id, task.status, task.taskDescription, task.language, task.model, task.maxIterations,
                task.iterationsDone, task.bestIteration, error(task), task.finalCode, task.finalTests, task.worker,
                task.claims, task.createdAt, task.startedAt, task.updatedAt, task.completedAt, duration(task),
                iterations.stream().map(it -> new IterationView(it.iteration, it.model, it.verdict, it.score,
                        it.summary, it.code, it.tests, json.findings(it.findings), json.testRun(it.testResults),
                        it.reviewId, it.promptTokens, it.completionTokens, it.generationMs, it.reviewMs, it.durationMs,
                        it.worker, it.createdAt, it.prompt)).toList());
    }

    static Summary summary(Task task) {
        String description = task.taskDescription.length() <= 200
                ? task.taskDescription
                : task.taskDescription.substring(0, 200) + "…";
        return new Summary(task.id, task.status, description, task.language, task.model, task.maxIterations,
                task.iterationsDone, error(task), task.createdAt, task.completedAt, duration(task));
    }

    private static TaskError error(Task task) {
        return task.errorCode == null ? null : new TaskError(task.errorCode, task.errorMessage);
    }

    private static Long duration(Task task) {
        return task.completedAt == null ? null : Duration.between(task.createdAt, task.completedAt).toMillis();
    }
}
