package io.codeagents.download.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import io.codeagents.common.testing.ServiceProcess;
import io.codeagents.download.client.TlsTrust;

/**
 * Debian's {@code docker-registry} (the CNCF distribution registry) started as a process on a free port with its own
 * config and storage, and models pushed into it through the OCI upload API exactly as {@code ollama push} does: each
 * blob with {@code POST /v2/<repo>/blobs/uploads/} and {@code PUT <location>?digest=}, then the manifest.
 */
public final class OciRegistry implements AutoCloseable {

    public static final String BINARY = "/usr/bin/docker-registry";

    private final Path dir;
    private final int port;
    private final Path certificate;
    private final Process process;
    private final HttpClient http;
    /** What the pushes here send when the registry wants Basic credentials, else null. */
    private final String authorization;

    /**
     * With {@code tls}, the registry serves HTTPS under a {@link SelfSignedCertificate} for {@code localhost}
     * ({@link #certificate()}, trusted by the pushes here), as a private registry behind its own CA does. With a
     * {@code username}, it serves only requests with that user's Basic credentials (its {@code htpasswd} auth, bcrypt as
     * {@code htpasswd -B} writes it), as a private registry without a token service does.
     */
    public OciRegistry(Path dir, boolean tls, String username, String password) throws IOException, InterruptedException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("storage"));
        this.port = ServiceProcess.freePort();
        List<String> config = new ArrayList<>(List.of(
                "version: 0.1",
                "log:",
                "  level: warn",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + dir.resolve("storage"),
                "  delete:",
                "    enabled: true",
                "http:",
                "  addr: 127.0.0.1:" + port));
        HttpClient.Builder client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER);
        Path served = null;
        if (tls) {
            SelfSignedCertificate made = SelfSignedCertificate.create(dir);
            served = made.certificate();
            config.addAll(List.of("  tls:", "    certificate: " + made.certificate(), "    key: " + made.key()));
            client.sslContext(TlsTrust.withCertificatesOf(made.certificate()));
        }
        this.certificate = served;
        this.http = client.build();
        this.authorization = username == null ? null : FastPulls.basic(username, password);
        if (username != null) {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            Path htpasswd = dir.resolve("htpasswd");
            // cost 4: the registry checks the password on every request, parts included
            Files.writeString(htpasswd, username + ":" + OpenBSDBCrypt.generate(password.toCharArray(), salt, 4) + "\n");
            config.addAll(List.of("auth:", "  htpasswd:", "    realm: codeagents-test", "    path: " + htpasswd));
        }
        Path file = dir.resolve("config.yml");
        Files.writeString(file, String.join("\n", config) + "\n");
        this.process = new ProcessBuilder(BINARY, "serve", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        awaitUp();
    }

    public String url() {
        return (certificate == null ? "http://127.0.0.1:" : "https://localhost:") + port;
    }

    /** The PEM certificate an HTTPS registry serves under (its own CA), or null for plain HTTP. */
    public Path certificate() {
        return certificate;
    }

    /** Pushes every blob of the model, then its manifest under its tag. */
    public void push(TestModel model) throws IOException, InterruptedException {
        for (Map.Entry<String, byte[]> blob : model.blobs().entrySet()) {
            HttpResponse<String> start = http.send(request(
                    URI.create(url() + "/v2/" + model.repository() + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            expect(start, 202, "start upload");
            String location = start.headers().firstValue("Location").orElseThrow();
            URI upload = URI.create(location.startsWith("http") ? location : url() + location);
            String separator = upload.getQuery() == null ? "?" : "&";
            HttpResponse<String> put = http.send(request(URI.create(upload + separator + "digest="
                    + blob.getKey())).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(blob.getValue())).build(),
                    HttpResponse.BodyHandlers.ofString());
            expect(put, 201, "upload " + blob.getKey());
        }
        HttpResponse<String> manifest = http.send(request(
                URI.create(url() + "/v2/" + model.repository() + "/manifests/" + model.tag()))
                .header("Content-Type", TestModel.MANIFEST_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(model.manifest())).build(), HttpResponse.BodyHandlers.ofString());
        expect(manifest, 201, "put manifest");
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    private void awaitUp() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            }
            try {
                HttpResponse<Void> response = http.send(request(URI.create(url() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("docker-registry did not answer on " + url());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
