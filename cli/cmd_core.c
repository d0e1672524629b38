/*
 * Commands about shg itself: help, version, init, check-config, audit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/crypt.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/table.h"
#include "core/text.h"
#include "core/util.h"
#include "sms/dummy.h"

#define SHG_VERSION "0.1.0"

static int
cmd_help(struct shg *shg, int argc, char **argv)
{
	(void)shg;
	if (argc > 0) {
		fprintf(stderr, _("shg: try \"shg %s --help\"\n"), argv[0]);
		return CLI_USAGE;
	}
	puts(_("shg - self-help groups: people, groups, loans and SMS\n\n"
	    "usage: shg [-c FILE] [--as NAME] [--lang vi|en] COMMAND [ARGS]\n\n"
	    "  -c FILE        configuration (else $SHG_CONFIG, /etc/shg/shg.conf, "
	    "defaults)\n"
	    "  --as NAME      who is acting, for the audit trail\n"
	    "  --lang vi|en   the language of messages (else $LANGUAGE, the\n"
	    "                 configuration's language, Vietnamese)\n\n"
	    "Commands (\"shg COMMAND --help\" for details; --csv for "
	    "spreadsheets):"));
	for (int t = 0; cli_tables[t]; t++) {
		if (cli_tables[t]->name)
			putchar('\n');
		for (const struct cmd *c = cli_tables[t]; c->name; c++) {
			const char *h = _(c->help);
			printf("  %-20s %.*s\n", c->name, (int)strcspn(h, "\n"), h);
		}
	}
	return 0;
}

static int
cmd_version(struct shg *shg, int argc, char **argv)
{
	(void)shg;
	(void)argc;
	(void)argv;
	printf(_("shg %s (database schema %d, SQLite %s)\n"), SHG_VERSION,
	    db_schema_latest(), sqlite3_libversion());
	return 0;
}

static int
cmd_check_config(struct shg *shg, int argc, char **argv)
{
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	/* Loading already validated everything; reaching here means OK.
	 * Valid settings that are probably a mistake are only warned of. */
	conf_warnings(&shg->conf);
	if (shg->conf_path)
		printf(_("%s: configuration OK\n"), shg->conf_path);
	else
		puts(_("built-in defaults: configuration OK"));
	return 0;
}

/* The key file, made when there is none (and no systemd credential):
 * 1 when made, 0 when there was one, -1. */
static int
init_key(struct shg *shg)
{
	const char *cred = getenv("CREDENTIALS_DIRECTORY");

	if ((cred && *cred) || access(shg->conf.key_file, F_OK) == 0)
		return 0;
	if (crypt_key_create(shg->conf.key_file) < 0)
		return -1;
	printf(_("key file %s made: keep a copy apart from the database and "
	    "its backups (see \"shg key init --help\")\n"), shg->conf.key_file);
	return 1;
}

static int
cmd_init(struct shg *shg, int argc, char **argv)
{
	char *pos[1];
	int npos, rc, made;
	struct db *db;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if ((made = init_key(shg)) < 0)
		return -1;
	if (crypt_key_load(shg->conf.key_file) < 0 ||
	    db_open(shg->conf.database, &db) < 0) {
		if (made)
			unlink(shg->conf.key_file);
		return -1;
	}
	printf(_("database %s ready (schema %d)\n"), shg->conf.database,
	    db_schema_version(db));
	db_close(db);
	if (str_eq(shg->conf.modem_model, "dummy")) {
		if (dummy_prepare(shg->conf.modem_device) < 0)
			return -1;
		printf(_("dummy modem folder %s ready\n"), shg->conf.modem_device);
	}
	if (!shg->conf_path)
		return conf_write_example("shg.conf");
	return 0;
}

/* A moment of the audit trail: local date as the language writes it
 * (dd/mm/yyyy in Vietnamese) and HH:MM; YYYY-MM-DD HH:MM in CSV. */
static const char *
when_text(time_t t, int csv, char *buf, size_t size)
{
	char day[16];
	int days, minutes;

	if (csv)
		return time_format_local(t, buf, size);
	time_to_local(t, &days, &minutes);
	snprintf(buf, size, "%s %02d:%02d", date_show(days, day), minutes / 60,
	    minutes % 60);
	return buf;
}

struct audit_ctx {
	struct table *t;
	int csv;
};

static int
audit_row(const struct audit_row *r, void *arg)
{
	struct audit_ctx *x = arg;
	struct table *t = x->t;
	char when[32];

	table_cell(t, when_text(r->at, x->csv, when, sizeof when));
	table_cell(t, r->actor);
	table_cell(t, r->command);
	table_cell(t, r->entity);
	if (r->entity_id)
		table_cell_int(t, r->entity_id);
	else
		table_cell(t, "");
	table_cell(t, r->case_code);
	table_cell(t, r->action);
	table_cell(t, r->detail);
	return 0;
}

