/*
 * libcommpolice — records the seeds name besides visits and inspections:
 * patrols (巡逻), publicity events (六防宣传), police contact cards issued
 * to households (每户一卡) and persons whose whereabouts are unknown (失控);
 * and the plain queries the owed view reads of them: households without a
 * card (visits.contact_card), residents owed a check
 * (population.residence_types[].verify), and officers' night-patrol and
 * publicity quotas (duty.night_patrols_per_week, visits.publicity_per_month).
 * Their listings are in work_list.c, with the others.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "work_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cpol__patrol_shift_codes[] = { "day", "night", NULL };
const char *const cpol__prevention_topic_codes[] = {
	"fire", "theft", "poison", "sabotage", "traffic", "disaster", NULL };
const char *const cpol__lost_found_by_codes[] = { "visit", "check", "report", "other", NULL };
const char *const cpol__lost_end_codes[] = { "located", "moved_away", "error", "other", NULL };
static const char *const quota_kind_codes[] = { "night_patrols", "publicity", NULL };

/* ------------------------------------------------------------ enum words */

const char *cpol_patrol_shift_name(cpol_patrol_shift shift)
{
	if (shift == CPOL_PATROL_SHIFT_AUTO)
		return "auto";
	return cpol__work_code_name(cpol__patrol_shift_codes, (int)shift);
}

int cpol_patrol_shift_parse(cpol_patrol_shift *out, const char *name)
{
	int v = 0, rc;
	if (name && strcmp(name, "auto") == 0) {
		*out = CPOL_PATROL_SHIFT_AUTO;
		return 0;
	}
	if ((rc = cpol__work_code_parse(&v, cpol__patrol_shift_codes, name, "shift")) == 0)
		*out = (cpol_patrol_shift)v;
	return rc;
}

const char *cpol_prevention_topic_name(cpol_prevention_topic topic)
{
	return cpol__work_code_name(cpol__prevention_topic_codes, (int)topic);
}

int cpol_prevention_topic_parse(cpol_prevention_topic *out, const char *name)
{
	int v = 0, rc = cpol__work_code_parse(&v, cpol__prevention_topic_codes, name, "topic");
	if (rc == 0)
		*out = (cpol_prevention_topic)v;
	return rc;
}

const char *cpol_lost_found_by_name(cpol_lost_found_by how)
{
	return cpol__work_code_name(cpol__lost_found_by_codes, (int)how);
}

int cpol_lost_found_by_parse(cpol_lost_found_by *out, const char *name)
{
	int v = 0, rc = cpol__work_code_parse(&v, cpol__lost_found_by_codes, name, "found_by");
	if (rc == 0)
		*out = (cpol_lost_found_by)v;
	return rc;
}

const char *cpol_lost_end_reason_name(cpol_lost_end_reason how)
{
	return cpol__work_code_name(cpol__lost_end_codes, (int)how);
}

int cpol_lost_end_reason_parse(cpol_lost_end_reason *out, const char *name)
{
	int v = 0, rc = cpol__work_code_parse(&v, cpol__lost_end_codes, name, "how");
	if (rc == 0)
		*out = (cpol_lost_end_reason)v;
	return rc;
}

const char *cpol_quota_kind_name(cpol_quota_kind kind)
{
	return cpol__work_code_name(quota_kind_codes, (int)kind);
}

static int valid_code(const char *const *codes, int v)
{
	return strcmp(cpol__work_code_name(codes, v), "unknown") != 0;
}

/* ------------------------------------------------------------ shared parts */

#define DEFINE_INIT CPOL__WORK_DEFINE_INIT

DEFINE_INIT(cpol_patrol_new_init, cpol_patrol_new, CPOL_PATROL_NEW_INIT, CPOL_PATROL_NEW_VERSION)
DEFINE_INIT(cpol_publicity_new_init, cpol_publicity_new, CPOL_PUBLICITY_NEW_INIT,
            CPOL_PUBLICITY_NEW_VERSION)
DEFINE_INIT(cpol_contact_card_new_init, cpol_contact_card_new, CPOL_CONTACT_CARD_NEW_INIT,
            CPOL_CONTACT_CARD_NEW_VERSION)
DEFINE_INIT(cpol_lost_new_init, cpol_lost_new, CPOL_LOST_NEW_INIT, CPOL_LOST_NEW_VERSION)

static void last_id(cpol_id *out, cpol_db *db)
{
	if (out)
		*out = cpol__db_last_id(db);
}

static int count_at_least(int n, int min, const char *field)
{
	if (n < min)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field, "%s is %d: at least %d", field,
		                          n, min);
	return 0;
}

/*
 * Archive one live record with `sql` (?1 its id): CPOL_ENOTFOUND naming
 * field when there is no live record of that id.
 */
static int archive_record(cpol_db *db, const char *sql, cpol_id id, const char *field,
                          const char *noun)
{
	cpol__stmt *st;
	int rc;

	if (!db)
		return cpol__error_set(CPOL_EINVAL, "archiving a %s: db is NULL", noun);
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, sql)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, id);
	if ((rc = cpol__db_step_done(db, st, "archiving a record")) == 0 &&
	    cpol__db_changes(db) == 0)
		rc = cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, field, "no live %s with id %lld",
		                        noun, (long long)id);
done:
	return cpol__db_finish(db, rc);
}

/*
 * Reads one record by id with `sql` (?1 the id) into a new `size`-byte
 * record by `decode` (which copies text, setting *oom); *out is NULL on
 * any error, the half-read record freed by `release`.
 */
static int get_record(void **out, cpol_db *db, const char *sql, cpol_id id, size_t size,
                      int (*decode)(void *rec, cpol__stmt *st, int *oom),
                      void (*release)(void *rec), const char *field, const char *noun)
{
	cpol__stmt *st;
	void *r = NULL;
	int rc, oom = 0;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "reading a %s: out is NULL", noun);
	*out = NULL;
	if (!db)
		return cpol__error_set(CPOL_EINVAL, "reading a %s: db is NULL", noun);
	if ((rc = cpol__db_stmt(db, &st, sql)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, id);
	rc = cpol__work_step_row(db, st, "reading a record");
	if (rc == CPOL_ENOTFOUND)
		rc = cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, field, "no %s with id %lld", noun,
		                        (long long)id);
	if (rc == 0 && !(r = calloc(1, size)))
		rc = cpol__error_oom();
	if (rc == 0)
		rc = decode(r, st, &oom);
	cpol__st_reset(st);
	if (rc == 0 && oom)
		rc = cpol__error_oom();
	if (rc < 0) {
		if (r)
			release(r);
		return rc;
	}
	*out = r;
	return 0;
}

