-- 0002: sync sessions in progress, shared by every hub instance over this database, so
-- that the messages of one sync may reach any instance (docs/hub.md, "Several
-- instances").
--
-- `state` is the session's state between two messages (SyncSession::to_state_bytes:
-- vectors, sequences and counts, never an envelope); `busy` is set while one request
-- handles the session; `touched` is when a request last took or left it (unix
-- milliseconds), and a session idle past the hub's time to live is deleted. UNLOGGED:
-- a session lost to a database crash or failover costs a restart of that sync, never
-- data, and is not worth a write-ahead log record per message.
CREATE UNLOGGED TABLE sync_sessions (
    team    BYTEA   NOT NULL,
    device  BYTEA   NOT NULL,
    id      BYTEA   NOT NULL,
    state   BYTEA   NOT NULL,
    busy    BOOLEAN NOT NULL,
    touched BIGINT  NOT NULL,
    PRIMARY KEY (team, device, id)
);

CREATE INDEX sync_sessions_by_touched ON sync_sessions (touched);
