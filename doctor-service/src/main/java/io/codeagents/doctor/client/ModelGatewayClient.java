package io.codeagents.doctor.client;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** The model gateway's backends and cache, for the models checks and the cache flush. */
@ApplicationScoped
public class ModelGatewayClient {

    private final ServiceClient service;
    private final ModelGatewayApi api;

    public ModelGatewayClient(ServiceDirectory directory) {
        this.service = directory.get(ServiceDirectory.MODEL_GATEWAY);
        this.api = service.api(ModelGatewayApi.class);
    }

    public Uni<BackendsView> backends(Duration deadline) {
        return service.send("GET /v1/backends", api::backends, deadline).map(a -> a.as(BackendsView.class));
    }

    /** Flushes the response cache; the number of entries deleted. */
    public Uni<Long> flushCache(Duration deadline) {
        return service.send("DELETE /v1/cache", api::flushCache, deadline).map(a -> a.json().path("deleted").asLong(0));
    }
}
