/*
 * JSON output of the listings (--json): an array with one object per record,
 * each on its own line, so that `jq` and a line-oriented tool both read it.
 * Field names are the C struct's member names; ids of nothing, dates not
 * set and absent text are null, never 0 or "".
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "cli.h"

#include <stdio.h>

void cli_json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

void cli_json_open(cli_json *j)
{
	j->records = 0;
	j->fields = 0;
	putchar('[');
}

void cli_json_record(cli_json *j)
{
	printf("%s\n{", j->records++ ? "," : "");
	j->fields = 0;
}

static void key(cli_json *j, const char *name)
{
	printf("%s\"%s\":", j->fields++ ? "," : "", name);
}

void cli_json_str(cli_json *j, const char *name, const char *value)
{
	key(j, name);
	cli_json_string(value);
}

void cli_json_int(cli_json *j, const char *name, long long value)
{
	key(j, name);
	printf("%lld", value);
}

void cli_json_id(cli_json *j, const char *name, cpol_id id)
{
	key(j, name);
	if (id)
		printf("%lld", (long long)id);
	else
		fputs("null", stdout);
}

void cli_json_real(cli_json *j, const char *name, double value)
{
	key(j, name);
	printf("%.17g", value);
}

void cli_json_date(cli_json *j, const char *name, cpol_date date)
{
	char buf[CPOL_DATE_BUFSZ];
	key(j, name);
	if (date == CPOL_DATE_NONE)
		fputs("null", stdout);
	else
		printf("\"%s\"", cpol_date_format(buf, date));
}

void cli_json_bool(cli_json *j, const char *name, int value)
{
	key(j, name);
	fputs(value ? "true" : "false", stdout);
}

void cli_json_raw(cli_json *j, const char *name, const char *json)
{
	key(j, name);
	fputs(json ? json : "null", stdout);
}

/*
 * Every field of a record by its description (commpolice/record.h): a new
 * column of the record shows here without a change to the CLI.
 */
void cli_json_fields(cli_json *j, cpol_record_kind kind, const void *record)
{
	const cpol_record_field *f;
	size_t i, n;

	if (cpol_record_fields(&f, &n, kind) < 0)
		return;
	for (i = 0; i < n; i++, f++) {
		switch (f->type) {
		case CPOL_FIELD_ID:
			cli_json_id(j, f->name, (cpol_id)cpol_record_field_int(f, record));
			break;
		case CPOL_FIELD_INT:
		case CPOL_FIELD_INT64:
			cli_json_int(j, f->name, (long long)cpol_record_field_int(f, record));
			break;
		case CPOL_FIELD_DOUBLE:
			cli_json_real(j, f->name, cpol_record_field_double(f, record));
			break;
		case CPOL_FIELD_BOOL:
			cli_json_bool(j, f->name, (int)cpol_record_field_int(f, record));
			break;
		case CPOL_FIELD_DATE:
			cli_json_date(j, f->name, (cpol_date)cpol_record_field_int(f, record));
			break;
		case CPOL_FIELD_TEXT:
		case CPOL_FIELD_ENUM:
			cli_json_str(j, f->name, cpol_record_field_text(f, record));
			break;
		}
	}
}

void cli_json_record_end(cli_json *j)
{
	putchar('}');
}

void cli_json_close(cli_json *j)
{
	printf("%s]\n", j->records ? "\n" : "");
}
