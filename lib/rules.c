/*
 * libcommpolice — rules: loading a chain of region files, merging it,
 * hashing it, and generic access by key path.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "rules_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * SHA-256 comes from GNU Nettle (Debian: nettle-dev), a small, well-kept
 * crypto library that every Debian system already carries for GnuTLS. A
 * home-grown digest would be one more thing to test; SQLite's hashes are
 * not exposed through its API; OpenSSL is a far larger dependency for one
 * function.
 */
#include <nettle/sha2.h>

#ifndef CPOL_REGIONS_DIR
# define CPOL_REGIONS_DIR "/usr/local/share/libcommpolice/regions"
#endif

#define NATIONAL "national"
#define NATIONAL_EMBEDDED "data/regions/national.yaml"
#define NATIONAL_NAME "<built-in>/national.yaml"
#define MAX_FILE_SIZE (16u << 20)

/* ----------------------------------------------------------------- options */

int cpol_rules_options_init(cpol_rules_options *opts, unsigned int version)
{
	static const cpol_rules_options defaults = CPOL_RULES_OPTIONS_INIT;
	if (!opts || version != CPOL_RULES_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_options_init: unknown version %u",
		                       version);
	*opts = defaults;
	return 0;
}

static int check_opts(const cpol_rules_options *opts)
{
	if (opts && opts->version != CPOL_RULES_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_options: unknown version %u",
		                       opts->version);
	return 0;
}

/* ---------------------------------------------------------------- reading */

int cpol__read_file(char **out, size_t *len, const char *path)
{
	FILE *f = fopen(path, "rb");
	cpol__buf b = { 0 };
	char chunk[8192];
	size_t n;
	int rc = 0;

	*out = NULL;
	if (!f)
		return cpol__error_set_at(errno == ENOENT ? CPOL_ENOTFOUND : CPOL_EIO, path, 0, 0,
		                          NULL, "cannot open: %s", strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > MAX_FILE_SIZE) {
			rc = cpol__error_set_at(CPOL_ERULES, path, 0, 0, NULL, "file larger than 16 MiB");
			goto done;
		}
		if ((rc = cpol__buf_put(&b, chunk, n)) < 0)
			goto done;
	}
	if (ferror(f)) {
		rc = cpol__error_set_at(CPOL_EIO, path, 0, 0, NULL, "read error");
		goto done;
	}
	*len = b.len;
	*out = b.ptr ? cpol__buf_detach(&b) : cpol__strdup("");
	if (!*out)
		rc = cpol__error_oom();
done:
	fclose(f);
	cpol__buf_free(&b);
	return rc;
}

static int valid_name(const char *name)
{
	size_t i, n = strlen(name);
	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++) {
		char ch = name[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
			return 0;
	}
	return 1;
}

/* Add the colon-separated dirs of list to the search list. */
static void add_dirs(cpol__buf *dirs, const char *list)
{
	if (!list)
		return;
	while (*list) {
		const char *end = strchr(list, ':');
		size_t n = end ? (size_t)(end - list) : strlen(list);
		if (n) {
			cpol__buf_put(dirs, list, n);
			cpol__buf_put(dirs, "\n", 1);
		}
		list += n + (end ? 1 : 0);
	}
}

/*
 * Find "<name>.yaml": first in dir (the directory of the file that names it),
 * then opts->search_path, CPOL_RULES_PATH, the installed directory.
 */
static int find_region_file(char **path, const char *dir, const char *name,
                            const cpol_rules_options *opts, cpol__buf *searched)
{
	cpol__buf dirs = { 0 };
	const char *p;
	int rc = CPOL_ENOTFOUND;

	*path = NULL;
	if (dir)
		add_dirs(&dirs, dir);
	if (opts)
		add_dirs(&dirs, opts->search_path);
	if (!opts || !(opts->flags & CPOL_RULES_NO_ENV))
		add_dirs(&dirs, getenv("CPOL_RULES_PATH"));
	if (!opts || !(opts->flags & CPOL_RULES_NO_INSTALLED))
		add_dirs(&dirs, CPOL_REGIONS_DIR);
	if (dirs.oom)
		goto oom;
	for (p = dirs.ptr; p && *p;) {
		const char *nl = strchr(p, '\n');
		cpol__buf cand = { 0 };
		FILE *f;
		cpol__buf_printf(&cand, "%.*s/%s.yaml", (int)(nl - p), p, name);
		if (cand.oom)
			goto oom;
		cpol__buf_printf(searched, "%s%.*s", searched->len ? ", " : "", (int)(nl - p), p);
		if ((f = fopen(cand.ptr, "rb"))) {
			fclose(f);
			*path = cpol__buf_detach(&cand);
			rc = 0;
			break;
		}
		cpol__buf_free(&cand);
		p = nl + 1;
	}
	cpol__buf_free(&dirs);
	return rc;
oom:
	cpol__buf_free(&dirs);
	return cpol__error_oom();
}

/* --------------------------------------------------------------- the chain */

typedef struct source {
	const char *name;     /* for messages and refs */
	const char *dir;      /* directory for parent lookup, or NULL */
	const char *data;
	size_t len;
} source;

static char *dir_of(cpol__arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return cpol__arena_strdup(a, ".");
	if (slash == path)
		return cpol__arena_strdup(a, "/");
	return cpol__arena_strndup(a, path, (size_t)(slash - path));
}

