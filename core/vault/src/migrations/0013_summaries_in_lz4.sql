-- 0013: records' summaries are LZ4 blocks instead of deflate streams (ADR 0052). A
-- search or a page spent a quarter of its time inflating them; an LZ4 block decodes
-- about eight times faster, into a buffer the vault owns, with no decoder window to
-- clear after every page. The summaries a vault from before holds are packed again
-- at its next unlock, which has the key to read them (`Vault::settle_index`,
-- `repack.rs`): this marker says they are still deflated, those of records after
-- `done_to` (a local sequence) at least; they are packed a batch at a time, each batch
-- committed with the marker moved past it.
CREATE TABLE summaries_pending (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    done_to INTEGER NOT NULL
);
INSERT INTO summaries_pending (one, done_to)
    SELECT 1, -9223372036854775808 WHERE EXISTS (SELECT 1 FROM record_summaries);
