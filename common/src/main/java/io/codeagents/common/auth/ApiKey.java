package io.codeagents.common.auth;

import java.util.Set;

/**
 * A configured key, known only by the SHA-256 of its secret. {@code requestsPerMinute} overrides the default limit when
 * positive; the internal key that services use between themselves is not rate limited.
 */
public record ApiKey(String name, String sha256, Set<Scope> scopes, int requestsPerMinute, boolean internal) {

    public boolean allows(Scope scope) {
        return scopes.contains(Scope.ADMIN) || scopes.contains(scope);
    }
}
