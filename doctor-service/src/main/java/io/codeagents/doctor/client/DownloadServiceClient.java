package io.codeagents.doctor.client;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** The download service's pulls and store, for the downloads checks and their fixes. */
@ApplicationScoped
public class DownloadServiceClient {

    private final ServiceClient service;
    private final DownloadServiceApi api;

    public DownloadServiceClient(ServiceDirectory directory) {
        this.service = directory.get(ServiceDirectory.DOWNLOAD_SERVICE);
        this.api = service.api(DownloadServiceApi.class);
    }

    public Uni<PullsView> pulls(Duration deadline) {
        return service.send("GET /pulls", api::pulls, deadline).map(a -> a.as(PullsView.class));
    }

    public Uni<StoreView> store(Duration deadline) {
        return service.send("GET /store", api::store, deadline).map(a -> a.as(StoreView.class));
    }

    /** Starts the pull of a model or resumes its failed pull; the pull as the service answered it. */
    public Uni<PullsView.Pull> pull(String model, Duration deadline) {
        return service.send("POST /pulls", () -> api.pull(new DownloadServiceApi.PullRequest(model)), deadline)
                .map(a -> a.as(PullsView.Pull.class));
    }

    /** Cancels a pull, keeping its partial data so that the next pull resumes from it. */
    public Uni<HttpAnswer> cancel(String model, Duration deadline) {
        return service.send("DELETE /pulls/" + model, () -> api.cancel(model), deadline);
    }

    /** Removes partial files no pull refers to: {@code {"removed":[...],"freed_bytes":n}}. */
    public Uni<JsonNode> cleanOrphans(Duration deadline) {
        return service.send("POST /store/clean-orphans", api::cleanOrphans, deadline).map(HttpAnswer::json);
    }
}
