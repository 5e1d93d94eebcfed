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
