-- Per API key, model and backend, one row a day: what the gateway served (usage accounting, GET /v1/usage).
CREATE TABLE usage_daily (
    id                BIGSERIAL PRIMARY KEY,
    day               DATE         NOT NULL,
    api_key           VARCHAR(128) NOT NULL,
    model             VARCHAR(256) NOT NULL,
    backend           VARCHAR(64)  NOT NULL,
    requests          BIGINT       NOT NULL DEFAULT 0,
    errors            BIGINT       NOT NULL DEFAULT 0,
    cache_hits        BIGINT       NOT NULL DEFAULT 0,
    prompt_tokens     BIGINT       NOT NULL DEFAULT 0,
    completion_tokens BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT usage_daily_key UNIQUE (day, api_key, model, backend)
);
CREATE INDEX usage_daily_day ON usage_daily (day);
