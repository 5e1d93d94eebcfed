/*
 * libcommpolice — export: keys, operators, k-anonymity, the log, writers.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * Pseudonyms are HMAC-SHA256 (RFC 2104) from Nettle, the crypto library
 * the rules already use for their hash (LGPL): an unkeyed hash of an ID
 * number is reversed by enumerating region, birth date and sequence (some
 * 10^5 candidates a county-year), a keyed one is not without the key.
 */
#include "export_internal.h"

#include <errno.h>
#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ keys */

struct cpol_export_key {
	uint8_t *bytes;
	size_t len;
	char id[17];
};

#define KEY_MIN 16
#define KEY_MAX 4096

int cpol_export_key_new(cpol_export_key **out, const void *bytes, size_t len)
{
	static const char domain[] = "libcommpolice export key id";
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	cpol_export_key *k;
	size_t i;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_export_key_new: out is NULL");
	*out = NULL;
	if (!bytes || len < KEY_MIN)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "key",
		                          "a pseudonymisation key has at least %d bytes (this one has %zu); "
		                          "make one with: head -c 32 /dev/urandom > project.key",
		                          KEY_MIN, bytes ? len : 0);
	if (!(k = calloc(1, sizeof(*k))) || !(k->bytes = malloc(len))) {
		free(k);
		return cpol__error_oom();
	}
	memcpy(k->bytes, bytes, len);
	k->len = len;
	/* The id is a fingerprint: a hash of a high-entropy key reveals nothing of it. */
	sha256_init(&ctx);
	sha256_update(&ctx, sizeof(domain), (const uint8_t *)domain);
	sha256_update(&ctx, len, k->bytes);
	sha256_digest(&ctx, sizeof(d), d);
	for (i = 0; i < 8; i++)
		snprintf(k->id + 2 * i, 3, "%02x", d[i]);
	*out = k;
	return 0;
}

int cpol_export_key_load(cpol_export_key **out, const char *path)
{
	uint8_t buf[KEY_MAX + 1];
	size_t n;
	FILE *f;
	int rc;

	if (!out || !path)
		return cpol__error_set(CPOL_EINVAL, "cpol_export_key_load: out or path is NULL");
	*out = NULL;
	if (!(f = fopen(path, "rb")))
		return cpol__error_set_at(errno == ENOENT ? CPOL_ENOTFOUND : CPOL_EIO, path, 0, 0, "key_file",
		                          "cannot open the key file: %s", strerror(errno));
	n = fread(buf, 1, sizeof(buf), f);
	rc = ferror(f);
	fclose(f);
	if (rc)
		return cpol__error_set_at(CPOL_EIO, path, 0, 0, "key_file", "cannot read the key file");
	if (n > KEY_MAX)
		rc = cpol__error_set_at(CPOL_EINVAL, path, 0, 0, "key_file",
		                        "the key file is larger than %d bytes: is it the right file?", KEY_MAX);
	else if ((rc = cpol_export_key_new(out, buf, n)) < 0)
		cpol__error_set_at(rc, path, 0, 0, "key_file", "%s", cpol_error_last()->message);
	memset(buf, 0, sizeof(buf));
	return rc;
}

const char *cpol_export_key_id(const cpol_export_key *k)
{
	return k ? k->id : NULL;
}

void cpol_export_key_free(cpol_export_key *k)
{
	if (!k)
		return;
	if (k->bytes) {
		volatile uint8_t *p = k->bytes;
		size_t i;
		for (i = 0; i < k->len; i++)
			p[i] = 0;
	}
	free(k->bytes);
	free(k);
}

/* -------------------------------------------------------------- datasets */

const char *const *cpol_export_datasets(size_t *count)
{
	static const char *names[32];
	size_t i;
	for (i = 0; i < cpol__export_dataset_count; i++)
		names[i] = cpol__export_datasets_table[i].name;
	if (count)
		*count = cpol__export_dataset_count;
	return names;
}

const char *cpol_export_dataset_description(const char *dataset)
{
	int d = cpol__export_dataset_find(dataset);
	return d < 0 ? NULL : cpol__export_datasets_table[d].description;
}

int cpol_export_options_init(cpol_export_options *opts, unsigned int version)
{
	cpol_export_options init = CPOL_EXPORT_OPTIONS_INIT;
	if (!opts || version != CPOL_EXPORT_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "cpol_export_options_init: unknown version %u", version);
	*opts = init;
	return 0;
}

/* ----------------------------------------------------------- class table */

/*
 * Equivalence classes of the quasi-identifiers, each with the distinct
 * households (units) in it. Two open-addressing tables: classes by their
 * key, and (class, unit) pairs so that a household with several members in
 * one class is counted once.
 */