static int
cmd_audit(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: headers of the audit trail; "record" is the kind
	 * of record (person, need, ...), "detail" what a read showed. */
	static const char *const hdr[] = { N_("when"), N_("who"), N_("command"),
		N_("record"), N_(">id"), N_("case"), N_("action"), N_("detail"),
		NULL };
	struct audit_filter f = { .from = DATE_NONE, .to = DATE_NONE };
	const char *idv = NULL, *limitv = NULL, *fromv = NULL, *tov = NULL;
	struct opt opts[] = { { "entity", &f.entity, NULL }, { "id", &idv, NULL },
		{ "limit", &limitv, NULL }, { "person", &f.person, NULL },
		{ "account", &f.actor, NULL }, { "command", &f.command, NULL },
		{ "from", &fromv, NULL }, { "to", &tov, NULL },
		{ NULL, NULL, NULL } };
	char *pos[1];
	int npos, rc, id = 0;
	struct audit_ctx x;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	f.limit = 50;
	if (cli_int("--limit", limitv, 1, 1000000, &f.limit) < 0 ||
	    cli_int("--id", idv, 1, 2000000000, &id) < 0 ||
	    cli_date("--from", fromv, &f.from) < 0 ||
	    cli_date("--to", tov, &f.to) < 0)
		return -1;
	f.id = id;
	x.t = table_new(hdr, shg->csv);
	x.csv = shg->csv;
	if (audit_each(shg->db, &f, audit_row, &x) < 0) {
		table_free(x.t);
		return -1;
	}
	table_print(x.t, stdout);
	return 0;
}

static int
cmd_key_init(struct shg *shg, int argc, char **argv)
{
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (crypt_key_create(shg->conf.key_file) < 0)
		return -1;
	printf(_("key file %s made (mode 0400): keep a copy apart from the "
	    "database and its backups\n"), shg->conf.key_file);
	return 0;
}

static int
cmd_key_rotate(struct shg *shg, int argc, char **argv)
{
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (getenv("CREDENTIALS_DIRECTORY"))
		return error("key rotate: run it by hand on the key file, not "
		    "under systemd's credential");
	if (crypt_rotate(shg->db, shg->conf.key_file) < 0)
		return -1;
	printf(_("every encrypted field now uses the new key in %s; the old "
	    "key is kept as %s.old: backups made before need it\n"),
	    shg->conf.key_file, shg->conf.key_file);
	return db_audit(shg->db, "key", 0, "rotate");
}

const struct cmd core_cmds[] = {
	{ "help", cmd_help, CMD_NOCONF, "", N_("List the commands") },
	{ "version", cmd_version, CMD_NOCONF, "", N_("Print the version") },
	{ "init", cmd_init, CMD_INIT, "",
	  N_("Create the database, the modem folder and an example configuration\n"
	  "The database (mode 0600; 0660 in a setgid folder) is created or upgraded\n"
	  "to the newest schema.\n"
	  "Without -c or $SHG_CONFIG, an example shg.conf is written here.") },
	{ "key init", cmd_key_init, 0, "",
	  N_("Make the key that encrypts names, phones and notes\n"
	  "Writes 32 random bytes as 64 hexadecimal digits to security.key_file,\n"
	  "mode 0400; an existing key file is never replaced. \"shg init\" makes\n"
	  "it too. Keep a copy apart from the database and its backups (a\n"
	  "second USB stick, or printed): without it they cannot be read.") },
	{ "key rotate", cmd_key_rotate, CMD_DB, "",
	  N_("Re-encrypt every encrypted field with a new key\n"
	  "Stop shg serve and shg web first (they hold the old key) and start\n"
	  "them again after. One transaction, checked with integrity_check. The\n"
	  "old key is kept as KEY_FILE.old: backups made before the rotation\n"
	  "need it.") },
	{ "check-config", cmd_check_config, 0, "",
	  N_("Check the configuration and print \"configuration OK\" or the errors") },
	{ "audit", cmd_audit, CMD_DB, "[--person CODE] [--account NAME] "
	  "[--command C] [--from D] [--to D] [--entity KIND] [--id N] [--limit N]",
	  N_("List the audit trail: who changed or saw what, newest first\n"
	  "  --person CODE   who has seen or changed this person's record\n"
	  "  --account NAME  only what NAME did (the --as or account name)\n"
	  "  --command C     only that command (\"person show\", \"web\", ...)\n"
	  "  --from D --to D only those days (YYYY-MM-DD)\n"
	  "  --entity KIND   only one kind of record (person, need, support, ...)\n"
	  "  --id N          only that record\n"
	  "  --limit N       at most N rows (default 50)") },
	{ NULL, NULL, 0, NULL, NULL },
};
