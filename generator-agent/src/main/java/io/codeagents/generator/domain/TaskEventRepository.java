package io.codeagents.generator.domain;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

/** The per-task event log, appended by the worker and replayed to late SSE clients. */
@ApplicationScoped
public class TaskEventRepository implements PanacheRepositoryBase<TaskEventRecord, Long> {

    /** Stores several events in one transaction, in order; their ids follow that order. */
    @Transactional
    public void appendAll(List<TaskEventRecord> records) {
        for (TaskEventRecord record : records) {
            persist(record);
        }
    }

    /** The task's events with an id above {@code afterId}, oldest first. */
    @Transactional
    public List<TaskEventRecord> after(UUID taskId, long afterId) {
        return list("taskId = ?1 and id > ?2", Sort.ascending("id"), taskId, afterId);
    }
}
