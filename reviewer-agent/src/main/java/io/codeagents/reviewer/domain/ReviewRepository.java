package io.codeagents.reviewer.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class ReviewRepository implements PanacheRepositoryBase<ReviewRecord, UUID> {

    public List<ReviewRecord> newest(int limit) {
        return findAll(Sort.descending("createdAt")).page(Page.ofSize(limit)).list();
    }

    /** Reviews per verdict. */
    public Map<String, Long> countByVerdict() {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<?> rows = getEntityManager().createQuery("select r.verdict, count(r) from ReviewRecord r group by r.verdict")
                .getResultList();
        for (Object row : rows) {
            Object[] cells = (Object[]) row;
            counts.put((String) cells[0], ((Number) cells[1]).longValue());
        }
        return counts;
    }

    /** Reviews whose tests ran, and of those how many passed; tests passed/failed/errored in total. */
    public TestTotals testTotals() {
        Object[] row = (Object[]) getEntityManager().createNativeQuery("""
                select count(*) filter (where tests_status <> 'skipped'),
                       count(*) filter (where tests_status = 'passed'),
                       coalesce(sum(tests_passed), 0), coalesce(sum(tests_failed), 0), coalesce(sum(tests_errors), 0)
                from {h-schema}reviews""").getSingleResult();
        return new TestTotals(longOf(row[0]), longOf(row[1]), longOf(row[2]), longOf(row[3]), longOf(row[4]));
    }

    /** p50, p90, p95, p99 and max of the review duration, in ms; zeros without reviews. */
    public long[] latencyPercentiles() {
        Object[] row = (Object[]) getEntityManager().createNativeQuery("""
                select percentile_cont(0.5) within group (order by duration_ms),
                       percentile_cont(0.9) within group (order by duration_ms),
                       percentile_cont(0.95) within group (order by duration_ms),
                       percentile_cont(0.99) within group (order by duration_ms),
                       max(duration_ms)
                from {h-schema}reviews""").getSingleResult();
        long[] values = new long[row.length];
        for (int i = 0; i < row.length; i++) {
            values[i] = Math.round(row[i] == null ? 0 : ((Number) row[i]).doubleValue());
        }
        return values;
    }

    public record TestTotals(long runs, long runsPassed, long testsPassed, long testsFailed, long testsErrors) {
    }

    private static long longOf(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
