package io.codeagents.generator.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.error.ErrorCode;
import io.codeagents.generator.client.ChatMessage;
import io.codeagents.generator.client.Dependency;
import io.codeagents.generator.client.DependencyFailure;
import io.codeagents.generator.client.DependencyRejected;
import io.codeagents.generator.client.ReviewRequest;
import io.codeagents.generator.client.ReviewResult;
import io.codeagents.generator.client.ReviewResult.Finding;
import io.codeagents.generator.client.ReviewerClient;
import io.codeagents.generator.config.GenerationConfig;
import io.codeagents.generator.config.OrchestrationConfig;
import io.codeagents.generator.config.TaskQueueConfig;
import io.codeagents.generator.domain.Task;
import io.codeagents.generator.domain.TaskIteration;
import io.codeagents.generator.domain.TaskRepository;
import io.codeagents.generator.domain.TaskStatus;
import io.codeagents.generator.service.CodeExtractor.Extraction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The loop of one task: generate → review → approved: succeeded; otherwise generate again with the reviewer's findings,
 * until the iteration budget is spent (failed, keeping the best attempt). A task resumed after its worker died continues
 * after its last recorded iteration; an iteration is recorded only by the replica that owns the task.
 */
@ApplicationScoped
public class TaskOrchestrator {

    private static final Logger LOG = Logger.getLogger(TaskOrchestrator.class);
    static final String TAKEN_OVER = "taken over by another replica";

    private final TaskRepository tasks;
    private final TaskEvents events;
    private final GenerationService generation;
    private final PromptBuilder prompts;
    private final ReviewerClient reviewer;
    private final DependencyBackoff backoff;
    private final IterationJson json;
    private final GenerationConfig generationConfig;
    private final boolean llmReview;
    private final int maxClaims;
    private final MeterRegistry registry;
    private final Timer overhead;
    private final Timer iterationTime;

    public TaskOrchestrator(TaskRepository tasks, TaskEvents events, GenerationService generation, PromptBuilder prompts,
            ReviewerClient reviewer, DependencyBackoff backoff, IterationJson json, GenerationConfig generationConfig,
            OrchestrationConfig orchestrationConfig, TaskQueueConfig queueConfig, MeterRegistry registry) {
        this.tasks = tasks;
        this.events = events;
        this.generation = generation;
        this.prompts = prompts;
        this.reviewer = reviewer;
        this.backoff = backoff;
        this.json = json;
        this.generationConfig = generationConfig;
        this.llmReview = orchestrationConfig.llmReview();
        this.maxClaims = queueConfig.maxClaims();
        this.registry = registry;
        this.overhead = Timer.builder("generator.iteration.overhead")
                .description("Time of an iteration spent outside the model and reviewer calls")
                .publishPercentiles(0.5, 0.9, 0.99).register(registry);
        this.iterationTime = Timer.builder("generator.iteration.duration").description("Wall time of an iteration")
                .publishPercentileHistogram().register(registry);
    }

