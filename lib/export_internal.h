/*
 * libcommpolice — export: declarations shared by lib/export*.c. Not installed.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_EXPORT_INTERNAL_H
#define CPOL_EXPORT_INTERNAL_H

#include "internal.h"
#include "rules_internal.h"

/* What a column holds: decides the default operator, which operators
 * apply and its generalisation ladder. */
typedef enum cpol__ekind {
	CPOL__EK_KEY,      /* the row's own record id (entity) */
	CPOL__EK_REF,      /* a record id of another table (entity) */
	CPOL__EK_IDNUM,    /* 身份证号 / passport number */
	CPOL__EK_NAME,     /* a person's name */
	CPOL__EK_PHONE,    /* a phone number */
	CPOL__EK_TEXT,     /* free text: may name anyone */
	CPOL__EK_ADDRESS,  /* an address below the community */
	CPOL__EK_DATE,     /* the date of an event */
	CPOL__EK_BIRTH,    /* a birth date */
	CPOL__EK_CODE,     /* a category word (sex, kind, type) */
	CPOL__EK_PLACE,    /* a community, station or office name */
	CPOL__EK_NUM,      /* a number */
	CPOL__EK_COUNT     /* an aggregate count: cells under 5 are suppressed */
} cpol__ekind;

typedef struct cpol__export_col {
	const char *name;
	cpol__ekind kind;
	const char *entity;   /* KEY/REF: the table, also the pseudonym's domain */
	int up1, up2;         /* SQL columns holding the next coarser values, or -1 */
	const char *doc;      /* one line for --list and docs */
} cpol__export_col;

#define CPOL__EXPORT_MAX_COLS 32

typedef struct cpol__export_dataset {
	const char *name;
	const char *description;
	const char *sql;            /* ?1 office id, ?2 first day, ?3 last day (NULL: none) */
	const cpol__export_col *cols;
	int ncols;                  /* SQL columns 0..ncols-1 are the dataset's columns */
	int household;              /* SQL column of the household (k counts these), or -1 */
	int dated;                  /* takes a date range */
} cpol__export_dataset;

extern const cpol__export_dataset cpol__export_datasets_table[];
extern const size_t cpol__export_dataset_count;

/* The dataset's index, or -1. */
int cpol__export_dataset_find(const char *name);

/* Does the column identify a person unless the profile says otherwise? */
int cpol__export_col_identifying(const cpol__export_col *c);

/* Operators of a profile. */
typedef enum cpol__eop {
	CPOL__OP_DEFAULT = 0,   /* not named: drop if identifying, else keep */
	CPOL__OP_DROP,
	CPOL__OP_KEEP,
	CPOL__OP_MASK,
	CPOL__OP_PSEUDONYM,
	CPOL__OP_GENERALISE
} cpol__eop;

/* Number of rungs of a column's generalisation ladder above the value
 * itself; the top rung is "*". */
int cpol__export_ladder_top(const cpol__export_col *c);
/* Name of rung `level` (1..top-1), or NULL. */
const char *cpol__export_level_name(const cpol__export_col *c, int level);

typedef struct cpol__profile_col {
	cpol__eop op;
	int level;                     /* GENERALISE: the rung */
	const char *file;              /* where it was said, for messages */
	int line, column;
} cpol__profile_col;

typedef struct cpol__profile_dataset {
	cpol__profile_col cols[CPOL__EXPORT_MAX_COLS];
	int qi[CPOL__EXPORT_MAX_COLS]; /* column indices */
	int nqi;
	const char *qi_file;           /* where the list was given */
	int qi_line[CPOL__EXPORT_MAX_COLS], qi_column[CPOL__EXPORT_MAX_COLS];
} cpol__profile_dataset;

struct cpol_export_profile {
	char *name;
	char *file;
	char hash[65];
	double max_suppression;        /* share of rows whose quasi-identifiers may be suppressed */
	int min_k;                     /* default min_k of exports under the profile */
	cpol__profile_dataset *ds;     /* one per dataset of the table */
	cpol__arena arena;             /* the parsed files, for the places named in messages */
};

#endif
