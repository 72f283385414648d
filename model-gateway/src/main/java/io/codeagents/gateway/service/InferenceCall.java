package io.codeagents.gateway.service;

import java.util.TreeMap;

import io.codeagents.gateway.client.InferenceRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One client request as the gateway handles it: the model as the client named it, the request for the backends (its
 * model filled in per target), whether to stream, whether the client asked to bypass the cache, and who asked.
 */
public record InferenceCall(String requestedModel, InferenceRequest request, boolean stream, boolean noCache,
        String principal) {

    /** Temperature 0 or a fixed seed: the same request gives the same answer, so it may be cached. */
    public boolean deterministic() {
        return request.seed() != null || request.temperature() != null && request.temperature() == 0.0;
    }

    /** The request in a fixed field order, so equal requests hash equally whatever order the client wrote. */
    public String canonical(String effectiveModel) {
        JsonObject json = new JsonObject().put("kind", request.isChat() ? "chat" : "completion").put("model",
                effectiveModel);
        if (request.isChat()) {
            JsonArray messages = new JsonArray();
            request.messages().forEach(m -> messages.add(new JsonArray().add(m.role()).add(m.content())));
            json.put("messages", messages);
        } else {
            json.put("prompt", request.prompt());
        }
        return json.put("temperature", request.temperature()).put("top_p", request.topP())
                .put("max_tokens", request.maxTokens()).put("stop", request.stop()).put("seed", request.seed())
                .put("num_ctx", request.numCtx())
                .put("logit_bias", request.logitBias() == null ? null : new TreeMap<>(request.logitBias()))
                .encode();
    }
}
