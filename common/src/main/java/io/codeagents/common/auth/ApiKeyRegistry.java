package io.codeagents.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.config.CodeagentsConfig;
import io.quarkus.runtime.Startup;

/** The keys this service accepts, looked up by the SHA-256 of the presented secret. */
@ApplicationScoped
@Startup
public class ApiKeyRegistry {

    private static final Logger LOG = Logger.getLogger(ApiKeyRegistry.class);

    private final Map<String, ApiKey> byHash;
    private final boolean enabled;

    public ApiKeyRegistry(CodeagentsConfig config) {
        this.enabled = config.auth().enabled();
        this.byHash = parse(config.auth().keys().orElse(List.of()), config.apiKey());
        if (enabled && byHash.isEmpty()) {
            LOG.warn("Authentication is on but no API key is configured: every request will get 401. "
                    + "Set CODEAGENTS_API_KEY or CODEAGENTS_AUTH_KEYS (or CODEAGENTS_AUTH_ENABLED=false for local use).");
        } else if (!enabled) {
            LOG.info("Authentication is off (CODEAGENTS_AUTH_ENABLED=false): do not expose this service.");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public Optional<ApiKey> lookup(String presentedSecret) {
        return Optional.ofNullable(byHash.get(sha256(presentedSecret)));
    }

    /** True when at least one key is configured (the doctor reports a service that would refuse everything). */
    public boolean hasKeys() {
        return !byHash.isEmpty();
    }

    static Map<String, ApiKey> parse(List<String> entries, Optional<String> internalKey) {
        Map<String, ApiKey> keys = new LinkedHashMap<>();
        internalKey.filter(k -> !k.isBlank()).ifPresent(
                k -> keys.put(sha256(k), new ApiKey("internal", sha256(k), EnumSet.of(Scope.ADMIN), 0, true)));
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":");
            if (parts.length < 3 || parts.length > 4 || !parts[1].matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("Invalid API key entry (expected name:sha256-hex:scope+scope[:rpm]): "
                        + parts[0]);
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String scope : parts[2].split("[+|]")) {
                scopes.add(Scope.parse(scope));
            }
            int rpm = parts.length == 4 ? Integer.parseInt(parts[3]) : 0;
            String hash = parts[1].toLowerCase(Locale.ROOT);
            keys.put(hash, new ApiKey(parts[0], hash, scopes, rpm, false));
        }
        return keys;
    }

    public static String sha256(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
