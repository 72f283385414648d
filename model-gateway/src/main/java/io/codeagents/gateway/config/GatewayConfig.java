package io.codeagents.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which model backends the gateway fronts and how models map onto them. Each backend sits under
 * {@code gateway.backends.<name>.*} (environment {@code GATEWAY_BACKENDS_<NAME>_URL}, …); the shipped ones read
 * {@code GATEWAY_OLLAMA_URL}, {@code GATEWAY_TGI_URL}, {@code GATEWAY_OPENAI_URL} and {@code GATEWAY_OPENAI_API_KEY}.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** The model used when a request names none ({@code GATEWAY_DEFAULT_MODEL}). */
    @WithDefault("qwen2.5-coder:1.5b")
    String defaultModel();

    /** Backends by name. */
    Map<String, Backend> backends();

    /** When several backends serve a plain model name, they are tried in this order (others after, by name). */
    @WithDefault("ollama,tgi,openai,embedded")
    List<String> backendOrder();

    /** {@code gateway.aliases.<alias>=backend/model,backend/model}: an ordered fallback list per alias. */
    Map<String, String> aliases();

    /** How often each backend's model list is refreshed in the background. */
    @WithDefault("30s")
    Duration modelsRefresh();

    /** Cache of deterministic answers in Redis. */
    Cache cache();

    /** Per-key daily usage accounting in PostgreSQL. */
    Usage usage();

    /** The in-process llama.cpp runtime behind backends of type {@code embedded}. */
    Embedded embedded();

    interface Backend {
        /** {@code ollama}, {@code tgi}, {@code openai} or {@code embedded} (in-process, from the model store). */
        String type();

        /** Base URL; a backend without one is off (except {@code embedded}, which needs none). */
        Optional<String> url();

        /** Bearer key sent to the backend (OpenAI-compatible servers). */
        Optional<String> apiKey();

        /**
         * Off by default when no URL is set; {@code false} turns a configured backend off. An {@code embedded} backend is
         * off unless this is {@code true}.
         */
        Optional<Boolean> enabled();

        /** Models this backend serves when it cannot list them itself (besides what it lists). */
        Optional<List<String>> models();

        @WithDefault("2s")
        Duration connectTimeout();

        /** From sending the request to the first token (includes queueing and model loading at the backend). */
        @WithDefault("60s")
        Duration firstTokenTimeout();

        /** Longest silence between two tokens. */
        @WithDefault("30s")
        Duration idleTimeout();

        /** Whole generation, first byte to last. */
        @WithDefault("10m")
        Duration totalTimeout();

        /** Requests in flight at this backend; more wait in the queue. */
        @WithDefault("32")
        int maxConcurrent();

        /** Requests waiting for a slot; past it the backend counts as busy (next target, or 503 with Retry-After). */
        @WithDefault("128")
        int maxQueue();

        /** Retries of retryable failures (connection refused, 429, 5xx) before the first token. */
        @WithDefault("2")
        int retries();

        /** First retry delay; doubled each retry, with jitter. */
        @WithDefault("100ms")
        Duration retryDelay();

        Breaker breaker();
    }

    interface Breaker {
        /** Calls in the rolling window the failure ratio is computed over. */
        @WithDefault("10")
        int requestVolume();

        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker refuses calls before letting a trial through. */
        @WithDefault("10s")
        Duration delay();
    }

    interface Cache {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("1h")
        Duration ttl();

        /** Longest wait for Redis on a lookup; slower counts as Redis being away. */
        @WithDefault("50ms")
        Duration timeout();

        /** After Redis failed, skip the cache for this long instead of waiting on a dead Redis every request. */
        @WithDefault("5s")
        Duration retryAfter();
    }

    interface Usage {
        /** How often in-memory usage counters are written to PostgreSQL (never on the request path). */
        @WithDefault("5s")
        Duration flushInterval();
    }

    interface Embedded {
        /** The Ollama-layout model store the download service fills ({@code MODELS_DIR}); {@code ~} is the home. */
        @WithDefault("~/.codeagents/models")
        String modelsDir();

        /** Registry host of names without one ({@code qwen2.5-coder:0.5b} is {@code registry.ollama.ai/library/…}). */
        @WithDefault("registry.ollama.ai")
        String defaultRegistry();

        /**
         * Context window in tokens per generation slot, unless a request or the model's params layer sets num_ctx; used
         * as it is, also beyond the context the model was trained on (llama.cpp then warns).
         */
        @WithDefault("4096")
        int contextSize();

        /** CPU threads llama.cpp computes with; 0 means one per available processor but one (at least one). */
        @WithDefault("0")
        int threads();

        /** A loaded model nobody used for this long is unloaded, giving its memory back. */
        @WithDefault("5m")
        Duration idleUnload();

        /** After a model failed to load, it is tried again only once its file changed or this long has passed. */
        @WithDefault("5m")
        Duration loadRetryAfter();

        /** Memory a load always leaves free: a model whose estimate does not fit is refused with MODEL_003. */
        @WithDefault("256M")
        MemorySize memoryReserve();

        /** Longest wait for llama.cpp to release a model; past it the unload is abandoned (and logged). */
        @WithDefault("30s")
        Duration unloadTimeout();
    }
}