typedef struct eclass {
	char *key;
	size_t len;
	uint64_t hash;
	long long units, rows;
	int small;                 /* fewer than min_k units: suppressed */
} eclass;

typedef struct epair {
	eclass *c;
	long long unit;
} epair;

typedef struct ctable {
	eclass *classes;
	size_t ccap, ccount;
	epair *pairs;
	size_t pcap, pcount;
} ctable;

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void ctable_free(ctable *t)
{
	size_t i;
	for (i = 0; i < t->ccap; i++)
		free(t->classes[i].key);
	free(t->classes);
	free(t->pairs);
	memset(t, 0, sizeof(*t));
}

static eclass *class_find(const ctable *t, const char *key, size_t len, uint64_t h)
{
	size_t i;
	if (!t->ccap)
		return NULL;
	for (i = h & (t->ccap - 1); t->classes[i].key; i = (i + 1) & (t->ccap - 1))
		if (t->classes[i].hash == h && t->classes[i].len == len && memcmp(t->classes[i].key, key, len) == 0)
			return &t->classes[i];
	return NULL;
}

static int ctable_grow_classes(ctable *t)
{
	size_t cap = t->ccap ? t->ccap * 2 : 64, i, j;
	eclass *n = calloc(cap, sizeof(*n));
	size_t *moved = t->ccap ? malloc(t->ccap * sizeof(*moved)) : NULL;
	if (!n || (t->ccap && !moved)) {
		free(n);
		free(moved);
		return cpol__error_oom();
	}
	for (i = 0; i < t->ccap; i++) {
		if (!t->classes[i].key)
			continue;
		for (j = t->classes[i].hash & (cap - 1); n[j].key; j = (j + 1) & (cap - 1))
			;
		n[j] = t->classes[i];
		moved[i] = j;
	}
	/* Pairs point at classes: move them to the new addresses (their hashes,
	 * made of the class's hash, stay the same). */
	for (i = 0; i < t->pcap; i++)
		if (t->pairs[i].c)
			t->pairs[i].c = &n[moved[t->pairs[i].c - t->classes]];
	free(t->classes);
	free(moved);
	t->classes = n;
	t->ccap = cap;
	return 0;
}

static uint64_t pair_hash(const eclass *c, long long unit)
{
	return c->hash ^ ((uint64_t)unit * 0x9E3779B97F4A7C15ULL);
}

static int ctable_grow_pairs(ctable *t)
{
	size_t cap = t->pcap ? t->pcap * 2 : 256, i, j;
	epair *n = calloc(cap, sizeof(*n));
	if (!n)
		return cpol__error_oom();
	for (i = 0; i < t->pcap; i++) {
		if (!t->pairs[i].c)
			continue;
		for (j = pair_hash(t->pairs[i].c, t->pairs[i].unit) & (cap - 1); n[j].c; j = (j + 1) & (cap - 1))
			;
		n[j] = t->pairs[i];
	}
	free(t->pairs);
	t->pairs = n;
	t->pcap = cap;
	return 0;
}

/* Count one row of class key (len bytes) in household unit. */
static int ctable_add(ctable *t, const char *key, size_t len, long long unit)
{
	uint64_t h = hash_bytes(key, len);
	eclass *c = class_find(t, key, len, h);
	size_t i;
	int rc;

	if (!c) {
		if (2 * (t->ccount + 1) > t->ccap && (rc = ctable_grow_classes(t)) < 0)
			return rc;
		for (i = h & (t->ccap - 1); t->classes[i].key; i = (i + 1) & (t->ccap - 1))
			;
		c = &t->classes[i];
		if (!(c->key = cpol__strndup(key, len)))
			return cpol__error_oom();
		c->len = len;
		c->hash = h;
		t->ccount++;
	}
	c->rows++;
	if (2 * (t->pcount + 1) > t->pcap && (rc = ctable_grow_pairs(t)) < 0)
		return rc;
	for (i = pair_hash(c, unit) & (t->pcap - 1); t->pairs[i].c; i = (i + 1) & (t->pcap - 1))
		if (t->pairs[i].c == c && t->pairs[i].unit == unit)
			return 0;
	t->pairs[i].c = c;
	t->pairs[i].unit = unit;
	t->pcount++;
	c->units++;
	return 0;
}

/* ---------------------------------------------------------------- export */

