/*
 * libcommpolice — duty: availability, preferences and rosters in the
 * database, and loading an office's roster problem from it.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "duty_internal.h"

#include <stdlib.h>
#include <string.h>

static const char AWAY_ADD_SQL[] =
	"INSERT INTO duty_availability (staff_id, kind, date_from, date_to, note) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char AWAY_ARCHIVE_SQL[] =
	"UPDATE duty_availability SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";
static const char AWAY_LIST_SQL[] =
	"SELECT id, kind, date_from, date_to FROM duty_availability"
	" WHERE staff_id = ?1 AND archived_at IS NULL AND date_from <= ?3 AND date_to >= ?2 ORDER BY id";
static const char TRAINING_SQL[] =
	"SELECT date_from, date_to FROM duty_availability"
	" WHERE staff_id = ?1 AND archived_at IS NULL AND kind = 'training' AND date_from <= ?3 AND date_to >= ?2";
static const char PREF_ADD_SQL[] =
	"INSERT INTO duty_preference (staff_id, date, weekdays, shift, want, weight) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char PREF_ARCHIVE_SQL[] =
	"UPDATE duty_preference SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";
static const char PREF_LIST_SQL[] =
	"SELECT id, date, weekdays, shift, want, weight FROM duty_preference"
	" WHERE staff_id = ?1 AND archived_at IS NULL AND (date IS NULL OR (date >= ?2 AND date <= ?3))"
	" ORDER BY id";
/*
 * What a staff member did in the office's live rosters of the history
 * window: minutes of night, weekend and holiday duty and of all duty; and
 * the days of the window they were there to be rostered, counted day by day:
 * on the office's staff (any live assignment) and not away (live
 * availability records).
 */
static const char HISTORY_SQL[] =
	"WITH RECURSIVE day(d) AS (SELECT date(?3) UNION ALL SELECT date(d, '+1 day') FROM day"
	"  WHERE d < date(?4, '-1 day'))"
	" SELECT coalesce(sum(a.night * (a.end_min - a.start_min)), 0),"
	" coalesce(sum(a.weekend * (a.end_min - a.start_min)), 0),"
	" coalesce(sum(a.holiday * (a.end_min - a.start_min)), 0), coalesce(sum(a.end_min - a.start_min), 0),"
	" (SELECT count(*) FROM day WHERE"
	"  EXISTS (SELECT 1 FROM staff_assignment s WHERE s.staff_id = ?1 AND s.office_id = ?2"
	"          AND s.archived_at IS NULL AND s.valid_from <= day.d AND (s.valid_to IS NULL OR s.valid_to >= day.d))"
	"  AND NOT EXISTS (SELECT 1 FROM duty_availability v WHERE v.staff_id = ?1 AND v.archived_at IS NULL"
	"          AND v.date_from <= day.d AND v.date_to >= day.d))"
	" FROM duty_assignment a JOIN duty_roster r ON r.id = a.roster_id"
	" WHERE a.staff_id = ?1 AND a.archived_at IS NULL AND r.archived_at IS NULL"
	" AND r.office_id = ?2 AND a.date >= ?3 AND a.date < ?4";
static const char ROSTER_ARCHIVE_ENTRIES_SQL[] =
	"UPDATE duty_assignment SET archived_at = cpol_now() WHERE archived_at IS NULL AND roster_id IN"
	" (SELECT id FROM duty_roster WHERE office_id = ?1 AND archived_at IS NULL"
	"  AND date_from <= ?3 AND date_to >= ?2)";
static const char ROSTER_ARCHIVE_SQL[] =
	"UPDATE duty_roster SET archived_at = cpol_now() WHERE office_id = ?1 AND archived_at IS NULL"
	" AND date_from <= ?3 AND date_to >= ?2";
