package io.codeagents.generator.client;

import io.codeagents.common.error.ErrorCode;

/** A call to another agent that did not produce a usable answer, with the code the caller should report. */
public abstract class DependencyFailure extends RuntimeException {

    private final Dependency dependency;
    private final ErrorCode code;

    protected DependencyFailure(Dependency dependency, ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.dependency = dependency;
        this.code = code;
    }

    public Dependency dependency() {
        return dependency;
    }

    public ErrorCode code() {
        return code;
    }

    /** True when waiting may help (the agent is away or overloaded); false when the request itself was refused. */
    public abstract boolean transientFailure();
}
