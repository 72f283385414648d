package io.codeagents.download.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.codeagents.common.concurrent.DaemonThreads;

/**
 * HTTP/1.1 {@code GET}s whose response is read by the calling thread from a connection of its own. The JDK's
 * {@code HttpClient} reads every connection on one selector thread into fresh 16 KiB heap buffers and hands each one to
 * the reader through a queue: on two cores that cost 3–4 CPU seconds per GiB, four times what a socket read into a
 * direct buffer followed by a positional write costs (the profile is in bench/RESULTS.md). Redirects are followed
 * (relative or to another host, as to a CDN), {@code https} goes through the JDK's TLS with host name verification.
 * A connection whose response was read to its end is kept for the next request to the same server, as the JDK's client
 * does: a new TCP (and TLS) handshake per part would cost a round trip or three per part on a real network.
 */
public final class SocketHttpClient implements AutoCloseable {

    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_HEAD_LINES = 200;
    /** Idle connections kept per server, and for how long: servers close theirs after 5 to 120 s of silence. */
    private static final int MAX_IDLE_PER_SERVER = 32;
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(4);

    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int receiveBuffer;
    private final String userAgent;
    /** The TLS context of {@code https} connections; null: the JDK's default (its trust store, javax.net.ssl.*). */
    private final SSLContext tlsContext;
    private final Map<String, Deque<Idle>> idle = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
            DaemonThreads.named("http-deadlines"));

    /**
     * {@code receiveBuffer}: the TCP receive buffer of every connection, 0 for the kernel's autotuning; {@code tls}: the
     * context {@code https} connections are made by, null for the JDK's default.
     */
    public SocketHttpClient(Duration connectTimeout, Duration responseTimeout, int receiveBuffer, String userAgent,
            SSLContext tls) {
        this.tlsContext = tls;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.receiveBuffer = receiveBuffer;
        this.userAgent = userAgent;
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /** A response: its status, head fields (names in lower case), the URI that answered, and the unread body. */
    public record Response(int status, Map<String, List<String>> headers, URI uri, BodyStream body) {
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    /**
     * Sends {@code GET uri} with {@code headers} and returns once the response's head arrived, after following up to
     * five redirects. The headers go to each hop, except {@code Authorization}, which stops at the first hop to another
     * origin: a registry's token is for the registry, not for the CDN it sends blobs from (which would refuse a request
     * carrying it next to its own signed URL, or worse, keep it). The caller closes the body. Waiting for the head
     * longer than the response timeout is an {@link HttpTimeoutException}.
     */
    public Response get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        URI target = uri;
        Map<String, String> sent = headers;
        for (int hop = 0;; hop++) {
            Response response = exchange(target, sent);
            Optional<String> location = response.header("location");
            if (!isRedirect(response.status()) || location.isEmpty() || hop == MAX_REDIRECTS) {
                return response;
            }
            response.body().close();
            URI next = target.resolve(location.get().trim());
            if (!origin(next).equals(origin(target))) {
                sent = withoutAuthorization(sent);
            }
            target = next;
        }
    }

    /** {@code scheme://host:port}, the port made explicit: what a connection is kept for and a token is bound to. */
    static String origin(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme(uri) + "://" + host + ":" + port(uri);
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : scheme(uri).equals("https") ? 443 : 80;
    }

    private static Map<String, String> withoutAuthorization(Map<String, String> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Authorization")) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** An open connection to {@code key} (scheme://host:port): the socket, read and written directly or through TLS. */
    record Connection(String key, SocketChannel socket, ReadableByteChannel in, WritableByteChannel out) {
        void close() {
            closeQuietly(socket);
        }
    }

    private Response exchange(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        String scheme = scheme(uri);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IOException("cannot fetch " + uri + ": only http and https URLs are supported");
        }
        boolean tls = scheme.equals("https");
        String host = uri.getHost();
        int port = port(uri);
        String key = origin(uri);
        String request = request(uri, host, port, tls, headers);
        Connection idle;
        while ((idle = takeIdle(key)) != null) {
            try {
                return send(idle, key, uri, port, request, tls);
            } catch (HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                // the server closed the idle connection meanwhile: the request is a GET, ask again
            }
        }
        return send(null, key, uri, port, request, tls);
    }

    /**
     * Sends {@code request} on {@code connection} (null: a new one, connected here) and reads the head; the response
     * timeout runs from after the connect to the end of the head.
     */
    private Response send(Connection connection, String key, URI uri, int port, String request, boolean tls)
            throws IOException, InterruptedException {
        String host = uri.getHost();
        SocketChannel socket = connection != null ? connection.socket() : SocketChannel.open();
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = null;
        try {
            Connection open = connection;
            if (open == null) {
                if (receiveBuffer > 0) {
                    socket.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
                }
                socket.socket().connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            }
            deadline = deadlines.schedule(() -> {
                late.set(true);
                closeQuietly(socket);
            }, responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (open == null) {
                open = tls ? overTls(key, socket, host, port) : new Connection(key, socket, socket, socket);
            }
            ByteBuffer bytes = StandardCharsets.ISO_8859_1.encode(request);
            while (bytes.hasRemaining()) {
                open.out().write(bytes);
            }
            BodyStream body = new BodyStream(open, this::giveBack);
            Response response = readHead(uri, body);
            deadline.cancel(false);
            return response;
        } catch (ClosedByInterruptException e) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting for " + host + ":" + port);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            if (late.get()) {
                throw new HttpTimeoutException("no response from " + host + ":" + port + " within "
                        + responseTimeout.toSeconds() + " s");
            }
            throw e;
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
    }

    private Connection overTls(String key, SocketChannel socket, String host, int port) throws IOException {
        SSLSocket ssl = (SSLSocket) sslContext().getSocketFactory().createSocket(socket.socket(), host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return new Connection(key, socket, Channels.newChannel(ssl.getInputStream()),
                Channels.newChannel(ssl.getOutputStream()));
    }

    private Connection takeIdle(String key) {
        Deque<Idle> connections = idle.get(key);
        Idle next;
        while (connections != null && (next = connections.pollFirst()) != null) {
            if (System.nanoTime() - next.since() < MAX_IDLE_NANOS && next.connection().socket().isOpen()) {
                return next.connection();
            }
            next.connection().close();
        }
        return null;
    }

    private void giveBack(Connection connection) {
        Deque<Idle> connections = idle.computeIfAbsent(connection.key(), k -> new ConcurrentLinkedDeque<>());
        connections.addFirst(new Idle(connection, System.nanoTime()));
        while (connections.size() > MAX_IDLE_PER_SERVER) {
            Idle oldest = connections.pollLast();
            if (oldest != null) {
                oldest.connection().close();
            }
        }
    }

    private record Idle(Connection connection, long since) {
    }

    private String request(URI uri, String host, int port, boolean tls, Map<String, String> headers) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder request = new StringBuilder("GET ").append(path);
        if (uri.getRawQuery() != null) {
            request.append('?').append(uri.getRawQuery());
        }
        // URI.getHost() keeps the brackets of an IPv6 literal, as the Host field wants them
        request.append(" HTTP/1.1\r\nHost: ").append(host);
        if (port != (tls ? 443 : 80)) {
            request.append(':').append(port);
        }
        request.append("\r\nUser-Agent: ").append(userAgent).append("\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        return request.append("\r\n").toString();
    }

    private static Response readHead(URI uri, BodyStream body) throws IOException {
        String statusLine = body.readLine();
        // "HTTP/1.1 206 Partial Content"
        String[] words = statusLine.split(" ", 3);
        int status;
        try {
            status = words.length >= 2 && words[0].startsWith("HTTP/") ? Integer.parseInt(words[1]) : -1;
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status < 100 || status > 999) {
            throw new IOException("not an HTTP response from " + uri.getAuthority() + ": '" + statusLine + "'");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int lines = 0;; lines++) {
            String line = body.readLine();
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || lines == MAX_HEAD_LINES) {
                throw new IOException("an unreadable response head from " + uri.getAuthority() + " ('" + line + "')");
            }
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        if (status < 200) {
            // 100 Continue and friends precede the real response
            return readHead(uri, body);
        }
        Response response = new Response(status, headers, uri, body);
        boolean chunked = response.header("transfer-encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false);
        long length;
        try {
            length = status == 204 || status == 304 ? 0 : response.header("content-length").map(Long::parseLong).orElse(-1L);
        } catch (NumberFormatException e) {
            throw new IOException("an unreadable Content-Length from " + uri.getAuthority());
        }
        boolean keepAlive = !response.header("connection").map(v -> v.toLowerCase(Locale.ROOT).contains("close"))
                .orElse(false) && !statusLine.startsWith("HTTP/1.0");
        body.frame(length, chunked, keepAlive);
        return response;
    }

    private SSLContext sslContext() throws IOException {
        if (tlsContext != null) {
            return tlsContext;
        }
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException("no TLS in this Java runtime", e);
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        idle.values().forEach(connections -> connections.forEach(i -> i.connection().close()));
    }
}
