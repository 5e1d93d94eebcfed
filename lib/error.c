/*
 * libcommpolice — error codes and the per-thread error record.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cpol_error_kind error_kinds[] = {
#define CPOL__ERROR_KIND(suffix, value, cls, desc) { value, "CPOL_" #suffix, cls, desc },
	CPOL_ERROR_TABLE(CPOL__ERROR_KIND)
#undef CPOL__ERROR_KIND
};

/*
 * The thread's last error. Strings live in fixed buffers so that recording
 * an error never allocates: an out-of-memory error must be reportable too.
 */
typedef struct {
	cpol_error pub;
	char message[1024];
	char field[256];
	char file[512];
} error_state;

static _Thread_local error_state thread_error;
static _Thread_local int thread_error_set;

static const cpol_error no_error = { CPOL_OK, "no error", NULL, NULL, 0, 0 };

static const cpol_error_kind *find_kind(int code)
{
	size_t i;
	for (i = 0; i < CPOL__ARRAY_SIZE(error_kinds); i++)
		if (error_kinds[i].code == code)
			return &error_kinds[i];
	return NULL;
}

const char *cpol_strerror(int code)
{
	const cpol_error_kind *k = find_kind(code);
	return k ? k->description : "unknown error";
}

const char *cpol_error_name(int code)
{
	const cpol_error_kind *k = find_kind(code);
	return k ? k->name : "CPOL_UNKNOWN";
}

static const char *code_word(int i)
{
	return error_kinds[i].name;
}

/* By index in the table: the codes are not contiguous. */
static const cpol__names error_code_names = { "error code", "code", 0, 0, NULL, code_word,
                                              (int)CPOL__ARRAY_SIZE(error_kinds) - 1 };

int cpol_error_code_parse(cpol_error_code *out, const char *word)
{
	int i = 0, rc = cpol__names_parse(&i, &error_code_names, word);
	if (rc == 0 && out)
		*out = (cpol_error_code)error_kinds[i].code;
	return rc;
}

const cpol_error_kind *cpol_error_kinds(size_t *count)
{
	if (count)
		*count = CPOL__ARRAY_SIZE(error_kinds);
	return error_kinds;
}

const cpol_error *cpol_error_last(void)
{
	return thread_error_set ? &thread_error.pub : &no_error;
}

void cpol_error_clear(void)
{
	thread_error_set = 0;
}

static void copy_bounded(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap) {
		/* Cut on a UTF-8 boundary: never leave half a character. */
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* After a truncating vsnprintf: drop a trailing, incomplete UTF-8 sequence. */
static void trim_partial_utf8(char *s)
{
	size_t n = strlen(s), lead = n, need;
	unsigned char c;

	while (lead > 0 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead == 0)
		return;
	c = (unsigned char)s[lead - 1];
	need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (n - (lead - 1) < need)
		s[lead - 1] = '\0';
}

int cpol__error_vset_at(int code, const char *file, int line, int column,
                        const char *field, const char *fmt, va_list ap)
{
	error_state *e = &thread_error;
	char text[768];
	int off = 0;

	if (vsnprintf(text, sizeof(text), fmt ? fmt : cpol_strerror(code), ap) >= (int)sizeof(text))
		trim_partial_utf8(text);
	e->pub.code = code;
	e->pub.line = line > 0 ? line : 0;
	e->pub.column = column > 0 ? column : 0;
	if (file) {
		copy_bounded(e->file, sizeof(e->file), file);
		e->pub.file = e->file;
	} else {
		e->pub.file = NULL;
	}
	if (field) {
		copy_bounded(e->field, sizeof(e->field), field);
		e->pub.field = e->field;
	} else {
		e->pub.field = NULL;
	}
	/* The message leads with where, compiler-style: "file:line:column: text". */
	if (file && line > 0 && column > 0)
		off = snprintf(e->message, sizeof(e->message), "%s:%d:%d: ", e->file, line, column);
	else if (file && line > 0)
		off = snprintf(e->message, sizeof(e->message), "%s:%d: ", e->file, line);
	else if (file)
		off = snprintf(e->message, sizeof(e->message), "%s: ", e->file);
	if (off < 0 || (size_t)off >= sizeof(e->message))
		off = 0;
	copy_bounded(e->message + off, sizeof(e->message) - (size_t)off, text);
	e->pub.message = e->message;
	thread_error_set = 1;
	return code;
}

int cpol__error_set_at(int code, const char *file, int line, int column,
                       const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cpol__error_vset_at(code, file, line, column, field, fmt, ap);
	va_end(ap);
	return code;
}

int cpol__error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cpol__error_vset_at(code, NULL, 0, 0, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int cpol_error_set(int code, const char *message)
{
	if (code >= 0)
		code = CPOL_ERROR;
	return cpol__error_set(code, "%s", message ? message : cpol_strerror(code));
}

int cpol__error_oom(void)
{
	return cpol__error_set(CPOL_ENOMEM, "out of memory");
}

int cpol__error_sqlite(sqlite3 *handle, int rc, const char *what)
{
	int code;
	const char *msg = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		code = CPOL_EBUSY;
		break;
	case SQLITE_CONSTRAINT:
		code = CPOL_ECONSTRAINT;
		break;
	case SQLITE_READONLY:
		code = CPOL_EREADONLY;
		break;
	case SQLITE_NOMEM:
		return cpol__error_oom();
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
		code = CPOL_EIO;
		break;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		code = CPOL_ESCHEMA;
		break;
	default:
		code = CPOL_EDB;
		break;
	}
	return cpol__error_set(code, "%s: %s", what ? what : "database", msg);
}
