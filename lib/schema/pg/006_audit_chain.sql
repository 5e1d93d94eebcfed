-- libcommpolice schema 006, PostgreSQL form (lib/schema/006_audit_chain.sql
-- is the SQLite form): the audit trail as a hash chain.
--
-- Each audit_log entry gets one audit_chain row, written by the triggers
-- below in the same transaction: hash = SHA-256 (or, with a key, HMAC-SHA256
-- under it) of the entry, its key id and the previous entry's hash, byte for
-- byte what lib/audit.c's cpol__audit_digest() computes, so that
-- cpol_audit_verify() checks a trail written by either backend with the one
-- digest function (tests/unit/test_pg_schema.c compares them).
--
-- The chain is one sequence in id order, as on SQLite. Many connections
-- write at once here, so the order is made, not found: an entry takes the
-- chain's head row (audit_chain_head) FOR UPDATE before it gets its id, and
-- holds it until its transaction ends. Ids of entries therefore rise in the
-- order their transactions commit, and each link's prev_hash is the head's
-- hash when it was taken. A transaction at REPEATABLE READ or SERIALIZABLE
-- that meets a head moved since its snapshot fails with SQLSTATE 40001, and
-- the library retries it (docs/postgresql.md, "Concurrency"); it never
-- forks the chain. The cost: audited writes to one database queue for the
-- head between their first change and their commit.
--
-- The key: the library sets cpol.audit_key (hex) for each transaction
-- (set_config(..., true)) when it holds one; the key id is computed here
-- from the key, as lib/audit.c computes it. A trail keyed with a key is only
-- continued with that key.

CREATE TABLE audit_chain (
	entry_id   bigint NOT NULL,
	station_id bigint NOT NULL,   -- the placement key: its entry's
	prev_hash  bytea,             -- the previous entry's hash; NULL for the first
	hash       bytea  NOT NULL,   -- 32 bytes
	key_id     text,              -- which key (a fingerprint, never the key); NULL: plain SHA-256
	PRIMARY KEY (station_id, entry_id),
	FOREIGN KEY (station_id, entry_id) REFERENCES audit_log (station_id, id)
);

-- The head of the chain: one row, the last link.
CREATE TABLE audit_chain_head (
	one      integer PRIMARY KEY CHECK (one = 1),
	entry_id bigint,
	hash     bytea,
	key_id   text
);
INSERT INTO audit_chain_head (one) VALUES (1);

INSERT INTO audit_exempt (table_name) VALUES ('audit_chain'), ('audit_chain_head');
INSERT INTO cpol_placement (table_name, placement) VALUES ('audit_chain', 'distributed'), ('audit_chain_head', 'reference');

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('the audit chain is append-only');
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('the audit chain is append-only');
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
	FOR EACH STATEMENT EXECUTE FUNCTION cpol_refuse('the audit chain is append-only');
-- Only the chain trigger moves the head (a moved head shows in the check as
-- a link that does not follow its predecessor).
CREATE TRIGGER audit_chain_head_guard_update BEFORE UPDATE ON audit_chain_head
	FOR EACH ROW EXECUTE FUNCTION cpol_guard();
CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_chain_head
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('the audit chain is append-only');
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
	FOR EACH STATEMENT EXECUTE FUNCTION cpol_refuse('the audit chain is append-only');

