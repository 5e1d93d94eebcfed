/*
 * commpolice check / repair / backup / log — the operator's tools for the
 * audit trail (include/commpolice/audit.h, docs/db.md).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Open for checking: read-only, so that a damaged database is not written. */
static int open_existing(cpol_db **out, const char *path, int readonly)
{
	cpol_db_options opts;
	const char *user = getenv("CPOL_USER");

	cpol_db_options_init(&opts, CPOL_DB_OPTIONS_VERSION);
	opts.flags = readonly ? CPOL_DB_OPEN_READONLY : 0;
	opts.user = user ? user : getenv("USER");
	return cpol_db_open(out, path, &opts);
}

static int print_finding(const cpol_audit_finding *f, void *payload)
{
	printf("%s: %s\n", f->kind_name, f->message);
	return 0;
}

static int repair(cpol_db *db, const char *path)
{
	int n = 0;
	if (cpol_audit_repair(&n, db) < 0)
		return cli_fail(path);
	printf("%s: %d trigger%s or exemption%s repaired and recorded in the audit trail\n",
	       path, n, n == 1 ? "" : "s", n == 1 ? "" : "s");
	return 0;
}

int cmd_check(int argc, char **argv)
{
	cpol_audit_summary sum = CPOL_AUDIT_SUMMARY_INIT;
	cpol_db *db = NULL;
	const char *path = NULL;
	int do_repair = 0, i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--repair") == 0)
			do_repair = 1;
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else
			path = NULL, i = argc;
	}
	if (!path) {
		fprintf(stderr, "usage: commpolice check [--repair] DB\n");
		return 2;
	}
	if (open_existing(&db, path, !do_repair) < 0)
		return cli_fail(path);
	if (do_repair && repair(db, path) != 0) {
		cpol_db_close(db);
		return 1;
	}
	rc = cpol_audit_trail_verify(&sum, db, print_finding, NULL);
	cpol_db_close(db);
	if (rc < 0)
		return cli_fail(path);
	printf("%s: %lld audit entries (%lld keyed%s%s), %lld records checked; last entry %lld, hash %s; "
	       "%lld finding%s\n", path, (long long)sum.entries, (long long)sum.entries_keyed,
	       sum.key_id[0] ? " with key " : "", sum.key_id, (long long)sum.rows, (long long)sum.head_id,
	       sum.head_id ? sum.head_hash : "-", (long long)sum.findings, sum.findings == 1 ? "" : "s");
	return sum.findings ? 1 : 0;
}

int cmd_repair(int argc, char **argv)
{
	cpol_db *db = NULL;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: commpolice repair DB\n");
		return 2;
	}
	if (open_existing(&db, argv[1], 0) < 0)
		return cli_fail(argv[1]);
	rc = repair(db, argv[1]);
	cpol_db_close(db);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	cpol_db *db = NULL;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: commpolice backup DB DEST\n");
		return 2;
	}
	if (open_existing(&db, argv[1], 1) < 0)
		return cli_fail(argv[1]);
	rc = cpol_db_backup(db, argv[2]);
	cpol_db_close(db);
	if (rc < 0)
		return cli_fail(argv[2]);
	printf("%s: backed up to %s\n", argv[1], argv[2]);
	return 0;
}

int cmd_log(int argc, char **argv)
{
	cpol_audit_query q;
	cpol_audit_iter *it = NULL;
	const cpol_audit_entry *e;
	cpol_db *db = NULL;
	const char *path = NULL;
	int json = 0, i, rc, n = 0;

	cpol_audit_query_init(&q, CPOL_AUDIT_QUERY_VERSION);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--json") == 0)
			json = 1;
		else if (strcmp(a, "--table") == 0 && val)
			q.table_name = val, i++;
		else if (strcmp(a, "--row") == 0 && val) {
			if (cli_parse_id(&q.row_id, val, "--row") < 0)
				return 2;
			i++;
		}
		else if (strcmp(a, "--actor") == 0 && val)
			q.actor = val, i++;
		else if (strcmp(a, "--since") == 0 && val)
			q.since = val, i++;
		else if (strcmp(a, "--until") == 0 && val)
			q.until = val, i++;
		else if (!path && a[0] != '-')
			path = a;
		else {
			path = NULL;
			break;
		}
	}
	if (!path) {
		fprintf(stderr, "usage: commpolice log DB [--table T] [--row ID] [--actor A] [--since TIME] "
		        "[--until TIME] [--json]\n");
		return 2;
	}
	if (open_existing(&db, path, 1) < 0)
		return cli_fail(path);
	if (cpol_audit_iter_new(&it, db, &q) < 0) {
		cpol_db_close(db);
		return cli_fail(path);
	}
	if (json)
		putchar('[');
	while ((rc = cpol_audit_iter_next(&e, it)) == 0) {
		if (json) {
			printf("%s\n{\"id\":%lld,\"at\":", n ? "," : "", (long long)e->id);
			cli_json_string(e->at);
			fputs(",\"actor\":", stdout);
			cli_json_string(e->actor);
			fputs(",\"table\":", stdout);
			cli_json_string(e->table_name);
			printf(",\"row\":%lld,\"action\":", (long long)e->row_id);
			cli_json_string(e->action);
			/* The images are JSON objects already (json_object() in the triggers). */
			printf(",\"before\":%s,\"after\":%s}", e->before_json ? e->before_json : "null",
			       e->after_json ? e->after_json : "null");
		} else {
			printf("%lld\t%s\t%s\t%s\t%lld\t%s\t%s\n", (long long)e->id, e->at, e->actor, e->table_name,
			       (long long)e->row_id, e->action, e->after_json ? e->after_json : "");
		}
		n++;
	}
	if (json)
		printf("%s]\n", n ? "\n" : "");
	cpol_audit_iter_free(it);
	cpol_db_close(db);
	if (rc != CPOL_ITEROVER)
		return cli_fail(path);
	return 0;
}
