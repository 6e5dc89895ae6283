-- 0011: what a report counts of each record (`senim_records::Counted`), one more fact
-- beside those of 0008 and 0010, a plain column inside the page-encrypted database
-- (ADR 0039): readable only with the page key, as the record it comes from. Written
-- with the record's index row at every write of its document, so a report over a
-- lead's whole vault reads no record (ADR 0048).
--
-- `counted`: JSON of what the report counts of the record's kind (a subject's
-- nationality, a note's place label, an interview's form, level, rule set and
-- indicators, a referral's service and status); no text a worker wrote beyond the
-- place label the search index already holds. NULL for a record that did not open
-- when its facts were written: a report counts it as unreadable.
ALTER TABLE record_facts ADD COLUMN counted TEXT;

-- Records already there get theirs at the next unlock, with their index rows.
INSERT OR IGNORE INTO index_pending (one) SELECT 1 WHERE EXISTS (SELECT 1 FROM records);
