package io.codeagents.generator.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One completed round of a task: what the model wrote and what the reviewer said about it. Findings and test results are
 * kept as the JSON the reviewer sent, so nothing of the review is lost to a narrower schema.
 */
@Entity
@Table(name = "task_iteration")
public class TaskIteration extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "task_id")
    public UUID taskId;

    public int iteration;

    public String model;

    public String prompt;

    public String code;

    public String tests;

    public String verdict;

    public int score;

    public String summary;

    /** JSON array of the reviewer's findings. */
    public String findings;

    /** JSON object of the reviewer's test run. */
    @Column(name = "test_results")
    public String testResults;

    @Column(name = "review_id")
    public String reviewId;

    @Column(name = "prompt_tokens")
    public Integer promptTokens;

    @Column(name = "completion_tokens")
    public Integer completionTokens;

    @Column(name = "generation_ms")
    public long generationMs;

    @Column(name = "review_ms")
    public long reviewMs;

    @Column(name = "duration_ms")
    public long durationMs;

    public String worker;

    @Column(name = "created_at")
    public Instant createdAt;
}
