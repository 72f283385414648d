import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load generator for the reviewer-agent (run with {@code java ReviewBench.java <base-url> <python> <runner> <site-dirs>},
 * see run.sh):
 *
 * <ol>
 * <li>latency: a trivial passing review (no LLM), end to end over HTTP, one at a time, alternating with the baseline:
 * the same tests run by the same interpreter through the same runner script and flags the sandbox uses
 * ({@code python -S -B run_tests.py}), directly: no service, no sandbox, no static analysis; then reviews back to
 * back, one right after the other;</li>
 * <li>concurrency: 20 reviews at once, repeated, counting failures and measuring throughput.</li>
 * </ol>
 * Figures are printed as a Markdown table for bench/RESULTS.md.
 */
public class ReviewBench {

    static final String CODE = "def add(a: int, b: int) -> int:\n    \"\"\"Return a + b.\"\"\"\n    return a + b\n";
    static final String TESTS = "from solution import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n";
    static final String BODY = "{\"code\":" + json(CODE) + ",\"tests\":" + json(TESTS)
            + ",\"language\":\"python\",\"run_tests\":true,\"llm_review\":false}";

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Baseline bare = new Baseline(args[1], args[2], args[3]);
        int samples = args.length > 4 ? Integer.parseInt(args[4]) : 40;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        HttpClient http = HttpClient.newBuilder().build();
        Path dir = Files.createTempDirectory("reviewbench-");
        Files.writeString(dir.resolve("solution.py"), CODE);
        Files.writeString(dir.resolve("test_solution.py"), TESTS);

        for (int i = 0; i < 5; i++) { // warm-up: JIT, connection, interpreter caches
            review(http, base);
            bare.run(dir);
        }
        List<Long> reviews = new ArrayList<>();
        List<Long> direct = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            reviews.add(review(http, base));
            direct.add(bare.run(dir));
        }
        // one review right after the other, nothing in between: sandboxes started ahead have no time to spare
        List<Long> backToBack = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            backToBack.add(review(http, base));
        }

        int concurrency = 20;
        int failures = 0;
        long totalReviews = 0;
        long totalNanos = 0;
        List<Long> concurrentLatencies = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        for (int round = 0; round < rounds; round++) {
            List<Future<Long>> calls = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < concurrency; i++) {
                calls.add(clients.submit((Callable<Long>) () -> review(http, base)));
            }
            for (Future<Long> call : calls) {
                try {
                    concurrentLatencies.add(call.get());
                } catch (Exception e) {
                    failures++;
                    System.err.println("failed: " + e.getCause());
                }
            }
            totalNanos += System.nanoTime() - started;
            totalReviews += concurrency;
        }
        clients.shutdown();

        double throughput = (totalReviews - failures) / (totalNanos / 1e9);
        double bareThroughput = throughputBaseline(bare, dir, concurrency);
        System.out.println("| measure | reviewer-agent (HTTP + analysis + sandboxed tests + PostgreSQL) | baseline (runner script, no sandbox) | ratio |");
        System.out.println("|---|---|---|---|");
        row("p50 latency, 1 at a time (ms)", pct(reviews, 50), pct(direct, 50));
        row("p90 latency, 1 at a time (ms)", pct(reviews, 90), pct(direct, 90));
        row("p99 latency, 1 at a time (ms)", pct(reviews, 99), pct(direct, 99));
        System.out.printf(Locale.ROOT, "| p50 / p99 latency, back to back (ms) | %d / %d | – | – |%n",
                pct(backToBack, 50), pct(backToBack, 99));
        System.out.printf(Locale.ROOT, "| %d concurrent, %d rounds: failures | %d of %d | – | – |%n", concurrency, rounds,
                failures, totalReviews);
        System.out.printf(Locale.ROOT, "| %d concurrent: p50 / p99 latency (ms) | %d / %d | – | – |%n", concurrency,
                pct(concurrentLatencies, 50), pct(concurrentLatencies, 99));
        System.out.printf(Locale.ROOT, "| throughput, %d concurrent (reviews/s) | %.2f | %.2f | %.2f |%n", concurrency,
                throughput, bareThroughput, throughput / bareThroughput);
        if (failures > 0) {
            System.exit(1);
        }
    }

    static long review(HttpClient http, String base) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/review")).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (response.statusCode() != 200 || !response.body().contains("\"verdict\":\"approved\"")) {
            throw new IOException("review answered " + response.statusCode() + ": " + response.body());
        }
        return ms;
    }

    /** The same tests through the same runner script, interpreter and flags, without the service or the sandbox. */
    record Baseline(String python, String runner, String siteDirs) {
        long run(Path dir) throws IOException, InterruptedException {
            long started = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(python, "-S", "-B", runner, "report.xml").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PYTHONPATH", siteDirs);
            Process process = builder.start();
            if (process.waitFor() != 0) {
                throw new IOException("baseline test run failed in " + dir);
            }
            return (System.nanoTime() - started) / 1_000_000;
        }
    }

    /** Bare runs per second with as many at once as the reviews had. */
    static double throughputBaseline(Baseline bare, Path dir, int concurrency) throws Exception {
        ExecutorService runners = Executors.newFixedThreadPool(concurrency);
        List<Future<Long>> runs = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            Path own = Files.createTempDirectory("reviewbench-");
            Files.copy(dir.resolve("solution.py"), own.resolve("solution.py"));
            Files.copy(dir.resolve("test_solution.py"), own.resolve("test_solution.py"));
            runs.add(runners.submit(() -> bare.run(own)));
        }
        for (Future<Long> run : runs) {
            run.get();
        }
        runners.shutdown();
        return concurrency / ((System.nanoTime() - started) / 1e9);
    }

    static void row(String what, long measured, long baseline) {
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f |%n", what, measured, baseline, (double) measured / baseline);
    }

    static long pct(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
