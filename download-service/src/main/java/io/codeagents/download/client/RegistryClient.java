package io.codeagents.download.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.model.ModelName;
import io.codeagents.download.config.RegistryConfig;
import io.codeagents.download.config.TransferConfig;

/**
 * A client of the OCI distribution protocol as Ollama's registry serves it: manifests by tag, blobs by digest with
 * {@code Range}, redirects to a CDN followed. It is the JDK's HTTP client rather than a Quarkus REST client because blob
 * bodies are streamed straight to disk (gigabytes, many ranges at once, to hosts the redirects name), which a typed
 * JSON client does not do. Expected refusals become {@link ApiException}s with a {@code DL_} code; what may succeed on
 * a later attempt (connection trouble, 5xx, 429) is an {@link IOException}.
 */
@ApplicationScoped
public class RegistryClient {

    static final String MANIFEST_TYPES = "application/vnd.docker.distribution.manifest.v2+json, "
            + "application/vnd.oci.image.manifest.v1+json";
    private static final Logger LOG = Logger.getLogger(RegistryClient.class);
    private static final String USER_AGENT = "codeagents-download-service";
    private static final String RECEIVE_BUFFER_PROPERTY = "jdk.httpclient.receiveBufferSize";

    private final RegistryConfig config;
    private final HttpClient http;
    private final URI configuredBase;

    public RegistryClient(RegistryConfig config, TransferConfig transfer) {
        this.config = config;
        long receiveBuffer = transfer.receiveBuffer().asLongValue();
        if (receiveBuffer > 0 && System.getProperty(RECEIVE_BUFFER_PROPERTY) == null) {
            // the JDK client takes its socket receive buffer from this property, read when it opens connections
            System.setProperty(RECEIVE_BUFFER_PROPERTY, Long.toString(receiveBuffer));
        }
        this.configuredBase = URI.create(config.url().replaceAll("/+$", ""));
        // HTTP/1.1 on purpose: one TCP connection per part is what makes parallel parts faster than one stream.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(config.connectTimeout()).build();
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
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.responseTimeout()).header("Accept", MANIFEST_TYPES)
                .header("User-Agent", USER_AGENT).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 404) {
            throw new ApiException(ErrorCode.DL_001,
                    "Model '" + name.fullName() + "' not found in the registry at " + base(name));
        }
        refuseOrRetry(status, "manifest of " + name.fullName(), uri);
        try {
            return Manifest.parse(new String(response.body(), StandardCharsets.UTF_8));
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
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.responseTimeout())
                .header("Range", "bytes=" + first + "-" + last).header("User-Agent", USER_AGENT).GET().build();
        HttpResponse<BodyStream> response = http.send(request,
                info -> new BodyStream(info.headers().firstValueAsLong("Content-Length").orElse(-1)));
        int status = response.statusCode();
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

    private static long contentRangeStart(HttpResponse<?> response) throws IOException {
        String range = response.headers().firstValue("Content-Range").orElse("");
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
