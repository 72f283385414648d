import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * How long GET /doctor takes against the packaged doctor-service, with four fake services on dynamic ports (JDK HTTP
 * servers speaking the agreed API), in two scenarios, each with its baseline measured in the same run:
 *
 * <ul>
 * <li>everything up: the report's wall time against the sum of its checks' own durations (what a doctor running its
 * checks one after the other would take), i.e. what running them in parallel buys;</li>
 * <li>the reviewer hung (answers after 10 s): the report's wall time against the hang, i.e. that one dead dependency
 * costs at most its check's timeout.</li>
 * </ul>
 *
 * Run: {@code bench/doctor-service/run.sh} (it packages nothing: run {@code ./mvnw -pl doctor-service package} first).
 */
public class DoctorBench {

    private static final Pattern DURATION = Pattern.compile("\"duration_ms\":(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "doctor-service/target/quarkus-app/quarkus-run.jar");
        int requests = Integer.parseInt(System.getenv().getOrDefault("BENCH_REQUESTS", "200"));
        int concurrency = Integer.parseInt(System.getenv().getOrDefault("BENCH_CONCURRENCY", "4"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": ./mvnw -B -pl doctor-service package -DskipTests first");
        }
        Fake gateway = new Fake("model-gateway");
        Fake reviewer = new Fake("reviewer-agent");
        Fake generator = new Fake("generator-agent");
        Fake downloads = new Fake("download-service");
        Path models = Files.createTempDirectory("bench-models");
        int port = freePort();
        Process doctor = startDoctor(jar, port, gateway, reviewer, generator, downloads, models);
        try {
            String url = "http://127.0.0.1:" + port;
            awaitReady(url, doctor);
            for (int i = 0; i < 20; i++) {
                get(url + "/doctor"); // warm-up: JIT, pools, first connections
            }
            Result healthy = measure(url, requests, concurrency);
            reviewer.delayMillis = 10_000;
            Result hung = measure(url, Math.max(10, requests / 10), concurrency);
            reviewer.delayMillis = 0;

            System.out.printf(Locale.ROOT, "scenario            requests  p50 ms  p95 ms  max ms  sum-of-checks p50 ms%n");
            healthy.print("everything up");
            hung.print("reviewer hung 10 s");
            System.out.printf(Locale.ROOT, "%nparallel checks: report p50 %.0f ms vs %.0f ms run one after another: %.1fx faster%n",
                    healthy.p(50), healthy.checksP50(), healthy.checksP50() / Math.max(1, healthy.p(50)));
            System.out.printf(Locale.ROOT, "hung reviewer: report p95 %.0f ms vs a 10000 ms hang: %.2f of the hang "
                    + "(bounded by the 1500 ms check timeout)%n", hung.p(95), hung.p(95) / 10_000);
        } finally {
            doctor.destroy();
            doctor.waitFor();
            for (Fake fake : List.of(gateway, reviewer, generator, downloads)) {
                fake.server.stop(0);
            }
        }
        System.exit(0); // the fakes' worker threads would keep the JVM alive
    }

    record Result(List<Long> wallMillis, List<Long> checkSums) {

        double p(int percentile) {
            List<Long> sorted = new ArrayList<>(wallMillis);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
        }

        double checksP50() {
            List<Long> sorted = new ArrayList<>(checkSums);
            Collections.sort(sorted);
            return sorted.get(sorted.size() / 2);
        }

        void print(String name) {
            System.out.printf(Locale.ROOT, "%-20s %8d %7.0f %7.0f %7.0f %21.0f%n", name, wallMillis.size(), p(50), p(95),
                    p(100), checksP50());
        }
    }

    static Result measure(String url, int requests, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            futures.add(pool.submit(() -> {
                long start = System.nanoTime();
                String body = get(url + "/doctor");
                long wall = (System.nanoTime() - start) / 1_000_000;
                Matcher matcher = DURATION.matcher(body);
                List<Long> durations = new ArrayList<>();
                while (matcher.find()) {
                    durations.add(Long.parseLong(matcher.group(1)));
                }
                // every check's duration, then the report's own one last
                long sum = durations.subList(0, durations.size() - 1).stream().mapToLong(Long::longValue).sum();
                return new long[] { wall, sum };
            }));
        }
        List<Long> walls = new ArrayList<>();
        List<Long> sums = new ArrayList<>();
        for (Future<long[]> future : futures) {
            long[] measured = future.get();
            walls.add(measured[0]);
            sums.add(measured[1]);
        }
        pool.shutdown();
        return new Result(walls, sums);
    }

    static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static Process startDoctor(Path jar, int port, Fake gateway, Fake reviewer, Fake generator, Fake downloads,
            Path models) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("CODEAGENTS_AUTH_ENABLED", "false");
        env.put("CODEAGENTS_RATE_LIMIT_ENABLED", "false");
        env.put("DOCTOR_HISTORY_EVERY", "off");
        env.put("MODEL_GATEWAY_URL", gateway.url());
        env.put("REVIEWER_URL", reviewer.url());
        env.put("GENERATOR_URL", generator.url());
        env.put("DOWNLOAD_SERVICE_URL", downloads.url());
        env.put("MODELS_DIR", models.toString());
        env.putIfAbsent("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/doctor_bench");
        Path log = Files.createTempFile("doctor-bench", ".log");
        System.err.println("doctor-service log: " + log);
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitReady(String url, Process doctor) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            if (!doctor.isAlive()) {
                throw new IllegalStateException("the doctor-service exited: see its log");
            }
            try {
                get(url + "/health/ready");
                return;
            } catch (IOException | IllegalStateException notYet) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("the doctor-service did not become ready within 120 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A service as the doctor sees it: health, info, metrics, and the gateway's and download service's status. */
    static final class Fake {
        final String name;
        final HttpServer server;
        volatile long delayMillis;

        Fake(String name) throws IOException {
            this.name = name;
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            server.createContext("/", this::handle);
            server.setExecutor(Executors.newFixedThreadPool(16));
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String path = exchange.getRequestURI().getPath();
            String body = switch (path) {
                case "/health/ready" -> "{\"status\":\"UP\",\"checks\":[]}";
                case "/info" -> "{\"build\":{\"version\":\"1.0.0-SNAPSHOT\"},\"git\":{\"commit\":{\"id\":\"0123456789\"}}}";
                case "/metrics" -> "http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",status=\"200\","
                        + "uri=\"/work\"} 100.0\n";
                case "/v1/backends" -> "{\"backends\":[{\"name\":\"ollama\",\"type\":\"ollama\",\"url\":\"http://x\","
                        + "\"enabled\":true,\"reachable\":true,\"latency_ms\":2,\"breaker\":\"closed\",\"models\":"
                        + "[\"qwen2.5-coder:1.5b\"],\"error\":null}],\"default_model\":\"qwen2.5-coder:1.5b\"}";
                case "/pulls" -> "{\"pulls\":[]}";
                case "/store" -> "{\"models_dir\":\"/models\",\"free_bytes\":1,\"total_bytes\":2,\"partial_files\":[]}";
                default -> null;
            };
            byte[] bytes = (body == null ? "{\"status\":404,\"error_code\":\"RES_001\"}" : body)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", path.equals("/metrics") ? "text/plain" : "application/json");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
