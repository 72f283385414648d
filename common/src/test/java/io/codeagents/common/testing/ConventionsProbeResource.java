package io.codeagents.common.testing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;

/**
 * A test-only JSON endpoint with a required field, for services whose own API does not exist yet. Services point the
 * conventions contract at their real endpoints as soon as they have them.
 */
@Path("/_conventions/probe")
@RequiresScope(Scope.MODELS)
public class ConventionsProbeResource {

    public record ProbeRequest(@NotBlank String probeName, @Min(1) int size) {
    }

    public record ProbeResponse(String probeName, int size) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ProbeResponse probe(@Valid @NotNull ProbeRequest request) {
        return new ProbeResponse(request.probeName(), request.size());
    }
}
