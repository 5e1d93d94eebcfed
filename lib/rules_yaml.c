/*
 * libcommpolice — rules: the arena and the YAML reader.
 *
 * The reader uses libyaml's event API and builds a small tree of maps,
 * lists and scalars, each node keeping its line and column so that every
 * later error and every rule reference can say where a value was written.
 * It does not resolve YAML types: the schema decides what a scalar means.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "rules_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ------------------------------------------------------------------- arena */

struct cpol__arena_chunk {
	cpol__arena_chunk *next;
	size_t used, cap;
	max_align_t data[];
};

#define ARENA_CHUNK 16384

void *cpol__arena_alloc(cpol__arena *a, size_t size)
{
	cpol__arena_chunk *c = a->head;
	size_t align = sizeof(max_align_t);
	void *p;

	size = (size + align - 1) / align * align;
	if (size == 0)
		size = align;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;
		c = malloc(sizeof(*c) + cap);
		if (!c) {
			cpol__error_oom();
			return NULL;
		}
		c->used = 0;
		c->cap = cap;
		c->next = a->head;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

char *cpol__arena_strndup(cpol__arena *a, const char *s, size_t n)
{
	char *p = cpol__arena_alloc(a, n + 1);
	if (p && n)
		memcpy(p, s, n);
	return p;
}

char *cpol__arena_strdup(cpol__arena *a, const char *s)
{
	return cpol__arena_strndup(a, s, strlen(s));
}

char *cpol__arena_printf(cpol__arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = cpol__arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void cpol__arena_free(cpol__arena *a)
{
	cpol__arena_chunk *c = a->head, *next;
	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}

/* ------------------------------------------------------------------ reader */

typedef struct reader {
	yaml_parser_t parser;
	cpol__arena *arena;
	const cpol__rfile *file;
	const char *data;  /* the bytes read, for the place of a reader error */
	size_t len;
} reader;

/*
 * libyaml reports a reader error (bytes that are not UTF-8, a control
 * character such as NUL) with a byte offset and leaves problem_mark unset:
 * count the lines and characters up to the offset ourselves.
 */
static void offset_place(const reader *r, size_t offset, int *line, int *column)
{
	size_t i, end = offset < r->len ? offset : r->len;
	*line = 1;
	*column = 1;
	for (i = 0; i < end; i++) {
		unsigned char c = (unsigned char)r->data[i];
		if (c == '\n' || (c == '\r' && (i + 1 >= r->len || r->data[i + 1] != '\n'))) {
			(*line)++;
			*column = 1;
		} else if (c != '\r' && (c & 0xC0) != 0x80) {
			(*column)++; /* a character starts here (UTF-8 continuation bytes do not count) */
		}
	}
}

static int reader_error(const reader *r)
{
	const yaml_parser_t *p = &r->parser;
	size_t at = p->problem_offset;
	unsigned value = (unsigned)p->problem_value & 0xFF;
	int line, column;

	/* A bad trailing byte is reported at itself: name the sequence's first byte. */
	if (p->problem && strstr(p->problem, "trailing") && at > 0 && at <= r->len) {
		at--;
		while (at > 0 && ((unsigned char)r->data[at] & 0xC0) == 0x80)
			at--;
		value = (unsigned char)r->data[at];
	}
	offset_place(r, at, &line, &column);
	if (p->problem_value == 0 && p->problem_offset < r->len && r->data[p->problem_offset] == '\0')
		return cpol__error_set_at(CPOL_EPARSE, r->file->name, line, column, NULL,
		                          "a NUL byte (byte %zu): a rule file is UTF-8 text",
		                          p->problem_offset);
	return cpol__error_set_at(CPOL_EPARSE, r->file->name, line, column, NULL,
	                          "not UTF-8 text: byte 0x%02X at byte %zu (%s); save the file "
	                          "as UTF-8 (a GBK or GB18030 file must be converted)",
	                          value, at,
	                          p->problem ? p->problem : "invalid byte");
}

static int err_at(const reader *r, const yaml_mark_t *m, int code, const char *fmt, ...)
	CPOL__PRINTF(4, 5);

static int err_at(const reader *r, const yaml_mark_t *m, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cpol__error_vset_at(code, r->file->name, (int)m->line + 1, (int)m->column + 1, NULL,
	                    fmt, ap);
	va_end(ap);
	return code;
}

static int next_event(reader *r, yaml_event_t *ev)
{
	if (yaml_parser_parse(&r->parser, ev))
		return 0;
	{
		const yaml_parser_t *p = &r->parser;
		const char *problem = p->problem ? p->problem : "YAML syntax error";
		if (p->error == YAML_MEMORY_ERROR)
			return cpol__error_oom();
		if (p->error == YAML_READER_ERROR)
			return reader_error(r);
		if (p->context)
			return cpol__error_set_at(CPOL_EPARSE, r->file->name,
			                          (int)p->problem_mark.line + 1,
			                          (int)p->problem_mark.column + 1, NULL,
			                          "%s %s", p->problem, p->context);
		return cpol__error_set_at(CPOL_EPARSE, r->file->name,
		                          (int)p->problem_mark.line + 1,
		                          (int)p->problem_mark.column + 1, NULL, "%s", problem);
	}
}

static cpol__rnode *new_node(reader *r, cpol__rn_kind kind, const yaml_mark_t *m)
{
	cpol__rnode *n = cpol__arena_alloc(r->arena, sizeof(*n));
	if (!n)
		return NULL;
	n->kind = kind;
	n->line = (int)m->line + 1;
	n->column = (int)m->column + 1;
	n->file = r->file;
	return n;
}

/* Tags and anchors: only `!extend` on a list is part of the rules language. */
static int check_tag(reader *r, const yaml_event_t *ev, const yaml_char_t *tag,
                     const yaml_char_t *anchor, int is_list, unsigned *flags)
{
	if (anchor)
		return err_at(r, &ev->start_mark, CPOL_ERULES,
		              "anchors and aliases (&%s) are not supported in rule files",
		              (const char *)anchor);
	if (!tag)
		return 0;
	if (strcmp((const char *)tag, "!extend") == 0) {
		if (!is_list)
			return err_at(r, &ev->start_mark, CPOL_ERULES,
			              "%s applies to lists only; maps always merge key by key",
			              "!extend");
		*flags |= CPOL__RN_EXTEND;
		return 0;
	}
	if (strcmp((const char *)tag, YAML_STR_TAG) == 0 && !is_list) {
		*flags |= CPOL__RN_QUOTED;
		return 0;
	}
	return err_at(r, &ev->start_mark, CPOL_ERULES,
	              "unknown tag '%s' (the only tag rule files use is !extend)",
	              (const char *)tag);
}

static int is_null_text(const char *s, size_t len)
{
	return len == 0 || (len == 1 && s[0] == '~') ||
	       (len == 4 && (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) ||
	                     !memcmp(s, "NULL", 4)));
}

static int read_node(reader *r, yaml_event_t *ev, cpol__rnode **out, int depth);

static int read_scalar(reader *r, yaml_event_t *ev, cpol__rnode **out)
{
	const char *text = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	unsigned flags = 0;
	cpol__rnode *n;
	int rc;

	if ((rc = check_tag(r, ev, ev->data.scalar.tag, ev->data.scalar.anchor, 0, &flags)) < 0)
		return rc;
	if (memchr(text, '\0', len))
		return err_at(r, &ev->start_mark, CPOL_ERULES, "%s",
		              "text contains a NUL character");
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		flags |= CPOL__RN_QUOTED;
	if (ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
		flags |= CPOL__RN_INLINE;
	if (!(flags & CPOL__RN_QUOTED) && is_null_text(text, len))
		n = new_node(r, CPOL__RN_NULL, &ev->start_mark);
	else
		n = new_node(r, CPOL__RN_SCALAR, &ev->start_mark);
	if (!n)
		return CPOL_ENOMEM;
	n->flags = flags;
	n->text = cpol__arena_strndup(r->arena, text, len);
	n->len = len;
	if (!n->text)
		return CPOL_ENOMEM;
	*out = n;
	return 0;
}

static int grow(reader *r, void **arr, size_t n, size_t *cap, size_t elem)
{
	void *p;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	p = cpol__arena_alloc(r->arena, ncap * elem);
	if (!p)
		return CPOL_ENOMEM;
	if (n)
		memcpy(p, *arr, n * elem);
	*arr = p;
	*cap = ncap;
	return 0;
}

static int read_list(reader *r, yaml_event_t *start, cpol__rnode **out, int depth)
{
	cpol__rnode *n;
	size_t cap = 0;
	unsigned flags = 0;
	yaml_event_t ev;
	int rc;

	if ((rc = check_tag(r, start, start->data.sequence_start.tag,
	                    start->data.sequence_start.anchor, 1, &flags)) < 0)
		return rc;
	if (!(n = new_node(r, CPOL__RN_LIST, &start->start_mark)))
		return CPOL_ENOMEM;
	n->flags = flags;
	for (;;) {
		cpol__rnode *child = NULL;
		if ((rc = next_event(r, &ev)) < 0)
			return rc;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		rc = read_node(r, &ev, &child, depth + 1);
		yaml_event_delete(&ev);
		if (rc < 0)
			return rc;
		if ((rc = grow(r, (void **)&n->elems, n->n, &cap, sizeof(*n->elems))) < 0)
			return rc;
		n->elems[n->n++] = child;
	}
	*out = n;
	return 0;
}

static int read_key(reader *r, yaml_event_t *ev, cpol__rnode *map, cpol__rentry *e)
{
	size_t i;

	if (ev->type != YAML_SCALAR_EVENT)
		return err_at(r, &ev->start_mark, CPOL_ERULES, "%s",
		              "a key must be plain text, not a list or a map");
	if (ev->data.scalar.anchor)
		return err_at(r, &ev->start_mark, CPOL_ERULES,
		              "anchors and aliases (&%s) are not supported in rule files",
		              (const char *)ev->data.scalar.anchor);
	if (ev->data.scalar.length == 0 ||
	    memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
		return err_at(r, &ev->start_mark, CPOL_ERULES, "%s", "empty key");
	e->key = cpol__arena_strndup(r->arena, (const char *)ev->data.scalar.value,
	                             ev->data.scalar.length);
	if (!e->key)
		return CPOL_ENOMEM;
	e->line = (int)ev->start_mark.line + 1;
	e->column = (int)ev->start_mark.column + 1;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->entries[i].key, e->key) == 0)
			return cpol__error_set_at(CPOL_ERULES, r->file->name, e->line, e->column,
			                          e->key, "duplicate key '%s' (first at line %d)",
			                          e->key, map->entries[i].line);
	return 0;
}

static int read_map(reader *r, yaml_event_t *start, cpol__rnode **out, int depth)
{
	cpol__rnode *n;
	size_t cap = 0;
	unsigned flags = 0;
	yaml_event_t ev;
	int rc;

	if ((rc = check_tag(r, start, start->data.mapping_start.tag,
	                    start->data.mapping_start.anchor, 0, &flags)) < 0)
		return rc;
	if (!(n = new_node(r, CPOL__RN_MAP, &start->start_mark)))
		return CPOL_ENOMEM;
	for (;;) {
		cpol__rentry e = { 0 };
		if ((rc = next_event(r, &ev)) < 0)
			return rc;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		rc = read_key(r, &ev, n, &e);
		yaml_event_delete(&ev);
		if (rc < 0)
			return rc;
		if ((rc = next_event(r, &ev)) < 0)
			return rc;
		rc = read_node(r, &ev, &e.value, depth + 1);
		yaml_event_delete(&ev);
		if (rc < 0)
			return rc;
		if ((rc = grow(r, (void **)&n->entries, n->n, &cap, sizeof(*n->entries))) < 0)
			return rc;
		n->entries[n->n++] = e;
	}
	*out = n;
	return 0;
}

static int read_node(reader *r, yaml_event_t *ev, cpol__rnode **out, int depth)
{
	if (depth > CPOL__RULES_MAX_DEPTH)
		return err_at(r, &ev->start_mark, CPOL_ERULES,
		              "nesting deeper than %d levels", CPOL__RULES_MAX_DEPTH);
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return read_scalar(r, ev, out);
	case YAML_SEQUENCE_START_EVENT:
		return read_list(r, ev, out, depth);
	case YAML_MAPPING_START_EVENT:
		return read_map(r, ev, out, depth);
	case YAML_ALIAS_EVENT:
		return err_at(r, &ev->start_mark, CPOL_ERULES,
		              "anchors and aliases (*%s) are not supported in rule files",
		              (const char *)ev->data.alias.anchor);
	default:
		return err_at(r, &ev->start_mark, CPOL_EPARSE, "%s", "unexpected YAML event");
	}
}

