package io.codeagents.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the service at PostgreSQL and Redis through {@link TcpProxy}s, so a test can take either away and bring it back
 * without touching the real servers other tests use.
 */
public class OutageProxies implements QuarkusTestResourceLifecycleManager {

    private static TcpProxy postgres;
    private static TcpProxy redis;

    public static TcpProxy postgres() {
        return postgres;
    }

    public static TcpProxy redis() {
        return redis;
    }

    @Override
    public Map<String, String> start() {
        URI pg = Infrastructure.jdbcAddress();
        URI rd = Infrastructure.redisAddress();
        try {
            postgres = new TcpProxy(pg.getHost(), pg.getPort() > 0 ? pg.getPort() : 5432);
            redis = new TcpProxy(rd.getHost(), rd.getPort() > 0 ? rd.getPort() : 6379);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", Infrastructure.jdbcUrlVia("127.0.0.1", postgres.port()),
                "quarkus.redis.hosts", "redis://127.0.0.1:" + redis.port());
    }

    @Override
    public void stop() {
        try {
            postgres.close();
            redis.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
