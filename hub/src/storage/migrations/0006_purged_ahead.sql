-- 0006: places a purge order names beyond what the hub holds of a device's log (a team
-- handed to a hub that lost it, whose purges were issued before: the devices keep
-- stubs at those places and never send their envelopes again). The order is stored
-- and each such place waits here; when the device's log reaches it, the hub puts a
-- stub there and the log goes on. Nothing but the place is kept: an envelope is never
-- stored at a place listed here.
CREATE TABLE purged_ahead (
    team   BLOB    NOT NULL REFERENCES teams (team),
    device BLOB    NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (team, device, seq)
) WITHOUT ROWID;