static const char ROSTER_ADD_SQL[] =
	"INSERT INTO duty_roster (office_id, date_from, date_to, seed, hard_violations, soft_penalty)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char ENTRY_ADD_SQL[] =
	"INSERT INTO duty_assignment (roster_id, staff_id, date, shift, start_min, end_min, night, weekend, holiday)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char ROSTER_ENTRIES_SQL[] =
	"SELECT a.staff_id, a.date, a.shift FROM duty_assignment a JOIN duty_roster r ON r.id = a.roster_id"
	" WHERE r.office_id = ?1 AND r.archived_at IS NULL AND a.archived_at IS NULL"
	" AND a.date >= ?2 AND a.date <= ?3 ORDER BY a.date, a.staff_id, a.shift";

static const char STAFF_LIVE_SQL[] = "SELECT 1 FROM staff WHERE id = ?1 AND archived_at IS NULL";
static const char POSTS_SQL[] =
	"SELECT post FROM duty_staff_post WHERE staff_id = ?1 AND archived_at IS NULL ORDER BY post";
static const char POST_ARCHIVE_SQL[] =
	"UPDATE duty_staff_post SET archived_at = cpol_now() WHERE staff_id = ?1 AND post = ?2 AND archived_at IS NULL";
static const char POST_ADD_SQL[] = "INSERT INTO duty_staff_post (staff_id, post) VALUES (?1, ?2)";

static const char *const away_kinds[] = { NULL, "leave", "training", "sick", "other" };

int cpol_duty_away_add(cpol_id *out, cpol_db *db, cpol_id staff_id, cpol_duty_away why,
                       cpol_date from, cpol_date to, const char *note)
{
	cpol__stmt *st;
	int rc;

	if (why < CPOL_DUTY_AWAY_LEAVE || why > CPOL_DUTY_AWAY_OTHER)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "why",
		                          "an availability record is leave, training, sick or other, not %d", (int)why);
	if (from == CPOL_DATE_NONE || to == CPOL_DATE_NONE || to < from)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "to", "the last day away is before the first");
	if ((rc = cpol__db_check_writable(db)) < 0 || (rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, AWAY_ADD_SQL)) == 0) {
		cpol__st_bind_int64(st, 1, staff_id);
		if ((rc = cpol__bind_text(st, 2, away_kinds[why])) == 0 && (rc = cpol__bind_date(st, 3, from)) == 0 &&
		    (rc = cpol__bind_date(st, 4, to)) == 0 && (rc = cpol__bind_text_opt(st, 5, note)) == 0)
			rc = cpol__db_step_done(db, st, "recording an absence");
		if (rc == 0 && out)
			*out = cpol__db_last_id(db);
	}
	return cpol__db_finish(db, rc);
}

int cpol_duty_away_archive(cpol_db *db, cpol_id id)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_check_writable(db)) < 0 || (rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, AWAY_ARCHIVE_SQL)) == 0) {
		cpol__st_bind_int64(st, 1, id);
		rc = cpol__db_step_done(db, st, "archiving an absence");
		if (rc == 0 && cpol__db_changes(db) == 0)
			rc = cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "id",
			                        "no live availability record %lld", (long long)id);
	}
	return cpol__db_finish(db, rc);
}

