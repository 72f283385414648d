package io.codeagents.doctor.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /v1/backends} of the model gateway. */
public record BackendsView(List<Backend> backends, String defaultModel) {

    public BackendsView {
        backends = backends == null ? List.of() : backends;
    }

    /** One model server behind the gateway; {@code breaker} is closed, open or half_open. */
    public record Backend(String name, String type, String url, Boolean enabled, Boolean reachable, Long latencyMs,
            String breaker, List<JsonNode> models, String error) {

        public boolean isEnabled() {
            return !Boolean.FALSE.equals(enabled);
        }

        public boolean isReachable() {
            return Boolean.TRUE.equals(reachable);
        }

        public boolean breakerClosed() {
            return breaker == null || "closed".equalsIgnoreCase(breaker);
        }

        /** Model names, whether the gateway lists them as strings or as objects with a name or id. */
        public List<String> modelNames() {
            List<String> names = new ArrayList<>();
            if (models != null) {
                for (JsonNode model : models) {
                    if (model.isTextual()) {
                        names.add(model.asText());
                    } else if (model.hasNonNull("name")) {
                        names.add(model.get("name").asText());
                    } else if (model.hasNonNull("id")) {
                        names.add(model.get("id").asText());
                    } else if (model.hasNonNull("model")) {
                        names.add(model.get("model").asText());
                    }
                }
            }
            return names;
        }
    }
}