struct cpol_export {
	cpol_db *db;
	const cpol__export_dataset *ds;
	const cpol__profile_dataset *pd;
	cpol_export_profile *own_profile;
	const cpol_export_profile *profile;
	struct hmac_sha256_ctx hmac;
	int have_key;
	cpol__stmt *st;
	int in_read;                          /* we opened the read transaction */
	int finished, failed;
	int op[CPOL__EXPORT_MAX_COLS];        /* effective operator of each column */
	int level[CPOL__EXPORT_MAX_COLS];     /* generalisation rung of each column */
	int is_qi[CPOL__EXPORT_MAX_COLS];
	int out[CPOL__EXPORT_MAX_COLS];       /* output column -> dataset column */
	size_t nout;
	cpol__buf val[CPOL__EXPORT_MAX_COLS]; /* values of the current row */
	const char *vals[CPOL__EXPORT_MAX_COLS];
	cpol__buf key;                        /* class key scratch */
	ctable decided;                       /* classes whose rows are suppressed, with min_k */
	int suppressing, withhold_star;
	int min_k;
	char levels_text[512];
	char star_key[CPOL__EXPORT_MAX_COLS * 2];
	size_t star_len;
	cpol_export_report rep;
};

static const char STAR[] = "*";

/* A name keeps its first character, the rest starred by character, not
 * byte: 张三 -> 张*, 欧阳娜娜 -> 欧***; a one-character name is all starred. */
static void mask_name(cpol__buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t first = 1;
	int rest = 0;
	if (!*p)
		return;
	while (p[first] && (p[first] & 0xC0) == 0x80)
		first++;
	for (p += first; *p; p++)
		if ((*p & 0xC0) != 0x80)
			rest++;
	if (rest == 0) {
		cpol__buf_put(b, "*", 1);
		return;
	}
	cpol__buf_put(b, s, first);
	while (rest-- > 0)
		cpol__buf_put(b, "*", 1);
}

/* Keep `head` leading and `tail` trailing characters (ASCII), star the middle. */
static void mask_middle(cpol__buf *b, const char *s, size_t head, size_t tail)
{
	size_t n = strlen(s), i;
	if (n <= head + tail) {
		for (i = 0; i < n; i++)
			cpol__buf_put(b, "*", 1);
		return;
	}
	cpol__buf_put(b, s, head);
	for (i = head; i < n - tail; i++)
		cpol__buf_put(b, "*", 1);
	cpol__buf_put(b, s + n - tail, tail);
}

static void mask_value(cpol__buf *b, const cpol__export_col *c, const char *s)
{
	size_t n = strlen(s);
	switch (c->kind) {
	case CPOL__EK_IDNUM:   /* 110101********1234; a passport E1234567 -> E*****67 */
		if (n >= 15)
			mask_middle(b, s, 6, 4);
		else
			mask_middle(b, s, 1, 2);
		break;
	case CPOL__EK_PHONE:   /* 138****5678 */
		if (n >= 11)
			mask_middle(b, s, 3, 4);
		else
			mask_middle(b, s, 0, n > 4 ? 2 : 0);
		break;
	default:               /* 张*, 欧阳** */
		mask_name(b, s);
	}
}

static void pseudonym(cpol_export *ex, cpol__buf *b, const cpol__export_col *c, const char *s)
{
	static const char x[] = "0123456789abcdef";
	const char *domain = c->entity ? c->entity : c->name;
	uint8_t d[SHA256_DIGEST_SIZE];
	char out[16];
	int i;
	/* The domain separates tables: person 7 and house 7 get unrelated pseudonyms. */
	hmac_sha256_update(&ex->hmac, strlen(domain) + 1, (const uint8_t *)domain);
	hmac_sha256_update(&ex->hmac, strlen(s), (const uint8_t *)s);
	hmac_sha256_digest(&ex->hmac, sizeof(d), d);
	for (i = 0; i < 8; i++) {
		out[2 * i] = x[d[i] >> 4];
		out[2 * i + 1] = x[d[i] & 15];
	}
	cpol__buf_put(b, out, 16);
}

/* The value of a date at a rung: 1 month, 2 year, 3 five-year band, 4 ten-year band. */
static void generalise_date(cpol__buf *b, const char *s, int level)
{
	int y;
	if (strlen(s) < 10) {
		cpol__buf_puts(b, s);
		return;
	}
	if (level == 1) {
		cpol__buf_put(b, s, 7);
		return;
	}
	if (level == 2) {
		cpol__buf_put(b, s, 4);
		return;
	}
	y = atoi(s);
	y -= ((y % (level == 3 ? 5 : 10)) + (level == 3 ? 5 : 10)) % (level == 3 ? 5 : 10);
	cpol__buf_printf(b, "%d-%d", y, y + (level == 3 ? 4 : 9));
}

/* Value of dataset column i for the current row at operator op, rung level;
 * NULL for a missing value. */