/* Parse and check one file, appending it to the chain. */
static int add_file(cpol_rules *r, const source *src, const char *expect_region)
{
	cpol__rfile *f = cpol__arena_alloc(&r->arena, sizeof(*f));
	cpol__rentry *region;
	int rc;

	if (!f)
		return CPOL_ENOMEM;
	f->name = cpol__arena_strdup(&r->arena, src->name);
	f->dir = src->dir ? cpol__arena_strdup(&r->arena, src->dir) : NULL;
	if (!f->name || (src->dir && !f->dir))
		return CPOL_ENOMEM;
	if ((rc = cpol__rules_parse(&f->root, &r->arena, f, src->data, src->len)) < 0)
		return rc;
	if ((rc = cpol__rules_check_file(&r->arena, f->root)) < 0)
		return rc;
	region = cpol__rnode_get(f->root, "region");
	if (!region || region->value->kind != CPOL__RN_SCALAR)
		return cpol__error_set_at(CPOL_ERULES, f->name, f->root->line, f->root->column,
		                          "region", "missing required key 'region' (the region code, "
		                          "such as region: nantong)");
	f->region = region->value->text;
	if (expect_region && strcmp(expect_region, f->region) != 0)
		return cpol__error_set_at(CPOL_ERULES, f->name, region->value->line,
		                          region->value->column, "region",
		                          "region '%s' does not match the file's name '%s.yaml'",
		                          f->region, expect_region);
	r->chain[r->chain_len++] = f;
	return 0;
}

static int load_national(cpol_rules *r)
{
	const cpol__embedded_file *e = cpol__embedded_find(NATIONAL_EMBEDDED);
	source src = { NATIONAL_NAME, NULL, NULL, 0 };
	if (!e)
		return cpol__error_set(CPOL_ENOTFOUND, "the built-in national rules are missing");
	src.data = e->data;
	src.len = e->size;
	return add_file(r, &src, NATIONAL);
}

/* Load a region file by name from the search path. */
static int load_named(cpol_rules *r, const char *name, const char *dir,
                      const cpol_rules_options *opts, const cpol__rnode *at)
{
	cpol__buf searched = { 0 };
	char *path = NULL, *data = NULL;
	source src = { 0 };
	size_t len = 0;
	int rc;

	if (!strcmp(name, NATIONAL))
		return load_national(r);
	rc = find_region_file(&path, dir, name, opts, &searched);
	if (rc == CPOL_ENOTFOUND) {
		if (at)
			rc = cpol__error_set_at(CPOL_ENOTFOUND, at->file->name, at->line, at->column,
			                        "extends", "parent region '%s' not found (no %s.yaml in: %s)",
			                        name, name, searched.ptr ? searched.ptr : "no directories");
		else
			rc = cpol__error_set(CPOL_ENOTFOUND, "region '%s' not found (no %s.yaml in: %s)",
			                     name, name, searched.ptr ? searched.ptr : "no directories");
	}
	if (rc < 0)
		goto done;
	if ((rc = cpol__read_file(&data, &len, path)) < 0)
		goto done;
	src.name = path;
	src.dir = dir_of(&r->arena, path);
	src.data = data;
	src.len = len;
	rc = src.dir ? add_file(r, &src, name) : CPOL_ENOMEM;
done:
	cpol__buf_free(&searched);
	free(path);
	free(data);
	return rc;
}

static int cycle_error(cpol_rules *r, const cpol__rnode *at, const char *parent)
{
	cpol__buf b = { 0 };
	size_t i;
	int rc;
	for (i = 0; i < r->chain_len; i++)
		cpol__buf_printf(&b, "%s -> ", r->chain[i]->region);
	cpol__buf_puts(&b, parent);
	rc = cpol__error_set_at(CPOL_ERULES, at->file->name, at->line, at->column, "extends",
	                        "extends cycle: %s", b.ptr ? b.ptr : parent);
	cpol__buf_free(&b);
	return rc;
}

/* Follow `extends:` from the last file of the chain up to national. */
static int load_parents(cpol_rules *r, const cpol_rules_options *opts)
{
	for (;;) {
		cpol__rfile *cur = r->chain[r->chain_len - 1];
		cpol__rentry *ext = cpol__rnode_get(cur->root, "extends");
		const cpol__rnode *at = ext && ext->value->kind == CPOL__RN_SCALAR ? ext->value : NULL;
		const char *parent;
		size_t i;
		int rc;

		if (!strcmp(cur->region, NATIONAL)) {
			if (at)
				return cpol__error_set_at(CPOL_ERULES, cur->name, at->line, at->column,
				                          "extends", "%s", "the national rules are the root "
				                          "of every chain and extend nothing");
			return 0;
		}
		parent = at ? at->text : NATIONAL;
		for (i = 0; i < r->chain_len; i++)
			if (!strcmp(r->chain[i]->region, parent))
				return cycle_error(r, at ? at : cur->root, parent);
		if (r->chain_len == CPOL__RULES_MAX_CHAIN)
			return cpol__error_set_at(CPOL_ERULES, cur->name, at->line, at->column, "extends",
			                          "more than %d files in the extends chain",
			                          CPOL__RULES_MAX_CHAIN);
		if ((rc = load_named(r, parent, cur->dir, opts, at ? at : cur->root)) < 0)
			return rc;
	}
}

/* ---------------------------------------------------------------- merging */

static cpol__rnode *clone(cpol__arena *a, const cpol__rnode *n)
{
	cpol__rnode *c = cpol__arena_alloc(a, sizeof(*c));
	if (c)
		*c = *n;
	return c;
}

static const char *merge_id(const cpol__rnode *el)
{
	cpol__rentry *e = cpol__rnode_get(el, "id");
	if (!e)
		e = cpol__rnode_get(el, "code");
	return e && e->value->kind == CPOL__RN_SCALAR ? e->value->text : NULL;
}

