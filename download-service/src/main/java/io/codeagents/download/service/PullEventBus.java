package io.codeagents.download.service;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Progress events travel over Redis pub/sub, so an SSE client sees a pull's progress whichever replica it is connected
 * to and whichever replica runs the pull. When Redis cannot take an event, it is at least delivered to this replica's
 * own clients.
 */
@ApplicationScoped
public class PullEventBus {

    static final String CHANNEL = "download:pull-events";
    private static final Logger LOG = Logger.getLogger(PullEventBus.class);

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactiveRedis;
    private final ObjectMapper mapper;
    private final List<Consumer<ProgressEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile Cancellable subscription;

    public PullEventBus(RedisDataSource redis, ReactiveRedisDataSource reactiveRedis, ObjectMapper mapper) {
        this.redis = redis;
        this.reactiveRedis = reactiveRedis;
        this.mapper = mapper;
    }

    void subscribe(@Observes StartupEvent start) {
        subscription = Multi.createFrom().deferred(() -> reactiveRedis.pubsub(String.class).subscribe(CHANNEL))
                .onFailure().invoke(e -> LOG.debugf("progress subscription lost: %s", e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).indefinitely()
                .subscribe().with(this::receive);
    }

    @PreDestroy
    void unsubscribe() {
        Cancellable current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    public void publish(ProgressEvent event) {
        String json;
        try {
            json = mapper.writeValueAsString(event);
        } catch (Exception e) {
            LOG.warnf("cannot serialise a progress event: %s", e.getMessage());
            return;
        }
        try {
            redis.pubsub(String.class).publish(CHANNEL, json);
        } catch (RuntimeException e) {
            LOG.debugf("Redis did not take a progress event, delivering it locally: %s", e.getMessage());
            deliver(event);
        }
    }

    /** Events of the pull named {@code name}, from now on, until the subscriber cancels. */
    public Multi<ProgressEvent> events(String name) {
        return Multi.createFrom().emitter(emitter -> {
            Consumer<ProgressEvent> listener = event -> {
                if (event.pull() != null && name.equals(event.pull().name())) {
                    emitter.emit(event);
                }
            };
            listeners.add(listener);
            emitter.onTermination(() -> listeners.remove(listener));
        });
    }

    private void receive(String json) {
        try {
            deliver(mapper.readValue(json, ProgressEvent.class));
        } catch (Exception e) {
            LOG.warnf("ignoring an unreadable progress event: %s", e.getMessage());
        }
    }

    private void deliver(ProgressEvent event) {
        for (Consumer<ProgressEvent> listener : listeners) {
            listener.accept(event);
        }
    }
}
