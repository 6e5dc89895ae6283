-- 0006: edits appended as changes, and sealed summaries of records (ADR 0031).
--
-- `record_changes`: the automerge changes of a record's edits since its document was
-- last saved whole, each sealed under the record key and bound to the record and its
-- position (`n`, from 1). The document is the base in `records.doc` followed by these
-- in order; the store saves it whole again after 16. Plaintext added: how many edits a
-- record had since then, and the length of each.
--
-- `record_summaries`: the record as it reads now (what `RecordDoc::read` returns),
-- sealed under the record key and bound to the record, for listings, reports and the
-- retention scan, which then need not load the document. Written with the document;
-- one missing is rebuilt from the document when read. Plaintext added: its length.
--
-- Both go with their record (`ON DELETE CASCADE`; `secure_delete` zeroes the space).
CREATE TABLE record_changes (
    seq    INTEGER NOT NULL REFERENCES records (seq) ON DELETE CASCADE,
    n      INTEGER NOT NULL,
    change BLOB    NOT NULL,
    PRIMARY KEY (seq, n)
) WITHOUT ROWID;

CREATE TABLE record_summaries (
    seq     INTEGER PRIMARY KEY REFERENCES records (seq) ON DELETE CASCADE,
    summary BLOB    NOT NULL
);
