package io.codeagents.generator.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

/** The per-task event log, appended by the worker and replayed to late SSE clients. */
@ApplicationScoped
public class TaskEventRepository implements PanacheRepositoryBase<TaskEventRecord, Long> {

    @Transactional
    public TaskEventRecord append(UUID taskId, String type, String data) {
        TaskEventRecord record = new TaskEventRecord();
        record.taskId = taskId;
        record.type = type;
        record.data = data;
        record.createdAt = Instant.now();
        persist(record);
        return record;
    }

    /** The task's events with an id above {@code afterId}, oldest first. */
    @Transactional
    public List<TaskEventRecord> after(UUID taskId, long afterId) {
        return list("taskId = ?1 and id > ?2", Sort.ascending("id"), taskId, afterId);
    }
}
