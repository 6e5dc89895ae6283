-- 0001: the initial hub schema.
--
-- Nothing here is plaintext of a record: the hub holds no key. What it keeps in the
-- clear is what the protocol shows it anyway (docs/sync.md, last section): team and
-- device ids, list versions, epochs, sequence numbers and sizes. Membership lists are
-- public, lead-signed data (call signs included); sealed keys open only on the device
-- they are sealed to; envelopes are ciphertext signed by their device.

-- Each registered team; its lists follow in `memberships`.
CREATE TABLE teams (
    team BLOB PRIMARY KEY NOT NULL
) WITHOUT ROWID;

-- Every version of every team's membership list, as signed (Membership::to_bytes).
CREATE TABLE memberships (
    team    BLOB    NOT NULL REFERENCES teams (team),
    version INTEGER NOT NULL,
    epoch   INTEGER NOT NULL,
    list    BLOB    NOT NULL,
    PRIMARY KEY (team, version)
);

-- Epoch keys sealed to one device each (postcard SealedKey), as a lead posted them.
CREATE TABLE sealed_keys (
    team   BLOB    NOT NULL REFERENCES teams (team),
    device BLOB    NOT NULL,
    epoch  INTEGER NOT NULL,
    sealed BLOB    NOT NULL,
    PRIMARY KEY (team, device, epoch)
) WITHOUT ROWID;

-- Every device's log of envelopes (Envelope::to_bytes), contiguous from seq 1.
CREATE TABLE envelopes (
    team   BLOB    NOT NULL REFERENCES teams (team),
    device BLOB    NOT NULL,
    seq    INTEGER NOT NULL,
    epoch  INTEGER NOT NULL,
    bytes  BLOB    NOT NULL,
    PRIMARY KEY (team, device, seq)
);
