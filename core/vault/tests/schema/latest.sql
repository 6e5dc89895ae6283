CREATE INDEX record_facts_by_subject ON record_facts (subject) WHERE subject IS NOT NULL;
CREATE INDEX records_by_kind ON records (kind, seq);
CREATE INDEX records_note_length ON records (length(doc), seq) WHERE kind = 'note';
CREATE TABLE audit (
    seq   INTEGER PRIMARY KEY,
    entry BLOB NOT NULL,
    chain BLOB NOT NULL
);
CREATE TABLE envelopes (
    device  BLOB    NOT NULL,
    seq     INTEGER NOT NULL,
    epoch   INTEGER NOT NULL,
    bytes   BLOB    NOT NULL,
    applied INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
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
, wipe_after_failures INTEGER, wipe_after_idle_days INTEGER, last_sync_at INTEGER, last_failure_boot BLOB, last_failure_since_boot_ms INTEGER);
CREATE TABLE index_pending (
    one INTEGER PRIMARY KEY CHECK (one = 1)
);
CREATE TABLE outbox (
    record BLOB PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE purge_followups (
    device BLOB    NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
CREATE TABLE purged_places (
    device BLOB    NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
CREATE TABLE purged_records (
    tag BLOB PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE quarantine (
    device BLOB    NOT NULL,
    seq    INTEGER NOT NULL,
    reason TEXT    NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
CREATE TABLE record_changes (
    seq    INTEGER NOT NULL REFERENCES records (seq) ON DELETE CASCADE,
    n      INTEGER NOT NULL,
    change BLOB    NOT NULL,
    PRIMARY KEY (seq, n)
) WITHOUT ROWID;
CREATE TABLE record_facts (
    seq     INTEGER PRIMARY KEY REFERENCES records (seq) ON DELETE CASCADE,
    kind    TEXT    NOT NULL,
    updated INTEGER NOT NULL,
    subject BLOB,
    open    INTEGER NOT NULL CHECK (open IN (0, 1))
, author TEXT, at INTEGER, level TEXT, conflicted INTEGER NOT NULL DEFAULT 0 CHECK (conflicted IN (0, 1)), deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)), counted TEXT);
CREATE VIRTUAL TABLE record_index USING fts5 (
    terms,
    detail = column,
    columnsize = 0,
    tokenize = 'ascii tokenchars ''_'''
);
CREATE TABLE 'record_index_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE 'record_index_content'(id INTEGER PRIMARY KEY, c0);
CREATE TABLE 'record_index_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'record_index_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE record_summaries (
    seq     INTEGER PRIMARY KEY REFERENCES records (seq) ON DELETE CASCADE,
    summary BLOB    NOT NULL
);
CREATE TABLE records (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    id     BLOB    NOT NULL UNIQUE,
    kind   TEXT    NOT NULL,
    format INTEGER NOT NULL,
    doc    BLOB    NOT NULL
, shipped BLOB);
CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    blob BLOB NOT NULL
);
CREATE TABLE summaries_pending (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    done_to INTEGER NOT NULL
);
CREATE TRIGGER record_index_forget AFTER DELETE ON records BEGIN
    DELETE FROM record_index WHERE rowid = old.seq;
END;
