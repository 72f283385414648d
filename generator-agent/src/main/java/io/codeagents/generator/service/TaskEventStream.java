package io.codeagents.generator.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * A task's events for one SSE client: what happened so far (from PostgreSQL), then what happens next (from pub/sub),
 * each once and in order, ending after the task's final event. Live events arriving during the replay are held back
 * until it is done, so none is lost between the two.
 */
@ApplicationScoped
public class TaskEventStream {

    private final TaskEvents events;

    public TaskEventStream(TaskEvents events) {
        this.events = events;
    }

    /** @param afterId the last event the client has seen (SSE {@code Last-Event-ID}), 0 for all */
    public Multi<TaskEvent> of(UUID taskId, long afterId) {
        return Multi.createFrom().<TaskEvent>emitter(emitter -> new Relay(emitter, taskId, afterId).start())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private final class Relay {
        private final MultiEmitter<? super TaskEvent> emitter;
        private final UUID taskId;
        private final long afterId;
        private final Set<Long> sent = new HashSet<>();
        private final List<TaskEvent> heldBack = new ArrayList<>();
        private boolean replaying = true;
        private boolean done;
        private Runnable stopListening = () -> {
        };

        Relay(MultiEmitter<? super TaskEvent> emitter, UUID taskId, long afterId) {
            this.emitter = emitter;
            this.taskId = taskId;
            this.afterId = afterId;
        }

        void start() {
            stopListening = events.listen(taskId, this::live);
            emitter.onTermination(stopListening);
            List<TaskEvent> history;
            try {
                history = events.history(taskId, afterId);
            } catch (RuntimeException e) {
                stopListening.run();
                emitter.fail(e);
                return;
            }
            synchronized (this) {
                history.forEach(this::send);
                heldBack.sort(Comparator.comparingLong(TaskEvent::id));
                heldBack.forEach(this::send);
                heldBack.clear();
                replaying = false;
            }
        }

        private synchronized void live(TaskEvent event) {
            if (replaying) {
                heldBack.add(event);
            } else {
                send(event);
            }
        }

        private void send(TaskEvent event) {
            if (done || event.id() <= afterId || !sent.add(event.id())) {
                return;
            }
            emitter.emit(event);
            if (event.isFinal()) {
                done = true;
                stopListening.run();
                emitter.complete();
            }
        }
    }
}
