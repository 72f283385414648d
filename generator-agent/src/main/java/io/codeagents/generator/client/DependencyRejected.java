package io.codeagents.generator.client;

import io.codeagents.common.error.ErrorCode;

/**
 * The agent answered 4xx: this request will not succeed by waiting (unknown model, context too long, invalid code). Not
 * counted by the circuit breakers: the agent itself is healthy.
 */
public class DependencyRejected extends DependencyFailure {

    private final int status;

    public DependencyRejected(Dependency dependency, ErrorCode code, int status, String message) {
        super(dependency, code, message, null);
        this.status = status;
    }

    public int status() {
        return status;
    }

    @Override
    public boolean transientFailure() {
        return false;
    }
}
