/*
 * libcommpolice — rules: declarations shared by lib/rules*.c. Not installed.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_RULES_INTERNAL_H
#define CPOL_RULES_INTERNAL_H

#include "internal.h"

/* ------------------------------------------------------------------- arena */

/*
 * Everything a rule set owns lives in one arena: nodes, strings, refs and
 * the typed arrays. Freeing the rule set (or giving up half-way through a
 * load) is one call, so a failed load cannot leak or leave a half-valid
 * rule set behind.
 */
typedef struct cpol__arena_chunk cpol__arena_chunk;
typedef struct cpol__arena {
	cpol__arena_chunk *head;
} cpol__arena;

/* Zeroed memory; NULL (and the thread's error set) when out of memory. */
void *cpol__arena_alloc(cpol__arena *a, size_t size);
char *cpol__arena_strndup(cpol__arena *a, const char *s, size_t n);
char *cpol__arena_strdup(cpol__arena *a, const char *s);
char *cpol__arena_printf(cpol__arena *a, const char *fmt, ...) CPOL__PRINTF(2, 3);
void cpol__arena_free(cpol__arena *a);

/* ------------------------------------------------------------------- nodes */

/* A file of the chain. */
typedef struct cpol__rfile {
	const char *name;    /* path, "<built-in>/national.yaml" or the string's name */
	const char *dir;     /* directory of a file on disk, or NULL */
	const char *region;  /* its `region:` */
	struct cpol__rnode *root;
} cpol__rfile;

typedef enum {
	CPOL__RN_NULL = 0,
	CPOL__RN_SCALAR,
	CPOL__RN_MAP,
	CPOL__RN_LIST
} cpol__rn_kind;

#define CPOL__RN_QUOTED 0x1u /* scalar was quoted or a block: always text */
#define CPOL__RN_EXTEND 0x2u /* list carries the !extend tag */
#define CPOL__RN_INLINE 0x4u /* '...' or "...": the text starts one column after the node */
#define CPOL__RN_DATED 0x8u  /* merged dated value: see cpol__rnode_is_dated() */

typedef struct cpol__rnode cpol__rnode;

typedef struct cpol__rentry {
	const char *key;
	int line, column;
	cpol__rnode *value;
} cpol__rentry;

struct cpol__rnode {
	cpol__rn_kind kind;
	unsigned flags;
	int line, column;            /* 1-based */
	const cpol__rfile *file;
	const char *text;            /* scalar text, NUL-terminated */
	size_t len;
	size_t n;                    /* map entries or list elements */
	cpol__rentry *entries;       /* map */
	cpol__rnode **elems;         /* list */

	/* Set by validation. */
	cpol_rule_type type;         /* what the schema made of it */
	union {
		int64_t i;
		double d;
		cpol_duration du;
		cpol_cadence ca;
		cpol_date date;
	} v;
	const char *canon;           /* canonical text of a scalar (and WEEKDAYS) */
	const char *id;              /* list element: its id/code, or NULL */
	cpol_rule_ref ref;           /* its origin; ref.key set by the final pass */
	const struct cpol__rnode *fallback; /* CPOL__RN_DATED: the inherited value, or NULL */
};

/* Depth limit of YAML nesting: rule files are shallow, and the limit keeps
 * a hostile file from exhausting the stack. */
#define CPOL__RULES_MAX_DEPTH 32

/* Longest chain of `extends:`. */
#define CPOL__RULES_MAX_CHAIN 16

/*
 * Parse YAML text into a node tree allocated in a. On error sets the
 * thread's error with file:line:column and returns CPOL_EPARSE (syntax) or
 * CPOL_ERULES (YAML features the rules do not allow).
 */
int cpol__rules_parse(cpol__rnode **out, cpol__arena *a, const cpol__rfile *file,
                      const char *data, size_t len);

/* The map entry named key, or NULL. */
cpol__rentry *cpol__rnode_get(const cpol__rnode *map, const char *key);

/*
 * A dated value (docs/rules.md "Values that change over time"): a list of
 * maps, each with `value:` and `from:` and/or `until:` and no other key.
 */
int cpol__rnode_is_dated(const cpol__rnode *n);
/* The [from, until] of one element of a dated value (open ends: the
 * extreme dates); -1 when a date does not parse (checked at load). */
int cpol__dated_range(cpol_date *from, cpol_date *until, const cpol__rnode *el);