/* Expect an event of a type; anything else is reported with what. */
static int expect_event(reader *r, yaml_event_type_t type, const char *what)
{
	yaml_event_t ev;
	int rc = next_event(r, &ev);
	if (rc < 0)
		return rc;
	if (ev.type != type) {
		rc = err_at(r, &ev.start_mark, CPOL_ERULES, "%s", what);
		yaml_event_delete(&ev);
		return rc;
	}
	yaml_event_delete(&ev);
	return 0;
}

static int read_document(reader *r, cpol__rnode **out)
{
	yaml_event_t ev;
	int rc;

	if ((rc = expect_event(r, YAML_STREAM_START_EVENT, "not a YAML stream")) < 0)
		return rc;
	if ((rc = next_event(r, &ev)) < 0)
		return rc;
	if (ev.type != YAML_DOCUMENT_START_EVENT) {
		rc = err_at(r, &ev.start_mark, CPOL_ERULES, "%s",
		            "the file is empty: a rule file is a map that starts with region:");
		yaml_event_delete(&ev);
		return rc;
	}
	yaml_event_delete(&ev);
	if ((rc = next_event(r, &ev)) < 0)
		return rc;
	rc = read_node(r, &ev, out, 1);
	if (rc == 0 && (*out)->kind != CPOL__RN_MAP)
		rc = err_at(r, &ev.start_mark, CPOL_ERULES, "%s",
		            "a rule file is a map of keys (region:, staffing:, ...)");
	yaml_event_delete(&ev);
	if (rc < 0)
		return rc;
	if ((rc = expect_event(r, YAML_DOCUMENT_END_EVENT, "expected the end of the document")) < 0)
		return rc;
	return expect_event(r, YAML_STREAM_END_EVENT,
	                    "a rule file holds one YAML document, not several");
}

