-- libcommpolice schema 001: the audit trail.
--
-- Every table is audited unless listed in audit_exempt: after each
-- migration the library (lib/schema.c) regenerates, for every audited table,
-- triggers that write one audit_log row per insert, update or archive, in the
-- same statement (hence the same transaction) as the change, and a trigger
-- that refuses DELETE: records are archived (archived_at set), never removed.
-- The triggers call cpol_actor() and cpol_now(), SQL functions that the
-- library registers on its own connections; writing to these tables from
-- any other program fails with "no such function", so no write escapes the
-- trail. Tables exempt from auditing get a guard trigger instead (an
-- INSERT that calls cpol_actor()), so they cannot be written from outside
-- either. Reading needs nothing.

CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY,
	at          TEXT    NOT NULL,               -- UTC, YYYY-MM-DDTHH:MM:SSZ
	actor       TEXT    NOT NULL,               -- cpol_db_set_user(), or 'unknown'
	table_name  TEXT    NOT NULL,
	row_id      INTEGER NOT NULL,
	action      TEXT    NOT NULL CHECK (action IN ('insert', 'update', 'archive', 'restore')),
	before_json TEXT,                           -- NULL for insert
	after_json  TEXT    NOT NULL
);
CREATE INDEX audit_log_by_row ON audit_log (table_name, row_id);
CREATE INDEX audit_log_by_actor ON audit_log (actor, at);

CREATE TABLE audit_exempt (
	table_name TEXT PRIMARY KEY
);
INSERT INTO audit_exempt (table_name) VALUES ('audit_log'), ('audit_exempt');

-- The trail itself is append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

-- Which tables are exempt is itself fixed by the migrations.
CREATE TRIGGER audit_exempt_no_update BEFORE UPDATE ON audit_exempt
BEGIN
	SELECT RAISE(ABORT, 'audit exemptions are fixed by the schema');
END;
CREATE TRIGGER audit_exempt_no_delete BEFORE DELETE ON audit_exempt
BEGIN
	SELECT RAISE(ABORT, 'audit exemptions are fixed by the schema');
END;
