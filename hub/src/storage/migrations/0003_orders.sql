-- 0003: team orders (policy and purge), and purged envelope places.
--
-- Orders are lead-signed public data, like the lists (a purge order names envelope
-- places the hub already knows and carries the purged record ids sealed under the
-- team's epoch key, which the hub cannot open). A purge keeps a stub of each place it
-- names: the row stays, so every log stays contiguous and the vector does not move,
-- but its bytes are emptied and `purged` is set. The connection runs with
-- `secure_delete` on, and the WAL is truncated after each purge, so the bytes are
-- gone from the files too.

-- Every team's orders, numbered from 1 without gaps, as signed (TeamOrder::to_bytes).
CREATE TABLE orders (
    team   BLOB    NOT NULL REFERENCES teams (team),
    number INTEGER NOT NULL,
    bytes  BLOB    NOT NULL,
    PRIMARY KEY (team, number)
);

-- 1 for a stub: the envelope once held at this place was purged; `bytes` is empty.
ALTER TABLE envelopes ADD COLUMN purged INTEGER NOT NULL DEFAULT 0 CHECK (purged IN (0, 1));
