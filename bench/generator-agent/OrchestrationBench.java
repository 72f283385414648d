import java.io.IOException;
import java.io.InputStream;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Orchestration overhead of generator-agent, measured against the packaged jar.
 *
 * <p>A model that answers instantly (OpenAI chat-completions protocol) and a reviewer that answers instantly (the
 * reviewer's /review protocol) run in this process. The model answers a buggy implementation until the prompt carries
 * the failing test's message, so each task takes exactly two iterations, exercising the feedback path.
 *
 * <ul>
 * <li><b>baseline</b>: the same two HTTP calls per iteration (chat completion, then review), made directly by this
 * program with the same concurrency: the cost of the calls alone.</li>
 * <li><b>orchestrated</b>: N tasks submitted at once to generator-agent; every task must reach a final state. Per
 * iteration the service reports its wall time and the time of its two calls; the difference is the orchestration's own
 * overhead (prompt building, extraction, PostgreSQL writes, events, queue hand-off).</li>
 * </ul>
 *
 * Usage: {@code java bench/generator-agent/OrchestrationBench.java [tasks=100] [concurrency=16]} with
 * {@code QUARKUS_DATASOURCE_JDBC_URL} and {@code QUARKUS_REDIS_HOSTS} set (see run.sh). Exits 1 when a task does not
 * reach a final state in time.
 */
public class OrchestrationBench {

    private static final String KEY = "bench-service-key";
    private static final String FAILURE = "assert -1 == 5";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path jar = Path.of("generator-agent/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            System.err.println("Build first: ./mvnw -B -q package -pl generator-agent -DskipTests");
            System.exit(2);
        }
        HttpServer model = fakeModel();
        HttpServer reviewer = fakeReviewer();
        String modelUrl = "http://127.0.0.1:" + model.getAddress().getPort();
        String reviewerUrl = "http://127.0.0.1:" + reviewer.getAddress().getPort();

        List<Double> baseline = baseline(modelUrl, reviewerUrl, tasks, concurrency);

        int port = freePort();
        String stream = "bench-tasks-" + UUID.randomUUID();
        Path log = Path.of("generator-agent/target/bench-generator-agent.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx512m",
                "-jar", jar.toString())).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("CODEAGENTS_API_KEY", KEY);
        env.put("MODEL_GATEWAY_URL", modelUrl);
        env.put("REVIEWER_URL", reviewerUrl);
        env.put("GENERATOR_QUEUE_STREAM", stream);
        env.put("GENERATOR_QUEUE_EVENTS_CHANNEL", stream + "-events");
        env.put("GENERATOR_QUEUE_CONCURRENCY", Integer.toString(concurrency));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("QUARKUS_LOG_LEVEL", "WARN");
        Process service = builder.start();
        String base = "http://127.0.0.1:" + port;
        try {
            awaitReady(base, service);
            // Warm-up: the JVM compiles the hot paths before anything is measured.
            runTasks(base, Math.min(20, tasks), concurrency, Duration.ofSeconds(120));
            Result result = runTasks(base, tasks, concurrency, Duration.ofSeconds(300));
            report(tasks, concurrency, baseline, result, overheadQuantiles(base));
            if (System.getenv("BENCH_TRACE") != null) {
                // One task's steps with their times: where an iteration's time goes.
                System.out.println(send(HttpRequest.newBuilder(URI.create(base + "/tasks/" + result.firstId + "/events"))
                        .GET()).body());
            }
            if (result.unfinished > 0) {
                System.err.println(result.unfinished + " task(s) did not reach a final state");
                System.exit(1);
            }
        } finally {
            service.destroy();
            service.waitFor();
            model.stop(0);
            reviewer.stop(0);
        }
        System.exit(0);
    }

    /** Per-iteration results of one batch. */
    record Result(String firstId, long wallMillis, int unfinished, int succeeded, List<Double> iterationMs, List<Double> overheadMs,
            List<Double> loopOverheadMs, List<Double> taskLatencyMs, List<Double> pickupMs) {
    }

    private static Result runTasks(String base, int count, int concurrency, Duration timeout) throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(Math.min(count, 32));
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        CountDownLatch submitted = new CountDownLatch(count);
        Instant start = Instant.now();
        for (int i = 0; i < count; i++) {
            int n = i;
            submitters.execute(() -> {
                try {
                    String body = "{\"task_description\":\"Write add(a, b) returning the sum, variant " + n
                            + "\",\"language\":\"python\",\"max_iterations\":3}";
                    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/tasks"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
                    if (response.statusCode() != 202) {
                        throw new IllegalStateException("POST /tasks answered " + response.statusCode() + ": "
                                + response.body());
                    }
                    ids.add(field(response.body(), "id"));
                } catch (Exception e) {
                    System.err.println("submit failed: " + e);
                } finally {
                    submitted.countDown();
                }
            });
        }
        submitted.await();
        submitters.shutdown();
        List<String> pending = new ArrayList<>(ids);
        List<String> bodies = new ArrayList<>();
        Instant deadline = start.plus(timeout);
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            List<String> still = new ArrayList<>();
            for (String id : pending) {
                String body = send(HttpRequest.newBuilder(URI.create(base + "/tasks/" + id)).GET()).body();
                String status = field(body, "status");
                if (status.equals("queued") || status.equals("running")) {
                    still.add(id);
                } else {
                    bodies.add(body);
                }
            }
            pending = still;
            if (!pending.isEmpty()) {
                Thread.sleep(50);
            }
        }
        long wall = Duration.between(start, Instant.now()).toMillis();
        List<Double> iterationMs = new ArrayList<>();
        List<Double> overheadMs = new ArrayList<>();
        List<Double> loopOverheadMs = new ArrayList<>();
        List<Double> latencyMs = new ArrayList<>();
        List<Double> pickupMs = new ArrayList<>();
        int succeeded = 0;
        Pattern timing = Pattern.compile("\"generation_ms\":(\\d+),\"review_ms\":(\\d+),\"duration_ms\":(\\d+)");
        for (String body : bodies) {
            if (field(body, "status").equals("succeeded")) {
                succeeded++;
            }
            Instant created = Instant.parse(field(body, "created_at"));
            Instant started = Instant.parse(field(body, "started_at"));
            Instant completed = Instant.parse(field(body, "completed_at"));
            latencyMs.add((double) Duration.between(created, completed).toMillis());
            pickupMs.add((double) Duration.between(created, started).toMillis());
            Matcher m = timing.matcher(body);
            long calls = 0;
            int iterations = 0;
            while (m.find()) {
                long gen = Long.parseLong(m.group(1));
                long review = Long.parseLong(m.group(2));
                long duration = Long.parseLong(m.group(3));
                iterationMs.add((double) duration);
                overheadMs.add((double) Math.max(0, duration - gen - review));
                calls += gen + review;
                iterations++;
            }
            if (iterations > 0) {
                loopOverheadMs.add((double) (Duration.between(started, completed).toMillis() - calls) / iterations);
            }
        }
        return new Result(ids.peek(), wall, count - bodies.size(), succeeded, iterationMs, overheadMs, loopOverheadMs, latencyMs,
                pickupMs);
    }

    /** The two calls of an iteration, made directly, for every iteration the tasks will make (2 per task). */
    private static List<Double> baseline(String modelUrl, String reviewerUrl, int tasks, int concurrency)
            throws Exception {
        List<Double> perIteration = Collections.synchronizedList(new ArrayList<>());
        for (int round = 0; round < 2; round++) {
            perIteration.clear();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            CountDownLatch done = new CountDownLatch(tasks);
            for (int i = 0; i < tasks; i++) {
                pool.execute(() -> {
                    try {
                        for (String prompt : new String[]{"Write add", "Write add. Failing tests: " + FAILURE}) {
                            long start = System.nanoTime();
                            String chat = send(HttpRequest.newBuilder(URI.create(modelUrl + "/v1/chat/completions"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[{\"role\":"
                                            + "\"user\",\"content\":\"" + prompt + "\"}],\"stream\":false}")))
                                    .body();
                            String code = chat.contains("a - b") ? "def add(a, b):\\n    return a - b\\n"
                                    : "def add(a, b):\\n    return a + b\\n";
                            send(HttpRequest.newBuilder(URI.create(reviewerUrl + "/review"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code
                                            + "\",\"tests\":\"t\",\"language\":\"python\",\"run_tests\":true}")));
                            perIteration.add((System.nanoTime() - start) / 1e6);
                        }
                    } catch (Exception e) {
                        System.err.println("baseline call failed: " + e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
            pool.shutdown();
        }
        return new ArrayList<>(perIteration);
    }

    private static void report(int tasks, int concurrency, List<Double> baseline, Result r, double[] warm)
            throws Exception {
        double baseP50 = percentile(baseline, 50);
        double iterP50 = percentile(r.iterationMs, 50);
        System.out.println();
        System.out.printf(Locale.ROOT, "tasks=%d concurrency=%d: %d/%d final (%d succeeded) in %.1f s; %d iterations%n",
                tasks, concurrency, tasks - r.unfinished, tasks, r.succeeded, r.wallMillis / 1000.0, r.iterationMs.size());
        System.out.println();
        System.out.println("| per iteration (ms) | p50 | p90 | p99 |");
        System.out.println("|---|---|---|---|");
        row("baseline: the two calls made directly", baseline);
        row("orchestrated iteration, wall time", r.iterationMs);
        row("orchestration overhead inside an iteration (wall − model − review)", r.overheadMs);
        row("orchestration overhead per iteration over the whole task (claim, events, final write included)",
                r.loopOverheadMs);
        row("task latency, submit → final (2 iterations)", r.taskLatencyMs);
        row("queue pick-up, submit → started", r.pickupMs);
        System.out.println();
        System.out.printf(Locale.ROOT, "ratio orchestrated iteration / baseline iteration (p50): %.2f%n",
                iterP50 / Math.max(baseP50, 0.001));
        System.out.printf(Locale.ROOT,
                "service timer generator_iteration_overhead_seconds (ns precision, includes the iteration's own write; rolling window over both batches): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%n",
                warm[0], warm[1], warm[2]);
    }

    private static void row(String name, List<Double> values) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", name, percentile(values, 50),
                percentile(values, 90), percentile(values, 99));
    }

    /** The service's own timer of the overhead, read from /metrics once the measured batch is done. */
    private static double[] overheadQuantiles(String base) throws Exception {
        String metrics = send(HttpRequest.newBuilder(URI.create(base + "/metrics")).header("Accept", "text/plain").GET())
                .body();
        double[] quantiles = new double[3];
        String[] wanted = {"0.5", "0.9", "0.99"};
        for (int i = 0; i < wanted.length; i++) {
            Matcher m = Pattern.compile("(?m)^generator_iteration_overhead_seconds\\{[^}]*quantile=\"" + Pattern.quote(wanted[i])
                    + "\"[^}]*\\}\\s+(\\S+)").matcher(metrics);
            quantiles[i] = m.find() ? Double.parseDouble(m.group(1)) * 1000 : Double.NaN;
        }
        return quantiles;
    }

    private static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static void awaitReady(String base, Process service) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            if (!service.isAlive()) {
                throw new IllegalStateException("generator-agent exited; see generator-agent/target/bench-generator-agent.log");
            }
            try {
                if (send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).GET()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("generator-agent not ready");
    }

    private static HttpServer fakeModel() throws IOException {
        return serve("/v1/chat/completions", body -> {
            String code = body.contains(FAILURE) ? "def add(a, b):\\n    return a + b\\n" : "def add(a, b):\\n    return a - b\\n";
            String content = "```python\\n" + code + "```\\n```python\\nfrom solution import add\\n\\ndef test_add():\\n"
                    + "    assert add(2, 3) == 5\\n```\\n";
            return "{\"id\":\"b\",\"object\":\"chat.completion\",\"model\":\"qwen2.5-coder:1.5b\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":30,\"total_tokens\":70}}";
        });
    }

    private static HttpServer fakeReviewer() throws IOException {
        return serve("/review", body -> {
            boolean buggy = body.contains("a - b");
            String tests = buggy
                    ? "{\"status\":\"failed\",\"passed\":0,\"failed\":1,\"errors\":0,\"duration_ms\":1,\"failures\":[{\"test\":"
                            + "\"test_add\",\"message\":\"" + FAILURE + "\"}],\"output\":\"1 failed\"}"
                    : "{\"status\":\"passed\",\"passed\":1,\"failed\":0,\"errors\":0,\"duration_ms\":1,\"failures\":[],"
                            + "\"output\":\"1 passed\"}";
            return "{\"id\":\"r\",\"verdict\":\"" + (buggy ? "changes_requested" : "approved") + "\",\"score\":"
                    + (buggy ? 40 : 95) + ",\"summary\":\"s\",\"findings\":[],\"tests\":" + tests
                    + ",\"llm\":null,\"degraded\":[],\"duration_ms\":1}";
        });
    }

    private static HttpServer serve(String path, java.util.function.Function<String, String> answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext(path, (HttpExchange exchange) -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            byte[] reply = answer.apply(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.start();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
