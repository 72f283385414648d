package io.codeagents.doctor.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;

/** The reports kept in PostgreSQL: saving (with pruning past the configured count) and reading the trend back. */
@ApplicationScoped
public class ReportHistory {

    private static final Logger LOG = Logger.getLogger(ReportHistory.class);

    private final EntityManager entityManager;

    public ReportHistory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Saves the report and its per-check statuses, deletes what is past {@code keep}; returns the new id. */
    @Transactional
    public long save(Report report, String json, int keep) {
        StoredReport row = new StoredReport();
        row.generatedAt = report.generatedAt();
        row.status = report.status().wire();
        row.okCount = report.counts().ok();
        row.warningCount = report.counts().warning();
        row.criticalCount = report.counts().critical();
        row.skippedCount = report.counts().skipped();
        row.durationMs = report.durationMs();
        row.partial = report.partial();
        row.body = json;
        row.persist();
        for (CheckResult check : report.checks()) {
            StoredCheckResult result = new StoredCheckResult();
            result.reportId = row.id;
            result.checkId = check.id();
            result.status = check.status().wire();
            result.generatedAt = report.generatedAt();
            result.persist();
        }
        entityManager.flush();
        List<Long> cutoff = entityManager
                .createQuery("select r.id from StoredReport r order by r.id desc", Long.class)
                .setFirstResult(keep).setMaxResults(1).getResultList();
        if (!cutoff.isEmpty()) {
            // check_result rows go with their report (on delete cascade)
            entityManager.createQuery("delete from StoredReport r where r.id <= :cutoff")
                    .setParameter("cutoff", cutoff.get(0)).executeUpdate();
        }
        return row.id;
    }

    /**
     * Loads Hibernate's and the pool's lazy parts at start-up, so the first report is stored as fast as the next (its
     * save has a deadline).
     */
    void warmUp(@Observes StartupEvent start) {
        try {
            latest(1);
        } catch (RuntimeException e) {
            LOG.warnf("History not readable at start-up: %s", e.getMessage());
        }
    }

    /** The newest reports first. */
    @Transactional
    public List<StoredReport> latest(int limit) {
        return StoredReport.findAll(Sort.descending("id")).page(0, limit).list();
    }

    /** Per-check statuses from {@code since} on, newest first within each check. */
    @Transactional
    public List<StoredCheckResult> checkResultsSince(Instant since, Optional<String> checkId) {
        if (checkId.isPresent()) {
            return StoredCheckResult.list("checkId = ?1 and generatedAt >= ?2",
                    Sort.ascending("checkId").and("generatedAt", Sort.Direction.Descending).and("id",
                            Sort.Direction.Descending),
                    checkId.get(), since);
        }
        return StoredCheckResult.list("generatedAt >= ?1",
                Sort.ascending("checkId").and("generatedAt", Sort.Direction.Descending).and("id",
                        Sort.Direction.Descending),
                since);
    }

    @Transactional
    public Optional<StoredReport> find(long id) {
        return StoredReport.findByIdOptional(id);
    }
}
