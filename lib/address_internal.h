/*
 * libcommpolice — address helpers shared with the population and import
 * modules. Not installed.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_ADDRESS_INTERNAL_H
#define CPOL_ADDRESS_INTERNAL_H

#include "internal.h"

/*
 * The last path resolved by cpol__address_ensure_cached(): a bulk import
 * reads addresses in runs (a building's rooms one after another), so the
 * chain of the previous row usually answers most levels without a query.
 * Zero-initialise; free with cpol__address_cache_free().
 */
typedef struct cpol__address_cache {
	cpol_id community_id;
	char *names[4];   /* street, building, unit, room as last given ("" when skipped) */
	cpol_id ids[4];   /* their ids (0 when skipped) */
	int levels[4];    /* their levels (cpol_address_level; 0 when skipped) */
	int valid;
} cpol__address_cache;

void cpol__address_cache_free(cpol__address_cache *cache);

/*
 * cpol_address_ensure() with a cache; *created counts nodes added. No
 * transaction of its own: the caller has one open.
 */
int cpol__address_ensure_cached(cpol_db *db, cpol__address_cache *cache, cpol_id community_id,
                                const cpol_address_path *path, cpol_id *out, int *created);

/*
 * The live house on a live address of community_id (the caller has just
 * found or added the address there), or a new one (use residential, status
 * self). *created set to 0/1. address_is_new: the caller has just added the
 * address (cpol__address_ensure_cached() counted it), so no house can stand
 * on it yet and none is looked for. No transaction of its own.
 */
int cpol__house_ensure(cpol_db *db, cpol_id address_id, cpol_id community_id, int address_is_new,
                       cpol_id *house_id, int *created);

/* Community of a live house; CPOL_ENOTFOUND naming field. */
int cpol__house_community(cpol_db *db, cpol_id house_id, cpol_id *community_id, const char *field);

/* Full formatted address of a node into buf (appended). */
int cpol__address_format_into(cpol_db *db, cpol_id id, cpol__buf *buf);

/* Names of levels and uses, for import headers and messages. */
const char *cpol__address_level_name(cpol_address_level level);
int cpol__house_use_parse(const char *text, cpol_house_use *out);
int cpol__house_status_parse(const char *text, cpol_house_status *out);
const char *cpol__house_use_name(cpol_house_use use);
const char *cpol__house_status_name(cpol_house_status status);

#endif