int cpol_duty_preference_add(cpol_id *out, cpol_db *db, cpol_id staff_id, const cpol_duty_preference *pref)
{
	cpol__stmt *st;
	int rc;

	if (!db || !pref)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_preference_add: NULL argument");
	if (pref->version != CPOL_DUTY_PREFERENCE_VERSION)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "version",
		                          "unknown cpol_duty_preference version %u", pref->version);
	if (pref->want != 1 && pref->want != -1)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "want", "want is 1 or -1, not %d", pref->want);
	if (pref->weight < 1 || pref->weight > 1000)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "weight",
		                          "a preference's weight is 1..1000, not %d", pref->weight);
	if (pref->weekdays & ~0xfeu)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "weekdays",
		                          "weekdays are bits 1 (Monday) to 7 (Sunday), not 0x%x", pref->weekdays);
	if (pref->shift && !cpol__duty_valid_code(pref->shift))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "shift",
		                          "a shift code is 1-32 ASCII letters, digits, '_' or '-'");
	if ((rc = cpol__db_check_writable(db)) < 0 || (rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, PREF_ADD_SQL)) == 0) {
		cpol__st_bind_int64(st, 1, staff_id);
		if ((rc = cpol__bind_date_opt(st, 2, pref->date)) == 0 &&
		    (rc = cpol__bind_text_opt(st, 4, pref->shift)) == 0) {
			cpol__st_bind_int(st, 3, (int)pref->weekdays);
			cpol__st_bind_int(st, 5, pref->want);
			cpol__st_bind_int(st, 6, pref->weight);
			rc = cpol__db_step_done(db, st, "recording a preference");
		}
		if (rc == 0 && out)
			*out = cpol__db_last_id(db);
	}
	return cpol__db_finish(db, rc);
}

int cpol_duty_preference_archive(cpol_db *db, cpol_id id)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_check_writable(db)) < 0 || (rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, PREF_ARCHIVE_SQL)) == 0) {
		cpol__st_bind_int64(st, 1, id);
		rc = cpol__db_step_done(db, st, "archiving a preference");
		if (rc == 0 && cpol__db_changes(db) == 0)
			rc = cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "id",
			                        "no live preference record %lld", (long long)id);
	}
	return cpol__db_finish(db, rc);
}

static void free_posts(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

/* Is code one of v[0..n)? */
static int listed(char *const *v, size_t n, const char *code)
{
	size_t k;
	for (k = 0; k < n; k++)
		if (!strcmp(v[k], code))
			return 1;
	return 0;
}

/*
 * The posts of a comma-separated list ("A,B", spaces around a name
 * allowed): each a shift-like code (1-32 ASCII letters, digits, '_' or
 * '-'), none twice. On success *out holds n copies (free_posts).
 */
static int split_posts(char ***out, size_t *n, const char *posts)
{
	char **v = NULL, **t;
	const char *s = posts ? posts : "";
	size_t m = 0, item;

	*out = NULL;
	*n = 0;
	for (item = 1;; item++) {
		const char *e = strchr(s, ','), *end = e ? e : s + strlen(s);
		char *code;
		while (*s == ' ')
			s++;
		while (end > s && end[-1] == ' ')
			end--;
		if (item == 1 && !e && end == s)
			break; /* "" or spaces: no post */
		if (!(code = cpol__strndup(s, (size_t)(end - s))))
			goto oom;
		if (!cpol__duty_valid_code(code) || listed(v, m, code)) {
			cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "posts",
			                   cpol__duty_valid_code(code) ? "post %zu of \"%s\" is listed twice"
			                                               : "post %zu of \"%s\" is not 1-32 ASCII letters, "
			                                                 "digits, '_' or '-'",
			                   item, posts);
			free(code);
			free_posts(v, m);
			return CPOL_EINVAL;
		}
		if (!(t = realloc(v, (m + 1) * sizeof(*v)))) {
			free(code);
			goto oom;
		}
		v = t;
		v[m++] = code;
		if (!e)
			break;
		s = e + 1;
	}
	*out = v;
	*n = m;
	return 0;
oom:
	free_posts(v, m);
	return cpol__error_oom();
}

