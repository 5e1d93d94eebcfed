/*
 * libcommpolice — export: profiles (which operator each column gets).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * Profiles are YAML read with the rule files' reader (lib/rules_yaml.c,
 * libyaml's event API), so that every error names file:line:column the
 * same way. The profile `research` is compiled in (build-aux/embed.sh).
 */
#include "export_internal.h"

#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#ifndef CPOL_EXPORT_DIR
# define CPOL_EXPORT_DIR "/usr/local/share/libcommpolice/export"
#endif

#define RESEARCH_EMBEDDED "data/export/research.yaml"
#define MAX_EXTENDS 8

static int is_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-'))
			return 0;
	return 1;
}

static int node_err(const cpol__rnode *n, const char *field, const char *fmt, ...) CPOL__PRINTF(3, 4);
static int node_err(const cpol__rnode *n, const char *field, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = cpol__error_vset_at(CPOL_EINVAL, n->file->name, n->line, n->column, field, fmt, ap);
	va_end(ap);
	return rc;
}

static int entry_err(const cpol__rfile *f, const cpol__rentry *e, const char *fmt, ...) CPOL__PRINTF(3, 4);
static int entry_err(const cpol__rfile *f, const cpol__rentry *e, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = cpol__error_vset_at(CPOL_EINVAL, f->name, e->line, e->column, e->key, fmt, ap);
	va_end(ap);
	return rc;
}

/* ", did you mean 'x'?" when a candidate is close to word, else "". */
static const char *suggest(char *buf, size_t sz, const char *word, const char *const *names, size_t n)
{
	size_t i, best = 3;
	const char *pick = NULL;
	for (i = 0; i < n; i++) {
		size_t d = cpol__edit_distance(word, names[i]);
		if (d < best) {
			best = d;
			pick = names[i];
		}
	}
	if (!pick)
		return "";
	snprintf(buf, sz, "; did you mean '%s'?", pick);
	return buf;
}

static int column_index(const cpol__export_dataset *ds, const char *name)
{
	int i;
	for (i = 0; i < ds->ncols; i++)
		if (strcmp(ds->cols[i].name, name) == 0)
			return i;
	return -1;
}

static int column_err(const cpol__rfile *f, int line, int col, const cpol__export_dataset *ds,
                      const char *name)
{
	const char *names[CPOL__EXPORT_MAX_COLS];
	char hint[96];
	int i;
	for (i = 0; i < ds->ncols; i++)
		names[i] = ds->cols[i].name;
	return cpol__error_set_at(CPOL_EINVAL, f->name, line, col, name,
	                          "dataset %s has no column '%s'%s", ds->name, name,
	                          suggest(hint, sizeof(hint), name, names, (size_t)ds->ncols));
}

/* "drop", "keep", "mask", "pseudonym", "generalise LEVEL" for column c. */
static int parse_operator(cpol__profile_col *pc, const cpol__rfile *f, const cpol__rnode *v,
                          const cpol__export_dataset *ds, const cpol__export_col *c)
{
	const char *t = v->text;
	char where[96];

	snprintf(where, sizeof(where), "%s.%s", ds->name, c->name);
	if (v->kind != CPOL__RN_SCALAR)
		return node_err(v, c->name, "%s: an operator is one word (drop, keep, mask, pseudonym, "
		                "generalise LEVEL)", where);
	pc->file = f->name;
	pc->line = v->line;
	pc->column = v->column;
	pc->level = 0;
	if (strcmp(t, "drop") == 0) {
		pc->op = CPOL__OP_DROP;
	} else if (strcmp(t, "keep") == 0) {
		pc->op = CPOL__OP_KEEP;
	} else if (strcmp(t, "pseudonym") == 0) {
		pc->op = CPOL__OP_PSEUDONYM;
	} else if (strcmp(t, "mask") == 0) {
		if (c->kind != CPOL__EK_IDNUM && c->kind != CPOL__EK_PHONE && c->kind != CPOL__EK_NAME)
			return node_err(v, c->name, "%s: mask applies to ID numbers, phones and names",
			                where);
		pc->op = CPOL__OP_MASK;
	} else if (strncmp(t, "generalise", 10) == 0 || strncmp(t, "generalize", 10) == 0) {
		const char *lv = t + 10;
		int top = cpol__export_ladder_top(c), i;
		char levels[96] = "";
		while (*lv == ' ')
			lv++;
		for (i = 1; i < top; i++) {
			const char *n = cpol__export_level_name(c, i);
			if (n && strcmp(n, lv) == 0)
				break;
			if (n)
				snprintf(levels + strlen(levels), sizeof(levels) - strlen(levels), "%s%s",
				         levels[0] ? ", " : "", n);
		}
		if (i >= top)
			return top > 1 ? node_err(v, c->name, "%s: generalise takes one of: %s", where, levels)
			               : node_err(v, c->name, "%s: this column has no generalisation levels", where);
		pc->op = CPOL__OP_GENERALISE;
		pc->level = i;
	} else {
		return node_err(v, c->name, "%s: unknown operator '%s' (drop, keep, mask, pseudonym, "
		                "generalise LEVEL)", where, t);
	}
	return 0;
}

