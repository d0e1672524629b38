/*
 * Commands about shg itself: help, version, init, check-config, audit.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/clock.h"
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

static int
cmd_init(struct shg *shg, int argc, char **argv)
{
	char *pos[1];
	int npos, rc;
	struct db *db;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (db_open(shg->conf.database, &db) < 0)
		return -1;
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

static int
cmd_audit(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: headers of the audit trail; "record" is the kind
	 * of record (person, need, ...). */
	static const char *const hdr[] = { N_("when"), N_("who"), N_("command"),
		N_("record"), N_(">id"), N_("action"), NULL };
	static const char sql[] = "SELECT at, actor, command, entity, entity_id, "
	    "action FROM audit WHERE (?1 IS NULL OR entity = ?1) AND "
	    "(?2 IS NULL OR entity_id = ?2) ORDER BY id DESC LIMIT ?3";
	const char *entity = NULL, *idv = NULL, *limitv = NULL;
	struct opt opts[] = { { "entity", &entity, NULL }, { "id", &idv, NULL },
		{ "limit", &limitv, NULL }, { NULL, NULL, NULL } };
	char *pos[1], when[32];
	int npos, rc, limit = 50, id = 0;
	sqlite3_stmt *st;
	struct table *t;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (cli_int("--limit", limitv, 1, 1000000, &limit) < 0 ||
	    cli_int("--id", idv, 1, 2000000000, &id) < 0)
		return -1;
	if (!(st = db_prepare(shg->db, sql)) ||
	    db_bind(shg->db, st, "t", entity) < 0)
		return -1;
	if (idv)
		sqlite3_bind_int(st, 2, id);
	sqlite3_bind_int(st, 3, limit);
	t = table_new(hdr, shg->csv);
	while ((rc = db_step(shg->db, st)) == SQLITE_ROW) {
		table_cell(t, when_text((time_t)db_col_int(st, 0), shg->csv, when,
		    sizeof when));
		for (int c = 1; c < 6; c++)
			table_cell(t, db_col_text(st, c));
	}
	db_reset(st);
	table_print(t, stdout);
	return rc < 0 ? -1 : 0;
}

const struct cmd core_cmds[] = {
	{ "help", cmd_help, CMD_NOCONF, "", N_("List the commands") },
	{ "version", cmd_version, CMD_NOCONF, "", N_("Print the version") },
	{ "init", cmd_init, CMD_INIT, "",
	  N_("Create the database, the modem folder and an example configuration\n"
	  "The database (mode 0600; 0660 in a setgid folder) is created or upgraded\n"
	  "to the newest schema.\n"
	  "Without -c or $SHG_CONFIG, an example shg.conf is written here.") },
	{ "check-config", cmd_check_config, 0, "",
	  N_("Check the configuration and print \"configuration OK\" or the errors") },
	{ "audit", cmd_audit, CMD_DB, "[--entity KIND] [--id N] [--limit N]",
	  N_("List the audit trail: who changed what, newest first\n"
	  "  --entity KIND   only one kind of record (person, need, support, ...)\n"
	  "  --id N          only that record\n"
	  "  --limit N       at most N rows (default 50)") },
	{ NULL, NULL, 0, NULL, NULL },
};
