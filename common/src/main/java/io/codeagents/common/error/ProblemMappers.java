package io.codeagents.common.error;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.codeagents.common.http.RequestIds;
import io.vertx.core.http.HttpServerRequest;

/**
 * Every exception that leaves a resource becomes problem+json: expected failures keep their code, framework errors get
 * the matching code, anything else a 500 {@code SYS_001} whose body names the request id but never the stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final Set<String> REQUIRED_CONSTRAINTS = Set.of("NotNull", "NotBlank", "NotEmpty");

    @ServerExceptionMapper
    public Response api(ApiException e, HttpServerRequest request) {
        if (e.code().status() >= 500) {
            LOG.warnf("%s %s -> %s: %s", request.method(), request.path(), e.code(), e.getMessage());
        }
        Problem problem = problem(e.code(), e.getMessage(), request).withViolations(e.violations())
                .withExtensions(e.extensions());
        return ProblemResponses.of(problem, e.headers());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
        List<ConstraintViolation<?>> sorted = new ArrayList<>(e.getConstraintViolations());
        sorted.sort(Comparator.comparing(v -> v.getPropertyPath().toString()));
        if (sorted.stream().anyMatch(v -> lastKind(v.getPropertyPath()) == ElementKind.RETURN_VALUE)) {
            return unexpected(e, request);
        }
        List<Violation> violations = sorted.stream().map(v -> new Violation(fieldName(v.getPropertyPath()), v.getMessage()))
                .toList();
        ApiException invalid = ApiException.violations(violations,
                sorted.stream().filter(ProblemMappers::isMissing).map(v -> fieldName(v.getPropertyPath())).toList());
        return ProblemResponses.of(problem(invalid.code(), invalid.getMessage(), request).withViolations(violations), null);
    }

    @ServerExceptionMapper
    public Response validation(ValidationException e, HttpServerRequest request) {
        return ProblemResponses.of(problem(ErrorCode.VAL_001, e.getMessage(), request), null);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return malformed(e, request);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return malformed(e, request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return malformed(json, request);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.VAL_002;
            case 401 -> ErrorCode.AUTH_001;
            case 403 -> ErrorCode.AUTH_002;
            case 404 -> ErrorCode.RES_001;
            case 405 -> ErrorCode.REQ_001;
            case 406 -> ErrorCode.REQ_003;
            case 409 -> ErrorCode.RES_002;
            case 413 -> ErrorCode.VAL_004;
            case 415 -> ErrorCode.REQ_002;
            case 429 -> ErrorCode.RATE_001;
            case 503 -> ErrorCode.SYS_002;
            default -> null;
        };
        if (code == null) {
            return unexpected(e, request);
        }
        String detail = switch (code) {
            case RES_001 -> "No resource at " + request.method() + " " + request.path();
            case REQ_001 -> "Method " + request.method() + " is not allowed on " + request.path();
            case REQ_002 -> "Unsupported media type '" + request.getHeader("Content-Type") + "'; send application/json";
            case REQ_003 -> "Cannot produce a representation matching Accept '" + request.getHeader("Accept") + "'";
            default -> e.getMessage();
        };
        Response response = ProblemResponses.of(problem(code, detail, request), null);
        String allow = e.getResponse() == null ? null : e.getResponse().getHeaderString("Allow");
        return allow == null ? response : Response.fromResponse(response).header("Allow", allow).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        Problem problem = problem(ErrorCode.SYS_001, "Unexpected error; quote request id " + requestId(request)
                + " when reporting it", request);
        LOG.errorf(e, "Unexpected error on %s %s (request %s)", request.method(), request.path(), requestId(request));
        return ProblemResponses.of(problem, null);
    }

    private Response malformed(JsonProcessingException e, HttpServerRequest request) {
        String detail;
        List<Violation> violations = List.of();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
            detail = "Invalid value for '" + field + "': " + firstLine(e.getOriginalMessage());
            violations = List.of(new Violation(field, firstLine(e.getOriginalMessage())));
        } else {
            detail = "Malformed JSON body: " + firstLine(e.getOriginalMessage())
                    + (e.getLocation() == null
                            ? ""
                            : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        return ProblemResponses.of(problem(ErrorCode.VAL_002, detail, request).withViolations(violations), null);
    }

    private static Problem problem(ErrorCode code, String detail, HttpServerRequest request) {
        return Problem.of(code, detail, request.path(), requestId(request));
    }

    static String requestId(HttpServerRequest request) {
        String id = request.getHeader(RequestIds.HEADER);
        return id != null ? id : RequestIds.current();
    }

    private static boolean isMissing(ConstraintViolation<?> v) {
        String constraint = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return REQUIRED_CONSTRAINTS.contains(constraint) && (v.getInvalidValue() == null
                || (v.getInvalidValue() instanceof CharSequence s && s.toString().isBlank()));
    }

    private static ElementKind lastKind(Path path) {
        ElementKind kind = null;
        for (Path.Node node : path) {
            kind = node.getKind();
        }
        return kind;
    }

    /** The wire name of the invalid field: the last property node in snake_case, or "body" for the body itself. */
    static String fieldName(Path path) {
        StringBuilder name = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.getName() == null) {
                    continue;
                }
                if (!name.isEmpty()) {
                    name.append('.');
                }
                name.append(snakeCase(node.getName()));
                if (node.getIndex() != null) {
                    name.append('[').append(node.getIndex()).append(']');
                }
            }
        }
        return name.isEmpty() ? "body" : name.toString();
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
