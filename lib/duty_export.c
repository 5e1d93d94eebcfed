/*
 * libcommpolice — duty: CSV and iCalendar exports, CSV import.
 *
 * iCalendar times carry TZID=Asia/Shanghai with its VTIMEZONE in the file,
 * not floating times: a floating 08:30 moves with the viewer's zone, and
 * an officer's phone set to another zone (travel, a vendor's server in UTC)
 * would show the wrong hour. China has kept UTC+8 without daylight saving
 * since 1991, so the VTIMEZONE is one STANDARD rule and exact for any
 * roster date this library makes.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "duty_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const weekday_abbr[8] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

static int check_opts(const cpol_duty_roster *roster, const cpol_duty_export_options **opts,
                      const cpol_duty_export_options *defaults)
{
	if (!roster)
		return cpol__error_set(CPOL_EINVAL, "export: roster is NULL");
	if (!*opts)
		*opts = defaults;
	if ((*opts)->version != CPOL_DUTY_EXPORT_OPTIONS_VERSION)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "version",
		                          "unknown cpol_duty_export_options version %u", (*opts)->version);
	if ((*opts)->person < -1 || (*opts)->person >= roster->problem->npeople)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "person", "no person %d in the roster problem",
		                          (*opts)->person);
	return 0;
}

/* ------------------------------------------------------------------- CSV */

static void hhmm(char *buf, size_t n, int minutes)
{
	if (minutes >= 1440)
		snprintf(buf, n, "+1 %02d:%02d", (minutes - 1440) / 60, minutes % 60);
	else
		snprintf(buf, n, "%02d:%02d", minutes / 60, minutes % 60);
}

int cpol_duty_export_csv(char **out, const cpol_duty_roster *roster, const cpol_duty_export_options *opts)
{
	static const cpol_duty_export_options defaults = CPOL_DUTY_EXPORT_OPTIONS_INIT;
	cpol__buf b = { 0 };
	size_t i;
	int rc;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "export: out is NULL");
	*out = NULL;
	if ((rc = check_opts(roster, &opts, &defaults)) < 0)
		return rc;
	cpol__buf_puts(&b, "date,weekday,person_id,name,kind,shift,shift_name,start,end\r\n");
	for (i = 0; i < roster->count; i++) {
		const cpol_duty_entry *x = &roster->entries[i];
		const cpol__duty_person *pp = &roster->problem->people[x->person];
		const cpol_duty_shift *sh = &roster->problem->shifts[x->shift];
		char date[CPOL_DATE_BUFSZ], t1[16], t2[16];
		if (opts->person >= 0 && x->person != opts->person)
			continue;
		hhmm(t1, sizeof(t1), sh->start);
		hhmm(t2, sizeof(t2), sh->end);
		cpol__buf_printf(&b, "%s,%s,%lld,", cpol_date_format(date, x->date),
		                 weekday_abbr[cpol_date_weekday(x->date)], (long long)pp->id);
		cpol__buf_put_csv_field(&b, pp->name);
		cpol__buf_printf(&b, ",%s,%s,", pp->kind == CPOL_STAFF_OFFICER ? "officer" : "auxiliary", sh->code);
		cpol__buf_put_csv_field(&b, sh->name);
		cpol__buf_printf(&b, ",%s,%s\r\n", t1, t2);
	}
	if (b.oom) {
		cpol__buf_free(&b);
		return CPOL_ENOMEM;
	}
	*out = cpol__buf_detach(&b);
	return 0;
}

