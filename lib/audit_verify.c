/*
 * libcommpolice — checking a database against its audit trail
 * (cpol_audit_trail_verify(), include/commpolice/audit.h).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * Four passes in one read transaction: SQLite's own checks; the triggers
 * (lib/schema.c compares them with what it would make); the hash chain,
 * every hash recomputed (lib/audit.c's digest, the one the trigger's
 * function uses); every live record against its last after-image.
 */
#include "internal.h"
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct verifier {
	cpol_db *db;
	cpol_audit_finding_cb cb;
	void *payload;
	cpol_audit_summary sum;     /* what the caller's summary receives */
	int stopped;
} verifier;

static int emit(verifier *v, cpol_audit_finding_kind kind, const char *table, cpol_id row, cpol_id entry,
                const char *object, const char *fmt, ...) CPOL__PRINTF(7, 8);

static int emit(verifier *v, cpol_audit_finding_kind kind, const char *table, cpol_id row, cpol_id entry,
                const char *object, const char *fmt, ...)
{
	cpol_audit_finding f;
	char msg[1024];
	va_list ap;

	v->sum.findings++;
	if (!v->cb)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f.kind = kind;
	f.kind_name = cpol_audit_finding_kind_name(kind);
	f.table_name = table;
	f.row_id = row;
	f.entry_id = entry;
	f.object = object;
	f.message = msg;
	if (v->cb(&f, v->payload) != 0) {
		v->stopped = 1;
		return cpol__error_set(CPOL_EUSER, "the finding callback stopped the check");
	}
	return 0;
}

/* Text for a message; a tampered row may hold NULL where the schema says NOT NULL. */
static const char *text_or_null(const void *s)
{
	return s ? (const char *)s : "NULL";
}

static int sql_fail(verifier *v, int rc, const char *what)
{
	return cpol__db_error(v->db, rc, what);
}

/* --------------------------------------------------------- SQLite's checks */

static int check_sqlite(verifier *v)
{
	cpol__stmt *st = NULL;
	int rc = cpol__db_prepare(v->db, &st, "PRAGMA integrity_check");

	if (rc != CPOL__OK)
		return sql_fail(v, rc, "PRAGMA integrity_check");
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		const char *m = (const char *)cpol__st_column_text(st, 0);
		if (m && strcmp(m, "ok") != 0 && (rc = emit(v, CPOL_AUDIT_FINDING_INTEGRITY, NULL, 0, 0, NULL,
		                                            "integrity_check: %s", m)) < 0)
			break;
	}
	cpol__st_finalize(st);
	if (rc < 0)
		return rc;
	if (rc != CPOL__DONE)
		return sql_fail(v, rc, "PRAGMA integrity_check");

	rc = cpol__db_prepare(v->db, &st, "PRAGMA foreign_key_check");
	if (rc != CPOL__OK)
		return sql_fail(v, rc, "PRAGMA foreign_key_check");
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		const char *table = (const char *)cpol__st_column_text(st, 0);
		const char *parent = (const char *)cpol__st_column_text(st, 2);
		cpol_id row = cpol__st_column_int64(st, 1);
		if ((rc = emit(v, CPOL_AUDIT_FINDING_FOREIGN_KEY, table, row, 0, NULL,
		               "%s row %lld refers to a missing row of %s", table, (long long)row, parent)) < 0)
			break;
	}
	cpol__st_finalize(st);
	if (rc < 0)
		return rc;
	return rc == CPOL__DONE ? 0 : sql_fail(v, rc, "PRAGMA foreign_key_check");
}

/* --------------------------------------------------------------- triggers */

