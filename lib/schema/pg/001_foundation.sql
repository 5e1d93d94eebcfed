-- libcommpolice schema 001, PostgreSQL form (lib/schema/001_foundation.sql
-- is the SQLite form; docs/postgresql.md says how the two are kept).
--
-- What SQLite keeps in PRAGMA user_version, application_id and the
-- connection's registered functions, PostgreSQL keeps in the database:
--
--   cpol_meta       the application's name, the schema version (the number
--                   of the last migration applied, written by the library
--                   in the migration's transaction) and the writer number
--                   of the ids this database hands out;
--   cpol_next_id()  ids: one sequence, cpol_id, whose range is the writer's
--                   (docs/architecture.md, "Ids");
--   cpol_placement  how each table is spread on Citus: 'distributed' (by
--                   station_id, the placement key) or 'reference';
--   cpol_actor(), cpol_now()  the acting user and the time, from settings
--                   the library sets for each transaction (set_config(...,
--                   true): cpol.actor, cpol.now); a write from a session that
--                   did not set them fails, as a write from a program that
--                   did not register the functions fails on SQLite.
--
-- Every table is audited unless listed in audit_exempt: cpol_audit_refresh()
-- (below), which the library runs after the migrations, gives each audited
-- table the triggers cpol_audit_row() (one audit_log row per insert, update,
-- archive or restore, in the same transaction) and cpol_refuse() on DELETE;
-- each exempt table gets cpol_guard() on INSERT. Reading needs nothing.

CREATE TABLE cpol_meta (
	key   text PRIMARY KEY,
	value text NOT NULL
);
INSERT INTO cpol_meta (key, value) VALUES ('application', 'libcommpolice'), ('writer', '0');

CREATE TABLE cpol_placement (
	table_name text PRIMARY KEY,
	placement  text NOT NULL CHECK (placement = 'distributed' OR placement = 'reference')
);

-- Ids: writer w hands out ids in [w * 2^47 + 1, (w + 1) * 2^47 - 1]. The
-- library sets the range with cpol_set_writer() when it creates the
-- database; writer 0 is the default (and the range of every id an SQLite
-- file holds today).
CREATE SEQUENCE cpol_id AS bigint MINVALUE 1 MAXVALUE 140737488355327 START 1;

CREATE FUNCTION cpol_next_id() RETURNS bigint LANGUAGE sql VOLATILE AS
$$ SELECT nextval('cpol_id') $$;

CREATE FUNCTION cpol_set_writer(w integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF w < 0 OR w > 65535 THEN
		RAISE EXCEPTION 'writer % is outside 0..65535', w USING ERRCODE = '22023';
	END IF;
	EXECUTE format('ALTER SEQUENCE cpol_id MINVALUE %s MAXVALUE %s START %s RESTART %s',
	               w::bigint * 140737488355328 + 1, (w::bigint + 1) * 140737488355328 - 1,
	               w::bigint * 140737488355328 + 1, w::bigint * 140737488355328 + 1);
	UPDATE cpol_meta SET value = w::text WHERE key = 'writer';
END $$;

-- A setting the library makes for each transaction; without it, no write.
-- The library sets the actor and the time together: one message for both.
CREATE FUNCTION cpol_required_setting(name text) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE v text := current_setting(name, true);
BEGIN
	IF v IS NULL OR v = '' THEN
		RAISE EXCEPTION 'libcommpolice tables are written through the library only (no acting user set)'
			USING ERRCODE = '42501';
	END IF;
	RETURN v;
END $$;

CREATE FUNCTION cpol_actor() RETURNS text LANGUAGE sql STABLE AS $$ SELECT cpol_required_setting('cpol.actor') $$;
CREATE FUNCTION cpol_now() RETURNS text LANGUAGE sql STABLE AS $$ SELECT cpol_required_setting('cpol.now') $$;

-- References between distributed tables that may cross stations (a person
-- registered in one station's area living, or visited, in another's) are
-- not foreign keys, which Citus could only keep within one station: the
-- migrations list them here and give the table a cpol_soft_ref() trigger,
-- which refuses a row naming an id the target does not hold. Records are
-- never deleted, so a reference once good stays good.
CREATE TABLE cpol_soft_reference (
	table_name  text NOT NULL,
	column_name text NOT NULL,
	target      text NOT NULL,
	PRIMARY KEY (table_name, column_name)
);

-- Arguments: pairs of (column, target table).
CREATE FUNCTION cpol_soft_ref() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	j     jsonb := to_jsonb(NEW);
	v     bigint;
	found boolean;
BEGIN
	FOR i IN 0 .. TG_NARGS / 2 - 1 LOOP
		v := (j->>TG_ARGV[2 * i])::bigint;
		CONTINUE WHEN v IS NULL;
		CONTINUE WHEN TG_OP = 'UPDATE' AND (to_jsonb(OLD)->>TG_ARGV[2 * i])::bigint = v;
		EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE id = $1)', TG_ARGV[2 * i + 1]) INTO found USING v;
		IF NOT found THEN
			RAISE EXCEPTION '%.% = % names no row of %', TG_TABLE_NAME, TG_ARGV[2 * i], v, TG_ARGV[2 * i + 1]
				USING ERRCODE = '23503';
		END IF;
	END LOOP;
	RETURN NEW;
