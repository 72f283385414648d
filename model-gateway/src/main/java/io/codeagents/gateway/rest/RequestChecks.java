package io.codeagents.gateway.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.Violation;

/**
 * The constraints of the inference request bodies, checked in code rather than by Bean Validation: on the gateway's
 * hot path the validator's reflection and interceptor cost more than the rest of the request handling. The answer is
 * the one Bean Validation gets from {@code ProblemMappers}: 400 {@code VAL_003} when a required field is missing (null
 * or blank), else 400 {@code VAL_001}, with every violation listed by its wire (snake_case) name.
 */
final class RequestChecks {

    private final List<Violation> violations = new ArrayList<>(0);
    private final List<String> missing = new ArrayList<>(0);

    private RequestChecks() {
    }

    static void check(ChatCompletionRequest body) {
        RequestChecks checks = new RequestChecks();
        if (body == null) {
            checks.missing("body", "must not be null");
        } else {
            if (body.messages() == null) {
                checks.missing("messages", "must not be empty");
            } else if (body.messages().isEmpty()) {
                checks.violations.add(new Violation("messages", "must not be empty"));
            } else {
                for (int i = 0; i < body.messages().size(); i++) {
                    ChatCompletionRequest.Message m = body.messages().get(i);
                    String field = "messages[" + i + "]";
                    if (m == null) {
                        checks.missing(field, "must not be null");
                        continue;
                    }
                    if (m.role() == null || m.role().isBlank()) {
                        checks.missing(field + ".role", "must not be blank");
                    }
                    if (m.content() == null) {
                        checks.missing(field + ".content", "must not be null");
                    }
                }
            }
            checks.sampling(body.temperature(), body.topP(), body.numCtx());
            checks.range("max_tokens", body.maxTokens(), 1, 1_000_000);
            checks.range("max_completion_tokens", body.maxCompletionTokens(), 1, 1_000_000);
        }
        checks.raise();
    }

    static void check(CompletionRequest body) {
        RequestChecks checks = new RequestChecks();
        if (body == null) {
            checks.missing("body", "must not be null");
        } else {
            if (body.prompt() == null) {
                checks.missing("prompt", "must not be null");
            }
            checks.sampling(body.temperature(), body.topP(), body.numCtx());
            checks.range("max_tokens", body.maxTokens(), 1, 1_000_000);
        }
        checks.raise();
    }

    private void sampling(Double temperature, Double topP, Integer numCtx) {
        decimalRange("temperature", temperature, 2);
        decimalRange("top_p", topP, 1);
        if (numCtx != null && numCtx < 1) {
            violations.add(new Violation("num_ctx", "must be greater than or equal to 1"));
        }
    }

    private void decimalRange(String field, Double value, double max) {
        if (value == null) {
            return;
        }
        if (value.isNaN() || value < 0) {
            violations.add(new Violation(field, "must be greater than or equal to 0"));
        } else if (value > max) {
            violations.add(new Violation(field, "must be less than or equal to " + (long) max));
        }
    }

    private void range(String field, Integer value, int min, int max) {
        if (value == null) {
            return;
        }
        if (value < min) {
            violations.add(new Violation(field, "must be greater than or equal to " + min));
        } else if (value > max) {
            violations.add(new Violation(field, "must be less than or equal to " + max));
        }
    }

    private void missing(String field, String message) {
        missing.add(field);
        violations.add(new Violation(field, message));
    }

    private void raise() {
        if (violations.isEmpty()) {
            return;
        }
        violations.sort(Comparator.comparing(Violation::field));
        missing.sort(null);
        throw ApiException.violations(violations, missing);
    }
}
