package io.codeagents.generator.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A generate → review → refine task as stored; its state changes only through {@link TaskRepository}. */
@Entity
@Table(name = "task")
public class Task extends PanacheEntityBase {

    @Id
    public UUID id;

    @Convert(converter = TaskStatusConverter.class)
    public TaskStatus status;

    @Column(name = "task_description")
    public String taskDescription;

    public String language;

    public String model;

    @Column(name = "max_iterations")
    public int maxIterations;

    @Column(name = "iterations_done")
    public int iterationsDone;

    @Column(name = "best_iteration")
    public Integer bestIteration;

    @Column(name = "best_score")
    public Integer bestScore;

    @Column(name = "final_code")
    public String finalCode;

    @Column(name = "final_tests")
    public String finalTests;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    public String worker;

    /** How many times a worker took the task from the stream: more than one means it was resumed after a failure. */
    public int claims;

    @Column(name = "request_id")
    public String requestId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "completed_at")
    public Instant completedAt;
}
