/*
 * libcommpolice — the standard address tree, houses and rental registrations.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "org_internal.h"
#include "address_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- names */

static const char *const level_words[] = { NULL, "street", "building", "unit", "room" };
/* Suffix a bare number gets at each level: 12 → 12号, 2 → 2单元, 301 → 301室. */
static const char *const level_suffix[] = { NULL, NULL, "号", "单元", "室" };

const char *cpol__address_level_name(cpol_address_level level)
{
	return level >= CPOL_ADDR_STREET && level <= CPOL_ADDR_ROOM ? level_words[level] : "?";
}

static cpol_address_level level_parse(const char *text)
{
	int i;
	for (i = CPOL_ADDR_STREET; text && i <= CPOL_ADDR_ROOM; i++)
		if (strcmp(text, level_words[i]) == 0)
			return (cpol_address_level)i;
	return (cpol_address_level)0;
}

static const char *const use_words[] = { NULL, "residential", "commercial", "mixed", "dormitory", "other" };
static const char *const use_zh[] = { NULL, "住宅", "商铺", "商住两用", "集体宿舍", "其他" };
static const char *const status_words[] = { NULL, "self", "rented", "vacant", "lent" };
static const char *const status_zh[] = { NULL, "自住", "出租", "空置", "借住" };

const char *cpol__house_use_name(cpol_house_use use)
{
	return use >= CPOL_HOUSE_RESIDENTIAL && use <= CPOL_HOUSE_OTHER ? use_words[use] : NULL;
}

const char *cpol__house_status_name(cpol_house_status status)
{
	return status >= CPOL_HOUSE_SELF && status <= CPOL_HOUSE_LENT ? status_words[status] : NULL;
}

/* The English word or the Chinese term of a spreadsheet. */
int cpol__house_use_parse(const char *text, cpol_house_use *out)
{
	int i;
	for (i = 1; i <= CPOL_HOUSE_OTHER; i++)
		if (strcmp(text, use_words[i]) == 0 || strcmp(text, use_zh[i]) == 0) {
			*out = (cpol_house_use)i;
			return 0;
		}
	return CPOL_EINVAL;
}

int cpol__house_status_parse(const char *text, cpol_house_status *out)
{
	int i;
	for (i = 1; i <= CPOL_HOUSE_LENT; i++)
		if (strcmp(text, status_words[i]) == 0 || strcmp(text, status_zh[i]) == 0) {
			*out = (cpol_house_status)i;
			return 0;
		}
	return CPOL_EINVAL;
}

static int all_ascii_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* ------------------------------------------------------------- format */

static const char FORMAT_UP_SQL[] =
	"WITH RECURSIVE up(id, parent_id, level, name, depth) AS ("
	" SELECT id, parent_id, level, name, 0 FROM address WHERE id = ?1"
	" UNION ALL SELECT a.id, a.parent_id, a.level, a.name, up.depth + 1"
	" FROM address a JOIN up ON a.id = up.parent_id)"
	" SELECT level, name FROM up ORDER BY depth DESC";
static const char FORMAT_COMMUNITY_SQL[] =
	"SELECT c.area_prefix, c.name FROM address a JOIN community c ON c.id = a.community_id WHERE a.id = ?1";