static const char *column_value(cpol_export *ex, int i, int op, int level)
{
	const cpol__export_col *c = &ex->ds->cols[i];
	const char *s = (const char *)cpol__st_column_text(ex->st, i);
	cpol__buf *b = &ex->val[i];

	b->len = 0;
	if (!s)
		return NULL;
	switch (op) {
	case CPOL__OP_KEEP:
		if (c->kind == CPOL__EK_COUNT) {
			long long n = cpol__st_column_int64(ex->st, i);
			if (n > 0 && n < 5) {
				ex->rep.cells_suppressed++;
				return NULL;
			}
		}
		return s;
	case CPOL__OP_MASK:
		mask_value(b, c, s);
		break;
	case CPOL__OP_PSEUDONYM:
		pseudonym(ex, b, c, s);
		break;
	case CPOL__OP_GENERALISE:
		if (level >= cpol__export_ladder_top(c))
			return STAR;
		if (level == 0)
			return s;
		switch (c->kind) {
		case CPOL__EK_DATE: case CPOL__EK_BIRTH:
			generalise_date(b, s, level);
			break;
		case CPOL__EK_IDNUM: {   /* 6-digit county, 4-digit city, 2-digit province */
			static const size_t keep[] = { 0, 6, 4, 2 };
			size_t n = strlen(s) < keep[level] ? strlen(s) : keep[level];
			cpol__buf_put(b, s, n);
			break;
		}
		default: {               /* address -> community -> station */
			int up = level == 1 ? c->up1 : c->up2;
			const char *u = up >= 0 ? (const char *)cpol__st_column_text(ex->st, up) : NULL;
			return u;
		}
		}
		break;
	default:
		return NULL;
	}
	if (!b->ptr)
		cpol__buf_put(b, "", 0);
	return b->oom ? NULL : b->ptr;
}

/* Household of the current row: the dataset's household column, else the
 * row itself (negative, so it cannot meet a house id). */
static long long row_unit(const cpol_export *ex)
{
	int h = ex->ds->household;
	if (cpol__st_column_type(ex->st, h) != CPOL__NULL)
		return cpol__st_column_int64(ex->st, h);
	return -1 - cpol__st_column_int64(ex->st, 0);
}

/* The class key of the current row at the given rungs into ex->key. */
static int class_key(cpol_export *ex, const int *levels)
{
	int i;
	ex->key.len = 0;
	for (i = 0; i < ex->pd->nqi; i++) {
		int ci = ex->pd->qi[i];
		const char *v = column_value(ex, ci, CPOL__OP_GENERALISE, levels[ci]);
		if (v)
			cpol__buf_puts(&ex->key, v);
		else
			cpol__buf_put(&ex->key, "\x1e", 1);   /* missing differs from "" */
		cpol__buf_put(&ex->key, "\x1f", 1);
	}
	return ex->key.oom ? cpol__error_oom() : 0;
}

static int bind_filters(cpol_export *ex, const cpol_export_options *o)
{
	cpol__stmt *st = ex->st;
	cpol__st_reset(st);
	if (o->office_id > 0)
		cpol__st_bind_int64(st, 1, o->office_id);
	else
		cpol__st_bind_null(st, 1);
	cpol__bind_date_opt(st, 2, o->from);
	cpol__bind_date_opt(st, 3, o->to);
	return 0;
}

/* Does the current row fall in a suppressed class of `decided`? */
static int row_suppressed(cpol_export *ex, const int *levels, const ctable *decided, int *rc)
{
	eclass *c;
	if ((*rc = class_key(ex, levels)) < 0)
		return 0;
	c = class_find(decided, ex->key.ptr, ex->key.len, hash_bytes(ex->key.ptr, ex->key.len));
	return c && c->small;
}

/*
 * One pass over the dataset: the classes at `levels`. When `decided` is
 * given, rows in its small classes count in the all-"*" class instead.
 */
static int count_pass(cpol_export *ex, const int *levels, const ctable *decided, ctable *out)
{
	int rc = 0, step;
	memset(out, 0, sizeof(*out));
	cpol__st_reset(ex->st);
	while ((step = cpol__st_step(ex->st)) == CPOL__ROW) {
		if (decided && row_suppressed(ex, levels, decided, &rc)) {
			rc = ctable_add(out, ex->star_key, ex->star_len, row_unit(ex));
		} else if (rc == 0 && (rc = class_key(ex, levels)) == 0) {
			rc = ctable_add(out, ex->key.ptr, ex->key.len, row_unit(ex));
		}
		if (rc < 0)
			break;
	}
	if (rc == 0 && step != CPOL__DONE)
		rc = cpol__db_error(ex->db, step, "reading the dataset");
	cpol__st_reset(ex->st);
	if (rc < 0)
		ctable_free(out);
	return rc;
}

typedef struct pass_result {
	long long rows, rows_small;
	long long k;
} pass_result;

