-- 0008: what the retention scan reads of each record, as plain columns inside the
-- page-encrypted database (ADR 0039): readable only with the page key, as the records
-- they come from. Written with the record's index row at every write of its document;
-- the lead's 12-hourly scan then reads no summary.
--
-- `updated`: the record's last change, nanoseconds since 1970 (UTC); `subject`: the id
-- of the subject record it is about; `open`: 1 for a referral still proposed or
-- accepted (never expired by retention). Goes with its record (`ON DELETE CASCADE`).
CREATE TABLE record_facts (
    seq     INTEGER PRIMARY KEY REFERENCES records (seq) ON DELETE CASCADE,
    kind    TEXT    NOT NULL,
    updated INTEGER NOT NULL,
    subject BLOB,
    open    INTEGER NOT NULL CHECK (open IN (0, 1))
);
CREATE INDEX record_facts_by_subject ON record_facts (subject) WHERE subject IS NOT NULL;

-- Records already there get theirs at the next unlock, with their index rows.
INSERT OR IGNORE INTO index_pending (one) SELECT 1 WHERE EXISTS (SELECT 1 FROM records);
