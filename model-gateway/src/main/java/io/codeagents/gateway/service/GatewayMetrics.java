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
 * cache results, breaker state and in-flight generations. Meters are looked up once per label set and kept.
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

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
        counter("gateway_requests", "backend", backend, "model", model, "outcome", outcome).increment();
        if (duration != null) {
            timer("gateway_request_duration", "backend", backend, "model", model).record(duration);
        }
    }

    public void firstToken(String backend, String model, Duration sinceStart) {
        timer("gateway_time_to_first_token", "backend", backend, "model", model).record(sinceStart);
    }

    public void tokens(String backend, String model, Usage usage) {
        counter("gateway_tokens", "backend", backend, "model", model, "direction", "in").increment(usage.promptTokens());
        counter("gateway_tokens", "backend", backend, "model", model, "direction", "out")
                .increment(usage.completionTokens());
    }

    /** {@code hit}, {@code miss} or {@code bypass}. */
    public void cache(String result) {
        counter("gateway_cache_requests", "result", result).increment();
    }

    private Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(name + String.join("|", tags),
                k -> Counter.builder(name).tags(tags).register(registry));
    }

    private Timer timer(String name, String... tags) {
        return timers.computeIfAbsent(name + String.join("|", tags),
                k -> Timer.builder(name).tags(tags).publishPercentiles(0.5, 0.99).register(registry));
    }
}
