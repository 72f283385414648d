package io.codeagents.doctor.check;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.codeagents.common.config.CodeagentsConfig;
import io.codeagents.doctor.config.SecretsPolicy;
import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/**
 * Passwords and keys that are published (the compose defaults, the usual suspects) or empty, outside dev mode. Names
 * the variable, never the value.
 */
@ApplicationScoped
public class DefaultPasswordsCheck implements Check {

    private final SecretsPolicy policy;
    private final CodeagentsConfig codeagents;
    private final Optional<String> databasePassword;
    private final String redisHosts;

    public DefaultPasswordsCheck(SecretsPolicy policy, CodeagentsConfig codeagents,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> databasePassword,
            @ConfigProperty(name = "quarkus.redis.hosts") String redisHosts) {
        this.policy = policy;
        this.codeagents = codeagents;
        this.databasePassword = databasePassword;
        this.redisHosts = redisHosts;
    }

    @Override
    public String id() {
        return "config.default_passwords";
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        return Uni.createFrom().item(this::inspect);
    }

    Finding inspect() {
        if (!SecretRules.enforced(policy)) {
            return Finding.ok(SecretRules.notEnforced());
        }
        List<String> problems = new ArrayList<>();
        String dbPassword = databasePassword.orElse("");
        if (dbPassword.isBlank()) {
            problems.add("QUARKUS_DATASOURCE_PASSWORD is empty (PostgreSQL lets anyone in who reaches it)");
        } else if (SecretRules.wellKnown(policy, dbPassword)) {
            problems.add("QUARKUS_DATASOURCE_PASSWORD is a published default");
        }
        redisPassword().filter(p -> SecretRules.wellKnown(policy, p))
                .ifPresent(p -> problems.add("the password in QUARKUS_REDIS_HOSTS is a published default"));
        codeagents.apiKey().filter(k -> !k.isBlank() && SecretRules.wellKnown(policy, k))
                .ifPresent(k -> problems.add("CODEAGENTS_API_KEY is a published default"));
        CheckStatus status = problems.isEmpty() ? CheckStatus.OK : CheckStatus.WARNING;
        return Finding.of(status,
                problems.isEmpty() ? "no default or empty passwords" : String.join("; ", problems),
                "Set your own: POSTGRES_PASSWORD/QUARKUS_DATASOURCE_PASSWORD (and the database user's password), "
                        + "CODEAGENTS_API_KEY (head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \\n'), in .env for "
                        + "docker compose or the Helm values, then restart the stack")
                .detail("checked", List.of("QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_REDIS_HOSTS", "CODEAGENTS_API_KEY"));
    }

    private Optional<String> redisPassword() {
        try {
            String userInfo = URI.create(redisHosts.split(",")[0].trim()).getUserInfo();
            if (userInfo == null) {
                return Optional.empty();
            }
            int colon = userInfo.indexOf(':');
            return Optional.of(colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