static int check_triggers(verifier *v, int version)
{
	cpol__trigger_problem *p = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = cpol__schema_check_triggers(v->db, version, &p, &n)) < 0)
		return rc;
	for (i = 0; rc == 0 && i < n; i++) {
		switch (p[i].kind) {
		case CPOL_AUDIT_FINDING_TRIGGER_MISSING:
			rc = emit(v, p[i].kind, p[i].table_name, 0, 0, p[i].name,
			          "trigger %s on %s is missing: changes to %s go unrecorded or unguarded",
			          p[i].name, p[i].table_name, p[i].table_name);
			break;
		case CPOL_AUDIT_FINDING_TRIGGER_CHANGED:
			rc = emit(v, p[i].kind, p[i].table_name, 0, 0, p[i].name,
			          "trigger %s on %s is not the library's: its SQL was changed", p[i].name, p[i].table_name);
			break;
		case CPOL_AUDIT_FINDING_TRIGGER_UNKNOWN:
			rc = emit(v, p[i].kind, p[i].table_name, 0, 0, p[i].name,
			          "trigger %s on %s was not made by the library", p[i].name, p[i].table_name);
			break;
		default:
			rc = emit(v, p[i].kind, p[i].name, 0, 0, NULL,
			          "table %s is exempt from the audit trail, but no migration exempted it", p[i].name);
			break;
		}
	}
	cpol__trigger_problems_free(p, n);
	return rc;
}

/* ------------------------------------------------------------------ chain */

