package io.codeagents.reviewer.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The model gateway's OpenAI-compatible chat endpoint ({@code MODEL_GATEWAY_URL}). */
@RegisterRestClient(configKey = "model-gateway")
@Path("/v1")
interface ModelGatewayApi {

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    ChatCompletion chatCompletions(ChatRequest request);
}
