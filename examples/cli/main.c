/*
 * commpolice — the command-line front end to libcommpolice.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
/* wcwidth() is X/Open. */
#define _XOPEN_SOURCE 700

#include "cli.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

int cli_fail(const char *what)
{
	const cpol_error *e = cpol_error_last();
	if (what)
		fprintf(stderr, "commpolice: %s: %s\n", what, e->message);
	else
		fprintf(stderr, "commpolice: %s\n", e->message);
	return 1;
}

/* Digits only, so that "-1", "+1", " 1" and "1x" are refused as well as "x". */
static int all_digits(const char *text)
{
	return text && *text && strspn(text, "0123456789") == strlen(text);
}

int cli_parse_id(cpol_id *out, const char *text, const char *what)
{
	unsigned long long v;
	errno = 0;
	if (!all_digits(text) || (v = strtoull(text, NULL, 10), errno == ERANGE) || v == 0 ||
	    v > (unsigned long long)INT64_MAX) {
		fprintf(stderr, "commpolice: %s: '%s' is not an id (a whole number from 1)\n", what,
		        text ? text : "");
		return -1;
	}
	*out = (cpol_id)v;
	return 0;
}

int cli_parse_int(int *out, const char *text, const char *what, int min, int max)
{
	long long v = 0;
	const char *digits = text && (*text == '-' || *text == '+') ? text + 1 : text;
	errno = 0;
	if (!all_digits(digits) || (v = strtoll(text, NULL, 10), errno == ERANGE) || v < min || v > max) {
		fprintf(stderr, "commpolice: %s: '%s' is not a whole number from %d to %d\n", what,
		        text ? text : "", min, max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int cli_parse_u64(unsigned long long *out, const char *text, const char *what)
{
	unsigned long long v;
	errno = 0;
	if (!all_digits(text) || (v = strtoull(text, NULL, 10), errno == ERANGE)) {
		fprintf(stderr, "commpolice: %s: '%s' is not a whole number from 0\n", what, text ? text : "");
		return -1;
	}
	*out = v;
	return 0;
}

int cli_take_flag(int *argc, char **argv, const char *flag)
{
	int i, k, found = 0;
	for (i = k = 1; i < *argc; i++) {
		if (strcmp(argv[i], flag) == 0)
			found = 1;
		else
			argv[k++] = argv[i];
	}
	*argc = k;
	argv[k] = NULL;
	return found;
}

void cli_print_padded(const char *s, int width)
{
	mbstate_t st;
	const char *p = s ? s : "";
	size_t left = strlen(p);
	int cells = 0;

	memset(&st, 0, sizeof(st));
	while (left > 0) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, left, &st);
		int w;
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			/* Not valid in this locale: count the rest a cell a byte. */
			cells += (int)left;
			break;
		}
		w = wcwidth(wc);
		cells += w > 0 ? w : 0;
		p += n;
		left -= n;
	}
	fputs(s ? s : "", stdout);
	for (; cells < width; cells++)
		putchar(' ');
}

/* Text is UTF-8 whatever the user's locale: use the user's when it is
 * UTF-8 (for wcwidth), else C.UTF-8. */
