package io.codeagents.gateway.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.codeagents.common.http.RequestIds;
import io.codeagents.gateway.client.BackendFailure.Kind;
import io.codeagents.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the HTTP backends share: one Vert.x client per backend with a keep-alive pool sized to its concurrency limit,
 * the base URL, the timeouts, and JSON GETs for model lists and probes.
 */
abstract class HttpModelBackend implements ModelBackend {

    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(5);

    protected final String name;
    protected final Vertx vertx;
    protected final GatewayConfig.Backend config;
    private final HttpClient client;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String basePath;
    private final BackendCall.Timeouts timeouts;
    private final String authorization;

    protected HttpModelBackend(String name, Vertx vertx, GatewayConfig.Backend config) {
        this.name = name;
        this.vertx = vertx;
        this.config = config;
        URI uri = URI.create(config.url().orElseThrow());
        this.ssl = "https".equalsIgnoreCase(uri.getScheme());
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getPath() == null ? "" : uri.getPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.authorization = config.apiKey().filter(k -> !k.isBlank()).map(k -> "Bearer " + k).orElse(null);
        this.timeouts = new BackendCall.Timeouts(config.firstTokenTimeout(), config.idleTimeout(), config.totalTimeout());
        HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setSsl(ssl).setTrustAll(false)
                .setConnectTimeout((int) config.connectTimeout().toMillis()).setIdleTimeout(60)
                .setTcpNoDelay(true).setDecompressionSupported(false).setName("gateway-" + name);
        this.client = vertx.createHttpClient(options,
                new PoolOptions().setHttp1MaxSize(Math.max(1, config.maxConcurrent())).setMaxWaitQueueSize(-1));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String url() {
        return config.url().orElse("");
    }

    /** The path under the base URL (a base URL may carry a prefix, e.g. {@code /v1} for OpenAI-compatible servers). */
    protected String path(String path) {
        return basePath + path;
    }

    /** A JSON POST, with the API key if one is configured and the client request's id if it has one. */
    protected RequestOptions post(String path, String requestId) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setSsl(ssl)
                .setURI(path(path)).putHeader("Content-Type", "application/json").putHeader("Accept", "*/*");
        if (requestId != null) {
            options.putHeader(RequestIds.HEADER, requestId);
        }
        if (authorization != null) {
            options.putHeader("Authorization", authorization);
        }
        return options;
    }

    /** Streams a POST for {@code request} through a decoder. */
    protected Uni<TokenStream> stream(InferenceRequest request, String path, JsonObject body, FrameDecoder decoder) {
        return stream(request, path, body.toBuffer(), decoder);
    }

    /** Streams a POST of an already encoded JSON body through a decoder. */
    protected Uni<TokenStream> stream(InferenceRequest request, String path, Buffer body, FrameDecoder decoder) {
        return BackendCall.start(vertx, client, name, post(path, request.requestId()), body, decoder, timeouts);
    }

    /** GET returning JSON, failing with a {@link BackendFailure}. */
    protected Uni<JsonObject> getJson(String path, Duration timeout) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port).setSsl(ssl)
                .setURI(path(path)).setTimeout(timeout.toMillis());
        config.apiKey().filter(k -> !k.isBlank()).ifPresent(k -> options.putHeader("Authorization", "Bearer " + k));
        return Uni.createFrom().completionStage(() -> client.request(options)
                .compose(req -> req.send().compose(resp -> resp.body().map(body -> {
                    if (resp.statusCode() / 100 != 2) {
                        throw HttpErrors.byStatus(name, resp.statusCode(), HttpErrors.excerpt(body.toString()));
                    }
                    try {
                        return body.length() == 0 ? new JsonObject() : new JsonObject(body);
                    } catch (RuntimeException e) {
                        throw new BackendFailure(Kind.INVALID_RESPONSE, name + " answered " + path
                                + " with something that is not JSON: " + HttpErrors.excerpt(body.toString()));
                    }
                }))).toCompletionStage()).onFailure().transform(BackendFailure::of);
    }

    /** GET whose only interest is a 2xx. */
    protected Uni<Void> getOk(String path, Duration timeout) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port).setSsl(ssl)
                .setURI(path(path)).setTimeout(timeout.toMillis());
        return Uni.createFrom().completionStage(() -> client.request(options)
                .compose(req -> req.send().compose(resp -> resp.body().map(body -> {
                    if (resp.statusCode() / 100 != 2) {
                        throw HttpErrors.byStatus(name, resp.statusCode(),
                                HttpErrors.excerpt(body.toString(StandardCharsets.UTF_8)));
                    }
                    return (Void) null;
                }))).toCompletionStage()).onFailure().transform(BackendFailure::of);
    }

    /** The configured models followed by what the backend lists at {@code path}. */
    protected Uni<List<String>> listFrom(String path, Function<JsonObject, List<String>> listed) {
        return getJson(path, LIST_TIMEOUT).map(json -> {
            List<String> names = new ArrayList<>(config.models().orElse(List.of()));
            names.addAll(listed.apply(json));
            return names;
        });
    }

    /** One string field of each object in a JSON array (absent array: none). */
    protected static List<String> names(JsonArray array, String field) {
        List<String> names = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                names.add(array.getJsonObject(i).getString(field));
            }
        }
        return names;
    }

    /** Chat messages as both Ollama and OpenAI take them. */
    protected static JsonArray messagesJson(InferenceRequest request) {
        JsonArray messages = new JsonArray();
        request.messages().forEach(m -> messages.add(new JsonObject().put("role", m.role()).put("content", m.content())));
        return messages;
    }

    @Override
    public void close() {
        client.close();
    }

    /** The JSON content of an SSE {@code data:} line, or null for comments, event names and blank lines. */
    static String sseData(String line) {
        if (!line.startsWith("data:")) {
            return null;
        }
        return line.length() > 5 && line.charAt(5) == ' ' ? line.substring(6) : line.substring(5);
    }
}
