package io.codeagents.download.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a real process, for what only real processes
 * show: SIGKILL in the middle of a pull, restarts, several replicas.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final int port;
    private final Map<String, String> properties;
    private final Path logs;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    public ServiceProcess(int port, String apiKey, Map<String, String> properties, Path logs) {
        this.port = port;
        this.apiKey = apiKey;
        this.properties = properties;
        this.logs = logs;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the jar (with extra properties for this start only) and waits until it is ready. */
    public void start(Map<String, String> once) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port, "-Dcodeagents.api-key=" + apiKey));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        once.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        Files.createDirectories(logs);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve("service-" + (++starts) + ".log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited; see " + logs);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url() + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service did not get ready; see " + logs);
    }

    /** SIGKILL: no shutdown hook, no last checkpoint, nothing released. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public HttpResponse<String> call(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
