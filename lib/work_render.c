/*
 * libcommpolice — the rectification notice (整改通知书) as a printable
 * text document.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * The text is Chinese: lines are measured in display columns (a CJK
 * character takes two, ASCII one) and wrapped between characters, never
 * inside a UTF-8 sequence.
 */
#include "internal.h"
#include "work_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_COLUMNS 72  /* 36 CJK characters */

/* Length of the UTF-8 sequence starting with byte c (1 for stray bytes). */
static size_t seq_len(unsigned char c)
{
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0)
		return 3;
	if (c >= 0xC0)
		return 2;
	return 1;
}

/* Display columns of the character at s (of n bytes): wide for CJK and fullwidth forms. */
static int char_columns(const unsigned char *s, size_t n)
{
	unsigned cp;
	if (n == 1)
		return 1;
	if (n == 2)
		cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
	else if (n == 3)
		cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
	else
		cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000 ? 2 : 1;
}

static int text_columns(const char *s)
{
	int cols = 0;
	while (*s) {
		size_t n = seq_len((unsigned char)*s), k;
		for (k = 1; k < n; k++)
			if (!s[k])
				return cols + 1;
		cols += char_columns((const unsigned char *)s, n);
		s += n;
	}
	return cols;
}

/* A line centred on the page. */
static void put_centred(cpol__buf *b, const char *text)
{
	int pad = (PAGE_COLUMNS - text_columns(text)) / 2;
	while (pad-- > 0)
		cpol__buf_puts(b, " ");
	cpol__buf_puts(b, text);
	cpol__buf_puts(b, "\n");
}

/*
 * Text wrapped to the page: the first line after `first`, the following
 * lines after `indent` (both ASCII spaces or CJK text, measured).
 */
static void put_wrapped(cpol__buf *b, const char *first, const char *indent, const char *text)
{
	int cols = text_columns(first), limit = PAGE_COLUMNS;
	const char *s = text;

	cpol__buf_puts(b, first);
	while (*s) {
		size_t n = seq_len((unsigned char)*s), k;
		int w;
		for (k = 1; k < n; k++)
			if (!s[k])
				n = k;
		if (*s == '\n') {
			cpol__buf_puts(b, "\n");
			cpol__buf_puts(b, indent);
			cols = text_columns(indent);
			s++;
			continue;
		}
		w = char_columns((const unsigned char *)s, n);
		if (cols + w > limit) {
			cpol__buf_puts(b, "\n");
			cpol__buf_puts(b, indent);
			cols = text_columns(indent);
		}
		cpol__buf_put(b, s, n);
		cols += w;
		s += n;
	}
	cpol__buf_puts(b, "\n");
}

/* "2024年3月5日" */
static void put_cn_date(cpol__buf *b, cpol_date d)
{
	int y, m, day;
	cpol_date_split(&y, &m, &day, d);
	cpol__buf_printf(b, "%d\xE5\xB9\xB4%d\xE6\x9C\x88%d\xE6\x97\xA5", y, m, day);
}

static const char NOTICE_HAZARDS_SQL[] =
	"SELECT description, fire FROM hazard WHERE notice_id = ?1 AND archived_at IS NULL ORDER BY id";
static const char NOTICE_UNIT_SQL[] =
	"SELECT u.name, u.address_id, u.location, i.on_date FROM rectification_notice n"
	" JOIN unit u ON u.id = n.unit_id JOIN inspection i ON i.id = n.inspection_id WHERE n.id = ?1";

