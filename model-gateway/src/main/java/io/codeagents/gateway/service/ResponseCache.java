package io.codeagents.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.gateway.client.Completion;
import io.codeagents.gateway.client.Usage;
import io.codeagents.gateway.config.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Deterministic answers in Redis under {@code gateway:cache:<sha256 of the canonical request>}. Redis is optional:
 * a lookup that fails or takes longer than {@code gateway.cache.timeout} counts as a miss and switches the cache off
 * for {@code gateway.cache.retry-after}, so a dead Redis costs one short wait, not one per request.
 */
@ApplicationScoped
public class ResponseCache {

    private static final Logger LOG = Logger.getLogger(ResponseCache.class);
    static final String PREFIX = "gateway:cache:";

    /** A cached answer and where it came from. */
    public record Entry(Completion completion, String backend) {
    }

    /** What {@link #get} returns when Redis could not be asked: the request is served as a bypass. */
    public static final Entry UNAVAILABLE = new Entry(null, null);

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, String> values;
    private final GatewayConfig.Cache config;
    private final AtomicLong downUntil = new AtomicLong();

    public ResponseCache(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.config = config.cache();
    }

    /** False while Redis is considered away (or the cache is switched off). */
    public boolean usable() {
        return config.enabled() && System.currentTimeMillis() >= downUntil.get();
    }

    public static String key(String canonicalRequest) {
        try {
            return PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cached entry; null on a miss or an unreadable value; {@link #UNAVAILABLE} when Redis did not answer. */
    public Uni<Entry> get(String key) {
        return values.get(key).ifNoItem().after(config.timeout()).fail().map(ResponseCache::decode)
                .onFailure().recoverWithItem(e -> {
                    markDown(e);
                    return UNAVAILABLE;
                });
    }

    /** Stores in the background; a failure only switches the cache off for a while. */
    public void put(String key, Entry entry) {
        JsonObject json = new JsonObject().put("text", entry.completion().text())
                .put("finish_reason", entry.completion().finishReason())
                .put("prompt_tokens", entry.completion().usage().promptTokens())
                .put("completion_tokens", entry.completion().usage().completionTokens()).put("backend", entry.backend());
        values.setex(key, Math.max(1, config.ttl().toSeconds()), json.encode()).ifNoItem().after(config.timeout())
                .fail().subscribe().with(ok -> {
                }, this::markDown);
    }

    /** Deletes every cached answer; the count of deleted keys. */
    public Uni<Long> flush() {
        return redis.key().scan(new KeyScanArgs().match(PREFIX + "*").count(500)).toMulti().group().intoLists()
                .of(500).onItem().transformToUniAndConcatenate(keys -> redis.key().del(keys.toArray(String[]::new)))
                .collect().with(java.util.stream.Collectors.summingLong(Integer::longValue));
    }

    private static Entry decode(String value) {
        if (value == null) {
            return null;
        }
        try {
            JsonObject json = new JsonObject(value);
            return new Entry(new Completion(json.getString("text"), json.getString("finish_reason"),
                    new Usage(json.getInteger("prompt_tokens", 0), json.getInteger("completion_tokens", 0))),
                    json.getString("backend"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void markDown(Throwable e) {
        long until = System.currentTimeMillis() + config.retryAfter().toMillis();
        long previous = downUntil.getAndSet(until);
        if (previous < System.currentTimeMillis()) {
            LOG.warnf("Response cache off for %d s, Redis unavailable: %s", config.retryAfter().toSeconds(),
                    e.toString());
        }
    }
}
