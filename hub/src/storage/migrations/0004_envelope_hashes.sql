-- 0004: the hash of every envelope as it was checked at upload, and damaged copies.
--
-- `hash` is the SHA-256 of the envelope's bytes (Envelope::stored_hash), kept when the
-- hub stored it after checking its signature; NULL for envelopes stored before this
-- schema, which the hub cannot tell from a damaged copy. `damaged` is set when a copy
-- read back no longer matches its hash: the author's next sync re-uploads it, and an
-- identical copy (the same hash) takes its place. Neither reveals anything the bytes
-- did not.
ALTER TABLE envelopes ADD COLUMN hash BLOB;
ALTER TABLE envelopes ADD COLUMN damaged INTEGER NOT NULL DEFAULT 0 CHECK (damaged IN (0, 1));
