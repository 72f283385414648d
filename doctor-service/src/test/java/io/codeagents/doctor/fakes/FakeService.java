package io.codeagents.doctor.fakes;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A codeagents service as the doctor sees it over HTTP, on a dynamic port: {@code /health/ready}, {@code /info},
 * {@code /metrics} as documented, plus whatever a subclass answers. Tests switch it off (connection refused), make it
 * hang, not ready, or erroring, and read the requests it received.
 */
public class FakeService {

    /** A request the fake received. */
    public record Received(String method, String path, String body, String authorization) {
    }

    /** An answer: status, content type, body. */
    public record Answer(int status, String contentType, String body) {

        public static Answer json(int status, Object body) {
            try {
                return new Answer(status, "application/json", MAPPER.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** An answer for requests whose method and path match, taking precedence over the built-in ones. */
    private record Route(String method, Pattern path, Pattern body, Answer answer) {
    }

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final String name;
    private final Vertx vertx;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private volatile HttpServer server;
    private volatile int port;

    private volatile int readyStatus;
    private volatile String readyBody;
    private volatile long delayMillis;
    private volatile Pattern slowPath;
    private volatile String metricsText;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public FakeService(String name, Vertx vertx) {
        this.name = name;
        this.vertx = vertx;
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Healthy, fast, a little successful traffic; nothing received; listening again if it was stopped. */
    public void reset() {
        readyStatus = 200;
        readyBody = "{\"status\":\"UP\",\"checks\":[{\"name\":\"Database connections health check\",\"status\":\"UP\"},"
                + "{\"name\":\"redis\",\"status\":\"UP\",\"data\":{\"required\":false}}]}";
        delayMillis = 0;
        slowPath = null;
        metricsText = null;
        served.set(100);
        failed.set(0);
        received.clear();
        routes.clear();
        if (server == null && port > 0) {
            start();
        }
    }

    public void start() {
        HttpServer created = vertx.createHttpServer().requestHandler(this::handle);
        try {
            server = created.listen(port).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake " + name + " cannot listen on " + port, e);
        }
        port = server.actualPort();
    }

    /** Nothing listens any more: callers get "connection refused". {@link #reset()} brings it back on the same port. */
    public void stop() {
        HttpServer running = server;
        server = null;
        if (running != null) {
            try {
                running.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Answers {@code method} requests whose path matches {@code pathRegex} so (the newest route wins). */
    public void route(String method, String pathRegex, Answer answer) {
        route(method, pathRegex, "(?s).*", answer);
    }

    /** As {@link #route(String, String, Answer)}, for requests whose body also matches {@code bodyRegex}. */
    public void route(String method, String pathRegex, String bodyRegex, Answer answer) {
        routes.add(0, new Route(method, Pattern.compile(pathRegex), Pattern.compile(bodyRegex), answer));
    }

    /** Every answer comes this late (longer than the doctor's timeout: the service hangs). */
    public void delay(long millis) {
        delay(".*", millis);
    }

    /** Answers to paths matching {@code pathRegex} come this late. */
    public void delay(String pathRegex, long millis) {
        slowPath = Pattern.compile(pathRegex);
        delayMillis = millis;
    }

    public void notReady(String checkName, String error) {
        readyStatus = 503;
        readyBody = "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"" + checkName + "\",\"status\":\"DOWN\",\"data\":"
                + "{\"error\":\"" + error + "\"}}]}";
    }

    public void degraded(String note) {
        readyBody = "{\"status\":\"UP\",\"checks\":[{\"name\":\"redis\",\"status\":\"UP\",\"data\":{\"required\":false,"
                + "\"degraded\":\"" + note + "\"}}]}";
    }

    /** Adds user traffic to the counters /metrics shows: {@code ok} 2xx answers and {@code errors} 502 answers. */
    public void traffic(long ok, long errors) {
        served.addAndGet(ok);
        failed.addAndGet(errors);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String text = body.toString();
            received.add(new Received(request.method().name(), request.path(), text, request.getHeader("Authorization")));
            String method = request.method().name().toUpperCase(Locale.ROOT);
            Answer answer = routes.stream()
                    .filter(r -> r.method().equals(method) && r.path().matcher(request.path()).matches()
                            && r.body().matcher(text).matches())
                    .map(Route::answer).findFirst().orElseGet(() -> answer(method, request.path(), text));
            if (delayMillis > 0 && slowPath.matcher(request.path()).matches()) {
                vertx.setTimer(delayMillis, t -> send(request, answer));
            } else {
                send(request, answer);
            }
        });
    }

    private static void send(HttpServerRequest request, Answer answer) {
        if (request.response().closed()) {
            return;
        }
        request.response().setStatusCode(answer.status()).putHeader("Content-Type", answer.contentType())
                .end(Buffer.buffer(answer.body()));
    }

    /** The documented endpoints every service has; subclasses add theirs and fall back to this. */
    protected Answer answer(String method, String path, String body) {
        return switch (path) {
            case "/health/ready" -> new Answer(readyStatus, "application/json", readyBody);
            case "/health/live" -> new Answer(200, "application/json", "{\"status\":\"UP\",\"checks\":[]}");
            case "/info" -> Answer.json(200, Map.of("git", Map.of("branch", "main", "commit",
                    Map.of("id", "0123456789abcdef")), "build", Map.of("version", "1.0.0-SNAPSHOT")));
            case "/metrics" -> new Answer(200, "text/plain; version=0.0.4", metrics());
            default -> notFound(path);
        };
    }

    protected static Answer notFound(String path) {
        return new Answer(404, "application/problem+json",
                "{\"status\":404,\"error_code\":\"RES_001\",\"detail\":\"No resource at " + path + "\"}");
    }

    private String metrics() {
        if (metricsText != null) {
            return metricsText;
        }
        return "# HELP http_server_requests_seconds\n# TYPE http_server_requests_seconds summary\n"
                + "http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",status=\"200\",uri=\"/work\"} "
                + served.get() + ".0\n"
                + "http_server_requests_seconds_count{method=\"POST\",outcome=\"SERVER_ERROR\",status=\"502\",uri=\"/work\"} "
                + failed.get() + ".0\n"
                + "http_server_requests_seconds_count{method=\"GET\",outcome=\"SERVER_ERROR\",status=\"503\",uri=\"/health/ready\"} 500.0\n"
                + "# TYPE jvm_memory_used_bytes gauge\njvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"} 1.0E7\n";
    }
}
