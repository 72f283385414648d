package io.codeagents.common.testing;

import java.net.URI;

/**
 * Where the tests find PostgreSQL and Redis: the URLs {@code .ci/run} exports (the same variables the services read),
 * or the local defaults.
 */
public final class Infrastructure {

    private Infrastructure() {
    }

    public static String jdbcUrl() {
        return env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:5432/codeagents");
    }

    public static String redisUrl() {
        return env("QUARKUS_REDIS_HOSTS", "redis://localhost:6379");
    }

    /** Host and port of the JDBC URL, e.g. for a {@link TcpProxy} in front of it. */
    public static URI jdbcAddress() {
        return URI.create(jdbcUrl().substring("jdbc:".length()));
    }

    /** The JDBC URL with its host and port replaced (to go through a proxy). */
    public static String jdbcUrlVia(String host, int port) {
        URI original = jdbcAddress();
        String authority = original.getHost() + (original.getPort() > 0 ? ":" + original.getPort() : "");
        return jdbcUrl().replace(authority, host + ":" + port);
    }

    public static URI redisAddress() {
        return URI.create(redisUrl().split(",")[0].trim());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
