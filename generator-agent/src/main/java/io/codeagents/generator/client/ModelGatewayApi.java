package io.codeagents.generator.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The model gateway's OpenAI-compatible API ({@code MODEL_GATEWAY_URL}). */
@RegisterRestClient(configKey = "model-gateway")
@RegisterProvider(ProblemResponseMapper.ForModelGateway.class)
@Path("/v1")
interface ModelGatewayApi {

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    ChatCompletion chatCompletion(ChatCompletionRequest request);
}
