package io.codeagents.common.error;

/** One invalid field of a request: the field name as it appears on the wire and what is wrong with it. */
public record Violation(String field, String message) {
}