static int apply_dataset(cpol_export_profile *p, const cpol__rfile *f, const cpol__rentry *e)
{
	int d = cpol__export_dataset_find(e->key), rc;
	const cpol__export_dataset *ds;
	cpol__profile_dataset *pd;
	size_t i;

	if (d < 0) {
		const char *names[32];
		char hint[96];
		for (i = 0; i < cpol__export_dataset_count; i++)
			names[i] = cpol__export_datasets_table[i].name;
		return entry_err(f, e, "unknown dataset '%s'%s", e->key,
		                 suggest(hint, sizeof(hint), e->key, names, cpol__export_dataset_count));
	}
	ds = &cpol__export_datasets_table[d];
	pd = &p->ds[d];
	if (e->value->kind != CPOL__RN_MAP)
		return entry_err(f, e, "dataset %s: expected a map with columns: and quasi_identifiers:",
		                 e->key);
	for (i = 0; i < e->value->n; i++) {
		const cpol__rentry *k = &e->value->entries[i];
		size_t j;
		if (strcmp(k->key, "columns") == 0) {
			if (k->value->kind != CPOL__RN_MAP)
				return entry_err(f, k, "%s.columns: expected a map of column: operator",
				                 ds->name);
			for (j = 0; j < k->value->n; j++) {
				const cpol__rentry *c = &k->value->entries[j];
				int ci = column_index(ds, c->key);
				if (ci < 0)
					return column_err(f, c->line, c->column, ds, c->key);
				if ((rc = parse_operator(&pd->cols[ci], f, c->value, ds, &ds->cols[ci])) < 0)
					return rc;
			}
		} else if (strcmp(k->key, "quasi_identifiers") == 0) {
			if (k->value->kind != CPOL__RN_LIST)
				return entry_err(f, k, "%s.quasi_identifiers: expected a list of columns",
				                 ds->name);
			pd->nqi = 0;
			pd->qi_file = f->name;
			for (j = 0; j < k->value->n; j++) {
				const cpol__rnode *q = k->value->elems[j];
				int ci = q->kind == CPOL__RN_SCALAR ? column_index(ds, q->text) : -1;
				if (ci < 0)
					return column_err(f, q->line, q->column, ds, q->text ? q->text : "");
				pd->qi_line[pd->nqi] = q->line;
				pd->qi_column[pd->nqi] = q->column;
				pd->qi[pd->nqi++] = ci;
			}
		} else {
			return entry_err(f, k, "dataset %s: unknown key '%s' (columns, quasi_identifiers)",
			                 ds->name, k->key);
		}
	}
	return 0;
}

/* A quasi-identifier must come out as itself or generalised: masked,
 * pseudonymised or dropped it is no quasi-identifier of the output. */
static int check_quasi_identifiers(const cpol_export_profile *p)
{
	size_t d;
	int i;
	for (d = 0; d < cpol__export_dataset_count; d++) {
		const cpol__export_dataset *ds = &cpol__export_datasets_table[d];
		const cpol__profile_dataset *pd = &p->ds[d];
		for (i = 0; i < pd->nqi; i++) {
			const cpol__export_col *c = &ds->cols[pd->qi[i]];
			cpol__eop op = pd->cols[pd->qi[i]].op;
			if (op == CPOL__OP_DEFAULT)
				op = cpol__export_col_identifying(c) ? CPOL__OP_DROP : CPOL__OP_KEEP;
			if (op != CPOL__OP_KEEP && op != CPOL__OP_GENERALISE)
				return cpol__error_set_at(CPOL_EINVAL, pd->qi_file, pd->qi_line[i],
				                          pd->qi_column[i], c->name,
				                          "%s.%s is a quasi-identifier, so it must be kept or "
				                          "generalised, not %s", ds->name, c->name,
				                          op == CPOL__OP_DROP ? "dropped" :
				                          op == CPOL__OP_MASK ? "masked" : "pseudonymised");
		}
	}
	return 0;
}

