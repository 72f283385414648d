package io.codeagents.gateway.service;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.gateway.client.BackendFailure;
import io.codeagents.gateway.client.Chunk;
import io.codeagents.gateway.client.Completion;
import io.codeagents.gateway.client.TokenStream;
import io.codeagents.gateway.service.Answer.CacheResult;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Serves one inference call: cache lookup for deterministic requests, then the targets in order until one starts
 * generating. Before the first token a failing target hands over to the next; after it, a streaming client sees the
 * failure (a half-written answer is never silently continued by another model). A non-streaming client has seen
 * nothing yet, so its answer may still come whole from the next target.
 */
@ApplicationScoped
public class InferenceService {

    private final ModelRouter router;
    private final ResponseCache cache;
    private final UsageRecorder usage;
    private final GatewayMetrics metrics;

    public InferenceService(ModelRouter router, ResponseCache cache, UsageRecorder usage, GatewayMetrics metrics) {
        this.router = router;
        this.cache = cache;
        this.usage = usage;
        this.metrics = metrics;
    }

    public Uni<Answer> serve(InferenceCall call) {
        long start = System.nanoTime();
        String model = router.effectiveName(call.requestedModel());
        boolean cacheable = call.deterministic() && !call.noCache() && cache.usable();
        if (!cacheable) {
            metrics.cache("bypass");
            return route(call, model, start, null, CacheResult.BYPASS);
        }
        String key = ResponseCache.key(call.canonical(model));
        return cache.get(key).chain(hit -> {
            if (hit == ResponseCache.UNAVAILABLE) {
                metrics.cache("bypass");
                return route(call, model, start, null, CacheResult.BYPASS);
            }
            if (hit == null) {
                metrics.cache("miss");
                return route(call, model, start, key, CacheResult.MISS);
            }
            metrics.cache("hit");
            Completion c = hit.completion();
            usage.served(call.principal(), model, hit.backend(), c.usage(), true);
            metrics.request(backendOf(hit.backend()), model, "cache_hit", elapsed(start));
            return Uni.createFrom().item(new Answer(Multi.createFrom().items(Chunk.text(c.text()),
                    Chunk.last(c.finishReason(), c.usage())), hit.backend(), model, CacheResult.HIT));
        });
    }

    private Uni<Answer> route(InferenceCall call, String model, long start, String cacheKey, CacheResult cacheResult) {
        return router.resolve(call.requestedModel()).chain(targets -> {
            if (call.stream()) {
                return firstAvailable(targets, 0, call, model, new TargetFailures(model), Uni.createFrom()::item)
                        .map(opened -> answer(opened, call, model, start, cacheKey, cacheResult));
            }
            return firstAvailable(targets, 0, call, model, new TargetFailures(model), TokenStream::collect)
                    .map(done -> {
                        Completion c = done.value();
                        finished(call, model, done.target(), c.usage(), start, cacheKey, c);
                        return new Answer(Multi.createFrom().items(Chunk.text(c.text()),
                                Chunk.last(c.finishReason(), c.usage())), done.target().label(), model, cacheResult);
                    });
        }).onFailure().invoke(e -> {
            usage.failed(call.principal(), model, null);
            metrics.request("none", model, "error", elapsed(start));
        });
    }

    /** A target and what it produced. */
    private record Served<T>(Target target, T value) {
    }

    /** Tries targets in order; {@code consume} turns an opened stream into the result (failures count as the target's). */
    private <T> Uni<Served<T>> firstAvailable(List<Target> targets, int index, InferenceCall call, String model,
            TargetFailures failures, Function<TokenStream, Uni<T>> consume) {
        if (index >= targets.size()) {
            return Uni.createFrom().failure(failures.exhausted());
        }
        Target target = targets.get(index);
        return target.backend().open(call.request().forModel(target.model())).chain(stream -> consume.apply(stream))
                .map(value -> new Served<>(target, value))
                .onFailure(BackendFailure.class).recoverWithUni(e -> {
                    BackendFailure failure = (BackendFailure) e;
                    if (!failure.kind().nextTargetMayServe()) {
                        return Uni.createFrom().failure(TargetFailures.refused(model, target, failure));
                    }
                    failures.add(target, failure);
                    return firstAvailable(targets, index + 1, call, model, failures, consume);
                });
    }

    private Answer answer(Served<TokenStream> opened, InferenceCall call, String model, long start, String cacheKey,
            CacheResult cacheResult) {
        Target target = opened.target();
        metrics.firstToken(target.backend().name(), model, elapsed(start));
        StringBuilder text = cacheKey == null ? null : new StringBuilder();
        Multi<Chunk> chunks = opened.value().chunks().onItem().invoke(chunk -> {
            if (text != null) {
                text.append(chunk.text());
            }
            if (chunk.isLast()) {
                finished(call, model, target, chunk.usage(), start, cacheKey,
                        text == null ? null : new Completion(text.toString(), chunk.finishReason(), chunk.usage()));
            }
        }).onFailure().invoke(e -> {
            usage.failed(call.principal(), model, target.backend().name());
            metrics.request(target.backend().name(), model, "error_mid_stream", elapsed(start));
        });
        return new Answer(chunks, target.label(), model, cacheResult);
    }

    private void finished(InferenceCall call, String model, Target target, io.codeagents.gateway.client.Usage used,
            long start, String cacheKey, Completion completion) {
        String backend = target.backend().name();
        usage.served(call.principal(), model, target.label(), used, false);
        metrics.request(backend, model, "ok", elapsed(start));
        if (used != null) {
            metrics.tokens(backend, model, used);
        }
        if (cacheKey != null && completion != null) {
            cache.put(cacheKey, new ResponseCache.Entry(completion, target.label()));
        }
    }

    private static String backendOf(String label) {
        int slash = label == null ? -1 : label.indexOf('/');
        return slash > 0 ? label.substring(0, slash) : "cache";
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
