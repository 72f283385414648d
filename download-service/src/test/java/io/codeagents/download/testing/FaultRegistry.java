package io.codeagents.download.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * An OCI registry (manifests by tag, blobs by digest with {@code Range}) that misbehaves on purpose, per model: drops
 * the connection every N bytes, stalls one part, corrupts a byte, ignores {@code Range}, redirects blobs to a second
 * "CDN" server, caps each connection's rate. It counts every blob byte it sends (once written to the socket).
 */
public final class FaultRegistry implements AutoCloseable {

    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64})");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    /** How a model's blobs are served. */
    public record Faults(long dropEvery, boolean stallOnce, int corruptTimes, boolean ignoreRange, boolean redirect,
            long bytesPerSecond) {

        public static Faults none() {
            return new Faults(0, false, 0, false, false, 0);
        }

        public Faults withDrops(long bytes) {
            return new Faults(bytes, stallOnce, corruptTimes, ignoreRange, redirect, bytesPerSecond);
        }

        public Faults withStall() {
            return new Faults(dropEvery, true, corruptTimes, ignoreRange, redirect, bytesPerSecond);
        }

        public Faults withCorruption(int times) {
            return new Faults(dropEvery, stallOnce, times, ignoreRange, redirect, bytesPerSecond);
        }

        public Faults withoutRange() {
            return new Faults(dropEvery, stallOnce, corruptTimes, true, redirect, bytesPerSecond);
        }

        public Faults withRedirect() {
            return new Faults(dropEvery, stallOnce, corruptTimes, ignoreRange, true, bytesPerSecond);
        }

        public Faults withRate(long perSecond) {
            return new Faults(dropEvery, stallOnce, corruptTimes, ignoreRange, redirect, perSecond);
        }
    }

    private record Served(byte[] data, Faults faults, AtomicLong bytes, AtomicInteger corruptionsLeft,
            AtomicBoolean stallPending, AtomicInteger requests) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final int sendBuffer;
    private final HttpServer registry;
    private final HttpServer cdn;
    private final Map<String, String> manifests = new ConcurrentHashMap<>();
    private final Map<String, Served> blobs = new ConcurrentHashMap<>();
    private final AtomicLong cdnBytes = new AtomicLong();
    private final AtomicLong totalBytes = new AtomicLong();
    /** Repositories served only with a bearer token from {@code /token}; true: the token service refuses them. */
    private final Map<String, Boolean> tokenRepositories = new ConcurrentHashMap<>();
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> cdnAuthorizations = new CopyOnWriteArrayList<>();
    private final Map<String, String> basicRepositories = new ConcurrentHashMap<>();

    /** What a client sent to the token service. */
    public record TokenRequest(String service, String scope, String authorization) {
    }

    public FaultRegistry() {
        this(0);
    }

    /**
     * With {@code sendBuffer} bytes of socket send buffer per connection (0: the kernel's autotuning, up to
     * {@code net.ipv4.tcp_wmem}'s maximum), which bounds what a client that dies leaves unread in flight.
     */
    public FaultRegistry(int sendBuffer) {
        this.sendBuffer = sendBuffer;
        this.registry = listen(false);
        this.cdn = listen(true);
    }

    public String url() {
        return "http://127.0.0.1:" + registry.actualPort();
    }

    /** Serves the model; {@code faults} apply to its weights layer. */
    public void add(TestModel model, Faults faults) {
        manifests.put(model.repository() + ":" + model.tag(), model.manifest());
        // the faults hit the weights, the blob that matters; the small blobs are served cleanly
        model.blobs().forEach((digest, data) -> {
            Faults applied = digest.equals(model.modelDigest()) ? faults : Faults.none();
            blobs.put(digest, new Served(data, applied, new AtomicLong(), new AtomicInteger(applied.corruptTimes()),
                    new AtomicBoolean(applied.stallOnce()), new AtomicInteger()));
        });
    }

    /**
     * Serves {@code repository} only to requests with a bearer token, as Docker's and OCI registries with a token
     * service do: a 401 challenge names this server's {@code /token}, which hands out tokens ({@code refuse}: answers
     * 401 instead, as for wrong credentials).
     */
    public void requireToken(String repository, boolean refuse) {
        tokenRepositories.put(repository, refuse);
    }

    /**
     * Serves {@code repository} only to requests carrying these Basic credentials, as a registry behind htpasswd does:
     * a 401 with {@code WWW-Authenticate: Basic realm=…} to any other.
     */
    public void requireBasic(String repository, String username, String password) {
        basicRepositories.put(repository, FastPulls.basic(username, password));
    }

    /** Every token handed out so far stops being accepted, as when tokens expire (they live minutes) mid-pull. */
    public void expireTokens() {
        issuedTokens.clear();
    }

    /** What clients sent to the token service for {@code scope}. */
    public List<TokenRequest> tokenRequests(String scope) {
        return tokenRequests.stream().filter(r -> r.scope().equals(scope)).toList();
    }

    /** The {@code Authorization} headers the CDN received (none should reach it). */
    public List<String> cdnAuthorizations() {
        return List.copyOf(cdnAuthorizations);
    }

    /** Serves a manifest alone (its blobs unknown), e.g. one announcing more than the disk holds. */
    public void addManifest(String repository, String tag, String manifest) {
        manifests.put(repository + ":" + tag, manifest);
    }

    /** Blob bytes sent for {@code digest} (by the registry and the CDN). */
    public long bytesServed(String digest) {
        Served served = blobs.get(digest);
        return served == null ? 0 : served.bytes().get();
    }

    public long bytesServed(TestModel model) {
        return model.blobs().keySet().stream().mapToLong(this::bytesServed).sum();
    }

    public long cdnBytes() {
        return cdnBytes.get();
    }

    public long totalBytes() {
        return totalBytes.get();
    }

    public int requests(String digest) {
        Served served = blobs.get(digest);
        return served == null ? 0 : served.requests().get();
    }

    /**
     * Sends {@code data} on {@code response} as a blob response without faults, from a Vert.x event loop: lets a test
     * drive the sender with a response it controls.
     */
    void send(HttpServerResponse response, byte[] data) {
        Served served = new Served(data, Faults.none(), new AtomicLong(), new AtomicInteger(), new AtomicBoolean(),
                new AtomicInteger());
        vertx.runOnContext(v -> new Sender(null, response, served, 0, data.length - 1, -1, false).next());
    }

    private HttpServer listen(boolean isCdn) {
        CountDownLatch ready = new CountDownLatch(1);
        AtomicReference<HttpServer> server = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        HttpServerOptions options = new HttpServerOptions();
        if (sendBuffer > 0) {
            options.setSendBufferSize(sendBuffer);
        }
        vertx.createHttpServer(options).requestHandler(request -> handle(request, isCdn)).listen(0, "127.0.0.1")
                .onComplete(result -> {
                    if (result.succeeded()) {
                        server.set(result.result());
                    } else {
                        failure.set(result.cause());
                    }
                    ready.countDown();
                });
        try {
            if (!ready.await(10, TimeUnit.SECONDS) || failure.get() != null) {
                throw new IllegalStateException("fault registry did not start", failure.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return server.get();
    }

    private void handle(HttpServerRequest request, boolean isCdn) {
        Matcher manifest = MANIFEST.matcher(request.path());
        Matcher blob = BLOB.matcher(request.path());
        if (isCdn && request.getHeader("Authorization") != null) {
            cdnAuthorizations.add(request.getHeader("Authorization"));
        }
        if (!isCdn && request.path().equals("/token")) {
            issueToken(request);
            return;
        }
        String repository = manifest.matches() ? manifest.group(1) : blob.matches() ? blob.group(1) : null;
        String authorization = request.getHeader("Authorization");
        if (!isCdn && repository != null && tokenRepositories.containsKey(repository) && (authorization == null
                || !authorization.startsWith("Bearer ") || !issuedTokens.contains(authorization.substring(7)))) {
            request.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"" + url()
                    + "/token\",service=\"fault-registry\",scope=\"repository:" + repository + ":pull\"").end();
            return;
        }
        if (!isCdn && repository != null && basicRepositories.containsKey(repository)
                && !basicRepositories.get(repository).equals(authorization)) {
            request.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"fault-registry\"")
                    .end();
            return;
        }
        if (!isCdn && manifest.matches()) {
            String body = manifests.get(manifest.group(1) + ":" + manifest.group(2));
            if (body == null) {
                request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
            } else {
                request.response().putHeader("Content-Type", TestModel.MANIFEST_TYPE).end(body);
            }
        } else if (blob.matches() && blobs.containsKey(blob.group(2))) {
            Served served = blobs.get(blob.group(2));
            if (served.faults().redirect() && !isCdn) {
                request.response().setStatusCode(307)
                        .putHeader("Location", "http://127.0.0.1:" + cdn.actualPort() + request.uri()).end();
                return;
            }
            serveBlob(request, served, isCdn);
        } else {
            request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end("{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"unknown\"}]}");
        }
    }

    private void issueToken(HttpServerRequest request) {
        String scope = request.getParam("scope", "");
        tokenRequests.add(new TokenRequest(request.getParam("service"), scope, request.getHeader("Authorization")));
        String repository = scope.replaceFirst("^repository:", "").replaceFirst(":pull$", "");
        if (tokenRepositories.getOrDefault(repository, false)) {
            request.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                    .end("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
            return;
        }
        String token = "t-" + issuedTokens.size() + "-" + System.nanoTime();
        issuedTokens.add(token);
        request.response().putHeader("Content-Type", "application/json")
                .end("{\"token\":\"" + token + "\",\"expires_in\":300}");
    }

    private void serveBlob(HttpServerRequest request, Served served, boolean isCdn) {
        served.requests().incrementAndGet();
        long size = served.data().length;
        long start = 0;
        long end = size - 1;
        HttpServerResponse response = request.response();
        Matcher range = RANGE.matcher(request.getHeader("Range") == null ? "" : request.getHeader("Range"));
        if (range.matches() && !served.faults().ignoreRange()) {
            start = Long.parseLong(range.group(1));
            end = range.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(range.group(2)));
            response.setStatusCode(206).putHeader("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        response.putHeader("Content-Length", Long.toString(end - start + 1)).putHeader("Content-Type",
                "application/octet-stream");
        long stallAt = -1;
        long middle = size / 2;
        if (start <= middle && middle <= end && served.stallPending().compareAndSet(true, false)) {
            stallAt = Math.min(64 * 1024, end - start);
        }
        new Sender(request, response, served, start, end, stallAt, isCdn).next();
    }

    /**
     * Sends one response's bytes, applying the faults, paced when the model's rate is capped. One send loop at a time:
     * when it stops (rate cap or full write queue) it leaves exactly one way to continue, a timer or a one-shot drain
     * handler. A drain handler left registered would fire inside a later {@code response.write} (Netty reports the
     * socket writable again while flushing that write, and Vert.x calls the handler on the same thread at once) and
     * start a second loop before the first one advanced its position: the same chunk sent twice, the bytes after it out
     * of place (what the SIGKILL test found in its partial files).
     */
    private final class Sender {
        private final HttpServerRequest request;
        private final HttpServerResponse response;
        private final Served served;
        private final long end;
        private final long stallAt;
        private final boolean isCdn;
        private final int chunk;
        private long position;
        private long sent;
        private boolean sending;
        private boolean finished;
        private boolean writeFailed;
        private final long startNanos = System.nanoTime();

        Sender(HttpServerRequest request, HttpServerResponse response, Served served, long start, long end, long stallAt,
                boolean isCdn) {
            this.request = request;
            this.response = response;
            this.served = served;
            this.position = start;
            this.end = end;
            this.stallAt = stallAt;
            this.isCdn = isCdn;
            long rate = served.faults().bytesPerSecond();
            this.chunk = rate > 0 ? (int) Math.max(16 * 1024, Math.min(256 * 1024, rate / 100)) : 256 * 1024;
        }

        /** Runs the send loop unless one is already running (then that one goes on) or the response is done. */
        void next() {
            if (sending || finished) {
                return;
            }
            sending = true;
            try {
                send();
            } finally {
                sending = false;
            }
        }

        private void send() {
            Faults faults = served.faults();
            while (position <= end) {
                if (response.closed() || writeFailed) {
                    finished = true;
                    return; // the client went away: what it never asked for again is not counted as served
                }
                if (stallAt >= 0 && sent >= stallAt) {
                    return; // keep the connection open and send nothing more
                }
                if (faults.dropEvery() > 0 && sent >= faults.dropEvery()) {
                    finished = true;
                    request.connection().close();
                    return;
                }
                long limit = end - position + 1;
                if (faults.dropEvery() > 0) {
                    limit = Math.min(limit, faults.dropEvery() - sent);
                }
                if (stallAt >= 0) {
                    limit = Math.min(limit, stallAt - sent);
                }
                int n = (int) Math.min(chunk, limit);
                byte[] bytes = new byte[n];
                System.arraycopy(served.data(), (int) position, bytes, 0, n);
                long corruptAt = served.data().length / 3;
                if (position <= corruptAt && corruptAt < position + n && served.corruptionsLeft().get() > 0
                        && served.corruptionsLeft().getAndDecrement() > 0) {
                    bytes[(int) (corruptAt - position)] ^= 0x5a;
                }
                // the position moves before the write: whatever runs inside it sees the next chunk, never this one
                position += n;
                sent += n;
                // counted once written to the socket: a request read after its client died (sent on a kept-alive
                // connection just before a SIGKILL) gets a response whose writes all fail, and Vert.x does not report
                // it closed, so counting at the call would add a whole range the client never received
                response.write(Buffer.buffer(bytes)).onSuccess(v -> {
                    served.bytes().addAndGet(n);
                    totalBytes.addAndGet(n);
                    if (isCdn) {
                        cdnBytes.addAndGet(n);
                    }
                }).onFailure(e -> writeFailed = true);
                // back pressure first, also when the rate cap would wait anyway: what counts as served is then at most
                // a chunk beyond what the socket took, not a queue growing while the client reads slower than the cap
                if (response.writeQueueFull()) {
                    response.drainHandler(v -> {
                        response.drainHandler(null);
                        next();
                    });
                    return;
                }
                long rate = faults.bytesPerSecond();
                if (rate > 0) {
                    long dueNanos = startNanos + sent * 1_000_000_000L / rate;
                    long waitMillis = (dueNanos - System.nanoTime()) / 1_000_000;
                    if (waitMillis >= 1) {
                        vertx.setTimer(waitMillis, t -> next());
                        return;
                    }
                }
            }
            finished = true;
            response.end();
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
