package io.codeagents.download.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One model's pull: where it stands in the state machine and its figures. */
@Entity
@Table(name = "pulls")
public class Pull extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Fully qualified: {@code registry.ollama.ai/library/qwen2.5-coder:1.5b}. */
    public String name;

    /** As users write it: {@code qwen2.5-coder:1.5b}. */
    public String model;

    @Enumerated(EnumType.STRING)
    public PullState state;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    /** The manifest exactly as the registry served it: resumes use it, and it is what the store finally holds. */
    public String manifest;

    @Column(name = "bytes_done")
    public long bytesDone;

    @Column(name = "bytes_total")
    public long bytesTotal;

    @Column(name = "speed_bytes_per_second")
    public long speedBytesPerSecond;

    @Column(name = "eta_seconds")
    public Long etaSeconds;

    public int resumes;

    public int retries;

    @Column(name = "verification_failures")
    public int verificationFailures;

    /** The replica running it, for the logs and the API. */
    public String owner;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "last_progress_at")
    public Instant lastProgressAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    public static Optional<Pull> byName(String name) {
        return find("name", name).firstResultOptional();
    }

    public static List<Pull> inStates(java.util.Collection<PullState> states) {
        return list("state in ?1 order by id", states);
    }

    public static List<Pull> all() {
        return list("order by updatedAt desc");
    }
}
