/*
 * pg_admin.c - the administrators' accounts page: add an account,
 * change its role and scope, reset its password, disable or enable it,
 * unlock it; who signed in last, and when. Every change goes through
 * core/account.h (audited there); the route table lets only admins in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/account.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/util.h"
#include "groups/group.h"
#include "web/html.h"
#include "web/page.h"
#include "web/pages.h"

/* TRANSLATORS: the roles of accounts, as an administrator picks them. */
static const char *const role_labels[][2] = {
	{ "organiser", N_("organiser") },
	{ "coordinator", N_("coordinator") },
	{ "admin", N_("administrator") },
};

static const char *
role_label(enum account_role r)
{
	const char *code = account_role_code(r);

	for (size_t i = 0; i < NELEM(role_labels); i++)
		if (str_eq(code, role_labels[i][0]))
			return _(role_labels[i][1]);
	return code ? code : "";
}

static void
role_select(struct buf *b, const char *id, enum account_role cur)
{
	html_printf(b, "<label for=\"%s\">%s</label><select id=\"%s\" "
	    "name=\"role\">", id, _("Role"), id);
	for (size_t i = 0; i < NELEM(role_labels); i++)
		html_printf(b, "<option value=\"%s\"%S>%s</option>",
		    role_labels[i][0], (int)cur == (int)i + 1 ? " selected" : "",
		    _(role_labels[i][1]));
	html_raw(b, "</select>");
}

/* The group names of an account, ", " between them. */
static void
group_names(struct web_ctx *x, const struct account *a, struct buf *out)
{
	struct group g;

	for (int i = 0; i < a->ngroups; i++) {
		if (group_get_id(x->db, a->groups[i], &g) < 0)
			continue;
		if (out->len)
			buf_add(out, ", ");
		buf_add(out, g.name);
		group_free(&g);
	}
}

/* The role, place and groups fields of a form; sfx keeps ids unique. */
static void
scope_fields(struct web_ctx *x, const char *sfx, const struct account *a)
{
	struct buf *b = &x->rs->body, groups = { 0 };
	char id[48];

	snprintf(id, sizeof id, "role%s", sfx);
	role_select(b, id, a ? a->role : ROLE_ORGANISER);
	if (a)
		group_names(x, a, &groups);
	html_printf(b, "<label for=\"groups%s\">%s</label><input id=\"groups%s\" "
	    "name=\"groups\" maxlength=\"200\" value=\"%s\">"
	    "<label for=\"district%s\">%s</label><input id=\"district%s\" "
	    "name=\"district\" maxlength=\"200\" value=\"%s\">"
	    "<label for=\"province%s\">%s</label><input id=\"province%s\" "
	    "name=\"province\" maxlength=\"200\" value=\"%s\">",
	    sfx, _("Groups (organiser; names or numbers, comma between)"), sfx,
	    groups.s ? groups.s : "", sfx, _("District (coordinator)"), sfx,
	    a && a->district ? a->district : "", sfx,
	    _("Province (coordinator of a province)"), sfx,
	    a && a->province ? a->province : "");
	buf_free(&groups);
}

static void
add_form(struct web_ctx *x)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<section><h2>%s</h2><form method=\"post\" "
	    "action=\"/admin/account/add\">", _("Add an account"));
	page_csrf(x);
	html_printf(b, "<label for=\"name\">%s</label><input id=\"name\" "
	    "name=\"name\" required maxlength=\"64\" autocomplete=\"off\">",
	    _("Name to sign in with"));
	scope_fields(x, "", NULL);
	html_printf(b, "<label for=\"password\">%s</label><input id=\"password\" "
	    "name=\"password\" type=\"password\" required minlength=\"%d\" "
	    "autocomplete=\"new-password\"><button type=\"submit\">%s</button>"
	    "</form></section>", _("Password"), ACCOUNT_MIN_PASSWORD,
	    _("Add the account"));
}

/* A small form posting only the account's name (and csrf). */
static void
name_form(struct web_ctx *x, const char *action, const char *name,
    const char *extra, const char *label)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<form method=\"post\" action=\"%s\">", action);
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"name\" value=\"%s\">%S"
	    "<button type=\"submit\" class=\"alt\">%s</button></form>", name,
	    extra, label);
}

static void
account_state(struct web_ctx *x, const struct account *a)
{
	char when[32];
	time_t at = 0;

	audit_last(x->db, "account", a->id, "login", &at);
	html_printf(&x->rs->body, "<p class=\"muted\">%s · %s%s%s</p>",
	    role_label(a->role), a->disabled ? _("disabled") : a->locked ?
	    _("locked after failed sign-ins") : _("active"), " · ",
	    at ? page_time(at, when, sizeof when) : _("never signed in"));
}

static void
account_item(struct web_ctx *x, const struct account *a)
{
	struct buf *b = &x->rs->body;
	char sfx[32];

	snprintf(sfx, sizeof sfx, "-%lld", (long long)a->id);
	html_printf(b, "<li id=\"account-%s\"><strong>%s</strong>", a->name,
	    a->name);
	account_state(x, a);
	html_printf(b, "<details><summary>%s</summary><form method=\"post\" "
	    "action=\"/admin/account/role\">", _("Change role and scope"));
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"name\" value=\"%s\">",
	    a->name);
	scope_fields(x, sfx, a);
	html_printf(b, "<button type=\"submit\">%s</button></form></details>"
	    "<details><summary>%s</summary><form method=\"post\" "
	    "action=\"/admin/account/password\">", _("Save role and scope"),
	    _("Set a new password"));
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"name\" value=\"%s\">"
	    "<label for=\"pw%s\">%s</label><input id=\"pw%s\" name=\"password\" "
	    "type=\"password\" required minlength=\"%d\" autocomplete="
	    "\"new-password\"><button type=\"submit\">%s</button></form>"
	    "</details>", a->name, sfx, _("New password"), sfx,
	    ACCOUNT_MIN_PASSWORD, _("Set the password"));
	name_form(x, "/admin/account/disable", a->name, a->disabled ? "" :
	    "<input type=\"hidden\" name=\"disabled\" value=\"1\">",
	    a->disabled ? _("Enable") : _("Disable"));
	if (a->locked)
		name_form(x, "/admin/account/unlock", a->name, "", _("Unlock"));
	html_raw(b, "</li>");
}

