#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/account.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/phone.h"
#include "core/util.h"

const struct cmd *const cli_tables[] = {
	core_cmds, person_cmds, need_cmds, group_cmds, loan_cmds, sms_cmds,
	service_cmds, report_cmds, summary_cmds,
	followup_cmds, import_cmds, user_cmds, web_cmds, forms_cmds, NULL,
};

void
cli_usage(const struct shg *shg, FILE *out)
{
	const struct cmd *c = shg->cmd;
	fprintf(out, _("usage: shg %s%s%s\n\n%s\n"), c->name,
	    *c->usage ? " " : "", c->usage, _(c->help));
}

int
cli_usage_error(const struct shg *shg, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, gettext(fmt), ap);
	va_end(ap);
	fprintf(stderr, _("shg %s: %s (usage: shg %s %s)\n"), shg->cmd->name,
	    msg, shg->cmd->name, shg->cmd->usage);
	return CLI_USAGE;
}

static const struct opt *
opt_find(const struct opt *opts, const char *name, size_t n)
{
	for (const struct opt *o = opts; o && o->name; o++)
		if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
			return o;
	return NULL;
}

/* One "--name[=value]" at argv[*i]. Returns 0, 1 for --help, CLI_USAGE. */
static int
parse_long(struct shg *shg, int argc, char **argv, int *i,
    const struct opt *opts)
{
	const char *name = argv[*i] + 2, *eq = strchr(name, '=');
	size_t n = eq ? (size_t)(eq - name) : strlen(name);
	const struct opt *o = opt_find(opts, name, n);

	if (!o && n == 4 && !strncmp(name, "help", 4)) {
		cli_usage(shg, stdout);
		return 1;
	}
	if (!o && n == 3 && !strncmp(name, "csv", 3) && !eq) {
		shg->csv = 1;
		return 0;
	}
	if (!o)
		return cli_usage_error(shg, "unknown option \"--%.*s\"", (int)n, name);
	if (!o->val) {
		if (eq)
			return cli_usage_error(shg, "--%s takes no value", o->name);
		*o->flag = 1;
		return 0;
	}
	if (eq) {
		*o->val = eq + 1;
	} else if (*i + 1 < argc) {
		*o->val = argv[++*i];
	} else {
		return cli_usage_error(shg, "--%s needs a value", o->name);
	}
	return 0;
}

int
cli_parse(struct shg *shg, int argc, char **argv, const struct opt *opts,
    char **pos, int maxpos, int *npos)
{
	int only_pos = 0, rc;

	*npos = 0;
	for (int i = 0; i < argc; i++) {
		if (!only_pos && !strcmp(argv[i], "--")) {
			only_pos = 1;
		} else if (!only_pos && !strcmp(argv[i], "-h")) {
			cli_usage(shg, stdout);
			return 1;
		} else if (!only_pos && argv[i][0] == '-' && argv[i][1] == '-') {
			if ((rc = parse_long(shg, argc, argv, &i, opts)) != 0)
				return rc;
		} else if (*npos < maxpos) {
			pos[(*npos)++] = argv[i];
		} else {
			return cli_usage_error(shg, "unexpected argument \"%s\"", argv[i]);
		}
	}
	return 0;
}

int
cli_date(const char *opt, const char *val, int *out)
{
	if (!val)
		return 0;
	return date_parse_arg(opt, val, out);
}

int
cli_int(const char *opt, const char *val, int min, int max, int *out)
{
	if (!val)
		return 0;
	if (parse_int(val, min, max, out) < 0)
		return error("%s: \"%s\" is not a whole number from %d to %d", opt,
		    val, min, max);
	return 0;
}

int
cli_money(const char *opt, const char *val, int64_t *out)
{
	if (!val)
		return 0;
	if (parse_money(val, out) < 0)
		return error("%s: \"%s\" is not an amount of đồng (e.g. 1500000 "
		    "or 1.500.000)", opt, val);
	return 0;
}

int
cli_yesno(const char *opt, const char *val, int *out)
{
	static const char *yes[] = { "yes", "y", "true", "1", "co", "có" };
	static const char *no[] = { "no", "n", "false", "0", "khong", "không" };

	if (!val)
		return 0;
	for (size_t i = 0; i < NELEM(yes); i++) {
		if (!strcasecmp(val, yes[i]))
			return *out = 1, 0;
		if (!strcasecmp(val, no[i]))
			return *out = 0, 0;
	}
	return error("%s: \"%s\" is not yes or no", opt, val);
}

void
cli_set_str(char **dst, const char *val)
{
	if (!val)
		return;
	free(*dst);
	*dst = *val ? xstrdup(val) : NULL;
}

int
cli_set_phone(const char *opt, char **dst, const char *val)
{
	char e164[32], notice[160];

	if (!val || !*val) {
		cli_set_str(dst, val);
		return 0;
	}
	if (phone_normalize(val, e164, sizeof e164, notice, sizeof notice) < 0)
		return error("%s: %s", opt, notice);
	if (notice[0])
		printf(_("note: %s\n"), notice);
	cli_set_str(dst, e164);
	return 0;
}

int
cli_names_allowed(struct shg *shg)
{
	struct account a;
	enum account_role role;
	int64_t id;

	if (db_int(shg->db, &id, 0, "SELECT id FROM account WHERE name = ?",
	    "t", shg->actor) < 0)
		return -1;
	if (!id || account_get_id(shg->db, id, &a) < 0)
		return id ? -1 : 0;
	role = a.role;
	account_free(&a);
	if (!account_sees_names(role))
		return error("--names: the account \"%s\" is a %s and may not see "
		    "names or phone numbers", shg->actor, account_role_code(role));
	return 0;
}

int
cli_admin(struct shg *shg)
{
	struct account a;
	int64_t id;
	int admin;

	if (db_int(shg->db, &id, 0, "SELECT id FROM account WHERE name = ?",
	    "t", shg->actor) < 0)
		return -1;
	if (!id)
		return 1;
	if (account_get_id(shg->db, id, &a) < 0)
		return -1;
	admin = a.role == ROLE_ADMIN;
	account_free(&a);
	return admin;
}

void
cli_ids_add(struct cli_ids *v, int64_t id)
{
	if (!id)
		return;
	v->ids = xrealloc(v->ids, (v->n + 1) * sizeof *v->ids);
	v->ids[v->n++] = id;
}
