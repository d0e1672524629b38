/*
 * shg - self-help group service and command line. main() parses the
 * global options and hands over to the command table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/schemas.h"
#include "core/clock.h"
#include "core/crypt.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"
#include "sms/smstext.h"

#define USAGE "shg [-c FILE] [--as NAME] [--lang vi|en] COMMAND [ARGS]"

static void
global_usage(FILE *out)
{
	fprintf(out, _("usage: %s\n"), USAGE);
	fputs(_("Try \"shg help\" for the list of commands.\n"), out);
}

/* For the configuration's template check (config/conf.h): the parts a
 * text needs as the outbox would send it. */
static int
sms_parts(const char *text, const char *coding)
{
	struct sms_plan plan;
	int mode = smstext_mode_parse(coding), parts;

	log_mute(1);
	parts = smstext_plan(text, mode < 0 ? SMS_MODE_AUTO : mode, 0, &plan) < 0
	    ? -1 : plan.parts;
	log_mute(0);
	smstext_plan_free(&plan);
	return parts;
}

/* A bad global option: one line on stderr, exit code 2. */
static int
global_error(const char *opt, int last)
{
	int known = !strcmp(opt, "-c") || !strcmp(opt, "--config") ||
	    !strcmp(opt, "--as");

	if (known && last)
		fprintf(stderr, _("shg: %s needs a value (usage: %s)\n"), opt, USAGE);
	else
		fprintf(stderr, _("shg: unknown option \"%s\" (usage: %s)\n"), opt,
		    USAGE);
	return 2;
}

/* Find the command named by argv[0] and, if it is a group, argv[1].
 * *used receives how many words the name took. */
static const struct cmd *
find_cmd(int argc, char **argv, int *used)
{
	char two[128];

	if (argc >= 2) {
		snprintf(two, sizeof two, "%s %s", argv[0], argv[1]);
		for (int t = 0; cli_tables[t]; t++)
			for (const struct cmd *c = cli_tables[t]; c->name; c++)
				if (strcmp(c->name, two) == 0) {
					*used = 2;
					return c;
				}
	}
	for (int t = 0; cli_tables[t]; t++)
		for (const struct cmd *c = cli_tables[t]; c->name; c++)
			if (strcmp(c->name, argv[0]) == 0) {
				*used = 1;
				return c;
			}
	return NULL;
}

/* "  name     summary": the first line of a command's help. */
static void
help_line(FILE *out, const struct cmd *c)
{
	const char *h = _(c->help);

	fprintf(out, "  %-22s %.*s\n", c->name, (int)strcspn(h, "\n"), h);
}

/* "shg person" with no verb: list the verbs of that group on out (NULL:
 * only say whether word is a group). */
static int
group_help(const char *word, FILE *out)
{
	size_t n = strlen(word);
	int found = 0;

	for (int t = 0; cli_tables[t]; t++)
		for (const struct cmd *c = cli_tables[t]; c->name; c++)
			if (strncmp(c->name, word, n) == 0 && c->name[n] == ' ') {
				if (!found && out)
					fprintf(out, _("usage: shg %s COMMAND\n\n"),
					    word);
				if (out)
					help_line(out, c);
				found = 1;
			}
	return found;
}

static int
open_db(struct shg *shg)
{
	if (db_open_existing(shg->conf.database, &shg->db) < 0)
		return -1;
	if (strcmp(shg->cmd->name, "serve"))
		db_set_wait(shg->db, DB_WAIT_CLI, stderr);
	/* The service and the web server run for months: their memory
	 * stays small. A command ends in seconds and may read much of the
	 * database. The summary report reads scattered pages about once
	 * each: mapping them (a fault per page, then unmapping) costs it
	 * more than reading them (on the province bench, 700 against
	 * 530 ms of CPU). */
	if (strcmp(shg->cmd->name, "serve") && strcmp(shg->cmd->name, "web") &&
	    strcmp(shg->cmd->name, "report summary") &&
	    db_set_mmap_mb(shg->db, DB_MMAP_COMMAND_MB) < 0)
		return -1;
	db_set_actor(shg->db, shg->actor, shg->cmd->name);
	return 0;
}

/* --help anywhere before "--": usage without touching the database. */
static int
wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	return 0;
}

static int
run_cmd(struct shg *shg, int argc, char **argv)
{
	int rc;

	if ((shg->cmd->flags & CMD_DB) && (crypt_key_load(shg->conf.key_file) < 0
	    || open_db(shg) < 0))
		return 1;
	if ((shg->cmd->flags & CMD_WRITE) == CMD_WRITE && db_begin(shg->db) < 0)
		return 1;
	rc = shg->cmd->fn(shg, argc, argv);
	if (rc < 0)
		rc = 1;
	if ((shg->cmd->flags & CMD_WRITE) == CMD_WRITE) {
		if (rc == 0 && db_commit(shg->db) < 0)
			rc = 1;
		if (rc != 0)
			db_rollback(shg->db);
	}
	return rc;
}