static pass_result summarise(ctable *t, int min_k, int mark)
{
	pass_result r = { 0, 0, 0 };
	size_t i;
	for (i = 0; i < t->ccap; i++) {
		eclass *c = &t->classes[i];
		if (!c->key)
			continue;
		r.rows += c->rows;
		if (r.k == 0 || c->units < r.k)
			r.k = c->units;
		if (c->units < min_k) {
			r.rows_small += c->rows;
			if (mark)
				c->small = 1;
		}
	}
	return r;
}

static void describe_levels(cpol_export *ex)
{
	size_t n = 0;
	int i;
	ex->levels_text[0] = '\0';
	for (i = 0; i < ex->pd->nqi; i++) {
		int ci = ex->pd->qi[i];
		const cpol__export_col *c = &ex->ds->cols[ci];
		const char *name = ex->level[ci] == 0 ? "keep" :
		                   ex->level[ci] >= cpol__export_ladder_top(c) ? "*" :
		                   cpol__export_level_name(c, ex->level[ci]);
		n += (size_t)snprintf(ex->levels_text + n, n < sizeof(ex->levels_text) ? sizeof(ex->levels_text) - n : 0,
		                      "%s%s=%s", i ? " " : "", c->name, name ? name : "?");
		if (n >= sizeof(ex->levels_text))
			break;
	}
	ex->rep.levels = ex->levels_text;
}

/*
 * Find the rungs that meet min_k: climb one quasi-identifier at a time,
 * taking the one whose next rung leaves the fewest rows in small classes,
 * until the rows in small classes are within the profile's
 * max_suppression; then suppress those. Without min_k, only measure k.
 */
static int anonymise(cpol_export *ex)
{
	const cpol_export_profile *p = ex->profile;
	int min_k = ex->min_k, rc, i;
	ctable t, t2;
	pass_result r;

	for (;;) {
		if ((rc = count_pass(ex, ex->level, NULL, &t)) < 0)
			return rc;
		r = summarise(&t, min_k, 1);
		if (min_k == 0 || r.rows == 0 || r.k >= min_k) {
			ex->rep.k = (int)r.k;
			ctable_free(&t);
			return 0;
		}
		if ((double)r.rows_small <= p->max_suppression * (double)r.rows)
			break;
		{
			long long best_small = -1;
			int best = -1;
			for (i = 0; i < ex->pd->nqi; i++) {
				int ci = ex->pd->qi[i];
				ctable tt;
				pass_result rr;
				if (ex->level[ci] >= cpol__export_ladder_top(&ex->ds->cols[ci]))
					continue;
				ex->level[ci]++;
				rc = count_pass(ex, ex->level, NULL, &tt);
				ex->level[ci]--;
				if (rc < 0) {
					ctable_free(&t);
					return rc;
				}
				rr = summarise(&tt, min_k, 0);
				ctable_free(&tt);
				if (best < 0 || rr.rows_small < best_small) {
					best = ci;
					best_small = rr.rows_small;
				}
			}
			if (best < 0) {
				describe_levels(ex);
				rc = cpol__error_set_at(CPOL_ECONFLICT, NULL, 0, 0, "min_k",
					"cannot reach k = %d for %s: with every quasi-identifier generalised to the top "
					"of its ladder (%s) the data hold %lld households, fewer than %d; nothing "
					"left to generalise or suppress", min_k, ex->ds->name, ex->levels_text,
					r.k, min_k);
				ctable_free(&t);
				return rc;
			}
			ex->level[best]++;
		}
		ctable_free(&t);
	}

	/* Suppress the small classes' quasi-identifiers; the suppressed rows form
	 * one class of "*", which must itself hold min_k households, else those
	 * rows are withheld. */
	if ((rc = count_pass(ex, ex->level, &t, &t2)) < 0) {
		ctable_free(&t);
		return rc;
	}
	{
		eclass *star = class_find(&t2, ex->star_key, ex->star_len, hash_bytes(ex->star_key, ex->star_len));
		long long k = 0;
		size_t j;
		if (star && star->units < min_k) {
			ex->withhold_star = 1;
			ex->rep.rows_withheld = star->rows;
		}
		for (j = 0; j < t2.ccap; j++) {
			eclass *c = &t2.classes[j];
			if (!c->key || (ex->withhold_star && c == star))
				continue;
			if (k == 0 || c->units < k)
				k = c->units;
		}
		ex->rep.k = (int)k;
		ex->rep.cells_suppressed = ex->withhold_star ? 0 : r.rows_small * ex->pd->nqi;
	}
	ctable_free(&t2);
	ex->decided = t;
	ex->suppressing = 1;
	return 0;
}

/* ---------------------------------------------------------------- the log */

