-- One row per finished review: the full answer as JSON, plus the columns /stats and listings query.
create table reviews (
    id            uuid primary key,
    created_at    timestamptz not null,
    verdict       varchar(32) not null,
    score         integer     not null,
    language      varchar(32) not null,
    tests_status  varchar(16) not null,
    tests_passed  integer     not null,
    tests_failed  integer     not null,
    tests_errors  integer     not null,
    duration_ms   bigint      not null,
    llm_used      boolean     not null,
    degraded      text        not null default '',
    code_sha256   char(64)    not null,
    document      jsonb       not null
);

create index reviews_created_at on reviews (created_at desc);
