package io.codeagents.doctor.client;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

/**
 * Calls to one service. Every call has a deadline and ends either in an {@link HttpAnswer} (2xx) or a
 * {@link ServiceCallFailed} that says in words what went wrong, so checks can report it without knowing HTTP.
 */
public class ServiceClient {

    private final ServiceTarget target;
    private final ObjectMapper mapper;
    private final Duration readTimeout;
    private final ServiceProbeApi probe;

    public ServiceClient(ServiceTarget target, Duration readTimeout, ObjectMapper mapper) {
        this.target = target;
        this.mapper = mapper;
        this.readTimeout = readTimeout;
        this.probe = api(ServiceProbeApi.class);
    }

    public ServiceTarget target() {
        return target;
    }

    public String name() {
        return target.name();
    }

    /** A REST client of this service; answers of any status come back as responses, judged by {@link #send}. */
    <T> T api(Class<T> type) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(target.url())
                .connectTimeout(Math.min(readTimeout.toMillis(), 1000), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .build(type);
    }

    /** {@code /health/ready}: any status is an answer here (503 is how a service says it is not ready). */
    public Uni<HttpAnswer> readiness(Duration deadline) {
        return exchange("GET /health/ready", probe::readiness, deadline);
    }

    public Uni<HttpAnswer> info(Duration deadline) {
        return send("GET /info", probe::info, deadline);
    }

    public Uni<HttpAnswer> metrics(Duration deadline) {
        return send("GET /metrics", probe::metrics, deadline);
    }

    /** Performs the call and insists on a 2xx; anything else fails with what the service said. */
    Uni<HttpAnswer> send(String call, Supplier<Uni<Response>> request, Duration deadline) {
        return exchange(call, request, deadline).map(answer -> {
            if (!answer.successful()) {
                throw refused(answer);
            }
            return answer;
        });
    }

    /** Performs the call; any HTTP answer is returned, only "nothing answered" fails. */
    Uni<HttpAnswer> exchange(String call, Supplier<Uni<Response>> request, Duration deadline) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return request.get().map(response -> {
                try (response) {
                    String body = response.hasEntity() ? response.readEntity(String.class) : "";
                    return new HttpAnswer(target.name(), call, response.getStatus(), body,
                            (System.nanoTime() - start) / 1_000_000, mapper);
                }
            });
        }).ifNoItem().after(deadline)
                .failWith(() -> ServiceCallFailed.timedOut(target.name(), call, deadline.toMillis()))
                .onFailure(failure -> !(failure instanceof ServiceCallFailed))
                .transform(failure -> new ServiceCallFailed(target.name(), call, 0, null, unreachable(failure), failure));
    }

    private ServiceCallFailed refused(HttpAnswer answer) {
        String errorCode = null;
        String detail = null;
        try {
            JsonNode problem = mapper.readTree(answer.body());
            errorCode = problem.path("error_code").asText(null);
            detail = problem.path("detail").asText(null);
        } catch (Exception notJson) {
            detail = answer.body() == null ? null : abbreviate(answer.body());
        }
        return new ServiceCallFailed(target.name(), answer.call(), answer.status(), errorCode, detail, null);
    }

    /** The reason in words, from the innermost cause a user would recognise. */
    private String unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused at " + target.url() + " (nothing listens there)";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host " + target.url().getHost();
            }
            if (cause instanceof NoRouteToHostException) {
                return "no route to " + target.url().getHost();
            }
            if (cause instanceof java.util.concurrent.TimeoutException
                    || cause.getClass().getSimpleName().contains("Timeout")) {
                return "no answer within " + readTimeout.toMillis() + " ms";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
