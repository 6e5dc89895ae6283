-- 0005: the request nonces the hub accepted within the clock window, so that a
-- request captured on the wire is refused after a restart as it is before one; and
-- the orders a revoked device may still read.
--
-- A nonce is a random 16-byte value a device chose for one request; it is kept per
-- team and device signing key (`signer`, the Ed25519 public key of the team's list),
-- never per device id alone. `time` is the request's signed time (unix seconds): a
-- row older than the clock window can never match a fresh request again and is
-- pruned. Nothing here says what was asked.
CREATE TABLE nonces (
    team   BLOB    NOT NULL,
    signer BLOB    NOT NULL,
    nonce  BLOB    NOT NULL,
    time   INTEGER NOT NULL,
    PRIMARY KEY (team, signer, nonce)
) WITHOUT ROWID;

CREATE INDEX nonces_by_time ON nonces (time);

-- The number of the team's newest order when the device was revoked: a revoked device
-- may read the orders up to it (a purge of what it still holds), not those issued
-- after. NULL for a revocation stored before this column: no bound is known.
ALTER TABLE revocations ADD COLUMN last_order INTEGER;