static cpol__rnode *merge(cpol__arena *a, const cpol__rnode *parent, const cpol__rnode *child);

/* A child map over its parent: keys merge one by one; null removes a key. */
static cpol__rnode *merge_map(cpol__arena *a, const cpol__rnode *parent,
                              const cpol__rnode *child, const char *const *skip)
{
	size_t cap = (parent ? parent->n : 0) + child->n, i, j, k;
	cpol__rnode *m = clone(a, child);
	if (!m || !(m->entries = cpol__arena_alloc(a, (cap ? cap : 1) * sizeof(*m->entries))))
		return NULL;
	m->n = 0;
	for (i = 0; parent && i < parent->n; i++) {
		for (k = 0; skip && skip[k] && strcmp(skip[k], parent->entries[i].key); k++)
			;
		if (!(skip && skip[k]))
			m->entries[m->n++] = parent->entries[i];
	}
	for (i = 0; i < child->n; i++) {
		const cpol__rentry *ce = &child->entries[i];
		cpol__rnode *v;
		for (j = 0; j < m->n && strcmp(m->entries[j].key, ce->key); j++)
			;
		if (ce->value->kind == CPOL__RN_NULL) {
			if (j < m->n) {
				memmove(&m->entries[j], &m->entries[j + 1], (m->n - j - 1) * sizeof(*m->entries));
				m->n--;
			}
			continue;
		}
		if (!(v = merge(a, j < m->n ? m->entries[j].value : NULL, ce->value)))
			return NULL;
		if (j == m->n)
			m->n++;
		m->entries[j] = *ce;
		m->entries[j].value = v;
	}
	return m;
}

/* A child list tagged !extend: appended, or merged by id into the parent's. */
static cpol__rnode *extend_list(cpol__arena *a, const cpol__rnode *parent,
                                const cpol__rnode *child)
{
	size_t cap = parent->n + child->n, i, j;
	cpol__rnode *l = clone(a, child);
	if (!l || !(l->elems = cpol__arena_alloc(a, (cap ? cap : 1) * sizeof(*l->elems))))
		return NULL;
	l->flags &= ~CPOL__RN_EXTEND;
	memcpy(l->elems, parent->elems, parent->n * sizeof(*l->elems));
	l->n = parent->n;
	for (i = 0; i < child->n; i++) {
		const cpol__rnode *ce = child->elems[i];
		const char *id = ce->kind == CPOL__RN_MAP ? merge_id(ce) : NULL;
		for (j = 0; id && j < l->n; j++) {
			const char *pid = l->elems[j]->kind == CPOL__RN_MAP ? merge_id(l->elems[j]) : NULL;
			if (pid && !strcmp(pid, id))
				break;
		}
		if (id && j < l->n) {
			if (!(l->elems[j] = merge(a, l->elems[j], ce)))
				return NULL;
		} else if (!(l->elems[l->n++] = merge(a, NULL, ce))) {
			return NULL;
		}
	}
	return l;
}

static cpol__rnode *merge(cpol__arena *a, const cpol__rnode *parent, const cpol__rnode *child)
{
	size_t i;
	cpol__rnode *l;

	if (cpol__rnode_is_dated(child)) {
		/* Kept whole; on a day no alternative covers, the parent's value holds. */
		if (!(l = clone(a, child)))
			return NULL;
		l->flags |= CPOL__RN_DATED;
		l->fallback = parent;
		return l;
	}

	if (child->kind == CPOL__RN_MAP)
		return merge_map(a, parent && parent->kind == CPOL__RN_MAP ? parent : NULL, child, NULL);
	if (child->kind == CPOL__RN_LIST && (child->flags & CPOL__RN_EXTEND) && parent &&
	    parent->kind == CPOL__RN_LIST)
		return extend_list(a, parent, child);
	if (child->kind != CPOL__RN_LIST)
		return (cpol__rnode *)child; /* scalars are shared, not copied */
	if (!(l = clone(a, child)) ||
	    !(l->elems = cpol__arena_alloc(a, (child->n ? child->n : 1) * sizeof(*l->elems))))
		return NULL;
	l->flags &= ~CPOL__RN_EXTEND;
	for (i = 0; i < child->n; i++)
		if (!(l->elems[i] = merge(a, NULL, child->elems[i])))
			return NULL;
	return l;
}

/* Keys of a file that belong to that file alone. */
static const char *const own_keys[] = { "region", "name", "source", "extends", "tests", NULL };
static const char *const dropped_keys[] = { "source", "extends", "tests", NULL };

static int merge_chain(cpol_rules *r)
{
	cpol__rnode *m = NULL;
	size_t i;

	for (i = r->chain_len; i-- > 0;) {
		const cpol__rnode *root = r->chain[i]->root;
		cpol__rnode *child = clone(&r->arena, root);
		size_t j, k;
		if (!child || !(child->entries = cpol__arena_alloc(&r->arena,
		                                                   (root->n + 1) * sizeof(*root->entries))))
			return CPOL_ENOMEM;
		/* Keys of the file alone (tests, source, extends) stay out of the merge. */
		for (child->n = 0, j = 0; j < root->n; j++) {
			for (k = 0; dropped_keys[k] && strcmp(dropped_keys[k], root->entries[j].key); k++)
				;
			if (!dropped_keys[k])
				child->entries[child->n++] = root->entries[j];
		}
		if (!(m = merge_map(&r->arena, m, child, own_keys)))
			return CPOL_ENOMEM;
	}
	r->root = m;
	return 0;
}

/* ------------------------------------------------------------- canonical */

static int key_cmp(const void *pa, const void *pb)
{
	const cpol__rentry *const *a = pa, *const *b = pb;
	return strcmp((*a)->key, (*b)->key);
}

