package io.codeagents.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.codeagents.gateway.client.BackendFailure.Kind;
import io.codeagents.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * A backend with its resilience: the bulkhead ({@link BackendPermits}) around a SmallRye Fault Tolerance guard that
 * retries retryable failures before the first token (exponential backoff with jitter) inside a circuit breaker. Once
 * the first token has arrived nothing is retried: the stream is the client's.
 */
public final class GuardedBackend {

    private static final TypeLiteral<Uni<TokenStream>> STREAM_TYPE = new TypeLiteral<>() {
    };

    private final ModelBackend backend;
    private final BackendPermits permits;
    private final TypedGuard<Uni<TokenStream>> guard;
    private final String breakerName;

    public GuardedBackend(ModelBackend backend, GatewayConfig.Backend config) {
        this.backend = backend;
        this.breakerName = "gateway-backend-" + backend.name();
        this.permits = new BackendPermits(backend.name(), config.maxConcurrent(), config.maxQueue());
        long delay = config.retryDelay().toMillis();
        this.guard = TypedGuard.create(STREAM_TYPE)
                .withRetry().maxRetries(config.retries()).delay(delay, ChronoUnit.MILLIS)
                .jitter(Math.max(0, delay / 2), ChronoUnit.MILLIS)
                .whenException(e -> e instanceof BackendFailure f && f.kind().retryable())
                .withExponentialBackoff().factor(2).maxDelay(Math.max(delay, 2000), ChronoUnit.MILLIS).done()
                .done()
                .withCircuitBreaker().name(breakerName).requestVolumeThreshold(config.breaker().requestVolume())
                .failureRatio(config.breaker().failureRatio())
                .delay(config.breaker().delay().toMillis(), ChronoUnit.MILLIS).successThreshold(1)
                .when(e -> e instanceof BackendFailure f && f.kind().countsForBreaker())
                .done()
                .build();
    }

    public ModelBackend backend() {
        return backend;
    }

    public String name() {
        return backend.name();
    }

    /**
     * Starts a generation: waits for a slot, then opens the stream through the guard. The slot is released when the
     * stream ends, or at once when opening fails or is abandoned.
     */
    public Uni<TokenStream> open(InferenceRequest request) {
        return permits.acquire().onItem().transformToUni(permit -> guard.get(() -> backend.open(request))
                .onFailure(CircuitBreakerOpenException.class)
                .transform(e -> new BackendFailure(Kind.BREAKER_OPEN, backend.name() + ": circuit breaker open"))
                .onFailure().invoke(permit::release)
                .onCancellation().invoke(permit::release)
                .onItem().invoke(stream -> stream.onTermination(permit::release)));
    }

    public Uni<List<String>> listModels() {
        return backend.listModels();
    }

    /** {@code closed}, {@code open} or {@code half_open}. */
    public String breakerState() {
        CircuitBreakerState state = CircuitBreakerMaintenance.get().currentState(breakerName);
        return switch (state) {
            case OPEN -> "open";
            case HALF_OPEN -> "half_open";
            default -> "closed";
        };
    }

    public int inFlight() {
        return permits.inFlight();
    }

    public int queued() {
        return permits.queued();
    }
}