int cpol_notice_render(char **out, cpol_db *db, cpol_id notice_id)
{
	cpol__buf b = { 0 }, line = { 0 };
	cpol_notice *n = NULL;
	cpol_org_unit *office = NULL;
	cpol_staff *officer = NULL;
	char *unit_name = NULL, *location = NULL, *address = NULL;
	cpol_id address_id = 0;
	cpol_date inspected = CPOL_DATE_NONE;
	cpol__stmt *st;
	int rc, oom = 0, i = 0;

	*out = NULL;
	if ((rc = cpol_notice_get(&n, db, notice_id)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, NOTICE_UNIT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, notice_id);
	if ((rc = cpol__work_step_row(db, st, "reading a notice's unit")) == 0) {
		unit_name = cpol__column_strdup(st, 0, &oom);
		address_id = cpol__st_column_int64(st, 1);
		location = cpol__column_strdup(st, 2, &oom);
		inspected = cpol__column_date(st, 3);
	}
	cpol__st_reset(st);
	if (rc < 0)
		goto done;
	if (address_id && (rc = cpol_address_format(&address, db, address_id)) < 0)
		goto done;
	if ((rc = cpol_org_unit_get(&office, db, CPOL_ORG_OFFICE, n->office_id)) < 0)
		goto done;
	if (n->officer_id && (rc = cpol_staff_get(&officer, db, n->officer_id)) < 0)
		goto done;

	cpol__buf_puts(&b, "\n");
	/* 整改通知书 */
	put_centred(&b, "\xE6\x95\xB4\xE6\x94\xB9\xE9\x80\x9A\xE7\x9F\xA5\xE4\xB9\xA6");
	put_centred(&b, n->number);
	cpol__buf_puts(&b, "\n");
	cpol__buf_printf(&b, "%s\xEF\xBC\x9A\n", unit_name ? unit_name : "");   /* ： */
	if (address || location) {
		cpol__buf_puts(&line, address ? address : "");
		if (location)
			cpol__buf_printf(&line, "%s%s", address ? " " : "", location);
		/* 地址： */
		put_wrapped(&b, "    \xE5\x9C\xB0\xE5\x9D\x80\xEF\xBC\x9A", "          ", line.ptr ? line.ptr : "");
	}
	cpol__buf_free(&line);
	/* 经 <date> 检查，你单位存在下列安全隐患： */
	cpol__buf_puts(&line, "\xE7\xBB\x8F");
	put_cn_date(&line, inspected);
	cpol__buf_puts(&line, "\xE6\xA3\x80\xE6\x9F\xA5\xEF\xBC\x8C\xE4\xBD\xA0\xE5\x8D\x95\xE4\xBD\x8D"
	                      "\xE5\xAD\x98\xE5\x9C\xA8\xE4\xB8\x8B\xE5\x88\x97\xE5\xAE\x89\xE5\x85\xA8"
	                      "\xE9\x9A\x90\xE6\x82\xA3\xEF\xBC\x9A");
	put_wrapped(&b, "    ", "", line.ptr ? line.ptr : "");
	cpol__buf_free(&line);

	if ((rc = cpol__db_stmt(db, &st, NOTICE_HAZARDS_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, notice_id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		char first[32];
		snprintf(first, sizeof(first), "    %d. ", ++i);
		cpol__buf_puts(&line, (const char *)cpol__st_column_text(st, 0));
		if (cpol__st_column_int(st, 1))
			cpol__buf_puts(&line, "\xEF\xBC\x88\xE6\xB6\x88\xE9\x98\xB2\xEF\xBC\x89"); /* （消防） */
		put_wrapped(&b, first, "       ", line.ptr ? line.ptr : "");
		cpol__buf_free(&line);
	}
	rc = rc == CPOL__DONE ? 0 : cpol__db_error(db, rc, "reading hazards");
	cpol__st_reset(st);
	if (rc < 0)
		goto done;
	if (n->requirement)  /* 整改要求： */
		put_wrapped(&b, "    \xE6\x95\xB4\xE6\x94\xB9\xE8\xA6\x81\xE6\xB1\x82\xEF\xBC\x9A",
		            "              ", n->requirement);
	/* 请于 <date> 前整改完毕，并将整改情况书面报告本警务室。逾期不整改的，将依法处理。 */
	cpol__buf_puts(&line, "\xE8\xAF\xB7\xE4\xBA\x8E");
	put_cn_date(&line, n->deadline);
	cpol__buf_puts(&line, "\xE5\x89\x8D\xE6\x95\xB4\xE6\x94\xB9\xE5\xAE\x8C\xE6\xAF\x95\xEF\xBC\x8C"
	                      "\xE5\xB9\xB6\xE5\xB0\x86\xE6\x95\xB4\xE6\x94\xB9\xE6\x83\x85\xE5\x86\xB5"
	                      "\xE4\xB9\xA6\xE9\x9D\xA2\xE6\x8A\xA5\xE5\x91\x8A\xE6\x9C\xAC\xE8\xAD\xA6"
	                      "\xE5\x8A\xA1\xE5\xAE\xA4\xE3\x80\x82\xE9\x80\xBE\xE6\x9C\x9F\xE4\xB8\x8D"
	                      "\xE6\x95\xB4\xE6\x94\xB9\xE7\x9A\x84\xEF\xBC\x8C\xE5\xB0\x86\xE4\xBE\x9D"
	                      "\xE6\xB3\x95\xE5\xA4\x84\xE7\x90\x86\xE3\x80\x82");
	put_wrapped(&b, "    ", "", line.ptr ? line.ptr : "");
	cpol__buf_free(&line);
	cpol__buf_puts(&b, "\n");
	if (officer) {
		/* 检查民警：name（警号 badge） */
		cpol__buf_printf(&b, "\xE6\xA3\x80\xE6\x9F\xA5\xE6\xB0\x91\xE8\xAD\xA6\xEF\xBC\x9A%s", officer->name);
		if (officer->badge)
			cpol__buf_printf(&b, "\xEF\xBC\x88\xE8\xAD\xA6\xE5\x8F\xB7 %s\xEF\xBC\x89", officer->badge);
		cpol__buf_puts(&b, "\n");
	}
	cpol__buf_printf(&b, "%s\n", office->name);
	put_cn_date(&b, n->issued_on);
	cpol__buf_puts(&b, "\n\n");
	/* 被检查单位负责人（签收）：__________ / 签收日期：____年__月__日 */
	cpol__buf_puts(&b, "\xE8\xA2\xAB\xE6\xA3\x80\xE6\x9F\xA5\xE5\x8D\x95\xE4\xBD\x8D\xE8\xB4\x9F"
	                   "\xE8\xB4\xA3\xE4\xBA\xBA\xEF\xBC\x88\xE7\xAD\xBE\xE6\x94\xB6\xEF\xBC\x89"
	                   "\xEF\xBC\x9A__________\n");
	cpol__buf_puts(&b, "\xE7\xAD\xBE\xE6\x94\xB6\xE6\x97\xA5\xE6\x9C\x9F\xEF\xBC\x9A____\xE5\xB9\xB4"
	                   "__\xE6\x9C\x88__\xE6\x97\xA5\n");
	if (oom || b.oom)
		rc = cpol__error_oom();
	else
		*out = cpol__buf_detach(&b);
done:
	cpol__buf_free(&b);
	cpol__buf_free(&line);
	cpol_notice_free(n);
	cpol_org_unit_free(office);
	cpol_staff_free(officer);
	free(unit_name);
	free(location);
	free(address);
	return rc;
}