static int check_chain(verifier *v)
{
	cpol__stmt *st = NULL;
	unsigned char prev[CPOL__AUDIT_HASH_SIZE], want[CPOL__AUDIT_HASH_SIZE];
	char other_key[17] = "";
	cpol_id prev_id = 0, keyed_since = 0;
	int64_t unavailable = 0;
	int have_prev = 0, rc, head_keyed_mine = 0;

	rc = cpol__db_prepare(v->db, &st, "SELECT l.id, l.at, l.actor, l.table_name, l.row_id, l.action, l.before_json, l.after_json,"
		" c.entry_id, c.prev_hash, c.hash, c.key_id"
		" FROM audit_log l LEFT JOIN audit_chain c ON c.entry_id = l.id ORDER BY l.id");
	if (rc != CPOL__OK)
		return sql_fail(v, rc, "reading the audit chain");
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol__audit_fields f;
		const unsigned char *stored = cpol__st_column_blob(st, 10);
		const unsigned char *link = cpol__st_column_blob(st, 9);
		const char *key_id = (const char *)cpol__st_column_text(st, 11);
		const char *table = text_or_null(cpol__st_column_text(st, 3));
		int link_len = cpol__st_column_bytes(st, 9), stored_len = cpol__st_column_bytes(st, 10);

		cpol__audit_fields_from_row(&f, st, 0);
		v->sum.entries++;
		if (cpol__st_column_type(st, 8) == CPOL__NULL) {
			rc = emit(v, CPOL_AUDIT_FINDING_ENTRY_UNCHAINED, table, f.row_id, f.id, NULL,
			          "audit entry %lld (%s row %lld) has no link in the chain: written with the chain "
			          "trigger gone", (long long)f.id, table, (long long)f.row_id);
			if (rc < 0)
				break;
			continue;
		}
		/* The link: this entry's prev_hash must be the hash of the entry before it. */
		if (have_prev ? (link_len != (int)sizeof(prev) || memcmp(link, prev, sizeof(prev)) != 0)
		              : cpol__st_column_type(st, 9) != CPOL__NULL) {
			if (have_prev)
				rc = emit(v, CPOL_AUDIT_FINDING_ENTRY_REMOVED, table, f.row_id, f.id, NULL,
				          "audit entry %lld does not follow entry %lld in the chain: entries between "
				          "them were removed, or the chain was rewritten", (long long)f.id, (long long)prev_id);
			else
				rc = emit(v, CPOL_AUDIT_FINDING_ENTRY_REMOVED, table, f.row_id, f.id, NULL,
				          "audit entry %lld is the first but links to an earlier one: the entries "
				          "before it were removed", (long long)f.id);
			if (rc < 0)
				break;
		}
		/* The hash: recomputed from the content, the key id and the stored link. */
		f.key_id.ptr = (const unsigned char *)key_id;
		f.key_id.len = key_id ? strlen(key_id) : 0;
		f.prev_hash.ptr = cpol__st_column_type(st, 9) == CPOL__NULL ? NULL : (link ? link : (const unsigned char *)"");
		f.prev_hash.len = (size_t)link_len;
		if (key_id && !(v->db->key && strcmp(key_id, v->db->key_id) == 0)) {
			unavailable++;
			snprintf(other_key, sizeof(other_key), "%s", key_id);
		} else {
			cpol__audit_digest(want, key_id ? v->db->key : NULL, v->db->key_len, &f);
			if (stored_len != (int)sizeof(want) || memcmp(stored, want, sizeof(want)) != 0) {
				rc = emit(v, CPOL_AUDIT_FINDING_ENTRY_CHANGED, table, f.row_id, f.id, NULL,
				          "audit entry %lld (%s row %lld, %s by %s at %s) does not match its hash: it was "
				          "changed, or written without the %s", (long long)f.id, table, (long long)f.row_id,
				          text_or_null(f.action.ptr), text_or_null(f.actor.ptr), text_or_null(f.at.ptr),
				          key_id ? "key" : "library");
				if (rc < 0)
					break;
			}
			if (key_id)
				v->sum.entries_keyed++;
		}
		if (key_id && !keyed_since)
			keyed_since = f.id;
		if (!key_id && keyed_since) {
			rc = emit(v, CPOL_AUDIT_FINDING_ENTRY_UNKEYED, table, f.row_id, f.id, NULL,
			          "audit entry %lld is not keyed, though the trail is keyed since entry %lld: written "
			          "without the key", (long long)f.id, (long long)keyed_since);
			if (rc < 0)
				break;
		}
		head_keyed_mine = key_id && v->db->key && strcmp(key_id, v->db->key_id) == 0;
		if (stored_len == (int)sizeof(prev)) {
			memcpy(prev, stored, sizeof(prev));
			have_prev = 1;
		}
		prev_id = f.id;
		v->sum.head_id = f.id;
		cpol__hex(v->sum.head_hash, prev, sizeof(prev));
	}
	cpol__st_finalize(st);
	if (rc < 0)
		return rc;
	if (rc != CPOL__DONE)
		return sql_fail(v, rc, "reading the audit chain");
	if (v->db->key && v->sum.entries > 0 && !head_keyed_mine &&
	    (rc = emit(v, CPOL_AUDIT_FINDING_ENTRY_UNKEYED, NULL, 0, v->sum.head_id, NULL,
	               "the last audit entry (%lld) is not keyed with key %s: the trail was written or "
	               "rewritten without it", (long long)v->sum.head_id, v->db->key_id)) < 0)
		return rc;
	if (unavailable &&
	    (rc = emit(v, CPOL_AUDIT_FINDING_KEY_UNAVAILABLE, NULL, 0, 0, NULL,
	               "%lld audit entries are keyed with key %s, which was not given: their hashes were not "
	               "checked (give the key file: CPOL_AUDIT_KEY_FILE or cpol_db_options.key_file)",
	               (long long)unavailable, other_key)) < 0)
		return rc;

	/* A link whose entry is gone. */
	rc = cpol__db_prepare(v->db, &st, "SELECT entry_id FROM audit_chain c WHERE NOT EXISTS"
	                        " (SELECT 1 FROM audit_log l WHERE l.id = c.entry_id) ORDER BY entry_id");
	if (rc != CPOL__OK)
		return sql_fail(v, rc, "reading the audit chain");
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_id id = cpol__st_column_int64(st, 0);
		if ((rc = emit(v, CPOL_AUDIT_FINDING_ENTRY_REMOVED, NULL, 0, id, NULL,
		               "audit entry %lld was removed (its link in the chain remains)", (long long)id)) < 0)
			break;
	}
	cpol__st_finalize(st);
	if (rc < 0)
		return rc;
	return rc == CPOL__DONE ? 0 : sql_fail(v, rc, "reading the audit chain");
}