-- HMAC-SHA256 (RFC 2104) on the built-in sha256(): no extension to install
-- or trust (pgcrypto's hmac() would need CREATE EXTENSION).
CREATE FUNCTION cpol_hmac_sha256(key bytea, msg bytea) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
	k    bytea := CASE WHEN length(key) > 64 THEN sha256(key) ELSE key END;
	ipad bytea;
	opad bytea;
BEGIN
	k := k || decode(repeat('00', 64 - length(k)), 'hex');
	ipad := k;
	opad := k;
	FOR i IN 0 .. 63 LOOP
		ipad := set_byte(ipad, i, get_byte(k, i) # 54);   -- 0x36
		opad := set_byte(opad, i, get_byte(k, i) # 92);   -- 0x5c
	END LOOP;
	RETURN sha256(opad || sha256(ipad || msg));
END $$;

-- A field as lib/audit.c's put_field() writes it: 0 for NULL, else 1, the
-- length in 8 bytes big-endian, the bytes (text as UTF-8).
CREATE FUNCTION cpol_audit_field(t text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN t IS NULL THEN '\x00'::bytea
	            ELSE '\x01'::bytea || int8send(octet_length(convert_to(t, 'UTF8'))::bigint) || convert_to(t, 'UTF8') END
$$;
CREATE FUNCTION cpol_audit_field(b bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN b IS NULL THEN '\x00'::bytea ELSE '\x01'::bytea || int8send(length(b)::bigint) || b END
$$;

-- lib/audit.c's cpol__audit_digest(): the label with its NUL, the id, the
-- fields, the key id, the previous hash (32 zero bytes for the first).
CREATE FUNCTION cpol_audit_digest(key bytea, id bigint, at text, actor text, table_name text, row_id bigint,
                                  action text, before_json text, after_json text, key_id text, prev_hash bytea)
RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN key IS NULL THEN sha256(m) ELSE cpol_hmac_sha256(key, m) END
	FROM (SELECT convert_to('commpolice audit entry v1', 'UTF8') || '\x00'::bytea || int8send(id)
	             || cpol_audit_field(at) || cpol_audit_field(actor) || cpol_audit_field(table_name)
	             || int8send(row_id) || cpol_audit_field(action) || cpol_audit_field(before_json)
	             || cpol_audit_field(after_json) || cpol_audit_field(key_id)
	             || cpol_audit_field(coalesce(prev_hash, decode(repeat('00', 32), 'hex'))) AS m) x
$$;

-- The key of this transaction (cpol.audit_key, hex), or NULL.
CREATE FUNCTION cpol_audit_key() RETURNS bytea LANGUAGE plpgsql STABLE AS $$
DECLARE k text := current_setting('cpol.audit_key', true);
BEGIN
	RETURN CASE WHEN k IS NULL OR k = '' THEN NULL ELSE decode(k, 'hex') END;
END $$;

-- lib/audit.c's key_fingerprint(): 16 hex digits of SHA-256 over a label
-- (with its NUL) and the key.
CREATE FUNCTION cpol_audit_key_id() RETURNS text LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN cpol_audit_key() IS NULL THEN NULL
	            ELSE encode(substr(sha256(convert_to('commpolice audit key id v1', 'UTF8') || '\x00'::bytea
	                                      || cpol_audit_key()), 1, 8), 'hex') END
$$;

-- Before an entry is written: take the head, then the id.
CREATE FUNCTION cpol_audit_chain_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM audit_chain_head WHERE one = 1 FOR UPDATE;
	NEW.id := cpol_next_id();
	RETURN NEW;
END $$;

-- After: the link, and the head moves on.
CREATE FUNCTION cpol_audit_chain_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	h      audit_chain_head;
	key    bytea := cpol_audit_key();
	kid    text := cpol_audit_key_id();
	digest bytea;
BEGIN
	SELECT * INTO h FROM audit_chain_head WHERE one = 1 FOR UPDATE;
	IF h.key_id IS NOT NULL AND h.key_id IS DISTINCT FROM kid THEN
		RAISE EXCEPTION 'the audit trail is keyed with key %; this connection has %: open it with that key '
		                '(cpol_db_options.key_file or CPOL_AUDIT_KEY_FILE) to write',
		                h.key_id, coalesce('key ' || kid, 'no key') USING ERRCODE = '42501';
	END IF;
	digest := cpol_audit_digest(key, NEW.id, NEW.at, NEW.actor, NEW.table_name, NEW.row_id, NEW.action,
	                            NEW.before_json, NEW.after_json, kid, h.hash);
	INSERT INTO audit_chain (entry_id, station_id, prev_hash, hash, key_id)
		VALUES (NEW.id, NEW.station_id, h.hash, digest, kid);
	UPDATE audit_chain_head SET entry_id = NEW.id, hash = digest, key_id = kid WHERE one = 1;
	RETURN NULL;
END $$;

-- Entries written before this migration are chained now, in id order, by
-- the library applying it (keyed when it has a key), as on SQLite.
DO $$
DECLARE
	e record;
	h bytea;
	d bytea;
BEGIN
	FOR e IN SELECT * FROM audit_log ORDER BY id LOOP
		d := cpol_audit_digest(cpol_audit_key(), e.id, e.at, e.actor, e.table_name, e.row_id, e.action,
		                       e.before_json, e.after_json, cpol_audit_key_id(), h);
		INSERT INTO audit_chain (entry_id, station_id, prev_hash, hash, key_id)
			VALUES (e.id, e.station_id, h, d, cpol_audit_key_id());
		h := d;
		UPDATE audit_chain_head SET entry_id = e.id, hash = d, key_id = cpol_audit_key_id() WHERE one = 1;
	END LOOP;
END $$;

ALTER TABLE audit_log ALTER COLUMN id DROP DEFAULT;
CREATE TRIGGER audit_log_order BEFORE INSERT ON audit_log
	FOR EACH ROW EXECUTE FUNCTION cpol_audit_chain_order();
CREATE TRIGGER audit_log_chain AFTER INSERT ON audit_log
	FOR EACH ROW EXECUTE FUNCTION cpol_audit_chain_link();
