package io.codeagents.doctor.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The status one check had in one report: the rows the per-check trend is read from. */
@Entity
@Table(name = "check_result")
public class StoredCheckResult extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "report_id", nullable = false)
    public long reportId;

    @Column(name = "check_id", nullable = false)
    public String checkId;

    @Column(nullable = false)
    public String status;

    @Column(name = "generated_at", nullable = false)
    public Instant generatedAt;
}
