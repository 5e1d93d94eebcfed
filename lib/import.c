/*
 * libcommpolice — bulk intake from CSV (addresses, houses, persons).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * Reading:
 *  - Encodings go through iconv(3) from glibc. glibc's iconv has GB18030
 *    (a superset of GBK and GB2312, the "ANSI" of Chinese Windows and what
 *    spreadsheet programs there write as CSV) built in, so no library is
 *    added for it; a libc without GB18030 makes iconv_open fail, and the
 *    import says so (CPOL_EUNSUPPORTED) instead of guessing.
 *  - CSV is parsed here, not by libcsv (Debian libcsv-dev, the obvious
 *    candidate). We looked at it first: it is a sound RFC 4180 parser, but
 *    (1) it reports neither the line nor the field position of what it
 *    returns, and every rejected row here must name its line and column, so
 *    we would have to re-count lines around it (feeding it one line at a
 *    time); (2) it is LGPL-2.1 while this library is MIT and is linked
 *    statically into vendors' products, where LGPL relinking obligations
 *    are a real cost to them; (3) upstream's last release (3.0.3) is from
 *    2013, and it ships no pkg-config file. The state machine below is
 *    ~100 lines, streams (bounded memory: a record may not exceed
 *    CSV_MAX_RECORD bytes), and tracks lines and fields exactly.
 *
 * Writing: rows are committed in batches (one transaction each, with the
 * run's progress in the same transaction, which is what makes a resumed
 * import exact); each row is a savepoint inside its batch, so a row that
 * fails half-way leaves nothing behind.
 *
 * Auditing (include/commpolice/import.h, "The audit trail"): measured
 * first — the per-row insert triggers took ~70% of the import's time
 * (bench_population: ~8,000 persons/s with them, ~29,000 without; raw
 * SQLite ~35,000-58,000 on the same noisy machine), far from the 0.6 of
 * raw the issue sets. So by default a batch audits its inserts with one
 * entry per table naming the id range: inside the batch's transaction the
 * insert triggers of the tables the import fills are dropped, and before
 * the commit they are re-created from their own text (read back from
 * sqlite_master, so exactly as lib/schema.c made them) and the range
 * entries written. Schema changes are transactional in SQLite and the
 * batch holds the write lock: no other connection ever sees the triggers
 * missing, and a failed batch rolls the drop back with everything else.
 * Update and delete triggers are never touched.
 *
 * Per-row cost, counted in instructions (tests/bench/callgrind_population.sh,
 * 20,000 persons): 202,000 a person against 73,000 for the raw inserts at
 * first. Half of it was SQLite building a temporary b-tree for each CHECK
 * (x IN ('a', 'b', 'c')) of every insert — the schema now writes them with
 * OR; then INSERT ... SELECT statements (a statement journal each: the house,
 * a new person's labels), reads of what the row had just written (the
 * parent of a new address node, a house on a new address), snprintf() for
 * dates and paths, and the CSV read byte by byte. About 82,000 now.
 */
#include "internal.h"
#include "org_internal.h"
#include "address_internal.h"
#include "population_internal.h"
#include "db_internal.h"
#include "work_internal.h" /* CPOL__WORK_DEFINE_INIT */

#include <errno.h>
#include <stdarg.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define READ_CHUNK (64 * 1024)
#define CSV_MAX_FIELDS 64
#define CSV_MAX_RECORD (1024 * 1024)
#define DEFAULT_BATCH 5000

/*
 * What the decoder puts for a byte that is not valid in the file's encoding
 * and for a NUL byte: 0xFF and 0xFE never occur in UTF-8, so they cannot be
 * mistaken for text (a U+FFFD in the file stays text), and the row that
 * holds them is refused naming the field (check_fields()).
 */
#define MARK_INVALID '\xFF'
#define MARK_NUL '\xFE'

/* How much of the file's start is read to decide its encoding. */
#define SNIFF_BYTES READ_CHUNK

/* ------------------------------------------------------------- the reader */

/* Bytes of the file, decoded to UTF-8, a chunk at a time. */
typedef struct reader {
	FILE *fp;
	const char *path;
	cpol_encoding enc;
	cpol_encoding_source source;
	char note[256];          /* why this encoding (the report's encoding_note) */
	int bom;                 /* bytes of BOM skipped */
	iconv_t cd;
	char raw[READ_CHUNK + 8];
	size_t raw_len;          /* undecoded bytes waiting in raw */
	int eof;
	int64_t bytes_read;
	char *out;               /* decoded UTF-8 */
	size_t out_len, out_pos, out_cap;
} reader;

static int utf8_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/*
 * Length of the valid UTF-8 sequence at p (n bytes available): its length,
 * 0 when invalid, -1 when it may be valid but is cut off by the end.
 */
static int utf8_seq(const unsigned char *p, size_t n)
{
	int len = utf8_len(p[0]), i;

	if (len == 0)
		return 0;
	for (i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	}
	/* Overlongs and surrogates. */
	if (len == 3 && ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0)))
		return 0;
	if (len == 4 && ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90)))
		return 0;
	return len;
}

/* How the start of a file reads in one encoding. */
typedef struct sniff {
	int64_t chars;              /* valid multi-byte characters */
	int64_t bad;                /* bytes that are not valid */
	int64_t first_bad[3];       /* offsets (in the window) of the first of them */
} sniff;

static void sniff_bad(sniff *sn, size_t off)
{
	if (sn->bad < 3)
		sn->first_bad[sn->bad] = (int64_t)off;
	sn->bad++;
}

/*
 * A character cut off by the end of the window is not counted either way
 * unless the window is the whole file: a UTF-8 file whose first 64 KiB end
 * inside a character is still valid UTF-8.
 */
static void sniff_utf8(sniff *sn, const unsigned char *p, size_t n, int whole)
{
	size_t i = 0;

	memset(sn, 0, sizeof(*sn));
	while (i < n) {
		int len = utf8_seq(p + i, n - i);
		if (len < 0 && !whole)
			break;
		if (len <= 0) {
			sniff_bad(sn, i++);
			continue;
		}
		sn->chars += len > 1;
		i += (size_t)len;
	}
}

static int sniff_gb18030(sniff *sn, const char *p, size_t n, int whole)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	char *in = (char *)p, out[4096];
	size_t inleft = n;

	memset(sn, 0, sizeof(*sn));
	if (cd == (iconv_t)-1)
		return -1;
	while (inleft > 0) {
		char *o = out, *q;
		size_t oleft = sizeof(out), k = iconv(cd, &in, &inleft, &o, &oleft);
		for (q = out; q < o; q++)
			sn->chars += (unsigned char)*q >= 0xC0; /* a UTF-8 lead byte: one non-ASCII character */
		if (k != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !whole)
			break;
		sniff_bad(sn, n - inleft);
		in++;
		inleft--;
	}
	iconv_close(cd);
	return 0;
}

/* Text in an encoding, with a stray bad byte at most every other character. */
static int sniff_plausible(const sniff *sn)
{
	return sn->bad == 0 || sn->chars >= 2 * sn->bad;
}

/* " at byte offsets a, b, c": the first bad offsets of the file. */
static void sniff_offsets(char *buf, size_t cap, const sniff *sn, int base)
{
	int i, n = sn->bad < 3 ? (int)sn->bad : 3;
	size_t len = (size_t)snprintf(buf, cap, "%s", n > 1 ? "at byte offsets " : "at byte offset ");
	for (i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%lld", i ? ", " : "", (long long)(sn->first_bad[i] + base));
}

static int out_reserve(reader *r, size_t extra)
{
	if (r->out_len + extra <= r->out_cap)
		return 0;
	{
		size_t cap = r->out_cap ? r->out_cap : READ_CHUNK * 4;
		char *p;
		while (cap < r->out_len + extra)
			cap *= 2;
		if (!(p = realloc(r->out, cap)))
			return cpol__error_oom();
		r->out = p;
		r->out_cap = cap;
	}
	return 0;
}

static int read_raw(reader *r)
{
	size_t n;

	if (r->eof || r->raw_len >= READ_CHUNK)
		return 0;
	n = fread(r->raw + r->raw_len, 1, READ_CHUNK - r->raw_len, r->fp);
	if (n == 0) {
		if (ferror(r->fp))
			return cpol__error_set_at(CPOL_EIO, r->path, 0, 0, NULL, "reading the file: %s", strerror(errno));
		r->eof = 1;
	}
	r->raw_len += n;
	r->bytes_read += (int64_t)n;
	return 0;
}

/* Decode what is in raw into out (out is emptied first). Sets *more when anything was produced or is left. */
static int decode(reader *r)
{
	size_t i = 0;
	int rc;

	r->out_len = r->out_pos = 0;
	if ((rc = read_raw(r)) < 0)
		return rc;
	if ((rc = out_reserve(r, r->raw_len * 4 + 16)) < 0)
		return rc;
	if (r->enc == CPOL_ENCODING_UTF8) {
		/*
		 * Valid sequences are copied a span at a time; an invalid byte
		 * becomes MARK_INVALID and a NUL MARK_NUL, flagged later as a bad
		 * row. ASCII other than NUL is taken without a call.
		 */
		const unsigned char *in = (const unsigned char *)r->raw;
		size_t from = 0;

		while (i < r->raw_len) {
			unsigned char c = in[i];
			int len;
			if (c >= 0x01 && c < 0x80) {
				i++;
				continue;
			}
			len = utf8_seq(in + i, r->raw_len - i);
			if (len < 0 && !r->eof)
				break; /* cut off: wait for the next chunk */
			if (len > 0 && c != 0) {
				i += (size_t)len;
				continue;
			}
			memcpy(r->out + r->out_len, r->raw + from, i - from);
			r->out_len += i - from;
			r->out[r->out_len++] = c == 0 ? MARK_NUL : MARK_INVALID;
			from = ++i;
		}
		memcpy(r->out + r->out_len, r->raw + from, i - from);
		r->out_len += i - from;
	} else {
		char *in = r->raw, *out = r->out;
		size_t inleft = r->raw_len, outleft = r->out_cap;

		while (inleft > 0) {
			size_t k = iconv(r->cd, &in, &inleft, &out, &outleft);
			if (k != (size_t)-1)
				break;
			if (errno == EINVAL && !r->eof)
				break; /* a multi-byte character cut off by the chunk */
			if (errno == EILSEQ || errno == EINVAL) {
				*out++ = MARK_INVALID;
				outleft--;
				in++;
				inleft--;
				continue;
			}
			return cpol__error_set_at(CPOL_EIO, r->path, 0, 0, NULL, "converting from GB18030: %s",
			                          strerror(errno));
		}
		r->out_len = (size_t)(out - r->out);
		i = r->raw_len - inleft;
		{
			char *z = r->out, *end = r->out + r->out_len;
			while ((z = memchr(z, '\0', (size_t)(end - z))) != NULL)
				*z++ = MARK_NUL;
		}
	}
	memmove(r->raw, r->raw + i, r->raw_len - i);
	r->raw_len -= i;
	return 0;
}

/* The line (1-based, any line end) of an offset in the first chunk. */
static int raw_line(const reader *r, int64_t off)
{
	int64_t i;
	int line = 1;
	for (i = 0; i < off && (size_t)i < r->raw_len; i++)
		if (r->raw[i] == '\n' || (r->raw[i] == '\r' && ((size_t)i + 1 >= r->raw_len || r->raw[i + 1] != '\n')))
			line++;
	return line;
}

/*
 * Decide the encoding from the first chunk (see import.h, "The encoding"),
 * or check the one given: once decided it holds for the whole file, and a
 * row with a byte that is not valid in it is rejected, not the file reread.
 */
static int reader_choose(reader *r, cpol_encoding enc)
{
	const char *path = r->path;
	sniff u, g;
	char where[96], gwhere[96];
	int whole = feof(r->fp) || r->eof;

	sniff_utf8(&u, (const unsigned char *)r->raw, r->raw_len, whole);
	if (sniff_gb18030(&g, r->raw, r->raw_len, whole) < 0)
		return cpol__error_set_at(CPOL_EUNSUPPORTED, path, 0, 0, NULL,
		                          "this C library's iconv cannot convert from GB18030");
	sniff_offsets(where, sizeof(where), &u, r->bom);
	sniff_offsets(gwhere, sizeof(gwhere), &g, r->bom);
	if (enc != CPOL_ENCODING_AUTO) {
		const sniff *given = enc == CPOL_ENCODING_UTF8 ? &u : &g, *other = enc == CPOL_ENCODING_UTF8 ? &g : &u;
		const char *name = enc == CPOL_ENCODING_UTF8 ? "UTF-8" : "GB18030";
		r->source = CPOL_ENCODING_FROM_OPTIONS;
		if (!sniff_plausible(given))
			return cpol__error_set_at(CPOL_EPARSE, path, raw_line(r, given->first_bad[0]), 0, "encoding",
			                          "the file is not %s as given: %lld of its first %zu bytes are not valid"
			                          " %s, the first %s (line %d)%s%s", name, (long long)given->bad,
			                          r->raw_len, name, enc == CPOL_ENCODING_UTF8 ? where : gwhere,
			                          raw_line(r, given->first_bad[0]),
			                          other->bad == 0 ? "; it reads as " : "",
			                          other->bad == 0 ? (enc == CPOL_ENCODING_UTF8 ? "GB18030: import it with"
			                          " encoding gb18030 (or auto)" : "UTF-8: import it with encoding utf-8"
			                          " (or auto)") : "");
		snprintf(r->note, sizeof(r->note), "%s, as given", name);
		r->enc = enc;
		return 0;
	}
	if (r->bom) {
		r->source = CPOL_ENCODING_FROM_BOM;
		snprintf(r->note, sizeof(r->note), "UTF-8: the file starts with a UTF-8 byte-order mark");
		r->enc = CPOL_ENCODING_UTF8;
	} else if (sniff_plausible(&u)) {
		r->source = CPOL_ENCODING_FROM_UTF8;
		if (u.bad == 0)
			snprintf(r->note, sizeof(r->note), "UTF-8: the first %zu bytes are valid UTF-8", r->raw_len);
		else
			snprintf(r->note, sizeof(r->note), "UTF-8: %lld UTF-8 characters and %lld invalid bytes (%s)"
			         " in the first %zu bytes; rows with invalid bytes are rejected", (long long)u.chars,
			         (long long)u.bad, where, r->raw_len);
		r->enc = CPOL_ENCODING_UTF8;
	} else if (sniff_plausible(&g)) {
		r->source = CPOL_ENCODING_FROM_GUESS;
		snprintf(r->note, sizeof(r->note), "GB18030, a guess: not UTF-8 (%lld invalid bytes in the first %zu,"
		         " %s); as GB18030: %lld characters, %lld invalid bytes", (long long)u.bad, r->raw_len, where,
		         (long long)g.chars, (long long)g.bad);
		r->enc = CPOL_ENCODING_GB18030;
	} else {
		return cpol__error_set_at(CPOL_EPARSE, path, raw_line(r, u.first_bad[0]), 0, "encoding",
		                          "the file is neither UTF-8 nor GB18030: of its first %zu bytes %lld are not"
		                          " valid UTF-8, the first %s (line %d), and %lld not valid GB18030, the"
		                          " first %s; save it as CSV (UTF-8)", r->raw_len, (long long)u.bad, where,
		                          raw_line(r, u.first_bad[0]), (long long)g.bad, gwhere);
	}
	return 0;
}

static int reader_open(reader *r, const char *path, cpol_encoding enc)
{
	static const unsigned char bom[3] = { 0xEF, 0xBB, 0xBF };
	int rc;

	memset(r, 0, sizeof(*r));
	r->cd = (iconv_t)-1;
	r->path = path;
	if (!(r->fp = fopen(path, "rb")))
		return cpol__error_set_at(CPOL_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
	if ((rc = read_raw(r)) < 0)
		return rc;
	if (r->raw_len >= 2 && (((unsigned char)r->raw[0] == 0xFF && (unsigned char)r->raw[1] == 0xFE) ||
	                        ((unsigned char)r->raw[0] == 0xFE && (unsigned char)r->raw[1] == 0xFF)))
		return cpol__error_set_at(CPOL_EUNSUPPORTED, path, 1, 1, NULL,
		                          "the file is UTF-16 (\"Unicode text\"); save it as CSV in UTF-8 or GB18030");
	if (r->raw_len >= 4 && (memcmp(r->raw, "PK\x03\x04", 4) == 0 || memcmp(r->raw, "\xD0\xCF\x11\xE0", 4) == 0))
		return cpol__error_set_at(CPOL_EUNSUPPORTED, path, 1, 1, NULL,
		                          "the file is a spreadsheet workbook (.xlsx or .xls), not CSV; save it as CSV");
	if (r->raw_len >= 3 && memcmp(r->raw, bom, 3) == 0) {
		memmove(r->raw, r->raw + 3, r->raw_len - 3);
		r->raw_len -= 3;
		r->bom = 3;
	}
	if ((rc = reader_choose(r, enc)) < 0)
		return rc;
	if (r->enc == CPOL_ENCODING_GB18030) {
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1)
			return cpol__error_set_at(CPOL_EUNSUPPORTED, path, 0, 0, NULL,
			                          "this C library's iconv cannot convert from GB18030");
	}
	return 0;
}

static void reader_close(reader *r)
{
	if (r->fp)
		fclose(r->fp);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->out);
}

