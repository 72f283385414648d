package io.codeagents.common.auth;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * Fixed one-minute windows per key, counted in Redis so every replica shares the budget. Redis being down must not take
 * the API down: the limiter then lets requests through and says so in the log (at most once a minute). After a failed
 * or slow count it leaves Redis alone for {@link #SKIP_AFTER_FAILURE}, so a dead Redis costs one short wait, not one
 * per request.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(250);
    static final Duration SKIP_AFTER_FAILURE = Duration.ofSeconds(5);

    private final ReactiveValueCommands<String, Long> counters;
    private final ReactiveRedisDataSource redis;
    private final AtomicLong lastWarning = new AtomicLong();
    private final AtomicLong skipRedisUntil = new AtomicLong();

    public RateLimiter(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.counters = redis.value(Long.class);
    }

    /** Outcome of one check: allowed, or refused with the seconds until the window resets. */
    public record Decision(boolean allowed, long retryAfterSeconds, long remaining) {
    }

    public Uni<Decision> check(String subject, int limitPerMinute) {
        long nowSeconds = System.currentTimeMillis() / 1000;
        long window = nowSeconds / 60;
        long retryAfter = (window + 1) * 60 - nowSeconds;
        String key = "ratelimit:" + subject + ":" + window;
        if (System.currentTimeMillis() < skipRedisUntil.get()) {
            return Uni.createFrom().item(new Decision(true, 0, limitPerMinute));
        }
        return counters.incr(key)
                .call(count -> count == 1 ? redis.key().expire(key, 61) : Uni.createFrom().item(true))
                .map(count -> new Decision(count <= limitPerMinute, retryAfter, Math.max(0, limitPerMinute - count)))
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .onFailure().recoverWithItem(failure -> {
                    long now = System.currentTimeMillis();
                    skipRedisUntil.set(now + SKIP_AFTER_FAILURE.toMillis());
                    long last = lastWarning.get();
                    if (now - last > 60_000 && lastWarning.compareAndSet(last, now)) {
                        LOG.warnf("Rate limiting suspended, Redis unreachable: %s", failure.toString());
                    }
                    return new Decision(true, 0, limitPerMinute);
                });
    }
}
