package io.codeagents.common.error;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An RFC 9457 problem document with the codeagents extension members {@code error_code}, {@code request_id},
 * {@code timestamp} and {@code violations}. Service-specific members (for instance the targets a gateway tried) go in
 * {@link #extensions()} and are written at the top level.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "error_code", "request_id", "timestamp", "violations"})
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String errorCode,
        String requestId,
        Instant timestamp,
        List<Violation> violations,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ErrorCode code, String detail, String instance, String requestId) {
        return new Problem(code.type(), code.title(), code.status(), detail, instance, code.name(), requestId, Instant.now(),
                null, null);
    }

    public Problem withViolations(List<Violation> list) {
        return new Problem(type, title, status, detail, instance, errorCode, requestId, timestamp,
                list == null || list.isEmpty() ? null : List.copyOf(list), extensions);
    }

    public Problem withExtensions(Map<String, Object> more) {
        if (more == null || more.isEmpty()) {
            return this;
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        if (extensions != null) {
            merged.putAll(extensions);
        }
        merged.putAll(more);
        return new Problem(type, title, status, detail, instance, errorCode, requestId, timestamp, violations, merged);
    }

    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return extensions == null ? Map.of() : extensions;
    }
}
