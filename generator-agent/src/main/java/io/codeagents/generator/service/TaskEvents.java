package io.codeagents.generator.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>A single writer thread stores and publishes them in batches, in the order they were emitted: a worker does not
 * wait for a database round trip and a publish per step (that was most of an iteration's own cost). Only the events
 * that end a task, and cancellation, are waited for, so that they are durable and delivered when the call returns.
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
    private final BlockingQueue<Pending> pending = new ArrayBlockingQueue<>(10_000);
    private final AtomicLong lastDropWarning = new AtomicLong();
    private volatile Cancellable subscription;
    private volatile boolean running;
    private Thread writer;

    /** An event waiting for the writer; {@code stored} completes once it is in PostgreSQL and published. */
    private record Pending(TaskEventRecord record, Map<String, Object> data, CompletableFuture<Void> stored) {
    }

    public TaskEvents(TaskEventRepository repository, ReactiveRedisDataSource redis, ObjectMapper mapper,
            TaskQueueConfig config) {
        this.repository = repository;
        this.pubsub = redis.pubsub(String.class);
        this.mapper = mapper;
        this.channel = config.eventsChannel();
    }

    void start(@Observes StartupEvent event) {
        running = true;
        writer = new Thread(this::writeLoop, "task-event-writer");
        writer.setDaemon(true);
        writer.start();
        subscribe();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        writer.interrupt();
        try {
            writer.join(2_000);
            flush(new ArrayList<>(pending));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("Task events not stored at shutdown: %s", e.toString());
        }
        Cancellable current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    /**
     * Stores and broadcasts one step of a task, in order with the task's other steps. The first and the final step
     * (and a cancellation) are stored and published when this returns; the others shortly after.
     */
    public void emit(UUID taskId, String type, Map<String, Object> data) {
        TaskEventRecord record = new TaskEventRecord();
        record.taskId = taskId;
        record.type = type;
        record.data = json(data);
        record.createdAt = Instant.now();
        Pending event = new Pending(record, data, new CompletableFuture<>());
        // The first event is stored before the task is queued, so another replica's steps always follow it.
        boolean mustWait = TaskEvent.FINAL_TYPES.contains(type) || TaskEvent.QUEUED.equals(type);
        if (!pending.offer(event)) {
            if (!mustWait) {
                warnDropped(type, taskId);
                return;
            }
            flush(List.of(event));
            return;
        }
        if (mustWait) {
            try {
                event.stored().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warnf("Task %s: %s event not confirmed stored: %s", taskId, type, e.toString());
            }
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                batch.add(pending.take());
                pending.drainTo(batch, 499);
                flush(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Task events not stored (%s); %d dropped", e.toString(), batch.size());
                batch.forEach(p -> p.stored().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void flush(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        repository.appendAll(batch.stream().map(Pending::record).toList());
        List<Uni<Void>> publishes = new ArrayList<>();
        List<TaskEvent> events = new ArrayList<>();
        for (Pending p : batch) {
            TaskEvent event = new TaskEvent(p.record().id, p.record().taskId, p.record().type, p.record().createdAt,
                    p.data());
            events.add(event);
            publishes.add(pubsub.publish(channel, json(event)));
        }
        try {
            Uni.join().all(publishes).andFailFast().await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            // Stored anyway: clients replay them on reconnect; this replica's own listeners still hear them now.
            LOG.debugf("Task events not published (%s); delivering locally", e.toString());
            events.forEach(this::dispatch);
        }
        batch.forEach(p -> p.stored().complete(null));
    }

    private void warnDropped(String type, UUID taskId) {
        long now = System.currentTimeMillis();
        long last = lastDropWarning.get();
        if (now - last > 30_000 && lastDropWarning.compareAndSet(last, now)) {
            LOG.warnf("Task event backlog full (PostgreSQL slow or down): dropping %s of task %s and others", type,
                    taskId);
        }
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
