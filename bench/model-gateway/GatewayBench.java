import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Closed-loop load generator: C clients each send a request, wait for the whole answer, send the next. Phases
 * alternate direct-to-backend and through-the-gateway (side by side in one run), and the results per target are
 * pooled. Usage: java -cp model-testkit.jar GatewayBench.java <ollama-url> <gateway-url> [clients] [seconds-per-phase]
 */
public class GatewayBench {

    record Target(String name, String host, int port, String path, String body, boolean stream) {
    }

    record Result(List<Long> latenciesNanos, long requests, long errors, double seconds) {
    }

    public static void main(String[] args) throws Exception {
        java.net.URI ollama = java.net.URI.create(args[0]);
        java.net.URI gateway = java.net.URI.create(args[1]);
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        String model = "qwen2.5-coder:1.5b";
        String messages = "[{\"role\":\"user\",\"content\":\"write add\"}]";
        Target direct = new Target("direct", ollama.getHost(), ollama.getPort(), "/api/chat",
                "{\"model\":\"" + model + "\",\"stream\":false,\"messages\":" + messages + "}", false);
        Target viaGateway = new Target("gateway", gateway.getHost(), gateway.getPort(), "/v1/chat/completions",
                "{\"model\":\"ollama/" + model + "\",\"stream\":false,\"messages\":" + messages + "}", false);
        Target directStream = new Target("direct-stream", ollama.getHost(), ollama.getPort(), "/api/chat",
                "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":" + messages + "}", true);
        Target gatewayStream = new Target("gateway-stream", gateway.getHost(), gateway.getPort(),
                "/v1/chat/completions",
                "{\"model\":\"ollama/" + model + "\",\"stream\":true,\"messages\":" + messages + "}", true);

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(clients * 2));
        // the JIT needs thousands of requests through the gateway before its figures mean anything
        int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "20"));
        System.out.printf("warm-up (%d clients, %d s each target)%n", clients, warmup);
        for (Target t : List.of(direct, viaGateway, directStream, gatewayStream)) {
            run(vertx, client, t, clients, warmup);
        }
        List<Result> d = new ArrayList<>(), g = new ArrayList<>(), ds = new ArrayList<>(), gs = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            d.add(run(vertx, client, direct, clients, seconds));
            g.add(run(vertx, client, viaGateway, clients, seconds));
            ds.add(run(vertx, client, directStream, clients, seconds));
            gs.add(run(vertx, client, gatewayStream, clients, seconds));
        }
        Result rd = merge(d), rg = merge(g), rds = merge(ds), rgs = merge(gs);
        System.out.println();
        System.out.println("| measure | direct to backend | through gateway | gateway − direct / ratio |");
        System.out.println("|---|---|---|---|");
        row("latency p50 (ms)", pct(rd, 50), pct(rg, 50));
        row("latency p99 (ms)", pct(rd, 99), pct(rg, 99));
        double td = rd.requests / rd.seconds, tg = rg.requests / rg.seconds;
        System.out.printf("| throughput (req/s) | %.0f | %.0f | %.3f× |%n", td, tg, tg / td);
        row("time to first token p50 (ms)", pct(rds, 50), pct(rgs, 50));
        row("time to first token p99 (ms)", pct(rds, 99), pct(rgs, 99));
        System.out.printf("| errors | %d | %d | |%n", rd.errors + rds.errors, rg.errors + rgs.errors);
        client.close();
        vertx.close();
    }

    static void row(String name, double direct, double gateway) {
        System.out.printf("| %s | %.2f | %.2f | %+.2f ms |%n", name, direct, gateway, gateway - direct);
    }

    static double pct(Result r, double p) {
        long[] sorted = r.latenciesNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1_000_000.0;
    }

    static Result merge(List<Result> results) {
        List<Long> all = new ArrayList<>();
        long requests = 0, errors = 0;
        double seconds = 0;
        for (Result r : results) {
            all.addAll(r.latenciesNanos);
            requests += r.requests;
            errors += r.errors;
            seconds += r.seconds;
        }
        return new Result(all, requests, errors, seconds);
    }

    /** Runs one target for the given time; for streams the latency recorded is the time to the first token. */
    static Result run(Vertx vertx, HttpClient client, Target target, int clients, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong requests = new AtomicLong(), errors = new AtomicLong();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done.add(finished);
            vertx.runOnContext(v -> loop(client, target, deadline, latencies, requests, errors, finished));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(seconds + 30L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("  %-15s %6d requests, %d errors in %.1f s%n", target.name, requests.get(), errors.get(),
                elapsed);
        return new Result(new ArrayList<>(latencies), requests.get(), errors.get(), elapsed);
    }

    static void loop(HttpClient client, Target target, long deadline, List<Long> latencies, AtomicLong requests,
            AtomicLong errors, CompletableFuture<Void> finished) {
        if (System.nanoTime() >= deadline) {
            finished.complete(null);
            return;
        }
        long sent = System.nanoTime();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(target.host)
                .setPort(target.port).setURI(target.path).putHeader("Content-Type", "application/json");
        client.request(options).compose(req -> req.send(Buffer.buffer(target.body))).onComplete(ar -> {
            if (ar.failed() || ar.result().statusCode() != 200) {
                errors.incrementAndGet();
                if (ar.succeeded()) {
                    ar.result().body();
                }
                loop(client, target, deadline, latencies, requests, errors, finished);
                return;
            }
            boolean[] first = {false};
            ar.result().handler(buf -> {
                // the first chunk holding model text: Ollama's first line, the gateway's first content delta
                if (target.stream && !first[0] && buf.toString().contains("\"content\":\"def")) {
                    first[0] = true;
                    latencies.add(System.nanoTime() - sent);
                }
            });
            ar.result().endHandler(v -> {
                requests.incrementAndGet();
                if (!target.stream) {
                    latencies.add(System.nanoTime() - sent);
                }
                loop(client, target, deadline, latencies, requests, errors, finished);
            });
            ar.result().exceptionHandler(e -> errors.incrementAndGet());
        });
    }
}