/* ------------------------------------------------------------------ schema */

/* Validate one file's tree before merging: keys, types, ranges; sets the
 * typed values of its scalars. Required keys are not checked. */
int cpol__rules_check_file(cpol__arena *a, cpol__rnode *root);

/* Validate the merged tree and fill the typed sections of rules. */
struct cpol_rules;
int cpol__rules_check_merged(struct cpol_rules *rules);

/* Type a scalar by a type from cpol_rule_type; for tests' `expect`. */
int cpol__rules_type_scalar(cpol__arena *a, cpol__rnode *node, cpol_rule_type type,
                            const char *path);

/* Check the tests: of a file: each check's inputs and the type of expect. */
int cpol__rules_validate_tests(cpol__arena *a, cpol__rnode *tests);

/* Parsers behind the public ones, giving the reason instead of setting the
 * thread's error (the caller knows the location). */
int cpol__duration_parse_text(cpol_duration *out, const char *text, const char **why);
int cpol__cadence_parse_text(cpol_cadence *out, const char *text, const char **why);
/* ISO weekday 1-7 of "wed", "Wednesday", "3", "周三", "星期三"; -1 if none. */
int cpol__weekday_parse(const char *text);
/* "", "mon", ..., "sun" */
extern const char *const cpol__weekday_names[8];

/* Edit distance between two keys, for "did you mean". */
size_t cpol__edit_distance(const char *a, const char *b);

/* ---------------------------------------------------------------- rule set */

struct cpol_rules {
	/* References (cpol_rules_ref()); 1 when loaded, freed at 0. Changed with
	 * atomic builtins: the rest of the object is immutable and shared. */
	int refs;
	cpol__arena arena;
	cpol__rfile *chain[CPOL__RULES_MAX_CHAIN]; /* 0 = the loaded file */
	size_t chain_len;
	cpol__rnode *root;            /* merged tree, dated values resolved on `on` */
	cpol__rnode *dated_root;      /* merged tree with its dated values, or NULL when none */
	cpol_date on;                 /* the day dated values were resolved for */
	struct cpol_rules *base;      /* cpol_rules_at(): the rules resolved (a reference), or NULL */
	cpol__rnode *tests;           /* the loaded file's tests: list, or NULL */
	const char *region;
	const char *name;
	char hash[65];

	cpol_rules_staffing staffing;
	cpol_rules_population population;
	cpol_rules_visits visits;
	cpol_rules_places places;
	cpol_rules_obligations obligations;
	cpol_rules_duty duty;
	cpol_rules_calendar calendar;
	cpol_rules_assessment assessment;
};

/* Points deduction d of item it takes for value (shortfall as computed by
 * cpol_item_score_compute()), before caps. */
double cpol__deduction_of(const cpol_rules_item *it, const cpol_rules_deduction *d,
                          double value, double shortfall);

/* Canonical JSON of the merged tree into b (see cpol_rules_canonical()). */
int cpol__rules_canonical(cpol__buf *b, const cpol__rnode *root);

/* The node at a key path, or NULL with CPOL_ENOTFOUND / CPOL_EINVAL set. */
int cpol__rules_lookup(const cpol__rnode **out, const struct cpol_rules *rules,
                       const char *key);

/* Fill the calendar's notice years and its computed days (rules_holidays.c). */
int cpol__rules_calendar_compute(struct cpol_rules *rules);
/* Does the calendar list the year (a notice)? */
int cpol__rules_year_has_notice(const cpol_rules_calendar *cal, int year);

/*
 * Move a due day off days off by the calendar's rules: forward
 * (deadline_on_holiday) to the first working day on or after d, or back
 * (period_end_on_holiday) to the last working day in [floor, d]. 0, or
 * CPOL_ENOTFOUND (no error set) when moving back finds no working day
 * there or d < floor; *out is d then. provisional (may be NULL) is or-ed
 * with the calendar's answer for each day looked at.
 */
int cpol__rules_move_forward(cpol_date *out, int *provisional, const cpol_rules *rules,
                             cpol_date d);
int cpol__rules_move_back(cpol_date *out, int *provisional, const cpol_rules *rules,
                          cpol_date d, cpol_date floor);

/* Date bounds the calendar arithmetic accepts: 0001-01-01 .. 9999-12-31. */
#define CPOL__DATE_MIN (-719162)
#define CPOL__DATE_MAX 2932896

#endif