int cpol__rules_parse(cpol__rnode **out, cpol__arena *a, const cpol__rfile *file,
                      const char *data, size_t len)
{
	reader r;
	int rc;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.arena = a;
	r.file = file;
	r.data = data;
	r.len = len;
	if (!yaml_parser_initialize(&r.parser))
		return cpol__error_oom();
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
	rc = read_document(&r, out);
	yaml_parser_delete(&r.parser);
	if (rc < 0)
		*out = NULL;
	return rc;
}

static int dated_element(const cpol__rnode *el)
{
	size_t i;
	int value = 0, date = 0;

	if (el->kind != CPOL__RN_MAP)
		return 0;
	for (i = 0; i < el->n; i++) {
		const char *k = el->entries[i].key;
		if (strcmp(k, "value") == 0)
			value = 1;
		else if (strcmp(k, "from") == 0 || strcmp(k, "until") == 0)
			date = 1;
		else
			return 0;
	}
	return value && date;
}

int cpol__rnode_is_dated(const cpol__rnode *n)
{
	size_t i;

	if (n->flags & CPOL__RN_DATED)
		return 1;
	if (n->kind != CPOL__RN_LIST || n->n == 0)
		return 0;
	for (i = 0; i < n->n; i++)
		if (!dated_element(n->elems[i]))
			return 0;
	return 1;
}

int cpol__dated_range(cpol_date *from, cpol_date *until, const cpol__rnode *el)
{
	cpol__rentry *f = cpol__rnode_get(el, "from"), *u = cpol__rnode_get(el, "until");

	*from = INT32_MIN;
	*until = INT32_MAX;
	if (f && (f->value->kind != CPOL__RN_SCALAR || cpol_date_parse(from, f->value->text) < 0))
		return -1;
	if (u && (u->value->kind != CPOL__RN_SCALAR || cpol_date_parse(until, u->value->text) < 0))
		return -1;
	return 0;
}

cpol__rentry *cpol__rnode_get(const cpol__rnode *map, const char *key)
{
	size_t i;
	if (!map || map->kind != CPOL__RN_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->entries[i].key, key) == 0)
			return &map->entries[i];
	return NULL;
}
