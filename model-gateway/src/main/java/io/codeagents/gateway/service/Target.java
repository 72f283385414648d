package io.codeagents.gateway.service;

import io.codeagents.gateway.client.GuardedBackend;

/** One place a model can be served: a backend and the model name it knows. */
public record Target(GuardedBackend backend, String model) {

    /** {@code backend/model}, as in aliases, errors and the {@code X-Backend} header. */
    public String label() {
        return backend.name() + "/" + model;
    }
}
