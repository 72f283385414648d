package io.codeagents.gateway.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;
import io.codeagents.common.http.RequestIds;
import io.codeagents.gateway.client.ChatMessage;
import io.codeagents.gateway.client.Chunk;
import io.codeagents.gateway.client.InferenceRequest;
import io.codeagents.gateway.service.InferenceCall;
import io.codeagents.gateway.service.InferenceService;
import io.smallrye.mutiny.Uni;

/** {@code POST /chat {"message": "…"}}: one question, one answer, for quick checks from scripts. */
@Path("/chat")
@RequiresScope(Scope.GENERATE)
public class ChatResource {

    public record ChatRequest(@NotBlank String message, String model) {
    }

    public record ChatReply(String response, String model, String backend) {
    }

    private final InferenceService inference;
    private final Callers callers;

    public ChatResource(InferenceService inference, Callers callers) {
        this.inference = inference;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ChatReply> chat(@Valid @NotNull ChatRequest body, @RestHeader("Authorization") String authorization,
            @RestHeader(RequestIds.HEADER) String requestId) {
        InferenceRequest request = new InferenceRequest(null, List.of(new ChatMessage("user", body.message())), null,
                null, null, null, null, null, null, null, requestId);
        InferenceCall call = new InferenceCall(body.model(), request, false, false, callers.name(authorization));
        return inference.serve(call).chain(answer -> answer.chunks().map(Chunk::text).collect()
                .with(java.util.stream.Collectors.joining())
                .map(text -> new ChatReply(text, answer.model(), answer.servedBy())));
    }
}