int cpol__address_format_into(cpol_db *db, cpol_id id, cpol__buf *buf)
{
	cpol__stmt *st;
	int rc, n = 0;

	if ((rc = cpol__db_stmt(db, &st, FORMAT_COMMUNITY_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, id);
	rc = cpol__st_step(st);
	if (rc != CPOL__ROW) {
		cpol__st_reset(st);
		if (rc == CPOL__DONE)
			return cpol__error_set(CPOL_ENOTFOUND, "no address with id %lld", (long long)id);
		return cpol__db_error(db, rc, "formatting an address");
	}
	if (cpol__st_column_text(st, 0))
		cpol__buf_puts(buf, (const char *)cpol__st_column_text(st, 0));
	cpol__buf_puts(buf, (const char *)cpol__st_column_text(st, 1));
	cpol__st_reset(st);

	if ((rc = cpol__db_stmt(db, &st, FORMAT_UP_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_address_level level = level_parse((const char *)cpol__st_column_text(st, 0));
		const char *name = (const char *)cpol__st_column_text(st, 1);
		cpol__buf_puts(buf, name);
		if (level_suffix[level] && all_ascii_digits(name))
			cpol__buf_puts(buf, level_suffix[level]);
		n++;
	}
	cpol__st_reset(st);
	if (rc != CPOL__DONE)
		return cpol__db_error(db, rc, "formatting an address");
	return buf->oom ? CPOL_ENOMEM : 0;
}

int cpol_address_format(char **out, cpol_db *db, cpol_id id)
{
	cpol__buf buf = { 0 };
	int rc;

	*out = NULL;
	if ((rc = cpol__address_format_into(db, id, &buf)) < 0) {
		cpol__buf_free(&buf);
		return rc;
	}
	*out = cpol__buf_detach(&buf);
	return *out ? 0 : cpol__error_oom();
}

/* --------------------------------------------------------------- nodes */

static const char NODE_SQL[] =
	"SELECT community_id, level, path FROM address WHERE id = ?1 AND archived_at IS NULL";
static const char NODE_INSERT_SQL[] =
	"INSERT INTO address (community_id, parent_id, level, name, path) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char NODE_FIND_SQL[] =
	"SELECT id FROM address WHERE community_id = ?1 AND ifnull(parent_id, 0) = ?2 AND name = ?3"
	" AND archived_at IS NULL";
static const char NODE_FIND_LEVEL_SQL[] =
	"SELECT id, level FROM address WHERE community_id = ?1 AND ifnull(parent_id, 0) = ?2 AND name = ?3"
	" AND archived_at IS NULL";

/*
 * Insert a node whose parent is known to be valid: parent_id 0 (under a
 * live community) or a live node of the community, with the node's own
 * path (the parent's path and the parent's id). No transaction of its own.
 */
static int node_write(cpol_db *db, cpol_id community_id, cpol_id parent_id, const char *path,
                      cpol_address_level level, const char *name, cpol_id *out)
{
	cpol__stmt *st;
	cpol__value v[7];
	int k, rc;

	/* The row as written, in the table's column order (002_population.sql): bound from, and told to an import. */
	v[1] = cpol__v_int(community_id);
	v[2] = parent_id ? cpol__v_int(parent_id) : cpol__v_null();
	v[3] = cpol__v_text(cpol__address_level_name(level));
	v[4] = cpol__v_text(name);
	v[5] = cpol__v_text(path);
	v[6] = cpol__v_null(); /* archived_at */
	if ((rc = cpol__db_stmt_bind_all(db, &st, NODE_INSERT_SQL)) < 0)
		return rc;
	for (k = 1; k <= 5; k++) /* parameter ?k is column k */
		cpol__bind_value(st, k, &v[k]);
	if ((rc = cpol__org_step(db, st, "adding an address", "name")) < 0)
		return rc;
	*out = cpol__db_last_id(db);
	v[0] = cpol__v_int(*out);
	cpol__db_row_written(db, "address", *out, v, 7);
	return 0;
}

/* Add a node; no transaction of its own. */
static int node_insert(cpol_db *db, cpol_id community_id, cpol_id parent_id, cpol_address_level level,
                       const char *name, cpol_id *out)
{
	cpol__stmt *st;
	char *path = NULL;
	int rc;

	if (level < CPOL_ADDR_STREET || level > CPOL_ADDR_ROOM)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "level", "address: unknown level %d", (int)level);
	if ((rc = cpol__org_require_text(name, cpol__address_level_name(level), "address")) < 0)
		return rc;
	if (!parent_id) {
		if ((rc = cpol__org_check_live(db, CPOL_ORG_COMMUNITY, community_id, "community_id")) < 0)
			return rc;
		return node_write(db, community_id, 0, "/", level, name, out);
	}
	{
		int64_t pc;
		cpol_address_level plevel;

		if ((rc = cpol__db_stmt(db, &st, NODE_SQL)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, parent_id);
		rc = cpol__st_step(st);
		if (rc != CPOL__ROW) {
			cpol__st_reset(st);
			return rc == CPOL__DONE
				? cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "parent_id", "no live address with id %lld",
				                     (long long)parent_id)
				: cpol__db_error(db, rc, "reading an address");
		}
		pc = cpol__st_column_int64(st, 0);
		plevel = level_parse((const char *)cpol__st_column_text(st, 1));
		if (pc != community_id) {
			cpol__st_reset(st);
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "parent_id",
			                          "address %lld lies in community %lld, not %lld", (long long)parent_id,
			                          (long long)pc, (long long)community_id);
		}
		if (level <= plevel) {
			cpol__st_reset(st);
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "level",
			                          "address: a %s cannot lie under a %s", cpol__address_level_name(level),
			                          cpol__address_level_name(plevel));
		}
		{
			cpol__buf b = { 0 };
			cpol__buf_printf(&b, "%s%lld/", (const char *)cpol__st_column_text(st, 2), (long long)parent_id);
			path = cpol__buf_detach(&b);
		}
		cpol__st_reset(st);
		if (!path)
			return cpol__error_oom();
	}
	rc = node_write(db, community_id, parent_id, path, level, name, out);
	free(path);
	return rc;
}

int cpol_address_add(cpol_id *out, cpol_db *db, cpol_id community_id, cpol_id parent_id,
                     cpol_address_level level, const char *name)
{
	cpol_id id = 0;
	int rc;

	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = node_insert(db, community_id, parent_id, level, name, &id);
	if (rc == 0 && out)
		*out = id;
	return cpol__db_finish(db, rc);
}

int cpol_address_find(cpol_id *out, cpol_db *db, cpol_id community_id, cpol_id parent_id, const char *name)
{
	cpol__stmt *st;
	int64_t v = 0;
	int rc;

	*out = 0;
	if ((rc = cpol__org_require_text(name, "name", "address")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, NODE_FIND_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, community_id);
	cpol__st_bind_int64(st, 2, parent_id);
	cpol__bind_text(st, 3, name);
	rc = cpol__org_query_id(db, st, &v, "");
	if (rc == CPOL_ENOTFOUND)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "name", "no address '%s' there", name);
	*out = v;
	return rc;
}

void cpol__address_cache_free(cpol__address_cache *cache)
{
	int i;
	for (i = 0; i < 4; i++) {
		free(cache->names[i]);
		cache->names[i] = NULL;
		cache->ids[i] = 0;
		cache->levels[i] = 0;
	}
	cache->valid = 0;
}

/*
 * The path column of a node whose ancestors in the chain are ids[0..i-1]
 * (0: a skipped level), "/12/345/", into buf (at least CHAIN_PATH_MAX bytes:
 * three ids of at most 19 digits and their slashes).
 */
#define CHAIN_PATH_MAX 64
static void chain_path(char *buf, const cpol_id *ids, int i)
{
	size_t n = 0;
	int j;

	buf[n++] = '/';
	for (j = 0; j < i; j++) {
		char digits[24];
		int k = 0;
		uint64_t v = (uint64_t)ids[j];
		if (!ids[j])
			continue;
		do {
			digits[k++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		while (k > 0)
			buf[n++] = digits[--k];
		buf[n++] = '/';
	}
	buf[n] = '\0';
}

/*
 * Down the chain, each level is found (one indexed read, which also gives
 * the level of a node made by someone else) or added. Nothing is read back
 * that the chain already knows: a node's path is the ids of the chain above
 * it (a node never moves), the parent's level is known, the community was
 * checked by the caller; and below a node this call added there can be no
 * child to find. Every check of cpol_address_add() still holds: the level
 * below the parent's, a name, a live parent in the same community.
 */
int cpol__address_ensure_cached(cpol_db *db, cpol__address_cache *cache, cpol_id community_id,
                                const cpol_address_path *path, cpol_id *out, int *created)
{
	const char *names[4];
	cpol_id parent = 0, id = 0;
	cpol_address_level plevel = 0;
	char pathbuf[CHAIN_PATH_MAX];
	int i, same = 1, any = 0, fresh = 0, rc;

	if (!path || path->version != CPOL_ADDRESS_PATH_VERSION)
		return cpol__error_set(CPOL_EINVAL, "address: unknown cpol_address_path version");
	names[0] = path->street;
	names[1] = path->building;
	names[2] = path->unit;
	names[3] = path->room;
	for (i = 0; i < 4; i++)
		if (names[i] && *names[i])
			any = 1;
	if (!any)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "street", "address: no level given");
	if (!cache->valid || cache->community_id != community_id)
		same = 0;
	for (i = 0; i < 4; i++) {
		const char *name = names[i] && *names[i] ? names[i] : "";
		cpol_address_level level = (cpol_address_level)(i + 1), found_level = level;
		if (same && cache->names[i] && strcmp(cache->names[i], name) == 0) {
			if (*name) {
				parent = id = cache->ids[i];
				plevel = cache->levels[i];
			}
			continue;
		}
		/* From here on the chain differs from the cached one. */
		same = 0;
		cache->valid = 0;
		free(cache->names[i]);
		cache->names[i] = NULL;
		cache->ids[i] = 0;
		cache->levels[i] = 0;
		if (!*name) {
			if (!(cache->names[i] = cpol__strdup("")))
				goto oom;
			continue;
		}
		rc = CPOL__DONE;
		if (!fresh) {
			cpol__stmt *st;
			if ((rc = cpol__db_stmt_bind_all(db, &st, NODE_FIND_LEVEL_SQL)) < 0)
				goto fail;
			cpol__st_bind_int64(st, 1, community_id);
			cpol__value nv = cpol__v_text(name);
			cpol__st_bind_int64(st, 2, parent);
			cpol__bind_value(st, 3, &nv); /* name outlives the step */
			rc = cpol__st_step(st);
			if (rc == CPOL__ROW) {
				id = cpol__st_column_int64(st, 0);
				found_level = level_parse((const char *)cpol__st_column_text(st, 1));
			}
			cpol__st_reset(st);
			if (rc != CPOL__ROW && rc != CPOL__DONE) {
				rc = cpol__db_error(db, rc, "finding an address");
				goto fail;
			}
		}
		if (rc == CPOL__DONE) {
			if (parent && level <= plevel) {
				rc = cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "level", "address: a %s cannot lie under a %s",
				                        cpol__address_level_name(level), cpol__address_level_name(plevel));
				goto fail;
			}
			if ((rc = cpol__org_require_text(name, cpol__address_level_name(level), "address")) < 0)
				goto fail;
			chain_path(pathbuf, cache->ids, i);
			if ((rc = node_write(db, community_id, parent, pathbuf, level, name, &id)) < 0)
				goto fail;
			fresh = 1;
			if (created)
				(*created)++;
		}
		if (!(cache->names[i] = cpol__strdup(name)))
			goto oom;
		cache->ids[i] = id;
		cache->levels[i] = found_level;
		parent = id;
		plevel = found_level;
	}
	cache->community_id = community_id;
	cache->valid = 1;
	*out = id;
	return 0;
oom:
	rc = cpol__error_oom();
fail:
	cpol__address_cache_free(cache);
	return rc;
}

int cpol_address_ensure(cpol_id *out, cpol_db *db, cpol_id community_id, const cpol_address_path *path)
{
	cpol__address_cache cache = { 0 };
	cpol_id id = 0;
	int rc;

	*out = 0;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__org_check_live(db, CPOL_ORG_COMMUNITY, community_id, "community_id")) == 0)
		rc = cpol__address_ensure_cached(db, &cache, community_id, path, &id, NULL);
	cpol__address_cache_free(&cache);
	if ((rc = cpol__db_finish(db, rc)) == 0)
		*out = id;
	return rc;
}

