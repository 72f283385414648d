package io.codeagents.common.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.codeagents.common.config.CodeagentsConfig;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * Redis in readiness. A service that cannot work without Redis ({@code codeagents.redis.required=true}) goes DOWN with
 * it; the others stay UP and say what is degraded, so clients keep getting answers instead of a dead endpoint.
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

    private final RedisDataSource redis;
    private final boolean required;
    private final String degradedWithout;

    public RedisReadiness(RedisDataSource redis, CodeagentsConfig config) {
        this.redis = redis;
        this.required = config.redis().required();
        this.degradedWithout = config.redis().degradedWithout();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("redis").withData("required", required);
        long start = System.nanoTime();
        try {
            redis.getReactive().execute("PING").await().atMost(Duration.ofSeconds(1));
            return builder.up().withData("latency_ms", (System.nanoTime() - start) / 1_000_000).build();
        } catch (RuntimeException e) {
            builder.withData("error", String.valueOf(e.getMessage()));
            if (required) {
                return builder.down().build();
            }
            return builder.up().withData("degraded", degradedWithout + " unavailable until Redis answers").build();
        }
    }
}
