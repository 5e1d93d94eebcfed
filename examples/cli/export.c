/*
 * commpolice export — research exports that protect people (docs/export.md).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr,
		"usage: commpolice export DB DATASET [--profile NAME|FILE] [--key-file F]\n"
		"         [--format csv|jsonl] [--bom] [--out FILE] [--office ID] [--from DATE]\n"
		"         [--to DATE] [--min-k K]\n"
		"       commpolice export --list\n"
		"  Writes DATASET through the export profile (default: research) and logs the\n"
		"  export; prints the k-anonymity achieved as 'k = N' on standard error when\n"
		"  the output is standard output, else on standard output.\n");
	return 2;
}

static int list(void)
{
	size_t n, i;
	const char *const *names = cpol_export_datasets(&n);
	printf("datasets:\n");
	for (i = 0; i < n; i++)
		printf("  %-12s %s\n", names[i], cpol_export_dataset_description(names[i]));
	printf("profiles shipped: research (default; needs --key-file), public (k >= 5, no ids),\n"
	       "    internal (keeps names, ID numbers, phones); or give a YAML file.\n");
	return 0;
}

static int parse_date(cpol_date *out, const char *s, const char *opt)
{
	if (cpol_date_parse(out, s) < 0) {
		fprintf(stderr, "commpolice export: %s: not a date (YYYY-MM-DD): %s\n", opt, s);
		return -1;
	}
	return 0;
}

int cmd_export(int argc, char **argv)
{
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export_profile *profile = NULL;
	cpol_export_key *key = NULL;
	cpol_export *ex = NULL;
	cpol_db *db = NULL;
	char *region = NULL;
	const char *dbpath = NULL, *dataset = NULL, *pname = NULL, *keyfile = NULL, *outpath = NULL;
	const cpol_export_report *rep;
	cpol_export_format fmt = CPOL_EXPORT_CSV;
	unsigned int flags = 0;
	FILE *out = stdout, *msg;
	int i, status = 1;

	if (argc == 2 && strcmp(argv[1], "--list") == 0)
		return list();
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--bom") == 0) {
			flags |= CPOL_EXPORT_BOM;
			continue;
		}
		if (a[0] == '-' && a[1] == '-' && !v)
			return usage();
		if (strcmp(a, "--profile") == 0)
			pname = v;
		else if (strcmp(a, "--key-file") == 0)
			keyfile = v;
		else if (strcmp(a, "--out") == 0)
			outpath = v;
		else if (strcmp(a, "--office") == 0) {
			if (cli_parse_id(&o.office_id, v, a) < 0)
				return 2;
		} else if (strcmp(a, "--min-k") == 0) {
			if (cli_parse_int(&o.min_k, v, a, 0, 1000000) < 0)
				return 2;
		} else if (strcmp(a, "--from") == 0) {
			if (parse_date(&o.from, v, a) < 0)
				return 2;
		} else if (strcmp(a, "--to") == 0) {
			if (parse_date(&o.to, v, a) < 0)
				return 2;
		} else if (strcmp(a, "--format") == 0) {
			if (strcmp(v, "csv") == 0)
				fmt = CPOL_EXPORT_CSV;
			else if (strcmp(v, "jsonl") == 0)
				fmt = CPOL_EXPORT_JSONL;
			else
				return usage();
		} else if (a[0] == '-') {
			return usage();
		} else {
			if (!dbpath)
				dbpath = a;
			else if (!dataset)
				dataset = a;
			else
				return usage();
			continue;
		}
		i++;
	}
	if (!dbpath || !dataset)
		return usage();
	if (cli_open_db(&db, dbpath, 0) < 0)
		return cli_fail(dbpath);
	/* An office's region may override a named profile (REGION/NAME.yaml). */
	if (o.office_id > 0 && cpol_office_region(&region, db, o.office_id) < 0) {
		status = cli_fail("--office");
		goto done;
	}
	if (cpol_export_profile_load(&profile, pname, region) < 0) {
		status = cli_fail(pname ? pname : "research");
		goto done;
	}
	if (keyfile && cpol_export_key_load(&key, keyfile) < 0) {
		status = cli_fail(NULL);
		goto done;
	}
	o.profile = profile;
	o.key = key;
	if (cpol_export_new(&ex, db, dataset, &o) < 0) {
		status = cli_fail(dataset);
		goto done;
	}
	if (outpath && !(out = fopen(outpath, "wb"))) {
		perror(outpath);
		goto done;
	}
	if (cpol_export_write(ex, out, fmt, flags) < 0) {
		status = cli_fail(dataset);
		goto done;
	}
	rep = cpol_export_report_get(ex);
	msg = out == stdout ? stderr : stdout;
	if (rep->quasi_identifiers)
		fprintf(msg, "k = %d (%s; %lld rows, %lld cells suppressed, %lld rows withheld)\n", rep->k,
		        rep->levels, rep->rows, rep->cells_suppressed, rep->rows_withheld);
	else
		fprintf(msg, "k = n/a (profile %s declares no quasi-identifiers for %s; %lld rows)\n",
		        cpol_export_profile_name(profile), dataset, rep->rows);
	fprintf(msg, "logged as export %lld (profile %s %.12s, key %s)\n", (long long)rep->log_id,
	        cpol_export_profile_name(profile), rep->profile_hash, rep->key_id ? rep->key_id : "none");
	status = 0;
done:
	if (out && out != stdout && fclose(out) != 0 && status == 0) {
		perror(outpath);
		status = 1;
	}
	cpol_export_free(ex);
	cpol_db_close(db);
	cpol_export_key_free(key);
	cpol_export_profile_free(profile);
	free(region);
	return status;
}