static int put_scalar(cpol__buf *b, const cpol__rnode *n)
{
	const char *text = n->canon ? n->canon : n->text;
	if (n->type == CPOL_RULE_INT || n->type == CPOL_RULE_NUMBER || n->type == CPOL_RULE_BOOL)
		return cpol__buf_puts(b, text);
	return cpol__buf_put_json_string(b, text ? text : "");
}

static int put_node(cpol__buf *b, const cpol__rnode *n);

static int put_list(cpol__buf *b, const cpol__rnode *n)
{
	size_t i;
	int rc = 0;

	cpol__buf_puts(b, "[");
	for (i = 0; i < n->n && rc == 0; i++) {
		if (i)
			cpol__buf_puts(b, ",");
		rc = put_node(b, n->elems[i]);
	}
	cpol__buf_puts(b, "]");
	return rc ? rc : (b->oom ? CPOL_ENOMEM : 0);
}

static int put_node(cpol__buf *b, const cpol__rnode *n)
{
	const cpol__rentry **sorted;
	size_t i;
	int rc = 0;

	if (n->type == CPOL_RULE_WEEKDAYS || n->kind == CPOL__RN_SCALAR)
		return put_scalar(b, n);
	if ((n->flags & CPOL__RN_DATED) && n->fallback) {
		/* The inherited value counts too: it holds where no date covers. */
		cpol__buf_puts(b, "{\"dated\":");
		rc = put_list(b, n);
		cpol__buf_puts(b, ",\"otherwise\":");
		if (rc == 0)
			rc = put_node(b, n->fallback);
		cpol__buf_puts(b, "}");
		return rc ? rc : (b->oom ? CPOL_ENOMEM : 0);
	}
	if (n->kind == CPOL__RN_LIST)
		return put_list(b, n);
	if (n->kind != CPOL__RN_MAP)
		return cpol__buf_puts(b, "null");
	if (!(sorted = malloc((n->n ? n->n : 1) * sizeof(*sorted))))
		return cpol__error_oom();
	for (i = 0; i < n->n; i++)
		sorted[i] = &n->entries[i];
	qsort(sorted, n->n, sizeof(*sorted), key_cmp);
	cpol__buf_puts(b, "{");
	for (i = 0; i < n->n && rc == 0; i++) {
		if (i)
			cpol__buf_puts(b, ",");
		cpol__buf_put_json_string(b, sorted[i]->key);
		cpol__buf_puts(b, ":");
		rc = put_node(b, sorted[i]->value);
	}
	cpol__buf_puts(b, "}");
	free(sorted);
	return rc ? rc : (b->oom ? CPOL_ENOMEM : 0);
}

int cpol__rules_canonical(cpol__buf *b, const cpol__rnode *root)
{
	return put_node(b, root);
}

static int compute_hash(cpol_rules *r)
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	cpol__buf b = { 0 };
	size_t i;
	int rc;

	if ((rc = cpol__rules_canonical(&b, r->dated_root ? r->dated_root : r->root)) < 0) {
		cpol__buf_free(&b);
		return rc;
	}
	sha256_init(&ctx);
	sha256_update(&ctx, b.len, (const uint8_t *)b.ptr);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		r->hash[2 * i] = hex[digest[i] >> 4];
		r->hash[2 * i + 1] = hex[digest[i] & 15];
	}
	r->hash[64] = '\0';
	cpol__buf_free(&b);
	return 0;
}

/* ------------------------------------------------------------ dated values */

static int has_dated(const cpol__rnode *n)
{
	size_t i;

	if (n->flags & CPOL__RN_DATED)
		return 1;
	for (i = 0; n->kind == CPOL__RN_MAP && i < n->n; i++)
		if (has_dated(n->entries[i].value))
			return 1;
	for (i = 0; n->kind == CPOL__RN_LIST && i < n->n; i++)
		if (has_dated(n->elems[i]))
			return 1;
	return 0;
}

/*
 * A copy of n into a with every dated value replaced by the one in force
 * on `on`: the alternative whose [from, until] holds the day, else the
 * inherited value, else nothing (*out NULL: the key is absent that day).
 * Copied, not shared, because validation writes into the nodes it types.
 */
static int resolve(cpol__rnode **out, cpol__arena *a, const cpol__rnode *n, cpol_date on)
{
	cpol__rnode *c;
	size_t i;
	int rc;

	*out = NULL;
	if (n->flags & CPOL__RN_DATED) {
		for (i = 0; i < n->n; i++) {
			cpol_date from, until;
			cpol__rentry *v = cpol__rnode_get(n->elems[i], "value");
			if (cpol__dated_range(&from, &until, n->elems[i]) == 0 && from <= on && on <= until &&
			    v->value->kind != CPOL__RN_NULL)
				return resolve(out, a, v->value, on);
		}
		return n->fallback ? resolve(out, a, n->fallback, on) : 0;
	}
	if (!(c = clone(a, n)))
		return CPOL_ENOMEM;
	if (n->kind == CPOL__RN_MAP) {
		if (!(c->entries = cpol__arena_alloc(a, (n->n ? n->n : 1) * sizeof(*c->entries))))
			return CPOL_ENOMEM;
		for (c->n = 0, i = 0; i < n->n; i++) {
			cpol__rnode *v;
			if ((rc = resolve(&v, a, n->entries[i].value, on)) < 0)
				return rc;
			if (!v)
				continue;
			c->entries[c->n] = n->entries[i];
			c->entries[c->n++].value = v;
		}
	} else if (n->kind == CPOL__RN_LIST) {
		if (!(c->elems = cpol__arena_alloc(a, (n->n ? n->n : 1) * sizeof(*c->elems))))
			return CPOL_ENOMEM;
		for (c->n = 0, i = 0; i < n->n; i++) {
			cpol__rnode *v;
			if ((rc = resolve(&v, a, n->elems[i], on)) < 0)
				return rc;
			if (v)
				c->elems[c->n++] = v;
		}
	}
	*out = c;
	return 0;
}

