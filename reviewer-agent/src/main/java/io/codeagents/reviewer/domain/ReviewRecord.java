package io.codeagents.reviewer.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A stored review: the answer as a JSON document and the figures {@code /stats} aggregates. */
@Entity
@Table(name = "reviews")
public class ReviewRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public String verdict;

    public int score;

    @Column(nullable = false)
    public String language;

    @Column(name = "tests_status", nullable = false)
    public String testsStatus;

    @Column(name = "tests_passed")
    public int testsPassed;

    @Column(name = "tests_failed")
    public int testsFailed;

    @Column(name = "tests_errors")
    public int testsErrors;

    @Column(name = "duration_ms")
    public long durationMs;

    @Column(name = "llm_used")
    public boolean llmUsed;

    /** Comma-separated degradations, empty when none. */
    @Column(nullable = false)
    public String degraded;

    @Column(name = "code_sha256", nullable = false)
    public String codeSha256;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String document;
}
