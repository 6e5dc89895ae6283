CREATE INDEX nonces_by_time ON nonces (time);
CREATE TABLE envelopes (
    team   BLOB    NOT NULL REFERENCES teams (team),
    device BLOB    NOT NULL,
    seq    INTEGER NOT NULL,
    epoch  INTEGER NOT NULL,
    bytes  BLOB    NOT NULL, purged INTEGER NOT NULL DEFAULT 0 CHECK (purged IN (0, 1)), hash BLOB, damaged INTEGER NOT NULL DEFAULT 0 CHECK (damaged IN (0, 1)),
    PRIMARY KEY (team, device, seq)
);
CREATE TABLE memberships (
    team    BLOB    NOT NULL REFERENCES teams (team),
    version INTEGER NOT NULL,
    epoch   INTEGER NOT NULL,
    list    BLOB    NOT NULL,
    PRIMARY KEY (team, version)
);
CREATE TABLE nonces (
    team   BLOB    NOT NULL,
    signer BLOB    NOT NULL,
    nonce  BLOB    NOT NULL,
    time   INTEGER NOT NULL,
    PRIMARY KEY (team, signer, nonce)
) WITHOUT ROWID;
CREATE TABLE orders (
    team   BLOB    NOT NULL REFERENCES teams (team),
    number INTEGER NOT NULL,
    bytes  BLOB    NOT NULL,
    PRIMARY KEY (team, number)
);
CREATE TABLE purged_ahead (
    team   BLOB    NOT NULL REFERENCES teams (team),
    device BLOB    NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (team, device, seq)
) WITHOUT ROWID;
CREATE TABLE revocations (
    team     BLOB    NOT NULL REFERENCES teams (team),
    device   BLOB    NOT NULL,
    last_seq INTEGER NOT NULL, last_order INTEGER,
    PRIMARY KEY (team, device)
) WITHOUT ROWID;
CREATE TABLE sealed_keys (
    team   BLOB    NOT NULL REFERENCES teams (team),
    device BLOB    NOT NULL,
    epoch  INTEGER NOT NULL,
    sealed BLOB    NOT NULL,
    PRIMARY KEY (team, device, epoch)
) WITHOUT ROWID;
CREATE TABLE teams (
    team BLOB PRIMARY KEY NOT NULL
) WITHOUT ROWID;
