package io.codeagents.generator.client;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.codeagents.common.error.ErrorCode;

/**
 * The agents the generator calls, with the codes a caller sees when one is away: a gateway that cannot be reached means
 * no model is available (MODEL_001), a reviewer that cannot be reached is an unavailable agent (COMM_001).
 */
public enum Dependency {
    MODEL_GATEWAY("model-gateway", ErrorCode.MODEL_001, ErrorCode.MODEL_002, ErrorCode.GEN_001), REVIEWER("reviewer-agent",
            ErrorCode.COMM_001, ErrorCode.COMM_003, ErrorCode.REV_001);

    private final String serviceName;
    private final ErrorCode unavailable;
    private final ErrorCode timeout;
    private final ErrorCode failed;

    Dependency(String serviceName, ErrorCode unavailable, ErrorCode timeout, ErrorCode failed) {
        this.serviceName = serviceName;
        this.unavailable = unavailable;
        this.timeout = timeout;
        this.failed = failed;
    }

    public String serviceName() {
        return serviceName;
    }

    public ErrorCode unavailableCode() {
        return unavailable;
    }

    /** The code for an answer this service should not have given (an unknown error code, a body that is not JSON). */
    public ErrorCode failedCode() {
        return failed;
    }

    /** Runs a call of this dependency's client and turns whatever it throws into a {@link DependencyFailure}. */
    public <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    DependencyFailure translate(RuntimeException e) {
        if (e instanceof DependencyFailure failure) {
            return failure;
        }
        if (e instanceof TimeoutException) {
            return new DependencyUnavailable(this, timeout, serviceName + " did not answer in time", e);
        }
        if (e instanceof CircuitBreakerOpenException) {
            return new DependencyUnavailable(this, unavailable,
                    serviceName + " is failing repeatedly; calls are suspended for a moment (circuit breaker open)", e);
        }
        if (e instanceof ProcessingException) {
            return unreachable(e);
        }
        return new DependencyUnavailable(this, unavailable, serviceName + " call failed: " + e, e);
    }

    /** A call that did not get an HTTP answer: refused, unresolvable host, broken connection. */
    DependencyFailure unreachable(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DependencyFailure failure) {
                return failure;
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return new DependencyUnreachable(this, serviceName + " is unreachable: " + cause.getMessage(), e);
            }
        }
        return new DependencyUnavailable(this, unavailable,
                serviceName + " call failed: " + (e.getCause() != null ? e.getCause() : e), e);
    }
}