/* ------------------------------------------------------------------- rows */

typedef struct batch_range {
	cpol_id entry, first, last;
	int columns;                /* the columns each row digest covers */
	unsigned char *digests;     /* CPOL__AUDIT_ROW_DIGEST_SIZE bytes an id, or NULL: none (before migration 010) or unusable */
	unsigned char *seen;        /* a bit an id: the rows the scan met */
} batch_range;

static void batches_free(batch_range *r, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(r[i].digests);
		free(r[i].seen);
	}
	free(r);
}

static const char BATCHES_SQL[] =
	"SELECT l.id, json_extract(l.after_json, '$.first_id'), json_extract(l.after_json, '$.last_id'),"
	" json_extract(l.after_json, '$.columns'), json_extract(l.after_json, '$.digests_sha256'), b.digests"
	" FROM audit_log l LEFT JOIN audit_batch b ON b.entry_id = l.id"
	" WHERE l.table_name = ?1 AND l.action = 'insert'"
	" AND json_valid(l.after_json) AND json_extract(l.after_json, '$.import_run') IS NOT NULL ORDER BY 2";
/* A file whose schema predates the digests (a read-only handle does not migrate). */
static const char BATCHES_OLD_SQL[] =
	"SELECT id, json_extract(after_json, '$.first_id'), json_extract(after_json, '$.last_id'), NULL, NULL, NULL"
	" FROM audit_log WHERE table_name = ?1 AND action = 'insert'"
	" AND json_valid(after_json) AND json_extract(after_json, '$.import_run') IS NOT NULL ORDER BY 2";

/*
 * A batch entry's row digests, when it has them: kept when the blob has
 * one digest an id of the range and the SHA-256 the entry names (the
 * entry's own hash vouches for that); otherwise a finding on the entry.
 */
static int take_digests(verifier *v, const char *table, batch_range *b, cpol__stmt *st)
{
	const char *want = (const char *)cpol__st_column_text(st, 4);
	const unsigned char *blob = cpol__st_column_blob(st, 5);
	size_t len = (size_t)cpol__st_column_bytes(st, 5), ids;
	char got[2 * CPOL__AUDIT_HASH_SIZE + 1];

	b->columns = cpol__st_column_int(st, 3);
	if (!want)
		return 0;
	ids = b->last >= b->first && b->last - b->first < (cpol_id)1 << 32 ? (size_t)(b->last - b->first + 1) : 0;
	if (blob && ids && len == ids * CPOL__AUDIT_ROW_DIGEST_SIZE) {
		cpol__audit_blob_sha256(got, blob, len);
		if (strcmp(got, want) == 0) {
			if (!(b->digests = malloc(len)) || !(b->seen = calloc(1, (ids + 7) / 8)))
				return cpol__error_oom();
			memcpy(b->digests, blob, len);
			return 0;
		}
	}
	return emit(v, CPOL_AUDIT_FINDING_ENTRY_CHANGED, table, b->first, b->entry, NULL,
	            "the row digests of import batch entry %lld (%s rows %lld to %lld) are %s: they were changed, "
	            "and the batch's rows cannot be checked", (long long)b->entry, table, (long long)b->first,
	            (long long)b->last, blob ? "not the ones the entry names" : "missing");
}

