package io.codeagents.gateway.service;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.gateway.client.Usage;
import io.codeagents.gateway.domain.UsageRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Counts usage in memory on the request path (a map lookup and a few atomic adds) and writes it to PostgreSQL every
 * {@code gateway.usage.flush-interval} from a scheduler thread. Counts that cannot be written are kept for the next
 * flush; what is still in memory is written at shutdown.
 */
@ApplicationScoped
public class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);

    record Key(LocalDate day, String apiKey, String model, String backend) {
    }

    static final class Counts {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong cacheHits = new AtomicLong();
        final AtomicLong promptTokens = new AtomicLong();
        final AtomicLong completionTokens = new AtomicLong();
    }

    private final Map<Key, Counts> pending = new ConcurrentHashMap<>();
    private final UsageRepository repository;

    public UsageRecorder(UsageRepository repository) {
        this.repository = repository;
    }

    public void served(String apiKey, String model, String backend, Usage usage, boolean cacheHit) {
        Counts counts = counts(apiKey, model, backend);
        counts.requests.incrementAndGet();
        if (cacheHit) {
            counts.cacheHits.incrementAndGet();
        }
        if (usage != null) {
            counts.promptTokens.addAndGet(usage.promptTokens());
            counts.completionTokens.addAndGet(usage.completionTokens());
        }
    }

    public void failed(String apiKey, String model, String backend) {
        Counts counts = counts(apiKey, model, backend);
        counts.requests.incrementAndGet();
        counts.errors.incrementAndGet();
    }

    private Counts counts(String apiKey, String model, String backend) {
        Key key = new Key(LocalDate.now(ZoneOffset.UTC), apiKey == null ? "anonymous" : apiKey, model,
                backend == null ? "none" : backend);
        return pending.computeIfAbsent(key, k -> new Counts());
    }

    @Scheduled(every = "${gateway.usage.flush-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void flush() {
        for (Map.Entry<Key, Counts> entry : pending.entrySet()) {
            Key key = entry.getKey();
            Counts c = entry.getValue();
            long requests = c.requests.getAndSet(0);
            long errors = c.errors.getAndSet(0);
            long hits = c.cacheHits.getAndSet(0);
            long prompt = c.promptTokens.getAndSet(0);
            long completion = c.completionTokens.getAndSet(0);
            if (requests == 0 && prompt == 0 && completion == 0) {
                if (key.day().isBefore(LocalDate.now(ZoneOffset.UTC))) {
                    pending.remove(key, c);
                }
                continue;
            }
            try {
                repository.add(key.day(), key.apiKey(), key.model(), key.backend(), requests, errors, hits, prompt,
                        completion);
            } catch (RuntimeException e) {
                // keep the counts for the next flush rather than lose them
                c.requests.addAndGet(requests);
                c.errors.addAndGet(errors);
                c.cacheHits.addAndGet(hits);
                c.promptTokens.addAndGet(prompt);
                c.completionTokens.addAndGet(completion);
                LOG.warnf("Usage not written yet (will retry): %s", e.getMessage());
                return;
            }
        }
    }

    void onStop(@jakarta.enterprise.event.Observes ShutdownEvent event) {
        flush();
    }
}
