package io.codeagents.doctor.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.error.Violation;
import io.codeagents.doctor.check.ApiKeysCheck;
import io.codeagents.doctor.check.BackendsCheck;
import io.codeagents.doctor.check.Check;
import io.codeagents.doctor.check.CpuLoadCheck;
import io.codeagents.doctor.check.DefaultModelCheck;
import io.codeagents.doctor.check.DefaultPasswordsCheck;
import io.codeagents.doctor.check.ErrorRateCheck;
import io.codeagents.doctor.check.FailedPullsCheck;
import io.codeagents.doctor.check.JvmCheck;
import io.codeagents.doctor.check.MemoryCheck;
import io.codeagents.doctor.check.MetricSamples;
import io.codeagents.doctor.check.ModelsDiskCheck;
import io.codeagents.doctor.check.PartialFilesCheck;
import io.codeagents.doctor.check.PostgresCheck;
import io.codeagents.doctor.check.RedisCheck;
import io.codeagents.doctor.check.ServiceReadinessCheck;
import io.codeagents.doctor.check.StalledPullsCheck;
import io.codeagents.doctor.client.ServiceClient;
import io.codeagents.doctor.client.ServiceDirectory;
import io.codeagents.doctor.config.ChecksConfig;
import io.codeagents.doctor.config.ErrorRateThresholds;

/** Every check, in report order, and the selection {@code ?check=} / {@code ?category=} make of them. */
@ApplicationScoped
public class CheckCatalog {

    private final List<Check> checks;

    public CheckCatalog(CpuLoadCheck cpu, MemoryCheck memory, ModelsDiskCheck disk, JvmCheck jvm, PostgresCheck postgres,
            RedisCheck redis, BackendsCheck backends, DefaultModelCheck defaultModel, FailedPullsCheck failedPulls,
            StalledPullsCheck stalledPulls, PartialFilesCheck partialFiles, ApiKeysCheck apiKeys,
            DefaultPasswordsCheck defaultPasswords, ServiceDirectory services, ChecksConfig config,
            ErrorRateThresholds errorThresholds, MetricSamples samples) {
        List<Check> all = new ArrayList<>(List.of(cpu, memory, disk, jvm, postgres, redis));
        for (ServiceClient service : services.all()) {
            all.add(new ServiceReadinessCheck(service, config));
        }
        all.addAll(List.of(backends, defaultModel, failedPulls, stalledPulls, partialFiles, apiKeys, defaultPasswords));
        for (ServiceClient service : services.all()) {
            all.add(new ErrorRateCheck(service, config, errorThresholds, samples));
        }
        this.checks = List.copyOf(all);
    }

    public List<Check> all() {
        return checks;
    }

    public Optional<Check> find(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Set<String> categories() {
        Set<String> categories = new LinkedHashSet<>();
        checks.forEach(c -> categories.add(c.category()));
        return categories;
    }

    /**
     * The checks named by id or category (comma-separated values allowed); all of them when neither is given. Unknown
     * names are a VAL_002 problem listing what exists.
     */
    public List<Check> select(Collection<String> ids, Collection<String> categories) {
        Set<String> wantedIds = split(ids);
        Set<String> wantedCategories = split(categories);
        List<Violation> violations = new ArrayList<>();
        wantedIds.stream().filter(id -> find(id).isEmpty())
                .forEach(id -> violations.add(new Violation("check", "unknown check '" + id + "'")));
        wantedCategories.stream().filter(c -> !categories().contains(c))
                .forEach(c -> violations.add(new Violation("category", "unknown category '" + c + "'")));
        if (!violations.isEmpty()) {
            throw new ApiException(ErrorCode.VAL_002,
                    String.join("; ", violations.stream().map(Violation::message).toList()) + " (known checks: "
                            + String.join(", ", checks.stream().map(Check::id).toList()) + ")",
                    null, violations).with("known_checks", checks.stream().map(Check::id).toList())
                    .with("known_categories", categories());
        }
        if (wantedIds.isEmpty() && wantedCategories.isEmpty()) {
            return checks;
        }
        return checks.stream().filter(c -> wantedIds.contains(c.id()) || wantedCategories.contains(c.category()))
                .toList();
    }

    static Set<String> split(Collection<String> values) {
        Set<String> result = new LinkedHashSet<>();
        if (values != null) {
            for (String value : values) {
                if (value != null) {
                    for (String part : value.split(",")) {
                        if (!part.isBlank()) {
                            result.add(part.trim());
                        }
                    }
                }
            }
        }
        return result;
    }
}