static void use_utf8_locale(void)
{
	const char *set = setlocale(LC_CTYPE, "");
	if (!set || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

/*
 * Run from a source tree (./quickstart.sh demo), every command should find
 * the shipped region files as an installed one does. The library searches
 * CPOL_RULES_PATH before the installed directory, so when the user has not
 * set it and ./data/regions/ holds the shipped files, point it there: one
 * default for all commands instead of a search path in each.
 */
static void default_rules_path(void)
{
	if (!getenv("CPOL_RULES_PATH") && access("data/regions/national.yaml", R_OK) == 0)
		setenv("CPOL_RULES_PATH", "data/regions", 0);
	if (!getenv("CPOL_EXPORT_PATH") && access("data/export/research.yaml", R_OK) == 0)
		setenv("CPOL_EXPORT_PATH", "data/export", 0);
}

int cli_open_db(cpol_db **out, const char *path, int create)
{
	cpol_db_options opts;
	const char *user = getenv("CPOL_USER");

	cpol_db_options_init(&opts, CPOL_DB_OPTIONS_VERSION);
	if (!create)
		opts.flags &= ~(unsigned int)CPOL_DB_OPEN_CREATE;
	opts.user = user ? user : getenv("USER");
	return cpol_db_open(out, path, &opts);
}

static int cmd_version(int argc, char **argv)
{
	printf("commpolice %s (libcommpolice %s, database schema %d)\n",
	       CPOL_VERSION, cpol_version(), cpol_db_schema_latest());
	return 0;
}

static int cmd_init(int argc, char **argv)
{
	cpol_db *db = NULL;
	int version = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: commpolice init DB\n");
		return 2;
	}
	if (cli_open_db(&db, argv[1], 1) < 0)
		return cli_fail(argv[1]);
	if (cpol_db_schema_current(&version, db) < 0) {
		cpol_db_close(db);
		return cli_fail(argv[1]);
	}
	printf("%s: libcommpolice database, schema version %d\n", argv[1], version);
	cpol_db_close(db);
	return 0;
}

static int cmd_help(int argc, char **argv);

static const cli_command commands[] = {
	{ "version", cmd_version, "", "print the library and schema versions" },
	{ "init", cmd_init, "DB", "create a database, or upgrade its schema" },
	{ "rules", cmd_rules, "check|show|get|calendar ...", "validate, show and query region rules, and the holiday calendar (rules.c)" },
	{ "roster", cmd_roster, "generate|check|export|repair|swap|posts ...", "duty rosters of an office (examples/cli/duty.c)" },
	{ "due", cmd_due, "DB OFFICE [DATE] [--kind K ...] [--horizon DAYS]", "everything an office owes: persons, households, places, cases, duties" },
	{ "notice", cmd_notice, "DB NOTICE_ID | list ...", "print a rectification notice; list notices (work.c)" },
	{ "inspections", cmd_inspections, "DB OFFICE ...", "list inspections by unit, officer, kind, period" },
	{ "visits", cmd_visits, "DB OFFICE ...", "list visits and contacts by officer, kind, period" },
	{ "incidents", cmd_incidents, "DB OFFICE ...", "list incidents (警情): unreturned, major..." },
	{ "requests", cmd_requests, "DB OFFICE ...", "list resident requests (群众诉求)" },
	{ "disputes", cmd_disputes, "DB OFFICE ...", "list disputes (矛盾纠纷) by status" },
	{ "records", cmd_records, "DB OFFICE ...", "list meetings, notices and reports held" },
	{ "patrols", cmd_patrols, "DB OFFICE ...", "list patrols (巡逻): night or day, officer, period" },
	{ "publicity", cmd_publicity, "DB OFFICE ...", "list publicity events (六防宣传) by topic" },
	{ "assess", cmd_assess, "score|explain|what-if ...", "score a period, explain a result (assess.c)" },
	{ "demo", cmd_demo, "[DB]", "build a demo district in DB (demo.db) and rank its quarter" },
	{ "org", cmd_org, "add-region|add-office|... DB ...", "build and list the organisation (org.c)" },
	{ "import", cmd_import, "DB KIND FILE.csv ...", "import addresses, houses or persons (population.c)" },
	{ "person", cmd_person, "DB ID_NUMBER|NAME", "find persons by ID number or name (姓* for a prefix)" },
	{ "stats", cmd_stats, "DB [OFFICE] [DATE]", "residents per district against the staffing rule; 漏管 checks" },
	{ "idcheck", cmd_idcheck, "ID_NUMBER...", "check resident ID numbers (GB 11643-1999)" },
	{ "check", cmd_check, "[--repair] DB", "check the database, its triggers, audit chain and records (audit.c)" },
	{ "repair", cmd_repair, "DB", "put the audit triggers back, recording the repair in the trail" },
	{ "backup", cmd_backup, "DB DEST", "copy the database while others write (online backup)" },
	{ "log", cmd_log, "DB [--table T] [--row ID] ...", "read the audit trail (--actor, --since, --until, --json)" },
	{ "export", cmd_export, "DB DATASET [...] | --list", "export a dataset masked, pseudonymised, k-anonymous (export.c)" },
	{ "help", cmd_help, "", "list the commands" },
};

static int cmd_help(int argc, char **argv)
{
	size_t i;
	printf("usage: commpolice COMMAND [ARGS]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-10s %-24s %s\n", commands[i].name, commands[i].usage, commands[i].summary);
	printf("\nenvironment: CPOL_USER names the acting user in the audit trail;\n"
	       "CPOL_AUDIT_KEY_FILE names the audit key file (HMAC of the audit chain);\n"
	       "CPOL_RULES_PATH lists directories searched for region rule files.\n");
	return 0;
}

/* Whether the arguments after the command ask for its help. */
static int wants_help(int argc, char **argv)
{
	int i;
	for (i = 2; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

/*
 * COMMAND ... --help: the command's usage on standard output, exit 0, and
 * nothing else done (no file opened or created). Every command prints its
 * full usage when called with no arguments at all (exit status 2), so that
 * is how its help is printed, with standard error sent to standard output;
 * the commands that do something with no arguments print their table line.
 */
static int command_help(const cli_command *c)
{
	int rc;

	if (c->run == cmd_demo || c->run == cmd_version || c->run == cmd_help) {
		printf("usage: commpolice %s %s\n  %s\n", c->name, c->usage, c->summary);
		return 0;
	}
	fflush(stderr);
	if (dup2(STDOUT_FILENO, STDERR_FILENO) < 0)
		return 1;
	rc = c->run(1, (char *[]){ (char *)c->name, NULL });
	fflush(stdout);
	return rc == 2 ? 0 : rc;
}

int main(int argc, char **argv)
{
	size_t i;

	use_utf8_locale();
	default_rules_path();
	if (argc < 2) {
		cmd_help(0, NULL);
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(0, NULL);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(0, NULL);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return wants_help(argc, argv) ? command_help(&commands[i])
			                              : commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "commpolice: unknown command '%s'; try 'commpolice help'\n", argv[1]);
	return 2;
}