/* Resolve r->dated_root on `on` into r->root and validate it. */
static int resolve_and_check(cpol_rules *r, cpol_date on)
{
	int rc;

	r->on = on;
	if ((rc = resolve(&r->root, &r->arena, r->dated_root, on)) < 0)
		return rc;
	return cpol__rules_check_merged(r);
}

/* Every day on which some dated value of n starts or stops holding. */
static int collect_changes(cpol__buf *days, const cpol__rnode *n)
{
	size_t i;
	int rc;

	if (n->flags & CPOL__RN_DATED) {
		for (i = 0; i < n->n; i++) {
			cpol_date d[2];
			cpol__dated_range(&d[0], &d[1], n->elems[i]);
			if (d[1] != INT32_MAX)
				d[1]++; /* the day after it ends */
			cpol__buf_put(days, (const char *)d, sizeof(d));
			if ((rc = collect_changes(days, cpol__rnode_get(n->elems[i], "value")->value)) < 0)
				return rc;
		}
		return n->fallback ? collect_changes(days, n->fallback) : 0;
	}
	for (i = 0; n->kind == CPOL__RN_MAP && i < n->n; i++)
		if ((rc = collect_changes(days, n->entries[i].value)) < 0)
			return rc;
	for (i = 0; n->kind == CPOL__RN_LIST && i < n->n; i++)
		if ((rc = collect_changes(days, n->elems[i])) < 0)
			return rc;
	return days->oom ? CPOL_ENOMEM : 0;
}

/* Today in China (UTC+8): the day loaded rules are resolved on. */
static cpol_date today(void)
{
	return cpol_date_from_epoch((int64_t)time(NULL), 8 * 60);
}

/*
 * Rules with dated values are validated as they stand on every day a value
 * changes (so that, say, item weights add up to the total in every
 * stretch), then resolved on today for the loaded object.
 */
static int check_dated_rules(cpol_rules *r)
{
	cpol__buf days = { 0 };
	size_t i;
	int rc;

	r->dated_root = r->root;
	if ((rc = collect_changes(&days, r->dated_root)) < 0)
		goto done;
	/* Each change day and the day before it: every stretch between changes,
	 * the first and the last included, is checked on one of its days. */
	for (i = 0; i < 2 * (days.len / sizeof(cpol_date)); i++) {
		cpol_date d = ((const cpol_date *)days.ptr)[i / 2];
		cpol_rules *scratch;
		if (d == INT32_MIN || d == INT32_MAX)
			continue;
		d -= (cpol_date)(i % 2);
		if (!(scratch = calloc(1, sizeof(*scratch)))) {
			rc = cpol__error_oom();
			goto done;
		}
		memcpy(scratch->chain, r->chain, sizeof(r->chain));
		scratch->chain_len = r->chain_len;
		scratch->dated_root = r->dated_root;
		rc = resolve_and_check(scratch, d);
		cpol__arena_free(&scratch->arena);
		free(scratch);
		if (rc < 0)
			goto done;
	}
	rc = resolve_and_check(r, today());
done:
	cpol__buf_free(&days);
	return rc;
}

/* ----------------------------------------------------------------- loading */

static int finish(cpol_rules *r)
{
	cpol__rentry *e;
	int rc;

	if ((rc = merge_chain(r)) < 0)
		return rc;
	if (has_dated(r->root))
		rc = check_dated_rules(r);
	else
		rc = cpol__rules_check_merged(r);
	if (rc < 0)
		return rc;
	r->region = r->chain[0]->region;
	e = cpol__rnode_get(r->chain[0]->root, "name");
	r->name = e && e->value->kind == CPOL__RN_SCALAR ? e->value->text : r->region;
	e = cpol__rnode_get(r->chain[0]->root, "tests");
	r->tests = e && e->value->kind == CPOL__RN_LIST ? e->value : NULL;
	return compute_hash(r);
}

