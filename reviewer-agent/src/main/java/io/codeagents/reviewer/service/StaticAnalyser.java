package io.codeagents.reviewer.service;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.codeagents.reviewer.config.ReviewConfig;
import io.codeagents.reviewer.config.SandboxConfig;
import io.codeagents.reviewer.domain.Finding;
import io.codeagents.reviewer.sandbox.Sandbox;
import io.codeagents.reviewer.sandbox.SandboxExecution;
import io.codeagents.reviewer.sandbox.SandboxJob;
import io.codeagents.reviewer.sandbox.SandboxSlots;

/**
 * Runs the analyser script (Python's own {@code ast}) in the sandbox: parsing hostile input is itself a risk (deep
 * nesting exhausts the parser), so it gets the same limits as the tests.
 */
@ApplicationScoped
public class StaticAnalyser {

    private final Sandbox sandbox;
    private final ObjectMapper mapper;
    private final ReviewConfig review;
    private final SandboxConfig limits;

    public StaticAnalyser(Sandbox sandbox, ObjectMapper mapper, ReviewConfig review, SandboxConfig limits) {
        this.sandbox = sandbox;
        this.mapper = mapper;
        this.review = review;
        this.limits = limits;
    }

    /** The findings and figures, or {@link Analysis#failed} saying why the analyser gave none. */
    public Analysis analyse(Submission submission, SandboxSlots.Slot slot) {
        SandboxJob job = new SandboxJob("analyse.py",
                List.of(Submission.SOLUTION, Submission.TESTS, Integer.toString(review.complexityLimit())),
                submission.files(), List.of(), limits.analysisTimeout());
        SandboxExecution run = sandbox.run(job, slot);
        if (run.timedOut() || run.exitCode() != 0) {
            return Analysis.failed(run.timedOut()
                    ? "the analyser did not finish within " + job.wallTimeout().toSeconds() + " s"
                    : "the analyser ended with exit code " + run.exitCode() + ": " + run.lastOutputLine());
        }
        try {
            Report report = mapper.readValue(run.output(), Report.class);
            return new Analysis(List.copyOf(report.findings()), Map.copyOf(report.metrics()), null);
        } catch (JsonProcessingException e) {
            return Analysis.failed("the analyser's answer is not JSON: " + run.lastOutputLine());
        }
    }

    private record Report(List<Finding> findings, Map<String, Integer> metrics) {
    }

    /** The analyser's findings and figures; {@code failure} says why there are none. */
    public record Analysis(List<Finding> findings, Map<String, Integer> metrics, String failure) {

        static Analysis failed(String failure) {
            return new Analysis(List.of(), Map.of(), failure);
        }

        public boolean completed() {
            return failure == null;
        }

        public int tests() {
            return metrics.getOrDefault("tests", 0);
        }
    }
}