void
page_admin_nav(struct web_ctx *x)
{
	html_printf(&x->rs->body, "<p><a href=\"/admin/accounts\">%s</a> · "
	    "<a href=\"/admin/audit\">%s</a> · <a href=\"/admin/backups\">%s</a>"
	    "</p>", _("Accounts"), _("Audit trail"), _("Backups"));
}

static int
render_accounts(struct web_ctx *x, int status)
{
	struct account *list;
	int n;

	x->rs->status = status;
	buf_reset(&x->rs->body);
	page_begin(x, _("Accounts"));
	page_admin_nav(x);
	if (x->a.nerr)
		for (int i = 0; i < x->a.nerr; i++)
			page_note(x, "err", x->a.err[i].msg);
	else if (x->a.saved)
		page_note(x, "ok", _("Saved."));
	if (account_list(x->db, &list, &n) < 0)
		return page_not_loaded(x);
	html_printf(&x->rs->body, "<section><h2>%s</h2><ul class=\"list\">",
	    _("Accounts"));
	for (int i = 0; i < n; i++)
		account_item(x, &list[i]);
	html_raw(&x->rs->body, "</ul></section>");
	account_free_list(list, n);
	add_form(x);
	page_end(x);
	return 0;
}

int
page_admin_accounts(struct web_ctx *x)
{
	return render_accounts(x, 200);
}

static int
failed(struct web_ctx *x)
{
	if (!x->a.nerr)
		route_error(&x->a, "", "%s", x->errmsg);
	render_accounts(x, 400);
	return -1;
}

static int
saved(struct web_ctx *x)
{
	page_redirect(x, "/admin/accounts?saved=1");
	return 0;
}

/* "Hoa Sen, 2": group names or numbers into ids (caller frees). */
static int
parse_groups(struct web_ctx *x, const char *list, int64_t **ids, int *n)
{
	char *copy = xstrdup(list ? list : ""), *save = NULL, *tok, ref[220];
	struct group g;
	int rc = 0;

	*ids = NULL;
	*n = 0;
	for (tok = strtok_r(copy, ",", &save); tok && rc == 0;
	    tok = strtok_r(NULL, ",", &save)) {
		tok = str_trim(tok);
		if (!*tok)
			continue;
		snprintf(ref, sizeof ref, "%s%s", strspn(tok, "0123456789") ==
		    strlen(tok) ? "#" : "", tok);
		if ((rc = group_get(x->db, ref, &g)) == 0) {
			*ids = xrealloc(*ids, (size_t)(*n + 1) * sizeof **ids);
			(*ids)[(*n)++] = g.id;
			group_free(&g);
		}
	}
	free(copy);
	return rc;
}

/* The role, place and groups of the form into a (a->groups owned). */
static int
form_scope(struct web_ctx *x, struct account *a)
{
	int role = account_role_parse(x->a.role);

	memset(a, 0, sizeof *a);
	a->name = (char *)x->a.name;
	if (role < 0) {
		route_error(&x->a, "role", _("\"%s\" is not a role"), x->a.role);
		return -1;
	}
	a->role = (enum account_role)role;
	a->district = (char *)x->a.district;
	a->province = (char *)x->a.province;
	return parse_groups(x, x->a.groups, &a->groups, &a->ngroups);
}

int
page_admin_account_add(struct web_ctx *x)
{
	struct account a;
	int rc;

	if (x->a.nerr)
		return failed(x);
	rc = form_scope(x, &a);
	if (rc == 0)
		rc = account_add(x->db, &a, x->a.password);
	free(a.groups);
	return rc < 0 ? failed(x) : saved(x);
}

int
page_admin_account_role(struct web_ctx *x)
{
	struct account a;
	int rc;

	if (x->a.nerr)
		return failed(x);
	rc = form_scope(x, &a);
	if (rc == 0)
		rc = account_set_role(x->db, &a);
	free(a.groups);
	return rc < 0 ? failed(x) : saved(x);
}

int
page_admin_account_password(struct web_ctx *x)
{
	if (x->a.nerr || account_passwd(x->db, x->a.name, x->a.password) < 0)
		return failed(x);
	return saved(x);
}

int
page_admin_account_disable(struct web_ctx *x)
{
	if (x->a.nerr)
		return failed(x);
	if (x->a.disabled && str_eq(x->a.name, x->acct.name)) {
		route_error(&x->a, "", _("You cannot disable your own account."));
		return failed(x);
	}
	if (account_disable(x->db, x->a.name, x->a.disabled) < 0)
		return failed(x);
	return saved(x);
}

int
page_admin_account_unlock(struct web_ctx *x)
{
	if (x->a.nerr || account_unlock(x->db, x->a.name) < 0)
		return failed(x);
	return saved(x);
}
