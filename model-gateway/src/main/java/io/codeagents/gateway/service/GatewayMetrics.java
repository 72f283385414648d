package io.codeagents.gateway.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.gateway.client.GuardedBackend;
import io.codeagents.gateway.client.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The gateway's meters, per model and backend: requests by outcome, latency, time to first token, tokens in and out,
 * cache results, breaker state and in-flight generations. Meters are looked up once per label set and kept
 * (by backend, then model: no tag strings are joined and hashed per request).
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Map<String, Map<String, Meters>> meters = new ConcurrentHashMap<>();
    private final Map<String, Counter> cacheResults = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry, BackendRegistry backends) {
        this.registry = registry;
        for (GuardedBackend backend : backends.enabled()) {
            Gauge.builder("gateway_backend_breaker_state", backend, b -> switch (b.breakerState()) {
                case "open" -> 2;
                case "half_open" -> 1;
                default -> 0;
            }).description("0 closed, 1 half-open, 2 open").tag("backend", backend.name()).register(registry);
            Gauge.builder("gateway_backend_in_flight", backend, GuardedBackend::inFlight).tag("backend", backend.name())
                    .register(registry);
            Gauge.builder("gateway_backend_queued", backend, GuardedBackend::queued).tag("backend", backend.name())
                    .register(registry);
            backend.backend().registerMetrics(registry);
        }
    }

    public void request(String backend, String model, String outcome, Duration duration) {
        Meters meters = meters(backend, model);
        meters.requests.computeIfAbsent(outcome, o -> Counter.builder("gateway_requests")
                .tags("backend", backend, "model", model, "outcome", o).register(registry)).increment();
        if (duration != null) {
            meters.duration().record(duration);
        }
    }

    public void firstToken(String backend, String model, Duration sinceStart) {
        meters(backend, model).firstToken().record(sinceStart);
    }

    public void tokens(String backend, String model, Usage usage) {
        Meters meters = meters(backend, model);
        meters.tokensIn().increment(usage.promptTokens());
        meters.tokensOut().increment(usage.completionTokens());
    }

    /** {@code hit}, {@code miss} or {@code bypass}. */
    public void cache(String result) {
        cacheResults.computeIfAbsent(result,
                r -> Counter.builder("gateway_cache_requests").tags("result", r).register(registry)).increment();
    }

    /** The meters of one backend and model (no tag strings are built per request once they exist). */
    private Meters meters(String backend, String model) {
        Map<String, Meters> ofBackend = meters.computeIfAbsent(backend, b -> new ConcurrentHashMap<>());
        Meters found = ofBackend.get(model);
        return found != null ? found : ofBackend.computeIfAbsent(model, m -> new Meters(registry, backend, m));
    }

    /** Each meter is registered on first use, so a label set only shows the series it has had. */
    private static final class Meters {
        final Map<String, Counter> requests = new ConcurrentHashMap<>(4);
        private final MeterRegistry registry;
        private final String backend;
        private final String model;
        private volatile Timer duration;
        private volatile Timer firstToken;
        private volatile Counter tokensIn;
        private volatile Counter tokensOut;

        Meters(MeterRegistry registry, String backend, String model) {
            this.registry = registry;
            this.backend = backend;
            this.model = model;
        }

        Timer duration() {
            Timer t = duration;
            return t != null ? t : (duration = timer("gateway_request_duration"));
        }

        Timer firstToken() {
            Timer t = firstToken;
            return t != null ? t : (firstToken = timer("gateway_time_to_first_token"));
        }

        Counter tokensIn() {
            Counter c = tokensIn;
            return c != null ? c : (tokensIn = tokens("in"));
        }

        Counter tokensOut() {
            Counter c = tokensOut;
            return c != null ? c : (tokensOut = tokens("out"));
        }

        // registering twice returns the meter already registered, so a race here is harmless
        private Timer timer(String name) {
            return Timer.builder(name).tags("backend", backend, "model", model).publishPercentiles(0.5, 0.99)
                    .register(registry);
        }

        private Counter tokens(String direction) {
            return Counter.builder("gateway_tokens").tags("backend", backend, "model", model, "direction", direction)
                    .register(registry);
        }
    }
}
