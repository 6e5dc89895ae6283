-- 0013: records' summaries are LZ4 blocks instead of deflate streams (ADR 0052). A
-- search or a page spent a quarter of its time inflating them; an LZ4 block decodes
-- about eight times faster, into a buffer the vault owns, with no decoder window to
-- clear after every page. The summaries a vault from before holds are packed again
-- at its next unlock, which has the key to read them (`Vault::settle_index`,
-- `repack.rs`): this marker says they are still deflated.
CREATE TABLE summaries_pending (
    one INTEGER PRIMARY KEY CHECK (one = 1)
);
INSERT INTO summaries_pending (one) SELECT 1 WHERE EXISTS (SELECT 1 FROM record_summaries);