static const char LOG_INSERT_SQL[] =
	"INSERT INTO export_log (started_at, actor, dataset, profile, profile_hash, key_id, office_id, "
	"date_from, date_to, min_k, status) VALUES (cpol_now(), cpol_actor(), ?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	"?8, 'running')";
static const char LOG_FINISH_SQL[] =
	"UPDATE export_log SET finished_at = cpol_now(), k = ?2, levels = ?3, rows_out = ?4, "
	"cells_suppressed = ?5, rows_withheld = ?6, status = ?7 WHERE id = ?1";

static int log_start(cpol_export *ex, const cpol_export_options *o)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol_db_begin(ex->db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(ex->db, &st, LOG_INSERT_SQL)) == 0) {
		cpol__st_bind_text_static(st, 1, ex->ds->name, -1);
		cpol__st_bind_text_static(st, 2, ex->profile->name, -1);
		cpol__st_bind_text_static(st, 3, ex->profile->hash, -1);
		cpol__bind_text_opt(st, 4, o->key ? o->key->id : NULL);
		if (o->office_id > 0)
			cpol__st_bind_int64(st, 5, o->office_id);
		cpol__bind_date_opt(st, 6, o->from);
		cpol__bind_date_opt(st, 7, o->to);
		cpol__st_bind_int(st, 8, ex->min_k);
		rc = cpol__db_step_done(ex->db, st, "writing the export log");
		ex->rep.log_id = cpol__db_last_id(ex->db);
	}
	return cpol__db_finish(ex->db, rc);
}

static void end_read(cpol_export *ex)
{
	if (ex->st)
		cpol__st_reset(ex->st);
	if (ex->in_read) {
		cpol__db_exec_raw(ex->db, "COMMIT");
		ex->in_read = 0;
	}
}

static int log_finish(cpol_export *ex, const char *status)
{
	cpol__stmt *st;
	int rc;

	end_read(ex);
	if ((rc = cpol_db_begin(ex->db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(ex->db, &st, LOG_FINISH_SQL)) == 0) {
		cpol__st_bind_int64(st, 1, ex->rep.log_id);
		if (ex->rep.quasi_identifiers)
			cpol__st_bind_int(st, 2, ex->rep.k);
		cpol__bind_text_opt(st, 3, ex->rep.levels);
		cpol__st_bind_int64(st, 4, ex->rep.rows);
		cpol__st_bind_int64(st, 5, ex->rep.cells_suppressed);
		cpol__st_bind_int64(st, 6, ex->rep.rows_withheld);
		cpol__st_bind_text_static(st, 7, status, -1);
		rc = cpol__db_step_done(ex->db, st, "writing the export log");
	}
	return cpol__db_finish(ex->db, rc);
}

/* --------------------------------------------------------------- the API */

/* Effective operators; refuse a pseudonym without a key, naming where the
 * profile asked for it. */
static int resolve_operators(cpol_export *ex, const cpol_export_options *o)
{
	int i;
	for (i = 0; i < ex->ds->ncols; i++) {
		const cpol__export_col *c = &ex->ds->cols[i];
		const cpol__profile_col *pc = &ex->pd->cols[i];
		int op = pc->op;
		if (op == CPOL__OP_DEFAULT)
			op = cpol__export_col_identifying(c) ? CPOL__OP_DROP : CPOL__OP_KEEP;
		if (op == CPOL__OP_PSEUDONYM && !o->key)
			return cpol__error_set_at(CPOL_EINVAL, pc->file, pc->line, pc->column, c->name,
				"profile %s pseudonymises %s.%s, and no key was given: pass a key file kept "
				"outside the database (--key-file; make one with head -c 32 /dev/urandom), or "
				"use a profile that drops the column", ex->profile->name, ex->ds->name, c->name);
		ex->op[i] = op;
		ex->level[i] = op == CPOL__OP_GENERALISE ? pc->level : 0;
		if (op != CPOL__OP_DROP)
			ex->out[ex->nout++] = i;
	}
	for (i = 0; i < ex->pd->nqi; i++) {
		int ci = ex->pd->qi[i];
		ex->is_qi[ci] = 1;
		ex->star_key[2 * i] = '*';
		ex->star_key[2 * i + 1] = '\x1f';
	}
	ex->star_len = (size_t)ex->pd->nqi * 2;
	ex->rep.quasi_identifiers = ex->pd->nqi;
	return 0;
}

int cpol_export_new(cpol_export **out, cpol_db *db, const char *dataset, const cpol_export_options *opts)
{
	cpol_export_options defaults = CPOL_EXPORT_OPTIONS_INIT;
	const cpol_export_options *o = opts ? opts : &defaults;
	cpol_export *ex;
	int d = cpol__export_dataset_find(dataset), rc;

	if (!out || !db)
		return cpol__error_set(CPOL_EINVAL, "cpol_export_new: out or db is NULL");
	*out = NULL;
	if (d < 0)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "dataset",
		                          "no dataset '%s' (commpolice export --list shows them)",
		                          dataset ? dataset : "(null)");
	if (o->version != CPOL_EXPORT_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "cpol_export_options: unknown version %u", o->version);
	if ((rc = cpol__db_check_writable(db)) < 0)
		return cpol__error_set(CPOL_EREADONLY, "exports are logged: open the database writable");
	if (!(ex = calloc(1, sizeof(*ex))))
		return cpol__error_oom();
	ex->db = db;
	ex->ds = &cpol__export_datasets_table[d];
	if (!(ex->profile = o->profile)) {
		if ((rc = cpol_export_profile_load(&ex->own_profile, "research", NULL)) < 0)
			goto fail;
		ex->profile = ex->own_profile;
	}
	ex->pd = &ex->profile->ds[d];
	ex->min_k = o->min_k > 0 ? o->min_k : ex->profile->min_k;
	ex->rep.min_k = ex->min_k;
	ex->rep.profile_hash = ex->profile->hash;
	ex->rep.key_id = o->key ? o->key->id : NULL;
	if (!ex->ds->dated && (o->from != CPOL_DATE_NONE || o->to != CPOL_DATE_NONE)) {
		rc = cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "from",
		                        "dataset %s is the present state and takes no date range", ex->ds->name);
		goto fail;
	}
	if (o->min_k > 0 && ex->pd->nqi == 0) {
		rc = cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "min_k",
		                        "profile %s declares no quasi-identifiers for %s, so k cannot be "
		                        "checked; add quasi_identifiers: to the profile", ex->profile->name,
		                        ex->ds->name);
		goto fail;
	}
	if ((rc = resolve_operators(ex, o)) < 0)
		goto fail;
	if (o->key) {
		hmac_sha256_set_key(&ex->hmac, o->key->len, o->key->bytes);
		ex->have_key = 1;
	}
	rc = cpol__db_prepare(db, &ex->st, ex->ds->sql);
	if (rc != CPOL__OK) {
		rc = cpol__db_error(db, rc, ex->ds->name);
		goto fail;
	}
	bind_filters(ex, o);
	if ((rc = log_start(ex, o)) < 0)
		goto fail;
	/* One snapshot for the k passes and the rows, so that k holds for what is given out. */
	if (cpol_db_transaction_depth(db) == 0) {
		if ((rc = cpol__db_exec_raw(db, "BEGIN")) != CPOL__OK) {
			rc = cpol__db_error(db, rc, "starting the export's read");
			goto fail;
		}
		ex->in_read = 1;
	}
	if (ex->pd->nqi > 0 && (rc = anonymise(ex)) < 0)
		goto fail;
	describe_levels(ex);
	if (ex->pd->nqi == 0)
		ex->rep.levels = NULL;
	*out = ex;
	return 0;
