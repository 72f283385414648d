package io.codeagents.doctor.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/** The download service's pull and store API, as agreed between the services. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
interface DownloadServiceApi {

    record PullRequest(String model) {
    }

    @GET
    @Path("pulls")
    Uni<Response> pulls();

    /** Starts a pull, or resumes a failed one from its persisted progress (idempotent by contract). */
    @POST
    @Path("pulls")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> pull(PullRequest request);

    /** Cancels a pull, keeping its partial data. */
    @DELETE
    @Path("pulls/{model}")
    Uni<Response> cancel(@PathParam("model") String model);

    @GET
    @Path("store")
    Uni<Response> store();

    @POST
    @Path("store/clean-orphans")
    Uni<Response> cleanOrphans();
}
