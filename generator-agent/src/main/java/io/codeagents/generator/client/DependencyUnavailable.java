package io.codeagents.generator.client;

import io.codeagents.common.error.ErrorCode;

/** The agent is down, overloaded, timed out or answered 5xx: worth waiting for. */
public class DependencyUnavailable extends DependencyFailure {

    public DependencyUnavailable(Dependency dependency, ErrorCode code, String message, Throwable cause) {
        super(dependency, code, message, cause);
    }

    @Override
    public boolean transientFailure() {
        return true;
    }
}