/* The id ranges a bulk import's batch entries cover for one table, by first id. */
static int load_batches(verifier *v, const char *table, batch_range **out, size_t *count)
{
	cpol__stmt *st = NULL;
	batch_range *r = NULL;
	size_t n = 0;
	int digests = cpol__db_has_column(v->db, "audit_batch", "digests");
	int rc = cpol__db_prepare(v->db, &st, digests ? BATCHES_SQL : BATCHES_OLD_SQL);

	*out = NULL;
	*count = 0;
	if (rc != CPOL__OK)
		return sql_fail(v, rc, "reading batch entries");
	cpol__st_bind_text_static(st, 1, table, -1);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		batch_range *g = realloc(r, sizeof(*r) * (n + 1));
		if (!g) {
			rc = cpol__error_oom();
			break;
		}
		r = g;
		memset(&r[n], 0, sizeof(r[n]));
		r[n].entry = cpol__st_column_int64(st, 0);
		r[n].first = cpol__st_column_int64(st, 1);
		r[n].last = cpol__st_column_int64(st, 2);
		n++;
		if ((rc = take_digests(v, table, &r[n - 1], st)) < 0)
			break;
	}
	cpol__st_finalize(st);
	if (rc != CPOL__DONE) {
		batches_free(r, n);
		return rc < 0 ? rc : sql_fail(v, rc, "reading batch entries");
	}
	*out = r;
	*count = n;
	return 0;
}

static batch_range *batch_covering(batch_range *r, size_t n, cpol_id row)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r[mid].first <= row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && r[lo - 1].last >= row ? &r[lo - 1] : NULL;
}

static int all_zero(const unsigned char *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* A row whose last entry is its import batch's: its values against the digest the batch kept. */
static int check_batch_row(verifier *v, const char *table, const batch_range *b, cpol_id row, cpol__stmt *st,
                           int col, int ncols)
{
	const unsigned char *want = b->digests + (size_t)(row - b->first) * CPOL__AUDIT_ROW_DIGEST_SIZE;
	unsigned char got[CPOL__AUDIT_ROW_DIGEST_SIZE];

	if (all_zero(want, sizeof(got)))
		return emit(v, CPOL_AUDIT_FINDING_ROW_UNAUDITED, table, row, b->entry, NULL,
		            "%s row %lld has no audit entry: import batch entry %lld, whose id range holds it, did not "
		            "write it; it was written with the triggers gone", table, (long long)row, (long long)b->entry);
	/* Columns a later migration added are not in the digest: the first b->columns are. */
	cpol__audit_row_digest(got, table, row, st, col, b->columns < ncols ? b->columns : ncols);
	if (memcmp(got, want, sizeof(got)) != 0)
		return emit(v, CPOL_AUDIT_FINDING_ROW_CHANGED, table, row, b->entry, NULL,
		            "%s row %lld differs from what import batch entry %lld wrote (its row digest): it was "
		            "changed with the triggers gone", table, (long long)row, (long long)b->entry);
	return 0;
}

/* Rows a batch wrote that the scan did not meet: deleted, though records are never deleted. */
static int check_batch_removed(verifier *v, const char *table, const batch_range *r, size_t n)
{
	size_t i, k;
	int rc = 0;

	for (i = 0; rc == 0 && i < n; i++) {
		size_t ids = r[i].digests ? (size_t)(r[i].last - r[i].first + 1) : 0;
		for (k = 0; rc == 0 && k < ids; k++)
			if (!(r[i].seen[k / 8] & (1u << (k % 8))) &&
			    !all_zero(r[i].digests + k * CPOL__AUDIT_ROW_DIGEST_SIZE, CPOL__AUDIT_ROW_DIGEST_SIZE))
				rc = emit(v, CPOL_AUDIT_FINDING_ROW_REMOVED, table, r[i].first + (cpol_id)k, r[i].entry, NULL,
				          "%s row %lld, written by import batch entry %lld, is gone: it was deleted with the "
				          "triggers gone", table, (long long)(r[i].first + (cpol_id)k), (long long)r[i].entry);
	}
	return rc;
}

static int differing_columns(verifier *v, const char *image, const char *live, cpol__buf *out)
{
	static const char SQL[] =
		"SELECT j.key FROM json_each(?1) j"
		" WHERE j.value IS NOT json_extract(?2, '$.\"' || j.key || '\"') ORDER BY j.key";
	cpol__stmt *st;
	int rc, n = 0;

	if ((rc = cpol__db_stmt(v->db, &st, SQL)) < 0)
		return rc;
	cpol__st_bind_text_static(st, 1, image, -1);
	cpol__st_bind_text_static(st, 2, live, -1);
	while ((rc = cpol__st_step(st)) == CPOL__ROW)
		cpol__buf_printf(out, "%s%s", n++ ? ", " : "", (const char *)cpol__st_column_text(st, 0));
	cpol__st_reset(st);
	if (rc != CPOL__DONE)
		return sql_fail(v, rc, "comparing a record with its audit entry");
	return n;
}

/*
 * Records the trail shows written row by row that are gone: records are
 * never deleted (the delete trigger refuses), so one missing was deleted
 * around the library. Rows a batch with digests wrote are check_batch_removed()'s.
 */
static int check_removed(verifier *v, const char *table, const batch_range *batches, size_t nbatches)
{
	cpol__buf sql = { 0 };
	cpol__stmt *st = NULL;
	int rc;

	/* Names from sqlite_master, as in check_table_rows(). */
	cpol__buf_printf(&sql, "SELECT a.row_id, max(a.id) FROM audit_log AS a WHERE a.table_name = '%s'"
	                 " AND NOT EXISTS (SELECT 1 FROM \"%s\" AS t WHERE t.rowid = a.row_id)"
	                 " GROUP BY a.row_id ORDER BY a.row_id", table, table);
	if (sql.oom) {
		cpol__buf_free(&sql);
		return cpol__error_oom();
	}
	rc = cpol__db_prepare(v->db, &st, sql.ptr);
	cpol__buf_free(&sql);
	if (rc != CPOL__OK)
		return sql_fail(v, rc, "looking for removed records");
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_id row = cpol__st_column_int64(st, 0), entry = cpol__st_column_int64(st, 1);
		size_t i;
		for (i = 0; i < nbatches && !(batches[i].entry == entry && batches[i].digests); i++)
			;
		if (i < nbatches)
			continue;
		if ((rc = emit(v, CPOL_AUDIT_FINDING_ROW_REMOVED, table, row, entry, NULL,
		               "%s row %lld is gone, though audit entry %lld shows it: it was deleted with the "
		               "triggers gone", table, (long long)row, (long long)entry)) < 0)
			break;
	}
	cpol__st_finalize(st);
	if (rc < 0)
		return rc;
	return rc == CPOL__DONE ? 0 : sql_fail(v, rc, "looking for removed records");
}

