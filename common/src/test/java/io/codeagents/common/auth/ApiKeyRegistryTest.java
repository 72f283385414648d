package io.codeagents.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ApiKeyRegistryTest {

    @Test
    void parsesNameHashScopesAndLimit() {
        String hash = ApiKeyRegistry.sha256("s3cret");
        Map<String, ApiKey> keys = ApiKeyRegistry.parse(List.of("ci:" + hash.toUpperCase() + ":generate+review:30"),
                Optional.empty());
        ApiKey key = keys.get(hash);
        assertEquals("ci", key.name());
        assertTrue(key.allows(Scope.GENERATE));
        assertTrue(key.allows(Scope.REVIEW));
        assertFalse(key.allows(Scope.MODELS));
        assertEquals(30, key.requestsPerMinute());
        assertFalse(key.internal());
    }

    @Test
    void theServiceKeyIsInternalWithEveryScope() {
        ApiKey key = ApiKeyRegistry.parse(List.of(), Optional.of("service-key")).get(ApiKeyRegistry.sha256("service-key"));
        assertTrue(key.internal());
        for (Scope scope : Scope.values()) {
            assertTrue(key.allows(scope), scope.name());
        }
    }

    @Test
    void malformedEntriesAreRefusedAtStartupWithoutEchoingTheHash() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeyRegistry.parse(List.of("ci:not-a-hash:generate"), Optional.empty()));
        assertFalse(e.getMessage().contains("not-a-hash"));
        assertThrows(IllegalArgumentException.class,
                () -> ApiKeyRegistry.parse(List.of("ci:" + ApiKeyRegistry.sha256("x") + ":wizard"), Optional.empty()));
    }

    @Test
    void sha256IsLowercaseHex() {
        assertEquals("2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b", ApiKeyRegistry.sha256("secret"));
    }
}
