-- 0001: the initial vault schema.
--
-- Plaintext here is limited to random ids, record kinds, format versions, the KDF
-- parameters and salt, and the failed-unlock counter. Everything else is ciphertext
-- (sealed under keys derived from the master key) or a keyed hash.

CREATE TABLE header (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    format          INTEGER NOT NULL,
    vault_id        BLOB    NOT NULL,
    device_id       BLOB    NOT NULL,
    kdf_m_kib       INTEGER NOT NULL,
    kdf_t           INTEGER NOT NULL,
    kdf_p           INTEGER NOT NULL,
    salt            BLOB    NOT NULL,
    uses_keystore   INTEGER NOT NULL,
    wrapped_master  BLOB    NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    last_failure_at INTEGER,
    audit_head      BLOB
);

-- One row per record: the sealed automerge document. `seq` is the local listing order.
CREATE TABLE records (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    id     BLOB    NOT NULL UNIQUE,
    kind   TEXT    NOT NULL,
    format INTEGER NOT NULL,
    doc    BLOB    NOT NULL
);
CREATE INDEX records_by_kind ON records (kind, seq);

-- Blind index: per record, a Bloom filter of keyed hashes (HMAC under the index key)
-- of its tags, subject link, month and word prefixes. Never plaintext. `kind` repeats
-- the record's kind so a scan need not read the sealed documents.
CREATE TABLE record_filters (
    seq   INTEGER PRIMARY KEY REFERENCES records (seq) ON DELETE CASCADE,
    kind  TEXT NOT NULL,
    bloom BLOB NOT NULL
);

-- Append-only audit log: sealed entries, each chained to the previous by an HMAC.
CREATE TABLE audit (
    seq   INTEGER PRIMARY KEY,
    entry BLOB NOT NULL,
    chain BLOB NOT NULL
);
