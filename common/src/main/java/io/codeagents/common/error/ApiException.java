package io.codeagents.common.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one exception services throw for an expected failure: it carries an {@link ErrorCode} and is answered as
 * problem+json with that code's status. Services never build error responses by hand.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final List<Violation> violations;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, null, List.of());
    }

    public ApiException(ErrorCode code, String detail, Throwable cause) {
        this(code, detail, cause, List.of());
    }

    public ApiException(ErrorCode code, String detail, Throwable cause, List<Violation> violations) {
        super(detail, cause);
        this.code = code;
        this.violations = violations == null ? List.of() : List.copyOf(violations);
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(ErrorCode.VAL_002, field + ": " + message, null, List.of(new Violation(field, message)));
    }

    public static ApiException missing(String field) {
        return new ApiException(ErrorCode.VAL_003, "Missing required field '" + field + "'", null,
                List.of(new Violation(field, "is required")));
    }

    /**
     * A body that breaks its constraints: 400 {@code VAL_003} naming the {@code missing} fields when there are any, else
     * {@code VAL_001} listing every violation; the problem carries all {@code violations} either way.
     */
    public static ApiException violations(List<Violation> violations, List<String> missing) {
        if (!missing.isEmpty()) {
            return new ApiException(ErrorCode.VAL_003, "Missing required field(s): " + String.join(", ", missing), null,
                    violations);
        }
        return new ApiException(ErrorCode.VAL_001, "Invalid field(s): "
                + String.join(", ", violations.stream().map(v -> v.field() + " " + v.message()).toList()), null, violations);
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.RES_001, what + " not found");
    }

    /** Adds a top-level member to the problem document (for instance the targets that were tried). */
    public ApiException with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    /** Adds a response header, e.g. {@code Retry-After}. */
    public ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public ApiException retryAfter(long seconds) {
        return header("Retry-After", Long.toString(Math.max(1, seconds)));
    }

    public ErrorCode code() {
        return code;
    }

    public List<Violation> violations() {
        return violations;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
