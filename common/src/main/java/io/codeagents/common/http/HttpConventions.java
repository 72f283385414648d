package io.codeagents.common.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.error.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What happens to every HTTP request before and after the REST layer: the request id, the body-size limit answered as
 * problem+json 413 before the body is read, and problem+json for anything the REST layer never saw (unknown paths,
 * failures in Vert.x handlers).
 */
@ApplicationScoped
public class HttpConventions {

    private static final Logger LOG = Logger.getLogger(HttpConventions.class);

    private final ObjectMapper mapper;
    private final long maxBodyBytes;

    public HttpConventions(ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize) {
        this.mapper = mapper;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::requestId);
        router.route().order(Integer.MIN_VALUE + 1).handler(this::bodyLimit);
        router.route().order(Integer.MAX_VALUE).handler(this::notFound);
        router.route().failureHandler(this::failure);
    }

    private void requestId(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String id = RequestIds.acceptOrGenerate(request.getHeader(RequestIds.HEADER));
        request.headers().set(RequestIds.HEADER, id);
        rc.response().headers().set(RequestIds.HEADER, id);
        MDC.put(RequestIds.MDC_KEY, id);
        rc.next();
    }

    private void bodyLimit(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    rc.request().pause();
                    send(rc, ErrorCode.VAL_004, "Request body of " + length.trim() + " bytes exceeds the limit of "
                            + maxBodyBytes + " bytes", true);
                    return;
                }
            } catch (NumberFormatException e) {
                send(rc, ErrorCode.VAL_002, "Invalid Content-Length header", true);
                return;
            }
        }
        rc.next();
    }

    private void notFound(RoutingContext rc) {
        send(rc, ErrorCode.RES_001, "No resource at " + rc.request().method() + " " + rc.request().path(), false);
    }

    private void failure(RoutingContext rc) {
        int status = rc.statusCode();
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.VAL_002;
            case 401 -> ErrorCode.AUTH_001;
            case 403 -> ErrorCode.AUTH_002;
            case 404 -> ErrorCode.RES_001;
            case 405 -> ErrorCode.REQ_001;
            case 413 -> ErrorCode.VAL_004;
            case 415 -> ErrorCode.REQ_002;
            default -> ErrorCode.SYS_001;
        };
        if (code == ErrorCode.SYS_001 && rc.failure() != null) {
            LOG.errorf(rc.failure(), "Unhandled failure on %s %s", rc.request().method(), rc.request().path());
        }
        String detail = code == ErrorCode.VAL_004
                ? "Request body exceeds the limit of " + maxBodyBytes + " bytes"
                : code == ErrorCode.SYS_001
                        ? "Unexpected error; quote request id "
                                + rc.request().getHeader(RequestIds.HEADER) + " when reporting it"
                        : code.title();
        send(rc, code, detail, code == ErrorCode.VAL_004);
    }

    private void send(RoutingContext rc, ErrorCode code, String detail, boolean close) {
        if (rc.response().headWritten()) {
            rc.response().close();
            return;
        }
        Problem problem = Problem.of(code, detail, rc.request().path(), rc.request().getHeader(RequestIds.HEADER));
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + code.status() + ",\"error_code\":\"" + code.name() + "\"}";
        }
        rc.response().setStatusCode(code.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        rc.response().end(body);
    }
}
