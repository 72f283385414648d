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
import io.codeagents.gateway.embedded.EmbeddedBackend;
import io.vertx.core.Vertx;

/**
 * The configured backends, in routing order. A backend without a URL, or with {@code enabled=false}, is listed but
 * off; the in-process {@code embedded} type needs no URL and is off unless {@code enabled=true}. A new backend type is
 * one more case in {@link #create}.
 */
@ApplicationScoped
public class BackendRegistry {

    private static final Logger LOG = Logger.getLogger(BackendRegistry.class);

    /** A configured backend: on (with its guarded client) or off, and why. */
    public record Entry(String name, GatewayConfig.Backend config, GuardedBackend guarded, String offReason) {
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
            String offReason = offReason(name, backend);
            GuardedBackend guarded = offReason == null
                    ? new GuardedBackend(create(name, backend, config, vertx), backend)
                    : null;
            entries.put(name, new Entry(name, backend, guarded, offReason));
            LOG.infof("Backend %s (%s): %s", name, backend.type(),
                    guarded != null ? guarded.backend().url() : "off: " + offReason);
        }
    }

    /** Why a configured backend is off, or null when it is on. */
    private static String offReason(String name, GatewayConfig.Backend backend) {
        if (EmbeddedBackend.TYPE.equals(backend.type())) {
            return backend.enabled().orElse(false)
                    ? null
                    : "gateway.backends." + name + ".enabled is not true (GATEWAY_EMBEDDED_ENABLED)";
        }
        if (backend.url().isEmpty()) {
            return "no URL configured";
        }
        return backend.enabled().orElse(true) ? null : "gateway.backends." + name + ".enabled=false";
    }

    static ModelBackend create(String name, GatewayConfig.Backend backend, GatewayConfig config, Vertx vertx) {
        return switch (backend.type()) {
            case "ollama" -> new OllamaBackend(name, vertx, backend);
            case "tgi" -> new TgiBackend(name, vertx, backend);
            case "openai" -> new OpenAiBackend(name, vertx, backend);
            case EmbeddedBackend.TYPE -> new EmbeddedBackend(name, backend, config.embedded());
            default -> throw new IllegalArgumentException("gateway.backends." + name + ".type: unknown type '"
                    + backend.type() + "' (expected ollama, tgi, openai or embedded)");
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
