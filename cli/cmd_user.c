/*
 * user commands: the accounts of the web interface, for bootstrap and
 * for the administrator at the machine. Passwords are read from the
 * terminal without echo (twice), or as the first line of standard input
 * when it is not a terminal; they are never arguments (those show in ps).
 *
 * These commands are not CMD_WRITE: the write lock is not held while
 * someone types a password. Each account_* call writes atomically.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/account.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/table.h"
#include "core/util.h"
#include "groups/group.h"

#define PW_BUF 1100     /* above the longest password accepted (1024) */

/* One line of f into buf without its line end. 0, or -1 when there is
 * none, or it does not fit. */
static int
read_line(FILE *f, char *buf, size_t size)
{
	size_t n;

	if (!fgets(buf, (int)size, f))
		return -1;
	n = strcspn(buf, "\r\n");
	if (!buf[n] && n == size - 1)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* Prompt on stderr and read a line from the terminal without echo. */
static int
tty_read(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	int rc;

	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) < 0)
		return error("cannot read the password from the terminal");
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) < 0)
		return error("cannot read the password from the terminal");
	rc = read_line(stdin, buf, size);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	if (rc < 0)
		return error("no password given");
	return 0;
}

/* The new password: asked twice on a terminal, else the first line of
 * standard input. */
static int
read_password(char *pw, size_t size)
{
	char again[PW_BUF];
	int rc = 0;

	if (!isatty(STDIN_FILENO)) {
		if (read_line(stdin, pw, size) < 0 || !pw[0])
			return error("no password on standard input (give it as "
			    "the first line)");
		return 0;
	}
	if (tty_read(_("New password: "), pw, size) < 0 ||
	    tty_read(_("The same password again: "), again, sizeof again) < 0)
		rc = -1;
	else if (strcmp(pw, again) != 0)
		rc = error("the two passwords differ; nothing changed");
	explicit_bzero(again, sizeof again);
	return rc;
}

/* A group named G, or numbered N ("12" or "#12"). */
static int
group_ref_id(struct db *db, const char *ref, int64_t *id)
{
	struct group g;
	char buf[32];

	if (ref[0] && strspn(ref, "0123456789") == strlen(ref) &&
	    strlen(ref) < 20) {
		snprintf(buf, sizeof buf, "#%s", ref);
		ref = buf;
	}
	if (group_get(db, ref, &g) < 0)
		return -1;
	*id = g.id;
	group_free(&g);
	return 0;
}

/* "G1,G2" into group ids (caller frees *ids). */
static int
parse_groups(struct db *db, const char *list, int64_t **ids, int *n)
{
	char *copy = xstrdup(list), *save = NULL, *tok;
	int rc = 0;

	*ids = NULL;
	*n = 0;
	for (tok = strtok_r(copy, ",", &save); tok && rc == 0;
	    tok = strtok_r(NULL, ",", &save)) {
		tok = str_trim(tok);
		if (!*tok)
			continue;
		*ids = xrealloc(*ids, (size_t)(*n + 1) * sizeof **ids);
		rc = group_ref_id(db, tok, &(*ids)[(*n)++]);
	}
	free(copy);
	if (rc == 0 && *n == 0)
		rc = error("--groups: \"%s\" names no group", list);
	return rc;
}

struct add_opts {
	const char *role, *groups, *district, *province, *phone;
};

/* Fill a from the options, checking all but the password. */
static int
add_account_from(struct shg *shg, const struct add_opts *o, struct account *a)
{
	int role = account_role_parse(o->role);

	if (role < 0)
		return error("--role: \"%s\" is not organiser, coordinator or "
		    "admin", o->role);
	a->role = (enum account_role)role;
	a->district = (char *)o->district;
	a->province = (char *)o->province;
	if (cli_set_phone("--phone", &a->phone, o->phone) < 0)
		return -1;
	if (o->groups && parse_groups(shg->db, o->groups, &a->groups,
	    &a->ngroups) < 0)
		return -1;
	return account_check(shg->db, a);
}

static int
cmd_user_add(struct shg *shg, int argc, char **argv)
{
	struct add_opts o = { 0 };
	struct opt opts[] = { { "role", &o.role, NULL },
		{ "groups", &o.groups, NULL }, { "district", &o.district, NULL },
		{ "province", &o.province, NULL }, { "phone", &o.phone, NULL },
		{ NULL, NULL, NULL } };
	struct account a = { 0 };
	char pw[PW_BUF];
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "give the name of the account");
	if (!o.role)
		return cli_usage_error(shg, "--role is needed");
	if (o.district && o.province)
		return cli_usage_error(shg, "give --district or --province, "
		    "not both");
	a.name = pos[0];
	rc = add_account_from(shg, &o, &a);
	if (rc == 0 && (rc = read_password(pw, sizeof pw)) == 0)
		rc = account_add(shg->db, &a, pw);
	if (rc == 0)
		printf(_("account %s added (%s)\n"), a.name,
		    account_role_code(a.role));
	explicit_bzero(pw, sizeof pw);
	free(a.phone);
	free(a.groups);
	return rc;
}

/* The one positional argument: the account's name. */
static int
name_arg(struct shg *shg, int argc, char **argv, const struct opt *opts,
    char **name)
{
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage_error(shg, "give the name of the account");
	*name = pos[0];
	return 0;
}

