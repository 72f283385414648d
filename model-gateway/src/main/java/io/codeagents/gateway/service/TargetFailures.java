package io.codeagents.gateway.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.gateway.client.BackendFailure;
import io.codeagents.gateway.client.BackendFailure.Kind;

/** What went wrong at each target tried for one request, and the one error the client gets from it. */
final class TargetFailures {

    private final String model;
    private final List<Map<String, String>> tried = new ArrayList<>();
    private final List<Kind> kinds = new ArrayList<>();

    TargetFailures(String model) {
        this.model = model;
    }

    void add(Target target, BackendFailure failure) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("target", target.label());
        entry.put("error", failure.getMessage());
        tried.add(entry);
        kinds.add(failure.kind());
    }

    /** A failure the next target would hit too (bad request, context too long): answered at once. */
    static ApiException refused(String model, Target target, BackendFailure failure) {
        ErrorCode code = failure.kind() == Kind.CONTEXT_TOO_LONG ? ErrorCode.MODEL_003 : ErrorCode.VAL_001;
        return new ApiException(code, target.label() + " refused the request: " + failure.getMessage())
                .with("model", model);
    }

    /**
     * Every target failed: timeouts only → 504, unknown everywhere → 404, not the protocol → 502, every queue full →
     * 429, else 503.
     */
    ApiException exhausted() {
        Set<Kind> distinct = Set.copyOf(kinds);
        ErrorCode code;
        if (distinct.equals(Set.of(Kind.TIMEOUT))) {
            code = ErrorCode.MODEL_002;
        } else if (distinct.equals(Set.of(Kind.MODEL_NOT_FOUND))) {
            code = ErrorCode.MODEL_004;
        } else if (distinct.equals(Set.of(Kind.INVALID_RESPONSE))) {
            code = ErrorCode.MODEL_005;
        } else if (distinct.equals(Set.of(Kind.BUSY))) {
            code = ErrorCode.MODEL_006;
        } else {
            code = ErrorCode.MODEL_001;
        }
        String detail = "Model '" + model + "' is not available; tried " + tried.stream()
                .map(t -> t.get("target") + " (" + t.get("error") + ")").collect(Collectors.joining(", "));
        ApiException error = new ApiException(code, detail).with("model", model).with("tried", tried);
        if (code == ErrorCode.MODEL_006
                || code == ErrorCode.MODEL_001 && (distinct.contains(Kind.BUSY) || distinct.contains(Kind.OVERLOADED)
                        || distinct.contains(Kind.BREAKER_OPEN))) {
            error.retryAfter(1);
        }
        return error;
    }
}
