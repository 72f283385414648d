package io.codeagents.gateway.domain;

import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntity;

/** One day of one key's use of one model on one backend. Rows are only ever added to by upsert, never rewritten. */
@Entity
@Table(name = "usage_daily")
public class UsageDay extends PanacheEntity {

    @Column(nullable = false)
    public LocalDate day;

    @Column(name = "api_key", nullable = false)
    public String apiKey;

    @Column(nullable = false)
    public String model;

    @Column(nullable = false)
    public String backend;

    public long requests;
    public long errors;

    @Column(name = "cache_hits")
    public long cacheHits;

    @Column(name = "prompt_tokens")
    public long promptTokens;

    @Column(name = "completion_tokens")
    public long completionTokens;
}
