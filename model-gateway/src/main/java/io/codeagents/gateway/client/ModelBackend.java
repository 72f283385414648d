package io.codeagents.gateway.client;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * One model server the gateway can send work to. Implementations speak one protocol (Ollama, TGI, OpenAI-compatible,
 * or an in-process model) and report failures as {@link BackendFailure}s; retries, breakers and queueing are added
 * around them, not inside.
 */
public interface ModelBackend {

    /** The configured name ({@code ollama}, {@code tgi}, …), used in {@code backend/model} targets. */
    String name();

    /** The protocol: {@code ollama}, {@code tgi}, {@code openai}, … */
    String type();

    /** Where it is, for {@code /v1/backends}. */
    String url();

    /**
     * Starts a generation. The Uni completes once the first chunk arrived (so a failure before any token can still be
     * retried elsewhere) and fails with a {@link BackendFailure}.
     */
    Uni<TokenStream> open(InferenceRequest request);

    /** The models this backend serves now. */
    Uni<List<String>> listModels();

    /** A cheap reachability probe; completes when the backend answered. */
    Uni<Void> ping();

    /**
     * A problem an operator should see although the backend answers (a model that failed to load, say), shown as the
     * backend's {@code error} in {@code /v1/backends}; null when there is none.
     */
    default String problem() {
        return null;
    }

    /** Backend-specific state for {@code /v1/backends} (which model an in-process backend holds, …); null if none. */
    default Map<String, Object> state() {
        return null;
    }

    /** Registers meters of the backend's own, beyond the ones every backend has. */
    default void registerMetrics(MeterRegistry registry) {
    }

    /** Releases connections (or, in-process, memory). */
    default void close() {
    }
}
