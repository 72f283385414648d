-- One row per model ever pulled; the state machine and the figures the API shows.
create table pulls (
    id                      bigserial primary key,
    name                    varchar(400) not null unique,
    model                   varchar(400) not null,
    state                   varchar(32)  not null,
    error_code              varchar(16),
    error_message           text,
    manifest                text,
    bytes_done              bigint       not null default 0,
    bytes_total             bigint       not null default 0,
    speed_bytes_per_second  bigint       not null default 0,
    eta_seconds             bigint,
    resumes                 integer      not null default 0,
    retries                 integer      not null default 0,
    verification_failures   integer      not null default 0,
    owner                   varchar(200),
    created_at              timestamptz  not null,
    updated_at              timestamptz  not null,
    last_progress_at        timestamptz,
    completed_at            timestamptz
);

-- The blobs a pull needs (config first, then the manifest's layers), with their progress.
create table pull_layers (
    id          bigserial primary key,
    pull_id     bigint       not null references pulls (id) on delete cascade,
    position    integer      not null,
    digest      varchar(80)  not null,
    media_type  varchar(200) not null,
    size        bigint       not null,
    bytes_done  bigint       not null default 0,
    state       varchar(32)  not null,
    unique (pull_id, position)
);
create index pull_layers_digest on pull_layers (digest);

-- Persisted progress of each part of a partial blob; shared by every pull (and replica) needing the blob.
create table blob_parts (
    id            bigserial primary key,
    digest        varchar(80) not null,
    idx           integer     not null,
    start_offset  bigint      not null,
    length        bigint      not null,
    done          bigint      not null default 0,
    updated_at    timestamptz not null,
    unique (digest, idx)
);

-- The per-model event log: every transition, error, retry and resume.
create table pull_events (
    id          bigserial primary key,
    pull_id     bigint      not null references pulls (id) on delete cascade,
    type        varchar(32) not null,
    state       varchar(32),
    error_code  varchar(16),
    message     text,
    created_at  timestamptz not null
);
create index pull_events_pull on pull_events (pull_id, id);
