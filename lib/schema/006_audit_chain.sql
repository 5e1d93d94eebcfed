-- libcommpolice schema 006: the audit trail as a hash chain.
--
-- Each audit_log entry gets one audit_chain row, written by the trigger
-- below in the same statement as the entry: hash = SHA-256 (or, with a key
-- configured, HMAC-SHA256 under that key) of the entry's content, its key
-- id and the previous entry's hash (prev_hash; NULL for the first entry,
-- the genesis, hashed as 32 zero bytes). The hash is computed by
-- cpol_audit_hash(), a function the library registers on its own
-- connections (lib/audit.c). A program that registers a function of that
-- name can write entries, but cannot make them verify under the key:
-- cpol_audit_verify() recomputes every hash (docs/db.md, "What is promised").
--
-- Entries written before this migration are chained when it is applied,
-- by the library that applies it, in id order (lib/schema.c): the chain
-- vouches for them from that moment on, not for what they were before.
--
-- The chain lives in a table of its own so that audit_log stays as
-- migration 001 made it (its append-only triggers unchanged); like the
-- trail it is exempt from auditing and append-only.

CREATE TABLE audit_chain (
	entry_id  INTEGER PRIMARY KEY REFERENCES audit_log (id),
	prev_hash BLOB,                -- the previous entry's hash; NULL for the first
	hash      BLOB NOT NULL,       -- 32 bytes
	key_id    TEXT                 -- which key (a fingerprint, never the key); NULL: plain SHA-256
);

INSERT INTO audit_exempt (table_name) VALUES ('audit_chain');

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN
	SELECT RAISE(ABORT, 'the audit chain is append-only');
END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN
	SELECT RAISE(ABORT, 'the audit chain is append-only');
END;

CREATE TRIGGER audit_log_chain AFTER INSERT ON audit_log
BEGIN
	INSERT INTO audit_chain (entry_id, prev_hash, hash, key_id)
	VALUES (NEW.id,
		(SELECT hash FROM audit_chain ORDER BY entry_id DESC LIMIT 1),
		cpol_audit_hash(NEW.id, NEW.at, NEW.actor, NEW.table_name, NEW.row_id, NEW.action,
			NEW.before_json, NEW.after_json,
			(SELECT hash FROM audit_chain ORDER BY entry_id DESC LIMIT 1),
			(SELECT key_id FROM audit_chain ORDER BY entry_id DESC LIMIT 1)),
		cpol_audit_key_id());
END;
