package io.codeagents.doctor.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.codeagents.doctor.check.Check;
import io.codeagents.doctor.check.CheckContext;
import io.codeagents.doctor.config.HistoryConfig;
import io.codeagents.doctor.domain.CheckResult;
import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.domain.Report;
import io.codeagents.doctor.domain.ReportHistory;
import io.codeagents.doctor.domain.StoredCheckResult;
import io.codeagents.doctor.domain.StoredReport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Reports on the deployment: runs the selected checks, keeps the report in the history, reads the trend back. */
@ApplicationScoped
public class DoctorService {

    private static final Logger LOG = Logger.getLogger(DoctorService.class);

    private final CheckCatalog catalog;
    private final CheckRunner runner;
    private final ReportHistory history;
    private final HistoryConfig historyConfig;
    private final DoctorMetrics metrics;
    private final ObjectMapper mapper;

    public DoctorService(CheckCatalog catalog, CheckRunner runner, ReportHistory history, HistoryConfig historyConfig,
            DoctorMetrics metrics, ObjectMapper mapper) {
        this.catalog = catalog;
        this.runner = runner;
        this.history = history;
        this.historyConfig = historyConfig;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    /** A report on the checks named (all when none are), stored in the history when PostgreSQL lets us. */
    public Uni<Report> report(Collection<String> checkIds, Collection<String> categories) {
        List<Check> checks = catalog.select(checkIds, categories);
        boolean partial = checks.size() < catalog.all().size();
        CheckContext context = runner.newContext();
        long start = System.nanoTime();
        return runner.runAll(checks, context)
                .map(results -> Report.of(results, (System.nanoTime() - start) / 1_000_000, context.startedAt(), partial))
                .invoke(metrics::recordReport)
                .chain(this::store);
    }

    /** A report as a stream: one event per check as it finishes, then the report itself. */
    public Multi<DoctorEvent> events(Collection<String> checkIds, Collection<String> categories) {
        List<Check> checks = catalog.select(checkIds, categories);
        boolean partial = checks.size() < catalog.all().size();
        CheckContext context = runner.newContext();
        long start = System.nanoTime();
        List<CheckResult> done = new ArrayList<>();
        Multi<DoctorEvent> progress = runner.stream(checks, context).map(result -> {
            synchronized (done) {
                done.add(result);
                return DoctorEvent.check(result, done.size(), checks.size());
            }
        });
        Uni<DoctorEvent> report = Uni.createFrom().deferred(() -> {
            List<CheckResult> ordered = checks.stream()
                    .map(c -> done.stream().filter(r -> r.id().equals(c.id())).findFirst().orElseThrow()).toList();
            Report finished = Report.of(ordered, (System.nanoTime() - start) / 1_000_000, context.startedAt(), partial);
            metrics.recordReport(finished);
            return store(finished).map(DoctorEvent::report);
        });
        return Multi.createBy().concatenating().streams(progress, report.toMulti());
    }

    private Uni<Report> store(Report report) {
        Optional<CheckResult> postgres = report.checks().stream().filter(c -> c.id().equals("deps.postgres"))
                .findFirst();
        if (postgres.isPresent() && postgres.get().status() == CheckStatus.CRITICAL) {
            return Uni.createFrom().item(report.notStored("not kept in the history: PostgreSQL is not reachable"));
        }
        String json;
        try {
            json = mapper.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().item(report.notStored("not kept in the history: " + e.getOriginalMessage()));
        }
        return Uni.createFrom().item(() -> report.stored(history.save(report, json, historyConfig.keep())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Report not kept in the history: %s", e.toString());
                    return report.notStored("not kept in the history: " + e.getMessage());
                })
                .ifNoItem().after(historyConfig.saveTimeout())
                .recoverWithItem(() -> report.notStored("not kept in the history: PostgreSQL gave no answer within "
                        + historyConfig.saveTimeout().toMillis() + " ms"));
    }

    /** The newest {@code limit} reports and, per check, its statuses over the same period (newest first). */
    public HistoryView history(int limit, Optional<String> checkId) {
        checkId.ifPresent(id -> catalog.select(List.of(id), List.of()));
        List<StoredReport> reports = history.latest(limit);
        List<HistoryView.ReportRow> rows = reports.stream().map(r -> new HistoryView.ReportRow(r.id, r.generatedAt,
                CheckStatus.parse(r.status), r.counts(), r.durationMs, r.partial)).toList();
        if (reports.isEmpty()) {
            return new HistoryView(rows, List.of());
        }
        Instant since = reports.get(reports.size() - 1).generatedAt;
        Map<String, List<CheckStatus>> byCheck = new LinkedHashMap<>();
        for (StoredCheckResult result : history.checkResultsSince(since, checkId)) {
            byCheck.computeIfAbsent(result.checkId, id -> new ArrayList<>()).add(CheckStatus.parse(result.status));
        }
        List<HistoryView.CheckTrend> trends = new ArrayList<>();
        byCheck.forEach((id, statuses) -> trends.add(HistoryView.CheckTrend.of(id, statuses)));
        return new HistoryView(rows, trends);
    }

    /** A stored report as it was answered, with its id. */
    public Optional<String> storedReport(long id) {
        return history.find(id).map(row -> {
            try {
                Map<String, Object> body = mapper.readValue(row.body,
                        mapper.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
                body.put("id", row.id);
                return mapper.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                return row.body;
            }
        });
    }
}
