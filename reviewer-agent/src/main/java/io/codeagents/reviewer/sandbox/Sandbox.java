package io.codeagents.reviewer.sandbox;

import jakarta.enterprise.context.ApplicationScoped;

/** Runs jobs with the isolation this host offers ({@link SandboxEnvironment}); 503 {@code SBX_002} where none. */
@ApplicationScoped
public class Sandbox {

    private final SandboxEnvironment environment;
    private final SandboxPool pool;

    public Sandbox(SandboxEnvironment environment, SandboxPool pool) {
        this.environment = environment;
        this.pool = pool;
    }

    public SandboxExecution run(SandboxJob job, SandboxSlots.Slot slot) {
        return pool.run(environment.command(), job, slot.number());
    }

    /** 503 {@code SBX_002} when this host cannot run reviews (see {@link Isolation#problems()}). */
    public void requireRunnable() {
        environment.requireRunnable();
    }

    public Isolation isolation() {
        return environment.isolation();
    }
}
