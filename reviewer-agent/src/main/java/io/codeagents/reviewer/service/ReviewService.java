package io.codeagents.reviewer.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.concurrent.DaemonThreads;
import io.codeagents.common.http.RequestIds;
import io.codeagents.reviewer.client.ModelGatewayClient.ModelGatewayUnavailable;
import io.codeagents.reviewer.domain.LlmFeedback;
import io.codeagents.reviewer.domain.Review;
import io.codeagents.reviewer.domain.TestRun;
import io.codeagents.reviewer.sandbox.Sandbox;
import io.codeagents.reviewer.sandbox.SandboxSlots;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * One review: a sandbox slot (bulkhead), static analysis and the tests side by side in the sandbox, then the LLM
 * critique outside it, then the verdict; stored, counted and returned. What cannot take part is listed in
 * {@code degraded} rather than failing the review.
 */
@ApplicationScoped
public class ReviewService {

    public static final String LLM_UNAVAILABLE = "llm_review_unavailable";
    public static final String LLM_DISABLED = "llm_review_disabled";
    public static final String ANALYSIS_UNAVAILABLE = "static_analysis_unavailable";
    public static final String NOT_STORED = "review_not_stored";
    private static final Logger LOG = Logger.getLogger(ReviewService.class);

    private final Sandbox sandbox;
    private final SandboxSlots slots;
    private final StaticAnalyser analyser;
    private final TestExecutor tests;
    private final LlmCritic critic;
    private final ReviewStore store;
    private final MeterRegistry registry;
    private final ExecutorService analysers = Executors.newCachedThreadPool(DaemonThreads.named("review-analyser"));

    public ReviewService(Sandbox sandbox, SandboxSlots slots, StaticAnalyser analyser, TestExecutor tests, LlmCritic critic,
            ReviewStore store, MeterRegistry registry) {
        this.sandbox = sandbox;
        this.slots = slots;
        this.analyser = analyser;
        this.tests = tests;
        this.critic = critic;
        this.store = store;
        this.registry = registry;
    }

    @PreDestroy
    void stop() {
        analysers.shutdownNow();
    }

    public Review review(Submission submission, ReviewProgress progress) {
        long started = System.nanoTime();
        sandbox.requireRunnable();
        StaticAnalyser.Analysis analysis;
        TestRun testRun;
        try (SandboxSlots.Slot slot = slots.acquire(() -> progress.stage("queued", "every sandbox is busy: waiting"))) {
            String requestId = RequestIds.current();
            progress.stage("analysing", "static analysis of solution.py and test_solution.py");
            CompletableFuture<StaticAnalyser.Analysis> analysed = CompletableFuture.supplyAsync(() -> {
                RequestIds.bind(requestId);
                return analyser.analyse(submission, slot);
            }, analysers);
            if (!submission.runTests()) {
                testRun = TestRun.skipped("run_tests is false");
            } else if (submission.tests() == null) {
                testRun = TestRun.skipped("no tests were supplied");
            } else {
                progress.stage("testing", "running test_solution.py in the sandbox");
                testRun = tests.run(submission, slot);
            }
            analysis = join(analysed);
        }
        List<String> degraded = new ArrayList<>();
        if (!analysis.completed()) {
            degraded.add(ANALYSIS_UNAVAILABLE);
        }
        LlmFeedback llm = submission.llmReview() ? critique(submission, analysis, testRun, degraded, progress) : null;
        VerdictPolicy.Decision decision = VerdictPolicy.decide(analysis, testRun, submission.runTests());
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        Review review = new Review(UUID.randomUUID().toString(), decision.verdict(), decision.score(), decision.summary(),
                analysis.findings(), testRun, llm, List.copyOf(degraded), sandbox.isolation(), durationMs,
                submission.language(), analysis.metrics(), Instant.now());
        review = store(review, submission, degraded);
        Timer.builder("reviewer_review_duration").description("Reviews from request to verdict")
                .tag("verdict", review.verdict().wireName()).tag("tests", testRun.status().wireName())
                .register(registry).record(java.time.Duration.ofMillis(durationMs));
        return review;
    }

    private LlmFeedback critique(Submission submission, StaticAnalyser.Analysis analysis, TestRun testRun,
            List<String> degraded, ReviewProgress progress) {
        if (!critic.enabled()) {
            degraded.add(LLM_DISABLED);
            return null;
        }
        progress.stage("critiquing", "asking the model for a critique");
        try {
            return critic.critique(submission, analysis.findings(), testRun);
        } catch (ModelGatewayUnavailable e) {
            LOG.warnf("Review continues without the LLM critique: %s", e.getMessage());
            degraded.add(LLM_UNAVAILABLE);
            return null;
        }
    }

    /** A review that cannot be stored is still the answer: the caller gets it, marked as not stored. */
    private Review store(Review review, Submission submission, List<String> degraded) {
        try {
            store.save(review, submission.codeSha256());
            return review;
        } catch (RuntimeException e) {
            LOG.warnf("Review %s could not be stored: %s", review.id(), e.getMessage());
            List<String> more = new ArrayList<>(degraded);
            more.add(NOT_STORED);
            return review.withDegraded(List.copyOf(more));
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