static int check_table_rows(verifier *v, const char *table)
{
	cpol__buf sql = { 0 };
	cpol__stmt *st = NULL;
	batch_range *batches = NULL;
	size_t nbatches = 0;
	int rc;

	if ((rc = load_batches(v, table, &batches, &nbatches)) < 0)
		return rc;
	/* Names from sqlite_master, not user data: the triggers are built the same way. */
	cpol__buf_puts(&sql, "SELECT t.rowid, a.id, a.after_json, ");
	if ((rc = cpol__schema_row_json(v->db, table, "t", &sql)) < 0)
		goto done;
	cpol__buf_printf(&sql, ", t.* FROM \"%s\" AS t LEFT JOIN audit_log AS a ON a.id ="
	                 " (SELECT max(id) FROM audit_log WHERE table_name = '%s' AND row_id = t.rowid)", table, table);
	if (sql.oom) {
		rc = cpol__error_oom();
		goto done;
	}
	if ((rc = cpol__db_prepare(v->db, &st, sql.ptr)) != CPOL__OK) {
		rc = sql_fail(v, rc, "reading records");
		goto done;
	}
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_id row = cpol__st_column_int64(st, 0), entry = cpol__st_column_int64(st, 1);
		const char *image = (const char *)cpol__st_column_text(st, 2);
		const char *live = (const char *)cpol__st_column_text(st, 3);
		batch_range *b = batch_covering(batches, nbatches, row);

		v->sum.rows++;
		if (b && b->seen)
			b->seen[(row - b->first) / 8] |= (unsigned char)(1u << ((row - b->first) % 8));
		if (image && live && strcmp(image, live) == 0)
			continue;
		/* A batch entry names its first row: it is that row's last entry while the row is unchanged. */
		if (b && (!image || entry == b->entry)) {
			if (b->digests && (rc = check_batch_row(v, table, b, row, st, 4, cpol__st_column_count(st) - 4)) < 0)
				break;
			continue;
		}
		if (!image) {
			rc = emit(v, CPOL_AUDIT_FINDING_ROW_UNAUDITED, table, row, 0, NULL,
			          "%s row %lld has no audit entry: it was written with the triggers gone", table, (long long)row);
		} else {
			cpol__buf cols = { 0 };
			int n = differing_columns(v, image, live, &cols);
			/* Columns a later migration added are not in older images: only those present count. */
			if (n > 0)
				rc = emit(v, CPOL_AUDIT_FINDING_ROW_CHANGED, table, row, entry, NULL,
				          "%s row %lld differs from its last audit entry %lld in: %s; it was changed "
				          "with the triggers gone", table, (long long)row, (long long)entry,
				          cols.ptr ? cols.ptr : "?");
			else
				rc = n;
			cpol__buf_free(&cols);
		}
		if (rc < 0)
			break;
	}
	if (rc == CPOL__DONE && (rc = check_batch_removed(v, table, batches, nbatches)) == 0)
		rc = check_removed(v, table, batches, nbatches);
	else if (rc > 0)
		rc = sql_fail(v, rc, "reading records");
