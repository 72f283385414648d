package io.codeagents.common.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as a real process on a free port against
 * the test PostgreSQL and Redis, for what only real processes show: SIGKILL mid-work, restarts, several replicas, whole
 * chains of services. Settings are environment variables ({@code GATEWAY_OLLAMA_URL}) or, when the name has a dot,
 * configuration properties given as {@code -D} ({@code download.transfer.part-size}). Each start logs to
 * {@code target/it-logs/<name>-<n>.log}. {@link #kill()} is a SIGKILL: no shutdown hook runs, nothing is released.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final String API_KEY = "it-service-key";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Path jar;
    private final int port = freePort();
    private final Map<String, String> settings;
    private final Path logs = Path.of("target", "it-logs");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    /** A service not started yet: {@link #start(Map)} starts it, and starts it again after a {@link #kill()}. */
    public ServiceProcess(String name, Path jar, Map<String, String> settings) {
        this.name = name;
        this.jar = jar;
        this.settings = Map.copyOf(settings);
    }

    /** Starts {@code jar} and waits until it is ready. */
    public static ServiceProcess start(String name, Path jar, Map<String, String> settings) {
        ServiceProcess service = new ServiceProcess(name, jar, settings);
        try {
            service.start(Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return service;
    }

    /** The packaged jar of a module of this repository (the reactor packages it before the module's ITs run). */
    public static Path jarOf(String module) {
        return Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
    }

    /** Starts the jar, with {@code once} added to the settings for this start only, and waits until it is ready. */
    public void start(Map<String, String> once) throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        all.put("QUARKUS_DATASOURCE_JDBC_URL", Infrastructure.jdbcUrl());
        all.put("QUARKUS_REDIS_HOSTS", Infrastructure.redisUrl());
        all.put("CODEAGENTS_API_KEY", API_KEY);
        all.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        all.putAll(settings);
        all.putAll(once);
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin"
                + File.separator + "java", "-Xmx512m", "-XX:TieredStopAtLevel=1"));
        all.forEach((key, value) -> {
            if (key.contains(".")) {
                command.add("-D" + key + "=" + value);
            }
        });
        command.addAll(List.of("-jar", jar.toString()));
        Files.createDirectories(logs);
        Path log = logs.resolve(name + "-" + (++starts) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        all.forEach((key, value) -> {
            if (!key.contains(".")) {
                builder.environment().put(key, value);
            }
        });
        process = builder.start();
        awaitReady(log);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** A call with the service's API key and a JSON body (or none). */
    public HttpResponse<String> call(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Path log) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited at start; see " + log.toAbsolutePath());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url() + "/health/ready")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException(name + " not ready within " + READY_TIMEOUT + "; see " + log.toAbsolutePath());
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
