package io.codeagents.doctor.check;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.codeagents.doctor.config.ChecksConfig;
import io.codeagents.doctor.domain.Finding;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/** Redis answers PING, and how fast; its version from INFO. */
@ApplicationScoped
public class RedisCheck implements Check {

    private static final String FIX = "Start Redis (redis-server, or docker compose up -d redis) or point QUARKUS_REDIS_HOSTS "
            + "at it. Until it is back rate limits are off, the gateway does not cache and the generator's task "
            + "queue stops";

    private final ReactiveRedisDataSource redis;
    private final ChecksConfig config;
    private final String where;

    public RedisCheck(ReactiveRedisDataSource redis, ChecksConfig config,
            @ConfigProperty(name = "quarkus.redis.hosts") String hosts) {
        this.redis = redis;
        this.config = config;
        this.where = withoutCredentials(hosts);
    }

    @Override
    public String id() {
        return "deps.redis";
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return redis.execute("PING").chain(pong -> {
                long latency = (System.nanoTime() - start) / 1_000_000;
                return redis.execute("INFO", "server").map(info -> judge(latency, version(info.toString())))
                        .onFailure().recoverWithItem(e -> judge(latency, null));
            });
        }).onFailure().recoverWithItem(e -> Finding
                .critical("Redis at " + where + " is not reachable: " + PostgresCheck.rootMessage(e), FIX)
                .detail("url", where));
    }

    private Finding judge(long latency, String version) {
        String summary = "Redis " + (version == null ? "" : version + " ") + "at " + where + " answered in " + latency
                + " ms";
        Finding finding = latency > config.slowDependency().toMillis()
                ? Finding.warning(summary + " (slow)",
                        "Redis is slow: look at its memory (INFO memory), persistence settings and the network")
                : Finding.ok(summary);
        return finding.detail("latency_ms", latency).detail("server_version", version).detail("url", where);
    }

    @Override
    public Finding timedOut(Duration deadline) {
        return Finding.critical("Redis at " + where + " gave no answer within " + deadline.toMillis() + " ms", FIX)
                .detail("url", where);
    }

    private static String version(String info) {
        return info.lines().filter(l -> l.startsWith("redis_version:")).map(l -> l.substring(14).trim()).findFirst()
                .orElse(null);
    }

    /** redis://host:port only; a Redis URL may carry a password. */
    static String withoutCredentials(String hosts) {
        String first = hosts.split(",")[0].trim();
        int at = first.lastIndexOf('@');
        int scheme = first.indexOf("://");
        return at > 0 && scheme >= 0 ? first.substring(0, scheme + 3) + first.substring(at + 1) : first;
    }
}
