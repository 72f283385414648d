package io.codeagents.generator.service;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** The tasks this replica works on now; cancellation events find the run to stop here. */
@ApplicationScoped
public class TaskRuns {

    private final Map<UUID, TaskRun> runs = new ConcurrentHashMap<>();
    private final TaskEvents events;

    public TaskRuns(TaskEvents events) {
        this.events = events;
    }

    /** Registers a run; the returned handle unregisters it. */
    public Runnable register(TaskRun run) {
        runs.put(run.taskId(), run);
        Runnable stopListening = events.listen(run.taskId(), event -> {
            if (TaskEvent.CANCELLED.equals(event.type())) {
                run.stop(TaskRun.CANCELLED);
            }
        });
        return () -> {
            stopListening.run();
            runs.remove(run.taskId(), run);
        };
    }

    public Collection<TaskRun> active() {
        return runs.values();
    }

    public int size() {
        return runs.size();
    }
}
