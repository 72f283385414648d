package io.codeagents.gateway.embedded;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.codeagents.common.concurrent.DaemonThreads;
import io.codeagents.gateway.client.BackendFailure;
import io.codeagents.gateway.client.BackendFailure.Kind;
import io.codeagents.gateway.client.InferenceRequest;
import io.codeagents.gateway.client.ModelBackend;
import io.codeagents.gateway.client.TokenStream;
import io.codeagents.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Models from the shared model store, run in-process by llama.cpp ({@code de.kherud:llama}): no model server needed.
 * A name resolves through the store's Ollama manifests to its GGUF blob; the model is loaded on first use and kept
 * warm (see {@link EmbeddedRuntime}). Every generation runs on a thread of its own, as many at once as the backend's
 * {@code max-concurrent} (llama.cpp gets one slot each); the gateway's bulkhead queues the rest and refuses past
 * {@code max-queue}.
 */
public final class EmbeddedBackend implements ModelBackend {

    public static final String TYPE = "embedded";

    private final String name;
    private final GatewayConfig.Backend backendConfig;
    private final GatewayConfig.Embedded config;
    private final LocalModelStore store;
    private final EmbeddedRuntime runtime;
    private final ExecutorService generations;

    public EmbeddedBackend(String name, GatewayConfig.Backend backendConfig, GatewayConfig.Embedded config) {
        this.name = name;
        this.backendConfig = backendConfig;
        this.config = config;
        this.store = new LocalModelStore(config.modelsDir(), config.defaultRegistry());
        int slots = Math.max(1, backendConfig.maxConcurrent());
        this.runtime = new EmbeddedRuntime(config, slots, new MemoryBudget());
        this.generations = Executors.newFixedThreadPool(slots, DaemonThreads.named("llama-generation"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Where the models come from. */
    @Override
    public String url() {
        return store.root().toUri().toString();
    }

    @Override
    public Uni<TokenStream> open(InferenceRequest request) {
        long now = System.nanoTime();
        LlamaGeneration.Context context = new LlamaGeneration.Context(store, runtime, LlamaLog.shared(),
                config.contextSize(), now + backendConfig.firstTokenTimeout().toNanos(),
                now + backendConfig.totalTimeout().toNanos(), name);
        LlamaGeneration generation = new LlamaGeneration(request, context);
        return Uni.createFrom().<TokenStream>emitter(opened -> {
            opened.onTermination(() -> {
                // given up before the first piece (first-token timeout, caller gone): stop at the next step
                if (!generation.isOpen()) {
                    generation.cancel();
                }
            });
            try {
                generations.execute(() -> generation.run(opened));
            } catch (RejectedExecutionException e) {
                opened.fail(new BackendFailure(Kind.UNREACHABLE, name + ": shutting down"));
            }
        }).ifNoItem().after(backendConfig.firstTokenTimeout()).failWith(() -> new BackendFailure(Kind.TIMEOUT,
                name + " produced no token within " + backendConfig.firstTokenTimeout().toSeconds()
                        + " s (this includes loading the model)"));
    }

    /** The complete models in the store (blocking file reads, so on a worker thread). */
    @Override
    public Uni<List<String>> listModels() {
        return Uni.createFrom().item(store::list).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** In-process: always there. */
    @Override
    public Uni<Void> ping() {
        return Uni.createFrom().voidItem();
    }

    @Override
    public String problem() {
        return runtime.failureSummary();
    }

    @Override
    public Map<String, Object> state() {
        return runtime.state();
    }

    @Override
    public void registerMetrics(MeterRegistry registry) {
        String[] tags = {"backend", name};
        FunctionCounter.builder("gateway_embedded_loads", runtime, r -> r.loadsOk.get()).tags(tags)
                .tag("outcome", "ok").description("embedded model loads").register(registry);
        FunctionCounter.builder("gateway_embedded_loads", runtime, r -> r.loadsFailed.get()).tags(tags)
                .tag("outcome", "failed").description("embedded model loads").register(registry);
        FunctionCounter.builder("gateway_embedded_unloads", runtime, r -> r.unloadsIdle.get()).tags(tags)
                .tag("reason", "idle").description("embedded model unloads").register(registry);
        FunctionCounter.builder("gateway_embedded_unloads", runtime, r -> r.unloadsSwitch.get()).tags(tags)
                .tag("reason", "switch").description("embedded model unloads").register(registry);
        Gauge.builder("gateway_embedded_loaded_bytes", runtime, EmbeddedRuntime::loadedBytes).tags(tags)
                .description("size of the loaded model's weights, 0 when none is loaded").register(registry);
        Gauge.builder("gateway_embedded_last_load_seconds", runtime, r -> r.lastLoadMillis.get() / 1000.0).tags(tags)
                .description("how long the last model load took").register(registry);
        Gauge.builder("gateway_embedded_generating", runtime, EmbeddedRuntime::generating).tags(tags)
                .description("generations running on the loaded model").register(registry);
    }

    @Override
    public void close() {
        runtime.close();
        generations.shutdownNow();
        try {
            generations.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
