-- Tasks of the generate -> review -> refine loop, their iterations and the event log that SSE clients replay.
create table task (
    id                uuid primary key,
    status            varchar(16)  not null,
    task_description  text         not null,
    language          varchar(32)  not null,
    model             varchar(256),
    max_iterations    int          not null,
    iterations_done   int          not null default 0,
    best_iteration    int,
    best_score        int,
    final_code        text,
    final_tests       text,
    error_code        varchar(32),
    error_message     text,
    worker            varchar(128),
    claims            int          not null default 0,
    request_id        varchar(128),
    created_at        timestamptz  not null,
    started_at        timestamptz,
    updated_at        timestamptz  not null,
    completed_at      timestamptz,
    constraint task_status_check check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled'))
);

create index task_status_created_idx on task (status, created_at desc);
create index task_created_idx on task (created_at desc);

-- One row per completed iteration; (task_id, iteration) is unique so that a task resumed by another replica can never
-- record the same iteration twice.
create table task_iteration (
    id                 bigserial    primary key,
    task_id            uuid         not null references task (id) on delete cascade,
    iteration          int          not null,
    model              varchar(256),
    prompt             text,
    code               text,
    tests              text,
    verdict            varchar(32)  not null,
    score              int          not null,
    summary            text,
    findings           text,
    test_results       text,
    review_id          varchar(128),
    prompt_tokens      int,
    completion_tokens  int,
    generation_ms      bigint       not null,
    review_ms          bigint       not null,
    duration_ms        bigint       not null,
    worker             varchar(128),
    created_at         timestamptz  not null,
    constraint task_iteration_unique unique (task_id, iteration)
);

-- Every step of every task, in order, for replay to SSE clients that connect late (live events go over Redis pub/sub).
create table task_event (
    id          bigserial    primary key,
    task_id     uuid         not null references task (id) on delete cascade,
    type        varchar(32)  not null,
    data        text         not null,
    created_at  timestamptz  not null
);

create index task_event_task_idx on task_event (task_id, id);
