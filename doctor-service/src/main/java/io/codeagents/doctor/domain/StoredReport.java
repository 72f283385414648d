package io.codeagents.doctor.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A report kept for the history: its figures in columns, the report itself as JSON. */
@Entity
@Table(name = "report")
public class StoredReport extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "generated_at", nullable = false)
    public Instant generatedAt;

    @Column(nullable = false)
    public String status;

    @Column(name = "ok_count", nullable = false)
    public int okCount;

    @Column(name = "warning_count", nullable = false)
    public int warningCount;

    @Column(name = "critical_count", nullable = false)
    public int criticalCount;

    @Column(name = "skipped_count", nullable = false)
    public int skippedCount;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;

    @Column(nullable = false)
    public boolean partial;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String body;

    public StatusCounts counts() {
        return new StatusCounts(okCount, warningCount, criticalCount, skippedCount);
    }
}
