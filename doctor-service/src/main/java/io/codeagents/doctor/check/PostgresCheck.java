package io.codeagents.doctor.check;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;
import io.codeagents.doctor.config.ChecksConfig;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/** PostgreSQL answers a query, and how fast (through the doctor's own pool, as the services reach it). */
@ApplicationScoped
public class PostgresCheck implements Check {

    private static final String FIX = "Start PostgreSQL (pg_ctlcluster 15 main start, or docker compose up -d postgres) "
            + "or point QUARKUS_DATASOURCE_JDBC_URL at it; the services reconnect by themselves once it is back";

    private final AgroalDataSource dataSource;
    private final ChecksConfig config;
    private final String where;

    public PostgresCheck(AgroalDataSource dataSource, ChecksConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl) {
        this.dataSource = dataSource;
        this.config = config;
        this.where = withoutCredentials(jdbcUrl);
    }

    @Override
    public String id() {
        return "deps.postgres";
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        return OffEventLoop.run(this::query);
    }

    private Finding query() {
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, config.timeoutFor(id()).toSeconds()));
            String version;
            try (ResultSet rows = statement.executeQuery("show server_version")) {
                rows.next();
                version = rows.getString(1);
            }
            long latency = (System.nanoTime() - start) / 1_000_000;
            boolean slow = latency > config.slowDependency().toMillis();
            String summary = "PostgreSQL " + version + " at " + where + " answered in " + latency + " ms";
            Finding finding = slow
                    ? Finding.warning(summary + " (slow)",
                            "PostgreSQL is slow: look at its load (pg_stat_activity), the disk it writes to, and the "
                                    + "network between it and the services")
                    : Finding.ok(summary);
            return finding.detail("latency_ms", latency).detail("server_version", version).detail("url", where);
        } catch (SQLException | RuntimeException e) {
            return Finding.critical("PostgreSQL at " + where + " is not reachable: " + rootMessage(e), FIX)
                    .detail("url", where);
        }
    }

    @Override
    public Finding timedOut(java.time.Duration deadline) {
        return Finding.critical("PostgreSQL at " + where + " gave no answer within " + deadline.toMillis() + " ms", FIX)
                .detail("url", where);
    }

    /** host:port/database only: a JDBC URL may carry a password in its parameters. */
    static String withoutCredentials(String jdbcUrl) {
        try {
            URI uri = URI.create(jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring(5) : jdbcUrl);
            return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath();
        } catch (IllegalArgumentException e) {
            return "(unparseable JDBC URL)";
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
