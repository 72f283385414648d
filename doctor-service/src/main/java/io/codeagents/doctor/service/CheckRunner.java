package io.codeagents.doctor.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.doctor.check.Check;
import io.codeagents.doctor.check.CheckContext;
import io.codeagents.doctor.client.DownloadServiceClient;
import io.codeagents.doctor.client.ModelGatewayClient;
import io.codeagents.doctor.config.ChecksConfig;
import io.codeagents.doctor.domain.CheckResult;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Runs checks in parallel, each under its own deadline: a check that hangs or throws becomes a finding, never a stalled
 * or failed report.
 */
@ApplicationScoped
public class CheckRunner {

    private static final Logger LOG = Logger.getLogger(CheckRunner.class);

    private final ChecksConfig config;
    private final ModelGatewayClient gateway;
    private final DownloadServiceClient downloads;
    private final DoctorMetrics metrics;

    public CheckRunner(ChecksConfig config, ModelGatewayClient gateway, DownloadServiceClient downloads,
            DoctorMetrics metrics) {
        this.config = config;
        this.gateway = gateway;
        this.downloads = downloads;
        this.metrics = metrics;
    }

    /**
     * A fresh context: the answers checks share are fetched anew for every report. Their deadline is shorter than the
     * checks' own, so that a slow answer is reported as what it is ("no answer to GET /v1/backends") rather than as a
     * check that timed out.
     */
    public CheckContext newContext() {
        return new CheckContext(Instant.now(), gateway, downloads, config.timeout().multipliedBy(4).dividedBy(5));
    }

    /** All results, in the order of {@code checks}. */
    public Uni<List<CheckResult>> runAll(List<Check> checks, CheckContext context) {
        List<Uni<CheckResult>> running = checks.stream().map(check -> run(check, context)).toList();
        return Uni.join().all(running).andFailFast();
    }

    /** Results as each check finishes (for the event stream). */
    public Multi<CheckResult> stream(List<Check> checks, CheckContext context) {
        return Multi.createFrom().iterable(checks).onItem().transformToUniAndMerge(check -> run(check, context));
    }

    public Uni<CheckResult> run(Check check, CheckContext context) {
        Duration deadline = config.timeoutFor(check.id());
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return Uni.createFrom().deferred(() -> check.run(context))
                    .ifNoItem().after(deadline).recoverWithItem(() -> check.timedOut(deadline))
                    .onFailure().recoverWithItem(failure -> {
                        LOG.warnf(failure, "Check %s failed unexpectedly", check.id());
                        return Finding.critical(check.id() + " failed: " + failure,
                                "This is a doctor bug: report it with the doctor-service log around this time");
                    })
                    .map(finding -> CheckResult.of(check.id(), check.category(), finding,
                            (System.nanoTime() - start) / 1_000_000))
                    .invoke(metrics::recordCheck);
        });
    }
}
