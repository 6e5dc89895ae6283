-- 0010: what the lead's merged picture filters by, as more facts of each record, plain
-- columns inside the page-encrypted database beside those of 0008 (ADR 0039): readable
-- only with the page key, as the records they come from. Written with the record's
-- index row at every write of its document, so a filter reads no summary and a page
-- of the listing opens only the records it shows.
--
-- `author`: the device that created the record (hex, as `Record::created_by`); `at`:
-- the moment the record is about (a note's contact, an interview's start, a consent's
-- time) or else its creation, nanoseconds since 1970 (UTC); `level`: an assessed
-- interview's level (`none`, `monitor`, `possible`, `likely`); `conflicted`: 1 when
-- a field holds concurrent values; `deleted`: 1 for a soft-deleted record.
ALTER TABLE record_facts ADD COLUMN author TEXT;
ALTER TABLE record_facts ADD COLUMN at INTEGER;
ALTER TABLE record_facts ADD COLUMN level TEXT;
ALTER TABLE record_facts ADD COLUMN conflicted INTEGER NOT NULL DEFAULT 0 CHECK (conflicted IN (0, 1));
ALTER TABLE record_facts ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1));

-- Records already there get theirs at the next unlock, with their index rows.
INSERT OR IGNORE INTO index_pending (one) SELECT 1 WHERE EXISTS (SELECT 1 FROM records);
