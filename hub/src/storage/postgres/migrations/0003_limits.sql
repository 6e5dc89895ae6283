-- 0003: what several hub instances over this database must enforce together
-- (docs/hub.md, "Several instances"): the request budgets and the registration tokens.
--
-- `budgets`: one token bucket per caller (`kind` 1, key: team id and signing key) and
-- per peer address (`kind` 2, registrations): `tokens` left at `updated` (seconds of the
-- database's clock). A bucket untouched long enough to be full again is deleted. UNLOGGED:
-- a bucket lost to a crash is a full budget, which is what a restarted single hub gives
-- too, and is not worth a write-ahead log record per request.
CREATE UNLOGGED TABLE budgets (
    kind    SMALLINT         NOT NULL,
    key     BYTEA            NOT NULL,
    tokens  DOUBLE PRECISION NOT NULL,
    updated DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (kind, key)
);

CREATE INDEX budgets_by_updated ON budgets (updated);

-- `registration_tokens`: the SHA-256 (hex) of each token the operator issued and no
-- registration has used yet (`senim hub registration-token --database`); never the
-- token itself.
CREATE TABLE registration_tokens (
    hash TEXT PRIMARY KEY
);
