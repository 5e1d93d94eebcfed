/*
 * libcommpolice — the audit trail: its hash chain and key, and reading it
 * (the triggers that write it are made in schema.c, the check is in
 * audit_verify.c).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "db_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <nettle/hmac.h>
#include <nettle/sha2.h>

struct cpol_audit_iter {
	cpol_db *db;
	cpol__stmt *stmt; /* owned: several iterators may be open at once */
	cpol_audit_entry entry;
};

#define AUDIT_WHERE \
	" WHERE (?1 IS NULL OR table_name = ?1) AND (?2 = 0 OR row_id = ?2)" \
	" AND (?3 IS NULL OR actor = ?3) AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5)"

static const char AUDIT_SELECT_SQL[] =
	"SELECT id, at, actor, table_name, row_id, action, before_json, after_json"
	" FROM audit_log" AUDIT_WHERE " ORDER BY id";
static const char AUDIT_COUNT_SQL[] = "SELECT count(*) FROM audit_log" AUDIT_WHERE;

int cpol_audit_query_init(cpol_audit_query *query, unsigned int version)
{
	static const cpol_audit_query init = CPOL_AUDIT_QUERY_INIT;
	if (!query || version != CPOL_AUDIT_QUERY_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_audit_query version %u", version);
	*query = init;
	return 0;
}

static int bind_query(cpol__stmt *st, const cpol_audit_query *q)
{
	static const cpol_audit_query all = CPOL_AUDIT_QUERY_INIT;
	if (!q)
		q = &all;
	if (q->version != CPOL_AUDIT_QUERY_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_audit_query version %u", q->version);
	if (cpol__bind_text_opt(st, 1, q->table_name) < 0 ||
	    cpol__st_bind_int64(st, 2, q->row_id) != CPOL__OK ||
	    cpol__bind_text_opt(st, 3, q->actor) < 0 ||
	    cpol__bind_text_opt(st, 4, q->since) < 0 ||
	    cpol__bind_text_opt(st, 5, q->until) < 0)
		return cpol__error_oom();
	return 0;
}

int cpol_audit_iter_new(cpol_audit_iter **out, cpol_db *db, const cpol_audit_query *query)
{
	cpol_audit_iter *it;
	int rc;

	*out = NULL;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	rc = cpol__db_prepare(db, &it->stmt, AUDIT_SELECT_SQL);
	if (rc != CPOL__OK) {
		rc = cpol__db_error(db, rc, "reading the audit trail");
		goto fail;
	}
	if ((rc = bind_query(it->stmt, query)) < 0)
		goto fail;
	*out = it;
	return 0;
fail:
	cpol_audit_iter_free(it);
	return rc;
}

int cpol_audit_iter_next(const cpol_audit_entry **out, cpol_audit_iter *it)
{
	cpol__stmt *st = it->stmt;
	int rc = cpol__st_step(st);

	*out = NULL;
	if (rc == CPOL__DONE)
		return CPOL_ITEROVER;
	if (rc != CPOL__ROW)
		return cpol__db_error(it->db, rc, "reading the audit trail");
	/* Column texts stay valid until the next step: no copies needed. */
	it->entry.id = cpol__st_column_int64(st, 0);
	it->entry.at = (const char *)cpol__st_column_text(st, 1);
	it->entry.actor = (const char *)cpol__st_column_text(st, 2);
	it->entry.table_name = (const char *)cpol__st_column_text(st, 3);
	it->entry.row_id = cpol__st_column_int64(st, 4);
	it->entry.action = (const char *)cpol__st_column_text(st, 5);
	it->entry.before_json = (const char *)cpol__st_column_text(st, 6);
	it->entry.after_json = (const char *)cpol__st_column_text(st, 7);
	*out = &it->entry;
	return 0;
}

void cpol_audit_iter_free(cpol_audit_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->stmt);
	free(it);
}

int cpol_audit_count(int64_t *out, cpol_db *db, const cpol_audit_query *query)
{
	cpol__stmt *st;
	int rc;

	*out = 0;
	if ((rc = cpol__db_stmt(db, &st, AUDIT_COUNT_SQL)) < 0 || (rc = bind_query(st, query)) < 0)
		return rc;
	rc = cpol__st_step(st);
	if (rc != CPOL__ROW)
		return cpol__db_error(db, rc, "counting audit entries");
	*out = cpol__st_column_int64(st, 0);
	cpol__st_reset(st);
	return 0;
}

/* ------------------------------------------------------------- the chain */

/*
 * Hashing comes from GNU Nettle (Debian: nettle-dev, LGPL), which the
 * library already uses for the rule-set hash: SHA-256 and HMAC-SHA256,
 * small and well kept; no reason to write either by hand.
 */

static void put_u64(struct sha256_ctx *s, struct hmac_sha256_ctx *h, uint64_t v)
{
	uint8_t b[8];
	int i;
	for (i = 7; i >= 0; i--, v >>= 8)
		b[i] = (uint8_t)(v & 0xff);
	if (h)
		hmac_sha256_update(h, sizeof(b), b);
	else
		sha256_update(s, sizeof(b), b);
}

static void put_bytes(struct sha256_ctx *s, struct hmac_sha256_ctx *h, size_t n, const uint8_t *p)
{
	if (h)
		hmac_sha256_update(h, n, p);
	else
		sha256_update(s, n, p);
}

/* A field: tag 0 for NULL; else tag 1, its length (8 bytes, big-endian) and its bytes. */
static void put_field(struct sha256_ctx *s, struct hmac_sha256_ctx *h, const cpol__audit_text *t)
{
	uint8_t tag = t->ptr ? 1 : 0;
	put_bytes(s, h, 1, &tag);
	if (!t->ptr)
		return;
	put_u64(s, h, (uint64_t)t->len);
	put_bytes(s, h, t->len, t->ptr);
}

void cpol__audit_digest(unsigned char out[CPOL__AUDIT_HASH_SIZE], const unsigned char *key, size_t key_len,
                        const cpol__audit_fields *f)
{
	static const char label[] = "commpolice audit entry v1";
	struct sha256_ctx s;
	struct hmac_sha256_ctx h;
	struct hmac_sha256_ctx *hp = key ? &h : NULL;
	static const uint8_t zero[CPOL__AUDIT_HASH_SIZE];
	cpol__audit_text prev = f->prev_hash;

	if (key)
		hmac_sha256_set_key(&h, key_len, key);
	else
		sha256_init(&s);
	put_bytes(&s, hp, sizeof(label), (const uint8_t *)label);
	put_u64(&s, hp, (uint64_t)f->id);
	put_field(&s, hp, &f->at);
	put_field(&s, hp, &f->actor);
	put_field(&s, hp, &f->table_name);
	put_u64(&s, hp, (uint64_t)f->row_id);
	put_field(&s, hp, &f->action);
	put_field(&s, hp, &f->before_json);
	put_field(&s, hp, &f->after_json);
	put_field(&s, hp, &f->key_id);
	/* The first entry's predecessor (the genesis) is 32 zero bytes. */
	if (!prev.ptr) {
		prev.ptr = zero;
		prev.len = sizeof(zero);
	}
	put_field(&s, hp, &prev);
	if (key)
		hmac_sha256_digest(&h, CPOL__AUDIT_HASH_SIZE, out);
	else
		sha256_digest(&s, CPOL__AUDIT_HASH_SIZE, out);
}

/* ------------------------------------------------------------------ the key */

#define KEY_MIN 16
#define KEY_MAX 1024

static void key_fingerprint(char out[17], const unsigned char *key, size_t len)
{
	static const char label[] = "commpolice audit key id v1";
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx s;
	uint8_t d[SHA256_DIGEST_SIZE];
	int i;

	sha256_init(&s);
	sha256_update(&s, sizeof(label), (const uint8_t *)label);
	sha256_update(&s, len, key);
	sha256_digest(&s, sizeof(d), d);
	for (i = 0; i < 8; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[16] = '\0';
}

int cpol__audit_load_key(cpol_db *db, const char *key_file)
{
	unsigned char buf[KEY_MAX + 1];
	struct stat st;
	size_t n;
	FILE *f;

	db->key_id[0] = '\0';
	if (!key_file || !*key_file)
		key_file = getenv("CPOL_AUDIT_KEY_FILE");
	if (!key_file || !*key_file)
		return 0;
	if (!(f = fopen(key_file, "rb")))
		return cpol__error_set_at(CPOL_EIO, key_file, 0, 0, "key_file", "cannot read the audit key file: %s",
		                          strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return cpol__error_set_at(CPOL_EINVAL, key_file, 0, 0, "key_file", "the audit key file is not a regular file");
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		fclose(f);
		return cpol__error_set_at(CPOL_EINVAL, key_file, 0, 0, "key_file",
		                          "the audit key file may be read by others (mode %03o); make it 0600 or 0400",
		                          (unsigned int)(st.st_mode & (S_IRWXU | S_IRWXG | S_IRWXO)));
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (n < KEY_MIN || n > KEY_MAX) {
		memset(buf, 0, sizeof(buf));
		return cpol__error_set_at(CPOL_EINVAL, key_file, 0, 0, "key_file",
		                          "the audit key file holds %zu%s bytes; a key is %d to %d bytes",
		                          n, n > KEY_MAX ? " or more" : "", KEY_MIN, KEY_MAX);
	}
	if (!(db->key = malloc(n))) {
		memset(buf, 0, sizeof(buf));
		return cpol__error_oom();
	}
	memcpy(db->key, buf, n);
	memset(buf, 0, sizeof(buf));
	db->key_len = n;
	key_fingerprint(db->key_id, db->key, n);
	return 0;
}

const char *cpol_audit_key_id(const cpol_db *db)
{
	return db->key ? db->key_id : NULL;
}

const char *cpol_audit_tampered(const cpol_db *db)
{
	return db->tampered;
}

const char *cpol_audit_finding_kind_name(cpol_audit_finding_kind kind)
{
	switch (kind) {
	case CPOL_AUDIT_FINDING_INTEGRITY: return "integrity";
	case CPOL_AUDIT_FINDING_FOREIGN_KEY: return "foreign-key";
	case CPOL_AUDIT_FINDING_TRIGGER_MISSING: return "trigger-missing";
	case CPOL_AUDIT_FINDING_TRIGGER_CHANGED: return "trigger-changed";
	case CPOL_AUDIT_FINDING_TRIGGER_UNKNOWN: return "trigger-unknown";
	case CPOL_AUDIT_FINDING_EXEMPTION_UNKNOWN: return "exemption-unknown";
	case CPOL_AUDIT_FINDING_ENTRY_CHANGED: return "entry-changed";
	case CPOL_AUDIT_FINDING_ENTRY_REMOVED: return "entry-removed";
	case CPOL_AUDIT_FINDING_ENTRY_UNCHAINED: return "entry-unchained";
	case CPOL_AUDIT_FINDING_ENTRY_UNKEYED: return "entry-unkeyed";
	case CPOL_AUDIT_FINDING_KEY_UNAVAILABLE: return "key-unavailable";
	case CPOL_AUDIT_FINDING_ROW_CHANGED: return "row-changed";
	case CPOL_AUDIT_FINDING_ROW_UNAUDITED: return "row-unaudited";
	case CPOL_AUDIT_FINDING_ROW_REMOVED: return "row-removed";
	}
	return "unknown";
}

/* ------------------------------------------------------ chaining the past */

int cpol__audit_fields_from_row(cpol__audit_fields *f, cpol__stmt *st, int col)
{
	int i;
	cpol__audit_text *texts[] = { &f->at, &f->actor, &f->table_name };
	cpol__audit_text *texts2[] = { &f->action, &f->before_json, &f->after_json };

	memset(f, 0, sizeof(*f));
	f->id = cpol__st_column_int64(st, col);
	for (i = 0; i < 3; i++) {
		texts[i]->ptr = cpol__st_column_text(st, col + 1 + i);
		texts[i]->len = (size_t)cpol__st_column_bytes(st, col + 1 + i);
	}
	f->row_id = cpol__st_column_int64(st, col + 4);
	for (i = 0; i < 3; i++) {
		texts2[i]->ptr = cpol__st_column_text(st, col + 5 + i);
		texts2[i]->len = (size_t)cpol__st_column_bytes(st, col + 5 + i);
	}
	return 0;
}

/*
 * Entries written before the chain existed are chained when its migration
 * is applied, in id order, by the migrating library (keyed when it has a
 * key): from then on an edit shows; what they were before, nobody can say.
 */
int cpol__audit_chain_backfill(cpol_db *db)
{
	cpol__stmt *sel = NULL, *ins = NULL;
	unsigned char prev[CPOL__AUDIT_HASH_SIZE], hash[CPOL__AUDIT_HASH_SIZE];
	int have_prev = 0, rc;

	rc = cpol__db_prepare(db, &sel,
		"SELECT id, at, actor, table_name, row_id, action, before_json, after_json FROM audit_log l"
		" WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.entry_id = l.id) ORDER BY id");
	if (rc == CPOL__OK)
		rc = cpol__db_prepare(db, &ins, "INSERT INTO audit_chain (entry_id, prev_hash, hash, key_id) VALUES (?1, ?2, ?3, ?4)");
	if (rc != CPOL__OK) {
		rc = cpol__db_error(db, rc, "chaining the audit trail");
		goto done;
	}
	while ((rc = cpol__st_step(sel)) == CPOL__ROW) {
		cpol__audit_fields f;
		cpol__audit_fields_from_row(&f, sel, 0);
		f.key_id.ptr = db->key ? (const unsigned char *)db->key_id : NULL;
		f.key_id.len = strlen(db->key_id);
		f.prev_hash.ptr = have_prev ? prev : NULL;
		f.prev_hash.len = have_prev ? sizeof(prev) : 0;
		cpol__audit_digest(hash, db->key, db->key_len, &f);
		cpol__st_bind_int64(ins, 1, f.id);
		if (have_prev)
			cpol__st_bind_blob(ins, 2, prev, sizeof(prev));
		else
			cpol__st_bind_null(ins, 2);
		cpol__st_bind_blob(ins, 3, hash, sizeof(hash));
		if (db->key)
			cpol__st_bind_text(ins, 4, db->key_id, -1);
		else
			cpol__st_bind_null(ins, 4);
		if ((rc = cpol__st_step(ins)) != CPOL__DONE) {
			rc = cpol__db_error(db, rc, "chaining the audit trail");
			goto done;
		}
		cpol__st_reset(ins);
		memcpy(prev, hash, sizeof(prev));
		have_prev = 1;
	}
	rc = rc == CPOL__DONE ? 0 : cpol__db_error(db, rc, "chaining the audit trail");
done:
	cpol__st_finalize(sel);
	cpol__st_finalize(ins);
	return rc;
}

/* ------------------------------------------------- import batches, by row */

/*
 * A row's bytes are encoded straight into a buffer and handed to
 * sha256_update() a buffer at a time: no call per field (bench_population
 * under callgrind: the encoder's own cost, not SHA-256's, was a tenth of
 * the digest). ROW_SINK_SPILL bytes are kept free for a field's tag and
 * length, so that only a field's bytes can need a flush.
 */
#define ROW_SINK_SIZE 1024
#define ROW_SINK_SPILL 16

typedef struct row_sink {
	struct sha256_ctx s;
	size_t n;
	uint8_t buf[ROW_SINK_SIZE];
} row_sink;

static void sink_flush(row_sink *k)
{
	sha256_update(&k->s, k->n, k->buf);
	k->n = 0;
}

/* Room for a tag and a length or a number: ROW_SINK_SPILL bytes. */
static inline uint8_t *sink_room(row_sink *k)
{
	if (k->n + ROW_SINK_SPILL > ROW_SINK_SIZE)
		sink_flush(k);
	return k->buf + k->n;
}

static inline void be64(uint8_t *b, uint64_t v)
{
	b[0] = (uint8_t)(v >> 56);
	b[1] = (uint8_t)(v >> 48);
	b[2] = (uint8_t)(v >> 40);
	b[3] = (uint8_t)(v >> 32);
	b[4] = (uint8_t)(v >> 24);
	b[5] = (uint8_t)(v >> 16);
	b[6] = (uint8_t)(v >> 8);
	b[7] = (uint8_t)v;
}

static void sink_bytes(row_sink *k, const uint8_t *p, size_t n)
{
	if (k->n + n > ROW_SINK_SIZE) {
		sink_flush(k);
		if (n > ROW_SINK_SIZE) {
			sha256_update(&k->s, n, p);
			return;
		}
	}
	memcpy(k->buf + k->n, p, n);
	k->n += n;
}

/*
 * A row's digest for its import batch (migration 010): SHA-256 over a
 * label, the table's name, the row's id, the number of columns hashed and
 * each column value as SQLite holds it (a type tag, then an integer or a
 * double's bits in 8 bytes, or the length and bytes of a text or blob),
 * cut to 16 bytes. The values, not a JSON image: no text to build at
 * import time, and the verifier reads the same values back. Not keyed:
 * the blob of digests is covered by the batch entry, whose hash is keyed.
 */
/* The row's prefix: label, table, id and the number of columns that follow. */
static void row_begin(row_sink *k, const char *table, int64_t row_id, int ncols)
{
	static const char label[] = "commpolice batch row v1";
	size_t name_len = strlen(table);
	uint8_t *b;

	sha256_init(&k->s);
	memcpy(k->buf, label, sizeof(label));
	k->buf[sizeof(label)] = 1; /* the name is present */
	be64(k->buf + sizeof(label) + 1, (uint64_t)name_len);
	k->n = sizeof(label) + 9;
	sink_bytes(k, (const uint8_t *)table, name_len);
	b = sink_room(k);
	be64(b, (uint64_t)row_id);
	be64(b + 8, (uint64_t)ncols);
	k->n += 16;
}

/* One column: its type tag, then an integer or a double's bits, or the length and bytes. */
static inline void row_value(row_sink *k, const cpol__value *v)
{
	uint8_t *b = sink_room(k);

	b[0] = (uint8_t)v->type;
	if (v->type == CPOL__INTEGER) {
		be64(b + 1, (uint64_t)v->i);
		k->n += 9;
	} else if (v->type == CPOL__FLOAT) {
		uint64_t bits;
		memcpy(&bits, &v->d, sizeof(bits));
		be64(b + 1, bits);
		k->n += 9;
	} else if (v->type != CPOL__NULL) {
		be64(b + 1, (uint64_t)v->n);
		k->n += 9;
		if (v->n)
			sink_bytes(k, (const uint8_t *)v->s, v->n);
	} else {
		k->n += 1;
	}
}

static void row_end(row_sink *k, unsigned char out[CPOL__AUDIT_ROW_DIGEST_SIZE])
{
	uint8_t d[SHA256_DIGEST_SIZE];

	sink_flush(k);
	sha256_digest(&k->s, sizeof(d), d);
	memcpy(out, d, CPOL__AUDIT_ROW_DIGEST_SIZE);
}

void cpol__audit_row_digest(unsigned char out[CPOL__AUDIT_ROW_DIGEST_SIZE], const char *table, int64_t row_id,
                            cpol__stmt *st, int col, int ncols)
{
	row_sink k;
	int i;

	row_begin(&k, table, row_id, ncols);
	for (i = col; i < col + ncols; i++) {
		cpol__value v;
		v.type = cpol__st_column_type(st, i);
		v.i = 0;
		v.d = 0;
		v.s = NULL;
		v.n = 0;
		if (v.type == CPOL__INTEGER) {
			v.i = cpol__st_column_int64(st, i);
		} else if (v.type == CPOL__FLOAT) {
			v.d = cpol__st_column_double(st, i);
		} else if (v.type != CPOL__NULL) {
			/* Text as text: cpol__st_column_blob() would give the same bytes, but say what is meant. */
			v.s = v.type == CPOL__TEXT ? (const char *)cpol__st_column_text(st, i)
			                           : (const char *)cpol__st_column_blob(st, i);
			v.n = (size_t)cpol__st_column_bytes(st, i);
		}
		row_value(&k, &v);
	}
	row_end(&k, out);
}

void cpol__audit_row_digest_values(unsigned char out[CPOL__AUDIT_ROW_DIGEST_SIZE], const char *table,
                                   int64_t row_id, const cpol__value *v, int n)
{
	row_sink k;
	int i;

	row_begin(&k, table, row_id, n);
	for (i = 0; i < n; i++)
		row_value(&k, &v[i]);
	row_end(&k, out);
}

void cpol__audit_blob_sha256(char out[2 * CPOL__AUDIT_HASH_SIZE + 1], const unsigned char *p, size_t n)
{
	struct sha256_ctx s;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&s);
	sha256_update(&s, n, p);
	sha256_digest(&s, sizeof(d), d);
	cpol__hex(out, d, sizeof(d));
}

int cpol__audit_batch_digests(cpol_db *db, cpol__stmt *rows, const char *table, int64_t first, int64_t last,
                              unsigned char **out, size_t *len, int *ncols)
{
	size_t n = (size_t)(last - first + 1) * CPOL__AUDIT_ROW_DIGEST_SIZE;
	unsigned char *blob;
	int rc;

	*out = NULL;
	*len = 0;
	*ncols = cpol__st_column_count(rows) - 1;
	if (!(blob = calloc(1, n)))
		return cpol__error_oom();
	if (cpol__st_bind_int64(rows, 1, first) != CPOL__OK || cpol__st_bind_int64(rows, 2, last) != CPOL__OK) {
		free(blob);
		return cpol__db_error(db, cpol__db_errcode(db), "digesting a batch's rows");
	}
	while ((rc = cpol__st_step(rows)) == CPOL__ROW) {
		int64_t id = cpol__st_column_int64(rows, 0);
		/* The statement asks for ids in [first, last]: anything else is a broken statement, not data. */
		if (id < first || id > last)
			continue;
		*ncols = cpol__st_column_count(rows) - 1;
		cpol__audit_row_digest(blob + (size_t)(id - first) * CPOL__AUDIT_ROW_DIGEST_SIZE, table, id, rows, 1,
		                       *ncols);
	}
	cpol__st_reset(rows);
	if (rc != CPOL__DONE) {
		free(blob);
		return cpol__db_error(db, rc, "digesting a batch's rows");
	}
	*out = blob;
	*len = n;
	return 0;
}