/* Find NAME.yaml (REGION/NAME.yaml first) on the export path. */
static int find_profile(char **path, const char *name, const char *region)
{
	cpol__buf dirs = { 0 }, searched = { 0 };
	const char *env = getenv("CPOL_EXPORT_PATH"), *p;
	int rc = CPOL_ENOTFOUND, pass;

	*path = NULL;
	if (env)
		cpol__buf_printf(&dirs, "%s:", env);
	cpol__buf_puts(&dirs, CPOL_EXPORT_DIR ":");
	if (dirs.oom)
		return cpol__error_oom();
	for (p = dirs.ptr; *p && rc == CPOL_ENOTFOUND;) {
		const char *end = strchr(p, ':');
		int n = (int)(end - p);
		for (pass = region ? 0 : 1; n > 0 && pass < 2; pass++) {
			cpol__buf cand = { 0 };
			FILE *f;
			if (pass == 0)
				cpol__buf_printf(&cand, "%.*s/%s/%s.yaml", n, p, region, name);
			else
				cpol__buf_printf(&cand, "%.*s/%s.yaml", n, p, name);
			if (cand.oom) {
				rc = cpol__error_oom();
				break;
			}
			if ((f = fopen(cand.ptr, "rb"))) {
				fclose(f);
				*path = cpol__buf_detach(&cand);
				rc = 0;
				break;
			}
			cpol__buf_free(&cand);
		}
		if (n > 0)
			cpol__buf_printf(&searched, "%s%.*s", searched.len ? ", " : "", n, p);
		p = end + 1;
	}
	if (rc == CPOL_ENOTFOUND)
		cpol__error_set(CPOL_ENOTFOUND, "no export profile '%s' (searched %s; set CPOL_EXPORT_PATH "
		                "or give a file)", name, searched.ptr ? searched.ptr : "nothing");
	cpol__buf_free(&dirs);
	cpol__buf_free(&searched);
	return rc;
}

static int load_into(cpol_export_profile *p, const char *name_or_file, const char *region,
                     const char *text, const char *text_name, int depth);

static int apply_text(cpol_export_profile *p, const char *data, size_t len, const char *file_name,
                      const char *region, int depth)
{
	cpol__rfile *f = cpol__arena_alloc(&p->arena, sizeof(*f));
	const cpol__rentry *e;
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	size_t i;
	int rc;

	if (!f || !(f->name = cpol__arena_strdup(&p->arena, file_name)))
		return cpol__error_oom();
	if ((rc = cpol__rules_parse(&f->root, &p->arena, f, data, len)) < 0)
		return rc;
	if (!f->root || f->root->kind != CPOL__RN_MAP)
		return cpol__error_set_at(CPOL_EINVAL, f->name, 1, 1, NULL,
		                          "an export profile is a map (profile:, datasets:...)");
	if ((e = cpol__rnode_get(f->root, "extends"))) {
		if (e->value->kind != CPOL__RN_SCALAR)
			return entry_err(f, e, "extends: expected a profile name");
		if (depth >= MAX_EXTENDS)
			return entry_err(f, e, "extends: more than 8 profiles deep (a loop?)");
		if ((rc = load_into(p, e->value->text, region, NULL, NULL, depth + 1)) < 0)
			return rc;
	}
	for (i = 0; i < f->root->n; i++) {
		const cpol__rentry *k = &f->root->entries[i];
		const cpol__rnode *v = k->value;
		if (strcmp(k->key, "profile") == 0) {
			if (v->kind != CPOL__RN_SCALAR)
				return entry_err(f, k, "profile: expected the profile's name");
			free(p->name);
			if (!(p->name = cpol__strdup(v->text)))
				return cpol__error_oom();
		} else if (strcmp(k->key, "max_suppression") == 0) {
			char *end;
			double x = v->kind == CPOL__RN_SCALAR ? strtod(v->text, &end) : -1;
			if (v->kind != CPOL__RN_SCALAR || *end || x < 0 || x > 1)
				return node_err(v, k->key, "max_suppression: expected a share of rows from 0 to 1, "
				                "such as 0.05");
			p->max_suppression = x;
		} else if (strcmp(k->key, "min_k") == 0) {
			char *end;
			long x = v->kind == CPOL__RN_SCALAR ? strtol(v->text, &end, 10) : -1;
			if (v->kind != CPOL__RN_SCALAR || *end || x < 0 || x > 1000000)
				return node_err(v, k->key, "min_k: expected a whole number of households");
			p->min_k = (int)x;
		} else if (strcmp(k->key, "datasets") == 0) {
			size_t j;
			if (v->kind != CPOL__RN_MAP)
				return entry_err(f, k, "datasets: expected a map of dataset: {columns, "
				                 "quasi_identifiers}");
			for (j = 0; j < v->n; j++)
				if ((rc = apply_dataset(p, f, &v->entries[j])) < 0)
					return rc;
		} else if (strcmp(k->key, "description") != 0 && strcmp(k->key, "extends") != 0) {
			return entry_err(f, k, "unknown key '%s' (profile, description, extends, "
			                 "max_suppression, min_k, datasets)", k->key);
		}
	}
	if (!cpol__rnode_get(f->root, "profile"))
		return cpol__error_set_at(CPOL_EINVAL, f->name, f->root->line, f->root->column, "profile",
		                          "missing required key 'profile' (the profile's name)");
	/* The hash covers the chain: the parent's hash, then this text. */
	sha256_init(&ctx);
	if (depth < MAX_EXTENDS && p->hash[0])
		sha256_update(&ctx, 64, (const uint8_t *)p->hash);
	sha256_update(&ctx, len, (const uint8_t *)data);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
	cpol__hex(p->hash, digest, SHA256_DIGEST_SIZE);
	return 0;
}

