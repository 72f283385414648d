package io.codeagents.reviewer.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestStreamElementType;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;
import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.error.Problem;
import io.codeagents.common.http.RequestIds;
import io.codeagents.reviewer.config.ReviewConfig;
import io.codeagents.reviewer.domain.Review;
import io.codeagents.reviewer.service.ReviewService;
import io.codeagents.reviewer.service.ReviewStore;
import io.codeagents.reviewer.service.Submission;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Reviews: submit one (answered when done, or as a progress stream), read one, list the newest. */
@Path("/")
@RequiresScope(Scope.REVIEW)
public class ReviewResource {

    static final int MAX_LIMIT = 100;

    private final ReviewService reviews;
    private final ReviewStore store;
    private final ReviewConfig config;

    public ReviewResource(ReviewService reviews, ReviewStore store, ReviewConfig config) {
        this.reviews = reviews;
        this.store = store;
        this.config = config;
    }

    @POST
    @Path("review")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Review review(@Valid @NotNull ReviewRequest request) {
        return reviews.review(request.toSubmission(config), (stage, detail) -> {
        });
    }

    @POST
    @Path("review")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<ReviewEvent> reviewWithProgress(@Valid @NotNull ReviewRequest request) {
        Submission submission = request.toSubmission(config);
        String requestId = RequestIds.current();
        Executor executor = Infrastructure.getDefaultExecutor();
        return Multi.createFrom().<ReviewEvent>emitter(emitter -> executor.execute(() -> {
            RequestIds.bind(requestId);
            try {
                Review review = reviews.review(submission, (stage, detail) -> emitter.emit(ReviewEvent.stage(stage, detail)));
                emitter.emit(ReviewEvent.completed(review));
            } catch (ApiException e) {
                emitter.emit(ReviewEvent.failed(Problem.of(e.code(), e.getMessage(), "/review", requestId)));
            } catch (RuntimeException e) {
                emitter.emit(ReviewEvent.failed(Problem.of(ErrorCode.REV_001, "The review failed; quote request id "
                        + requestId + " when reporting it", "/review", requestId)));
            } finally {
                RequestIds.bind(null);
            }
            emitter.complete();
        }));
    }

    @GET
    @Path("reviews/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Review get(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Review '" + id + "'");
        }
        return store.find(uuid).orElseThrow(() -> ApiException.notFound("Review '" + id + "'"));
    }

    @GET
    @Path("reviews")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, List<ReviewStore.ReviewSummary>> list(@QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return Map.of("reviews", store.newest(limit));
    }
}
