package io.codeagents.common.auth;

import java.lang.reflect.Method;
import java.util.Map;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.codeagents.common.config.CodeagentsConfig;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.error.Problem;
import io.codeagents.common.error.ProblemResponses;
import io.codeagents.common.http.RequestIds;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code Authorization: Bearer <key>} on every REST resource not marked {@link PublicEndpoint}: 401 {@code AUTH_001}
 * without a valid key, 403 {@code AUTH_002} without the scope named by {@link RequiresScope}, 429 {@code RATE_001} past
 * the key's per-minute budget. A rejected key is logged by fingerprint only, never in clear.
 */
public class ApiKeyFilter {

    public static final String PRINCIPAL_PROPERTY = "codeagents.principal";
    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);

    private final ApiKeyRegistry registry;
    private final RateLimiter rateLimiter;
    private final CodeagentsConfig config;

    public ApiKeyFilter(ApiKeyRegistry registry, RateLimiter rateLimiter, CodeagentsConfig config) {
        this.registry = registry;
        this.rateLimiter = rateLimiter;
        this.config = config;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext context, ResourceInfo resource,
            HttpServerRequest request) {
        if (resource == null || resource.getResourceClass() == null || isPublic(resource)) {
            return null;
        }
        String subject;
        int limit = config.rateLimit().requestsPerMinute();
        if (registry.enabled()) {
            String header = request.getHeader("Authorization");
            String secret = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).trim()
                    : null;
            if (secret == null || secret.isEmpty()) {
                return reject(request, ErrorCode.AUTH_001, "Missing API key: send 'Authorization: Bearer <key>'", null);
            }
            ApiKey key = registry.lookup(secret).orElse(null);
            if (key == null) {
                return reject(request, ErrorCode.AUTH_001, "Unknown API key",
                        ApiKeyRegistry.sha256(secret).substring(0, 8));
            }
            RequiresScope required = requiredScope(resource);
            if (required != null && !key.allows(required.value())) {
                return reject(request, ErrorCode.AUTH_002,
                        "API key '" + key.name() + "' lacks the scope '" + required.value().wireName() + "'",
                        key.sha256().substring(0, 8));
            }
            context.setProperty(PRINCIPAL_PROPERTY, key.name());
            if (key.internal()) {
                return null;
            }
            subject = "key:" + key.name();
            if (key.requestsPerMinute() > 0) {
                limit = key.requestsPerMinute();
            }
        } else {
            subject = "ip:" + request.remoteAddress().hostAddress();
        }
        if (!config.rateLimit().enabled()) {
            return null;
        }
        int budget = limit;
        return rateLimiter.check(subject, budget).map(decision -> {
            if (decision.allowed()) {
                return null;
            }
            return ProblemResponses.of(problem(request, ErrorCode.RATE_001,
                    "Rate limit of " + budget + " requests per minute exceeded; retry in " + decision.retryAfterSeconds()
                            + " s"),
                    Map.of("Retry-After", Long.toString(decision.retryAfterSeconds())));
        });
    }

    private Uni<Response> reject(HttpServerRequest request, ErrorCode code, String detail, String fingerprint) {
        LOG.warnf("Rejected %s %s from %s: %s%s", request.method(), request.path(), request.remoteAddress(), detail,
                fingerprint == null ? "" : " (key fingerprint " + fingerprint + ")");
        Map<String, String> headers = code == ErrorCode.AUTH_001
                ? Map.of("WWW-Authenticate", "Bearer realm=\"codeagents\"")
                : Map.of();
        return Uni.createFrom().item(ProblemResponses.of(problem(request, code, detail), headers));
    }

    private static Problem problem(HttpServerRequest request, ErrorCode code, String detail) {
        String id = request.getHeader(RequestIds.HEADER);
        return Problem.of(code, detail, request.path(), id);
    }

    private static boolean isPublic(ResourceInfo resource) {
        return resource.getResourceClass().isAnnotationPresent(PublicEndpoint.class)
                || method(resource) != null && method(resource).isAnnotationPresent(PublicEndpoint.class);
    }

    private static RequiresScope requiredScope(ResourceInfo resource) {
        Method method = method(resource);
        if (method != null && method.isAnnotationPresent(RequiresScope.class)) {
            return method.getAnnotation(RequiresScope.class);
        }
        return resource.getResourceClass().getAnnotation(RequiresScope.class);
    }

    private static Method method(ResourceInfo resource) {
        return resource.getResourceMethod();
    }
}
