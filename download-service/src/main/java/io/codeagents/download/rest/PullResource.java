package io.codeagents.download.rest;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestStreamElementType;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;
import io.codeagents.download.service.LogEntry;
import io.codeagents.download.service.ProgressEvent;
import io.codeagents.download.service.PullService;
import io.codeagents.download.service.PullView;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/**
 * Model pulls. A model name may contain {@code /} ({@code library/qwen2.5-coder:1.5b}), so the sub-resources
 * ({@code /events}, {@code /log}, {@code /reset}) are matched before the bare name.
 */
@Path("/pulls")
@RequiresScope(Scope.MODELS)
@Produces(MediaType.APPLICATION_JSON)
public class PullResource {

    private final PullService pulls;

    public PullResource(PullService pulls) {
        this.pulls = pulls;
    }

    public record PullRequest(@NotBlank String model) {
    }

    public record PullList(List<PullView> pulls) {
    }

    public record PullLog(String model, String name, List<LogEntry> events) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response pull(@Valid @NotNull PullRequest request) {
        PullService.PullOutcome outcome = pulls.pull(request.model());
        return Response.status(outcome.accepted() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create("/pulls/" + outcome.pull().model())).entity(outcome.pull()).build();
    }

    @GET
    public PullList list() {
        return new PullList(pulls.list());
    }

    @GET
    @Path("/{model: .+}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<ProgressEvent> events(@PathParam("model") String model) {
        return pulls.follow(model);
    }

    @GET
    @Path("/{model: .+}/log")
    public PullLog log(@PathParam("model") String model,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10000) int limit) {
        PullView pull = pulls.get(model);
        return new PullLog(pull.model(), pull.name(), pulls.log(model, limit));
    }

    @POST
    @Path("/{model: .+}/reset")
    public PullView reset(@PathParam("model") String model) {
        return pulls.reset(model);
    }

    @GET
    @Path("/{model: .+}")
    public PullView get(@PathParam("model") String model) {
        return pulls.get(model);
    }

    @DELETE
    @Path("/{model: .+}")
    public PullView cancel(@PathParam("model") String model) {
        return pulls.cancel(model);
    }
}
