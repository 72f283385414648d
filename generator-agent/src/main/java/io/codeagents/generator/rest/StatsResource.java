package io.codeagents.generator.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;
import io.codeagents.generator.service.TaskStatistics;

/** Counters and latency figures of the generator's work. */
@Path("/stats")
@RequiresScope(Scope.GENERATE)
public class StatsResource {

    private final TaskStatistics statistics;

    public StatsResource(TaskStatistics statistics) {
        this.statistics = statistics;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public TaskStatistics.Stats stats() {
        return statistics.compute();
    }
}
