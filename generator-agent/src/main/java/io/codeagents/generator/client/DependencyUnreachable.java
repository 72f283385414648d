package io.codeagents.generator.client;

/**
 * No connection could be made, so the request never reached the agent: the one failure a client may retry at once for
 * any method without risking doing the work twice.
 */
public class DependencyUnreachable extends DependencyUnavailable {

    public DependencyUnreachable(Dependency dependency, String message, Throwable cause) {
        super(dependency, dependency.unavailableCode(), message, cause);
    }
}
