package io.codeagents.reviewer.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.codeagents.reviewer.sandbox.Isolation;
import io.codeagents.reviewer.sandbox.Sandbox;
import io.codeagents.reviewer.sandbox.SandboxSlots;

/**
 * The sandbox in readiness: DOWN when no review can run on this host (the data says why), UP otherwise with the
 * isolation in force stated plainly, including what is missing when only the resource-limited fallback runs.
 */
@Readiness
@ApplicationScoped
public class SandboxReadiness implements HealthCheck {

    private final Sandbox sandbox;
    private final SandboxSlots slots;

    public SandboxReadiness(Sandbox sandbox, SandboxSlots slots) {
        this.sandbox = sandbox;
        this.slots = slots;
    }

    @Override
    public HealthCheckResponse call() {
        Isolation isolation = sandbox.isolation();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("sandbox").withData("mode", isolation.mode())
                .withData("network", isolation.network() ? "reachable" : "none")
                .withData("capacity", slots.capacity()).withData("active", slots.active())
                .withData("waiting", slots.waiting());
        if (isolation.interpreter() != null) {
            builder.withData("interpreter", isolation.interpreter());
        }
        if (isolation.testRunner() != null) {
            builder.withData("test_runner", isolation.testRunner());
        }
        if (!isolation.problems().isEmpty()) {
            builder.withData("degraded", String.join("; ", isolation.problems()));
        }
        return builder.status(isolation.runnable()).build();
    }
}