fail:
	if (ex->rep.log_id) {
		/* The refusal is logged too (status partial, no rows); a successful
		 * write leaves the thread's error, the reason, as it is. */
		ex->finished = 1;
		log_finish(ex, "partial");
	}
	cpol_export_free(ex);
	return rc;
}

size_t cpol_export_column_count(const cpol_export *ex)
{
	return ex ? ex->nout : 0;
}

const char *cpol_export_column_name(const cpol_export *ex, size_t i)
{
	return ex && i < ex->nout ? ex->ds->cols[ex->out[i]].name : NULL;
}

int cpol_export_column_is_number(const cpol_export *ex, size_t i)
{
	const cpol__export_col *c;
	if (!ex || i >= ex->nout)
		return 0;
	c = &ex->ds->cols[ex->out[i]];
	if (ex->op[ex->out[i]] != CPOL__OP_KEEP)
		return 0;
	return c->kind == CPOL__EK_NUM || c->kind == CPOL__EK_COUNT || c->kind == CPOL__EK_KEY ||
	       c->kind == CPOL__EK_REF;
}

int cpol_export_next(cpol_export *ex)
{
	int step, rc = 0, suppressed;
	size_t i;

	if (!ex)
		return cpol__error_set(CPOL_EINVAL, "cpol_export_next: ex is NULL");
	if (ex->finished)
		return CPOL_ITEROVER;
	for (;;) {
		step = cpol__st_step(ex->st);
		if (step == CPOL__DONE) {
			if ((rc = cpol_export_finish(ex)) < 0)
				return rc;
			return CPOL_ITEROVER;
		}
		if (step != CPOL__ROW)
			return cpol__db_error(ex->db, step, "reading the dataset");
		suppressed = ex->suppressing && row_suppressed(ex, ex->level, &ex->decided, &rc);
		if (rc < 0)
			return rc;
		if (!(suppressed && ex->withhold_star))
			break;
	}
	for (i = 0; i < ex->nout; i++) {
		int ci = ex->out[i];
		if (suppressed && ex->is_qi[ci])
			ex->vals[i] = STAR;
		else if (ex->is_qi[ci])   /* kept or generalised, maybe climbed for min_k */
			ex->vals[i] = column_value(ex, ci, CPOL__OP_GENERALISE, ex->level[ci]);
		else
			ex->vals[i] = column_value(ex, ci, ex->op[ci], ex->level[ci]);
		if (ex->val[ci].oom)
			return cpol__error_oom();
	}
	ex->rep.rows++;
	return 0;
}

