package io.codeagents.reviewer.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;
import io.codeagents.reviewer.sandbox.Sandbox;
import io.codeagents.reviewer.sandbox.SandboxSlots;
import io.codeagents.reviewer.service.ReviewStats;
import io.codeagents.reviewer.service.ReviewStore;

/** {@code GET /stats}: verdicts, test pass rate, latency percentiles, sandbox occupancy. */
@Path("/stats")
@RequiresScope(Scope.REVIEW)
public class StatsResource {

    private final ReviewStore store;
    private final SandboxSlots slots;
    private final Sandbox sandbox;

    public StatsResource(ReviewStore store, SandboxSlots slots, Sandbox sandbox) {
        this.store = store;
        this.slots = slots;
        this.sandbox = sandbox;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ReviewStats stats() {
        var verdicts = store.verdicts();
        long total = verdicts.values().stream().mapToLong(Long::longValue).sum();
        return new ReviewStats(total, verdicts, store.testStats(), store.latency(), new ReviewStats.Sandboxes(
                sandbox.isolation().mode(), slots.capacity(), slots.active(), slots.waiting(), slots.rejectedTotal()));
    }
}
