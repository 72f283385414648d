package io.codeagents.gateway.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.gateway.client.GuardedBackend;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The models each backend serves, as it last listed them, kept in memory so routing never waits on a list call. It is
 * refreshed in the background and, at most once a second, when a request names a model nobody is known to serve.
 */
@ApplicationScoped
public class ModelCatalog {

    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(3);

    private final BackendRegistry registry;
    private final Map<String, List<String>> known = new ConcurrentHashMap<>();
    private final Map<String, String> errors = new ConcurrentHashMap<>();
    private final AtomicLong lastOnDemand = new AtomicLong();

    public ModelCatalog(BackendRegistry registry) {
        this.registry = registry;
    }

    /** The models a backend listed last time, or null when it never answered. */
    public List<String> modelsOf(String backend) {
        return known.get(backend);
    }

    public String errorOf(String backend) {
        return errors.get(backend);
    }

    @Scheduled(every = "${gateway.models-refresh:30s}", delay = 1, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshPeriodically() {
        return refresh();
    }

    /** Refreshes every enabled backend in parallel; never fails. */
    public Uni<Void> refresh() {
        List<GuardedBackend> backends = registry.enabled();
        if (backends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(backends.stream().map(this::refresh).toList()).andCollectFailures().replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> refresh(GuardedBackend backend) {
        return backend.listModels().ifNoItem().after(LIST_TIMEOUT).fail().onItem().invoke(models -> {
            known.put(backend.name(), List.copyOf(models));
            errors.remove(backend.name());
        }).onFailure().invoke(e -> {
            errors.put(backend.name(), String.valueOf(e.getMessage()));
            LOG.debugf("Model list of %s unavailable: %s", backend.name(), e.getMessage());
        }).replaceWithVoid().onFailure().recoverWithNull();
    }

    /** Refreshes unless that happened less than a second ago (so unknown names cannot hammer the backends). */
    public Uni<Boolean> refreshOnDemand() {
        long now = System.currentTimeMillis();
        long last = lastOnDemand.get();
        if (now - last < 1000 || !lastOnDemand.compareAndSet(last, now)) {
            return Uni.createFrom().item(false);
        }
        return refresh().replaceWith(true);
    }
}
