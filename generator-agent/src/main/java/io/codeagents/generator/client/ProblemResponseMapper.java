package io.codeagents.generator.client;

import java.util.Arrays;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import io.codeagents.common.error.ErrorCode;

/**
 * Turns another agent's error answer (problem+json with {@code error_code}) into a {@link DependencyFailure} that keeps
 * the agent's code and detail: a 4xx is the request's fault and is not retried, anything else may pass.
 */
public abstract class ProblemResponseMapper implements ResponseExceptionMapper<DependencyFailure> {

    private final Dependency dependency;

    protected ProblemResponseMapper(Dependency dependency) {
        this.dependency = dependency;
    }

    @Override
    public DependencyFailure toThrowable(Response response) {
        int status = response.getStatus();
        Map<?, ?> problem = readProblem(response);
        ErrorCode code = errorCode(problem.get("error_code"));
        Object detail = problem.get("detail");
        String message = dependency.serviceName() + " answered " + status
                + (code != null ? " " + code.name() : "") + (detail != null ? ": " + detail : "");
        boolean waitingMayHelp = status >= 500 || status == 408 || status == 429;
        if (waitingMayHelp) {
            return new DependencyUnavailable(dependency, code != null ? code : dependency.unavailableCode(), message, null);
        }
        return new DependencyRejected(dependency, code != null ? code : dependency.failedCode(), status, message);
    }

    private static Map<?, ?> readProblem(Response response) {
        try {
            response.bufferEntity();
            Map<?, ?> body = response.readEntity(Map.class);
            return body == null ? Map.of() : body;
        } catch (RuntimeException notJson) {
            return Map.of();
        }
    }

    private static ErrorCode errorCode(Object value) {
        if (value == null) {
            return null;
        }
        return Arrays.stream(ErrorCode.values()).filter(c -> c.name().equals(value.toString())).findFirst().orElse(null);
    }

    /** Registered on the model-gateway client. */
    public static class ForModelGateway extends ProblemResponseMapper {
        public ForModelGateway() {
            super(Dependency.MODEL_GATEWAY);
        }
    }

    /** Registered on the reviewer-agent client. */
    public static class ForReviewer extends ProblemResponseMapper {
        public ForReviewer() {
            super(Dependency.REVIEWER);
        }
    }
}