#define STRDUP_COL(dst, col) ((dst) = cpol__column_strdup(st, (col), oom))
#define FREE_TEXT(p) free((void *)(p))

/* ------------------------------------------------------------------ patrols */

/* "HH:MM" of minutes after midnight (0-1439). */
static void format_minute(char buf[8], int m)
{
	snprintf(buf, 8, "%02d:%02d", (m / 60) % 24, m % 60);
}

int cpol__patrol_minute(const char *hhmm)
{
	if (!hhmm || strlen(hhmm) != 5 || hhmm[2] != ':')
		return 0;
	return ((hhmm[0] - '0') * 10 + (hhmm[1] - '0')) * 60 + (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
}

/*
 * Night (夜间) is 22:00 to 06:00, as 噪声污染防治法 §88 defines it: a patrol
 * is a night patrol when any minute of it falls there. One that ends after
 * midnight (end before start) passes through it.
 */
#define NIGHT_ENDS 360    /* 06:00 */
#define NIGHT_BEGINS 1320 /* 22:00 */

int cpol__patrol_is_night(int start, int end)
{
	if (end < start)
		return 1;
	return start < NIGHT_ENDS || end > NIGHT_BEGINS;
}

static int check_minute(int m, const char *field)
{
	if (m < 0 || m > 1439)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field,
		                          "%s is %d: a time of day is 0-1439 minutes after midnight", field, m);
	return 0;
}

static int check_patrol(const cpol_patrol_new *s)
{
	size_t i, j;
	int rc;

	if ((rc = cpol__work_check_version(s->version, CPOL_PATROL_NEW_VERSION, "cpol_patrol_new")) < 0 ||
	    (rc = cpol__work_need_date(s->on, "on")) < 0 ||
	    (rc = check_minute(s->start_minute, "start_minute")) < 0 ||
	    (rc = check_minute(s->end_minute, "end_minute")) < 0 ||
	    (rc = cpol__work_need_text(s->area, "area")) < 0 ||
	    (rc = count_at_least(s->volunteers, 0, "volunteers")) < 0)
		return rc;
	if (s->end_minute == s->start_minute)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "end_minute",
		                          "a patrol ends when it starts (%d minutes after midnight)",
		                          s->end_minute);
	if (s->shift != CPOL_PATROL_SHIFT_AUTO && !valid_code(cpol__patrol_shift_codes, (int)s->shift))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "shift", "unknown shift %d",
		                          (int)s->shift);
	if (s->auxiliary_count && !s->auxiliaries)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "auxiliaries",
		                          "auxiliary_count is %zu but auxiliaries is NULL",
		                          s->auxiliary_count);
	for (i = 0; i < s->auxiliary_count; i++) {
		if (s->auxiliaries[i] == s->officer_id && s->officer_id)
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "auxiliaries",
			                          "staff %lld leads the patrol and is listed among its auxiliaries",
			                          (long long)s->officer_id);
		for (j = 0; j < i; j++)
			if (s->auxiliaries[j] == s->auxiliaries[i])
				return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "auxiliaries",
				                          "staff %lld is listed twice", (long long)s->auxiliaries[i]);
	}
	return 0;
}

static const char PATROL_INSERT_SQL[] =
	"INSERT INTO patrol (office_id, officer_id, on_date, start_time, end_time, area, volunteers,"
	" night, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char PATROL_AUX_INSERT_SQL[] =
	"INSERT INTO patrol_auxiliary (patrol_id, staff_id) VALUES (?1, ?2)";

static int insert_auxiliaries(cpol_db *db, cpol_id patrol, const cpol_patrol_new *s)
{
	cpol__stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < s->auxiliary_count; i++) {
		if ((rc = cpol__work_check_staff_opt(db, s->auxiliaries[i], "auxiliaries")) < 0 ||
		    (rc = cpol__db_stmt(db, &st, PATROL_AUX_INSERT_SQL)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, patrol);
		cpol__st_bind_int64(st, 2, s->auxiliaries[i]);
		if ((rc = cpol__db_step_done(db, st, "recording a patrol's auxiliary")) < 0)
			return rc;
	}
	return 0;
}

int cpol_patrol_add(cpol_id *out, cpol_db *db, const cpol_patrol_new *spec)
{
	char start[8], end[8];
	cpol__stmt *st;
	cpol_id id = 0;
	int rc, night;

	if (!db || !spec)
		return cpol__error_set(CPOL_EINVAL, "cpol_patrol_add: db and spec are required");
	if ((rc = check_patrol(spec)) < 0)
		return rc;
	night = spec->shift == CPOL_PATROL_SHIFT_AUTO
	        ? cpol__patrol_is_night(spec->start_minute, spec->end_minute)
	        : spec->shift == CPOL_PATROL_NIGHT;
	format_minute(start, spec->start_minute);
	format_minute(end, spec->end_minute);
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__work_check_office(db, spec->office_id, "office_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, spec->officer_id, "officer_id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, PATROL_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, spec->office_id);
	cpol__work_bind_id_opt(st, 2, spec->officer_id);
	cpol__bind_date(st, 3, spec->on);
	cpol__bind_text(st, 4, start);
	cpol__bind_text(st, 5, end);
	cpol__bind_text(st, 6, spec->area);
	cpol__st_bind_int(st, 7, spec->volunteers);
	cpol__st_bind_int(st, 8, night);
	cpol__bind_text_opt(st, 9, spec->note);
	if ((rc = cpol__db_step_done(db, st, "recording a patrol")) < 0)
		goto done;
	id = cpol__db_last_id(db);
	if ((rc = insert_auxiliaries(db, id, spec)) == 0 && out)
		*out = id;
done:
	return cpol__db_finish(db, rc);
}

int cpol__patrol_read_auxiliaries(cpol_patrol *p, const char *list)
{
	cpol_id *ids;
	size_t n = 1, k = 0;
	const char *c;

	p->auxiliaries = NULL;
	p->auxiliary_count = 0;
	if (!list || !*list)
		return 0;
	for (c = list; *c; c++)
		n += *c == ',';
	if (!(ids = calloc(n, sizeof(*ids))))
		return cpol__error_oom();
	for (c = list; k < n; k++) {
		ids[k] = strtoll(c, (char **)&c, 10);
		if (*c == ',')
			c++;
	}
	p->auxiliaries = ids;
	p->auxiliary_count = n;
	return 0;
}