END $$;

-- RAISE(ABORT, message) of the SQLite triggers.
CREATE FUNCTION cpol_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = '23000';
END $$;

CREATE TABLE audit_log (
	id          bigint  NOT NULL DEFAULT cpol_next_id(),
	station_id  bigint  NOT NULL,                -- the placement key: the audited row's, 0 when it has none
	at          text    NOT NULL,                -- UTC, YYYY-MM-DDTHH:MM:SSZ
	actor       text    NOT NULL,                -- cpol_db_set_user(), or 'unknown'
	table_name  text    NOT NULL,
	row_id      bigint  NOT NULL,
	action      text    NOT NULL CHECK (action IN ('insert', 'update', 'archive', 'restore')),
	before_json text,                            -- NULL for insert
	after_json  text    NOT NULL,
	PRIMARY KEY (station_id, id)
);
CREATE INDEX audit_log_by_row ON audit_log (table_name, row_id);
CREATE INDEX audit_log_by_actor ON audit_log (actor, at);
CREATE INDEX audit_log_by_id ON audit_log (id);

CREATE TABLE audit_exempt (
	table_name text PRIMARY KEY
);
INSERT INTO audit_exempt (table_name)
	VALUES ('audit_log'), ('audit_exempt'), ('cpol_meta'), ('cpol_placement'), ('cpol_soft_reference');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('the audit trail is append-only');
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('the audit trail is append-only');
-- Row triggers do not fire on TRUNCATE: refuse it too.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION cpol_refuse('the audit trail is append-only');
CREATE TRIGGER audit_exempt_no_update BEFORE UPDATE ON audit_exempt
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('audit exemptions are fixed by the schema');
CREATE TRIGGER audit_exempt_no_delete BEFORE DELETE ON audit_exempt
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('audit exemptions are fixed by the schema');
CREATE TRIGGER cpol_placement_no_update BEFORE UPDATE OR DELETE ON cpol_placement
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('placements are fixed by the schema');
CREATE TRIGGER cpol_soft_reference_no_update BEFORE UPDATE OR DELETE ON cpol_soft_reference
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('references are fixed by the schema');

-- One audit_log row per change, as lib/schema.c's generated SQLite triggers
-- write it: the row before and after as JSON objects of its columns in
-- order, action archive/restore when archived_at is set/cleared.
CREATE FUNCTION cpol_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	j_new jsonb := to_jsonb(NEW);
	j_old jsonb;
	act   text := 'insert';
BEGIN
	IF TG_OP = 'UPDATE' THEN
		j_old := to_jsonb(OLD);
		act := CASE WHEN j_new ? 'archived_at' AND j_old->>'archived_at' IS NULL
		                 AND j_new->>'archived_at' IS NOT NULL THEN 'archive'
		            WHEN j_new ? 'archived_at' AND j_old->>'archived_at' IS NOT NULL
		                 AND j_new->>'archived_at' IS NULL THEN 'restore'
		            ELSE 'update' END;
	END IF;
	INSERT INTO audit_log (station_id, at, actor, table_name, row_id, action, before_json, after_json)
	VALUES (coalesce((j_new->>'station_id')::bigint, 0), cpol_now(), cpol_actor(), TG_TABLE_NAME,
	        (j_new->>'id')::bigint, act,
	        CASE WHEN TG_OP = 'UPDATE' THEN row_to_json(OLD)::text END, row_to_json(NEW)::text);
	RETURN NULL;
END $$;

-- An exempt table is still written by the library only.
CREATE FUNCTION cpol_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM cpol_actor();
	RETURN NEW;
END $$;

-- The audit and guard triggers of every table, made where missing; run by
-- the library after each migration (and by cpol_audit_repair()). Returns
-- how many triggers it made.
CREATE FUNCTION cpol_audit_refresh() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
	t    record;
	made integer := 0;
	have text[];
	ns   oid := (SELECT oid FROM pg_namespace WHERE nspname = current_schema());
