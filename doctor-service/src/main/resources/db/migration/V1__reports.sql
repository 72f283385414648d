-- Every report the doctor produced: the figures the history shows, and the whole report as it was answered.
create table report (
    id             bigserial primary key,
    generated_at   timestamptz not null,
    status         varchar(16) not null,
    ok_count       integer not null,
    warning_count  integer not null,
    critical_count integer not null,
    skipped_count  integer not null,
    duration_ms    bigint not null,
    partial        boolean not null,
    body           jsonb not null
);
create index report_generated_at on report (generated_at desc);

-- One row per check per report, so the trend of one check is a single index range scan.
create table check_result (
    id           bigserial primary key,
    report_id    bigint not null references report (id) on delete cascade,
    check_id     varchar(128) not null,
    status       varchar(16) not null,
    generated_at timestamptz not null
);
create index check_result_by_check on check_result (check_id, generated_at desc);
create index check_result_by_report on check_result (report_id);
