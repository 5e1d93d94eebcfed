/*
 * commpolice — the command-line front end to libcommpolice.
 *
 * Each module's subcommands live in examples/cli/<module>.c and are listed
 * in the command table of main.c. Commands use the public API only.
 */
#ifndef CPOL_CLI_H
#define CPOL_CLI_H

#include <commpolice.h>

/* A subcommand: argv[0] is the subcommand's own name. Returns the exit status. */
typedef int (*cli_command_fn)(int argc, char **argv);

typedef struct cli_command {
	const char *name;
	cli_command_fn run;
	const char *usage;    /* arguments, after the name */
	const char *summary;  /* one line */
} cli_command;

/* Print the library's last error to stderr as "commpolice: <message>"; returns 1. */
int cli_fail(const char *what);

/*
 * Print s left-aligned in a column `width` terminal cells wide. Chinese
 * characters take two cells and several bytes, so printf's "%-16s" (which
 * counts bytes) misaligns them; the cell width comes from the C library's
 * wcwidth() (its Unicode East Asian Width tables) under a UTF-8 locale.
 */
void cli_print_padded(const char *s, int width);

/*
 * Command-line numbers. An id is a whole number from 1 (a record's number);
 * cli_parse_int takes a whole number from min to max. Anything else (empty,
 * a sign on an id, letters, trailing text, out of range) prints
 * "commpolice: WHAT: 'TEXT' is not ..." on stderr and returns -1; the
 * command then exits with status 2, as for any misuse. *out is written only
 * on success.
 */
int cli_parse_id(cpol_id *out, const char *text, const char *what);
int cli_parse_int(int *out, const char *text, const char *what, int min, int max);
int cli_parse_u64(unsigned long long *out, const char *text, const char *what);

/* Remove every `flag` (say "--json") from argv[1..], shifting the rest down; 1 when there was one. */
int cli_take_flag(int *argc, char **argv, const char *flag);

/*
 * --json on the listings (examples/cli/json.c): cli_json_open prints "[",
 * each record is cli_json_record, its fields, cli_json_record_end, one per
 * line; cli_json_close prints "]". An id of 0, CPOL_DATE_NONE and a NULL
 * string are written null. Everything goes to standard output.
 */
typedef struct cli_json {
	int records; /* written so far */
	int fields;  /* of the open record */
} cli_json;
void cli_json_string(const char *s);
void cli_json_open(cli_json *j);
void cli_json_record(cli_json *j);
void cli_json_str(cli_json *j, const char *name, const char *value);
void cli_json_int(cli_json *j, const char *name, long long value);
void cli_json_id(cli_json *j, const char *name, cpol_id id);
void cli_json_real(cli_json *j, const char *name, double value);
void cli_json_date(cli_json *j, const char *name, cpol_date date);
void cli_json_bool(cli_json *j, const char *name, int value);
void cli_json_raw(cli_json *j, const char *name, const char *json);
/* Every field of a record of that kind, named and typed by its description. */
void cli_json_fields(cli_json *j, cpol_record_kind kind, const void *record);
void cli_json_record_end(cli_json *j);
void cli_json_close(cli_json *j);

/* Open a database for a command (creating it when create is set). */
int cli_open_db(cpol_db **out, const char *path, int create);

/* commpolice rules check|show|get (examples/cli/rules.c). */
int cmd_rules(int argc, char **argv);

/* commpolice roster generate|check|export (examples/cli/duty.c). */
int cmd_roster(int argc, char **argv);

/* commpolice due / notice [list] / inspections / visits / incidents / requests /
 * disputes / records (examples/cli/work.c). */
int cmd_due(int argc, char **argv);
int cmd_notice(int argc, char **argv);
int cmd_inspections(int argc, char **argv);
int cmd_visits(int argc, char **argv);
int cmd_incidents(int argc, char **argv);
int cmd_requests(int argc, char **argv);
int cmd_disputes(int argc, char **argv);
int cmd_records(int argc, char **argv);
/* commpolice patrols / publicity (examples/cli/work.c). */
int cmd_patrols(int argc, char **argv);
int cmd_publicity(int argc, char **argv);

/* commpolice assess score|explain|what-if|metric, and commpolice demo (examples/cli/assess.c). */
int cmd_assess(int argc, char **argv);
int cmd_demo(int argc, char **argv);

/* commpolice org add-region|add-station|add-office|...|list (examples/cli/org.c). */
int cmd_org(int argc, char **argv);

/* examples/cli/population.c */
int cmd_import(int argc, char **argv);
int cmd_person(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_idcheck(int argc, char **argv);

/* commpolice check / repair / backup / log (examples/cli/audit.c). */
int cmd_check(int argc, char **argv);
int cmd_repair(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_log(int argc, char **argv);
/* commpolice export (examples/cli/export.c). */
int cmd_export(int argc, char **argv);

#endif
