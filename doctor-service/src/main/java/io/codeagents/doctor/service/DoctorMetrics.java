package io.codeagents.doctor.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.doctor.domain.CheckResult;
import io.codeagents.doctor.domain.Report;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The doctor's findings as Prometheus metrics, so alerting can watch them without calling the API:
 * {@code doctor_check_status{check}} (-1 skipped, 0 ok, 1 warning, 2 critical), check durations, reports and fixes.
 */
@ApplicationScoped
public class DoctorMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();

    public DoctorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void recordCheck(CheckResult result) {
        statuses.computeIfAbsent(result.id(),
                id -> registry.gauge("doctor.check.status", Tags.of("check", id), new AtomicInteger()))
                .set(result.status().severity());
        registry.timer("doctor.check.duration", "check", result.id()).record(Duration.ofMillis(result.durationMs()));
    }

    public void recordReport(Report report) {
        registry.counter("doctor.reports", "status", report.status().wire()).increment();
    }

    public void recordFix(String check, String outcome) {
        registry.counter("doctor.fixes", "check", check, "outcome", outcome).increment();
    }
}