    /**
     * Works on a task until it is final, or until this worker loses it.
     *
     * @return true when the stream entry is done with (acknowledge it); false when another replica owns the task now
     */
    public boolean run(TaskRun run, String worker) {
        Optional<Task> claimed = tasks.claim(run.taskId(), worker);
        if (claimed.isEmpty()) {
            return true;
        }
        Task task = claimed.get();
        List<TaskIteration> done = new ArrayList<>(tasks.iterations(task.id));
        if (task.claims > maxClaims) {
            return finish(task, worker, TaskStatus.FAILED, null, ErrorCode.SYS_001,
                    "Abandoned by its worker " + (task.claims - 1) + " times; not handed out again", done.size());
        }
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("worker", worker);
        started.put("next_iteration", done.size() + 1);
        started.put("resumed", task.claims > 1);
        started.put("claims", task.claims);
        events.emit(task.id, TaskEvent.STARTED, started);
        GenerationSpec spec = new GenerationSpec(task.taskDescription,
                Language.parse(task.language).orElse(Language.PYTHON), task.model, generationConfig.temperature(),
                generationConfig.maxTokens());
        try {
            while (true) {
                TaskIteration last = done.isEmpty() ? null : done.get(done.size() - 1);
                if (last != null && ReviewResult.APPROVED.equals(last.verdict)) {
                    return finish(task, worker, TaskStatus.SUCCEEDED, last.iteration, null, null, done.size());
                }
                if (done.size() >= task.maxIterations) {
                    TaskIteration best = best(done);
                    if (best.code == null) {
                        return finish(task, worker, TaskStatus.FAILED, null, ErrorCode.GEN_003,
                                "The model gave no usable code in " + done.size() + " iteration(s)", done.size());
                    }
                    return finish(task, worker, TaskStatus.FAILED, null, ErrorCode.GEN_001,
                            "Not approved after " + done.size() + " iteration(s); kept the best attempt, iteration "
                                    + best.iteration + " (score " + best.score + ")",
                            done.size());
                }
                Optional<TaskIteration> recorded = iterate(run, task, spec, done.size() + 1, last, worker);
                if (recorded.isEmpty()) {
                    return false;
                }
                done.add(recorded.get());
            }
        } catch (TaskRun.TaskStopped stopped) {
            LOG.infof("Task %s stopped: %s", task.id, stopped.getMessage());
            // Only a cancelled task is done with; one taken over or interrupted by a shutdown continues elsewhere.
            return TaskRun.CANCELLED.equals(stopped.getMessage());
        } catch (DependencyFailure failure) {
            Dependency dependency = failure.dependency();
            ErrorCode code = failure.transientFailure() ? dependency.unavailableCode() : failure.code();
            String message = failure.transientFailure()
                    ? dependency.serviceName() + " stayed unavailable; last error: " + failure.getMessage()
                    : failure.getMessage();
            return finish(task, worker, TaskStatus.FAILED, null, code, message, done.size());
        }
    }

    /** @return the recorded iteration, or empty when another replica owns the task now */
    private Optional<TaskIteration> iterate(TaskRun run, Task task, GenerationSpec spec, int n, TaskIteration last,
            String worker) {
        long start = System.nanoTime();
        Map<String, Object> generating = new LinkedHashMap<>();
        generating.put("iteration", n);
        generating.put("model", spec.model());
        generating.put("refining", last != null);
        events.emit(task.id, TaskEvent.GENERATING, generating);
        List<ChatMessage> prompt = last == null
                ? prompts.initial(spec.taskDescription(), spec.language())
                : prompts.refinement(spec.taskDescription(), spec.language(), json.feedback(last));
        ModelAttempt attempt = backoff.call(run, n, Dependency.MODEL_GATEWAY, () -> generation.ask(spec, prompt));
        Optional<Extraction> extraction = attempt.extraction();
        String code = extraction.map(Extraction::code).orElse(null);
        // A refinement that only fixes the implementation keeps the tests it was measured against.
        String tests = extraction.filter(Extraction::hasTests).map(Extraction::tests)
                .orElse(last != null && extraction.isPresent() ? last.tests : null);
        Map<String, Object> generated = new LinkedHashMap<>();
        generated.put("iteration", n);
        generated.put("model", attempt.answer().model());
        generated.put("duration_ms", attempt.durationMs());
        generated.put("prompt_tokens", attempt.answer().promptTokens());
        generated.put("completion_tokens", attempt.answer().completionTokens());
        generated.put("code_found", code != null);
        generated.put("tests_found", tests != null);
        generated.put("truncated", attempt.answer().truncated());
        events.emit(task.id, TaskEvent.GENERATED, generated);

        long reviewStart = System.nanoTime();
        ReviewResult review = code == null || tests == null
                ? unusableAnswer(attempt, code == null)
                : review(run, n, task, spec, code, tests);
        long reviewMs = code == null || tests == null ? 0 : (System.nanoTime() - reviewStart) / 1_000_000;

        TaskIteration it = new TaskIteration();
        it.taskId = task.id;
        it.iteration = n;
        it.model = attempt.answer().model();
        it.prompt = attempt.promptText();
        it.code = code;
        it.tests = tests;
        it.verdict = review.verdict();
        it.score = review.scoreOrZero();
        it.summary = review.summary();
        it.findings = json.findings(review.findingsOrEmpty());
        it.testResults = json.testRun(review.tests());
        it.reviewId = review.id();
        it.promptTokens = attempt.answer().promptTokens();
        it.completionTokens = attempt.answer().completionTokens();
        it.generationMs = attempt.durationMs();
        it.reviewMs = reviewMs;
        it.worker = worker;
        long beforeWrite = System.nanoTime();
        it.durationMs = (beforeWrite - start) / 1_000_000;
        if (run.isStopped()) {
            throw new TaskRun.TaskStopped(run.stopReason());
        }
        if (!tasks.recordIteration(it, worker)) {
            Optional<Task> now = tasks.find(task.id);
            if (now.isPresent() && now.get().status == TaskStatus.CANCELLED) {
                throw new TaskRun.TaskStopped(TaskRun.CANCELLED);
            }
            LOG.warnf("Task %s iteration %d not recorded: the task is owned by %s now", task.id, n,
                    now.map(t -> t.worker).orElse("nobody"));
            return Optional.empty();
        }
        long totalNanos = System.nanoTime() - start;
        iterationTime.record(Duration.ofNanos(totalNanos));
        long outsideCalls = totalNanos - (attempt.durationMs() + reviewMs) * 1_000_000;
        overhead.record(Duration.ofNanos(Math.max(0, outsideCalls)));

        Map<String, Object> reviewed = new LinkedHashMap<>();
        reviewed.put("iteration", n);
        reviewed.put("verdict", it.verdict);
        reviewed.put("score", it.score);
        reviewed.put("summary", it.summary);
        if (review.tests() != null) {
            Map<String, Object> testSummary = new LinkedHashMap<>();
            testSummary.put("status", review.tests().status());
            testSummary.put("passed", review.tests().passed());
            testSummary.put("failed", review.tests().failed());
            testSummary.put("errors", review.tests().errors());
            reviewed.put("tests", testSummary);
        }
        reviewed.put("errors", review.findingsOrEmpty().stream().filter(Finding::isError).count());
        reviewed.put("duration_ms", it.durationMs);
        events.emit(task.id, TaskEvent.REVIEWED, reviewed);
        return Optional.of(it);
    }

