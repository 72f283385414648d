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
 * [gateway-pid [baseline-url baseline-pid]]. With the gateway's pid it also reports the gateway's CPU time per request
 * over the measured rounds (warm-up excluded). With a baseline gateway (another build, e.g. before a change) its phases
 * are interleaved with the gateway's, so both see the same machine load, and a before/after table follows.
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

        java.net.URI baselineUri = args.length > 5 ? java.net.URI.create(args[5]) : null;
        Target baseline = baselineUri == null ? null : new Target("baseline", baselineUri.getHost(),
                baselineUri.getPort(), viaGateway.path, viaGateway.body, false);
        Target baselineStream = baselineUri == null ? null : new Target("baseline-stream", baselineUri.getHost(),
                baselineUri.getPort(), gatewayStream.path, gatewayStream.body, true);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(clients * 2));
        // the JIT needs thousands of requests through the gateway before its figures mean anything
        int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "20"));
        System.out.printf("warm-up (%d clients, %d s each target)%n", clients, warmup);
        List<Target> warmed = new ArrayList<>(List.of(direct, viaGateway, directStream, gatewayStream));
        if (baseline != null) {
            warmed.addAll(List.of(baseline, baselineStream));
        }
        for (Target t : warmed) {
            run(vertx, client, t, clients, warmup);
        }
        long gatewayPid = args.length > 4 ? Long.parseLong(args[4]) : -1;
        long baselinePid = args.length > 6 ? Long.parseLong(args[6]) : -1;
        double cpuBefore = cpuSeconds(gatewayPid);
        double baselineCpuBefore = cpuSeconds(baselinePid);
        double gatewayCpu = 0, baselineCpu = 0;
        List<Result> d = new ArrayList<>(), g = new ArrayList<>(), ds = new ArrayList<>(), gs = new ArrayList<>();
        List<Result> b = new ArrayList<>(), bs = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            d.add(run(vertx, client, direct, clients, seconds));
            double cpu = cpuSeconds(gatewayPid);
            g.add(run(vertx, client, viaGateway, clients, seconds));
            gatewayCpu += cpuSeconds(gatewayPid) - cpu;
            if (baseline != null) {
                cpu = cpuSeconds(baselinePid);
                b.add(run(vertx, client, baseline, clients, seconds));
                baselineCpu += cpuSeconds(baselinePid) - cpu;
            }
            ds.add(run(vertx, client, directStream, clients, seconds));
            cpu = cpuSeconds(gatewayPid);
            gs.add(run(vertx, client, gatewayStream, clients, seconds));
            gatewayCpu += cpuSeconds(gatewayPid) - cpu;
            if (baseline != null) {
                cpu = cpuSeconds(baselinePid);
                bs.add(run(vertx, client, baselineStream, clients, seconds));
                baselineCpu += cpuSeconds(baselinePid) - cpu;
            }
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
        if (gatewayPid > 0) {
            long through = rg.requests + rgs.requests;
            System.out.printf("%ngateway CPU during its own measured phases: %.2f s for %d requests = %.3f ms per "
                    + "request%n", gatewayCpu, through, gatewayCpu * 1000 / through);
        }
        if (baseline != null) {
            Result rb = merge(b), rbs = merge(bs);
            System.out.println();
            System.out.println("| measure | baseline gateway | gateway | gateway − baseline / ratio |");
            System.out.println("|---|---|---|---|");
            row("latency p50 (ms)", pct(rb, 50), pct(rg, 50));
            row("latency p99 (ms)", pct(rb, 99), pct(rg, 99));
            double tb = rb.requests / rb.seconds;
            System.out.printf("| throughput (req/s) | %.0f | %.0f | %.3f× |%n", tb, tg, tg / tb);
            row("time to first token p50 (ms)", pct(rbs, 50), pct(rgs, 50));
            row("time to first token p99 (ms)", pct(rbs, 99), pct(rgs, 99));
            long baselineThrough = rb.requests + rbs.requests, through = rg.requests + rgs.requests;
            double before = baselineCpu * 1000 / baselineThrough, after = gatewayCpu * 1000 / through;
            System.out.printf("| gateway CPU per request (ms) | %.3f | %.3f | %.3f× |%n", before, after, after / before);
            System.out.printf("| errors | %d | %d | |%n", rb.errors + rbs.errors, rg.errors + rgs.errors);
        }
        client.close();
        vertx.close();
    }

    /** User + system CPU seconds the process used so far ({@code /proc/<pid>/stat}, clock ticks of 100 Hz). */
    static double cpuSeconds(long pid) throws java.io.IOException {
        if (pid <= 0) {
            return 0;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields after the command name start at field 3 (state): utime is field 14, stime field 15
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
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
