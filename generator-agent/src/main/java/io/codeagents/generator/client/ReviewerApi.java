package io.codeagents.generator.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The reviewer agent's API ({@code REVIEWER_URL}). */
@RegisterRestClient(configKey = "reviewer-agent")
@RegisterProvider(ProblemResponseMapper.ForReviewer.class)
interface ReviewerApi {

    @POST
    @Path("/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    ReviewResult review(ReviewRequest request);
}
