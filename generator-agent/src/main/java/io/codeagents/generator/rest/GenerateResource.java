package io.codeagents.generator.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;
import io.codeagents.generator.service.GeneratedCode;
import io.codeagents.generator.service.GenerationService;
import io.codeagents.generator.service.RequestLimits;

/** One-shot generation: an implementation and its tests for a task description, without review. */
@Path("/generate")
@RequiresScope(Scope.GENERATE)
public class GenerateResource {

    private final GenerationService generation;
    private final RequestLimits limits;

    public GenerateResource(GenerationService generation, RequestLimits limits) {
        this.generation = generation;
        this.limits = limits;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public GeneratedCode generate(@Valid @NotNull GenerateRequest request) {
        return generation.generate(limits.spec(request.taskDescription(), request.language(), request.model(),
                request.temperature(), request.maxTokens()));
    }
}
