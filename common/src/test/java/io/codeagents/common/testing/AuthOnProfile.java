package io.codeagents.common.testing;

import java.util.Map;
import java.util.UUID;

import io.codeagents.common.auth.ApiKeyRegistry;
import io.quarkus.test.junit.QuarkusTestProfile;

/** Authentication switched on with one key per scope and one tightly rate-limited key. */
public class AuthOnProfile implements QuarkusTestProfile {

    public static final String ADMIN_KEY = "admin-key-for-tests";
    public static final String GENERATE_KEY = "generate-key-for-tests";
    public static final String REVIEW_KEY = "review-key-for-tests";
    public static final String MODELS_KEY = "models-key-for-tests";
    public static final String LIMITED_KEY = "limited-key-for-tests";
    public static final int LIMIT = 3;

    /** Unique per JVM so that counters left in Redis by an earlier run in the same minute do not leak in. */
    private static final String LIMITED_NAME = "limited-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "codeagents.auth.enabled", "true",
                "codeagents.auth.keys", String.join(",",
                        "admin:" + ApiKeyRegistry.sha256(ADMIN_KEY) + ":admin",
                        "generate:" + ApiKeyRegistry.sha256(GENERATE_KEY) + ":generate",
                        "review:" + ApiKeyRegistry.sha256(REVIEW_KEY) + ":review",
                        "models:" + ApiKeyRegistry.sha256(MODELS_KEY) + ":models",
                        LIMITED_NAME + ":" + ApiKeyRegistry.sha256(LIMITED_KEY) + ":generate+review+models:" + LIMIT));
    }

    /** A key holding the given scope only. */
    public static String keyFor(io.codeagents.common.auth.Scope scope) {
        return switch (scope) {
            case GENERATE -> GENERATE_KEY;
            case REVIEW -> REVIEW_KEY;
            case MODELS -> MODELS_KEY;
            case ADMIN -> ADMIN_KEY;
        };
    }
}
