package io.codeagents.common.http;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;

/**
 * The {@code X-Request-Id} convention: accepted from the caller when well-formed, generated otherwise, returned on every
 * response, kept in the log MDC under {@code request_id} and sent on every outgoing call.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private RequestIds() {
    }

    /** The caller's id when it is safe to log and echo, a fresh one otherwise. */
    public static String acceptOrGenerate(String fromCaller) {
        if (fromCaller != null && ACCEPTED.matcher(fromCaller).matches()) {
            return fromCaller;
        }
        return generate();
    }

    public static String generate() {
        return UUID.randomUUID().toString();
    }

    /** The id of the work in progress on this thread, or null outside a request or job. */
    public static String current() {
        Object value = MDC.get(MDC_KEY);
        return value == null ? null : value.toString();
    }

    /** Puts an id in the MDC for background work (a task, a pull) that is not an HTTP request. */
    public static void bind(String requestId) {
        if (requestId == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, requestId);
        }
    }
}