static int
cmd_user_passwd(struct shg *shg, int argc, char **argv)
{
	struct account a;
	char pw[PW_BUF];
	char *name = NULL;
	int rc;

	if ((rc = name_arg(shg, argc, argv, NULL, &name)) != 0)
		return rc == 1 ? 0 : rc;
	if (account_get(shg->db, name, &a) < 0)
		return -1;
	account_free(&a);
	rc = read_password(pw, sizeof pw);
	if (rc == 0)
		rc = account_passwd(shg->db, name, pw);
	explicit_bzero(pw, sizeof pw);
	if (rc == 0)
		printf(_("password of %s changed; its sessions are ended\n"), name);
	return rc;
}

static int
cmd_user_disable(struct shg *shg, int argc, char **argv)
{
	int enable = 0, rc;
	struct opt opts[] = { { "enable", NULL, &enable }, { NULL, NULL, NULL } };
	char *name = NULL;

	if ((rc = name_arg(shg, argc, argv, opts, &name)) != 0)
		return rc == 1 ? 0 : rc;
	if (account_disable(shg->db, name, !enable) < 0)
		return -1;
	printf(enable ? _("account %s enabled\n") : _("account %s disabled\n"),
	    name);
	return 0;
}

static int
cmd_user_unlock(struct shg *shg, int argc, char **argv)
{
	char *name = NULL;
	int rc;

	if ((rc = name_arg(shg, argc, argv, NULL, &name)) != 0)
		return rc == 1 ? 0 : rc;
	if (account_unlock(shg->db, name) < 0)
		return -1;
	printf(_("account %s unlocked\n"), name);
	return 0;
}

/* The names of an account's groups, ", " between them. Caller frees. */
static char *
group_names(struct db *db, const struct account *a)
{
	struct buf b = { 0 };
	struct group g;

	for (int i = 0; i < a->ngroups; i++) {
		if (group_get_id(db, a->groups[i], &g) < 0)
			continue;
		buf_addf(&b, "%s%s", b.len ? ", " : "", g.name);
		group_free(&g);
	}
	return buf_detach(&b);
}

static const char *
state_code(const struct account *a)
{
	return a->disabled ? "disabled" : a->locked ? "locked" : "active";
}

static void
user_row(struct shg *shg, struct table *t, const struct account *a)
{
	char *groups = group_names(shg->db, a);
	const char *role = account_role_code(a->role);
	const char *state = state_code(a);

	table_cell(t, a->name);
	table_cell(t, shg->csv ? role : _(role));
	table_cell(t, a->district);
	table_cell(t, a->province);
	table_cell(t, groups);
	table_cell(t, a->phone);
	table_cell(t, shg->csv ? state : _(state));
	free(groups);
}

static int
cmd_user_list(struct shg *shg, int argc, char **argv)
{
	static const char *const hdr[] = { N_("name"), N_("role"),
		N_("district"), N_("province"), N_("groups"), N_("phone"),
		N_("state"), NULL };
	const char *shown[NELEM(hdr)];
	struct account *list;
	struct table *t;
	char *pos[1];
	int npos, rc, n;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	for (size_t i = 0; i < NELEM(hdr); i++)
		shown[i] = hdr[i] && !shg->csv ? _(hdr[i]) : hdr[i];
	if (account_list(shg->db, &list, &n) < 0)
		return -1;
	t = table_new(shown, shg->csv);
	for (int i = 0; i < n; i++)
		user_row(shg, t, &list[i]);
	table_print(t, stdout);
	account_free_list(list, n);
	return 0;
}

/* Role and state codes, for the catalogue (shown by user list). */
static const char *const user_words[] __attribute__((unused)) = {
	N_("organiser"), N_("coordinator"), N_("admin"),
	N_("active"), N_("disabled"), N_("locked"),
};

const struct cmd user_cmds[] = {
	{ "user add", cmd_user_add, CMD_DB,
	  "NAME --role organiser|coordinator|admin [--groups G1,G2] "
	  "[--district D | --province P] [--phone P]",
	  N_("Add an account for the web interface (the password is asked)\n"
	  "  --role R       organiser: works within her groups; coordinator:\n"
	  "                 within a district or a province; admin: everywhere\n"
	  "  --groups G     an organiser's groups, by name or number, commas\n"
	  "                 between them\n"
	  "  --district D   a coordinator's district, or --province P\n"
	  "  --phone P      the account's phone number\n"
	  "The password (at least 10 characters) is typed twice without echo,\n"
	  "or read as the first line of standard input when that is not a\n"
	  "terminal.") },
	{ "user passwd", cmd_user_passwd, CMD_DB, "NAME",
	  N_("Set a new password for an account and end its sessions") },
	{ "user disable", cmd_user_disable, CMD_DB, "NAME [--enable]",
	  N_("Stop an account from logging in and end its sessions\n"
	  "  --enable   let it log in again") },
	{ "user unlock", cmd_user_unlock, CMD_DB, "NAME",
	  N_("Unlock an account locked after too many failed logins") },
	{ "user list", cmd_user_list, CMD_DB, "[--csv]",
	  N_("List the accounts: role, place, groups, phone and state") },
	{ NULL, NULL, 0, NULL, NULL },
};
