package io.codeagents.common.error;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/** Turns problems into JAX-RS responses; the single place where the problem media type and headers are set. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (headers != null) {
            headers.forEach(builder::header);
        }
        return builder.build();
    }

    public static Response of(ErrorCode code, String detail, String instance, String requestId) {
        return of(Problem.of(code, detail, instance, requestId), null);
    }

    public static Response of(ErrorCode code, String detail, String instance, String requestId, List<Violation> violations) {
        return of(Problem.of(code, detail, instance, requestId).withViolations(violations), null);
    }
}
