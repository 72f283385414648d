package io.codeagents.download.client;

import java.io.IOException;
import java.net.URI;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.model.ModelName;
import io.codeagents.download.config.RegistryConfig;
import io.codeagents.download.config.TransferConfig;

/**
 * A client of the OCI distribution protocol as Ollama's registry serves it: manifests by tag, blobs by digest with
 * {@code Range}, redirects to a CDN followed. Blob bodies are read by the part worker itself straight from its
 * connection ({@link SocketHttpClient}), gigabytes over many ranges at once, which a typed JSON client does not do.
 * Expected refusals become {@link ApiException}s with a {@code DL_} code; what may succeed on a later attempt
 * (connection trouble, 5xx, 429) is an {@link IOException}.
 */
@ApplicationScoped
public class RegistryClient {

    static final String MANIFEST_TYPES = "application/vnd.docker.distribution.manifest.v2+json, "
            + "application/vnd.oci.image.manifest.v1+json";
    /** A manifest is a few KiB; anything far larger is not one. */
    private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(RegistryClient.class);
    private static final String USER_AGENT = "codeagents-download-service";

    private final RegistryConfig config;
    private final SocketHttpClient http;
    private final URI configuredBase;

    public RegistryClient(RegistryConfig config, TransferConfig transfer) {
        this.config = config;
        this.configuredBase = URI.create(config.url().replaceAll("/+$", ""));
        // one TCP connection per part is what makes parallel parts faster than one stream
        this.http = new SocketHttpClient(config.connectTimeout(), config.responseTimeout(),
                (int) transfer.receiveBuffer().asLongValue(), USER_AGENT,
                config.caFile().map(TlsTrust::withCertificatesOf).orElse(null));
    }

    @PreDestroy
    void stop() {
        http.close();
    }

    /** Where a model is fetched from: the configured registry for names on the default host, the named host otherwise. */
    public URI base(ModelName name) {
        String host = name.host().toLowerCase(Locale.ROOT);
        if (host.equals(config.defaultHost().toLowerCase(Locale.ROOT))
                || host.equals(configuredBase.getRawAuthority().toLowerCase(Locale.ROOT))) {
            return configuredBase;
        }
        return URI.create("https://" + name.host());
    }

    public Manifest fetchManifest(ModelName name) throws IOException, InterruptedException {
        URI uri = URI.create(base(name) + "/v2/" + name.repository() + "/manifests/" + name.tag());
        SocketHttpClient.Response response = get(uri, Map.of("Accept", MANIFEST_TYPES));
        int status = response.status();
        String body;
        try (BodyStream stream = response.body()) {
            body = status >= 200 && status < 300 ? stream.readText(MAX_MANIFEST_BYTES) : "";
        }
        if (status == 404) {
            throw new ApiException(ErrorCode.DL_001,
                    "Model '" + name.fullName() + "' not found in the registry at " + base(name));
        }
        refuseOrRetry(status, "manifest of " + name.fullName(), uri);
        try {
            return Manifest.parse(body);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.DL_004, "The registry's manifest for '" + name.fullName() + "' is unusable: "
                    + e.getMessage());
        }
    }

    /**
     * Opens the blob's bytes {@code first..last} (inclusive). The caller must close the body. A registry that ignores
     * {@code Range} answers with the whole blob: {@link BlobBody#startsAt()} is then 0.
     */
    public BlobBody openBlob(ModelName name, String digest, long first, long last) throws IOException, InterruptedException {
        URI uri = URI.create(base(name) + "/v2/" + name.repository() + "/blobs/" + digest);
        SocketHttpClient.Response response = get(uri, Map.of("Range", "bytes=" + first + "-" + last));
        int status = response.status();
        if (status == 206 || status == 200) {
            long startsAt = status == 200 ? 0 : contentRangeStart(response);
            if (status == 206 && startsAt != first) {
                response.body().close();
                throw new IOException("asked for bytes from " + first + " of " + digest + ", got a range starting at "
                        + startsAt);
            }
            if (!response.uri().getHost().equals(uri.getHost())) {
                LOG.debugf("blob %s served by %s", digest, response.uri().getHost());
            }
            return new BlobBody(response.body(), startsAt, response.uri());
        }
        response.body().close();
        if (status == 404) {
            throw new ApiException(ErrorCode.DL_001, "Blob " + digest + " of '" + name.fullName()
                    + "' not found in the registry at " + base(name));
        }
        refuseOrRetry(status, "blob " + digest, uri);
        throw new IOException("unexpected status " + status + " for blob " + digest);
    }

    /** A certificate that is not trusted stays so: DL_004 at once, saying how to trust it, instead of 8 retries. */
    private SocketHttpClient.Response get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        try {
            return http.get(uri, headers);
        } catch (SSLHandshakeException e) {
            if (!certificateRefused(e)) {
                throw e;
            }
            throw new ApiException(ErrorCode.DL_004, "Registry error: the TLS certificate of " + uri.getHost()
                    + " is not trusted (" + e.getMessage() + "); for a private CA set download.registry.ca-file"
                    + " (DOWNLOAD_REGISTRY_CA_FILE)", e);
        }
    }

    /** Whether the handshake failed on the certificate (untrusted, expired, another host's), not on the connection. */
    static boolean certificateRefused(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static long contentRangeStart(SocketHttpClient.Response response) throws IOException {
        String range = response.header("Content-Range").orElse("");
        // "bytes 100-199/1000"
        try {
            String spec = range.substring(range.indexOf(' ') + 1);
            return Long.parseLong(spec.substring(0, spec.indexOf('-')));
        } catch (RuntimeException e) {
            throw new IOException("206 without a usable Content-Range ('" + range + "')");
        }
    }

    /** Non-2xx: a refusal that will not change becomes DL_004 at once, anything else is worth another attempt. */
    private static void refuseOrRetry(int status, String what, URI uri) throws IOException {
        if (status >= 200 && status < 300) {
            return;
        }
        if (status == 429 || status >= 500 || status == 408) {
            throw new IOException("registry answered " + status + " for " + what);
        }
        throw new ApiException(ErrorCode.DL_004, "The registry refused the " + what + " with HTTP " + status + " (" + uri
                + ")");
    }

    /** An open blob body and the offset of its first byte. */
    public record BlobBody(BodyStream stream, long startsAt, URI servedBy) implements AutoCloseable {
        @Override
        public void close() {
            stream.close();
        }
    }
}
