package io.codeagents.doctor.fix;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.error.Violation;
import io.codeagents.doctor.check.Check;
import io.codeagents.doctor.check.CheckContext;
import io.codeagents.doctor.domain.CheckResult;
import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.service.CheckCatalog;
import io.codeagents.doctor.service.CheckRunner;
import io.codeagents.doctor.service.DoctorMetrics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /doctor/fix}: runs the checks asked for, applies the remedy of each that is not ok (or only plans it in a
 * dry run), then runs them again to show whether the fix took.
 */
@ApplicationScoped
public class FixService {

    /** Every check that has a remedy; {@code models.cache} is not included: it is asked for by name. */
    public static final String ALL = "all";

    private static final Logger LOG = Logger.getLogger(FixService.class);

    private final CheckCatalog catalog;
    private final CheckRunner runner;
    private final Map<String, Remedy> remedies;
    private final DoctorMetrics metrics;

    public FixService(CheckCatalog catalog, CheckRunner runner, Instance<Remedy> remedies, DoctorMetrics metrics) {
        this.catalog = catalog;
        this.runner = runner;
        this.remedies = remedies.stream().collect(Collectors.toMap(Remedy::id, Function.identity()));
        this.metrics = metrics;
    }

    public Uni<FixReport> fix(List<String> requested, boolean dryRun) {
        List<String> ids = resolve(requested);
        long start = System.nanoTime();
        List<Check> checks = ids.stream().map(catalog::find).flatMap(Optional::stream).toList();
        CheckContext context = runner.newContext();
        return runner.runAll(checks, context)
                .chain(before -> Multi.createFrom().iterable(ids).onItem()
                        .transformToUniAndConcatenate(id -> fixOne(id, find(before, id), context, dryRun)).collect()
                        .asList())
                .chain(outcomes -> dryRun ? Uni.createFrom().item(outcomes) : recheck(outcomes))
                .map(outcomes -> FixReport.of(dryRun, outcomes, (System.nanoTime() - start) / 1_000_000));
    }

    private Uni<FixOutcome> fixOne(String id, CheckResult before, CheckContext context, boolean dryRun) {
        Remedy remedy = remedies.get(id);
        CheckStatus status = before == null ? null : before.status();
        if (before != null && before.status() == CheckStatus.OK) {
            return done(new FixOutcome(id, status, FixOutcome.NOT_NEEDED, before.summary(), null, null, null));
        }
        if (before != null && before.status() == CheckStatus.SKIPPED) {
            return done(new FixOutcome(id, status, FixOutcome.SKIPPED, before.summary(), null, null, null));
        }
        if (remedy == null || before != null && !before.fixable()) {
            String why = before == null
                    ? "no remedy"
                    : before.summary() + " — the doctor cannot fix this itself: "
                            + (before.fix() == null ? "see the check" : before.fix());
            return done(new FixOutcome(id, status, FixOutcome.NOT_FIXABLE, why, null, null, null));
        }
        return remedy.apply(context, dryRun)
                .onFailure()
                .recoverWithItem(failure -> List.of(FixAction.failed(id, null, String.valueOf(failure.getMessage()))))
                .map(actions -> {
                    String outcome = actions.isEmpty()
                            ? FixOutcome.NOTHING_TO_DO
                            : dryRun
                                    ? FixAction.PLANNED
                                    : actions.stream().anyMatch(FixAction::isFailed) ? FixAction.FAILED : FixAction.APPLIED;
                    actions.forEach(a -> LOG.infof("Fix %s: %s %s -> %s%s", id, a.call(), a.target(), a.outcome(),
                            a.detail() == null ? "" : " (" + a.detail() + ")"));
                    return new FixOutcome(id, status, outcome, before == null ? null : before.summary(), actions, null,
                            null);
                })
                .invoke(outcome -> metrics.recordFix(id, outcome.outcome()));
    }

    private static Uni<FixOutcome> done(FixOutcome outcome) {
        return Uni.createFrom().item(outcome);
    }

    /** The checks fixed, run again on fresh answers: did the fix take? */
    private Uni<List<FixOutcome>> recheck(List<FixOutcome> outcomes) {
        List<Check> again = outcomes.stream().filter(FixOutcome::acted).map(o -> catalog.find(o.check()))
                .flatMap(Optional::stream).toList();
        if (again.isEmpty()) {
            return Uni.createFrom().item(outcomes);
        }
        return runner.runAll(again, runner.newContext()).map(after -> outcomes.stream().map(o -> {
            CheckResult result = find(after, o.check());
            return result == null ? o : o.after(result.status(), result.summary());
        }).toList());
    }

    private static CheckResult find(List<CheckResult> results, String id) {
        return results.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    /** The ids asked for, with {@code all} expanded; anything unknown is a VAL_002 problem naming what exists. */
    List<String> resolve(List<String> requested) {
        Set<String> ids = new LinkedHashSet<>();
        List<Violation> violations = new ArrayList<>();
        for (String id : requested) {
            String name = id == null ? "" : id.trim();
            if (name.equals(ALL)) {
                catalog.all().stream().map(Check::id).filter(remedies::containsKey).forEach(ids::add);
            } else if (catalog.find(name).isPresent() || remedies.containsKey(name)) {
                ids.add(name);
            } else {
                violations.add(new Violation("checks", "unknown check '" + name + "'"));
            }
        }
        if (!violations.isEmpty()) {
            List<String> fixable = new ArrayList<>(remedies.keySet());
            fixable.sort(null);
            throw new ApiException(ErrorCode.VAL_002, String.join("; ", violations.stream().map(Violation::message).toList())
                    + " (fixable: " + String.join(", ", fixable) + ", or \"all\")", null, violations)
                    .with("fixable_checks", fixable);
        }
        return List.copyOf(ids);
    }
}
