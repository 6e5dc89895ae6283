-- 0007: the search index inside the page-encrypted database (ADR 0039), in place of the
-- per-record Bloom filters (ADR 0003), which were a scan of every filter per lookup.
--
-- `record_index`: FTS5, one row per record (`rowid` = `records.seq`), one column of
-- tokens: the words of the record's searchable text, folded and split as the vault
-- searches them, and its kind, tags, subject and month as tokens starting with `_`
-- (`index.rs`). `detail=none` (which records hold a token, not where), no column
-- sizes (nothing ranks), FTS5's `secure-delete` on, so a deleted or replaced row's
-- tokens leave the index's blocks at once; the trigger deletes a record's row with the
-- record (a purge, an erasure, the retention scan). It keeps its rows' tokens
-- (`record_index_content`): a contentless table forgets a row by a tombstone and
-- leaves its tokens in the blocks until a merge. Readable only through the page key,
-- as every other page.
--
-- `index_pending`: the records a vault from before hold are indexed at the next
-- unlock, which has the key to read them (`Vault::settle_index`).
DROP TABLE record_filters;

CREATE VIRTUAL TABLE record_index USING fts5 (
    terms,
    detail = none,
    columnsize = 0,
    tokenize = 'ascii tokenchars ''_'''
);
INSERT INTO record_index (record_index, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER record_index_forget AFTER DELETE ON records BEGIN
    DELETE FROM record_index WHERE rowid = old.seq;
END;

CREATE TABLE index_pending (
    one INTEGER PRIMARY KEY CHECK (one = 1)
);
INSERT INTO index_pending (one) SELECT 1 WHERE EXISTS (SELECT 1 FROM records);