static const char NODE_GET_SQL[] =
	"SELECT id, community_id, ifnull(parent_id, 0), level, name, archived_at FROM address WHERE id = ?1";

static void read_node(cpol_address *a, cpol__stmt *st)
{
	a->id = cpol__st_column_int64(st, 0);
	a->community_id = cpol__st_column_int64(st, 1);
	a->parent_id = cpol__st_column_int64(st, 2);
	a->level = level_parse((const char *)cpol__st_column_text(st, 3));
	a->name = (const char *)cpol__st_column_text(st, 4);
	a->archived_at = (const char *)cpol__st_column_text(st, 5);
}

static const size_t address_strings[] = {
	offsetof(cpol_address, name), offsetof(cpol_address, full), offsetof(cpol_address, archived_at),
};

int cpol_address_get(cpol_address **out, cpol_db *db, cpol_id id)
{
	cpol__stmt *st;
	cpol_address a;
	cpol__buf full = { 0 };
	char *name = NULL, *archived = NULL;
	int rc, oom = 0;

	*out = NULL;
	if ((rc = cpol__db_stmt(db, &st, NODE_GET_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, id);
	rc = cpol__st_step(st);
	if (rc != CPOL__ROW) {
		cpol__st_reset(st);
		return rc == CPOL__DONE ? cpol__error_set(CPOL_ENOTFOUND, "no address with id %lld", (long long)id)
		                         : cpol__db_error(db, rc, "reading an address");
	}
	read_node(&a, st);
	/* Copy before formatting: the format queries reuse the handle's statements. */
	name = cpol__column_strdup(st, 4, &oom);
	archived = cpol__column_strdup(st, 5, &oom);
	cpol__st_reset(st);
	a.name = name;
	a.archived_at = archived;
	if (oom)
		rc = cpol__error_oom();
	else if ((rc = cpol__address_format_into(db, id, &full)) == 0) {
		a.full = full.ptr;
		if (!(*out = cpol__org_pack(&a, sizeof(a), address_strings, CPOL__ARRAY_SIZE(address_strings))))
			rc = CPOL_ENOMEM;
	}
	free(name);
	free(archived);
	cpol__buf_free(&full);
	return rc;
}

void cpol_address_free(cpol_address *address)
{
	free(address);
}

static const char NODE_RENAME_SQL[] = "UPDATE address SET name = ?2 WHERE id = ?1 AND archived_at IS NULL";

int cpol_address_rename(cpol_db *db, cpol_id id, const char *name)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__org_require_text(name, "name", "address")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, NODE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, id);
	rc = cpol__st_step(st);
	cpol__st_reset(st);
	if (rc != CPOL__ROW) {
		rc = cpol__error_set(CPOL_ENOTFOUND, "no live address with id %lld", (long long)id);
		goto done;
	}
	if ((rc = cpol__db_stmt(db, &st, NODE_RENAME_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, id);
	cpol__bind_text(st, 2, name);
	rc = cpol__org_step(db, st, "renaming an address", "name");
done:
	return cpol__db_finish(db, rc);
}

static const char NODE_BUSY_SQL[] =
	"SELECT (SELECT count(*) FROM address WHERE parent_id = ?1 AND archived_at IS NULL)"
	" + (SELECT count(*) FROM house WHERE address_id = ?1 AND archived_at IS NULL)";
static const char NODE_ARCHIVE_SQL[] =
	"UPDATE address SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";

int cpol_address_archive(cpol_db *db, cpol_id id)
{
	cpol__stmt *st;
	int64_t busy = 0;
	int rc;

	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, NODE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, id);
	rc = cpol__st_step(st);
	cpol__st_reset(st);
	if (rc != CPOL__ROW) {
		rc = cpol__error_set(CPOL_ENOTFOUND, "no live address with id %lld", (long long)id);
		goto done;
	}
	if ((rc = cpol__db_stmt(db, &st, NODE_BUSY_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, id);
	if ((rc = cpol__org_query_id(db, st, &busy, "checking an address")) < 0)
		goto done;
	if (busy) {
		rc = cpol__error_set(CPOL_ECONSTRAINT, "address %lld has live addresses or a house under it",
		                     (long long)id);
		goto done;
	}
	if ((rc = cpol__db_stmt(db, &st, NODE_ARCHIVE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, id);
	rc = cpol__org_step(db, st, "archiving an address", NULL);
done:
	return cpol__db_finish(db, rc);
}

/* ------------------------------------------------------------ iterators */

struct cpol_address_iter {
	cpol_db *db;
	cpol__stmt *stmt;
	cpol_address rec;
	cpol__buf full;
};

static const char CHILDREN_SQL[] =
	"SELECT id, community_id, ifnull(parent_id, 0), level, name, archived_at FROM address"
	" WHERE community_id = ?1 AND ifnull(parent_id, 0) = ?2 AND archived_at IS NULL ORDER BY id";
/*
 * The subtree of X: X itself and every node whose path starts with
 * X.path || X.id || '/', which is one range of address_by_path ('0' is the
 * character after '/').
 */
static const char SUBTREE_SQL[] =
	"SELECT a.id, a.community_id, ifnull(a.parent_id, 0), a.level, a.name, a.archived_at"
	" FROM address x, address a WHERE x.id = ?1 AND a.archived_at IS NULL"
	" AND (a.id = x.id OR (a.path >= x.path || x.id || '/' AND a.path < x.path || x.id || '0'))"
	" ORDER BY length(a.path), a.path, a.id";

static int address_iter_open(cpol_address_iter **out, cpol_db *db, const char *sql)
{
	cpol_address_iter *it;
	int rc;

	*out = NULL;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	if ((rc = cpol__org_iter_prepare(db, &it->stmt, sql, "listing addresses")) < 0) {
		free(it);
		return rc;
	}
	*out = it;
	return 0;
}

int cpol_address_children_iter_new(cpol_address_iter **out, cpol_db *db, cpol_id community_id, cpol_id parent_id)
{
	int rc = address_iter_open(out, db, CHILDREN_SQL);
	if (rc == 0) {
		cpol__st_bind_int64((*out)->stmt, 1, community_id);
		cpol__st_bind_int64((*out)->stmt, 2, parent_id);
	}
	return rc;
}

int cpol_address_subtree_iter_new(cpol_address_iter **out, cpol_db *db, cpol_id id)
{
	cpol__stmt *st;
	int rc;

	*out = NULL;
	if ((rc = cpol__db_stmt(db, &st, NODE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, id);
	rc = cpol__st_step(st);
	cpol__st_reset(st);
	if (rc != CPOL__ROW)
		return cpol__error_set(CPOL_ENOTFOUND, "no live address with id %lld", (long long)id);
	if ((rc = address_iter_open(out, db, SUBTREE_SQL)) == 0)
		cpol__st_bind_int64((*out)->stmt, 1, id);
	return rc;
}

int cpol_address_iter_next(const cpol_address **out, cpol_address_iter *it)
{
	int rc;

	*out = NULL;
	if ((rc = cpol__org_iter_step(it->db, it->stmt, "listing addresses")) != 0)
		return rc;
	read_node(&it->rec, it->stmt);
	it->full.len = 0;
	if (it->full.ptr)
		it->full.ptr[0] = '\0';
	if ((rc = cpol__address_format_into(it->db, it->rec.id, &it->full)) < 0)
		return rc;
	it->rec.full = it->full.ptr;
	*out = &it->rec;
	return 0;
}

void cpol_address_iter_free(cpol_address_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->stmt);
	cpol__buf_free(&it->full);
	free(it);
}

/* ---------------------------------------------------------------- houses */

int cpol_house_new_init(cpol_house_new *spec, unsigned int version)
{
	static const cpol_house_new init = CPOL_HOUSE_NEW_INIT;
	if (!spec || version != CPOL_HOUSE_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_house_new version %u", version);
	*spec = init;
	return 0;
}

static const char HOUSE_INSERT_SQL[] =
	"INSERT INTO house (address_id, community_id, use, status, owner_name, owner_id_number, owner_phone, note)"
	" SELECT id, community_id, ?2, ?3, ?4, ?5, ?6, ?7 FROM address WHERE id = ?1 AND archived_at IS NULL";

static int house_insert(cpol_db *db, const cpol_house_new *spec, cpol_id *out)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, HOUSE_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, spec->address_id);
	cpol__bind_text(st, 2, cpol__house_use_name(spec->use));
	cpol__bind_text(st, 3, cpol__house_status_name(spec->status));
	cpol__bind_text_opt(st, 4, spec->owner_name);
	cpol__bind_text_opt(st, 5, spec->owner_id_number);
	cpol__bind_text_opt(st, 6, spec->owner_phone);
	cpol__bind_text_opt(st, 7, spec->note);
	if ((rc = cpol__org_step(db, st, "adding a house", "address_id")) < 0)
		return rc;
	if (cpol__db_changes(db) == 0)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "address_id", "no live address with id %lld",
		                          (long long)spec->address_id);
	*out = cpol__db_last_id(db);
	return 0;
}

int cpol_house_add(cpol_id *out, cpol_db *db, const cpol_house_new *spec)
{
	cpol_id id = 0;
	int rc;

	if (!spec || spec->version != CPOL_HOUSE_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "house: unknown cpol_house_new version");
	if (!cpol__house_use_name(spec->use))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "use", "house: unknown use %d", (int)spec->use);
	if (!cpol__house_status_name(spec->status))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "status", "house: unknown status %d",
		                          (int)spec->status);
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = house_insert(db, spec, &id);
	if (rc == 0 && out)
		*out = id;
	return cpol__db_finish(db, rc);
}

static const char HOUSE_FIND_SQL[] = "SELECT id FROM house WHERE address_id = ?1 AND archived_at IS NULL";

int cpol_house_find(cpol_id *out, cpol_db *db, cpol_id address_id)
{
	cpol__stmt *st;
	int64_t v = 0;
	int rc;

	*out = 0;
	if ((rc = cpol__db_stmt_bind_all(db, &st, HOUSE_FIND_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, address_id);
	rc = cpol__org_query_id(db, st, &v, "");
	if (rc == CPOL_ENOTFOUND)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "address_id", "no live house on address %lld",
		                          (long long)address_id);
	*out = v;
	return rc;
}

/*
 * A house of the defaults on a live address of a known community: a plain
 * INSERT ... VALUES. (house_insert() reads the community from the address
 * with INSERT ... SELECT, which SQLite runs inside a statement journal of
 * its own: a third of the cost of a house in a bulk import.)
 */
static const char HOUSE_INSERT_DEFAULT_SQL[] =
	"INSERT INTO house (address_id, community_id, use, status) VALUES (?1, ?2, 'residential', 'self')";

int cpol__house_ensure(cpol_db *db, cpol_id address_id, cpol_id community_id, int address_is_new,
                       cpol_id *house_id, int *created)
{
	cpol__stmt *st;
	int rc;

	*created = 0;
	if (!address_is_new) {
		if ((rc = cpol__db_stmt_bind_all(db, &st, HOUSE_FIND_SQL)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, address_id);
		rc = cpol__st_step(st);
		if (rc == CPOL__ROW) {
			*house_id = cpol__st_column_int64(st, 0);
			cpol__st_reset(st);
			return 0;
		}
		cpol__st_reset(st);
		if (rc != CPOL__DONE)
			return cpol__db_error(db, rc, "finding a house");
	}
	if ((rc = cpol__db_stmt_bind_all(db, &st, HOUSE_INSERT_DEFAULT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, address_id);
	cpol__st_bind_int64(st, 2, community_id);
	if ((rc = cpol__org_step(db, st, "adding a house", "address_id")) < 0)
		return rc;
	*house_id = cpol__db_last_id(db);
	*created = 1;
	if (cpol__db_row_hooked(db)) {
		cpol__value v[10];
		int i;
		v[0] = cpol__v_int(*house_id);
		v[1] = cpol__v_int(address_id);
		v[2] = cpol__v_int(community_id);
		v[3] = cpol__v_text("residential");
		v[4] = cpol__v_text("self");
		for (i = 5; i < 10; i++)
			v[i] = cpol__v_null(); /* owner_name, owner_id_number, owner_phone, note, archived_at */
		cpol__db_row_written(db, "house", *house_id, v, 10);
	}
	return 0;
}

static const char HOUSE_COMMUNITY_SQL[] = "SELECT community_id FROM house WHERE id = ?1 AND archived_at IS NULL";

int cpol__house_community(cpol_db *db, cpol_id house_id, cpol_id *community_id, const char *field)
{
	cpol__stmt *st;
	int64_t v = 0;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, HOUSE_COMMUNITY_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, house_id);
	rc = cpol__org_query_id(db, st, &v, "");
	if (rc == CPOL_ENOTFOUND)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, field, "no live house with id %lld",
		                          (long long)house_id);
	*community_id = v;
	return rc;
}

static const char HOUSE_GET_SQL[] =
	"SELECT id, address_id, community_id, use, status, owner_name, owner_id_number, owner_phone, note,"
	" archived_at FROM house WHERE id = ?1";

static const size_t house_strings[] = {
	offsetof(cpol_house, owner_name), offsetof(cpol_house, owner_id_number),
	offsetof(cpol_house, owner_phone), offsetof(cpol_house, note),
	offsetof(cpol_house, address), offsetof(cpol_house, archived_at),
};

int cpol_house_get(cpol_house **out, cpol_db *db, cpol_id id)
{
	cpol__stmt *st;
	cpol_house h;
	cpol__buf full = { 0 };
	char *s[5] = { NULL, NULL, NULL, NULL, NULL };
	cpol_house_use use = CPOL_HOUSE_OTHER;
	cpol_house_status status = CPOL_HOUSE_SELF;
	int rc, oom = 0, i;

	*out = NULL;
	if ((rc = cpol__db_stmt(db, &st, HOUSE_GET_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, id);
	rc = cpol__st_step(st);
	if (rc != CPOL__ROW) {
		cpol__st_reset(st);
		return rc == CPOL__DONE ? cpol__error_set(CPOL_ENOTFOUND, "no house with id %lld", (long long)id)
		                         : cpol__db_error(db, rc, "reading a house");
	}
	memset(&h, 0, sizeof(h));
	h.id = cpol__st_column_int64(st, 0);
	h.address_id = cpol__st_column_int64(st, 1);
	h.community_id = cpol__st_column_int64(st, 2);
	cpol__house_use_parse((const char *)cpol__st_column_text(st, 3), &use);
	cpol__house_status_parse((const char *)cpol__st_column_text(st, 4), &status);
	h.use = use;
	h.status = status;
	for (i = 0; i < 5; i++)
		s[i] = cpol__column_strdup(st, 5 + i, &oom);
	cpol__st_reset(st);
	h.owner_name = s[0];
	h.owner_id_number = s[1];
	h.owner_phone = s[2];
	h.note = s[3];
	h.archived_at = s[4];
	if (oom)
		rc = cpol__error_oom();
	else if ((rc = cpol__address_format_into(db, h.address_id, &full)) == 0) {
		h.address = full.ptr;
		if (!(*out = cpol__org_pack(&h, sizeof(h), house_strings, CPOL__ARRAY_SIZE(house_strings))))
			rc = CPOL_ENOMEM;
	}
	for (i = 0; i < 5; i++)
		free(s[i]);
	cpol__buf_free(&full);
	return rc;
}

void cpol_house_free(cpol_house *house)
{
	free(house);
}

static const char HOUSE_STATUS_SQL[] =
	"UPDATE house SET use = ifnull(?2, use), status = ifnull(?3, status) WHERE id = ?1 AND archived_at IS NULL";

int cpol_house_set_status(cpol_db *db, cpol_id id, cpol_house_use use, cpol_house_status status)
{
	cpol__stmt *st;
	cpol_id community;
	int rc;

	if (use && !cpol__house_use_name(use))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "use", "house: unknown use %d", (int)use);
	if (status && !cpol__house_status_name(status))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "status", "house: unknown status %d", (int)status);
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__house_community(db, id, &community, "id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, HOUSE_STATUS_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, id);
	cpol__bind_text_opt(st, 2, use ? cpol__house_use_name(use) : NULL);
	cpol__bind_text_opt(st, 3, status ? cpol__house_status_name(status) : NULL);
	rc = cpol__org_step(db, st, "changing a house", NULL);
done:
	return cpol__db_finish(db, rc);
}

static const char HOUSE_OWNER_SQL[] =
	"UPDATE house SET owner_name = ?2, owner_id_number = ?3, owner_phone = ?4"
	" WHERE id = ?1 AND archived_at IS NULL";

int cpol_house_set_owner(cpol_db *db, cpol_id id, const char *name, const char *id_number, const char *phone)
{
	cpol__stmt *st;
	cpol_id community;
	int rc;

	if ((rc = cpol__org_require_text(name, "owner_name", "house")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__house_community(db, id, &community, "id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, HOUSE_OWNER_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, id);
	cpol__bind_text(st, 2, name);
	cpol__bind_text_opt(st, 3, id_number);
	cpol__bind_text_opt(st, 4, phone);
	rc = cpol__org_step(db, st, "changing a house's owner", NULL);
done:
	return cpol__db_finish(db, rc);
}

/* --------------------------------------------------------------- rentals */

int cpol_rental_new_init(cpol_rental_new *spec, unsigned int version)
{
	static const cpol_rental_new init = CPOL_RENTAL_NEW_INIT;
	if (!spec || version != CPOL_RENTAL_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_rental_new version %u", version);
	*spec = init;
	return 0;
}

static const char RENTAL_INSERT_SQL[] =
	"INSERT INTO rental (house_id, landlord_name, landlord_id_number, landlord_phone, registration_no,"
	" registered_on, valid_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char HOUSE_RENTED_SQL[] = "UPDATE house SET status = 'rented' WHERE id = ?1 AND status <> 'rented'";

int cpol_rental_register(cpol_id *out, cpol_db *db, const cpol_rental_new *spec)
{
	cpol__stmt *st;
	cpol_id community, id;
	int rc;

	if (!spec || spec->version != CPOL_RENTAL_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "rental: unknown cpol_rental_new version");
	if ((rc = cpol__org_require_text(spec->landlord_name, "landlord_name", "rental")) < 0 ||
	    (rc = cpol__org_require_date(spec->registered_on, "registered_on", "rental")) < 0)
		return rc;
	if (spec->valid_to != CPOL_DATE_NONE && spec->valid_to < spec->registered_on)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "valid_to", "rental: valid_to is before registered_on");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__house_community(db, spec->house_id, &community, "house_id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, RENTAL_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, spec->house_id);
	cpol__bind_text(st, 2, spec->landlord_name);
	cpol__bind_text_opt(st, 3, spec->landlord_id_number);
	cpol__bind_text_opt(st, 4, spec->landlord_phone);
	cpol__bind_text_opt(st, 5, spec->registration_no);
	cpol__bind_date(st, 6, spec->registered_on);
	cpol__bind_date_opt(st, 7, spec->valid_to);
	if ((rc = cpol__org_step(db, st, "registering a rental", NULL)) < 0)
		goto done;
	id = cpol__db_last_id(db);
	if ((rc = cpol__db_stmt(db, &st, HOUSE_RENTED_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, spec->house_id);
	if ((rc = cpol__org_step(db, st, "marking a house let", NULL)) < 0)
		goto done;
	if (out)
		*out = id;
done:
	return cpol__db_finish(db, rc);
}

static const char RENTAL_OPEN_SQL[] =
	"SELECT house_id, registered_on FROM rental WHERE id = ?1 AND ended_on IS NULL AND archived_at IS NULL";
static const char RENTAL_RENEW_SQL[] = "UPDATE rental SET valid_to = ?2 WHERE id = ?1";
static const char RENTAL_END_SQL[] = "UPDATE rental SET ended_on = ?2 WHERE id = ?1";
static const char RENTAL_OTHERS_SQL[] =
	"SELECT count(*) FROM rental WHERE house_id = ?1 AND ended_on IS NULL AND archived_at IS NULL";
static const char HOUSE_VACANT_SQL[] = "UPDATE house SET status = 'vacant' WHERE id = ?1";

static int rental_open(cpol_db *db, cpol_id rental_id, cpol_id *house_id, cpol_date *registered_on)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, RENTAL_OPEN_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, rental_id);
	rc = cpol__st_step(st);
	if (rc == CPOL__ROW) {
		*house_id = cpol__st_column_int64(st, 0);
		*registered_on = cpol__column_date(st, 1);
	}
	cpol__st_reset(st);
	if (rc == CPOL__ROW)
		return 0;
	if (rc == CPOL__DONE)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "rental_id", "no open rental with id %lld",
		                          (long long)rental_id);
	return cpol__db_error(db, rc, "reading a rental");
}

/*
 * In the caller's transaction: check that the rental is open and that day
 * (given as field) is not before its registration (else the error says
 * too_early), then run sql with ?1 the rental and ?2 the day (error: what).
 * *house gets the rental's house.
 */
static int rental_set_day(cpol_db *db, cpol_id rental_id, cpol_date day, const char *field,
                          const char *too_early, const char *sql, const char *what, cpol_id *house)
{
	cpol__stmt *st;
	cpol_date reg = CPOL_DATE_NONE;
	int rc;

	if ((rc = rental_open(db, rental_id, house, &reg)) < 0)
		return rc;
	if (day < reg)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field, "%s", too_early);
	if ((rc = cpol__db_stmt(db, &st, sql)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, rental_id);
	cpol__bind_date(st, 2, day);
	return cpol__org_step(db, st, what, NULL);
}

int cpol_rental_renew(cpol_db *db, cpol_id rental_id, cpol_date valid_to)
{
	cpol_id house;
	int rc;

	if ((rc = cpol__org_require_date(valid_to, "valid_to", "rental")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = rental_set_day(db, rental_id, valid_to, "valid_to", "rental: valid_to is before registered_on",
	                    RENTAL_RENEW_SQL, "renewing a rental", &house);
	return cpol__db_finish(db, rc);
}

int cpol_rental_end(cpol_db *db, cpol_id rental_id, cpol_date on)
{
	cpol__stmt *st;
	cpol_id house;
	int64_t others = 0;
	int rc;

	if ((rc = cpol__org_require_date(on, "on", "rental")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = rental_set_day(db, rental_id, on, "on", "rental: it cannot end before it was registered",
	                         RENTAL_END_SQL, "ending a rental", &house)) < 0 ||
	    (rc = cpol__db_stmt(db, &st, RENTAL_OTHERS_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, house);
	if ((rc = cpol__org_query_id(db, st, &others, "counting rentals")) < 0)
		goto done;
	if (others == 0) {
		if ((rc = cpol__db_stmt(db, &st, HOUSE_VACANT_SQL)) < 0)
			goto done;
		cpol__st_bind_int64(st, 1, house);
		rc = cpol__org_step(db, st, "marking a house vacant", NULL);
	}
done:
	return cpol__db_finish(db, rc);
}

#define RENTAL_COLUMNS \
	"SELECT id, house_id, landlord_name, landlord_id_number, landlord_phone, registration_no," \
	" registered_on, valid_to, ended_on, archived_at FROM rental"
static const char RENTAL_GET_SQL[] = RENTAL_COLUMNS " WHERE id = ?1";
static const char RENTAL_LIST_SQL[] = RENTAL_COLUMNS " WHERE house_id = ?1 ORDER BY registered_on, id";

static void read_rental(cpol_rental *r, cpol__stmt *st)
{
	r->id = cpol__st_column_int64(st, 0);
	r->house_id = cpol__st_column_int64(st, 1);
	r->landlord_name = (const char *)cpol__st_column_text(st, 2);
	r->landlord_id_number = (const char *)cpol__st_column_text(st, 3);
	r->landlord_phone = (const char *)cpol__st_column_text(st, 4);
	r->registration_no = (const char *)cpol__st_column_text(st, 5);
	r->registered_on = cpol__column_date(st, 6);
	r->valid_to = cpol__column_date(st, 7);
	r->ended_on = cpol__column_date(st, 8);
	r->archived_at = (const char *)cpol__st_column_text(st, 9);
}

static const size_t rental_strings[] = {
	offsetof(cpol_rental, landlord_name), offsetof(cpol_rental, landlord_id_number),
	offsetof(cpol_rental, landlord_phone), offsetof(cpol_rental, registration_no),
	offsetof(cpol_rental, archived_at),
};

int cpol_rental_get(cpol_rental **out, cpol_db *db, cpol_id rental_id)
{
	cpol__stmt *st;
	cpol_rental r;
	int rc;

	*out = NULL;
	if ((rc = cpol__db_stmt(db, &st, RENTAL_GET_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, rental_id);
	rc = cpol__st_step(st);
	if (rc != CPOL__ROW) {
		cpol__st_reset(st);
		return rc == CPOL__DONE ? cpol__error_set(CPOL_ENOTFOUND, "no rental with id %lld", (long long)rental_id)
		                         : cpol__db_error(db, rc, "reading a rental");
	}
	read_rental(&r, st);
	*out = cpol__org_pack(&r, sizeof(r), rental_strings, CPOL__ARRAY_SIZE(rental_strings));
	cpol__st_reset(st);
	return *out ? 0 : CPOL_ENOMEM;
}

void cpol_rental_free(cpol_rental *rental)
{
	free(rental);
}

struct cpol_rental_iter {
	cpol_db *db;
	cpol__stmt *stmt;
	cpol_rental rec;
};

int cpol_rental_iter_new(cpol_rental_iter **out, cpol_db *db, cpol_id house_id)
{
	cpol_rental_iter *it;
	int rc;

	*out = NULL;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	if ((rc = cpol__org_iter_prepare(db, &it->stmt, RENTAL_LIST_SQL, "listing rentals")) < 0) {
		free(it);
		return rc;
	}
	cpol__st_bind_int64(it->stmt, 1, house_id);
	*out = it;
	return 0;
}

int cpol_rental_iter_next(const cpol_rental **out, cpol_rental_iter *it)
{
	int rc;

	*out = NULL;
	if ((rc = cpol__org_iter_step(it->db, it->stmt, "listing rentals")) != 0)
		return rc;
	read_rental(&it->rec, it->stmt);
	*out = &it->rec;
	return 0;
}

void cpol_rental_iter_free(cpol_rental_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->stmt);
	free(it);
}
