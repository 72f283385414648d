package io.codeagents.download.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
    /** A token response is a few KiB at most. */
    private static final int MAX_TOKEN_BYTES = 64 * 1024;
    /** One {@code key="value"} of a {@code WWW-Authenticate} challenge. */
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryConfig config;
    private final SocketHttpClient http;
    private final URI configuredBase;
    /**
     * What registries that want credentials were sent last, by registry origin and scope ({@code <origin>
     * repository:<name>:pull}): the {@code Authorization} header, {@code Bearer <token>} or {@code Basic <credentials>}.
     * By origin too, so that what one registry was given never goes to another serving a repository of the same name.
     */
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

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
        SocketHttpClient.Response response = get(name, uri, Map.of("Accept", MANIFEST_TYPES));
        int status = response.status();
        String body = textOf(response, MAX_MANIFEST_BYTES);
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
        SocketHttpClient.Response response = get(name, uri, Map.of("Range", "bytes=" + first + "-" + last));
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

    /**
     * GET with the credentials the registry asks for, as Docker's and OCI registries ask: a 401 with
     * {@code WWW-Authenticate: Bearer realm=…,service=…,scope=…} (a token from that realm, the request again with it) or
     * {@code WWW-Authenticate: Basic realm=…} (the configured username and password, to the configured registry only).
     * What a repository was asked for is sent with its later requests at once; a token is asked for again whenever one
     * is refused (they expire within minutes). A 401 that cannot be answered is the caller's to refuse.
     */
    private SocketHttpClient.Response get(ModelName name, URI uri, Map<String, String> headers)
            throws IOException, InterruptedException {
        String scope = "repository:" + name.repository() + ":pull";
        String key = SocketHttpClient.origin(uri) + " " + scope;
        String used = authorizations.get(key);
        SocketHttpClient.Response response = send(uri, authorized(headers, used));
        Optional<String> challenge = response.header("WWW-Authenticate");
        if (response.status() != 401 || challenge.isEmpty()) {
            return response;
        }
        Optional<String> next = renewedAuthorization(uri, challenge.get(), scope, key, used);
        if (next.isEmpty()) {
            return response;
        }
        response.body().close();
        return send(uri, authorized(headers, next.get()));
    }

    /**
     * An {@code Authorization} in place of {@code refused} (null: none was sent), or empty when there is none to try:
     * Basic credentials that were refused, not configured, or not for this registry. One at a time: when a token
     * expires, every part in flight meets the 401 at once, and the first to get here asks for the next token while the
     * others take it. {@code key}: where it is kept ({@link #authorizations}).
     */
    private synchronized Optional<String> renewedAuthorization(URI uri, String challenge, String scope, String key,
            String refused) throws IOException, InterruptedException {
        String current = authorizations.get(key);
        if (current != null && !current.equals(refused)) {
            return Optional.of(current);
        }
        Optional<String> next;
        if (challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
            next = Optional.of("Bearer " + token(uri, challenge, scope));
        } else if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
            next = credentialsFor(uri).filter(basic -> !basic.equals(refused));
        } else {
            next = Optional.empty();
        }
        next.ifPresent(value -> authorizations.put(key, value));
        return next;
    }

    /**
     * The configured username and password as a Basic {@code Authorization}, for requests to the configured registry
     * alone: a model named with another registry host never gets them, nor does a CDN a blob is redirected to.
     */
    private Optional<String> credentialsFor(URI registry) {
        if (config.username().isEmpty()
                || !SocketHttpClient.origin(registry).equals(SocketHttpClient.origin(configuredBase))) {
            return Optional.empty();
        }
        String pair = config.username().get() + ":" + config.password().orElse("");
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> authorized(Map<String, String> headers, String authorization) {
        if (authorization == null) {
            return headers;
        }
        Map<String, String> with = new LinkedHashMap<>(headers);
        with.put("Authorization", authorization);
        return with;
    }

    /**
     * A token for {@code scope} from the realm the challenge names. The configured credentials go along only for the
     * configured registry, and only over https or to the registry's own host; without them the token is asked for
     * anonymously.
     */
    private String token(URI registry, String challenge, String scope) throws IOException, InterruptedException {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge.substring(7));
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null || realm.isBlank()) {
            throw new ApiException(ErrorCode.DL_004, "Registry error: " + registry.getHost()
                    + " asks for a token without saying where to get one (" + challenge + ")");
        }
        StringBuilder query = new StringBuilder();
        if (params.containsKey("service")) {
            query.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)).append('&');
        }
        query.append("scope=").append(URLEncoder.encode(params.getOrDefault("scope", scope), StandardCharsets.UTF_8));
        URI uri;
        try {
            uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.DL_004, "Registry error: " + registry.getHost()
                    + " names an unusable token service (" + realm + ")");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if ("https".equalsIgnoreCase(uri.getScheme()) || registry.getHost().equalsIgnoreCase(uri.getHost())) {
            credentialsFor(registry).ifPresent(basic -> headers.put("Authorization", basic));
        }
        SocketHttpClient.Response response = send(uri, headers);
        int status = response.status();
        String body = textOf(response, MAX_TOKEN_BYTES);
        refuseOrRetry(status, "token for " + scope, uri);
        try {
            JsonNode json = JSON.readTree(body);
            String token = json.path("token").asText(json.path("access_token").asText(""));
            if (!token.isEmpty()) {
                return token;
            }
        } catch (IOException e) {
            // unreadable: refused below
        }
        throw new ApiException(ErrorCode.DL_004, "Registry error: the token service at " + uri.getHost()
                + " answered without a token");
    }

    /** The body of a 2xx response as text (at most {@code max} bytes), "" for any other; the body is closed. */
    private static String textOf(SocketHttpClient.Response response, int max) throws IOException {
        try (BodyStream stream = response.body()) {
            return response.status() >= 200 && response.status() < 300 ? stream.readText(max) : "";
        }
    }

    /** A certificate that is not trusted stays so: DL_004 at once, saying how to trust it, instead of 8 retries. */
    private SocketHttpClient.Response send(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
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
        String hint = status == 401 || status == 403
                ? ": it wants credentials; for a private registry set (or check) download.registry.username and"
                        + " download.registry.password (DOWNLOAD_REGISTRY_USERNAME, DOWNLOAD_REGISTRY_PASSWORD)"
                : "";
        throw new ApiException(ErrorCode.DL_004, "The registry refused the " + what + " with HTTP " + status + " (" + uri
                + ")" + hint);
    }

    /** An open blob body and the offset of its first byte. */
    public record BlobBody(BodyStream stream, long startsAt, URI servedBy) implements AutoCloseable {
        @Override
        public void close() {
            stream.close();
        }
    }
}
