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

/** A stored step of a task, replayed to SSE clients that connect after it happened. */
@Entity
@Table(name = "task_event")
public class TaskEventRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "task_id")
    public UUID taskId;

    public String type;

    /** JSON object with the step's details. */
    public String data;

    @Column(name = "created_at")
    public Instant createdAt;
}
