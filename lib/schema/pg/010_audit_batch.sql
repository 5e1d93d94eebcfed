-- libcommpolice schema 010, PostgreSQL form of lib/schema/010_audit_batch.sql (the SQLite
-- form; its comments below hold for both). What differs, and why, is in
-- docs/postgresql.md: ids are bigint from cpol_next_id(); a table spread
-- over machines (cpol_placement 'distributed') carries station_id, the
-- placement key, in its primary key, its unique keys and its references
-- to other distributed tables; the rest are reference tables.
--
-- libcommpolice schema 010: what an import batch wrote, row by row.
--
-- A bulk import audits a batch with one entry per table naming the id
-- range it added (lib/import.c), not one entry per row. So that those rows
-- are still checked against what was written, the batch also keeps a
-- digest of each row it added: 16 bytes of SHA-256 over the table's name,
-- the row's id and its column values (lib/audit.c, cpol__audit_row_digest),
-- in id order from the batch's first id, 16 zero bytes where an id was not
-- used. The digests sit here, not in the entry, to keep the trail
-- readable; the entry's after_json names how many columns were hashed
-- ("columns") and the SHA-256 of the whole blob ("digests_sha256"), so the
-- chain covers them: a program that edits a row and its digest breaks the
-- batch entry's hash. cpol_audit_verify() recomputes each row's digest
-- while the batch entry is still the row's last.
--
-- Like the trail, the table is exempt from auditing and append-only.

--: The row digests of one import batch entry (see the migration's comment).
CREATE TABLE audit_batch (
	entry_id bigint NOT NULL,  --: the batch entry in audit_log
	station_id bigint NOT NULL,  -- the placement key (docs/postgresql.md)
	digests  bytea    NOT NULL,  --: 16 bytes a row id from the entry's first_id to its last_id; zeros for an id not used
	PRIMARY KEY (station_id, entry_id),
	FOREIGN KEY (station_id, entry_id) REFERENCES audit_log (station_id, id)
);

INSERT INTO audit_exempt (table_name) VALUES ('audit_batch');

CREATE TRIGGER audit_batch_no_update BEFORE UPDATE ON audit_batch
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('the audit trail is append-only');
CREATE TRIGGER audit_batch_no_delete BEFORE DELETE ON audit_batch
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('the audit trail is append-only');
CREATE TRIGGER audit_batch_no_truncate BEFORE TRUNCATE ON audit_batch
	FOR EACH STATEMENT EXECUTE FUNCTION cpol_refuse('the audit trail is append-only');

INSERT INTO cpol_placement (table_name, placement) VALUES
	('audit_batch', 'distributed');