BEGIN
	FOR t IN SELECT c.oid, c.relname, EXISTS (SELECT 1 FROM audit_exempt e WHERE e.table_name = c.relname) AS exempt
	         FROM pg_class c WHERE c.relnamespace = ns AND c.relkind = 'r' ORDER BY c.relname LOOP
		SELECT coalesce(array_agg(tgname::text), '{}') INTO have
			FROM pg_trigger WHERE tgrelid = t.oid AND NOT tgisinternal;
		IF t.exempt THEN
			IF NOT ('audit_' || t.relname || '_guard') = ANY (have) THEN
				EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION cpol_guard()',
				               'audit_' || t.relname || '_guard', t.relname);
				made := made + 1;
			END IF;
			CONTINUE;
		END IF;
		IF NOT ('audit_' || t.relname || '_insert') = ANY (have) THEN
			EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I FOR EACH ROW EXECUTE FUNCTION cpol_audit_row()',
			               'audit_' || t.relname || '_insert', t.relname);
			made := made + 1;
		END IF;
		IF NOT ('audit_' || t.relname || '_update') = ANY (have) THEN
			EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I FOR EACH ROW'
			               ' WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION cpol_audit_row()',
			               'audit_' || t.relname || '_update', t.relname);
			made := made + 1;
		END IF;
		IF NOT ('audit_' || t.relname || '_delete') = ANY (have) THEN
			EXECUTE format('CREATE TRIGGER %I BEFORE DELETE ON %I FOR EACH ROW EXECUTE FUNCTION cpol_refuse(%L)',
			               'audit_' || t.relname || '_delete', t.relname,
			               'records of ' || t.relname || ' are archived, never deleted');
			made := made + 1;
		END IF;
		IF NOT ('audit_' || t.relname || '_truncate') = ANY (have) THEN
			EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION cpol_refuse(%L)',
			               'audit_' || t.relname || '_truncate', t.relname,
			               'records of ' || t.relname || ' are archived, never deleted');
			made := made + 1;
		END IF;
	END LOOP;
	RETURN made;
END $$;

-- The Citus commands for every table (docs/postgresql.md, "Citus"): run on
-- the coordinator after CREATE EXTENSION citus. Reference tables first;
-- then the foreign keys between distributed tables (two of them form a
-- cycle: inspection and rectification_notice) are set aside, every
-- distributed table is distributed by station_id, co-located with the
-- first, and the keys are put back. Citus is not in Debian: this function
-- is checked by tests/pg_schema_check.py for what it reads, not run here.
CREATE FUNCTION cpol_citus_distribute() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	t     record;
	first text;
	fks   text[] := '{}';
BEGIN
	FOR t IN SELECT table_name FROM cpol_placement WHERE placement = 'reference' ORDER BY table_name LOOP
		EXECUTE format('SELECT create_reference_table(%L)', t.table_name);
	END LOOP;
	-- A shard's trigger cannot read other shards: the references that may
	-- cross stations are the library's to check there (cpol_soft_reference).
	FOR t IN SELECT DISTINCT table_name FROM cpol_soft_reference LOOP
		EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t.table_name || '_soft_refs', t.table_name);
	END LOOP;
	FOR t IN SELECT c.conname, r.relname, pg_get_constraintdef(c.oid) AS def
	         FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid
	         JOIN cpol_placement pr ON pr.table_name = r.relname AND pr.placement = 'distributed'
	         JOIN cpol_placement pf ON pf.table_name = f.relname AND pf.placement = 'distributed'
	         WHERE c.contype = 'f' AND r.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
	LOOP
		fks := fks || format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.relname, t.conname, t.def);
		EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t.relname, t.conname);
	END LOOP;
	FOR t IN SELECT table_name FROM cpol_placement WHERE placement = 'distributed' ORDER BY table_name LOOP
		IF first IS NULL THEN
			EXECUTE format('SELECT create_distributed_table(%L, %L)', t.table_name, 'station_id');
			first := t.table_name;
		ELSE
			EXECUTE format('SELECT create_distributed_table(%L, %L, colocate_with => %L)',
			               t.table_name, 'station_id', first);
		END IF;
	END LOOP;
	FOR i IN 1 .. coalesce(array_length(fks, 1), 0) LOOP
		EXECUTE fks[i];
	END LOOP;
END $$;

INSERT INTO cpol_placement (table_name, placement) VALUES
	('cpol_meta', 'reference'), ('cpol_placement', 'reference'), ('cpol_soft_reference', 'reference'),
	('audit_exempt', 'reference'),
	('audit_log', 'distributed');
