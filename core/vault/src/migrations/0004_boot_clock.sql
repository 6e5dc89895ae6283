-- 0004: the unlock throttle runs on the boot clock (ADR 0020), not the wall clock.
--
-- Plaintext added here, read before unlock like the failure count beside it: which boot
-- of the device the last failed attempt was counted in (16 bytes derived from the
-- platform's boot id) and how long after that boot, in milliseconds. `last_failure_at`
-- (wall clock) is still written and no longer read.

ALTER TABLE header ADD COLUMN last_failure_boot BLOB;
ALTER TABLE header ADD COLUMN last_failure_since_boot_ms INTEGER;