done:
	cpol__st_finalize(st);
	cpol__buf_free(&sql);
	batches_free(batches, nbatches);
	return rc;
}

static int check_rows(verifier *v, int version)
{
	char **tables = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = cpol__schema_audited_tables(v->db, version, &tables, &n)) < 0)
		return rc;
	for (i = 0; rc == 0 && i < n; i++)
		rc = check_table_rows(v, tables[i]);
	cpol__schema_names_free(tables, n);
	return rc;
}

/* ------------------------------------------------------------------ entry */

CPOL__DEFINE_INIT(cpol_audit_summary_init, cpol_audit_summary, CPOL_AUDIT_SUMMARY_INIT,
                  CPOL_AUDIT_SUMMARY_VERSION)

int cpol_audit_trail_verify(cpol_audit_summary *out, cpol_db *db, cpol_audit_finding_cb cb, void *payload)
{
	verifier v;
	int version = 0, rc, own_txn = 0;

	if (out && (rc = cpol__check_version(out->version, CPOL_AUDIT_SUMMARY_VERSION, "cpol_audit_summary")) < 0)
		return rc;
	memset(&v, 0, sizeof(v));
	v.sum.version = CPOL_AUDIT_SUMMARY_VERSION;
	v.db = db;
	v.cb = cb;
	v.payload = payload;
	if (db->key)
		snprintf(v.sum.key_id, sizeof(v.sum.key_id), "%s", db->key_id);
	if (out)
		*out = v.sum;
	/* One snapshot for all passes, however others write meanwhile. */
	if (!cpol__db_in_transaction(db)) {
		if ((rc = cpol__db_exec(db, "BEGIN")) < 0)
			return rc;
		own_txn = 1;
	}
	if ((rc = cpol_db_schema_current(&version, db)) < 0)
		goto done;
	if (version < 1) {
		rc = cpol__error_set_at(CPOL_ESCHEMA, cpol_db_path(db), 0, 0, NULL, "not a libcommpolice database yet (no schema)");
		goto done;
	}
	if ((rc = check_sqlite(&v)) < 0 || (rc = check_triggers(&v, version)) < 0)
		goto done;
	/* Before the chain's migration there is no chain to check. */
	if (cpol__db_has_column(db, "audit_chain", "hash") &&
	    (rc = check_chain(&v)) < 0)
		goto done;
	rc = check_rows(&v, version);
done:
	if (own_txn)
		cpol__db_exec_raw(db, "COMMIT");
	if (out)
		*out = v.sum;
	return rc;
}
