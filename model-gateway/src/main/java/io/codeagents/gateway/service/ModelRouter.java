package io.codeagents.gateway.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;

/**
 * Turns the model a request names into the ordered targets to try: an alias gives its list; {@code backend/model}
 * names one target; a plain name goes to every backend known to serve it (in backend order), or to the backends
 * whose model list is unknown (they may have it). A name no reachable backend lists is 404 {@code MODEL_004}.
 */
@ApplicationScoped
public class ModelRouter {

    private final GatewayConfig config;
    private final BackendRegistry registry;
    private final ModelCatalog catalog;

    public ModelRouter(GatewayConfig config, BackendRegistry registry, ModelCatalog catalog) {
        this.config = config;
        this.registry = registry;
        this.catalog = catalog;
    }

    public String defaultModel() {
        return config.defaultModel();
    }

    /** The name requests without a model get, or the requested one. */
    public String effectiveName(String requested) {
        return requested == null || requested.isBlank() ? config.defaultModel() : requested.trim();
    }

    public Uni<List<Target>> resolve(String requested) {
        String name = effectiveName(requested);
        String alias = config.aliases().get(name);
        if (alias != null) {
            return Uni.createFrom().item(aliasTargets(name, alias));
        }
        int slash = name.indexOf('/');
        if (slash > 0 && registry.find(name.substring(0, slash)).isPresent()) {
            return Uni.createFrom().item(List.of(explicit(name.substring(0, slash), name.substring(slash + 1))));
        }
        List<Target> known = servedBy(name);
        if (!known.isEmpty()) {
            return Uni.createFrom().item(known);
        }
        return catalog.refreshOnDemand().map(refreshed -> {
            List<Target> targets = servedBy(name);
            if (!targets.isEmpty()) {
                return targets;
            }
            List<Target> unknown = registry.enabled().stream().filter(b -> catalog.modelsOf(b.name()) == null)
                    .map(b -> new Target(b, name)).toList();
            if (!unknown.isEmpty()) {
                return unknown;
            }
            throw new ApiException(ErrorCode.MODEL_004, "Unknown model '" + name + "': no backend serves it (see GET "
                    + "/v1/models; pull it with the download service, or name an alias or backend/model)")
                    .with("model", name);
        });
    }

    private List<Target> servedBy(String name) {
        List<Target> targets = new ArrayList<>();
        registry.enabled().forEach(b -> {
            List<String> models = catalog.modelsOf(b.name());
            if (models != null && (models.contains(name) || models.contains(name + ":latest"))) {
                targets.add(new Target(b, name));
            }
        });
        return targets;
    }

    private List<Target> aliasTargets(String alias, String definition) {
        List<Target> targets = new ArrayList<>();
        for (String entry : definition.split(",")) {
            String target = entry.trim();
            int slash = target.indexOf('/');
            if (slash <= 0) {
                throw new ApiException(ErrorCode.MODEL_001, "Alias '" + alias + "' has an invalid target '" + target
                        + "' (expected backend/model)");
            }
            registry.find(target.substring(0, slash)).filter(BackendRegistry.Entry::enabled)
                    .ifPresent(e -> targets.add(new Target(e.guarded(), target.substring(slash + 1))));
        }
        if (targets.isEmpty()) {
            throw new ApiException(ErrorCode.MODEL_001, "No backend of alias '" + alias + "' (" + definition
                    + ") is enabled").with("model", alias).with("tried", List.of());
        }
        return targets;
    }

    private Target explicit(String backend, String model) {
        BackendRegistry.Entry entry = registry.find(backend).orElseThrow();
        if (!entry.enabled()) {
            throw new ApiException(ErrorCode.MODEL_001, "Backend '" + backend + "' is off: " + entry.offReason())
                    .with("model", backend + "/" + model).with("tried", List.of());
        }
        return new Target(entry.guarded(), model);
    }
}