/* One CSV record: fields into a NULL-terminated array of new strings. */
static int csv_record(char ***fields, const char **pos, int *line, int *col_err)
{
	const char *p = *pos;
	cpol__buf f = { 0 };
	char **v = NULL;
	size_t n = 0, cap = 0;
	int quoted, rc = 0, col = 1;

	*fields = NULL;
	for (;;) {
		quoted = 0;
		f.len = 0;
		if (cpol__buf_put(&f, "", 0) < 0)
			goto oom;
		if (*p == '"') {
			quoted = 1;
			p++;
			for (;;) {
				if (!*p) {
					*col_err = col;
					rc = CPOL_EPARSE;
					goto fail;
				}
				if (*p == '"' && p[1] == '"') {
					cpol__buf_put(&f, "\"", 1);
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					if (*p == '\n')
						(*line)++;
					cpol__buf_put(&f, p++, 1);
				}
			}
		} else {
			while (*p && *p != ',' && *p != '\r' && *p != '\n')
				cpol__buf_put(&f, p++, 1);
		}
		if (f.oom)
			goto oom;
		if (n + 2 > cap) {
			char **t;
			cap = cap ? cap * 2 : 16;
			if (!(t = realloc(v, cap * sizeof(*t))))
				goto oom;
			v = t;
		}
		if (!(v[n] = cpol__strndup(f.ptr, f.len)))
			goto oom;
		v[++n] = NULL;
		if (*p == ',') {
			p++;
			col++;
			continue;
		}
		if (quoted && *p && *p != '\r' && *p != '\n') {
			*col_err = col;
			rc = CPOL_EPARSE;
			goto fail;
		}
		break;
	}
	if (*p == '\r')
		p++;
	if (*p == '\n')
		p++;
	*pos = p;
	cpol__buf_free(&f);
	*fields = v;
	return 0;
oom:
	rc = cpol__error_oom();
fail:
	cpol__buf_free(&f);
	while (v && n)
		free(v[--n]);
	free(v);
	return rc;
}

static void free_fields(char **v)
{
	size_t i;
	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

int cpol_duty_roster_from_csv(cpol_duty_roster **out, cpol_duty_problem *problem, const char *text)
{
	cpol_duty_roster *r = NULL;
	const char *pos = text;
	char **f = NULL;
	int col_date = -1, col_id = -1, col_name = -1, col_shift = -1, line = 1, col = 0, rc, i;

	if (!out || !problem || !text)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_roster_from_csv: NULL argument");
	*out = NULL;
	if (!strncmp(pos, "\xEF\xBB\xBF", 3))
		pos += 3; /* a BOM, as spreadsheets write */
	if ((rc = csv_record(&f, &pos, &line, &col)) < 0)
		goto parse_error;
	for (i = 0; f[i]; i++) {
		if (!strcmp(f[i], "date")) col_date = i;
		else if (!strcmp(f[i], "person_id")) col_id = i;
		else if (!strcmp(f[i], "name")) col_name = i;
		else if (!strcmp(f[i], "shift")) col_shift = i;
	}
	free_fields(f);
	f = NULL;
	if (col_date < 0 || col_shift < 0 || (col_id < 0 && col_name < 0))
		return cpol__error_set_at(CPOL_EPARSE, "<csv>", 1, 1, "header",
		                          "the header needs the columns date, shift and person_id or name");
	if ((rc = cpol_duty_roster_new(&r, problem)) < 0)
		return rc;
	while (*pos) {
		int ncols, person = -1;
		cpol_date date;
		line++;
		if ((rc = csv_record(&f, &pos, &line, &col)) < 0)
			goto parse_error;
		for (ncols = 0; f[ncols]; ncols++)
			;
		if (ncols == 1 && !*f[0]) {
			free_fields(f);
			f = NULL;
			continue; /* an empty line */
		}
		if (ncols <= col_date || ncols <= col_shift || (col_id >= 0 && ncols <= col_id) ||
		    (col_name >= 0 && ncols <= col_name)) {
			rc = cpol__error_set_at(CPOL_EPARSE, "<csv>", line, ncols + 1, "row",
			                        "the row has %d fields, fewer than the header", ncols);
			goto fail;
		}
		if (cpol_date_parse(&date, f[col_date]) < 0) {
			rc = cpol__error_set_at(CPOL_EPARSE, "<csv>", line, col_date + 1, "date",
			                        "'%s' is not a date YYYY-MM-DD", f[col_date]);
			goto fail;
		}
		if (col_id >= 0 && strtoll(f[col_id], NULL, 10) != 0) {
			if (cpol_duty_problem_find_person(&person, problem, strtoll(f[col_id], NULL, 10)) < 0)
				person = -1;
		} else if (col_name >= 0) {
			for (i = 0; i < problem->npeople; i++)
				if (!strcmp(problem->people[i].name, f[col_name]))
					person = i;
		}
		if (person < 0) {
			rc = cpol__error_set_at(CPOL_ENOTFOUND, "<csv>", line, (col_id >= 0 ? col_id : col_name) + 1,
			                        "person_id", "no such person in the roster problem: '%s'",
			                        col_id >= 0 ? f[col_id] : f[col_name]);
			goto fail;
		}
		if ((rc = cpol_duty_roster_add(r, person, date, f[col_shift])) < 0) {
			const cpol_error *e = cpol_error_last();
			rc = cpol__error_set_at(rc, "<csv>", line, (rc == CPOL_ENOTFOUND ? col_shift : col_date) + 1,
			                        e->field, "%s", e->message);
			goto fail;
		}
		free_fields(f);
		f = NULL;
	}
	*out = r;
	return 0;
parse_error:
	if (rc == CPOL_EPARSE)
		rc = cpol__error_set_at(CPOL_EPARSE, "<csv>", line, col, NULL, "an unterminated or malformed quoted field");
fail:
	free_fields(f);
	cpol_duty_roster_free(r);
	return rc;
}

/* ------------------------------------------------------------- iCalendar */

/* Append one content line, folded at 75 octets on UTF-8 boundaries, ended by CRLF. */
static void ics_line(cpol__buf *b, const char *line)
{
	size_t len = strlen(line), pos = 0, limit = 75;

	while (len - pos > limit) {
		size_t cut = pos + limit;
		/* Never split a UTF-8 sequence: back up over continuation bytes. */
		while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		cpol__buf_put(b, line + pos, cut - pos);
		cpol__buf_put(b, "\r\n ", 3);
		pos = cut;
		limit = 74; /* the leading space of a continuation line counts */
	}
	cpol__buf_put(b, line + pos, len - pos);
	cpol__buf_put(b, "\r\n", 2);
}

/* TEXT value escaping (RFC 5545 3.3.11). */
static void ics_text(cpol__buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': cpol__buf_puts(b, "\\\\"); break;
		case ';': cpol__buf_puts(b, "\\;"); break;
		case ',': cpol__buf_puts(b, "\\,"); break;
		case '\n': cpol__buf_puts(b, "\\n"); break;
		case '\r': break;
		default: cpol__buf_put(b, s, 1);
		}
	}
}

