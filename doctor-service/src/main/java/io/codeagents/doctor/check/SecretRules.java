package io.codeagents.doctor.check;

import java.util.Locale;

import io.codeagents.doctor.config.SecretsPolicy;
import io.quarkus.runtime.LaunchMode;

/** Whether secrets are judged here (not in dev mode, not where switched off) and whether one is published. */
final class SecretRules {

    private SecretRules() {
    }

    static boolean enforced(SecretsPolicy policy) {
        return policy.enforced() && LaunchMode.current() != LaunchMode.DEVELOPMENT;
    }

    static String notEnforced() {
        return LaunchMode.current() == LaunchMode.DEVELOPMENT
                ? "dev mode: defaults are fine here"
                : "not judged in this profile (doctor.secrets.enforced=false)";
    }

    static boolean wellKnown(SecretsPolicy policy, String secret) {
        String value = secret.trim().toLowerCase(Locale.ROOT);
        return policy.wellKnown().stream().anyMatch(known -> known.trim().toLowerCase(Locale.ROOT).equals(value));
    }
}
