package io.codeagents.gateway.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.gateway.client.GuardedBackend;
import io.codeagents.gateway.client.ModelBackend;
import io.codeagents.gateway.client.OllamaBackend;
import io.codeagents.gateway.client.OpenAiBackend;
import io.codeagents.gateway.client.TgiBackend;
import io.codeagents.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;

/**
 * The configured backends, in routing order. A backend without a URL, or with {@code enabled=false}, is listed but
 * off. A new backend type (an in-process model, say) is one more case in {@link #create}.
 */
@ApplicationScoped
public class BackendRegistry {

    private static final Logger LOG = Logger.getLogger(BackendRegistry.class);

    /** A configured backend: on (with its guarded client) or off. */
    public record Entry(String name, GatewayConfig.Backend config, GuardedBackend guarded) {
        public boolean enabled() {
            return guarded != null;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public BackendRegistry(GatewayConfig config, Vertx vertx) {
        List<String> names = new ArrayList<>();
        config.backendOrder().stream().filter(config.backends()::containsKey).forEach(names::add);
        config.backends().keySet().stream().filter(n -> !names.contains(n)).sorted().forEach(names::add);
        for (String name : names) {
            GatewayConfig.Backend backend = config.backends().get(name);
            boolean on = backend.enabled().orElse(backend.url().isPresent()) && backend.url().isPresent();
            GuardedBackend guarded = on ? new GuardedBackend(create(name, backend, vertx), backend) : null;
            entries.put(name, new Entry(name, backend, guarded));
            LOG.infof("Backend %s (%s): %s", name, backend.type(), on ? backend.url().get() : "off (no URL configured)");
        }
    }

    static ModelBackend create(String name, GatewayConfig.Backend config, Vertx vertx) {
        return switch (config.type()) {
            case "ollama" -> new OllamaBackend(name, vertx, config);
            case "tgi" -> new TgiBackend(name, vertx, config);
            case "openai" -> new OpenAiBackend(name, vertx, config);
            default -> throw new IllegalArgumentException("gateway.backends." + name + ".type: unknown type '"
                    + config.type() + "' (expected ollama, tgi or openai)");
        };
    }

    public Collection<Entry> all() {
        return entries.values();
    }

    public List<GuardedBackend> enabled() {
        return entries.values().stream().filter(Entry::enabled).map(Entry::guarded).toList();
    }

    public Optional<Entry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    @PreDestroy
    void close() {
        enabled().forEach(b -> b.backend().close());
    }
}
