package io.codeagents.generator.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/**
 * Every state change of a task is one conditional SQL statement, so that two replicas that both believe they own a task
 * (a worker paused past its claim timeout) can never both write: the one that no longer owns it changes nothing.
 */
@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<Task, UUID> {

    @Transactional
    public Task create(Task task) {
        persist(task);
        return task;
    }

    @Transactional
    public void remove(UUID id) {
        deleteById(id);
    }

    @Transactional
    public Optional<Task> find(UUID id) {
        return findByIdOptional(id);
    }

    @Transactional
    public List<Task> page(Optional<TaskStatus> status, int page, int size) {
        Sort newestFirst = Sort.descending("createdAt").and("id");
        return status.map(s -> find("status", newestFirst, s)).orElseGet(() -> findAll(newestFirst))
                .page(Page.of(page, size)).list();
    }

    @Transactional
    public long total(Optional<TaskStatus> status) {
        return status.map(s -> count("status", s)).orElseGet(this::count);
    }

    /** Takes a queued or running task for {@code worker}; empty when it is final (cancelled meanwhile) or gone. */
    @Transactional
    public Optional<Task> claim(UUID id, String worker) {
        int updated = getEntityManager().createNativeQuery("""
                update {h-schema}task set status = 'running', worker = :worker, claims = claims + 1,
                       started_at = coalesce(started_at, :now), updated_at = :now
                where id = :id and status in ('queued', 'running')""")
                .setParameter("worker", worker).setParameter("now", Instant.now()).setParameter("id", id)
                .executeUpdate();
        if (updated == 0) {
            return Optional.empty();
        }
        Task task = findById(id);
        getEntityManager().refresh(task);
        return Optional.of(task);
    }

    /**
     * Records a completed iteration, once: nothing is written when another worker owns the task now, when the task is no
     * longer running, or when the iteration is already there.
     *
     * @return true when this call stored the iteration
     */
    @Transactional
    public boolean recordIteration(TaskIteration it, String worker) {
        // One statement (one round trip): the insert, and the task's progress updated only when it inserted. Ties
        // for the best attempt go to the later iteration: it had the reviewer's feedback on the earlier one.
        return getEntityManager().createNativeQuery("""
                with stored as (
                    insert into {h-schema}task_iteration (task_id, iteration, model, prompt, code, tests, verdict, score,
                           summary, findings, test_results, review_id, prompt_tokens, completion_tokens, generation_ms,
                           review_ms, duration_ms, worker, created_at)
                    select :task, :iteration, :model, :prompt, :code, :tests, :verdict, :score, :summary, :findings,
                           :testResults, :reviewId, :promptTokens, :completionTokens, :generationMs, :reviewMs,
                           :durationMs, :worker, :now
                    where exists (select 1 from {h-schema}task where id = :task and worker = :worker and status = 'running')
                    on conflict (task_id, iteration) do nothing
                    returning iteration, score)
                update {h-schema}task t set iterations_done = greatest(t.iterations_done, s.iteration),
                       best_iteration = case when t.best_score is null or s.score >= t.best_score then s.iteration
                                             else t.best_iteration end,
                       best_score = greatest(coalesce(t.best_score, -1), s.score), updated_at = :now
                from stored s where t.id = :task""")
                .setParameter("task", it.taskId).setParameter("iteration", it.iteration).setParameter("model", it.model)
                .setParameter("prompt", it.prompt).setParameter("code", it.code).setParameter("tests", it.tests)
                .setParameter("verdict", it.verdict).setParameter("score", it.score).setParameter("summary", it.summary)
                .setParameter("findings", it.findings).setParameter("testResults", it.testResults)
                .setParameter("reviewId", it.reviewId).setParameter("promptTokens", it.promptTokens)
                .setParameter("completionTokens", it.completionTokens).setParameter("generationMs", it.generationMs)
                .setParameter("reviewMs", it.reviewMs).setParameter("durationMs", it.durationMs)
                .setParameter("worker", worker).setParameter("now", Instant.now()).executeUpdate() == 1;
    }

    /**
     * Ends a running task owned by {@code worker}; the final code and tests are those of {@code keptIteration} (the
     * approved one), or of the best attempt when it is null.
     *
     * @return false when the task was not running under this worker (cancelled, or taken over)
     */
    @Transactional
    public boolean finish(UUID id, String worker, TaskStatus status, Integer keptIteration, String errorCode,
            String errorMessage) {
        Instant now = Instant.now();
        return getEntityManager().createNativeQuery("""
                update {h-schema}task t set status = :status, error_code = :errorCode, error_message = :errorMessage,
                       final_code = (select code from {h-schema}task_iteration i where i.task_id = t.id
                                     and i.iteration = case when :kept < 0 then t.best_iteration else :kept end),
                       final_tests = (select tests from {h-schema}task_iteration i where i.task_id = t.id
                                     and i.iteration = case when :kept < 0 then t.best_iteration else :kept end),
                       completed_at = :now, updated_at = :now
                where id = :id and worker = :worker and status = 'running'""")
                .setParameter("status", status.wireName()).setParameter("errorCode", errorCode)
                .setParameter("errorMessage", errorMessage).setParameter("kept", keptIteration == null ? -1 : keptIteration)
                .setParameter("now", now).setParameter("id", id).setParameter("worker", worker).executeUpdate() == 1;
    }

    /** @return true when the task was queued or running and is cancelled now */
    @Transactional
    public boolean cancel(UUID id) {
        Instant now = Instant.now();
        return getEntityManager().createNativeQuery("""
                update {h-schema}task set status = 'cancelled', completed_at = :now, updated_at = :now
                where id = :id and status in ('queued', 'running')""")
                .setParameter("now", now).setParameter("id", id).executeUpdate() == 1;
    }

    @Transactional
    public List<TaskIteration> iterations(UUID taskId) {
        return TaskIteration.list("taskId", Sort.ascending("iteration"), taskId);
    }
}
