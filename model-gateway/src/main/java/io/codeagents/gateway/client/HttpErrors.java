package io.codeagents.gateway.client;

import java.util.Locale;

import io.codeagents.gateway.client.BackendFailure.Kind;

/** The HTTP statuses every protocol shares, mapped to failure kinds; protocols refine with their error bodies. */
final class HttpErrors {

    private HttpErrors() {
    }

    static BackendFailure byStatus(String backend, int status, String message) {
        String text = backend + " answered " + status + (message == null || message.isBlank() ? "" : ": " + message);
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("out of memory") || lower.contains("context length") || lower.contains("context_length")
                || lower.contains("requires more system memory")) {
            return new BackendFailure(Kind.CONTEXT_TOO_LONG, text);
        }
        Kind kind;
        if (status == 429 || status == 503) {
            kind = Kind.OVERLOADED;
        } else if (status == 404) {
            kind = Kind.MODEL_NOT_FOUND;
        } else if (status == 401 || status == 403) {
            kind = Kind.MISCONFIGURED;
        } else if (status >= 500) {
            kind = Kind.SERVER_ERROR;
        } else {
            kind = Kind.REJECTED;
        }
        return new BackendFailure(kind, text);
    }

    /** A short excerpt of a body that is not the protocol, for the error message. */
    static String excerpt(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
    }
}
