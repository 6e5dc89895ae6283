-- 0001: the hub schema on PostgreSQL, as the SQLite schema stands after its migration 6
-- (hub/src/storage/migrations). The same tables, the same meaning: nothing here is
-- plaintext of a record (the hub holds no key). Ids, versions, epochs, sequences and
-- sizes are what the protocol shows anyway; lists and orders are public, lead-signed
-- data; sealed keys open only on their device; envelopes are ciphertext.
--
-- Numbers are BIGINT (the hub's u64 values that fit in an i64; larger ones are never
-- stored). Ids and bytes are BYTEA.

-- Each registered team. Its row is also the team's write lock: a list or an order
-- takes it FOR UPDATE, an envelope append FOR SHARE (hub/src/storage/postgres/mod.rs).
CREATE TABLE teams (
    team BYTEA PRIMARY KEY
);

-- Every version of every team's membership list, as signed.
CREATE TABLE memberships (
    team    BYTEA  NOT NULL REFERENCES teams (team),
    version BIGINT NOT NULL,
    epoch   BIGINT NOT NULL,
    list    BYTEA  NOT NULL,
    PRIMARY KEY (team, version)
);

-- Epoch keys sealed to one device each (postcard SealedKey), as a lead posted them.
CREATE TABLE sealed_keys (
    team   BYTEA  NOT NULL REFERENCES teams (team),
    device BYTEA  NOT NULL,
    epoch  BIGINT NOT NULL,
    sealed BYTEA  NOT NULL,
    PRIMARY KEY (team, device, epoch)
);

-- Every device's log of envelopes, contiguous from seq 1. A stub (`purged`) keeps its
-- place with empty bytes; `hash` is the SHA-256 kept at upload; `damaged` marks a copy
-- that no longer matches it.
CREATE TABLE envelopes (
    team    BYTEA   NOT NULL REFERENCES teams (team),
    device  BYTEA   NOT NULL,
    seq     BIGINT  NOT NULL,
    epoch   BIGINT  NOT NULL,
    bytes   BYTEA   NOT NULL,
    purged  BOOLEAN NOT NULL DEFAULT FALSE,
    hash    BYTEA,
    damaged BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (team, device, seq)
);

-- The last sequence (and the newest order number) the team keeps of each revoked device.
CREATE TABLE revocations (
    team       BYTEA  NOT NULL REFERENCES teams (team),
    device     BYTEA  NOT NULL,
    last_seq   BIGINT NOT NULL,
    last_order BIGINT,
    PRIMARY KEY (team, device)
);

-- Every team's orders, numbered from 1 without gaps, as signed.
CREATE TABLE orders (
    team   BYTEA  NOT NULL REFERENCES teams (team),
    number BIGINT NOT NULL,
    bytes  BYTEA  NOT NULL,
    PRIMARY KEY (team, number)
);

-- Places a purge named beyond what the hub holds of a log; a stub once the log gets there.
CREATE TABLE purged_ahead (
    team   BYTEA  NOT NULL REFERENCES teams (team),
    device BYTEA  NOT NULL,
    seq    BIGINT NOT NULL,
    PRIMARY KEY (team, device, seq)
);

-- The request nonces accepted within the clock window, per team and signing key, with
-- the request's signed time (unix seconds); older rows are pruned.
CREATE TABLE nonces (
    team   BYTEA  NOT NULL,
    signer BYTEA  NOT NULL,
    nonce  BYTEA  NOT NULL,
    time   BIGINT NOT NULL,
    PRIMARY KEY (team, signer, nonce)
);

CREATE INDEX nonces_by_time ON nonces (time);
