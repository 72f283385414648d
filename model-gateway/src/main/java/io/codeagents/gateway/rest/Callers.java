package io.codeagents.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.common.auth.ApiKey;
import io.codeagents.common.auth.ApiKeyRegistry;

/** Who is calling, for usage accounting: the API key's configured name, or {@code anonymous} with auth off. */
@ApplicationScoped
public class Callers {

    private final ApiKeyRegistry keys;

    public Callers(ApiKeyRegistry keys) {
        this.keys = keys;
    }

    public String name(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "anonymous";
        }
        return keys.lookup(authorization.substring(7).trim()).map(ApiKey::name).orElse("anonymous");
    }
}
