package io.codeagents.gateway.rest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;
import io.codeagents.gateway.client.GuardedBackend;
import io.codeagents.gateway.config.GatewayConfig;
import io.codeagents.gateway.service.BackendRegistry;
import io.codeagents.gateway.service.ModelCatalog;
import io.smallrye.mutiny.Uni;

/** {@code GET /v1/models} (OpenAI list) and {@code GET /v1/backends} (each backend's state, probed now). */
@Path("/v1")
@RequiresScope(Scope.MODELS)
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    public record Model(String id, String object, long created, String ownedBy) {
    }

    public record ModelList(String object, List<Model> data) {
    }

    public record Backend(String name, String type, String url, boolean enabled, boolean reachable, Long latencyMs,
            String breaker, Integer inFlight, Integer queued, List<String> models, String error,
            Map<String, Object> state) {
    }

    public record Backends(List<Backend> backends, String defaultModel) {
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final BackendRegistry registry;
    private final ModelCatalog catalog;
    private final GatewayConfig config;

    public ModelsResource(BackendRegistry registry, ModelCatalog catalog, GatewayConfig config) {
        this.registry = registry;
        this.catalog = catalog;
        this.config = config;
    }

    @GET
    @Path("/models")
    public Uni<ModelList> models() {
        return catalog.refresh().map(v -> {
            List<Model> data = new ArrayList<>();
            for (GuardedBackend backend : registry.enabled()) {
                List<String> models = catalog.modelsOf(backend.name());
                if (models != null) {
                    models.forEach(m -> data.add(new Model(m, "model", 0, backend.name())));
                }
            }
            config.aliases().keySet().stream().sorted()
                    .forEach(alias -> data.add(new Model(alias, "model", 0, "gateway-alias")));
            return new ModelList("list", data);
        });
    }

    @GET
    @Path("/backends")
    public Uni<Backends> backends() {
        List<Uni<Backend>> probes = new ArrayList<>();
        for (BackendRegistry.Entry entry : registry.all()) {
            if (!entry.enabled()) {
                probes.add(Uni.createFrom().item(new Backend(entry.name(), entry.config().type(),
                        entry.config().url().orElse(null), false, false, null, null, null, null, List.of(),
                        "off: " + entry.offReason(), null)));
            } else {
                probes.add(probe(entry));
            }
        }
        return Uni.join().all(probes).andFailFast().map(list -> new Backends(list, config.defaultModel()));
    }

    private Uni<Backend> probe(BackendRegistry.Entry entry) {
        GuardedBackend backend = entry.guarded();
        long start = System.nanoTime();
        return backend.backend().ping().ifNoItem().after(PROBE_TIMEOUT).fail()
                .map(ok -> (String) null)
                .onFailure().recoverWithItem(e -> String.valueOf(e.getMessage()))
                .chain(error -> {
                    long latency = (System.nanoTime() - start) / 1_000_000;
                    Uni<List<String>> models = error == null
                            ? backend.listModels().ifNoItem().after(PROBE_TIMEOUT).fail().onFailure()
                                    .recoverWithItem(e -> catalog.modelsOf(backend.name()))
                            : Uni.createFrom().item(catalog.modelsOf(backend.name()));
                    String problem = error != null ? error : backend.backend().problem();
                    return models.map(list -> new Backend(entry.name(), entry.config().type(), backend.backend().url(),
                            true, error == null, error == null ? latency : null, backend.breakerState(),
                            backend.inFlight(), backend.queued(), list == null ? List.of() : list, problem,
                            backend.backend().state()));
                });
    }
}