static void ics_local(char *buf, size_t n, cpol_date date, int minutes)
{
	int y, m, d;
	cpol_date_split(&y, &m, &d, date + minutes / 1440);
	minutes %= 1440;
	snprintf(buf, n, "%04d%02d%02dT%02d%02d00", y, m, d, minutes / 60, minutes % 60);
}

int cpol_duty_export_ics(char **out, const cpol_duty_roster *roster, const cpol_duty_export_options *opts)
{
	static const cpol_duty_export_options defaults = CPOL_DUTY_EXPORT_OPTIONS_INIT;
	const cpol_duty_problem *p;
	cpol__buf b = { 0 }, line = { 0 };
	const char *domain;
	char stamp[32];
	int64_t now;
	size_t i;
	int rc, y, mo, d;
	cpol_date sd;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "export: out is NULL");
	*out = NULL;
	if ((rc = check_opts(roster, &opts, &defaults)) < 0)
		return rc;
	p = roster->problem;
	domain = opts->uid_domain && *opts->uid_domain ? opts->uid_domain : "commpolice.invalid";
	now = opts->dtstamp ? opts->dtstamp : (int64_t)time(NULL);
	sd = cpol_date_from_epoch(now, 0);
	cpol_date_split(&y, &mo, &d, sd);
	snprintf(stamp, sizeof(stamp), "%04d%02d%02dT%02d%02d%02dZ", y, mo, d,
	         (int)((now - (int64_t)sd * 86400) / 3600), (int)((now - (int64_t)sd * 86400) / 60 % 60),
	         (int)((now - (int64_t)sd * 86400) % 60));

	ics_line(&b, "BEGIN:VCALENDAR");
	ics_line(&b, "VERSION:2.0");
	ics_line(&b, "PRODID:-//libcommpolice//duty " CPOL_VERSION "//ZH");
	ics_line(&b, "CALSCALE:GREGORIAN");
	ics_line(&b, "METHOD:PUBLISH");
	if (opts->calendar_name || opts->person >= 0) {
		cpol__buf_puts(&line, "X-WR-CALNAME:");
		if (opts->calendar_name)
			ics_text(&line, opts->calendar_name);
		if (opts->calendar_name && opts->person >= 0)
			cpol__buf_puts(&line, " ");
		if (opts->person >= 0)
			ics_text(&line, p->people[opts->person].name);
		ics_line(&b, line.ptr);
		line.len = 0;
	}
	ics_line(&b, "X-WR-TIMEZONE:Asia/Shanghai");
	ics_line(&b, "BEGIN:VTIMEZONE");
	ics_line(&b, "TZID:Asia/Shanghai");
	ics_line(&b, "BEGIN:STANDARD");
	ics_line(&b, "DTSTART:19700101T000000");
	ics_line(&b, "TZOFFSETFROM:+0800");
	ics_line(&b, "TZOFFSETTO:+0800");
	ics_line(&b, "TZNAME:CST");
	ics_line(&b, "END:STANDARD");
	ics_line(&b, "END:VTIMEZONE");
	for (i = 0; i < roster->count && !b.oom && !line.oom; i++) {
		const cpol_duty_entry *x = &roster->entries[i];
		const cpol__duty_person *pp = &p->people[x->person];
		const cpol_duty_shift *sh = &p->shifts[x->shift];
		char date[CPOL_DATE_BUFSZ], t[32], compact[16];
		if (opts->person >= 0 && x->person != opts->person)
			continue;
		cpol_date_format(date, x->date);
		snprintf(compact, sizeof(compact), "%.4s%.2s%.2s", date, date + 5, date + 8);
		ics_line(&b, "BEGIN:VEVENT");
		line.len = 0;
		if (pp->id)
			cpol__buf_printf(&line, "UID:%s-%s-%lld@%s", compact, sh->code, (long long)pp->id, domain);
		else
			cpol__buf_printf(&line, "UID:%s-%s-p%d@%s", compact, sh->code, x->person, domain);
		ics_line(&b, line.ptr);
		line.len = 0;
		cpol__buf_printf(&line, "DTSTAMP:%s", stamp);
		ics_line(&b, line.ptr);
		ics_local(t, sizeof(t), x->date, sh->start);
		line.len = 0;
		cpol__buf_printf(&line, "DTSTART;TZID=Asia/Shanghai:%s", t);
		ics_line(&b, line.ptr);
		ics_local(t, sizeof(t), x->date, sh->end);
		line.len = 0;
		cpol__buf_printf(&line, "DTEND;TZID=Asia/Shanghai:%s", t);
		ics_line(&b, line.ptr);
		line.len = 0;
		cpol__buf_puts(&line, "SUMMARY:");
		ics_text(&line, sh->name);
		cpol__buf_puts(&line, " ");
		ics_text(&line, pp->name);
		if (opts->calendar_name) {
			cpol__buf_puts(&line, " ");
			ics_text(&line, opts->calendar_name);
		}
		ics_line(&b, line.ptr);
		line.len = 0;
		cpol__buf_printf(&line, "CATEGORIES:%s", sh->code);
		ics_line(&b, line.ptr);
		ics_line(&b, "TRANSP:OPAQUE");
		ics_line(&b, "END:VEVENT");
	}
	ics_line(&b, "END:VCALENDAR");
	if (b.oom || line.oom) {
		cpol__buf_free(&b);
		cpol__buf_free(&line);
		return CPOL_ENOMEM;
	}
	cpol__buf_free(&line);
	*out = cpol__buf_detach(&b);
	return 0;
}
