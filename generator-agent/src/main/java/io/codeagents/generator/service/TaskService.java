package io.codeagents.generator.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.generator.domain.Task;
import io.codeagents.generator.domain.TaskRepository;
import io.codeagents.generator.domain.TaskStatus;

/** Submitting, reading, listing and cancelling tasks; the work itself happens in {@link TaskOrchestrator}. */
@ApplicationScoped
public class TaskService {

    private static final Logger LOG = Logger.getLogger(TaskService.class);

    private final TaskRepository tasks;
    private final TaskQueue queue;
    private final TaskEvents events;
    private final IterationJson json;

    public TaskService(TaskRepository tasks, TaskQueue queue, TaskEvents events, IterationJson json) {
        this.tasks = tasks;
        this.queue = queue;
        this.events = events;
        this.json = json;
    }

    /** Stores the task and hands it to the replicas through the stream. */
    public Task submit(GenerationSpec spec, int maxIterations, String requestId) {
        Instant now = Instant.now();
        Task task = new Task();
        task.id = UUID.randomUUID();
        task.status = TaskStatus.QUEUED;
        task.taskDescription = spec.taskDescription();
        task.language = spec.language().wireName();
        task.model = spec.model();
        task.maxIterations = maxIterations;
        task.requestId = requestId;
        task.createdAt = now;
        task.updatedAt = now;
        tasks.create(task);
        Map<String, Object> queued = new LinkedHashMap<>();
        queued.put("language", task.language);
        queued.put("model", task.model);
        queued.put("max_iterations", maxIterations);
        events.emit(task.id, TaskEvent.QUEUED, queued);
        try {
            queue.enqueue(task.id, requestId);
        } catch (RuntimeException e) {
            // Without its stream entry no replica would ever pick the task up: better refuse it than keep it queued.
            LOG.warnf("Task %s not queued, Redis unavailable: %s", task.id, e.toString());
            tasks.remove(task.id);
            throw new ApiException(ErrorCode.SYS_002, "The task queue is unavailable; retry shortly").retryAfter(5);
        }
        return task;
    }

    public TaskView get(UUID id) {
        Task task = tasks.find(id).orElseThrow(() -> ApiException.notFound("Task " + id));
        return TaskView.of(task, tasks.iterations(id), json);
    }

    public boolean exists(UUID id) {
        return tasks.find(id).isPresent();
    }

    public TaskView.Page list(Optional<TaskStatus> status, int page, int size) {
        List<TaskView.Summary> summaries = tasks.page(status, page, size).stream().map(TaskView::summary).toList();
        Map<String, Object> filter = new LinkedHashMap<>();
        status.ifPresent(s -> filter.put("status", s.wireName()));
        return new TaskView.Page(summaries, page, size, tasks.total(status), filter);
    }

    /**
     * Cancels a queued or running task: the worker stops at its next step (an agent call in flight is interrupted).
     * Cancelling a cancelled task again is a no-op; a task that already succeeded or failed cannot be cancelled.
     */
    public TaskView cancel(UUID id) {
        Task task = tasks.find(id).orElseThrow(() -> ApiException.notFound("Task " + id));
        if (tasks.cancel(id)) {
            events.emit(id, TaskEvent.CANCELLED, Map.of("previous_status", task.status.wireName()));
        } else {
            TaskStatus now = tasks.find(id).map(t -> t.status).orElse(task.status);
            if (now != TaskStatus.CANCELLED) {
                throw new ApiException(ErrorCode.RES_002, "Task " + id + " already " + now.wireName()
                        + "; only queued or running tasks can be cancelled").with("status", now.wireName());
            }
        }
        return get(id);
    }
}
