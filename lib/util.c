/*
 * libcommpolice — small helpers: strings and a growable buffer.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cpol__strndup(const char *s, size_t n)
{
	char *p;
	if (!s)
		return NULL;
	p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *cpol__strdup(const char *s)
{
	return s ? cpol__strndup(s, strlen(s)) : NULL;
}

int cpol__buf_grow(cpol__buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (b->oom)
		return CPOL_ENOMEM;
	if (extra > SIZE_MAX - b->len - 1)
		goto oom;
	want = b->len + extra + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	p = realloc(b->ptr, cap);
	if (!p)
		goto oom;
	b->ptr = p;
	b->cap = cap;
	return 0;
oom:
	b->oom = 1;
	return cpol__error_oom();
}

int cpol__buf_put(cpol__buf *b, const char *data, size_t len)
{
	if (cpol__buf_grow(b, len) < 0)
		return CPOL_ENOMEM;
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int cpol__buf_puts(cpol__buf *b, const char *s)
{
	return cpol__buf_put(b, s, strlen(s));
}

int cpol__buf_printf(cpol__buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return cpol__error_set(CPOL_EINVAL, "bad format string");
	if (cpol__buf_grow(b, (size_t)n) < 0)
		return CPOL_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int cpol__buf_put_json_string(cpol__buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int rc = cpol__buf_put(b, "\"", 1);

	for (; rc == 0 && *p; p++) {
		switch (*p) {
		case '"': rc = cpol__buf_put(b, "\\\"", 2); break;
		case '\\': rc = cpol__buf_put(b, "\\\\", 2); break;
		case '\n': rc = cpol__buf_put(b, "\\n", 2); break;
		case '\r': rc = cpol__buf_put(b, "\\r", 2); break;
		case '\t': rc = cpol__buf_put(b, "\\t", 2); break;
		default:
			if (*p < 0x20)
				rc = cpol__buf_printf(b, "\\u%04x", *p);
			else
				rc = cpol__buf_put(b, (const char *)p, 1);
		}
	}
	return rc ? rc : cpol__buf_put(b, "\"", 1);
}

int cpol__buf_put_csv_field(cpol__buf *b, const char *s)
{
	const char *q;
	if (!s)
		return 0;
	if (!strpbrk(s, ",\"\r\n"))
		return cpol__buf_puts(b, s);
	cpol__buf_put(b, "\"", 1);
	for (q = s; *q; q++) {
		if (*q == '"')
			cpol__buf_put(b, "\"", 1);
		cpol__buf_put(b, q, 1);
	}
	return cpol__buf_put(b, "\"", 1);
}

char *cpol__buf_detach(cpol__buf *b)
{
	char *p = b->ptr;
	if (!p && !b->oom)
		p = cpol__strdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
	return p;
}

void cpol__buf_free(cpol__buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

const cpol__embedded_file *cpol__embedded_find(const char *name)
{
	size_t i;
	for (i = 0; i < cpol__embedded_count; i++)
		if (strcmp(cpol__embedded_files[i].name, name) == 0)
			return &cpol__embedded_files[i];
	return NULL;
}

void cpol__hex(char *out, const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;
	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

int cpol__check_version(unsigned int version, unsigned int expected, const char *what)
{
	if (version != expected)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "version",
		                          "unknown %s version %u (this library knows %u)",
		                          what, version, expected);
	return 0;
}
