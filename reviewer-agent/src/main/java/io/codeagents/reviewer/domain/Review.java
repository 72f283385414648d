package io.codeagents.reviewer.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.codeagents.reviewer.sandbox.Isolation;

/**
 * A finished review, as answered by {@code POST /review} and {@code GET /reviews/{id}} and stored as one JSON document.
 *
 * @param degraded what did not take part and why the review is still given ({@code llm_review_unavailable}, …)
 * @param metrics what the analyser counted (lines, functions, max_complexity, tests)
 */
public record Review(String id, Verdict verdict, int score, String summary, List<Finding> findings, TestRun tests,
        LlmFeedback llm, List<String> degraded, Isolation isolation, long durationMs, String language,
        Map<String, Integer> metrics, Instant createdAt) {

    public Review withDegraded(List<String> more) {
        return new Review(id, verdict, score, summary, findings, tests, llm, more, isolation, durationMs, language, metrics,
                createdAt);
    }
}
