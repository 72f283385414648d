package io.codeagents.generator.service;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.codeagents.generator.client.ReviewResult.Finding;
import io.codeagents.generator.client.ReviewResult.TestRun;
import io.codeagents.generator.domain.TaskIteration;

/** The reviewer's findings and test run as stored with an iteration (JSON text), and the feedback read back from them. */
@ApplicationScoped
public class IterationJson {

    /** Test output kept per iteration; pytest output of a broken module can be huge and its end is what matters. */
    static final int MAX_STORED_OUTPUT = 20_000;
    private static final TypeReference<List<Finding>> FINDINGS = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public IterationJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String findings(List<Finding> findings) {
        return write(findings == null ? List.of() : findings);
    }

    public List<Finding> findings(String json) {
        return json == null ? List.of() : read(json, FINDINGS, List.of());
    }

    public String testRun(TestRun run) {
        if (run == null) {
            return null;
        }
        String output = run.output();
        if (output != null && output.length() > MAX_STORED_OUTPUT) {
            output = "[…]" + output.substring(output.length() - MAX_STORED_OUTPUT);
        }
        return write(new TestRun(run.status(), run.passed(), run.failed(), run.errors(), run.durationMs(),
                run.failures(), output));
    }

    public TestRun testRun(String json) {
        return json == null ? null : read(json, new TypeReference<TestRun>() {
        }, null);
    }

    public Map<String, Object> asMap(Object value) {
        return mapper.convertValue(value, new TypeReference<Map<String, Object>>() {
        });
    }

    /** What the model needs to hear about an iteration to do better in the next one. */
    public ReviewFeedback feedback(TaskIteration iteration) {
        TestRun run = testRun(iteration.testResults);
        List<Finding> errors = findings(iteration.findings).stream().filter(Finding::isError).toList();
        return new ReviewFeedback(iteration.iteration, iteration.code, iteration.tests, iteration.summary,
                run == null ? null : run.status(), run == null ? List.of() : run.failuresOrEmpty(), errors,
                run == null ? null : run.output());
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type, T fallback) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            return fallback;
        }
    }
}