/* Take "--lang X" or "--lang=X" out of argv (anywhere before "--"), so
 * that it works as a global option and after a command alike. Returns
 * the value (NULL: none), or sets *bad when it is missing. */
static const char *
take_lang(int *argc, char **argv, int *bad)
{
	const char *lang = NULL;
	int i = 1, n;

	while (i < *argc && strcmp(argv[i], "--")) {
		if (!strcmp(argv[i], "--lang"))
			n = 2;
		else if (!strncmp(argv[i], "--lang=", 7))
			n = 1;
		else {
			i++;
			continue;
		}
		if (n == 2 && i + 1 >= *argc) {
			*bad = 1;
			return NULL;
		}
		lang = n == 2 ? argv[i + 1] : argv[i] + 7;
		memmove(argv + i, argv + i + n, (*argc - i - n + 1) * sizeof *argv);
		*argc -= n;
	}
	return lang;
}

/* The language before the configuration is read: --lang, else
 * $LANGUAGE, else Vietnamese. 0, or 2 after a bad --lang. */
static int
early_lang(const char *opt, const char *env, int bad)
{
	i18n_set(env ? env : "vi");
	if (bad || (opt && i18n_set(opt) < 0)) {
		fprintf(stderr, _("shg: --lang: \"%s\" is not a language shg "
		    "speaks (vi or en)\n"), bad ? "" : opt);
		return 2;
	}
	return 0;
}

static const char *
pick_actor(const char *opt, const struct conf *c)
{
	const char *user = getenv("USER");

	if (!str_empty(opt))
		return opt;
	if (!str_empty(c->operator_name))
		return c->operator_name;
	return str_empty(user) ? "unknown" : user;
}

int
main(int argc, char **argv)
{
	struct shg shg = { 0 };
	const char *conf_opt = NULL, *as = NULL, *lang, *env_lang;
	int i = 1, used, rc, bad = 0;

	/* Whatever shg writes (reports, exports, backups, the database, the
	 * dummy modem's copies of sent messages, libGammu's files) holds
	 * personal data: readable by its owner only. */
	umask(077);
	schemas_use();
	/* i18n_set() sets $LANGUAGE for gettext: read the user's first. */
	env_lang = i18n_env();
	lang = take_lang(&argc, argv, &bad);
	if (early_lang(lang, env_lang, bad))
		return 2;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) &&
		    i + 1 < argc)
			conf_opt = argv[++i];
		else if (!strcmp(argv[i], "--as") && i + 1 < argc)
			as = argv[++i];
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			argv[i] = "help";
		else
			return global_error(argv[i], i + 1 >= argc);
		if (!strcmp(argv[i], "help"))
			break;
	}
	if (i >= argc) {
		global_usage(stderr);
		return 2;
	}
	if (!(shg.cmd = find_cmd(argc - i, argv + i, &used))) {
		if (argc - i == 1 && group_help(argv[i], stdout))
			return 0;
		if (group_help(argv[i], NULL)) {
			fprintf(stderr, _("shg: \"%s %s\" is not a command (see "
			    "\"shg %s\")\n"), argv[i], argv[i + 1], argv[i]);
			return 2;
		}
		fprintf(stderr, _("shg: \"%s\" is not a command (see \"shg "
		    "help\")\n"), argv[i]);
		return 2;
	}
	if (wants_help(argc - i - used, argv + i + used)) {
		cli_usage(&shg, stdout);
		return 0;
	}
	shg.conf_path = conf_find(conf_opt);
	if ((shg.cmd->flags & CMD_INIT) && shg.conf_path &&
	    conf_write_example(shg.conf_path) < 0)
		return 1;
	/* The time zone comes from the configuration; $SHG_NOW is local time. */
	conf_set_parts_fn(sms_parts);
	if (conf_load((shg.cmd->flags & CMD_NOCONF) ? NULL : shg.conf_path,
	    &shg.conf) < 0)
		return 1;
	if (!lang && !env_lang)
		i18n_set(shg.conf.language);
	if (clock_init_env() < 0) {
		conf_free(&shg.conf);
		return 1;
	}
	log_init(shg.conf.log_syslog && !strcmp(shg.cmd->name, "serve"),
	    log_level_parse(shg.conf.log_level));
	shg.actor = pick_actor(as, &shg.conf);
	rc = run_cmd(&shg, argc - i - used, argv + i + used);
	db_close(shg.db);
	conf_free(&shg.conf);
	return rc;
}
