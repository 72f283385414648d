package io.codeagents.generator.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Aggregates over all tasks, computed by PostgreSQL so that every replica reports the same figures. */
@ApplicationScoped
public class TaskFigures {

    private final EntityManager em;

    public TaskFigures(EntityManager em) {
        this.em = em;
    }

    /** Median, 90th and 99th percentile and mean of a set of durations, in milliseconds; null when there is none. */
    public record Percentiles(Double p50, Double p90, Double p99, Double mean, long count) {
    }

    @Transactional
    public Map<String, Long> countsByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select status, count(*) from {h-schema}task group by status")
                .getResultList();
        for (Object[] row : rows) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    /** Mean iterations of tasks that ran to an end (succeeded or failed). */
    @Transactional
    public Double meanIterations() {
        Object mean = em.createNativeQuery(
                "select avg(iterations_done) from {h-schema}task where status in ('succeeded', 'failed')").getSingleResult();
        return mean == null ? null : ((Number) mean).doubleValue();
    }

    /** From submission to the final state, for tasks that ran to an end. */
    @Transactional
    public Percentiles taskLatency() {
        return percentiles("extract(epoch from (completed_at - created_at)) * 1000",
                "{h-schema}task where status in ('succeeded', 'failed') and completed_at is not null");
    }

    @Transactional
    public Percentiles iterationDuration() {
        return percentiles("duration_ms", "{h-schema}task_iteration");
    }

    /** What an iteration costs beyond the model and the reviewer: prompts, extraction, state, events. */
    @Transactional
    public Percentiles iterationOverhead() {
        return percentiles("greatest(duration_ms - generation_ms - review_ms, 0)", "{h-schema}task_iteration");
    }

    private Percentiles percentiles(String expression, String from) {
        Object[] row = (Object[]) em.createNativeQuery("select percentile_cont(0.5) within group (order by " + expression
                + "), percentile_cont(0.9) within group (order by " + expression
                + "), percentile_cont(0.99) within group (order by " + expression + "), avg(" + expression
                + "), count(*) from " + from).getSingleResult();
        return new Percentiles(number(row[0]), number(row[1]), number(row[2]), number(row[3]),
                ((Number) row[4]).longValue());
    }

    private static Double number(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue() * 10) / 10.0;
    }
}
