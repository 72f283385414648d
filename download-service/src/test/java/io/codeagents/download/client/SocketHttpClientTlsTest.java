package io.codeagents.download.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.codeagents.download.testing.SelfSignedCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * {@link SocketHttpClient} over TLS, as against {@code registry.ollama.ai} and its CDN: a Vert.x HTTPS server with a
 * {@link SelfSignedCertificate} for {@code localhost}, trusted through {@link TlsTrust} from its PEM file.
 * Ranges and keep-alive work over TLS, a redirect from plain HTTP to HTTPS is followed, and the connection is refused
 * when the certificate is not trusted (the JDK's defaults alone) or names another host.
 */
class SocketHttpClientTlsTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final byte[] BLOB = new byte[3 * 1024 * 1024];
    private static final Set<Object> CONNECTIONS = ConcurrentHashMap.newKeySet();
    private static HttpServer https;
    private static HttpServer plain;
    private static SocketHttpClient trusting;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        for (int i = 0; i < BLOB.length; i++) {
            BLOB[i] = (byte) (i * 31 + i / 4096);
        }
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);

        https = VERTX.createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certificate().toString())
                        .setKeyPath(certificate.key().toString())))
                .requestHandler(request -> {
                    CONNECTIONS.add(request.connection());
                    String range = request.getHeader("Range");
                    if (range == null) {
                        request.response().end(Buffer.buffer(BLOB));
                        return;
                    }
                    String[] bounds = range.substring("bytes=".length()).split("-");
                    int first = Integer.parseInt(bounds[0]);
                    int last = Integer.parseInt(bounds[1]);
                    request.response().setStatusCode(206)
                            .putHeader("Content-Range", "bytes " + first + "-" + last + "/" + BLOB.length)
                            .end(Buffer.buffer(Arrays.copyOfRange(BLOB, first, last + 1)));
                }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        plain = VERTX.createHttpServer().requestHandler(request -> request.response().setStatusCode(307)
                .putHeader("Location", "https://localhost:" + https.actualPort() + "/cdn" + request.path()).end())
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        // the server's certificate as a private registry's CA, in PEM as download.registry.ca-file takes it
        trusting = new SocketHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(5), 0, "test",
                TlsTrust.withCertificatesOf(certificate.certificate()));
    }

    @AfterAll
    static void stop() {
        trusting.close();
        VERTX.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static URI secure(String path) {
        return URI.create("https://localhost:" + https.actualPort() + path);
    }

    private static byte[] read(SocketHttpClient.Response response, int expected) throws Exception {
        try (BodyStream body = response.body()) {
            ByteBuffer buffer = ByteBuffer.allocate(expected + 1);
            while (body.read(buffer) >= 0 && buffer.hasRemaining()) {
                // reads until the body ends
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    @Test
    void rangesArriveByteForByteOverOneKeptConnection() throws Exception {
        read(trusting.get(secure("/warm"), Map.of()), BLOB.length);
        CONNECTIONS.clear();
        List<int[]> ranges = List.of(new int[]{0, 99}, new int[]{1_000_000, 2_999_999},
                new int[]{BLOB.length - 7, BLOB.length - 1});
        for (int[] range : ranges) {
            SocketHttpClient.Response response = trusting.get(secure("/blob"),
                    Map.of("Range", "bytes=" + range[0] + "-" + range[1]));
            assertEquals(206, response.status());
            byte[] got = read(response, range[1] - range[0] + 1);
            assertTrue(Arrays.equals(Arrays.copyOfRange(BLOB, range[0], range[1] + 1), got),
                    "bytes " + range[0] + "-" + range[1] + " differ");
        }
        assertEquals(1, CONNECTIONS.size(), "TLS connections for 3 requests one after the other");
    }

    @Test
    void aRedirectFromPlainHttpToHttpsIsFollowed() throws Exception {
        SocketHttpClient.Response response = trusting
                .get(URI.create("http://127.0.0.1:" + plain.actualPort() + "/blob"), Map.of("Range", "bytes=10-19"));
        assertEquals(206, response.status());
        assertEquals("https", response.uri().getScheme());
        assertTrue(Arrays.equals(Arrays.copyOfRange(BLOB, 10, 20), read(response, 10)));
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        try (SocketHttpClient defaults = new SocketHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(5), 0,
                "test", null)) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> defaults.get(secure("/blob"), Map.of()));
            assertTrue(RegistryClient.certificateRefused(e), "a refused certificate, failed at once: " + e);
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() {
        // trusted, but issued to localhost: 127.0.0.1 is not among its names
        URI byAddress = URI.create("https://127.0.0.1:" + https.actualPort() + "/blob");
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> trusting.get(byAddress, Map.of()));
        assertTrue(RegistryClient.certificateRefused(e), "a refused certificate, failed at once: " + e);
    }

    @Test
    void aServerThatDoesNotSpeakTlsIsNotACertificateProblem() {
        // worth a retry like any broken connection, not the CA advice
        URI plainAsTls = URI.create("https://localhost:" + plain.actualPort() + "/blob");
        IOException e = assertThrows(IOException.class, () -> trusting.get(plainAsTls, Map.of()));
        assertFalse(RegistryClient.certificateRefused(e), e.toString());
    }
}
