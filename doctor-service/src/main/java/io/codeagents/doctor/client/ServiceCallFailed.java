package io.codeagents.doctor.client;

/**
 * A call to another service that gave no usable answer. {@link #reachable()} tells "it answered, but not as documented"
 * (a status, a problem, unreadable JSON) from "nothing answered" (refused, unknown host, timed out), because checks
 * report the first as their own finding and leave the second to the service's readiness check.
 */
public class ServiceCallFailed extends RuntimeException {

    private static final String NO_ANSWER = "no answer within ";

    private final String service;
    private final String call;
    private final int status;
    private final String errorCode;

    public ServiceCallFailed(String service, String call, int status, String errorCode, String reason, Throwable cause) {
        super(reason, cause);
        this.service = service;
        this.call = call;
        this.status = status;
        this.errorCode = errorCode;
    }

    public String service() {
        return service;
    }

    public String call() {
        return call;
    }

    /** The HTTP status, or 0 when nothing answered. */
    public int status() {
        return status;
    }

    /** The {@code error_code} of the problem the service answered, when it answered one. */
    public String errorCode() {
        return errorCode;
    }

    public boolean reachable() {
        return status > 0;
    }

    /** Nothing answered in time: the service accepted the call but hangs (or is very slow) on it. */
    public boolean timedOut() {
        return !reachable() && getMessage() != null && getMessage().startsWith(NO_ANSWER);
    }

    static ServiceCallFailed timedOut(String service, String call, long millis) {
        return new ServiceCallFailed(service, call, 0, null, NO_ANSWER + millis + " ms", null);
    }

    /** "model-gateway answered 401 AUTH_001 to GET /v1/backends: Unknown API key". */
    public String describe() {
        if (!reachable()) {
            return service + " did not answer " + call + ": " + getMessage();
        }
        return service + " answered " + status + (errorCode == null ? "" : " " + errorCode) + " to " + call
                + (getMessage() == null || getMessage().isBlank() ? "" : ": " + getMessage());
    }
}