static const char PATROL_GET_SQL[] =
	"SELECT " CPOL__PATROL_COLUMNS " FROM patrol p WHERE p.id = ?1";

int cpol__patrol_decode(cpol_patrol *p, cpol__stmt *st)
{
	p->id = cpol__st_column_int64(st, 0);
	p->office_id = cpol__st_column_int64(st, 1);
	p->officer_id = cpol__st_column_int64(st, 2);
	p->on = cpol__column_date(st, 3);
	p->start_minute = cpol__patrol_minute((const char *)cpol__st_column_text(st, 4));
	p->end_minute = cpol__patrol_minute((const char *)cpol__st_column_text(st, 5));
	p->area = (const char *)cpol__st_column_text(st, 6);
	p->volunteers = cpol__st_column_int(st, 7);
	p->night = cpol__st_column_int(st, 8);
	p->note = (const char *)cpol__st_column_text(st, 9);
	p->archived_at = (const char *)cpol__st_column_text(st, 10);
	return cpol__patrol_read_auxiliaries(p, (const char *)cpol__st_column_text(st, 11));
}

static int patrol_decode_copy(void *rec, cpol__stmt *st, int *oom)
{
	cpol_patrol *p = rec;
	int rc = cpol__patrol_decode(p, st);

	STRDUP_COL(p->area, 6);
	STRDUP_COL(p->note, 9);
	STRDUP_COL(p->archived_at, 10);
	return rc;
}

void cpol_patrol_free(cpol_patrol *p)
{
	if (!p)
		return;
	FREE_TEXT(p->area);
	FREE_TEXT(p->note);
	FREE_TEXT(p->archived_at);
	FREE_TEXT(p->auxiliaries);
	free(p);
}

static void patrol_release(void *rec)
{
	cpol_patrol_free(rec);
}

int cpol_patrol_get(cpol_patrol **out, cpol_db *db, cpol_id patrol_id)
{
	return get_record((void **)out, db, PATROL_GET_SQL, patrol_id, sizeof(cpol_patrol),
	                  patrol_decode_copy, patrol_release, "patrol_id", "patrol");
}

static const char PATROL_ARCHIVE_SQL[] =
	"UPDATE patrol SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";

int cpol_patrol_archive(cpol_db *db, cpol_id patrol_id)
{
	return archive_record(db, PATROL_ARCHIVE_SQL, patrol_id, "patrol_id", "patrol");
}

/* ---------------------------------------------------------------- publicity */

static const char PUBLICITY_INSERT_SQL[] =
	"INSERT INTO publicity_event (office_id, officer_id, on_date, topic, place, audience, summary)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

int cpol_publicity_add(cpol_id *out, cpol_db *db, const cpol_publicity_new *spec)
{
	cpol__stmt *st;
	int rc;

	if (!db || !spec)
		return cpol__error_set(CPOL_EINVAL, "cpol_publicity_add: db and spec are required");
	if ((rc = cpol__work_check_version(spec->version, CPOL_PUBLICITY_NEW_VERSION,
	                                   "cpol_publicity_new")) < 0 ||
	    (rc = cpol__work_need_date(spec->on, "on")) < 0 ||
	    (rc = cpol__work_need_text(spec->place, "place")) < 0 ||
	    (rc = count_at_least(spec->audience, 0, "audience")) < 0)
		return rc;
	if (!valid_code(cpol__prevention_topic_codes, (int)spec->topic))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "topic",
		                          "unknown topic %d: one of the six preventions (六防) is required",
		                          (int)spec->topic);
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__work_check_office(db, spec->office_id, "office_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, spec->officer_id, "officer_id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, PUBLICITY_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, spec->office_id);
	cpol__work_bind_id_opt(st, 2, spec->officer_id);
	cpol__bind_date(st, 3, spec->on);
	cpol__bind_text(st, 4, cpol_prevention_topic_name(spec->topic));
	cpol__bind_text(st, 5, spec->place);
	cpol__st_bind_int(st, 6, spec->audience);
	cpol__bind_text_opt(st, 7, spec->summary);
	if ((rc = cpol__db_step_done(db, st, "recording a publicity event")) == 0)
		last_id(out, db);
done:
	return cpol__db_finish(db, rc);
}

static const char PUBLICITY_GET_SQL[] =
	"SELECT " CPOL__PUBLICITY_COLUMNS " FROM publicity_event WHERE id = ?1";

int cpol__publicity_decode(cpol_publicity *p, cpol__stmt *st)
{
	int topic = 0;

	p->id = cpol__st_column_int64(st, 0);
	p->office_id = cpol__st_column_int64(st, 1);
	p->officer_id = cpol__st_column_int64(st, 2);
	p->on = cpol__column_date(st, 3);
	if (cpol__work_code_parse(&topic, cpol__prevention_topic_codes,
	                          (const char *)cpol__st_column_text(st, 4), "topic") < 0)
		cpol_error_clear();
	p->topic = (cpol_prevention_topic)topic;
	p->place = (const char *)cpol__st_column_text(st, 5);
	p->audience = cpol__st_column_int(st, 6);
	p->summary = (const char *)cpol__st_column_text(st, 7);
	p->archived_at = (const char *)cpol__st_column_text(st, 8);
	return 0;
}

static int publicity_decode_copy(void *rec, cpol__stmt *st, int *oom)
{
	cpol_publicity *p = rec;
	int rc = cpol__publicity_decode(p, st);

	STRDUP_COL(p->place, 5);
	STRDUP_COL(p->summary, 7);
	STRDUP_COL(p->archived_at, 8);
	return rc;
}

void cpol_publicity_free(cpol_publicity *p)
{
	if (!p)
		return;
	FREE_TEXT(p->place);
	FREE_TEXT(p->summary);
	FREE_TEXT(p->archived_at);
	free(p);
}

static void publicity_release(void *rec)
{
	cpol_publicity_free(rec);
}

int cpol_publicity_get(cpol_publicity **out, cpol_db *db, cpol_id event_id)
{
	return get_record((void **)out, db, PUBLICITY_GET_SQL, event_id, sizeof(cpol_publicity),
	                  publicity_decode_copy, publicity_release, "event_id", "publicity event");
}

