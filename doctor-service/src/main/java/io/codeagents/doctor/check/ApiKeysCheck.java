package io.codeagents.doctor.check;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.common.config.CodeagentsConfig;
import io.codeagents.doctor.config.SecretsPolicy;
import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/**
 * Authentication as configured where the doctor runs (the same variables every service gets): on, with a service key
 * that is set and long enough. A key the other services refuse shows up in the checks that call them (401).
 */
@ApplicationScoped
public class ApiKeysCheck implements Check {

    private static final String NEW_KEY = "head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \\n'";

    private final CodeagentsConfig codeagents;
    private final SecretsPolicy policy;

    public ApiKeysCheck(CodeagentsConfig codeagents, SecretsPolicy policy) {
        this.codeagents = codeagents;
        this.policy = policy;
    }

    @Override
    public String id() {
        return "config.api_keys";
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        return Uni.createFrom().item(this::inspect);
    }

    Finding inspect() {
        int userKeys = codeagents.auth().keys().map(List::size).orElse(0);
        boolean serviceKey = codeagents.apiKey().filter(k -> !k.isBlank()).isPresent();
        boolean authOn = codeagents.auth().enabled();
        if (!SecretRules.enforced(policy)) {
            return Finding.ok(SecretRules.notEnforced()).detail("auth_enabled", authOn)
                    .detail("service_key_set", serviceKey).detail("user_keys", userKeys);
        }
        List<String> critical = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (authOn && !serviceKey) {
            critical.add("CODEAGENTS_API_KEY is not set: with authentication on, the services cannot call each other");
            fixes.add("generate a key (" + NEW_KEY + ") and give the same CODEAGENTS_API_KEY to every service and script");
        }
        if (!authOn) {
            warnings.add("authentication is off (CODEAGENTS_AUTH_ENABLED=false): whoever reaches a port may use every "
                    + "endpoint");
            fixes.add("switch it on (CODEAGENTS_AUTH_ENABLED=true) unless nobody else can reach this machine");
        }
        if (serviceKey && codeagents.apiKey().get().length() < policy.minimumKeyLength()) {
            warnings.add("CODEAGENTS_API_KEY is shorter than " + policy.minimumKeyLength() + " characters");
            fixes.add("use a longer key (" + NEW_KEY + ")");
        }
        CheckStatus status = !critical.isEmpty()
                ? CheckStatus.CRITICAL
                : !warnings.isEmpty() ? CheckStatus.WARNING : CheckStatus.OK;
        List<String> problems = new ArrayList<>(critical);
        problems.addAll(warnings);
        String summary = problems.isEmpty()
                ? "authentication on, service key set, " + userKeys + " user key" + (userKeys == 1 ? "" : "s")
                : String.join("; ", problems);
        return Finding.of(status, summary, fixes.isEmpty() ? null : capitalize(String.join("; ", fixes)))
                .detail("auth_enabled", authOn).detail("service_key_set", serviceKey).detail("user_keys", userKeys);
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