static int load_into(cpol_export_profile *p, const char *name_or_file, const char *region,
                     const char *text, const char *text_name, int depth)
{
	char *path = NULL, *data = NULL;
	size_t len = 0;
	int rc;

	if (text)
		return apply_text(p, text, strlen(text), text_name ? text_name : "<string>", region, depth);
	if (!name_or_file)
		name_or_file = "research";
	if (is_name(name_or_file)) {
		rc = find_profile(&path, name_or_file, region);
		if (rc == CPOL_ENOTFOUND && strcmp(name_or_file, "research") == 0) {
			const cpol__embedded_file *e = cpol__embedded_find(RESEARCH_EMBEDDED);
			if (e)
				return apply_text(p, e->data, e->size, "<built-in>/research.yaml", region, depth);
		}
		if (rc < 0)
			return rc;
		name_or_file = path;
	}
	if ((rc = cpol__read_file(&data, &len, name_or_file)) == 0)
		rc = apply_text(p, data, len, name_or_file, region, depth);
	free(data);
	free(path);
	return rc;
}

static int load(cpol_export_profile **out, const char *name_or_file, const char *region,
                const char *text, const char *text_name)
{
	cpol_export_profile *p;
	int rc;

	*out = NULL;
	if (!(p = calloc(1, sizeof(*p))) ||
	    !(p->ds = calloc(cpol__export_dataset_count, sizeof(*p->ds)))) {
		free(p);
		return cpol__error_oom();
	}
	p->max_suppression = 0.05;
	if ((rc = load_into(p, name_or_file, region, text, text_name, 0)) < 0 ||
	    (rc = check_quasi_identifiers(p)) < 0) {
		cpol_export_profile_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

int cpol_export_profile_load(cpol_export_profile **out, const char *name_or_file, const char *region)
{
	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_export_profile_load: out is NULL");
	return load(out, name_or_file, region, NULL, NULL);
}

int cpol_export_profile_load_string(cpol_export_profile **out, const char *yaml, const char *file_name)
{
	if (!out || !yaml)
		return cpol__error_set(CPOL_EINVAL, "cpol_export_profile_load_string: out or yaml is NULL");
	return load(out, NULL, NULL, yaml, file_name);
}

const char *cpol_export_profile_name(const cpol_export_profile *p)
{
	return p ? p->name : NULL;
}

const char *cpol_export_profile_hash(const cpol_export_profile *p)
{
	return p ? p->hash : NULL;
}

void cpol_export_profile_free(cpol_export_profile *p)
{
	if (!p)
		return;
	cpol__arena_free(&p->arena);
	free(p->name);
	free(p->ds);
	free(p);
}
