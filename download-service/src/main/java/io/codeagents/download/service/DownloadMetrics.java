package io.codeagents.download.service;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The download figures in Prometheus: {@code download_bytes_total}, {@code download_throughput_bytes_per_second},
 * {@code download_active_pulls}, {@code download_resumes_total}, {@code download_retries_total},
 * {@code download_verification_failures_total}, {@code download_stalls_total} and {@code download_pulls_total} by
 * outcome.
 */
@ApplicationScoped
public class DownloadMetrics {

    private final MeterRegistry registry;
    private final Counter bytes;
    private final Counter resumes;
    private final Counter retries;
    private final Counter verificationFailures;
    private final Counter stalls;
    private final AtomicInteger activePulls = new AtomicInteger();
    private final AtomicLong throughput = new AtomicLong();

    public DownloadMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytes = Counter.builder("download.bytes").description("Blob bytes received from registries")
                .baseUnit("bytes").register(registry);
        this.resumes = Counter.builder("download.resumes").description("Pulls resumed from persisted progress")
                .register(registry);
        this.retries = Counter.builder("download.retries").description("Part requests retried after a failure")
                .register(registry);
        this.verificationFailures = Counter.builder("download.verification.failures")
                .description("Blobs whose SHA-256 did not match their digest").register(registry);
        this.stalls = Counter.builder("download.stalls").description("Parts restarted because no byte arrived in time")
                .register(registry);
        registry.gauge("download.active.pulls", activePulls);
        registry.gauge("download.throughput.bytes.per.second", throughput);
    }

    public void received(long n) {
        bytes.increment(n);
    }

    public void resumed() {
        resumes.increment();
    }

    public void retried() {
        retries.increment();
    }

    public void stalled() {
        stalls.increment();
    }

    public void verificationFailed() {
        verificationFailures.increment();
    }

    public void pullStarted() {
        activePulls.incrementAndGet();
    }

    public void pullEnded(String outcome) {
        activePulls.decrementAndGet();
        registry.counter("download.pulls", "outcome", outcome).increment();
    }

    /** Adds a running pull's change of speed to the replica's total throughput. */
    public void throughputChanged(long delta) {
        throughput.addAndGet(delta);
    }
}