    private ReviewResult review(TaskRun run, int n, Task task, GenerationSpec spec, String code, String tests) {
        events.emit(task.id, TaskEvent.REVIEWING, Map.of("iteration", n));
        ReviewRequest request = new ReviewRequest(code, tests, spec.language().wireName(), spec.taskDescription(), true,
                llmReview);
        try {
            return backoff.call(run, n, Dependency.REVIEWER, () -> reviewer.review(request));
        } catch (DependencyRejected refused) {
            if (refused.status() == 400 || refused.status() == 413 || refused.status() == 422) {
                // The reviewer refused this code (too large, not parseable): that is a verdict the model can act on.
                return new ReviewResult(null, "rejected", 0, "The reviewer refused the code",
                        List.of(new Finding(refused.code().name(), "error", null, null, refused.getMessage(), null)),
                        null, null, null, null);
            }
            throw refused;
        }
    }

    /** The model's answer held no code, or no tests to run: a rejection the next prompt explains. */
    private static ReviewResult unusableAnswer(ModelAttempt attempt, boolean noCode) {
        String message = noCode
                ? "The answer contained no usable code block" + (attempt.answer().truncated()
                        ? " (it was cut off by the token limit: keep explanations short)"
                        : "")
                : "The answer contained no tests: add the test file as a second fenced block";
        return new ReviewResult(null, "rejected", 0, message,
                List.of(new Finding(ErrorCode.GEN_003.name(), "error", null, null, message, null)), null, null, null,
                null);
    }

    private boolean finish(Task task, String worker, TaskStatus status, Integer keptIteration, ErrorCode code,
            String message, int iterations) {
        boolean finished = tasks.finish(task.id, worker, status, keptIteration, code == null ? null : code.name(),
                message);
        if (!finished) {
            return true;
        }
        Task now = tasks.find(task.id).orElse(task);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("iterations", iterations);
        data.put("best_iteration", keptIteration != null ? keptIteration : now.bestIteration);
        if (code != null) {
            data.put("error", Map.of("code", code.name(), "message", message));
        }
        events.emit(task.id, status == TaskStatus.SUCCEEDED ? TaskEvent.SUCCEEDED : TaskEvent.FAILED, data);
        registry.counter("generator.tasks.finished", "status", status.wireName()).increment();
        if (now.completedAt != null) {
            registry.timer("generator.task.duration").record(Duration.between(now.createdAt, now.completedAt));
        }
        LOG.infof("Task %s %s after %d iteration(s)%s", task.id, status.wireName(), iterations,
                code == null ? "" : " (" + code.name() + ": " + message + ")");
        return true;
    }

    private static TaskIteration best(List<TaskIteration> done) {
        TaskIteration best = done.get(0);
        for (TaskIteration it : done) {
            if (it.score >= best.score) {
                best = it;
            }
        }
        return best;
    }
}
