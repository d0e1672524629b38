/*
 * cli.h - the command line: the command table, option parsing and the
 * context every command handler receives.
 *
 * A handler returns 0 on success, -1 (or 1) on an error it has reported
 * with error(), and CLI_USAGE for a usage error (exit code 2). Commands
 * flagged CMD_WRITE run inside one transaction: any failure rolls back
 * everything the command wrote.
 */
#ifndef SHG_CLI_H
#define SHG_CLI_H

#include <stdio.h>

#include "config/conf.h"
#include "core/db.h"

#define CLI_USAGE 2

enum cmd_flags {
	CMD_DB = 1,             /* needs the database (opened before the call) */
	CMD_WRITE = 2 | 1,      /* changes data: one transaction */
	CMD_INIT = 4,           /* writes the example config where -c names a
	                         * missing file, before loading it */
	CMD_NOCONF = 8,         /* needs no configuration (help, version) */
};

struct shg {
	struct conf conf;
	const char *conf_path;  /* NULL: built-in defaults */
	struct db *db;
	const char *actor;
	const struct cmd *cmd;
	int csv;                /* --csv given */
};

typedef int (*cmd_fn)(struct shg *shg, int argc, char **argv);

struct cmd {
	const char *name;       /* "person add" */
	cmd_fn fn;
	int flags;
	const char *usage;      /* arguments after the name */
	const char *help;       /* first line: summary; then details */
};

/* The command tables of each area, each ended by an entry with name NULL. */
extern const struct cmd core_cmds[];
extern const struct cmd person_cmds[];
extern const struct cmd need_cmds[];
extern const struct cmd group_cmds[];
extern const struct cmd loan_cmds[];
extern const struct cmd sms_cmds[];
extern const struct cmd service_cmds[];
extern const struct cmd report_cmds[];
extern const struct cmd import_cmds[];
extern const struct cmd summary_cmds[];
extern const struct cmd followup_cmds[];
extern const struct cmd user_cmds[];
extern const struct cmd web_cmds[];
extern const struct cmd forms_cmds[];

/* Every table, NULL-terminated. */
extern const struct cmd *const cli_tables[];

/*
 * Options. Each entry names a long option ("date" for --date VALUE) and
 * where its value goes: *val for options with a value, *flag set to 1 for
 * flags (val NULL). Repeating an option keeps the last value. --csv and
 * --help are understood by every command.
 */
struct opt {
	const char *name;
	const char **val;
	int *flag;
};

/* Parse argv (argv[0] is the first word after the command name). Fills
 * pos with the positional arguments (at most maxpos) and *npos with their
 * count. Returns 0, 1 when --help was given (usage already printed), or
 * CLI_USAGE after printing what is wrong. */
int cli_parse(struct shg *shg, int argc, char **argv, const struct opt *opts,
    char **pos, int maxpos, int *npos);
/* Print "usage: shg NAME USAGE" and the help text of shg->cmd. */
void cli_usage(const struct shg *shg, FILE *out);
/* Report a usage problem (one line) and return CLI_USAGE. */
int cli_usage_error(const struct shg *shg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Names and phones (--names) are for a role that may see them: when
 * --as names an account, its role decides (core/account.h); without an
 * account, the operator who holds the database file may. 0, or -1 after
 * saying the role may not. */
int cli_names_allowed(struct shg *shg);
/* 1 when the command runs for an administrator: --as names an admin
 * account, or no account (the operator who holds the database file); 0
 * for another role; -1 after error(). */
int cli_admin(struct shg *shg);
/* The people whose names or numbers a command showed, for audit_read
 * (core/audit.h). cli_ids_add ignores id 0 (no person). */
struct cli_ids {
	int64_t *ids;
	size_t n;
};
void cli_ids_add(struct cli_ids *v, int64_t id);

/* Helpers for option values: each reports the bad value naming the option
 * and returns -1. A NULL value leaves *out untouched and returns 0. */
int cli_date(const char *opt, const char *val, int *out);
int cli_int(const char *opt, const char *val, int min, int max, int *out);
int cli_money(const char *opt, const char *val, int64_t *out);
int cli_yesno(const char *opt, const char *val, int *out);

/* For edit commands: replace *dst with a copy of val ("" clears it to
 * NULL); a NULL val (option not given) leaves *dst alone. */
void cli_set_str(char **dst, const char *val);
/* The same for a phone number: val is normalized to E.164 (a converted
 * old prefix is noted on stdout); -1 naming the option when it is not a
 * phone number. */
int cli_set_phone(const char *opt, char **dst, const char *val);

#endif
