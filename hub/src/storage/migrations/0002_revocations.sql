-- 0002: the last sequence the team keeps of each revoked device.
--
-- Written with the membership list that revokes the device, in the same transaction,
-- and read by every envelope append in its own: an envelope of a revoked device after
-- its last kept sequence is never stored, however the requests interleave. Public
-- data, like the lists it comes from.
CREATE TABLE revocations (
    team     BLOB    NOT NULL REFERENCES teams (team),
    device   BLOB    NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (team, device)
) WITHOUT ROWID;
