package io.codeagents.doctor.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/** What every codeagents service answers (ARCHITECTURE.md "Common HTTP conventions"). */
@Path("/")
interface ServiceProbeApi {

    @GET
    @Path("health/ready")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> readiness();

    @GET
    @Path("info")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> info();

    @GET
    @Path("metrics")
    @Produces(MediaType.TEXT_PLAIN)
    Uni<Response> metrics();
}
