//! Sync: the envelopes a device writes to its own log, the wire format, and the
//! protocol that exchanges the envelopes two parties lack. Bytes in, bytes out: the
//! transport (HTTP to the hub, or anything else) lives outside the core.
//!
//! Owns the encryption and signing of envelopes and the protocol state machine. It never
//! holds a passcode, never does network I/O, and never applies an envelope it could not
//! authenticate.
