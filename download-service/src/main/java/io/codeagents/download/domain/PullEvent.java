package io.codeagents.download.domain;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An entry of a model's event log: a transition, an error, a retry, a resume. */
@Entity
@Table(name = "pull_events")
public class PullEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "pull_id")
    public long pullId;

    public String type;

    public String state;

    @Column(name = "error_code")
    public String errorCode;

    public String message;

    @Column(name = "created_at")
    public Instant createdAt;

    public static List<PullEvent> ofPull(long pullId, int limit) {
        List<PullEvent> newestFirst = find("pullId = ?1 order by id desc", pullId).page(0, limit).list();
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }
}