const char *cpol_export_value(const cpol_export *ex, size_t i)
{
	return ex && i < ex->nout ? ex->vals[i] : NULL;
}

int cpol_export_finish(cpol_export *ex)
{
	if (!ex)
		return cpol__error_set(CPOL_EINVAL, "cpol_export_finish: ex is NULL");
	if (ex->finished)
		return 0;
	ex->finished = 1;
	return log_finish(ex, "done");
}

const cpol_export_report *cpol_export_report_get(const cpol_export *ex)
{
	return ex ? &ex->rep : NULL;
}

void cpol_export_free(cpol_export *ex)
{
	int i;
	if (!ex)
		return;
	if (!ex->finished && ex->rep.log_id) {
		ex->finished = 1;
		log_finish(ex, "partial");
	}
	end_read(ex);
	cpol__st_finalize(ex->st);
	for (i = 0; i < CPOL__EXPORT_MAX_COLS; i++)
		cpol__buf_free(&ex->val[i]);
	cpol__buf_free(&ex->key);
	ctable_free(&ex->decided);
	cpol_export_profile_free(ex->own_profile);
	free(ex);
}

/* -------------------------------------------------------------- writing */

static int looks_numeric(const char *s)
{
	char *end;
	if (!*s || *s == '+' || *s == ' ')
		return 0;
	(void)strtod(s, &end);
	return *end == '\0';
}

int cpol_export_write(cpol_export *ex, FILE *f, cpol_export_format format, unsigned int flags)
{
	cpol__buf b = { 0 };
	size_t i;
	int rc = 0;

	if (!ex || !f)
		return cpol__error_set(CPOL_EINVAL, "cpol_export_write: ex or f is NULL");
	if (format == CPOL_EXPORT_CSV) {
		if (flags & CPOL_EXPORT_BOM)
			cpol__buf_puts(&b, "\xEF\xBB\xBF");
		for (i = 0; i < ex->nout; i++) {
			if (i)
				cpol__buf_put(&b, ",", 1);
			cpol__buf_put_csv_field(&b, cpol_export_column_name(ex, i));
		}
		cpol__buf_put(&b, "\r\n", 2);
	}
	while ((rc = cpol_export_next(ex)) == 0) {
		if (format == CPOL_EXPORT_CSV) {
			for (i = 0; i < ex->nout; i++) {
				if (i)
					cpol__buf_put(&b, ",", 1);
				cpol__buf_put_csv_field(&b, ex->vals[i]);
			}
			cpol__buf_put(&b, "\r\n", 2);
		} else {
			cpol__buf_put(&b, "{", 1);
			for (i = 0; i < ex->nout; i++) {
				const char *v = ex->vals[i];
				if (i)
					cpol__buf_put(&b, ",", 1);
				cpol__buf_put_json_string(&b, cpol_export_column_name(ex, i));
				cpol__buf_put(&b, ":", 1);
				if (!v)
					cpol__buf_puts(&b, "null");
				else if (cpol_export_column_is_number(ex, i) && looks_numeric(v))
					cpol__buf_puts(&b, v);
				else
					cpol__buf_put_json_string(&b, v);
			}
			cpol__buf_put(&b, "}\n", 2);
		}
		if (b.oom) {
			rc = cpol__error_oom();
			break;
		}
		if (b.len >= 1 << 16) {
			if (fwrite(b.ptr, 1, b.len, f) != b.len) {
				rc = cpol__error_set(CPOL_EIO, "writing the export: %s", strerror(errno));
				break;
			}
			b.len = 0;
		}
	}
	if (rc == CPOL_ITEROVER)
		rc = 0;
	if (rc == 0 && b.len && fwrite(b.ptr, 1, b.len, f) != b.len)
		rc = cpol__error_set(CPOL_EIO, "writing the export: %s", strerror(errno));
	if (rc == 0 && fflush(f) != 0)
		rc = cpol__error_set(CPOL_EIO, "writing the export: %s", strerror(errno));
	cpol__buf_free(&b);
	return rc;
}