/* Load from a leaf source (or, with src NULL, the region name). */
static int load(cpol_rules **out, const source *src, const char *name,
                const cpol_rules_options *opts)
{
	cpol_rules *r = NULL;
	int rc;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_load: out is NULL");
	*out = NULL;
	if ((rc = check_opts(opts)) < 0)
		return rc;
	if (!(r = calloc(1, sizeof(*r))))
		return cpol__error_oom();
	r->refs = 1;
	if (src)
		rc = add_file(r, src, NULL);
	else
		rc = load_named(r, name, NULL, opts, NULL);
	if (rc == 0)
		rc = load_parents(r, opts);
	if (rc == 0)
		rc = finish(r);
	if (rc < 0) {
		cpol_rules_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int cpol_rules_load_region(cpol_rules **out, const char *name, const cpol_rules_options *opts)
{
	if (out)
		*out = NULL;
	if (!name || !valid_name(name))
		return cpol__error_set(CPOL_EINVAL, "'%.64s' is not a region name (lowercase letters, "
		                       "digits, '_' and '-')", name ? name : "(null)");
	return load(out, NULL, name, opts);
}

int cpol_rules_load_file(cpol_rules **out, const char *path, const cpol_rules_options *opts)
{
	char *data = NULL;
	source src = { 0 };
	char dir[4096];
	const char *slash;
	size_t len = 0;
	int rc;

	if (out)
		*out = NULL;
	if (!path || !out)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_load_file: NULL argument");
	if ((rc = cpol__read_file(&data, &len, path)) < 0)
		return rc;
	slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	src.name = path;
	src.dir = dir;
	src.data = data;
	src.len = len;
	rc = load(out, &src, NULL, opts);
	free(data);
	return rc;
}

int cpol_rules_load_buffer(cpol_rules **out, const char *data, size_t len,
                           const cpol_rules_options *opts)
{
	source src = { 0 };
	if (out)
		*out = NULL;
	if (!data && len)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_load_buffer: NULL data");
	src.name = opts && opts->version == CPOL_RULES_OPTIONS_VERSION && opts->name ? opts->name
	                                                                             : "<string>";
	src.data = data ? data : "";
	src.len = len;
	return load(out, &src, NULL, opts);
}

int cpol_rules_load_string(cpol_rules **out, const char *text, const cpol_rules_options *opts)
{
	if (out)
		*out = NULL;
	if (!text)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_load_string: NULL text");
	return cpol_rules_load_buffer(out, text, strlen(text), opts);
}

cpol_rules *cpol_rules_ref(const cpol_rules *rules)
{
	/* The count is not part of the immutable rule set: a const object may be kept alive. */
	cpol_rules *r = (cpol_rules *)rules;
	if (r)
		__atomic_add_fetch(&r->refs, 1, __ATOMIC_RELAXED);
	return r;
}

void cpol_rules_free(cpol_rules *rules)
{
	if (!rules || __atomic_sub_fetch(&rules->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	cpol__arena_free(&rules->arena);
	cpol_rules_free(rules->base);
	free(rules);
}

int cpol_rules_at(cpol_rules **out, const cpol_rules *rules, cpol_date on)
{
	cpol_rules *base, *r;
	int rc;

	if (!out || !rules)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, out ? "rules" : "out",
		                          "cpol_rules_at: %s is NULL", out ? "rules" : "out");
	*out = NULL;
	base = rules->base ? rules->base : (cpol_rules *)rules;
	if (!base->dated_root || (rules->base && rules->on == on)) {
		*out = cpol_rules_ref(rules); /* nothing changes: the same object */
		return 0;
	}
	if (!(r = calloc(1, sizeof(*r))))
		return cpol__error_oom();
	r->refs = 1;
	r->base = cpol_rules_ref(base);
	memcpy(r->chain, base->chain, sizeof(base->chain));
	r->chain_len = base->chain_len;
	r->dated_root = base->dated_root;
	r->region = base->region;
	r->name = base->name;
	r->tests = base->tests;
	memcpy(r->hash, base->hash, sizeof(r->hash));
	if ((rc = resolve_and_check(r, on)) < 0) {
		cpol_rules_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int cpol_rules_is_dated(const cpol_rules *rules)
{
	return rules && rules->dated_root != NULL;
}

cpol_date cpol_rules_on(const cpol_rules *rules)
{
	return rules ? rules->on : 0;
}

/* ---------------------------------------------------------------- identity */

const char *cpol_rules_region(const cpol_rules *rules)
{
	return rules ? rules->region : NULL;
}

const char *cpol_rules_name(const cpol_rules *rules)
{
	return rules ? rules->name : NULL;
}

const char *cpol_rules_hash(const cpol_rules *rules)
{
	return rules ? rules->hash : NULL;
}

int cpol_rules_canonical(char **out, const cpol_rules *rules)
{
	cpol__buf b = { 0 };
	int rc;
	if (!out || !rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_canonical: NULL argument");
	*out = NULL;
	/* Loaded rules show every date (what the hash covers); cpol_rules_at()'s the day's values. */
	if ((rc = cpol__rules_canonical(&b, rules->dated_root && !rules->base ? rules->dated_root
	                                                                        : rules->root)) < 0) {
		cpol__buf_free(&b);
		return rc;
	}
	if (!(*out = cpol__buf_detach(&b)))
		return cpol__error_oom();
	return 0;
}

size_t cpol_rules_chain_length(const cpol_rules *rules)
{
	return rules ? rules->chain_len : 0;
}

const char *cpol_rules_chain_file(const char **region, const cpol_rules *rules, size_t index)
{
	if (region)
		*region = NULL;
	if (!rules || index >= rules->chain_len)
		return NULL;
	if (region)
		*region = rules->chain[index]->region;
	return rules->chain[index]->name;
}

/* ---------------------------------------------------------- generic access */

static int not_found(const char *key, const char *why)
{
	return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, key, "no rule '%s'%s", key, why);
}

static int select_elem(const cpol__rnode **n, const char *sel, size_t len, const char *key)
{
	const cpol__rnode *l = *n;
	size_t i, idx = 0;
	int digits = len > 0;

	if (l->kind != CPOL__RN_LIST || l->type == CPOL_RULE_WEEKDAYS)
		return not_found(key, ": [..] selects from a list");
	for (i = 0; i < len; i++) {
		if (sel[i] < '0' || sel[i] > '9')
			digits = 0;
		else if (idx < (size_t)1 << 40)
			idx = idx * 10 + (size_t)(sel[i] - '0');
	}
	if (digits) {
		if (idx >= l->n)
			return not_found(key, ": index past the end of the list");
		*n = l->elems[idx];
		return 0;
	}
	for (i = 0; i < l->n; i++)
		if (l->elems[i]->id && strlen(l->elems[i]->id) == len &&
		    !memcmp(l->elems[i]->id, sel, len)) {
			*n = l->elems[i];
			return 0;
		}
	return not_found(key, ": no element with that id");
}

int cpol__rules_lookup(const cpol__rnode **out, const cpol_rules *rules, const char *key)
{
	const cpol__rnode *n;
	const char *p = key;
	int rc;

	if (!out || !rules || !key)
		return cpol__error_set(CPOL_EINVAL, "rules lookup: NULL argument");
	n = rules->root;
	while (*p) {
		if (*p == '[') {
			const char *end = strchr(p, ']');
			if (!end)
				return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, key, "bad key path '%s'", key);
			if ((rc = select_elem(&n, p + 1, (size_t)(end - p - 1), key)) < 0)
				return rc;
			p = end + 1;
		} else {
			size_t len = strcspn(p, ".[");
			size_t i;
			if (len == 0 || n->kind != CPOL__RN_MAP)
				return len ? not_found(key, "") :
				       cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, key, "bad key path '%s'", key);
			for (i = 0; i < n->n; i++)
				if (strlen(n->entries[i].key) == len && !memcmp(n->entries[i].key, p, len))
					break;
			if (i == n->n)
				return not_found(key, "");
			n = n->entries[i].value;
			p += len;
		}
		if (*p == '.') {
			p++;
			if (!*p || *p == '.' || *p == '[')
				return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, key, "bad key path '%s'", key);
		}
	}
	*out = n;
	return 0;
}

static int wrong_type(const char *key, const cpol__rnode *n, const char *want)
{
	return cpol__error_set_at(CPOL_EINVAL, n->ref.file, n->ref.line, n->ref.column, key,
	                          "rule '%s' is not %s", key, want);
}

/* Look up key and check it has one of the types (terminated by -1). */
static int get_typed(const cpol__rnode **out, const cpol_rule_ref **ref, const cpol_rules *rules,
                     const char *key, const char *want, const int *types)
{
	const cpol__rnode *n;
	int rc;

	if (ref)
		*ref = NULL;
	if ((rc = cpol__rules_lookup(&n, rules, key)) < 0)
		return rc;
	for (; *types >= 0; types++)
		if ((int)n->type == *types && (n->kind == CPOL__RN_SCALAR ||
		                               n->type == CPOL_RULE_WEEKDAYS)) {
			*out = n;
			if (ref)
				*ref = &n->ref;
			return 0;
		}
	return wrong_type(key, n, want);
}

int cpol_rules_get_type(cpol_rule_type *out, const cpol_rules *rules, const char *key)
{
	const cpol__rnode *n;
	int rc;
	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_get_type: out is NULL");
	if ((rc = cpol__rules_lookup(&n, rules, key)) < 0)
		return rc;
	if (n->kind == CPOL__RN_MAP)
		*out = CPOL_RULE_MAP;
	else if (n->kind == CPOL__RN_LIST && n->type != CPOL_RULE_WEEKDAYS)
		*out = CPOL_RULE_LIST;
	else
		*out = n->type;
	return 0;
}

int cpol_rules_get_int(int64_t *out, const cpol_rule_ref **ref, const cpol_rules *rules,
                       const char *key)
{
	static const int types[] = { CPOL_RULE_INT, CPOL_RULE_TIME, CPOL_RULE_WEEKDAYS, -1 };
	const cpol__rnode *n;
	int rc;
	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_get_int: out is NULL");
	if ((rc = get_typed(&n, ref, rules, key, "an integer", types)) < 0)
		return rc;
	*out = n->v.i;
	return 0;
}

int cpol_rules_get_number(double *out, const cpol_rule_ref **ref, const cpol_rules *rules,
                          const char *key)
{
	static const int types[] = { CPOL_RULE_NUMBER, CPOL_RULE_INT, -1 };
	const cpol__rnode *n;
	int rc;
	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_get_number: out is NULL");
	if ((rc = get_typed(&n, ref, rules, key, "a number", types)) < 0)
		return rc;
	*out = n->type == CPOL_RULE_INT ? (double)n->v.i : n->v.d;
	return 0;
}

int cpol_rules_get_bool(int *out, const cpol_rule_ref **ref, const cpol_rules *rules,
                        const char *key)
{
	static const int types[] = { CPOL_RULE_BOOL, -1 };
	const cpol__rnode *n;
	int rc;
	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_get_bool: out is NULL");
	if ((rc = get_typed(&n, ref, rules, key, "true or false", types)) < 0)
		return rc;
	*out = (int)n->v.i;
	return 0;
}

int cpol_rules_get_string(const char **out, const cpol_rule_ref **ref, const cpol_rules *rules,
                          const char *key)
{
	static const int types[] = { CPOL_RULE_STRING, -1 };
	const cpol__rnode *n;
	int rc;
	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_get_string: out is NULL");
	*out = NULL;
	if ((rc = get_typed(&n, ref, rules, key, "text", types)) < 0)
		return rc;
	*out = n->text;
	return 0;
}

int cpol_rules_get_duration(cpol_duration *out, const cpol_rule_ref **ref,
                            const cpol_rules *rules, const char *key)
{
	static const int types[] = { CPOL_RULE_DURATION, -1 };
	const cpol__rnode *n;
	int rc;
	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_get_duration: out is NULL");
	if ((rc = get_typed(&n, ref, rules, key, "a duration", types)) < 0)
		return rc;
	*out = n->v.du;
	return 0;
}

int cpol_rules_get_cadence(cpol_cadence *out, const cpol_rule_ref **ref,
                           const cpol_rules *rules, const char *key)
{
	static const int types[] = { CPOL_RULE_CADENCE, -1 };
	const cpol__rnode *n;
	int rc;
	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_get_cadence: out is NULL");
	if ((rc = get_typed(&n, ref, rules, key, "a cadence", types)) < 0)
		return rc;
	*out = n->v.ca;
	return 0;
}

int cpol_rules_get_date(cpol_date *out, const cpol_rule_ref **ref, const cpol_rules *rules,
                        const char *key)
{
	static const int types[] = { CPOL_RULE_DATE, -1 };
	const cpol__rnode *n;
	int rc;
	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_get_date: out is NULL");
	if ((rc = get_typed(&n, ref, rules, key, "a date", types)) < 0)
		return rc;
	*out = n->v.date;
	return 0;
}

int cpol_rules_get_text(const char **out, const cpol_rule_ref **ref, const cpol_rules *rules,
                        const char *key)
{
	const cpol__rnode *n;
	int rc;
	if (ref)
		*ref = NULL;
	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_get_text: out is NULL");
	*out = NULL;
	if ((rc = cpol__rules_lookup(&n, rules, key)) < 0)
		return rc;
	if (n->kind != CPOL__RN_SCALAR && n->type != CPOL_RULE_WEEKDAYS)
		return wrong_type(key, n, "a single value (it is a list or a map)");
	*out = n->canon ? n->canon : n->text;
	if (ref)
		*ref = &n->ref;
	return 0;
}

int cpol_rules_get_count(size_t *out, const cpol_rules *rules, const char *key)
{
	const cpol__rnode *n;
	int rc;
	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_get_count: out is NULL");
	if ((rc = cpol__rules_lookup(&n, rules, key)) < 0)
		return rc;
	if (n->kind != CPOL__RN_MAP && n->kind != CPOL__RN_LIST)
		return wrong_type(key, n, "a list or a map");
	*out = n->n;
	return 0;
}

int cpol_rules_get_ref(const cpol_rule_ref **out, const cpol_rules *rules, const char *key)
{
	const cpol__rnode *n;
	int rc;
	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_get_ref: out is NULL");
	*out = NULL;
	if ((rc = cpol__rules_lookup(&n, rules, key)) < 0)
		return rc;
	*out = &n->ref;
	return 0;
}

/* --------------------------------------------------------------- iterator */

struct cpol_rules_iter {
	const cpol__rnode **leaves;
	size_t n, cap, pos;
	int oom;
};

static void collect(cpol_rules_iter *it, const cpol__rnode *n)
{
	size_t i;
	if (it->oom)
		return;
	if (n->kind == CPOL__RN_SCALAR || n->type == CPOL_RULE_WEEKDAYS) {
		if (it->n == it->cap) {
			size_t cap = it->cap ? it->cap * 2 : 64;
			const cpol__rnode **p = realloc(it->leaves, cap * sizeof(*p));
			if (!p) {
				it->oom = 1;
				return;
			}
			it->leaves = p;
			it->cap = cap;
		}
		it->leaves[it->n++] = n;
	} else if (n->kind == CPOL__RN_LIST) {
		for (i = 0; i < n->n; i++)
			collect(it, n->elems[i]);
	} else if (n->kind == CPOL__RN_MAP) {
		const cpol__rentry **sorted = malloc((n->n ? n->n : 1) * sizeof(*sorted));
		if (!sorted) {
			it->oom = 1;
			return;
		}
		for (i = 0; i < n->n; i++)
			sorted[i] = &n->entries[i];
		qsort(sorted, n->n, sizeof(*sorted), key_cmp);
		for (i = 0; i < n->n; i++)
			collect(it, sorted[i]->value);
		free(sorted);
	}
}

int cpol_rules_iter_new(cpol_rules_iter **out, const cpol_rules *rules, const char *prefix)
{
	const cpol__rnode *n;
	cpol_rules_iter *it;
	int rc;

	if (!out || !rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_iter_new: NULL argument");
	*out = NULL;
	if ((rc = cpol__rules_lookup(&n, rules, prefix ? prefix : "")) < 0)
		return rc;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	collect(it, n);
	if (it->oom) {
		cpol_rules_iter_free(it);
		return cpol__error_oom();
	}
	*out = it;
	return 0;
}

int cpol_rules_iter_next(const cpol_rule_ref **ref, const char **text, cpol_rules_iter *iter)
{
	const cpol__rnode *n;
	if (!iter || !ref)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_iter_next: NULL argument");
	if (iter->pos >= iter->n)
		return CPOL_ITEROVER;
	n = iter->leaves[iter->pos++];
	*ref = &n->ref;
	if (text)
		*text = n->canon ? n->canon : n->text;
	return 0;
}

void cpol_rules_iter_free(cpol_rules_iter *iter)
{
	if (!iter)
		return;
	free(iter->leaves);
	free(iter);
}

/* ----------------------------------------------------------------- sections */

const cpol_rules_staffing *cpol_rules_get_staffing(const cpol_rules *rules)
{
	return &rules->staffing;
}

const cpol_rules_population *cpol_rules_get_population(const cpol_rules *rules)
{
	return &rules->population;
}

const cpol_rules_visits *cpol_rules_get_visits(const cpol_rules *rules)
{
	return &rules->visits;
}

const cpol_rules_places *cpol_rules_get_places(const cpol_rules *rules)
{
	return &rules->places;
}

const cpol_rules_obligations *cpol_rules_get_obligations(const cpol_rules *rules)
{
	return &rules->obligations;
}

const cpol_rules_duty *cpol_rules_get_duty(const cpol_rules *rules)
{
	return &rules->duty;
}

const cpol_rules_calendar *cpol_rules_get_calendar(const cpol_rules *rules)
{
	return &rules->calendar;
}

const cpol_rules_assessment *cpol_rules_get_assessment(const cpol_rules *rules)
{
	return &rules->assessment;
}