/* The next decoded byte, or -1 at the end. */
static int reader_getc(reader *r, int *err)
{
	while (r->out_pos == r->out_len) {
		if (r->eof && r->raw_len == 0)
			return -1;
		if ((*err = decode(r)) < 0)
			return -1;
		if (r->out_len == 0 && r->eof && r->raw_len == 0)
			return -1;
	}
	return (unsigned char)r->out[r->out_pos++];
}

/* ------------------------------------------------------------ CSV records */

typedef struct record {
	char *buf;                  /* fields, each NUL-terminated */
	size_t len, cap;
	size_t start[CSV_MAX_FIELDS];
	int nfields;
	int line;                   /* line where the record begins */
	int too_many;               /* more fields than CSV_MAX_FIELDS */
} record;

static int rec_put(record *rec, char c)
{
	if (rec->len + 1 >= rec->cap) {
		size_t cap = rec->cap ? rec->cap * 2 : 4096;
		char *p;
		if (cap > CSV_MAX_RECORD + 2)
			return CPOL_EPARSE;
		if (!(p = realloc(rec->buf, cap)))
			return cpol__error_oom();
		rec->buf = p;
		rec->cap = cap;
	}
	rec->buf[rec->len++] = c;
	return 0;
}

/* Append n bytes (no NUL among them). */
static int rec_put_n(record *rec, const char *p, size_t n)
{
	/* Grown as rec_put() grows it, so that the same records are too long. */
	if (rec->len + n + 1 >= rec->cap) {
		size_t cap = rec->cap ? rec->cap : 4096;
		char *q;
		while (rec->len + n + 1 >= cap)
			cap *= 2;
		if (cap > CSV_MAX_RECORD + 2)
			return CPOL_EPARSE;
		if (!(q = realloc(rec->buf, cap)))
			return cpol__error_oom();
		rec->buf = q;
		rec->cap = cap;
	}
	memcpy(rec->buf + rec->len, p, n);
	rec->len += n;
	return 0;
}

static int rec_end_field(record *rec)
{
	int rc = rec_put(rec, '\0');
	if (rc < 0)
		return rc;
	if (rec->nfields + 1 < CSV_MAX_FIELDS)
		rec->start[rec->nfields + 1] = rec->len;
	if (rec->nfields < CSV_MAX_FIELDS)
		rec->nfields++;
	else
		rec->too_many = 1;
	return 0;
}