static const char PUBLICITY_ARCHIVE_SQL[] =
	"UPDATE publicity_event SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";

int cpol_publicity_archive(cpol_db *db, cpol_id event_id)
{
	return archive_record(db, PUBLICITY_ARCHIVE_SQL, event_id, "event_id", "publicity event");
}

/* ------------------------------------------------------------ contact cards */

static const char CARD_INSERT_SQL[] =
	"INSERT INTO contact_card (office_id, house_id, officer_id, issued_on, number)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";

int cpol_contact_card_add(cpol_id *out, cpol_db *db, const cpol_contact_card_new *spec)
{
	cpol__stmt *st;
	int rc;

	if (!db || !spec)
		return cpol__error_set(CPOL_EINVAL, "cpol_contact_card_add: db and spec are required");
	if ((rc = cpol__work_check_version(spec->version, CPOL_CONTACT_CARD_NEW_VERSION,
	                                   "cpol_contact_card_new")) < 0 ||
	    (rc = cpol__work_need_date(spec->issued_on, "issued_on")) < 0)
		return rc;
	if (spec->house_id <= 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "house_id", "house_id is required");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__work_check_office(db, spec->office_id, "office_id")) < 0 ||
	    (rc = cpol__work_check_house_opt(db, spec->house_id, "house_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, spec->officer_id, "officer_id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, CARD_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, spec->office_id);
	cpol__st_bind_int64(st, 2, spec->house_id);
	cpol__work_bind_id_opt(st, 3, spec->officer_id);
	cpol__bind_date(st, 4, spec->issued_on);
	cpol__bind_text_opt(st, 5, spec->number);
	if ((rc = cpol__db_step_done(db, st, "recording a contact card")) == 0)
		last_id(out, db);
done:
	return cpol__db_finish(db, rc);
}

static const char CARD_GET_SQL[] =
	"SELECT " CPOL__CONTACT_CARD_COLUMNS " FROM contact_card WHERE id = ?1";

int cpol__contact_card_decode(cpol_contact_card *c, cpol__stmt *st)
{
	c->id = cpol__st_column_int64(st, 0);
	c->office_id = cpol__st_column_int64(st, 1);
	c->house_id = cpol__st_column_int64(st, 2);
	c->officer_id = cpol__st_column_int64(st, 3);
	c->issued_on = cpol__column_date(st, 4);
	c->number = (const char *)cpol__st_column_text(st, 5);
	c->archived_at = (const char *)cpol__st_column_text(st, 6);
	return 0;
}

static int card_decode_copy(void *rec, cpol__stmt *st, int *oom)
{
	cpol_contact_card *c = rec;
	int rc = cpol__contact_card_decode(c, st);

	STRDUP_COL(c->number, 5);
	STRDUP_COL(c->archived_at, 6);
	return rc;
}

void cpol_contact_card_free(cpol_contact_card *c)
{
	if (!c)
		return;
	FREE_TEXT(c->number);
	FREE_TEXT(c->archived_at);
	free(c);
}

static void card_release(void *rec)
{
	cpol_contact_card_free(rec);
}

int cpol_contact_card_get(cpol_contact_card **out, cpol_db *db, cpol_id card_id)
{
	return get_record((void **)out, db, CARD_GET_SQL, card_id, sizeof(cpol_contact_card),
	                  card_decode_copy, card_release, "card_id", "contact card");
}

static const char CARD_ARCHIVE_SQL[] =
	"UPDATE contact_card SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";

int cpol_contact_card_archive(cpol_db *db, cpol_id card_id)
{
	return archive_record(db, CARD_ARCHIVE_SQL, card_id, "card_id", "contact card");
}

/* The house's card on a day: reads contact_card_by_house. */
static const char HOUSE_CARD_SQL[] =
	"SELECT id FROM contact_card WHERE house_id = ?1 AND archived_at IS NULL AND issued_on <= ?2"
	" ORDER BY issued_on DESC, id DESC LIMIT 1";