static int staff_live(cpol_db *db, cpol_id staff_id)
{
	cpol__stmt *st;
	int rc, step;

	if ((rc = cpol__db_stmt(db, &st, STAFF_LIVE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, staff_id);
	step = cpol__st_step(st);
	cpol__st_reset(st);
	if (step == CPOL__ROW)
		return 0;
	if (step != CPOL__DONE)
		return cpol__db_error(db, step, "reading a staff member");
	return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "staff_id", "no live staff member %lld",
	                          (long long)staff_id);
}

/* The live posts of a staff member, sorted by name (free_posts). */
static int read_posts(char ***out, size_t *n, cpol_db *db, cpol_id staff_id)
{
	char **v = NULL, **t, *code;
	cpol__stmt *st;
	size_t m = 0;
	int rc, step;

	*out = NULL;
	*n = 0;
	if ((rc = cpol__db_stmt(db, &st, POSTS_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, staff_id);
	while ((step = cpol__st_step(st)) == CPOL__ROW) {
		if (!(code = cpol__strdup((const char *)cpol__st_column_text(st, 0))) ||
		    !(t = realloc(v, (m + 1) * sizeof(*v)))) {
			free(code);
			cpol__st_reset(st);
			free_posts(v, m);
			return cpol__error_oom();
		}
		v = t;
		v[m++] = code;
	}
	cpol__st_reset(st);
	if (step != CPOL__DONE) {
		free_posts(v, m);
		return cpol__db_error(db, step, "reading a staff member's posts");
	}
	*out = v;
	*n = m;
	return 0;
}

int cpol_duty_staff_posts_set(cpol_db *db, cpol_id staff_id, const char *posts)
{
	char **want = NULL, **have = NULL;
	size_t nwant = 0, nhave = 0, k;
	cpol__stmt *st;
	int rc;

	if (!db)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_staff_posts_set: db is NULL");
	if ((rc = split_posts(&want, &nwant, posts)) < 0)
		return rc;
	if ((rc = cpol__db_check_writable(db)) < 0 || (rc = cpol_db_begin(db)) < 0) {
		free_posts(want, nwant);
		return rc;
	}
	if ((rc = staff_live(db, staff_id)) < 0 || (rc = read_posts(&have, &nhave, db, staff_id)) < 0)
		goto done;
	for (k = 0; k < nhave && rc == 0; k++) {
		if (listed(want, nwant, have[k]) || (rc = cpol__db_stmt(db, &st, POST_ARCHIVE_SQL)) < 0)
			continue;
		cpol__st_bind_int64(st, 1, staff_id);
		if ((rc = cpol__bind_text(st, 2, have[k])) == 0)
			rc = cpol__db_step_done(db, st, "archiving a post");
	}
	for (k = 0; k < nwant && rc == 0; k++) {
		if (listed(have, nhave, want[k]) || (rc = cpol__db_stmt(db, &st, POST_ADD_SQL)) < 0)
			continue;
		cpol__st_bind_int64(st, 1, staff_id);
		if ((rc = cpol__bind_text(st, 2, want[k])) == 0)
			rc = cpol__db_step_done(db, st, "recording a post");
	}
done:
	free_posts(want, nwant);
	free_posts(have, nhave);
	return cpol__db_finish(db, rc);
}

int cpol_duty_staff_posts(char **out, cpol_db *db, cpol_id staff_id)
{
	cpol__buf b = { 0 };
	char **v = NULL;
	size_t n = 0, k;
	int rc;

	if (!out || !db)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_staff_posts: NULL argument");
	*out = NULL;
	if ((rc = staff_live(db, staff_id)) < 0 || (rc = read_posts(&v, &n, db, staff_id)) < 0)
		return rc;
	cpol__buf_puts(&b, "");
	for (k = 0; k < n; k++) {
		if (k)
			cpol__buf_puts(&b, ",");
		cpol__buf_puts(&b, v[k]);
	}
	free_posts(v, n);
	if (b.oom) {
		cpol__buf_free(&b);
		return cpol__error_oom();
	}
	*out = cpol__buf_detach(&b);
	return 0;
}

/*
 * One step of the posts' matching (Kuhn's augmenting paths): give post k
 * to a person who can hold it, moving posts already given along a chain
 * where that is the only way. can[i * np + k]: person i can hold post k.
 */
static int seat_post(int k, const unsigned char *can, int np, int npeople, int *post_of, unsigned char *seen)
{
	int i;

	for (i = 0; i < npeople; i++)
		if (can[(size_t)i * (size_t)np + (size_t)k] && !seen[i]) {
			seen[i] = 1;
			if (post_of[i] < 0 || seat_post(post_of[i], can, np, npeople, post_of, seen)) {
				post_of[i] = k;
				return 1;
			}
		}
	return 0;
}

/*
 * The posts the office's people can hold (duty_staff_post), matched to the
 * rules' duty.posts: each post, in the rules' order, to the first person
 * (in load order, by staff id) who can hold it and holds none yet; when
 * nobody is left for it, posts already given move along a chain so that
 * as many posts as possible are held. Posts the rules do not list are not
 * this office's and are passed over. Nothing stored for anyone: the
 * problem keeps its default (the officers take the posts in order).
 */
static int load_posts(cpol_db *db, cpol_duty_problem *p)
{
	const cpol_rules_duty *du = cpol_rules_get_duty(p->rules ? p->rules : p->national);
	int np = (int)du->post_count, any = 0, rc = 0, i, k;
	unsigned char *can = NULL, *seen = NULL;
	int *post_of = NULL;

	if (np == 0 || p->npeople == 0)
		return 0;
	if (!(can = calloc((size_t)p->npeople * (size_t)np, 1)) || !(seen = calloc((size_t)p->npeople, 1)) ||
	    !(post_of = malloc((size_t)p->npeople * sizeof(*post_of)))) {
		rc = cpol__error_oom();
		goto done;
	}
	for (i = 0; i < p->npeople; i++) {
		char **v;
		size_t n, j;
		post_of[i] = -1;
		if ((rc = read_posts(&v, &n, db, p->people[i].id)) < 0)
			goto done;
		for (j = 0; j < n; j++)
			for (k = 0; k < np; k++)
				if (!strcmp(v[j], du->posts[k]))
					can[(size_t)i * (size_t)np + (size_t)k] = any = 1;
		free_posts(v, n);
	}
	if (!any)
		goto done;
	for (k = 0; k < np; k++) {
		for (i = 0; i < p->npeople; i++)
			if (can[(size_t)i * (size_t)np + (size_t)k] && post_of[i] < 0)
				break;
		if (i < p->npeople) {
			post_of[i] = k;
			continue;
		}
		memset(seen, 0, (size_t)p->npeople);
		seat_post(k, can, np, p->npeople, post_of, seen);
	}
	for (i = 0; i < p->npeople && rc == 0; i++)
		rc = cpol_duty_problem_set_post(p, i, post_of[i] < 0 ? NULL : du->posts[post_of[i]]);
done:
	free(can);
	free(seen);
	free(post_of);
	return rc;
}

static int away_of(const char *kind)
{
	int i;
	for (i = 1; i <= CPOL_DUTY_AWAY_OTHER; i++)
		if (kind && !strcmp(kind, away_kinds[i]))
			return i;
	return CPOL_DUTY_AWAY_OTHER;
}

/*
 * Days of concentrated training of person i in the calendar years the
 * problem touches that fall outside its days: the live training records,
 * overlapping ones counted once.
 */
static int load_training(cpol_db *db, cpol_duty_problem *p, int i, cpol_id staff_id)
{
	cpol_date last = p->start + p->ndays - 1;
	unsigned char seen[366];
	cpol__stmt *st;
	int rc = 0, step, k, y0 = 0;

	cpol_date_split(&y0, NULL, NULL, p->start);
	for (k = 0; k < cpol__duty_years(p); k++) {
		cpol_date jan1, dec31, d, from, to;
		int n = 0;
		if ((rc = cpol_date_from_ymd(&jan1, y0 + k, 1, 1)) < 0 ||
		    (rc = cpol_date_from_ymd(&dec31, y0 + k, 12, 31)) < 0 ||
		    (rc = cpol__db_stmt(db, &st, TRAINING_SQL)) < 0)
			return rc;
		memset(seen, 0, sizeof(seen));
		cpol__st_bind_int64(st, 1, staff_id);
		cpol__bind_date(st, 2, jan1);
		cpol__bind_date(st, 3, dec31);
		while ((step = cpol__st_step(st)) == CPOL__ROW) {
			from = cpol__column_date(st, 0);
			to = cpol__column_date(st, 1);
			if (from == CPOL_DATE_NONE || to == CPOL_DATE_NONE)
				continue;
			for (d = from < jan1 ? jan1 : from; d <= to && d <= dec31; d++)
				if ((d < p->start || d > last) && !seen[d - jan1]) {
					seen[d - jan1] = 1;
					n++;
				}
		}
		cpol__st_reset(st);
		if (step != CPOL__DONE)
			return cpol__db_error(db, step, "reading training days");
		if ((rc = cpol_duty_problem_set_training_outside(p, i, y0 + k, n)) < 0)
			return rc;
	}
	return 0;
}

/* Absences, preferences and history of person i (staff id) from the tables. */
static int load_person(cpol_db *db, cpol_duty_problem *p, int i, cpol_id staff_id, cpol_id office_id,
                       int history_days)
{
	cpol_date last = p->start + p->ndays - 1;
	cpol__stmt *st;
	int rc, step;

	if ((rc = cpol__db_stmt(db, &st, AWAY_LIST_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, staff_id);
	cpol__bind_date(st, 2, p->start);
	cpol__bind_date(st, 3, last);
	while ((step = cpol__st_step(st)) == CPOL__ROW)
		if ((rc = cpol_duty_problem_set_away(p, i, cpol__column_date(st, 2), cpol__column_date(st, 3),
		                                     (cpol_duty_away)away_of((const char *)cpol__st_column_text(st, 1)),
		                                     cpol__st_column_int64(st, 0))) < 0)
			break;
	cpol__st_reset(st);
	if (rc < 0)
		return rc;
	if (step != CPOL__DONE)
		return cpol__db_error(db, step, "reading absences");

	if ((rc = cpol__db_stmt(db, &st, PREF_LIST_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, staff_id);
	cpol__bind_date(st, 2, p->start);
	cpol__bind_date(st, 3, last);
	while ((step = cpol__st_step(st)) == CPOL__ROW) {
		cpol_duty_preference q = CPOL_DUTY_PREFERENCE_INIT;
		q.date = cpol__column_date(st, 1);
		q.weekdays = (unsigned)cpol__st_column_int(st, 2);
		q.shift = (const char *)cpol__st_column_text(st, 3);
		q.want = cpol__st_column_int(st, 4);
		q.weight = cpol__st_column_int(st, 5);
		if ((rc = cpol_duty_problem_add_preference(p, i, &q, cpol__st_column_int64(st, 0))) < 0)
			break;
	}
	cpol__st_reset(st);
	if (rc < 0)
		return rc;
	if (step != CPOL__DONE)
		return cpol__db_error(db, step, "reading preferences");

	if (history_days > 0) {
		cpol_duty_history h;
		if ((rc = cpol__db_stmt(db, &st, HISTORY_SQL)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, staff_id);
		cpol__st_bind_int64(st, 2, office_id);
		cpol__bind_date(st, 3, p->start - history_days);
		cpol__bind_date(st, 4, p->start);
		step = cpol__st_step(st);
		if (step != CPOL__ROW) {
			cpol__st_reset(st);
			return cpol__db_error(db, step, "reading earlier rosters");
		}
		h.night_minutes = cpol__st_column_int(st, 0);
		h.weekend_minutes = cpol__st_column_int(st, 1);
		h.holiday_minutes = cpol__st_column_int(st, 2);
		h.minutes = cpol__st_column_int(st, 3);
		h.days = cpol__st_column_int(st, 4);
		cpol__st_reset(st);
		rc = cpol_duty_problem_set_history(p, i, &h);
	}
	return rc;
}

int cpol_duty_problem_load(cpol_duty_problem **out, cpol_db *db, cpol_id office_id, cpol_date start,
                           int ndays, const cpol_rules *rules, int history_days)
{
	cpol_staff_query q = CPOL_STAFF_QUERY_INIT;
	cpol_staff_iter *it = NULL;
	const cpol_staff *s;
	cpol_duty_problem *p = NULL;
	unsigned char *present = NULL; /* per person and day: on the office's staff */
	int rc, i, d;

	if (!out || !db)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_problem_load: NULL argument");
	*out = NULL;
	if (history_days < 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "history_days", "history_days is negative");
	if ((rc = cpol_duty_problem_new(&p, start, ndays)) < 0)
		return rc;
	if (rules && (rc = cpol_duty_problem_set_rules(p, rules)) < 0)
		goto done;
	q.office_id = office_id;
	if ((rc = cpol_staff_iter_new(&it, db, &q)) < 0)
		goto done;
	/* Every assignment to the office that overlaps the days: one person per staff member. */
	while ((rc = cpol_staff_iter_next(&s, it)) == 0) {
		cpol_date to = s->active_to == CPOL_DATE_NONE ? start + ndays : s->active_to;
		unsigned char *t;
		if (s->active_from > start + ndays - 1 || to < start)
			continue;
		if (cpol_duty_problem_find_person(&i, p, s->id) < 0) {
			if ((rc = cpol_duty_problem_add_person(&i, p, s->id, s->name, s->kind, s->dedicated_community)) < 0)
				goto done;
			if (!(t = realloc(present, (size_t)p->npeople * (size_t)ndays))) {
				rc = cpol__error_oom();
				goto done;
			}
			present = t;
			memset(present + (size_t)i * (size_t)ndays, 0, (size_t)ndays);
		} else if (s->dedicated_community) {
			p->people[i].dedicated = 1; /* the flag of any assignment in the period holds */
		}
		for (d = 0; d < ndays; d++)
			if (start + d >= s->active_from && start + d <= to)
				present[(size_t)i * (size_t)ndays + (size_t)d] = 1;
	}
	if (rc != CPOL_ITEROVER)
		goto done;
	cpol_error_clear();
	for (i = 0; i < p->npeople; i++) {
		for (d = 0; d < ndays; d++)
			if (!present[(size_t)i * (size_t)ndays + (size_t)d])
				cpol_duty_problem_set_away(p, i, start + d, start + d, CPOL_DUTY_AWAY_UNASSIGNED, 0);
		if ((rc = load_person(db, p, i, p->people[i].id, office_id, history_days)) < 0 ||
		    (rc = load_training(db, p, i, p->people[i].id)) < 0)
			goto done;
	}
	if ((rc = load_posts(db, p)) < 0)
		goto done;
	*out = p;
	p = NULL;
	rc = 0;
done:
	cpol_staff_iter_free(it);
	free(present);
	cpol_duty_problem_free(p);
	return rc;
}

int cpol_duty_roster_store(cpol_id *out, cpol_db *db, cpol_id office_id, const cpol_duty_roster *roster)
{
	const cpol_duty_problem *p;
	cpol_duty_report *rep = NULL;
	cpol_date last;
	cpol__stmt *st;
	cpol_id rid = 0;
	size_t k;
	int rc, i;

	if (!db || !roster)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_roster_store: NULL argument");
	p = roster->problem;
	last = p->start + p->ndays - 1;
	for (i = 0; i < p->npeople; i++)
		if (!p->people[i].id)
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "person_id",
			                          "%s has no staff id: only staff can be stored", p->people[i].name);
	if ((rc = cpol_duty_check(&rep, roster)) < 0)
		return rc;
	if ((rc = cpol__db_check_writable(db)) < 0 || (rc = cpol_db_begin(db)) < 0) {
		cpol_duty_report_free(rep);
		return rc;
	}
	/* Entries first, while their rosters are still live. */
	if ((rc = cpol__db_stmt(db, &st, ROSTER_ARCHIVE_ENTRIES_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__bind_date(st, 2, p->start);
	cpol__bind_date(st, 3, last);
	if ((rc = cpol__db_step_done(db, st, "archiving earlier roster entries")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, ROSTER_ARCHIVE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__bind_date(st, 2, p->start);
	cpol__bind_date(st, 3, last);
	if ((rc = cpol__db_step_done(db, st, "archiving earlier rosters")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, ROSTER_ADD_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__bind_date(st, 2, p->start);
	cpol__bind_date(st, 3, last);
	cpol__st_bind_int64(st, 4, (int64_t)roster->seed);
	cpol__st_bind_int(st, 5, cpol_duty_report_hard(rep));
	cpol__st_bind_int64(st, 6, cpol_duty_report_penalty(rep));
	if ((rc = cpol__db_step_done(db, st, "storing a roster")) < 0)
		goto done;
	rid = cpol__db_last_id(db);
	for (k = 0; k < roster->count; k++) {
		const cpol_duty_entry *e = &roster->entries[k];
		const cpol_duty_shift *sh = &p->shifts[e->shift];
		unsigned day = p->days[e->date - p->start].flags;
		if ((rc = cpol__db_stmt(db, &st, ENTRY_ADD_SQL)) < 0)
			goto done;
		cpol__st_bind_int64(st, 1, rid);
		cpol__st_bind_int64(st, 2, e->person_id);
		cpol__bind_date(st, 3, e->date);
		cpol__bind_text(st, 4, sh->code);
		cpol__st_bind_int(st, 5, sh->start);
		cpol__st_bind_int(st, 6, sh->end);
		cpol__st_bind_int(st, 7, (sh->flags & (CPOL_SHIFT_NIGHT | CPOL_SHIFT_PATROL)) != 0);
		cpol__st_bind_int(st, 8, (day & CPOL_DUTY_DAY_WEEKEND) != 0);
		cpol__st_bind_int(st, 9, (day & CPOL_DUTY_DAY_HOLIDAY) != 0);
		if ((rc = cpol__db_step_done(db, st, "storing a roster entry")) < 0)
			goto done;
	}
	if (out)
		*out = rid;
done:
	cpol_duty_report_free(rep);
	return cpol__db_finish(db, rc);
}

int cpol_duty_roster_load(cpol_duty_roster **out, cpol_db *db, cpol_id office_id, cpol_duty_problem *problem)
{
	cpol_duty_roster *r = NULL;
	cpol__stmt *st;
	int rc, step, person;

	if (!out || !db || !problem)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_roster_load: NULL argument");
	*out = NULL;
	if ((rc = cpol_duty_roster_new(&r, problem)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, ROSTER_ENTRIES_SQL)) < 0)
		goto fail;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__bind_date(st, 2, problem->start);
	cpol__bind_date(st, 3, problem->start + problem->ndays - 1);
	while ((step = cpol__st_step(st)) == CPOL__ROW) {
		if ((rc = cpol_duty_problem_find_person(&person, problem, cpol__st_column_int64(st, 0))) < 0 ||
		    (rc = cpol_duty_roster_add(r, person, cpol__column_date(st, 1),
		                               (const char *)cpol__st_column_text(st, 2))) < 0)
			break;
	}
	cpol__st_reset(st);
	if (rc < 0)
		goto fail;
	if (step != CPOL__DONE) {
		rc = cpol__db_error(db, step, "reading a stored roster");
		goto fail;
	}
	*out = r;
	return 0;
fail:
	cpol_duty_roster_free(r);
	return rc;
}