/* Field i, trimmed of surrounding ASCII blanks (in place), or "" past the end. */
static const char *rec_field(record *rec, int i)
{
	char *s, *e;

	if (i < 0 || i >= rec->nfields || i >= CSV_MAX_FIELDS)
		return "";
	s = rec->buf + rec->start[i];
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

typedef struct csv {
	reader rd;
	int line;                   /* current line (1-based) */
	int after_cr;               /* the last byte was a CR: an LF now is the rest of a CRLF */
} csv;

/* The bytes that end a run of plain bytes: inside quotes ", LF and CR; outside them also the comma. */
#define CSV_STOP_QUOTED 1
#define CSV_STOP_PLAIN 2
static const unsigned char csv_stop[256] = {
	['"'] = CSV_STOP_QUOTED | CSV_STOP_PLAIN,
	['\n'] = CSV_STOP_QUOTED | CSV_STOP_PLAIN,
	['\r'] = CSV_STOP_QUOTED | CSV_STOP_PLAIN,
	[','] = CSV_STOP_PLAIN,
};

/*
 * Read the next non-blank record. Returns 1 with a record, 0 at the end,
 * or a negative code.
 */
static int csv_next(csv *c, record *rec)
{
	enum { START, UNQUOTED, QUOTED, QUOTE_SEEN } state = START;
	int ch, err = 0, rc, any = 0;

	rec->len = 0;
	rec->nfields = 0;
	rec->too_many = 0;
	rec->start[0] = 0;
	rec->line = c->line;
	for (;;) {
		/*
		 * A run of plain bytes is copied at once from the decoded buffer:
		 * outside quotes up to the next comma, quote or line end; inside
		 * quotes up to the next quote or LF (which counts a line). The
		 * characters that matter go one by one below.
		 */
		if (!c->after_cr && c->rd.out_pos < c->rd.out_len) {
			const char *p = c->rd.out + c->rd.out_pos, *end = c->rd.out + c->rd.out_len, *q = p;
			unsigned char stop = state == QUOTED ? CSV_STOP_QUOTED : CSV_STOP_PLAIN;
			while (q < end && !(csv_stop[(unsigned char)*q] & stop))
				q++;
			if (q > p) {
				if ((rc = rec_put_n(rec, p, (size_t)(q - p))) < 0)
					goto too_long;
				c->rd.out_pos += (size_t)(q - p);
				if (state != QUOTED)
					state = UNQUOTED; /* as for each byte below: text after a closing quote is kept */
				any = 1;
				continue;
			}
		}
		ch = reader_getc(&c->rd, &err);
		if (err < 0)
			return err;
		if (ch < 0) {
			if (state == QUOTED)
				return cpol__error_set_at(CPOL_EPARSE, c->rd.path, rec->line, rec->nfields + 1, NULL,
				                          "a quoted field is not closed before the end of the file");
			if (!any)
				return 0;
			if ((rc = rec_end_field(rec)) < 0)
				return rc;
			return 1;
		}
		/*
		 * Line ends: LF, CRLF, and CR alone (old Mac programs). A CR counts
		 * the line; the LF of a CRLF is then skipped (kept inside quotes).
		 */
		if (ch == '\n' && c->after_cr) {
			c->after_cr = 0;
			if (state == QUOTED && (rc = rec_put(rec, '\n')) < 0)
				goto too_long;
			continue;
		}
		c->after_cr = ch == '\r';
		if (ch == '\n' || ch == '\r')
			c->line++;
		if (state == QUOTED) {
			if (ch == '"')
				state = QUOTE_SEEN;
			else if ((rc = rec_put(rec, (char)ch)) < 0)
				goto too_long;
			continue;
		}
		if (ch == '\n' || ch == '\r') {
			if (!any && state == START) {
				rec->line = c->line; /* a blank line: the record starts on the next */
				continue;
			}
			if ((rc = rec_end_field(rec)) < 0)
				return rc;
			return 1;
		}
		any = 1;
		if (ch == ',') {
			if ((rc = rec_end_field(rec)) < 0)
				goto too_long;
			state = START;
			continue;
		}
		if (ch == '"' && state == START) {
			state = QUOTED;
			continue;
		}
		if (state == QUOTE_SEEN && ch == '"') {
			state = QUOTED; /* "" inside quotes is one quote */
		} else if (state == QUOTE_SEEN || state == START) {
			state = UNQUOTED; /* text after a closing quote is kept, as spreadsheets do */
		}
		if ((rc = rec_put(rec, (char)ch)) < 0)
			goto too_long;
	}
too_long:
	if (rc == CPOL_EPARSE)
		return cpol__error_set_at(CPOL_EPARSE, c->rd.path, rec->line, rec->nfields + 1, NULL,
		                          "a record longer than %d bytes (an unclosed quote?)", CSV_MAX_RECORD);
	return rc;
}

/* ---------------------------------------------------------------- columns */

enum col {
	C_COMMUNITY, C_STREET, C_BUILDING, C_UNIT, C_ROOM,
	C_USE, C_STATUS, C_OWNER, C_OWNER_ID, C_OWNER_PHONE,
	C_LANDLORD, C_RENTAL_NO, C_RENTAL_ON, C_RENTAL_TO,
	C_ID_NUMBER, C_ID_KIND, C_NATIONALITY, C_NAME, C_SEX, C_BIRTH, C_PHONE, C_HUKOU,
	C_TYPE, C_RELATION, C_FROM, C_REGISTERED, C_PERMIT_NO, C_PERMIT_TO, C_LABELS,
	C_HUKOU_HERE,
	C_COUNT
};

/* Header names, Chinese first, then English; the first is used in messages. */
static const char *const col_names[C_COUNT][5] = {
	[C_COMMUNITY] = { "社区", "社区(村)", "村", "community", NULL },
	[C_STREET] = { "街路巷", "街路", "组", "street", NULL },
	[C_BUILDING] = { "门牌号", "门牌", "楼栋", "building", NULL },
	[C_UNIT] = { "单元", "unit", NULL },
	[C_ROOM] = { "户室", "室", "room", NULL },
	[C_USE] = { "房屋用途", "用途", "use", NULL },
	[C_STATUS] = { "居住状态", "房屋状态", "status", NULL },
	[C_OWNER] = { "房主", "产权人", "owner_name", NULL },
	[C_OWNER_ID] = { "房主身份证号", "owner_id_number", NULL },
	[C_OWNER_PHONE] = { "房主电话", "owner_phone", NULL },
	[C_LANDLORD] = { "出租人", "landlord_name", NULL },
	[C_RENTAL_NO] = { "出租登记编号", "registration_no", NULL },
	[C_RENTAL_ON] = { "出租登记日期", "rental_registered_on", NULL },
	[C_RENTAL_TO] = { "出租登记有效期至", "rental_valid_to", NULL },
	[C_ID_NUMBER] = { "身份证号", "公民身份号码", "证件号码", "id_number", NULL },
	[C_ID_KIND] = { "证件类型", "id_kind", NULL },
	[C_NATIONALITY] = { "国籍", "nationality", NULL },
	[C_NAME] = { "姓名", "name", NULL },
	[C_SEX] = { "性别", "sex", NULL },
	[C_BIRTH] = { "出生日期", "birth_date", NULL },
	[C_PHONE] = { "联系电话", "电话", "phone", NULL },
	[C_HUKOU] = { "户籍地址", "户籍地", "hukou", NULL },
	[C_TYPE] = { "人口类型", "居住类型", "type", NULL },
	[C_RELATION] = { "与房屋关系", "relation", NULL },
	[C_FROM] = { "居住起始日期", "入住日期", "from", NULL },
	[C_REGISTERED] = { "登记日期", "registered_on", NULL },
	[C_PERMIT_NO] = { "居住证号", "permit_no", NULL },
	[C_PERMIT_TO] = { "居住证有效期至", "permit_valid_to", NULL },
	[C_LABELS] = { "标签", "labels", NULL },
	/* 户籍在本址: the household registration is at this address (是/否) */
	[C_HUKOU_HERE] = { "户籍在本址", "人户一致", "hukou_here", NULL },
};

/*
 * The longest value of each column, in characters (docs/population.md,
 * "Intake", has the same table): generous for real data, small enough that
 * a pasted paragraph or a broken export is caught.
 */
#define IGNORED_MAX 1000
static const int col_max[C_COUNT] = {
	[C_COMMUNITY] = 100, [C_STREET] = 100, [C_BUILDING] = 100, [C_UNIT] = 100, [C_ROOM] = 100,
	[C_USE] = 16, [C_STATUS] = 16, [C_OWNER] = 64, [C_OWNER_ID] = 32, [C_OWNER_PHONE] = 32,
	[C_LANDLORD] = 64, [C_RENTAL_NO] = 64, [C_RENTAL_ON] = 32, [C_RENTAL_TO] = 32,
	[C_ID_NUMBER] = 32, [C_ID_KIND] = 16, [C_NATIONALITY] = 16, [C_NAME] = 64, [C_SEX] = 16,
	[C_BIRTH] = 32, [C_PHONE] = 32, [C_HUKOU] = 200, [C_TYPE] = 32, [C_RELATION] = 16, [C_FROM] = 32,
	[C_REGISTERED] = 32, [C_PERMIT_NO] = 64, [C_PERMIT_TO] = 32, [C_LABELS] = 200, [C_HUKOU_HERE] = 16,
};

/* Columns that are read and ignored: a form's row number and remarks. */
static const char *const ignored_names[] = { "序号", "编号", "备注", "no", "note", "notes", NULL };

/* Unicode code points of UTF-8 text, at most max of them. */
static int code_points(const char *s, uint32_t *out, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	while (*p && n < max) {
		int len = utf8_len(*p), i;
		uint32_t c = len == 1 ? *p : len == 2 ? *p & 0x1Fu : len == 3 ? *p & 0x0Fu : *p & 0x07u;
		if (len == 0)
			len = 1;
		for (i = 1; i < len && (p[i] & 0xC0) == 0x80; i++)
			c = (c << 6) | (p[i] & 0x3Fu);
		out[n++] = c;
		p += i;
	}
	return n;
}

/* Levenshtein distance in characters (not bytes: 人口类形 is one from 人口类型). */
static int edit_distance(const char *a, const char *b)
{
	uint32_t x[32], y[32];
	int row[33], n = code_points(a, x, 32), m = code_points(b, y, 32), i, j;

	for (j = 0; j <= m; j++)
		row[j] = j;
	for (i = 1; i <= n; i++) {
		int diag = row[0];
		row[0] = i;
		for (j = 1; j <= m; j++) {
			int up = row[j], best = diag + (x[i - 1] != y[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[m];
}

/* The known column name nearest to an unknown one, or NULL when none is near (a third of its length). */
static const char *nearest_column(const char *name)
{
	uint32_t cp[32];
	const char *best = NULL;
	int best_d = 0, len = code_points(name, cp, 32), k, j;

	for (k = 0; k < C_COUNT; k++)
		for (j = 0; j < 5 && col_names[k][j]; j++) {
			int d = edit_distance(name, col_names[k][j]);
			if (!best || d < best_d) {
				best = col_names[k][j];
				best_d = d;
			}
		}
	return best && best_d <= (len + 2) / 3 ? best : NULL;
}

/* ------------------------------------------------------------- the import */

#define MAX_NOTES 4
/* How far after today a date may lie: an event (move-in, registration), the end of a permit or letting. */
#define DAYS_AHEAD 366
/* twenty years: the longest lease the Civil Code allows (art. 705); a 居住证 runs one to five */
#define DAYS_AHEAD_VALIDITY (20 * 366)

typedef struct importer {
	cpol_db *db;
	const cpol_import_options *opts;
	const cpol_rules *rules;
	cpol_rules *owned_rules;
	unsigned int id_flags;
	cpol_date today;
	csv c;
	record rec;
	int col[C_COUNT];           /* field index of each column, or -1 */
	cpol__address_cache cache;
	cpol_id last_address, last_house; /* the house found for the previous row */
	cpol_id run_id;
	/*
	 * A new run's record is written by the first batch's transaction
	 * (one commit and one sync fewer; a first batch rolled back leaves no
	 * run behind): until then run_pending, with what it will say.
	 */
	int run_pending;
	int run_uncommitted;        /* the run's record is in the open batch, not committed yet */
	char run_digest[17];
	int64_t run_size;
	const char *run_path;
	/* community lookups, last one cached */
	char *community_key;
	cpol_id community_id, community_office;
	cpol_import_report rep;     /* the run's, copied out (version set) by cpol_import_run() */
	cpol_import_report row;     /* what the current row created; added to rep when it succeeds */
	cpol_id first_row, last_row;
	/* the row's problem */
	int bad_col;
	char bad_field[64];
	char bad_reason[1600];
	/* the header: each field's column, or C_COUNT for an ignored one, and its name as written */
	int head_col[CSV_MAX_FIELDS];
	char *head_name[CSV_MAX_FIELDS];
	int head_count;
	/* the row's warnings and updates, kept until it is imported (a rejected row has none) */
	struct {
		cpol_import_level level;
		int col;
		const char *field;
		char reason[320];
	} note[MAX_NOTES];
	int notes;
	int64_t record;             /* the current record's number (1-based, data records) */
	cpol_id persons_before;     /* max(person.id) when the run began: a higher id was added by it */
	int64_t told_upto;          /* records whose notes went to the problem callback (a reread tells none twice) */
	int stop_told;              /* the problem callback asked to stop */
	int64_t cache_before;       /* PRAGMA cache_size before the import (cache_grow()) */
	int cache_grown;            /* ... which is to be set back */
} importer;

static const char *col(importer *im, enum col k)
{
	return im->col[k] < 0 ? "" : rec_field(&im->rec, im->col[k]);
}

/* Remember why the row is bad (the first reason wins), from the thread's error or a text. */
static int row_bad(importer *im, enum col k, const char *reason)
{
	if (im->bad_reason[0])
		return CPOL_EINVAL;
	im->bad_col = im->col[k] >= 0 ? im->col[k] + 1 : 0;
	snprintf(im->bad_field, sizeof(im->bad_field), "%s", col_names[k][0]);
	snprintf(im->bad_reason, sizeof(im->bad_reason), "%s", reason ? reason : cpol_error_last()->message);
	return CPOL_EINVAL;
}

/* Dates as spreadsheets write them: 2024-01-05, 2024/1/5, 2024.1.5, 20240105. */
static int parse_date(importer *im, enum col k, cpol_date *out)
{
	const char *s = col(im, k);
	int y = 0, m = 0, d = 0, n = 0, i;
	char buf[160];

	*out = CPOL_DATE_NONE;
	if (!*s)
		return 0;
	if (strlen(s) == 8 && strspn(s, "0123456789") == 8) {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[4] - '0') * 10 + (s[5] - '0');
		d = (s[6] - '0') * 10 + (s[7] - '0');
		n = 3;
	} else {
		int part = 0, digits = 0, vals[3] = { 0, 0, 0 };
		for (i = 0; s[i]; i++) {
			if (s[i] >= '0' && s[i] <= '9' && digits < 4) {
				vals[part] = vals[part] * 10 + (s[i] - '0');
				digits++;
			} else if ((s[i] == '-' || s[i] == '/' || s[i] == '.') && digits && part < 2) {
				part++;
				digits = 0;
			} else {
				part = 9;
				break;
			}
		}
		if (part == 2 && digits) {
			y = vals[0];
			m = vals[1];
			d = vals[2];
			n = 3;
		}
	}
	if (n != 3 || cpol_date_from_ymd(out, y, m, d) < 0) {
		snprintf(buf, sizeof(buf), "'%.60s' is not a date (YYYY-MM-DD)%s", s,
		         n == 3 ? ": that day does not exist" : "");
		*out = CPOL_DATE_NONE;
		return row_bad(im, k, buf);
	}
	return 0;
}

/* Keep a warning or an update of the row: told and stored when the row is imported. */
static void row_note(importer *im, cpol_import_level level, enum col k, const char *fmt, ...)
{
	va_list ap;

	if (im->notes >= MAX_NOTES)
		return;
	im->note[im->notes].level = level;
	im->note[im->notes].col = im->col[k] >= 0 ? im->col[k] + 1 : 0;
	im->note[im->notes].field = col_names[k][0];
	va_start(ap, fmt);
	vsnprintf(im->note[im->notes].reason, sizeof(im->note[0].reason), fmt, ap);
	va_end(ap);
	im->notes++;
}

/*
 * A date that cannot be right: before 1900, before the person's birth
 * (born may be CPOL_DATE_NONE), or more than ahead_days after today.
 */
static int date_plausible(importer *im, enum col k, cpol_date d, cpol_date born, int ahead_days)
{
	char a[CPOL_DATE_BUFSZ], b[CPOL_DATE_BUFSZ], buf[256];
	cpol_date floor;

	if (d == CPOL_DATE_NONE)
		return 0;
	cpol_date_from_ymd(&floor, 1900, 1, 1);
	if (born != CPOL_DATE_NONE && d < born)
		snprintf(buf, sizeof(buf), "%s is before the person's birth (%s)", cpol_date_format(a, d),
		         cpol_date_format(b, born));
	else if (d < floor)
		snprintf(buf, sizeof(buf), "%s is before 1900", cpol_date_format(a, d));
	else if (d > im->today + ahead_days)
		snprintf(buf, sizeof(buf), "%s is %s today (%s)", cpol_date_format(a, d),
		         ahead_days == 0 ? "after" : ahead_days <= DAYS_AHEAD ? "more than a year after" :
		         "more than twenty years after", cpol_date_format(b, im->today));
	else
		return 0;
	return row_bad(im, k, buf);
}

static int find_community(importer *im, cpol_id *out)
{
	static const char BY_CODE_SQL[] = "SELECT id FROM community WHERE code = ?1 AND archived_at IS NULL";
	static const char BY_NAME_SQL[] =
		"SELECT id FROM community WHERE name = ?1 AND archived_at IS NULL ORDER BY id LIMIT 2";
	const char *key = col(im, C_COMMUNITY);
	cpol__stmt *st;
	int n = 0, rc;

	if (!*key) {
		if (im->opts->community_id) {
			*out = im->opts->community_id;
			return 0;
		}
		return row_bad(im, C_COMMUNITY, "no community given (and none in the options)");
	}
	if (im->community_key && strcmp(im->community_key, key) == 0) {
		*out = im->community_id;
		return 0;
	}
	/* A failed step is the database's error, not "no such community". */
	if ((rc = cpol__db_stmt(im->db, &st, BY_CODE_SQL)) < 0 || (rc = cpol__bind_text(st, 1, key)) < 0)
		return rc;
	if ((rc = cpol__st_step(st)) == CPOL__ROW) {
		*out = cpol__st_column_int64(st, 0);
		n = 1;
	} else if (rc != CPOL__DONE) {
		cpol__st_reset(st);
		return cpol__db_error(im->db, rc, "community");
	}
	cpol__st_reset(st);
	if (!n) {
		if ((rc = cpol__db_stmt(im->db, &st, BY_NAME_SQL)) < 0 ||
		    (rc = cpol__bind_text(st, 1, key)) < 0)
			return rc;
		while ((rc = cpol__st_step(st)) == CPOL__ROW) {
			*out = cpol__st_column_int64(st, 0);
			n++;
		}
		cpol__st_reset(st);
		if (rc != CPOL__DONE)
			return cpol__db_error(im->db, rc, "community");
	}
	if (n != 1) {
		char buf[200];
		snprintf(buf, sizeof(buf), n ? "community '%.80s' is ambiguous: give its code" :
		                               "no community with code or name '%.80s'", key);
		return row_bad(im, C_COMMUNITY, buf);
	}
	free(im->community_key);
	im->community_key = cpol__strdup(key);
	im->community_id = *out;
	im->community_office = -1;
	return im->community_key ? 0 : cpol__error_oom();
}

/* The office for persons in a community: the options' one, else the covering district's. */
static cpol_id community_office(importer *im, cpol_id community)
{
	cpol_id office = 0;

	if (im->opts->office_id)
		return im->opts->office_id;
	if (community == im->community_id && im->community_office >= 0)
		return im->community_office;
	if (cpol__org_cover(im->db, community, im->today, NULL, &office) < 0) {
		cpol_error_clear();
		office = 0;
	}
	if (community == im->community_id)
		im->community_office = office;
	return office;
}

/* The row's address; *fresh set to 1 when this row added it (then no house stands on it). */
static int resolve_address(importer *im, cpol_id *community, cpol_id *address, int *fresh)
{
	cpol_address_path p = CPOL_ADDRESS_PATH_INIT;
	int created = 0, rc;

	if ((rc = find_community(im, community)) < 0)
		return rc;
	p.street = col(im, C_STREET);
	p.building = col(im, C_BUILDING);
	p.unit = col(im, C_UNIT);
	p.room = col(im, C_ROOM);
	if (!*p.street && !*p.building && !*p.unit && !*p.room)
		return row_bad(im, C_STREET, "no address given (街路巷, 门牌号, 单元, 户室 are all empty)");
	rc = cpol__address_ensure_cached(im->db, &im->cache, *community, &p, address, &created);
	if (rc < 0) {
		const cpol_error *e = cpol_error_last();
		enum col k = C_STREET;
		if (e->field && strcmp(e->field, "building") == 0)
			k = C_BUILDING;
		else if (e->field && strcmp(e->field, "unit") == 0)
			k = C_UNIT;
		else if (e->field && strcmp(e->field, "room") == 0)
			k = C_ROOM;
		if (rc == CPOL_EINVAL || rc == CPOL_EEXISTS || rc == CPOL_ENOTFOUND)
			return row_bad(im, k, NULL);
		return rc;
	}
	im->row.addresses_created += created;
	if (fresh)
		*fresh = created > 0; /* a node added means every node below it on the path is new */
	return 0;
}

static int import_house(importer *im)
{
	static const char HOUSE_UPDATE_SQL[] =
		"UPDATE house SET use = ?2, status = ?3, owner_name = ifnull(?4, owner_name),"
		" owner_id_number = ifnull(?5, owner_id_number), owner_phone = ifnull(?6, owner_phone) WHERE id = ?1";
	cpol_house_use use = CPOL_HOUSE_RESIDENTIAL;
	cpol_house_status status = CPOL_HOUSE_SELF;
	cpol_rental_new rn = CPOL_RENTAL_NEW_INIT;
	cpol_id community, address, house;
	cpol__stmt *st;
	int created = 0, fresh = 0, rc;

	if (*col(im, C_USE) && cpol__house_use_parse(col(im, C_USE), &use) < 0)
		return row_bad(im, C_USE, "unknown use (住宅, 商铺, 商住两用, 集体宿舍, 其他)");
	if (*col(im, C_STATUS) && cpol__house_status_parse(col(im, C_STATUS), &status) < 0)
		return row_bad(im, C_STATUS, "unknown status (自住, 出租, 空置, 借住)");
	if ((rc = parse_date(im, C_RENTAL_ON, &rn.registered_on)) < 0 ||
	    (rc = parse_date(im, C_RENTAL_TO, &rn.valid_to)) < 0)
		return rc;
	if ((rc = date_plausible(im, C_RENTAL_ON, rn.registered_on, CPOL_DATE_NONE, DAYS_AHEAD)) < 0 ||
	    (rc = date_plausible(im, C_RENTAL_TO, rn.valid_to, CPOL_DATE_NONE, DAYS_AHEAD_VALIDITY)) < 0)
		return rc;
	if (*col(im, C_LANDLORD) && rn.registered_on == CPOL_DATE_NONE)
		return row_bad(im, C_RENTAL_ON, "a letting needs its registration day (出租登记日期)");
	if (rn.valid_to != CPOL_DATE_NONE && rn.registered_on != CPOL_DATE_NONE && rn.valid_to < rn.registered_on)
		return row_bad(im, C_RENTAL_TO, "the registration ends before it was made");
	if ((rc = resolve_address(im, &community, &address, &fresh)) < 0 ||
	    (rc = cpol__house_ensure(im->db, address, community, fresh, &house, &created)) < 0)
		return rc;
	im->row.houses_created += created;
	if (*col(im, C_LANDLORD))
		status = CPOL_HOUSE_RENTED;
	if ((rc = cpol__db_stmt(im->db, &st, HOUSE_UPDATE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, house);
	cpol__bind_text(st, 2, cpol__house_use_name(use));
	cpol__bind_text(st, 3, cpol__house_status_name(status));
	cpol__bind_text_opt(st, 4, col(im, C_OWNER));
	cpol__bind_text_opt(st, 5, col(im, C_OWNER_ID));
	cpol__bind_text_opt(st, 6, col(im, C_OWNER_PHONE));
	if ((rc = cpol__org_step(im->db, st, "updating a house", NULL)) < 0)
		return rc;
	if (*col(im, C_LANDLORD)) {
		static const char RENTAL_SAME_SQL[] =
			"SELECT 1 FROM rental WHERE house_id = ?1 AND registered_on = ?2 AND archived_at IS NULL";
		static const char RENTAL_INSERT_SQL[] =
			"INSERT INTO rental (house_id, landlord_name, registration_no, registered_on, valid_to)"
			" VALUES (?1, ?2, ?3, ?4, ?5)";
		if ((rc = cpol__db_stmt(im->db, &st, RENTAL_SAME_SQL)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, house);
		cpol__bind_date(st, 2, rn.registered_on);
		rc = cpol__st_step(st);
		cpol__st_reset(st);
		if (rc != CPOL__ROW) {
			if ((rc = cpol__db_stmt(im->db, &st, RENTAL_INSERT_SQL)) < 0)
				return rc;
			cpol__st_bind_int64(st, 1, house);
			cpol__bind_text(st, 2, col(im, C_LANDLORD));
			cpol__bind_text_opt(st, 3, col(im, C_RENTAL_NO));
			cpol__bind_date(st, 4, rn.registered_on);
			cpol__bind_date_opt(st, 5, rn.valid_to);
			if ((rc = cpol__org_step(im->db, st, "registering a letting", NULL)) < 0)
				return rc;
		}
	}
	im->last_row = house;
	if (!im->first_row)
		im->first_row = house;
	return 0;
}

/* A residence type by code or by the rules' name for it (常住人口). */
static const char *residence_type(importer *im)
{
	const char *t = col(im, C_TYPE);
	const cpol_rules_population *pop;
	size_t i;

	if (!*t)
		return "permanent";
	pop = cpol_rules_get_population(im->rules);
	for (i = 0; i < pop->residence_type_count; i++)
		if (strcmp(pop->residence_types[i].code, t) == 0 ||
		    (pop->residence_types[i].name && strcmp(pop->residence_types[i].name, t) == 0))
			return pop->residence_types[i].code;
	return t; /* refused, naming the column, when the residence is opened */
}

/*
 * Check the row's labels (person 0) or give them to a person: a known
 * person keeps a label already on; a person this row added has none, and
 * gets a plain INSERT (the INSERT ... SELECT ... WHERE NOT EXISTS reads the
 * table it writes, so SQLite stages it in a temporary table each time).
 */
static int import_labels(importer *im, cpol_id person, int new_person, cpol_date from)
{
	static const char LABEL_INSERT_SQL[] =
		"INSERT INTO label (person_id, code, valid_from, reason, set_by)"
		" SELECT ?1, ?2, ?3, 'imported', cpol_actor() WHERE NOT EXISTS (SELECT 1 FROM label"
		" WHERE person_id = ?1 AND code = ?2 AND valid_to IS NULL AND archived_at IS NULL)";
	static const char LABEL_INSERT_NEW_SQL[] =
		"INSERT INTO label (person_id, code, valid_from, reason, set_by)"
		" VALUES (?1, ?2, ?3, 'imported', cpol_actor())";
	const cpol_rules_population *pop = cpol_rules_get_population(im->rules);
	const char *s = col(im, C_LABELS);
	char item[128], b[CPOL_DATE_BUFSZ];
	cpol__value v[10];
	int rc;

	while (*s) {
		size_t n = 0, i;
		const char *code = NULL;
		cpol__stmt *st;

		/* Separators: ';', '；', '、' and ','. */
		while (s[n] && s[n] != ';' && s[n] != ',' && strncmp(s + n, "、", 3) != 0 && strncmp(s + n, "；", 3) != 0)
			n++;
		snprintf(item, sizeof(item), "%.*s", (int)(n < sizeof(item) ? n : sizeof(item) - 1), s);
		s += n;
		if (*s == ';' || *s == ',')
			s++;
		else if (*s)
			s += 3;
		if (!item[0])
			continue;
		for (i = 0; i < pop->label_count; i++)
			if (strcmp(pop->labels[i].code, item) == 0 ||
			    (pop->labels[i].name && strcmp(pop->labels[i].name, item) == 0))
				code = pop->labels[i].code;
		if (!code) {
			char buf[200];
			snprintf(buf, sizeof(buf), "label '%s' is not in the rules of region %s", item,
			         cpol_rules_region(im->rules));
			return row_bad(im, C_LABELS, buf);
		}
		if (!person)
			continue; /* checking only */
		/* The row as written, in the table's column order: bound from, and told to the batch. */
		v[1] = cpol__v_int(person);
		v[2] = cpol__v_text(code);
		v[3] = cpol__v_date(b, from);
		v[4] = cpol__v_null(); /* valid_to */
		v[5] = cpol__v_text("imported");
		v[6] = cpol__v_text(cpol__db_actor(im->db));
		for (i = 7; i < 10; i++)
			v[i] = cpol__v_null(); /* end_reason, ended_by, archived_at */
		if ((rc = cpol__db_stmt_bind_all(im->db, &st, new_person ? LABEL_INSERT_NEW_SQL : LABEL_INSERT_SQL)) < 0)
			return rc;
		for (i = 1; i <= 3; i++)
			cpol__bind_value(st, (int)i, &v[i]);
		if ((rc = cpol__org_step(im->db, st, "adding a label", NULL)) < 0)
			return rc;
		/* A known person's label may not have been added: that batch reads its labels back. */
		if (new_person) {
			v[0] = cpol__v_int(cpol__db_last_id(im->db));
			cpol__db_row_written(im->db, "label", v[0].i, v, 10);
		}
	}
	return 0;
}

/* A person or residence the library refused: name the column of the field its error named. */
static int person_bad(importer *im, int rc)
{
	static const struct {
		const char *field;
		enum col k;
	} fields[] = {
		{ "name", C_NAME }, { "sex", C_SEX }, { "birth_date", C_BIRTH }, { "nationality", C_NATIONALITY },
		{ "type", C_TYPE }, { "relation", C_RELATION }, { "from", C_FROM }, { "registered_on", C_REGISTERED },
		{ "permit_valid_to", C_PERMIT_TO }, { "permit_no", C_PERMIT_NO }, { "id_kind", C_ID_KIND },
	};
	const char *f = cpol_error_last()->field;
	enum col k = C_ID_NUMBER;
	size_t i;

	if (rc != CPOL_EINVAL && rc != CPOL_ECONSTRAINT)
		return rc;
	for (i = 0; f && i < CPOL__ARRAY_SIZE(fields); i++)
		if (strcmp(f, fields[i].field) == 0)
			k = fields[i].k;
	return row_bad(im, k, NULL);
}

static const char PERSON_BY_NUMBER_SQL[] =
	"SELECT p.id, (SELECT r.house_id FROM residence r WHERE r.person_id = p.id AND r.valid_to IS NULL"
	" AND r.archived_at IS NULL), p.name, ifnull(p.phone, ''), ifnull(p.hukou, '') FROM person p"
	" WHERE p.id_number = ?1 AND p.archived_at IS NULL ORDER BY p.id_kind DESC LIMIT 1";
static const char PERSON_CORRECT_SQL[] = "UPDATE person SET name = ?2, phone = ?3, hukou = ?4 WHERE id = ?1";

/* A known person as stored, for comparing with the row. */
typedef struct known_person {
	cpol_id id, house;
	char name[512], phone[256], hukou[1024];
} known_person;

static int known_person_read(importer *im, const char *number, known_person *kp)
{
	cpol__stmt *st;
	int rc;

	memset(kp, 0, sizeof(*kp));
	if ((rc = cpol__db_stmt(im->db, &st, PERSON_BY_NUMBER_SQL)) < 0)
		return rc;
	cpol__bind_text(st, 1, number);
	if (cpol__st_step(st) == CPOL__ROW) {
		kp->id = cpol__st_column_int64(st, 0);
		kp->house = cpol__st_column_int64(st, 1);
		snprintf(kp->name, sizeof(kp->name), "%s", (const char *)cpol__st_column_text(st, 2));
		snprintf(kp->phone, sizeof(kp->phone), "%s", (const char *)cpol__st_column_text(st, 3));
		snprintf(kp->hukou, sizeof(kp->hukou), "%s", (const char *)cpol__st_column_text(st, 4));
	}
	cpol__st_reset(st);
	if (!kp->id)
		return row_bad(im, C_ID_NUMBER, "the person exists but could not be read back");
	return 0;
}

/*
 * A row naming a known ID number: the same name is the same person (who
 * may have moved); another name is refused, never merged, unless the
 * update mode corrects the stored name (and phone, 户籍地址) from the row,
 * noting each value before and after. Without it, a phone or 户籍地址
 * that differs is kept as stored, with a warning.
 */
static int known_person_check(importer *im, const cpol_person_new *p, const known_person *kp)
{
	static const enum col cols[3] = { C_NAME, C_PHONE, C_HUKOU };
	const char *stored[3] = { kp->name, kp->phone, kp->hukou }, *given[3] = { p->name, p->phone, p->hukou };
	const char *now[3];
	cpol__stmt *st;
	int i, changed = 0, rc;

	if (strcmp(kp->name, p->name) != 0 && !im->opts->update) {
		char buf[1400];
		snprintf(buf, sizeof(buf), "ID number %s is already %s (person %lld, %s); this row says %s: not merged."
		         " If the stored name is wrong, correct it with the update mode (commpolice import --update)",
		         col(im, C_ID_NUMBER), kp->name, (long long)kp->id,
		         kp->id > im->persons_before ? "from an earlier row of this file" : "in the database", p->name);
		return row_bad(im, C_NAME, buf);
	}
	for (i = 0; i < 3; i++) {
		now[i] = stored[i];
		if (!*given[i] || strcmp(given[i], stored[i]) == 0)
			continue;
		if (!im->opts->update) {
			row_note(im, CPOL_IMPORT_WARNING, cols[i], "%s in the file (%s) differs from the stored %s; the"
			         " stored one is kept (the update mode changes it)", col_names[cols[i]][0], given[i],
			         *stored[i] ? stored[i] : "(empty)");
			continue;
		}
		row_note(im, CPOL_IMPORT_UPDATED, cols[i], "person %lld %s: %s → %s", (long long)kp->id,
		         col_names[cols[i]][0], *stored[i] ? stored[i] : "(empty)", given[i]);
		now[i] = given[i];
		changed = 1;
	}
	if (!changed)
		return 0;
	if ((rc = cpol__db_stmt(im->db, &st, PERSON_CORRECT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, kp->id);
	cpol__bind_text(st, 2, now[0]);
	cpol__bind_text_opt(st, 3, now[1]);
	cpol__bind_text_opt(st, 4, now[2]);
	if ((rc = cpol__org_step(im->db, st, "correcting a person", NULL)) < 0)
		return rc;
	im->row.updated++;
	return 0;
}

/* The row's dates against each other, the person's birth and today. */
static int person_dates_plausible(importer *im, const cpol_residence_new *r, cpol_date born)
{
	char a[CPOL_DATE_BUFSZ], b[CPOL_DATE_BUFSZ], buf[200];
	int rc;

	if ((rc = date_plausible(im, C_FROM, r->from, born, DAYS_AHEAD)) < 0 ||
	    (rc = date_plausible(im, C_REGISTERED, r->registered_on, born, DAYS_AHEAD)) < 0 ||
	    (rc = date_plausible(im, C_PERMIT_TO, r->permit_valid_to, born, DAYS_AHEAD_VALIDITY)) < 0)
		return rc;
	if (r->registered_on != CPOL_DATE_NONE && r->permit_valid_to != CPOL_DATE_NONE &&
	    r->permit_valid_to < r->registered_on) {
		snprintf(buf, sizeof(buf), "the permit runs out (%s) before it was registered (登记日期 %s)",
		         cpol_date_format(a, r->permit_valid_to), cpol_date_format(b, r->registered_on));
		return row_bad(im, C_PERMIT_TO, buf);
	}
	return 0;
}

/* The 户籍在本址 column: 1 yes, 0 no or empty, -1 (row marked bad) not a yes/no. */
static int hukou_here(importer *im)
{
	static const char *const yes[] = { "是", "yes", "true", "1", "Y", "y", NULL };
	static const char *const no[] = { "否", "no", "false", "0", "N", "n", "", NULL };
	const char *v = col(im, C_HUKOU_HERE);
	size_t i;

	for (i = 0; yes[i]; i++)
		if (!strcmp(v, yes[i]))
			return 1;
	for (i = 0; no[i]; i++)
		if (!strcmp(v, no[i]))
			return 0;
	return -1;
}

static int import_person(importer *im)
{
	cpol_person_new p = CPOL_PERSON_NEW_INIT;
	cpol_residence_new r = CPOL_RESIDENCE_NEW_INIT;
	cpol_id community, address, house, person = 0, residence;
	const char *idn = col(im, C_ID_NUMBER), *kind = col(im, C_ID_KIND), *sex = col(im, C_SEX);
	const char *rel = col(im, C_RELATION);
	cpol_idnum n;
	cpol_date born;
	int created = 0, fresh = 0, parsed, here, rc;

	/* Everything that can be checked without the database first: a bad row writes nothing. */
	if (*kind && (strcmp(kind, "护照") == 0 || strcmp(kind, "passport") == 0))
		p.id_kind = CPOL_IDKIND_PASSPORT;
	else if (*kind && strcmp(kind, "居民身份证") != 0 && strcmp(kind, "身份证") != 0 && strcmp(kind, "resident") != 0)
		return row_bad(im, C_ID_KIND, "unknown document kind (居民身份证, 护照)");
	if (*idn == '\'')
		idn++; /* a spreadsheet's "keep as text" mark */
	if (strchr(idn, 'E') && strchr(idn, '.') && p.id_kind == CPOL_IDKIND_RESIDENT)
		return row_bad(im, C_ID_NUMBER, "the ID number was turned into a number by the spreadsheet "
		                                "(e.g. 1.10105E+17); format the column as text and export again");
	p.id_number = idn;
	p.name = col(im, C_NAME);
	p.nationality = col(im, C_NATIONALITY);
	p.phone = col(im, C_PHONE);
	p.hukou = col(im, C_HUKOU);
	if (*sex && cpol__sex_parse(sex, &p.sex) < 0)
		return row_bad(im, C_SEX, "unknown sex (男, 女)");
	if ((rc = parse_date(im, C_BIRTH, &p.birth_date)) < 0 || (rc = parse_date(im, C_FROM, &r.from)) < 0 ||
	    (rc = parse_date(im, C_REGISTERED, &r.registered_on)) < 0 ||
	    (rc = parse_date(im, C_PERMIT_TO, &r.permit_valid_to)) < 0)
		return rc;
	if (*rel && cpol__relation_parse(rel, &r.relation) < 0)
		return row_bad(im, C_RELATION, "unknown relation (房主, 家庭成员, 租住, 其他)");
	if ((here = hukou_here(im)) < 0)
		return row_bad(im, C_HUKOU_HERE, "write 是 or 否 (yes or no)");
	if (r.from == CPOL_DATE_NONE)
		r.from = im->opts->residence_from != CPOL_DATE_NONE ? im->opts->residence_from : im->today;
	r.type = residence_type(im);
	r.permit_no = col(im, C_PERMIT_NO);
	r.reason = "imported";

	/*
	 * The person, the dates, the type and the labels are checked before
	 * anything is written. The number is parsed once, as the check and the
	 * insert would parse it (same flags, same day); when it does not parse,
	 * the check parses it again to say why.
	 */
	parsed = p.id_kind == CPOL_IDKIND_RESIDENT && cpol_idnum_parse(&n, idn, im->id_flags, im->today) == 0;
	if ((rc = cpol__person_check(&p, im->id_flags, im->today, parsed ? &n : NULL)) < 0)
		return person_bad(im, rc);
	born = p.birth_date;
	if (parsed) {
		born = n.birth_date;
		idn = n.number;
		if (!cpol_idnum_region_known(n.region))
			row_note(im, CPOL_IMPORT_WARNING, C_ID_NUMBER, "region code %s (the first six digits) is in no"
			         " edition of GB/T 2260; imported, but check the number", n.region);
	} else if ((rc = date_plausible(im, C_BIRTH, born, CPOL_DATE_NONE, 0)) < 0) {
		return rc;
	}
	if ((rc = person_dates_plausible(im, &r, born)) < 0)
		return rc;
	if (cpol__residence_type_ok(im->rules, r.type) < 0)
		return row_bad(im, C_TYPE, NULL);
	if (*col(im, C_LABELS) && (rc = import_labels(im, 0, 0, r.from)) < 0)
		return rc;

	if ((rc = resolve_address(im, &community, &address, &fresh)) < 0)
		return rc;
	/* A household's members come one after another: the house of the previous row is often this one. */
	if (address == im->last_address && im->last_house) {
		house = im->last_house;
	} else {
		if ((rc = cpol__house_ensure(im->db, address, community, fresh, &house, &created)) < 0)
			return rc;
		im->row.houses_created += created;
		im->last_address = address;
		im->last_house = house;
	}
	r.house_id = house;
	if (here > 0)
		p.hukou_address_id = address; /* registered by the household register itself */
	p.office_id = community_office(im, community);
	p.office_since = r.from;

	rc = cpol__person_insert(im->db, &p, im->id_flags, im->today, parsed ? &n : NULL, &person);
	if (rc == 0) {
		r.person_id = person;
		if ((rc = cpol__residence_open(im->db, im->rules, &r, 2, &residence)) < 0)
			return person_bad(im, rc);
		im->row.persons_created++;
	} else if (rc == CPOL_EEXISTS) {
		/* Known: the same person, already living here (a re-run) or moving here; or a conflict. */
		known_person kp;
		cpol_error_clear();
		if ((rc = known_person_read(im, idn, &kp)) < 0 || (rc = known_person_check(im, &p, &kp)) < 0)
			return rc;
		person = kp.id;
		if (kp.house != house) {
			r.person_id = person;
			if ((rc = cpol__residence_open(im->db, im->rules, &r, 0, &residence)) < 0)
				return person_bad(im, rc);
			im->row.moves++;
		}
	} else {
		return person_bad(im, rc);
	}
	if (*col(im, C_LABELS) && (rc = import_labels(im, person, im->row.persons_created > 0, r.from)) < 0)
		return rc;
	im->last_row = person;
	if (!im->first_row)
		im->first_row = person;
	return 0;
}

static int import_address(importer *im)
{
	cpol_id community, address;
	int rc = resolve_address(im, &community, &address, NULL);
	if (rc == 0) {
		im->last_row = address;
		if (!im->first_row)
			im->first_row = address;
	}
	return rc;
}

/*
 * Every field of the row, in one pass over its bytes: a NUL byte or a byte
 * the encoding does not have (the decoder's marks) or more characters than
 * its column allows refuses the row, naming the field.
 */
static int check_fields(importer *im)
{
	int i;

	for (i = 0; i < im->rec.nfields && i < CSV_MAX_FIELDS; i++) {
		const unsigned char *p = (const unsigned char *)im->rec.buf + im->rec.start[i];
		int k = i < im->head_count ? im->head_col[i] : C_COUNT;
		int max = k == C_COUNT ? IGNORED_MAX : col_max[k], chars = 0;
		const char *what = NULL;

		for (; *p; p++) {
			if (*p == (unsigned char)MARK_NUL) {
				what = "a NUL byte";
				break;
			}
			if (*p == (unsigned char)MARK_INVALID) {
				what = im->c.rd.enc == CPOL_ENCODING_UTF8 ? "bytes that are not valid UTF-8"
				                                          : "bytes that are not valid GB18030";
				break;
			}
			chars += (*p & 0xC0) != 0x80;
		}
		if (!what && chars <= max)
			continue;
		im->bad_col = i + 1;
		snprintf(im->bad_field, sizeof(im->bad_field), "%s", i < im->head_count ? im->head_name[i] : "");
		if (what)
			snprintf(im->bad_reason, sizeof(im->bad_reason), "%s (character %d of the field)", what, chars + 1);
		else
			snprintf(im->bad_reason, sizeof(im->bad_reason), "%d characters; this column holds at most %d",
			         chars + (int)strlen((const char *)p), max);
		return CPOL_EINVAL;
	}
	return 0;
}

/* ------------------------------------------------------------ bookkeeping */

static const char SP_BEGIN_SQL[] = "SAVEPOINT cpol_import_row";
static const char SP_RELEASE_SQL[] = "RELEASE cpol_import_row";
static const char SP_ROLLBACK_SQL[] = "ROLLBACK TO cpol_import_row";

static int exec_cached(cpol_db *db, const char *sql)
{
	cpol__stmt *st;
	int rc = cpol__db_stmt(db, &st, sql);
	return rc < 0 ? rc : cpol__db_step_done(db, st, "import savepoint");
}

static const char RUN_FIND_SQL[] =
	"SELECT id, records_done, rows_ok, rows_bad FROM import_run WHERE file_digest = ?1 AND file_size = ?2"
	" AND kind = ?3 AND status = 'running' AND archived_at IS NULL ORDER BY id DESC LIMIT 1";
static const char RUN_INSERT_SQL[] =
	"INSERT INTO import_run (kind, file_name, file_size, file_digest, encoding, status, started_at, actor)"
	" VALUES (?1, ?2, ?3, ?4, ?5, 'running', cpol_now(), cpol_actor())";
static const char RUN_PROGRESS_SQL[] =
	"UPDATE import_run SET records_done = ?2, rows_ok = ?3, rows_bad = ?4,"
	" first_row_id = ifnull(first_row_id, ?5), last_row_id = ifnull(?6, last_row_id) WHERE id = ?1";
static const char RUN_DONE_SQL[] =
	"UPDATE import_run SET status = 'done', finished_at = cpol_now() WHERE id = ?1";
static const char PROBLEM_INSERT_SQL[] =
	"INSERT INTO import_problem (run_id, line, col, field, reason, level) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char RUN_NOTES_SQL[] =
	"SELECT ifnull(sum(level = 'warning'), 0), ifnull(sum(level = 'updated'), 0) FROM import_problem"
	" WHERE run_id = ?1 AND archived_at IS NULL";

static const char *const level_words[] = { "rejected", "warning", "updated" };

static const char *const kind_words[] = { NULL, "addresses", "houses", "persons" };

/* FNV-1a over the first 64 KiB: with the size, tells a file from another for resuming. */
static int file_digest(const char *path, char out[17], int64_t *size)
{
	unsigned char buf[READ_CHUNK];
	uint64_t h = 1469598103934665603ull;
	struct stat sb;
	FILE *fp;
	size_t n, i;

	if (stat(path, &sb) != 0)
		return cpol__error_set_at(CPOL_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
	*size = (int64_t)sb.st_size;
	if (!(fp = fopen(path, "rb")))
		return cpol__error_set_at(CPOL_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	for (i = 0; i < n; i++) {
		h ^= buf[i];
		h *= 1099511628211ull;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
	return 0;
}

/* The resumed run, if any; else the new run is noted, to be written by the first transaction that writes. */
static int start_run(importer *im, const char *path, int64_t *skip)
{
	cpol__stmt *st;
	int rc;

	*skip = 0;
	if ((rc = file_digest(path, im->run_digest, &im->run_size)) < 0)
		return rc;
	im->run_path = path;
	if (im->opts->resume && !im->opts->check_only) {
		if ((rc = cpol_db_begin(im->db)) < 0)
			return rc;
		if ((rc = cpol__db_stmt(im->db, &st, RUN_FIND_SQL)) < 0)
			goto done;
		cpol__bind_text(st, 1, im->run_digest);
		cpol__st_bind_int64(st, 2, im->run_size);
		cpol__bind_text(st, 3, kind_words[im->opts->kind]);
		if (cpol__st_step(st) == CPOL__ROW) {
			im->run_id = cpol__st_column_int64(st, 0);
			*skip = cpol__st_column_int64(st, 1);
			im->rep.ok = cpol__st_column_int64(st, 2);
			im->rep.bad = cpol__st_column_int64(st, 3);
			im->rep.resumed = 1;
		}
		cpol__st_reset(st);
		if (im->run_id) {
			if ((rc = cpol__db_stmt(im->db, &st, RUN_NOTES_SQL)) < 0)
				goto done;
			cpol__st_bind_int64(st, 1, im->run_id);
			if (cpol__st_step(st) == CPOL__ROW) {
				im->rep.warnings = cpol__st_column_int64(st, 0);
				im->rep.updated = cpol__st_column_int64(st, 1);
			}
			cpol__st_reset(st);
		}
done:
		if ((rc = cpol__db_finish(im->db, rc)) < 0)
			return rc;
	}
	im->run_pending = !im->run_id;
	return 0;
}

/* Inside the caller's transaction: the new run's record, when it is not written yet. */
static int run_write(importer *im)
{
	cpol__stmt *st;
	int rc;

	if (!im->run_pending)
		return 0;
	if ((rc = cpol__db_stmt(im->db, &st, RUN_INSERT_SQL)) < 0)
		return rc;
	cpol__bind_text(st, 1, kind_words[im->opts->kind]);
	cpol__bind_text(st, 2, im->run_path);
	cpol__st_bind_int64(st, 3, im->run_size);
	cpol__bind_text(st, 4, im->run_digest);
	cpol__bind_text(st, 5, im->c.rd.enc == CPOL_ENCODING_UTF8 ? "UTF-8" : "GB18030");
	if ((rc = cpol__org_step(im->db, st, "starting an import", NULL)) < 0)
		return rc;
	im->run_id = cpol__db_last_id(im->db);
	im->rep.run_id = im->opts->check_only ? 0 : im->run_id;
	im->run_pending = 0;
	im->run_uncommitted = 1;
	return 0;
}

/* The transaction that wrote the run's record was rolled back: the run is to be written again. */
static void run_rolled_back(importer *im)
{
	if (!im->run_uncommitted)
		return;
	im->run_id = 0;
	im->rep.run_id = 0;
	im->run_pending = 1;
	im->run_uncommitted = 0;
}

/*
 * A batch dirties more pages than SQLite's default page cache holds (2 MiB:
 * a batch of 5,000 persons touches the person, residence, address and
 * house tables and their nine indexes); the excess is spilled to the WAL
 * before the commit and written again at it. For the import's duration
 * the cache may grow to IMPORT_CACHE_KIB (bench_population: a quarter
 * fewer pages written, 60% fewer read), then is set back.
 */
#define IMPORT_CACHE_KIB 16384

static int cache_grow(importer *im)
{
	static const char CACHE_SIZE_SQL[] = "PRAGMA cache_size";
	char sql[64];
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(im->db, &st, CACHE_SIZE_SQL)) < 0)
		return rc;
	if ((rc = cpol__st_step(st)) == CPOL__ROW)
		im->cache_before = cpol__st_column_int64(st, 0);
	cpol__st_reset(st);
	if (rc != CPOL__ROW)
		return cpol__db_error(im->db, rc, "reading the page cache size");
	/* Negative: KiB; positive: pages. Never smaller than it was. */
	if (im->cache_before < 0 ? -im->cache_before >= IMPORT_CACHE_KIB : im->cache_before * 4 >= IMPORT_CACHE_KIB)
		return 0;
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", IMPORT_CACHE_KIB);
	if ((rc = cpol__db_exec(im->db, sql)) < 0)
		return rc;
	im->cache_grown = 1;
	return 0;
}

static void cache_restore(importer *im)
{
	char sql[64];

	if (!im->cache_grown)
		return;
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld", (long long)im->cache_before);
	/* Raw: sets no error, so the import's own error (if any) stands; the cache is only a size. */
	(void)cpol__db_exec_raw(im->db, sql);
	im->cache_grown = 0;
}

/* The run is marked done (inside the caller's transaction). */
static int run_done(importer *im)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(im->db, &st, RUN_DONE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, im->run_id);
	return cpol__org_step(im->db, st, "finishing an import", NULL);
}

/* The highest person id before the run: a higher one was added by it (known_person_check() says so). */
static int persons_high_water(importer *im)
{
	static const char PERSON_MAX_SQL[] = "SELECT ifnull(max(id), 0) FROM person";
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(im->db, &st, PERSON_MAX_SQL)) < 0)
		return rc;
	return cpol__org_query_id(im->db, st, &im->persons_before, "reading person ids");
}

static int save_progress(importer *im, int64_t records)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(im->db, &st, RUN_PROGRESS_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, im->run_id);
	cpol__st_bind_int64(st, 2, records);
	cpol__st_bind_int64(st, 3, im->rep.ok);
	cpol__st_bind_int64(st, 4, im->rep.bad);
	if (im->first_row)
		cpol__st_bind_int64(st, 5, im->first_row);
	if (im->last_row)
		cpol__st_bind_int64(st, 6, im->last_row);
	return cpol__org_step(im->db, st, "saving import progress", NULL);
}

/*
 * A note on the current record: told to the problem callback (once, even
 * when a batch is read again) and, unless this is a dry run, stored.
 */
static int save_note(importer *im, cpol_import_level level, int column, const char *field, const char *reason)
{
	cpol__stmt *st;
	int rc;

	if (im->opts->problem && im->record > im->told_upto) {
		cpol_import_problem pr;
		pr.line = im->rec.line;
		pr.column = column;
		pr.field = field && *field ? field : NULL;
		pr.reason = reason;
		pr.level = level;
		if (im->opts->problem(&pr, im->opts->problem_payload) != 0)
			im->stop_told = 1;
	}
	if (im->opts->check_only)
		return 0;
	if ((rc = cpol__db_stmt(im->db, &st, PROBLEM_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, im->run_id);
	cpol__st_bind_int(st, 2, im->rec.line);
	cpol__st_bind_int(st, 3, column);
	cpol__bind_text_opt(st, 4, field && *field ? field : NULL);
	cpol__bind_text(st, 5, reason);
	cpol__bind_text(st, 6, level_words[level]);
	return cpol__org_step(im->db, st, "recording an import note", NULL);
}

/* The row was imported: its warnings and updates are told and kept. */
static int save_row_notes(importer *im)
{
	int i, rc;

	for (i = 0; i < im->notes; i++) {
		if ((rc = save_note(im, im->note[i].level, im->note[i].col, im->note[i].field, im->note[i].reason)) < 0)
			return rc;
		im->rep.warnings += im->note[i].level == CPOL_IMPORT_WARNING;
	}
	return 0;
}

/* ------------------------------------------------------------ batch audit */

/* The tables an import inserts into, with the SQL each needs (no SQL is built from data). */
typedef struct audited_table {
	const char *name;
	const char *max_sql;
	const char *trigger_sql;     /* reads the insert trigger's own text */
	const char *drop_sql;
	const char *entry_sql;
	const char *rows_sql;        /* the rows a batch added, for their digests */
} audited_table;

#define AUDITED(t) { #t, "SELECT ifnull(max(rowid), 0) FROM " #t, \
	"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_" #t "_insert'", \
	"DROP TRIGGER IF EXISTS audit_" #t "_insert", \
	"INSERT INTO audit_log (at, actor, table_name, row_id, action, before_json, after_json)" \
	" SELECT cpol_now(), cpol_actor(), '" #t "', ?2, 'insert', NULL, json_object('import_run', ?1," \
	" 'first_id', ?2, 'last_id', ?3, 'rows', count(*), 'first_line', ?4, 'last_line', ?5," \
	" 'columns', ?6, 'digests_sha256', ?7)" \
	" FROM " #t " WHERE rowid BETWEEN ?2 AND ?3", \
	"SELECT rowid, * FROM " #t " WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid" }

static const char BATCH_DIGESTS_SQL[] = "INSERT INTO audit_batch (entry_id, digests) VALUES (last_insert_rowid(), ?1)";

static const audited_table audited_tables[] = {
	AUDITED(address), AUDITED(house), AUDITED(rental), AUDITED(person), AUDITED(residence), AUDITED(label),
};
#define N_AUDITED (sizeof(audited_tables) / sizeof(audited_tables[0]))

/*
 * The digests of the rows a batch added, as the insert functions told them
 * (the handle's row hook, internal.h "Row images"): slot k is the row with
 * id max_before + 1 + k. A table whose rows were not all told, or told
 * with another number of columns than the table has, is read back instead.
 */
typedef struct told_rows {
	unsigned char *digests;      /* CPOL__AUDIT_ROW_DIGEST_SIZE bytes a slot */
	unsigned char *have;         /* 1 for a slot told */
	size_t cap;                  /* slots allocated */
	int ncols;                   /* columns of every image told; 0 none yet; -1 unusable */
} told_rows;

typedef struct batch_audit {
	int64_t max_before[N_AUDITED];
	char *trigger[N_AUDITED];    /* the dropped triggers' CREATE text */
	told_rows told[N_AUDITED];
	int first_line;              /* where the batch's first record starts */
	int last_line;               /* where its last record starts */
} batch_audit;

static void batch_audit_clear(batch_audit *ba)
{
	size_t i;
	for (i = 0; i < N_AUDITED; i++) {
		free(ba->trigger[i]);
		ba->trigger[i] = NULL;
		free(ba->told[i].digests);
		free(ba->told[i].have);
		memset(&ba->told[i], 0, sizeof(ba->told[i]));
	}
}

/* A row rolled back to a savepoint may leave a told slot that another row reuses: read every table back. */
static void batch_audit_forget(batch_audit *ba)
{
	size_t i;
	for (i = 0; i < N_AUDITED; i++)
		ba->told[i].ncols = -1;
}

/* The row hook while a batch runs: digest each row added to a table whose insert trigger is suspended. */
static void batch_row_told(void *payload, const char *table, int64_t id, const cpol__value *v, int n)
{
	batch_audit *ba = payload;
	told_rows *t;
	size_t i, k;

	for (i = 0; i < N_AUDITED && strcmp(audited_tables[i].name, table) != 0; i++)
		;
	if (i == N_AUDITED || !ba->trigger[i] || id <= ba->max_before[i])
		return; /* audited row by row, or not this batch's */
	t = &ba->told[i];
	if (t->ncols < 0)
		return;
	if (t->ncols != 0 && t->ncols != n) {
		t->ncols = -1;
		return;
	}
	t->ncols = n;
	k = (size_t)(id - ba->max_before[i] - 1);
	if (k >= t->cap) {
		size_t cap = t->cap ? t->cap : 1024;
		unsigned char *d, *h;
		while (cap <= k)
			cap *= 2;
		d = realloc(t->digests, cap * CPOL__AUDIT_ROW_DIGEST_SIZE);
		if (d)
			t->digests = d;
		h = d ? realloc(t->have, cap) : NULL;
		if (!h) {
			t->ncols = -1; /* read back: the allocation failure shows there, or not at all */
			return;
		}
		t->have = h;
		memset(t->have + t->cap, 0, cap - t->cap);
		t->cap = cap;
	}
	cpol__audit_row_digest_values(t->digests + k * CPOL__AUDIT_ROW_DIGEST_SIZE, table, id, v, n);
	t->have[k] = 1;
}

/* The told digests of ids max_before+1..max_after when every one was told with the table's ncols; else NULL. */
static unsigned char *batch_told_digests(told_rows *t, int64_t rows, int ncols)
{
	int64_t k;

	if (t->ncols != ncols || ncols <= 0 || (size_t)rows > t->cap)
		return NULL;
	for (k = 0; k < rows; k++)
		if (!t->have[k])
			return NULL;
	return t->digests;
}

/* At the start of a batch (inside its transaction): note the ids, drop the insert triggers. */
static int batch_audit_begin(importer *im, batch_audit *ba)
{
	size_t i;
	int rc;

	ba->first_line = ba->last_line = im->rec.line;
	for (i = 0; i < N_AUDITED; i++) {
		cpol__stmt *st;
		if ((rc = cpol__db_stmt(im->db, &st, audited_tables[i].max_sql)) < 0 ||
		    (rc = cpol__org_query_id(im->db, st, &ba->max_before[i], "reading ids")) < 0)
			return rc;
		if ((rc = cpol__db_stmt(im->db, &st, audited_tables[i].trigger_sql)) < 0)
			return rc;
		/* A failed step is not "no trigger": the batch would go unaudited. */
		if ((rc = cpol__st_step(st)) == CPOL__ROW &&
		    !(ba->trigger[i] = cpol__strdup((const char *)cpol__st_column_text(st, 0)))) {
			cpol__st_reset(st);
			return cpol__error_oom();
		}
		cpol__st_reset(st);
		if (rc != CPOL__ROW && rc != CPOL__DONE)
			return cpol__db_error(im->db, rc, "suspending row audit for a batch");
		if (ba->trigger[i] && cpol__db_exec_raw(im->db, audited_tables[i].drop_sql) != CPOL__OK)
			return cpol__db_error(im->db, cpol__db_errcode(im->db), "suspending row audit for a batch");
		/*
		 * Seen under allocation-failure tests: DROP TRIGGER returns
		 * CPOL__OK, but an allocation that failed while SQLite reloaded
		 * the schema made it roll the transaction back. The only way a
		 * transaction ends under a statement that succeeded.
		 */
		if (!cpol__db_in_transaction(im->db))
			return cpol__error_set(CPOL_ENOMEM, "suspending row audit for a batch: SQLite ran out of memory"
			                       " reloading the schema and rolled the transaction back");
	}
	return 0;
}

/*
 * Before the batch commits: the triggers back as they were, one entry per
 * table for what was added, and the digests of the rows added
 * (migration 010), so that cpol_audit_trail_verify() checks them as it checks
 * rows audited one by one.
 */
static int batch_audit_end(importer *im, batch_audit *ba)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < N_AUDITED && rc == 0; i++) {
		cpol__stmt *st;
		int64_t max_after = 0;
		unsigned char *digests = NULL, *told = NULL;
		size_t digests_len = 0;
		char digests_hex[2 * CPOL__AUDIT_HASH_SIZE + 1];
		int ncols = 0;
		if (ba->trigger[i] && cpol__db_exec_raw(im->db, ba->trigger[i]) != CPOL__OK) {
			rc = cpol__db_error(im->db, cpol__db_errcode(im->db), "restoring row audit after a batch");
			break;
		}
		if ((rc = cpol__db_stmt(im->db, &st, audited_tables[i].max_sql)) < 0 ||
		    (rc = cpol__org_query_id(im->db, st, &max_after, "reading ids")) < 0)
			break;
		if (max_after <= ba->max_before[i] || !ba->trigger[i])
			continue;
		if ((rc = cpol__db_stmt(im->db, &st, audited_tables[i].rows_sql)) < 0)
			break;
		/* The rows as their insert functions told them, when all were; else read back. */
		ncols = cpol__st_column_count(st) - 1;
		if ((told = batch_told_digests(&ba->told[i], max_after - ba->max_before[i], ncols)) != NULL) {
			digests = told;
			digests_len = (size_t)(max_after - ba->max_before[i]) * CPOL__AUDIT_ROW_DIGEST_SIZE;
		} else if ((rc = cpol__audit_batch_digests(im->db, st, audited_tables[i].name, ba->max_before[i] + 1,
		                                           max_after, &digests, &digests_len, &ncols)) < 0) {
			break;
		}
		cpol__audit_blob_sha256(digests_hex, digests, digests_len);
		if ((rc = cpol__db_stmt(im->db, &st, audited_tables[i].entry_sql)) < 0) {
			if (digests != told)
				free(digests);
			break;
		}
		cpol__st_bind_int64(st, 1, im->run_id);
		cpol__st_bind_int64(st, 2, ba->max_before[i] + 1);
		cpol__st_bind_int64(st, 3, max_after);
		cpol__st_bind_int(st, 4, ba->first_line);
		/* Not im->rec.line: at the end of the file that is the line after the last. */
		cpol__st_bind_int(st, 5, ba->last_line);
		cpol__st_bind_int(st, 6, ncols);
		if (cpol__st_bind_text(st, 7, digests_hex, -1) != CPOL__OK) {
			if (digests != told)
				free(digests);
			rc = cpol__db_error(im->db, cpol__db_errcode(im->db), "auditing a batch");
			break;
		}
		rc = cpol__org_step(im->db, st, "auditing a batch", NULL);
		/* Right after the entry: last_insert_rowid() is its id (the chain trigger's insert does not count). */
		if (rc == 0 && (rc = cpol__db_stmt(im->db, &st, BATCH_DIGESTS_SQL)) == 0) {
			if (cpol__st_bind_blob_static(st, 1, digests, (int)digests_len) != CPOL__OK)
				rc = cpol__db_error(im->db, cpol__db_errcode(im->db), "auditing a batch");
			else
				rc = cpol__org_step(im->db, st, "auditing a batch", NULL);
			cpol__st_clear_bindings(st);
		}
		if (digests != told)
			free(digests);
	}
	batch_audit_clear(ba);
	return rc;
}

static void header_free(importer *im)
{
	int i;
	for (i = 0; i < im->head_count; i++) {
		free(im->head_name[i]);
		im->head_name[i] = NULL;
	}
	im->head_count = 0;
}

/* A header column that is not one: refused, naming it, with the nearest known name. */
static int header_refuse(importer *im, int i, const char *name)
{
	const char *near = nearest_column(name);
	int k;

	for (k = 0; name[k]; k++)
		if (name[k] == MARK_INVALID || name[k] == MARK_NUL)
			return cpol__error_set_at(CPOL_EPARSE, im->c.rd.path, im->rec.line, i + 1, NULL,
			                          "header column %d: %s", i + 1, name[k] == MARK_NUL ? "a NUL byte" :
			                          im->c.rd.enc == CPOL_ENCODING_UTF8 ? "bytes that are not valid UTF-8" :
			                          "bytes that are not valid GB18030");
	if (near)
		return cpol__error_set_at(CPOL_EPARSE, im->c.rd.path, im->rec.line, i + 1, name,
		                          "header column %d '%s' is not a column: did you mean %s?", i + 1, name, near);
	return cpol__error_set_at(CPOL_EPARSE, im->c.rd.path, im->rec.line, i + 1, name,
	                          "header column %d '%s' is not a column (docs/population.md lists them; 序号 and"
	                          " 备注 columns are ignored)", i + 1, name);
}

/* The header's problems, all of them, so that one round of fixing the spreadsheet is enough. */
typedef struct header_problems {
	cpol__buf text;
	int count, column;
	char field[64];
} header_problems;

/* Note the error just set (the problem of column i); returns 0 to go on, or CPOL_ENOMEM. */
static int header_note(header_problems *hp, int i)
{
	const cpol_error *e = cpol_error_last();
	const char *m = e->message;
	cpol__buf where = { 0 };

	if (e->code == CPOL_ENOMEM)
		return e->code;
	if (hp->count++ == 0) {
		hp->column = i + 1;
		snprintf(hp->field, sizeof(hp->field), "%s", e->field ? e->field : "");
	}
	/* Without the "file:line:column: " it leads with: the error made of them all gives the first's. */
	if (e->file && e->line > 0 && e->column > 0)
		cpol__buf_printf(&where, "%s:%d:%d: ", e->file, e->line, e->column);
	if (where.ptr && strncmp(m, where.ptr, where.len) == 0)
		m += where.len;
	cpol__buf_free(&where);
	cpol__buf_printf(&hp->text, "%s%s", hp->count > 1 ? "; " : "", m);
	return hp->text.oom ? cpol__error_oom() : 0;
}

/* One error for them all, placed at the first; the message names each. */
static int header_refused(importer *im, header_problems *hp)
{
	int rc = hp->count == 1
		? cpol__error_set_at(CPOL_EPARSE, im->c.rd.path, im->rec.line, hp->column, *hp->field ? hp->field : NULL,
		                     "%s", hp->text.ptr)
		: cpol__error_set_at(CPOL_EPARSE, im->c.rd.path, im->rec.line, hp->column, *hp->field ? hp->field : NULL,
		                     "%d problems in the header: %s", hp->count, hp->text.ptr);
	cpol__buf_free(&hp->text);
	return rc;
}

static int read_header(importer *im)
{
	static const enum col required[4][3] = {
		[CPOL_IMPORT_ADDRESSES] = { C_COUNT, C_COUNT, C_COUNT },
		[CPOL_IMPORT_HOUSES] = { C_COUNT, C_COUNT, C_COUNT },
		[CPOL_IMPORT_PERSONS] = { C_ID_NUMBER, C_NAME, C_COUNT },
	};
	header_problems hp;
	int i, k, j, rc;

	memset(&hp, 0, sizeof(hp));

	header_free(im);
	for (k = 0; k < C_COUNT; k++)
		im->col[k] = -1;
	if ((rc = csv_next(&im->c, &im->rec)) < 0)
		return rc;
	if (rc == 0)
		return cpol__error_set_at(CPOL_EPARSE, im->c.rd.path, 1, 0, NULL, "the file is empty: no header row");
	if (im->rec.too_many)
		return cpol__error_set_at(CPOL_EPARSE, im->c.rd.path, im->rec.line, CSV_MAX_FIELDS + 1, NULL,
		                          "the header has more than %d columns", CSV_MAX_FIELDS);
	for (i = 0; i < im->rec.nfields; i++) {
		const char *name = rec_field(&im->rec, i);
		int found = C_COUNT;

		for (k = 0; k < C_COUNT && found == C_COUNT; k++)
			for (j = 0; j < 5 && col_names[k][j]; j++)
				if (strcmp(name, col_names[k][j]) == 0) {
					found = k;
					break;
				}
		if (found == C_COUNT && *name) {
			for (j = 0; ignored_names[j] && strcasecmp(name, ignored_names[j]) != 0; j++)
				;
			if (!ignored_names[j]) {
				header_refuse(im, i, name);
				if ((rc = header_note(&hp, i)) < 0)
					goto fail;
				continue;
			}
		}
		if (found != C_COUNT && im->col[found] >= 0) {
			cpol__error_set_at(CPOL_EPARSE, im->c.rd.path, im->rec.line, i + 1, col_names[found][0],
			                   "header columns %d and %d are both %s ('%s'): which one holds it?",
			                   im->col[found] + 1, i + 1, col_names[found][0], name);
			if ((rc = header_note(&hp, i)) < 0)
				goto fail;
			continue;
		}
		if (found != C_COUNT)
			im->col[found] = i;
		im->head_col[i] = found;
		im->head_count = i + 1;
		if (!(im->head_name[i] = cpol__strdup(found != C_COUNT ? col_names[found][0] : name))) {
			rc = cpol__error_oom();
			goto fail;
		}
	}
	if (hp.count)
		return header_refused(im, &hp);
	for (j = 0; j < 3 && required[im->opts->kind][j] != C_COUNT; j++) {
		k = required[im->opts->kind][j];
		if (im->col[k] < 0)
			return cpol__error_set_at(CPOL_EPARSE, im->c.rd.path, im->rec.line, 0, col_names[k][0],
			                          "the header has no column %s (%s)", col_names[k][0],
			                          col_names[k][j == 0 ? 3 : 1]);
	}
	if (im->col[C_COMMUNITY] < 0 && !im->opts->community_id)
		return cpol__error_set_at(CPOL_EPARSE, im->c.rd.path, im->rec.line, 0, "社区",
		                          "the header has no column 社区 (community) and no community was given");
	if (im->col[C_STREET] < 0 && im->col[C_BUILDING] < 0 && im->col[C_UNIT] < 0 && im->col[C_ROOM] < 0)
		return cpol__error_set_at(CPOL_EPARSE, im->c.rd.path, im->rec.line, 0, "街路巷",
		                          "the header has no address columns (街路巷, 门牌号, 单元, 户室)");
	return 0;
fail:
	cpol__buf_free(&hp.text);
	return rc;
}

static int import_row(importer *im)
{
	int rc;

	im->bad_reason[0] = '\0';
	im->notes = 0;
	memset(&im->row, 0, sizeof(im->row));
	if (im->rec.too_many) {
		snprintf(im->bad_reason, sizeof(im->bad_reason), "more than %d fields", CSV_MAX_FIELDS);
		im->bad_col = 0;
		im->bad_field[0] = '\0';
		return CPOL_EINVAL;
	}
	if ((rc = check_fields(im)) < 0)
		return rc;
	switch (im->opts->kind) {
	case CPOL_IMPORT_ADDRESSES: return import_address(im);
	case CPOL_IMPORT_HOUSES: return import_house(im);
	case CPOL_IMPORT_PERSONS: return import_person(im);
	}
	return CPOL_EINVAL;
}

int cpol_encoding_parse(cpol_encoding *out, const char *name)
{
	static const struct {
		const char *name;
		cpol_encoding encoding;
	} names[] = {
		{ "auto", CPOL_ENCODING_AUTO },
		{ "utf-8", CPOL_ENCODING_UTF8 },
		{ "utf8", CPOL_ENCODING_UTF8 },
		{ "gb18030", CPOL_ENCODING_GB18030 },
		{ "gbk", CPOL_ENCODING_GB18030 },
		{ "gb2312", CPOL_ENCODING_GB18030 },
	};
	size_t i;

	if (!name || !*name) {
		*out = CPOL_ENCODING_AUTO;
		return 0;
	}
	for (i = 0; i < CPOL__ARRAY_SIZE(names); i++) {
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].encoding;
			return 0;
		}
	}
	return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "encoding",
	                          "unknown encoding '%s' (use auto, utf-8 or gb18030)", name);
}

int cpol_import_options_init(cpol_import_options *opts, unsigned int version)
{
	static const cpol_import_options init = CPOL_IMPORT_OPTIONS_INIT;
	if (!opts || version != CPOL_IMPORT_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_import_options version %u", version);
	*opts = init;
	return 0;
}

CPOL__WORK_DEFINE_INIT(cpol_import_report_init, cpol_import_report, CPOL_IMPORT_REPORT_INIT,
                       CPOL_IMPORT_REPORT_VERSION)

static int load_rules(importer *im)
{
	static const char FIRST_OFFICE_SQL[] =
		"SELECT id FROM office WHERE archived_at IS NULL ORDER BY id LIMIT 1";
	cpol__stmt *st;
	int64_t office = im->opts->office_id;
	int rc;

	if (im->opts->rules) {
		im->rules = im->opts->rules;
		return 0;
	}
	if (!office) {
		if ((rc = cpol__db_stmt(im->db, &st, FIRST_OFFICE_SQL)) < 0)
			return rc;
		if (cpol__org_query_id(im->db, st, &office, "") < 0)
			cpol_error_clear();
	}
	if (office)
		rc = cpol__org_office_rules(&im->owned_rules, im->db, office);
	else
		rc = cpol_rules_load_region(&im->owned_rules, "national", NULL);
	im->rules = im->owned_rules;
	return rc;
}

int cpol_import_run(cpol_import_report *report, cpol_db *db, const char *path, const cpol_import_options *opts)
{
	importer *im;
	batch_audit ba;
	cpol_import_report committed;       /* the report as of the last committed batch */
	int64_t skip = 0, records = 0, in_batch = 0, committed_records = 0, careful_until = 0;
	int batch, rc, stopped = 0, dry = 0, audit_by_batch, finished = 0;

	if (report) {
		if ((rc = cpol__check_version(report->version, CPOL_IMPORT_REPORT_VERSION,
		                                  "cpol_import_report")) < 0)
			return rc;
		memset(report, 0, sizeof(*report));
		report->version = CPOL_IMPORT_REPORT_VERSION;
	}
	if (!opts || opts->version != CPOL_IMPORT_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "import: unknown cpol_import_options version");
	if (opts->kind < CPOL_IMPORT_ADDRESSES || opts->kind > CPOL_IMPORT_PERSONS)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind", "import: unknown kind %d", (int)opts->kind);
	if (!path || !*path)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "path", "import: no file given");
	if (cpol_db_transaction_depth(db) != 0)
		return cpol__error_set(CPOL_EMISUSE, "import: call it outside a transaction (each batch is one)");
	if ((rc = cpol__db_check_writable(db)) < 0)
		return rc;
	if (opts->office_id && (rc = cpol__org_check_live(db, CPOL_ORG_OFFICE, opts->office_id, "office_id")) < 0)
		return rc;
	if (opts->community_id &&
	    (rc = cpol__org_check_live(db, CPOL_ORG_COMMUNITY, opts->community_id, "community_id")) < 0)
		return rc;
	if (!(im = calloc(1, sizeof(*im))))
		return cpol__error_oom();
	memset(&ba, 0, sizeof(ba));
	im->c.rd.cd = (iconv_t)-1; /* reader_close() at done: runs before reader_open() when rules fail */
	im->db = db;
	im->opts = opts;
	im->today = cpol__org_today(db);
	im->c.line = 1;
	batch = opts->batch_rows > 0 ? opts->batch_rows : DEFAULT_BATCH;
	/* A dry run is rolled back: the audit triggers may stay as they are (dropping them is schema work). */
	audit_by_batch = opts->audit == CPOL_IMPORT_AUDIT_BATCH && !opts->check_only;
	/*
	 * Each row is a savepoint; SQLite keeps a savepoint's undo pages in a
	 * statement journal, a temporary file unless temp_store is MEMORY: on
	 * disk that is one write per page a row touches (tens per row). In
	 * memory it holds the pages of one row at a time.
	 */
	if ((rc = cpol__db_exec(db, "PRAGMA temp_store = MEMORY")) < 0 || (rc = cache_grow(im)) < 0 ||
	    (rc = load_rules(im)) < 0)
		goto done;
	im->id_flags = cpol_idnum_flags_for(im->rules);
	if ((rc = reader_open(&im->c.rd, path, opts->encoding)) < 0)
		goto done;
	im->rep.encoding = im->c.rd.enc;
	im->rep.encoding_source = im->c.rd.source;
	snprintf(im->rep.encoding_note, sizeof(im->rep.encoding_note), "%s", im->c.rd.note);
	if ((rc = read_header(im)) < 0)
		goto done;
	/* A dry run is the import itself in one transaction that is rolled back: it sees what an import would. */
	if (opts->check_only) {
		if ((rc = cpol_db_begin(db)) < 0)
			goto done;
		dry = 1;
		im->rep.check_only = 1;
	}
	if ((rc = persons_high_water(im)) < 0 || (rc = start_run(im, path, &skip)) < 0)
		goto done;
	im->rep.run_id = opts->check_only ? 0 : im->run_id;
	im->rep.skipped = skip;
	committed = im->rep;
	committed_records = skip;
	/* The rows the batches add are told as they are written, and digested without reading them back. */
	if (audit_by_batch)
		cpol__db_set_row_hook(db, batch_row_told, &ba);

	for (;;) {
		int got = csv_next(&im->c, &im->rec), row;

		if (got < 0) {
			rc = got;
			break;
		}
		if (got > 0 && records < skip) {
			records++;
			continue;
		}
		if (got > 0 && in_batch == 0) {
			if ((rc = cpol_db_begin(db)) < 0)
				break;
			if ((rc = run_write(im)) < 0) {
				in_batch = 1; /* so that the batch is rolled back below */
				break;
			}
			if (audit_by_batch && (rc = batch_audit_begin(im, &ba)) < 0) {
				in_batch = 1; /* so that the batch is rolled back below */
				break;
			}
		}
		if (got > 0) {
			/* Rows are written without a savepoint unless a row failed after writing in this stretch. */
			int careful = records < careful_until;
			int64_t before = cpol__db_total_changes(db);

			records++;
			im->record = records;
			in_batch++;
			ba.last_line = im->rec.line;
			if (careful && (rc = exec_cached(db, SP_BEGIN_SQL)) < 0)
				break;
			row = import_row(im);
			if (!cpol__db_in_transaction(db)) {
				/*
				 * SQLite rolled the whole transaction back, as it may on
				 * SQLITE_NOMEM, _FULL, _IOERR or _BUSY: the batch (and the
				 * suspended triggers' DROP) is undone, and going on would
				 * write the rest outside any transaction. Stop; the batch
				 * is lost as a whole and the import resumes before it.
				 */
				int code = cpol__db_errcode(db);
				if (row < 0 && cpol_error_last()->code == CPOL_ENOMEM)
					rc = row;
				else if (code == CPOL__NOMEM)
					rc = cpol__error_oom();
				else
					rc = cpol__error_set_at(CPOL_EDB, path, im->rec.line, 0, NULL,
					                        "the database rolled the batch back: %s",
					                        cpol__db_errmsg(db));
				batch_audit_clear(&ba);
				break;
			}
			if (row == 0) {
				if (careful && (rc = exec_cached(db, SP_RELEASE_SQL)) < 0)
					break;
				im->rep.ok++;
				im->rep.addresses_created += im->row.addresses_created;
				im->rep.houses_created += im->row.houses_created;
				im->rep.persons_created += im->row.persons_created;
				im->rep.moves += im->row.moves;
				im->rep.updated += im->row.updated;
				if ((rc = save_row_notes(im)) < 0)
					break;
			} else if (im->bad_reason[0]) {
				if (careful) {
					/* A bad row: undo what it wrote, keep why. */
					batch_audit_forget(&ba);
					if ((rc = exec_cached(db, SP_ROLLBACK_SQL)) < 0 || (rc = exec_cached(db, SP_RELEASE_SQL)) < 0)
						break;
				} else if (cpol__db_total_changes(db) != before) {
					/*
					 * Rows are checked before they write, so this is rare
					 * (a known person moving on a day before their current
					 * residence began): undo the batch and read it again
					 * with a savepoint per row up to this record.
					 */
					cpol__db_finish(db, CPOL_EINVAL);
					cpol_error_clear();
					batch_audit_clear(&ba);
					run_rolled_back(im);
					careful_until = records;
					im->rep = committed;
					records = 0;
					skip = committed_records;
					in_batch = 0;
					im->first_row = 0;
					cpol__address_cache_free(&im->cache);
					im->last_address = im->last_house = 0;
					reader_close(&im->c.rd);
					im->c.line = 1;
					im->c.after_cr = 0;
					if ((rc = reader_open(&im->c.rd, path, im->rep.encoding)) < 0 || (rc = read_header(im)) < 0)
						break;
					continue;
				}
				cpol__address_cache_free(&im->cache); /* it may name nodes just rolled back */
				im->last_address = im->last_house = 0;
				im->rep.bad++;
				if ((rc = save_note(im, CPOL_IMPORT_REJECTED, im->bad_col, im->bad_field, im->bad_reason)) < 0)
					break;
			} else {
				rc = row; /* the database failed: stop, the batch is rolled back */
				if (careful)
					exec_cached(db, SP_ROLLBACK_SQL);
				break;
			}
			if (records > im->told_upto)
				im->told_upto = records;
			if (im->stop_told) {
				rc = cpol__error_set(CPOL_EUSER, "import stopped by the problem callback at line %d; the batch"
				                     " it was in is rolled back", im->rec.line);
				break;
			}
		}
		if (in_batch > 0 && (got == 0 || in_batch >= batch)) {
			/* The file's last batch also marks the run done: one commit (and one sync) fewer. */
			if ((audit_by_batch && (rc = batch_audit_end(im, &ba)) < 0) ||
			    (rc = save_progress(im, records)) < 0 || (got == 0 && (rc = run_done(im)) < 0) ||
			    (rc = cpol__db_finish(db, 0)) < 0)
				break;
			finished = got == 0;
			in_batch = 0;
			im->run_uncommitted = 0;
			im->first_row = 0;
			committed = im->rep;
			committed_records = records;
			if (opts->progress) {
				cpol_import_progress pr;
				pr.records = records;
				pr.ok = im->rep.ok;
				pr.bad = im->rep.bad;
				pr.bytes_read = im->c.rd.bytes_read;
				pr.bytes_total = im->c.rd.bytes_read;
				{
					struct stat sb;
					if (stat(path, &sb) == 0)
						pr.bytes_total = (int64_t)sb.st_size;
				}
				if (opts->progress(&pr, opts->progress_payload) != 0) {
					stopped = 1;
					rc = cpol__error_set(CPOL_EUSER, "import stopped by the progress callback after %lld records;"
					                     " import the same file again to resume", (long long)records);
					break;
				}
			}
		}
		if (got == 0) {
			rc = 0;
			break;
		}
	}
	if (rc < 0 && in_batch > 0 && !stopped) {
		cpol__db_finish(db, rc); /* roll back the unfinished batch; earlier ones stay */
		run_rolled_back(im);
	}
	if (rc == 0 && !finished && (rc = cpol_db_begin(db)) == 0) {
		if ((rc = run_write(im)) == 0 && (rc = save_progress(im, records)) == 0)
			rc = run_done(im);
		if ((rc = cpol__db_finish(db, rc)) < 0)
			run_rolled_back(im);
		else
			im->run_uncommitted = 0;
	}
	im->rep.records = records;
done:
	cpol__db_set_row_hook(db, NULL, NULL);
	cache_restore(im);
	if (dry && cpol_db_rollback(db) < 0 && rc == 0)
		rc = cpol_error_last()->code;
	batch_audit_clear(&ba);
	if (report) {
		*report = im->rep;
		report->version = CPOL_IMPORT_REPORT_VERSION;
	}
	reader_close(&im->c.rd);
	free(im->rec.buf);
	free(im->community_key);
	header_free(im);
	cpol__address_cache_free(&im->cache);
	cpol_rules_free(im->owned_rules);
	free(im);
	return rc;
}

/* ---------------------------------------------------------------- problems */

struct cpol_import_problem_iter {
	cpol_db *db;
	cpol__stmt *stmt;
	cpol_import_problem rec;
};

static const char PROBLEM_LIST_SQL[] =
	"SELECT line, col, field, reason, level FROM import_problem WHERE run_id = ?1 AND archived_at IS NULL"
	" ORDER BY line, id";

int cpol_import_problem_iter_new(cpol_import_problem_iter **out, cpol_db *db, cpol_id run_id)
{
	cpol_import_problem_iter *it;
	int rc;

	*out = NULL;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	rc = cpol__db_prepare(db, &it->stmt, PROBLEM_LIST_SQL);
	if (rc != CPOL__OK) {
		rc = cpol__db_error(db, rc, "listing import problems");
		free(it);
		return rc;
	}
	cpol__st_bind_int64(it->stmt, 1, run_id);
	*out = it;
	return 0;
}

int cpol_import_problem_iter_next(const cpol_import_problem **out, cpol_import_problem_iter *it)
{
	int rc = cpol__st_step(it->stmt);

	*out = NULL;
	if (rc == CPOL__DONE)
		return CPOL_ITEROVER;
	if (rc != CPOL__ROW)
		return cpol__db_error(it->db, rc, "listing import problems");
	it->rec.line = cpol__st_column_int(it->stmt, 0);
	it->rec.column = cpol__st_column_int(it->stmt, 1);
	it->rec.field = (const char *)cpol__st_column_text(it->stmt, 2);
	it->rec.reason = (const char *)cpol__st_column_text(it->stmt, 3);
	{
		const char *level = (const char *)cpol__st_column_text(it->stmt, 4);
		it->rec.level = level && strcmp(level, "warning") == 0 ? CPOL_IMPORT_WARNING :
		                level && strcmp(level, "updated") == 0 ? CPOL_IMPORT_UPDATED : CPOL_IMPORT_REJECTED;
	}
	*out = &it->rec;
	return 0;
}

void cpol_import_problem_iter_free(cpol_import_problem_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->stmt);
	free(it);
}