int cpol_house_contact_card(cpol_id *out, cpol_db *db, cpol_id house_id, cpol_date on)
{
	cpol__stmt *st;
	int rc;

	if (!out || !db)
		return cpol__error_set(CPOL_EINVAL, "cpol_house_contact_card: out and db are required");
	*out = 0;
	if ((rc = cpol__work_need_date(on, "on")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, HOUSE_CARD_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, house_id);
	cpol__bind_date(st, 2, on);
	rc = cpol__work_step_row(db, st, "reading a house's contact card");
	if (rc == 0)
		*out = cpol__st_column_int64(st, 0);
	cpol__st_reset(st);
	return rc == CPOL_ENOTFOUND ? 0 : rc;
}

/* --------------------------------------------------------------------- 失控 */

static const char PERSON_OFFICE_SQL[] =
	"SELECT office_id FROM person WHERE id = ?1 AND archived_at IS NULL";
static const char LOST_OPEN_SQL[] =
	"SELECT id FROM person_lost WHERE person_id = ?1 AND ended_on IS NULL AND archived_at IS NULL";
static const char LOST_INSERT_SQL[] =
	"INSERT INTO person_lost (person_id, office_id, officer_id, lost_from, found_by, note)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* The person's managing office (0 when none); CPOL_ENOTFOUND for no live person. */
static int person_office(cpol_db *db, cpol_id person_id, cpol_id *office)
{
	cpol__stmt *st;
	int rc;

	if (person_id <= 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "person_id", "person_id is required");
	if ((rc = cpol__db_stmt(db, &st, PERSON_OFFICE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, person_id);
	rc = cpol__work_step_row(db, st, "reading a person");
	if (rc == 0)
		*office = cpol__st_column_int64(st, 0);
	cpol__st_reset(st);
	if (rc == CPOL_ENOTFOUND)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "person_id", "no live person with id %lld",
		                          (long long)person_id);
	return rc;
}

static int check_not_lost(cpol_db *db, cpol_id person_id)
{
	cpol__stmt *st;
	cpol_id open = 0;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, LOST_OPEN_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, person_id);
	rc = cpol__work_step_row(db, st, "reading a person's 失控 state");
	if (rc == 0)
		open = cpol__st_column_int64(st, 0);
	cpol__st_reset(st);
	if (rc == 0)
		return cpol__error_set_at(CPOL_ECONSTRAINT, NULL, 0, 0, "person_id",
		                          "person %lld is lost already (失控 record %lld is open)",
		                          (long long)person_id, (long long)open);
	return rc == CPOL_ENOTFOUND ? 0 : rc;
}

static int lost_add(cpol_id *out, cpol_db *db, const cpol_lost_new *s)
{
	cpol_id office = 0;
	cpol__stmt *st;
	int rc;

	if ((rc = person_office(db, s->person_id, &office)) < 0)
		return rc;
	if (s->office_id)
		office = s->office_id;
	if (!office)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "office_id",
		                          "person %lld is managed by no office: name the office",
		                          (long long)s->person_id);
	if ((rc = cpol__work_check_office(db, office, "office_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, s->officer_id, "officer_id")) < 0 ||
	    (rc = check_not_lost(db, s->person_id)) < 0 ||
	    (rc = cpol__db_stmt(db, &st, LOST_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->person_id);
	cpol__st_bind_int64(st, 2, office);
	cpol__work_bind_id_opt(st, 3, s->officer_id);
	cpol__bind_date(st, 4, s->from);
	cpol__bind_text(st, 5, cpol_lost_found_by_name(s->found_by));
	cpol__bind_text_opt(st, 6, s->note);
	if ((rc = cpol__db_step_done(db, st, "recording a 失控 state")) == 0)
		last_id(out, db);
	return rc;
}

int cpol_lost_add(cpol_id *out, cpol_db *db, const cpol_lost_new *spec)
{
	int rc;

	if (!db || !spec)
		return cpol__error_set(CPOL_EINVAL, "cpol_lost_add: db and spec are required");
	if ((rc = cpol__work_check_version(spec->version, CPOL_LOST_NEW_VERSION, "cpol_lost_new")) < 0 ||
	    (rc = cpol__work_need_date(spec->from, "from")) < 0)
		return rc;
	if (!valid_code(cpol__lost_found_by_codes, (int)spec->found_by))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "found_by",
		                          "unknown found_by %d", (int)spec->found_by);
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = lost_add(out, db, spec);
	return cpol__db_finish(db, rc);
}

static const char LOST_HEAD_SQL[] =
	"SELECT lost_from, ended_on FROM person_lost WHERE id = ?1 AND archived_at IS NULL";
static const char LOST_END_SQL[] =
	"UPDATE person_lost SET ended_on = ?2, end_reason = ?3, end_note = ?4 WHERE id = ?1";

static int lost_end(cpol_db *db, cpol_id lost_id, cpol_date on, cpol_lost_end_reason how,
                    const char *note)
{
	cpol_date from = CPOL_DATE_NONE;
	cpol__stmt *st;
	int rc, ended = 0;

	if ((rc = cpol__db_stmt(db, &st, LOST_HEAD_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, lost_id);
	rc = cpol__work_step_row(db, st, "reading a 失控 state");
	if (rc == 0) {
		from = cpol__column_date(st, 0);
		ended = cpol__st_column_type(st, 1) != CPOL__NULL;
	}
	cpol__st_reset(st);
	if (rc == CPOL_ENOTFOUND)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "lost_id",
		                          "no live 失控 record with id %lld", (long long)lost_id);
	if (rc < 0)
		return rc;
	if (ended)
		return cpol__error_set_at(CPOL_ECONSTRAINT, NULL, 0, 0, "lost_id",
		                          "失控 record %lld has ended already", (long long)lost_id);
	if (on < from)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "on",
		                          "a 失控 state cannot end before it began");
	if ((rc = cpol__db_stmt(db, &st, LOST_END_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, lost_id);
	cpol__bind_date(st, 2, on);
	cpol__bind_text(st, 3, cpol_lost_end_reason_name(how));
	cpol__bind_text_opt(st, 4, note);
	return cpol__db_step_done(db, st, "ending a 失控 state");
}

int cpol_lost_end(cpol_db *db, cpol_id lost_id, cpol_date on, cpol_lost_end_reason how, const char *note)
{
	int rc;

	if (!db)
		return cpol__error_set(CPOL_EINVAL, "cpol_lost_end: db is NULL");
	if ((rc = cpol__work_need_date(on, "on")) < 0)
		return rc;
	if (!valid_code(cpol__lost_end_codes, (int)how))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "how", "unknown end %d", (int)how);
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = lost_end(db, lost_id, on, how, note);
	return cpol__db_finish(db, rc);
}

static const char LOST_GET_SQL[] =
	"SELECT " CPOL__LOST_COLUMNS " FROM person_lost WHERE id = ?1";

static int code_value(const char *const *codes, const unsigned char *text)
{
	int v = 0;
	if (text && cpol__work_code_parse(&v, codes, (const char *)text, "code") < 0) {
		cpol_error_clear();
		v = 0;
	}
	return v;
}

int cpol__lost_decode(cpol_lost *l, cpol__stmt *st)
{
	l->id = cpol__st_column_int64(st, 0);
	l->person_id = cpol__st_column_int64(st, 1);
	l->office_id = cpol__st_column_int64(st, 2);
	l->officer_id = cpol__st_column_int64(st, 3);
	l->from = cpol__column_date(st, 4);
	l->found_by = (cpol_lost_found_by)code_value(cpol__lost_found_by_codes,
	                                             cpol__st_column_text(st, 5));
	l->note = (const char *)cpol__st_column_text(st, 6);
	l->ended_on = cpol__column_date(st, 7);
	l->end_reason = (cpol_lost_end_reason)code_value(cpol__lost_end_codes, cpol__st_column_text(st, 8));
	l->end_note = (const char *)cpol__st_column_text(st, 9);
	l->archived_at = (const char *)cpol__st_column_text(st, 10);
	return 0;
}

static int lost_decode_copy(void *rec, cpol__stmt *st, int *oom)
{
	cpol_lost *l = rec;
	int rc = cpol__lost_decode(l, st);

	STRDUP_COL(l->note, 6);
	STRDUP_COL(l->end_note, 9);
	STRDUP_COL(l->archived_at, 10);
	return rc;
}

void cpol_lost_free(cpol_lost *l)
{
	if (!l)
		return;
	FREE_TEXT(l->note);
	FREE_TEXT(l->end_note);
	FREE_TEXT(l->archived_at);
	free(l);
}

static void lost_release(void *rec)
{
	cpol_lost_free(rec);
}

int cpol_lost_get(cpol_lost **out, cpol_db *db, cpol_id lost_id)
{
	return get_record((void **)out, db, LOST_GET_SQL, lost_id, sizeof(cpol_lost),
	                  lost_decode_copy, lost_release, "lost_id", "失控 record");
}

static const char LOST_ARCHIVE_SQL[] =
	"UPDATE person_lost SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";

int cpol_lost_archive(cpol_db *db, cpol_id lost_id)
{
	return archive_record(db, LOST_ARCHIVE_SQL, lost_id, "lost_id", "失控 record");
}

/* ---------------------------------------------------- households without a card */

/*
 * The households of an office on a day, the one definition the uncarded
 * iterator and the owed view (lib/owed.c) share: the houses of the
 * communities the office's districts cover on ?2 with a live residence of
 * a live person holding ?2 (a household is people living there that day:
 * a move-out recorded ahead still holds until its last day, and asked
 * about a past day the residences of that day count). With the last
 * household contact on or before ?2 and whether a live card was issued on
 * or before it. ?1 office, ?2 day. Columns as CPOL__HOUSEHOLD_*.
 */
static const char UNCARDED_SQL[] =
	"SELECT h.id, h.address_id, count(DISTINCT r.person_id), min(r.valid_from),"
	" (SELECT max(t.on_date) FROM contact t WHERE t.house_id = h.id AND t.kind = 'household'"
	"   AND t.on_date <= ?2 AND t.archived_at IS NULL),"
	" EXISTS (SELECT 1 FROM contact_card k WHERE k.house_id = h.id"
	"   AND k.archived_at IS NULL AND k.issued_on <= ?2)"
	" FROM district d JOIN coverage c ON c.district_id = d.id AND c.archived_at IS NULL"
	"   AND c.valid_from <= ?2 AND (c.valid_to IS NULL OR c.valid_to >= ?2)"
	" JOIN house h ON h.community_id = c.community_id AND h.archived_at IS NULL"
	" JOIN residence r ON r.house_id = h.id AND r.archived_at IS NULL AND r.valid_from <= ?2"
	"   AND (r.valid_to IS NULL OR r.valid_to >= ?2)"
	" JOIN person p ON p.id = r.person_id AND p.archived_at IS NULL"
	" WHERE d.office_id = ?1 AND d.archived_at IS NULL"
	" GROUP BY h.id ORDER BY h.id";

int cpol__households_stmt(cpol__stmt **out, cpol_db *db, cpol_id office_id, cpol_date on)
{
	int rc = cpol__db_stmt(db, out, UNCARDED_SQL);

	if (rc < 0)
		return rc;
	cpol__st_bind_int64(*out, 1, office_id);
	cpol__bind_date(*out, 2, on);
	return 0;
}

struct cpol_uncarded_iter {
	cpol_db *db;
	cpol__stmt *st;       /* NULL when the rules ask for no cards */
	cpol_uncarded row;
};

static int check_office_day(cpol_id office_id, cpol_date on)
{
	if (office_id <= 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "office_id", "office_id is required");
	return cpol__work_need_date(on, "on");
}

/* Prepares sql for an iterator of its own (several may be open at once). */
static int prepare_own(cpol__stmt **st, cpol_db *db, const char *sql, const char *what)
{
	int rc = cpol__db_prepare(db, st, sql);
	if (rc != CPOL__OK)
		return cpol__db_error(db, rc, what);
	return 0;
}

int cpol_uncarded_iter_new(cpol_uncarded_iter **out, cpol_db *db, const cpol_rules *rules,
                           cpol_id office_id, cpol_date on)
{
	const cpol_rules_visits *v;
	cpol_uncarded_iter *it;
	int rc;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_uncarded_iter_new: out is NULL");
	*out = NULL;
	if (!db || !rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_uncarded_iter_new: db and rules are required");
	if ((rc = check_office_day(office_id, on)) < 0)
		return rc;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	v = cpol_rules_get_visits(rules);
	it->row.rule = v->contact_card.ref;
	if (v->contact_card.ref && v->contact_card.value) {
		if ((rc = prepare_own(&it->st, db, UNCARDED_SQL, "listing households without a card")) < 0) {
			free(it);
			return rc;
		}
		cpol__st_bind_int64(it->st, 1, office_id);
		cpol__bind_date(it->st, 2, on);
	}
	*out = it;
	return 0;
}

int cpol_uncarded_iter_next(const cpol_uncarded **out, cpol_uncarded_iter *it)
{
	int rc;

	if (!out || !it)
		return cpol__error_set(CPOL_EINVAL, "cpol_uncarded_iter_next: out and iter are required");
	*out = NULL;
	if (!it->st)
		return CPOL_ITEROVER;
	while ((rc = cpol__st_step(it->st)) == CPOL__ROW && cpol__st_column_int(it->st, CPOL__HOUSEHOLD_CARDED))
		;
	if (rc == CPOL__DONE)
		return CPOL_ITEROVER;
	if (rc != CPOL__ROW)
		return cpol__db_error(it->db, rc, "listing households without a card");
	it->row.house_id = cpol__st_column_int64(it->st, CPOL__HOUSEHOLD_ID);
	it->row.address_id = cpol__st_column_int64(it->st, CPOL__HOUSEHOLD_ADDRESS);
	it->row.residents = cpol__st_column_int(it->st, CPOL__HOUSEHOLD_RESIDENTS);
	it->row.since = cpol__column_date(it->st, CPOL__HOUSEHOLD_SINCE);
	*out = &it->row;
	return 0;
}

void cpol_uncarded_iter_free(cpol_uncarded_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->st);
	free(it);
}

/* ------------------------------------------------- residents owed a check */

/*
 * Residences holding ?2, of a type in ?3 (a JSON array of the codes with a
 * verify cadence), in the office's (?1) communities that day, of live
 * persons not lost that day; with the last check since the residence
 * began: the person's latest contact, a household contact at the house,
 * the day a 失控 state began or ended.
 */
static const char UNVERIFIED_SQL[] =
	"SELECT r.person_id, r.id, r.house_id, r.type, r.valid_from, max("
	"   coalesce((SELECT max(t.on_date) FROM contact t WHERE t.person_id = r.person_id"
	"     AND t.archived_at IS NULL AND t.on_date BETWEEN r.valid_from AND ?2), ''),"
	"   coalesce((SELECT max(t.on_date) FROM contact t WHERE t.house_id = r.house_id"
	"     AND t.kind = 'household' AND t.archived_at IS NULL"
	"     AND t.on_date BETWEEN r.valid_from AND ?2), ''),"
	"   coalesce((SELECT max(x) FROM (SELECT CASE WHEN l.ended_on IS NOT NULL AND l.ended_on <= ?2"
	"     THEN l.ended_on ELSE l.lost_from END AS x FROM person_lost l"
	"     WHERE l.person_id = r.person_id AND l.archived_at IS NULL AND l.lost_from <= ?2)"
	"     WHERE x >= r.valid_from), '')), p.name"
	" FROM district d JOIN coverage c ON c.district_id = d.id AND c.archived_at IS NULL"
	"   AND c.valid_from <= ?2 AND (c.valid_to IS NULL OR c.valid_to >= ?2)"
	" JOIN house h ON h.community_id = c.community_id AND h.archived_at IS NULL"
	" JOIN residence r ON r.house_id = h.id AND r.archived_at IS NULL AND r.valid_from <= ?2"
	"   AND (r.valid_to IS NULL OR r.valid_to >= ?2) AND r.type IN (SELECT value FROM json_each(?3))"
	" JOIN person p ON p.id = r.person_id AND p.archived_at IS NULL"
	" WHERE d.office_id = ?1 AND d.archived_at IS NULL"
	"   AND NOT EXISTS (SELECT 1 FROM person_lost l WHERE l.person_id = r.person_id"
	"     AND l.archived_at IS NULL AND l.lost_from <= ?2 AND (l.ended_on IS NULL OR l.ended_on > ?2))"
	" GROUP BY r.id ORDER BY r.person_id, r.id";

struct cpol_unverified_iter {
	cpol_db *db;
	const cpol_rules *rules;
	cpol__stmt *st;       /* NULL when no residence type has a verify cadence */
	cpol_date last_day;     /* on + horizon */
	cpol_unverified row;
};

/* A JSON array of the residence types with a verify cadence; NULL when none (or *oom). */
static char *verify_codes(const cpol_rules *rules, int *oom)
{
	const cpol_rules_population *pop = cpol_rules_get_population(rules);
	cpol__buf b = { 0 };
	size_t i, n = 0;

	cpol__buf_printf(&b, "[");
	for (i = 0; i < pop->residence_type_count; i++) {
		const cpol_rules_residence_type *t = &pop->residence_types[i];
		if (!CPOL_RULE_IS_SET(t->verify) || t->verify.value.kind == CPOL_CADENCE_NONE)
			continue;
		if (n++)
			cpol__buf_puts(&b, ",");
		cpol__buf_put_json_string(&b, t->code);
	}
	cpol__buf_printf(&b, "]");
	if (b.oom) {
		*oom = 1;
		cpol__buf_free(&b);
		return NULL;
	}
	if (!n) {
		cpol__buf_free(&b);
		return NULL;
	}
	return cpol__buf_detach(&b);
}

int cpol_unverified_iter_new(cpol_unverified_iter **out, cpol_db *db, const cpol_rules *rules,
                             cpol_id office_id, cpol_date on, int horizon_days)
{
	cpol_unverified_iter *it;
	char *codes;
	int rc, oom = 0;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_unverified_iter_new: out is NULL");
	*out = NULL;
	if (!db || !rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_unverified_iter_new: db and rules are required");
	if ((rc = check_office_day(office_id, on)) < 0 ||
	    (rc = count_at_least(horizon_days, 0, "horizon_days")) < 0)
		return rc;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	it->rules = rules;
	it->last_day = on + horizon_days;
	codes = verify_codes(rules, &oom);
	if (oom) {
		free(it);
		return cpol__error_oom();
	}
	if (codes) {
		rc = prepare_own(&it->st, db, UNVERIFIED_SQL, "listing residents owed a check");
		if (rc == 0) {
			cpol__st_bind_int64(it->st, 1, office_id);
			cpol__bind_date(it->st, 2, on);
			if (cpol__st_bind_text(it->st, 3, codes, -1) != CPOL__OK)
				rc = cpol__error_oom();
		}
		free(codes);
		if (rc < 0) {
			cpol_unverified_iter_free(it);
			return rc;
		}
	}
	*out = it;
	return 0;
}

static const cpol_rules_residence_type *residence_type(const cpol_rules *rules, const char *code)
{
	const cpol_rules_population *pop = cpol_rules_get_population(rules);
	size_t i;

	for (i = 0; code && i < pop->residence_type_count; i++)
		if (strcmp(pop->residence_types[i].code, code) == 0)
			return &pop->residence_types[i];
	return NULL;
}

int cpol_unverified_iter_next(const cpol_unverified **out, cpol_unverified_iter *it)
{
	cpol_unverified *r;
	int rc;

	if (!out || !it)
		return cpol__error_set(CPOL_EINVAL, "cpol_unverified_iter_next: out and iter are required");
	*out = NULL;
	r = &it->row;
	while (it->st && (rc = cpol__st_step(it->st)) == CPOL__ROW) {
		const cpol_rules_residence_type *t =
			residence_type(it->rules, (const char *)cpol__st_column_text(it->st, 3));
		const char *last = (const char *)cpol__st_column_text(it->st, 5);

		if (!t)
			continue;   /* mutate: skip (the SQL selected only the rules' codes) */
		r->person_id = cpol__st_column_int64(it->st, 0);
		r->residence_id = cpol__st_column_int64(it->st, 1);
		r->house_id = cpol__st_column_int64(it->st, 2);
		r->type_code = t->code;
		r->since = cpol__column_date(it->st, 4);
		r->last_checked = CPOL_DATE_NONE;
		if (last && *last && cpol_date_parse(&r->last_checked, last) < 0)
			return cpol__error_set_at(CPOL_EDB, NULL, 0, 0, "last_checked",
			                          "a stored date is not ISO: '%s'", last);
		r->rule = t->verify.ref;
		r->name = (const char *)cpol__st_column_text(it->st, 6);
		if ((rc = cpol_rules_owed_by(&r->due, &r->provisional, it->rules, &t->verify.value,
		                             r->last_checked, r->since)) < 0)
			return rc;
		if (r->due <= it->last_day) {
			*out = r;
			return 0;
		}
	}
	if (!it->st || rc == CPOL__DONE)
		return CPOL_ITEROVER;
	return cpol__db_error(it->db, rc, "listing residents owed a check");
}

void cpol_unverified_iter_free(cpol_unverified_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->st);
	free(it);
}

/* ------------------------------------------------------------------- quotas */

/* The officers of ?1 on ?2 (assignment_by_office). */
static const char QUOTA_OFFICERS_SQL[] =
	"SELECT DISTINCT a.staff_id FROM staff_assignment a"
	" JOIN staff s ON s.id = a.staff_id AND s.kind = 'officer' AND s.archived_at IS NULL"
	" WHERE a.office_id = ?1 AND a.archived_at IS NULL AND a.valid_from <= ?2"
	" AND (a.valid_to IS NULL OR a.valid_to >= ?2) ORDER BY a.staff_id";
/* ?1 officer, ?2 .. ?3 the period; the count, and the officer's name. */
static const char QUOTA_NIGHT_PATROLS_SQL[] =
	"SELECT count(*), (SELECT name FROM staff WHERE id = ?1) FROM patrol"
	" WHERE officer_id = ?1 AND night = 1 AND archived_at IS NULL"
	" AND on_date BETWEEN ?2 AND ?3";
static const char QUOTA_PUBLICITY_SQL[] =
	"SELECT count(*), (SELECT name FROM staff WHERE id = ?1) FROM publicity_event"
	" WHERE officer_id = ?1 AND archived_at IS NULL"
	" AND on_date BETWEEN ?2 AND ?3";

/* The count into *out, and into *name a copy of the officer's name (or NULL). */
static int count_in(int *out, char **name, cpol_db *db, const char *sql, cpol_id officer,
                    cpol_date from, cpol_date to)
{
	cpol__stmt *st;
	int rc, oom = 0;

	if ((rc = cpol__db_stmt(db, &st, sql)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, officer);
	cpol__bind_date(st, 2, from);
	cpol__bind_date(st, 3, to);
	rc = cpol__work_step_row(db, st, "counting an officer's records");
	if (rc == 0) {
		*out = cpol__st_column_int(st, 0);
		*name = cpol__column_strdup(st, 1, &oom);
	}
	cpol__st_reset(st);
	return rc == 0 && oom ? cpol__error_oom() : rc;
}

void cpol_quota_list_free(cpol_quota_list *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->count; i++) {
		FREE_TEXT(list->items[i].rule_file);
		FREE_TEXT(list->items[i].rule_region);
		FREE_TEXT(list->items[i].officer_name);
	}
	free(list->items);
	free(list);
}

/* Appends one officer's quota of kind k, target rule `r`, in [from, to]. */
static int add_quota(cpol_quota_list *list, size_t *cap, cpol_db *db, cpol_quota_kind k,
                     const cpol_rule_int *r, const char *key, const char *sql, cpol_id office,
                     cpol_id officer, cpol_date from, cpol_date to)
{
	cpol_quota *q;
	char *name = NULL;
	int rc, done = 0;

	if (!r->ref || r->value <= 0)
		return 0;
	if ((rc = count_in(&done, &name, db, sql, officer, from, to)) < 0)
		return rc;
	if (list->count == *cap) {
		size_t n = *cap ? *cap * 2 : 8;
		cpol_quota *items = realloc(list->items, n * sizeof(*items));
		if (!items) {
			free(name);
			return cpol__error_oom();
		}
		list->items = items;
		*cap = n;
	}
	q = &list->items[list->count];
	memset(q, 0, sizeof(*q));
	q->kind = k;
	q->office_id = office;
	q->officer_id = officer;
	q->from = from;
	q->to = to;
	q->done = done;
	q->target = (int)r->value;
	q->short_by = q->target > done ? q->target - done : 0;
	q->rule_key = key;
	q->rule_line = r->ref->line;
	q->officer_name = name;
	list->count++;
	if ((r->ref->file && !(q->rule_file = strdup(r->ref->file))) ||
	    (r->ref->region && !(q->rule_region = strdup(r->ref->region))))
		return cpol__error_oom();
	return 0;
}

static int officer_quotas(cpol_quota_list *list, size_t *cap, cpol_db *db, const cpol_rules *rules,
                          cpol_id office, cpol_id officer, cpol_date on)
{
	cpol_date week = cpol_date_week_start(on), month = cpol_date_month_start(on);
	int rc;

	if ((rc = add_quota(list, cap, db, CPOL_QUOTA_NIGHT_PATROLS,
	                    &cpol_rules_get_duty(rules)->night_patrols_per_week,
	                    "duty.night_patrols_per_week", QUOTA_NIGHT_PATROLS_SQL, office, officer,
	                    week, week + 6)) < 0)
		return rc;
	return add_quota(list, cap, db, CPOL_QUOTA_PUBLICITY,
	                 &cpol_rules_get_visits(rules)->publicity_per_month,
	                 "visits.publicity_per_month", QUOTA_PUBLICITY_SQL, office, officer, month,
	                 cpol_date_add_months(month, 1) - 1);
}

static int office_quotas(cpol_quota_list *list, cpol_db *db, const cpol_rules *rules,
                         cpol_id office, cpol_id officer, cpol_date on)
{
	cpol__stmt *st = NULL;
	size_t cap = 0;
	int rc;

	if (officer)
		return officer_quotas(list, &cap, db, rules, office, officer, on);
	if ((rc = prepare_own(&st, db, QUOTA_OFFICERS_SQL, "listing an office's officers")) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, office);
	cpol__bind_date(st, 2, on);
	while ((rc = cpol__st_step(st)) == CPOL__ROW)
		if ((rc = officer_quotas(list, &cap, db, rules, office, cpol__st_column_int64(st, 0),
		                         on)) < 0)
			break;
	if (rc == CPOL__DONE)
		rc = 0;
	else if (rc > 0)
		rc = cpol__db_error(db, rc, "listing an office's officers");
	cpol__st_finalize(st);
	return rc;
}

int cpol_quota_list_get(cpol_quota_list **out, cpol_db *db, const cpol_rules *rules,
                        cpol_id office_id, cpol_id officer_id, cpol_date on)
{
	cpol_quota_list *list;
	int rc;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_quota_list_get: out is NULL");
	*out = NULL;
	if (!db || !rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_quota_list_get: db and rules are required");
	if ((rc = check_office_day(office_id, on)) < 0)
		return rc;
	if (!(list = calloc(1, sizeof(*list))))
		return cpol__error_oom();
	list->on = on;
	if ((rc = office_quotas(list, db, rules, office_id, officer_id, on)) < 0) {
		cpol_quota_list_free(list);
		return rc;
	}
	*out = list;
	return 0;
}
