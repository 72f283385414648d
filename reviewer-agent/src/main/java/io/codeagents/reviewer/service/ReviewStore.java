package io.codeagents.reviewer.service;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.codeagents.reviewer.domain.Review;
import io.codeagents.reviewer.domain.ReviewRecord;
import io.codeagents.reviewer.domain.ReviewRepository;
import io.codeagents.reviewer.domain.Verdict;

/** Reviews in PostgreSQL: each as its JSON document, with the columns listings and statistics need. */
@ApplicationScoped
public class ReviewStore {

    private final ReviewRepository repository;
    private final ObjectMapper mapper;

    public ReviewStore(ReviewRepository repository, ObjectMapper mapper) {
        this.repository = repository;
        this.mapper = mapper;
    }

    @Transactional
    public void save(Review review, String codeSha256) {
        ReviewRecord record = new ReviewRecord();
        record.id = UUID.fromString(review.id());
        record.createdAt = review.createdAt();
        record.verdict = review.verdict().wireName();
        record.score = review.score();
        record.language = review.language();
        record.testsStatus = review.tests().status().wireName();
        record.testsPassed = review.tests().passed();
        record.testsFailed = review.tests().failed();
        record.testsErrors = review.tests().errors();
        record.durationMs = review.durationMs();
        record.llmUsed = review.llm() != null;
        record.degraded = String.join(",", review.degraded());
        record.codeSha256 = codeSha256;
        try {
            record.document = mapper.writeValueAsString(review);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A review always serialises", e);
        }
        repository.persist(record);
    }

    public Optional<Review> find(UUID id) {
        return repository.findByIdOptional(id).map(this::toReview);
    }

    /** The newest reviews first, as summaries. */
    public List<ReviewSummary> newest(int limit) {
        return repository.newest(limit).stream().map(r -> new ReviewSummary(r.id.toString(), r.verdict, r.score,
                r.testsStatus, r.durationMs, r.language, r.createdAt)).toList();
    }

    public ReviewStats.Tests testStats() {
        ReviewRepository.TestTotals totals = repository.testTotals();
        return new ReviewStats.Tests(totals.runs(), totals.runsPassed(),
                totals.runs() == 0 ? 0 : Math.round(1000.0 * totals.runsPassed() / totals.runs()) / 1000.0,
                totals.testsPassed(), totals.testsFailed(), totals.testsErrors());
    }

    /** Every verdict, with zero where there is none yet. */
    public Map<String, Long> verdicts() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        Arrays.stream(Verdict.values()).forEach(v -> counts.put(v.wireName(), 0L));
        counts.putAll(repository.countByVerdict());
        return counts;
    }

    public ReviewStats.Latency latency() {
        long[] p = repository.latencyPercentiles();
        return new ReviewStats.Latency(p[0], p[1], p[2], p[3], p[4]);
    }

    private Review toReview(ReviewRecord record) {
        try {
            return mapper.readValue(record.document, Review.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored review " + record.id + " is unreadable", e);
        }
    }

    /** One line of {@code GET /reviews}. */
    public record ReviewSummary(String id, String verdict, int score, String testsStatus, long durationMs, String language,
            java.time.Instant createdAt) {
    }
}
