-- 0005: quarantined envelopes (ADR 0019).
--
-- Plaintext added here: places (device id, sequence number; the hub sees both) of
-- envelopes that were authentic and in sequence but whose content could not be applied,
-- and a fixed reason (one of a few set phrases, never content, never a record id). The
-- envelope itself stays in `envelopes` (applied = 0), so the device's log is contiguous.
CREATE TABLE quarantine (
    device BLOB    NOT NULL,
    seq    INTEGER NOT NULL,
    reason TEXT    NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
