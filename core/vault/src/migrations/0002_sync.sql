-- 0002: sync. Device and team secrets, the team's envelopes, and the local records whose
-- changes have not yet gone into an envelope.
--
-- Plaintext added here: secret names (fixed words such as 'device'), device ids and
-- sequence numbers of envelopes (which the hub sees too), and the ids of records waiting
-- to be sent. Secrets are sealed under a key derived from the master key; envelopes are
-- encrypted under the team's epoch keys by the device that wrote them.

CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    blob BLOB NOT NULL
);

-- Every envelope of the team this vault holds, its own and those received, as they were
-- signed. `applied` is 0 while its changes wait for changes they depend on.
CREATE TABLE envelopes (
    device  BLOB    NOT NULL,
    seq     INTEGER NOT NULL,
    epoch   INTEGER NOT NULL,
    bytes   BLOB    NOT NULL,
    applied INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;

-- Records changed on this device since their changes last went into an envelope. The
-- automerge heads already sent are kept, sealed, in `records.shipped`.
CREATE TABLE outbox (
    record BLOB PRIMARY KEY
) WITHOUT ROWID;

ALTER TABLE records ADD COLUMN shipped BLOB;
