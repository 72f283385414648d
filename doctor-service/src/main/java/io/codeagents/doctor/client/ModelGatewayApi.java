package io.codeagents.doctor.client;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/** The model gateway's status API, as agreed between the services. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
interface ModelGatewayApi {

    @GET
    @Path("backends")
    Uni<Response> backends();

    @DELETE
    @Path("cache")
    Uni<Response> flushCache();
}
