-- 0003: team orders (policy and purges) and the automatic wipes.
--
-- Plaintext added here: the automatic-wipe settings of the team's policy and the time
-- of the last successful sync (both read before unlock, when no key is at hand), keyed
-- hashes of purged record ids (never the ids), and envelope places a purge named that
-- this device does not hold yet (device ids and sequence numbers, which the hub sees
-- too). The policy itself and the number of the last order applied are secrets, sealed.

ALTER TABLE header ADD COLUMN wipe_after_failures INTEGER;
ALTER TABLE header ADD COLUMN wipe_after_idle_days INTEGER;
ALTER TABLE header ADD COLUMN last_sync_at INTEGER;

-- Records purged by an order: HMAC of the record id under a key derived from the master
-- key. Changes to a purged record that arrive later are dropped, never applied.
CREATE TABLE purged_records (
    tag BLOB PRIMARY KEY
) WITHOUT ROWID;

-- Places a purge order named that this device does not hold yet: when its log reaches
-- one, a stub (an envelope row without bytes) takes the place, so the log stays
-- contiguous although the hub no longer sends that envelope.
CREATE TABLE purged_places (
    device BLOB    NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;

-- Envelopes received that carried changes of an already purged record: a lead purges
-- them too (a follow-up order) the next time it syncs.
CREATE TABLE purge_followups (
    device BLOB    NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
