package io.codeagents.generator.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.codeagents.generator.config.TaskQueueConfig;
import io.codeagents.generator.domain.TaskEventRecord;
import io.codeagents.generator.domain.TaskEventRepository;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Task events are written to PostgreSQL (so a client connecting late replays them) and published on one Redis channel
 * that every replica subscribes to, so an SSE client sees a task's steps whichever replica works on it. Cancellation
 * reaches the worker the same way.
 */
@ApplicationScoped
public class TaskEvents {

    private static final Logger LOG = Logger.getLogger(TaskEvents.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final TaskEventRepository repository;
    private final ReactivePubSubCommands<String> pubsub;
    private final ObjectMapper mapper;
    private final String channel;
    private final Map<UUID, Set<Consumer<TaskEvent>>> listeners = new ConcurrentHashMap<>();
    private volatile Cancellable subscription;
    private volatile boolean running;

    public TaskEvents(TaskEventRepository repository, ReactiveRedisDataSource redis, ObjectMapper mapper,
            TaskQueueConfig config) {
        this.repository = repository;
        this.pubsub = redis.pubsub(String.class);
        this.mapper = mapper;
        this.channel = config.eventsChannel();
    }

    void start(@Observes StartupEvent event) {
        running = true;
        subscribe();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        Cancellable current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    /** Stores and broadcasts one step of a task. */
    public TaskEvent emit(UUID taskId, String type, Map<String, Object> data) {
        TaskEventRecord record = repository.append(taskId, type, json(data));
        TaskEvent event = new TaskEvent(record.id, taskId, type, record.createdAt, data);
        String payload = json(event);
        try {
            pubsub.publish(channel, payload).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            // Stored anyway: clients replay it on reconnect; this replica's own listeners still hear it now.
            LOG.debugf("Task event not published (%s); delivering locally", e.toString());
            dispatch(event);
        }
        return event;
    }

    /** The task's stored events after {@code afterId}, oldest first. */
    public List<TaskEvent> history(UUID taskId, long afterId) {
        return repository.after(taskId, afterId).stream()
                .map(r -> new TaskEvent(r.id, r.taskId, r.type, r.createdAt, map(r.data))).toList();
    }

    /** Calls {@code listener} with each live event of the task until the returned handle is run. */
    public Runnable listen(UUID taskId, Consumer<TaskEvent> listener) {
        listeners.computeIfAbsent(taskId, id -> new CopyOnWriteArraySet<>()).add(listener);
        return () -> listeners.computeIfPresent(taskId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    private void subscribe() {
        if (!running) {
            return;
        }
        subscription = pubsub.subscribe(channel).subscribe().with(this::received, failure -> {
            LOG.warnf("Task event subscription lost (%s); resubscribing", failure.toString());
            resubscribeLater();
        }, this::resubscribeLater);
    }

    private void resubscribeLater() {
        if (running) {
            Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(1)).subscribe()
                    .with(ignored -> subscribe());
        }
    }

    private void received(String payload) {
        try {
            dispatch(mapper.readValue(payload, TaskEvent.class));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("Ignoring unreadable task event: %s", e.toString());
        }
    }

    private void dispatch(TaskEvent event) {
        Set<Consumer<TaskEvent>> interested = listeners.get(event.taskId());
        if (interested != null) {
            interested.forEach(listener -> listener.accept(event));
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Task event not serialisable", e);
        }
    }

    private Map<String, Object> map(String json) {
        try {
            return mapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", json);
        }
    }
}
