/*
 * route.c - the route table and the typed parsing of parameters.
 */
#include "web/route.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"
#include "web/pg_coord.h"

#define A(f) offsetof(struct web_args, f)

static const struct web_param p_none[] = { { NULL, 0, 0, 0 } };
static const struct web_param p_login[] = {
	{ "name", PARAM_LINE, A(name), 1 },
	{ "password", PARAM_LINE, A(password), 1 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_csrf[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_group[] = {
	{ "group", PARAM_ID, A(group), 1 },
	{ "saved", PARAM_FLAG, A(saved), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_meeting_form[] = {
	{ "group", PARAM_ID, A(group), 1 },
	{ "date", PARAM_DATE, A(date), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_meeting[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "group", PARAM_ID, A(group), 1 },
	{ "date", PARAM_DATE, A(date), 1 },
	{ "topic", PARAM_LINE, A(topic), 0 },
	{ "att.", PARAM_ATT, A(att), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_change_form[] = {
	{ "group", PARAM_ID, A(group), 1 },
	{ "date", PARAM_DATE, A(date), 1 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_move[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "group", PARAM_ID, A(group), 1 },
	{ "date", PARAM_DATE, A(date), 1 },
	{ "next", PARAM_DATE, A(next), 1 },
	{ "note", PARAM_LINE, A(note), 1 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_cancel[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "group", PARAM_ID, A(group), 1 },
	{ "date", PARAM_DATE, A(date), 1 },
	{ "note", PARAM_LINE, A(note), 1 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_person[] = {
	{ "person", PARAM_ID, A(person), 1 },
	{ "saved", PARAM_FLAG, A(saved), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_visit[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "person", PARAM_ID, A(person), 1 },
	{ "date", PARAM_DATE, A(date), 1 },
	{ "kind", PARAM_LINE, A(kind), 1 },
	{ "situation", PARAM_LINE, A(situation), 1 },
	{ "needs", PARAM_LINE, A(needs), 0 },
	{ "notes", PARAM_TEXT, A(notes), 0 },
	{ "next", PARAM_DATE, A(next), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_sms_person[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "person", PARAM_ID, A(person), 1 },
	{ "text", PARAM_TEXT, A(text), 1 },
	{ "confirm", PARAM_FLAG, A(confirm), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_sms_group[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "group", PARAM_ID, A(group), 1 },
	{ "text", PARAM_TEXT, A(text), 1 },
	{ "confirm", PARAM_FLAG, A(confirm), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_reply[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "id", PARAM_ID, A(id), 1 },
	{ "note", PARAM_LINE, A(note), 1 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_close[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "person", PARAM_ID, A(person), 1 },
	{ "note", PARAM_LINE, A(note), 1 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_forms[] = {
	{ "outcome", PARAM_LINE, A(outcome), 0 },
	{ "since", PARAM_DATE, A(date), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_forms_group[] = {
	{ "group", PARAM_ID, A(group), 1 },
	{ "outcome", PARAM_LINE, A(outcome), 0 },
	{ "since", PARAM_DATE, A(date), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_outbox[] = {
	{ "state", PARAM_LINE, A(state), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_followup[] = {
	{ "reason", PARAM_NUM, A(reason), 0 },
	{ "group", PARAM_ID, A(group), 0 },
	{ "commune", PARAM_LINE, A(commune), 0 },
	{ "organiser", PARAM_LINE, A(organiser), 0 },
	{ "page", PARAM_NUM, A(pageno), 0 },
	{ "saved", PARAM_FLAG, A(saved), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_followup_done[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "person", PARAM_ID, A(person), 1 },
	{ "note", PARAM_LINE, A(note), 1 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_loans[] = {
	{ "date", PARAM_DATE, A(date), 0 },
	{ "page", PARAM_NUM, A(pageno), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_loan[] = {
	{ "loan", PARAM_ID, A(loan), 1 },
	{ "saved", PARAM_FLAG, A(saved), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_repay[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "loan", PARAM_ID, A(loan), 1 },
	{ "date", PARAM_DATE, A(date), 0 },
	{ "amount", PARAM_MONEY, A(amount), 1 },
	{ "note", PARAM_LINE, A(note), 0 },
	{ "confirm", PARAM_FLAG, A(confirm), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_reverse[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "loan", PARAM_ID, A(loan), 1 },
	{ "pay", PARAM_ID, A(pay), 1 },
	{ "date", PARAM_DATE, A(date), 0 },
	{ "note", PARAM_LINE, A(note), 1 },
	{ "confirm", PARAM_FLAG, A(confirm), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_reschedule[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "loan", PARAM_ID, A(loan), 1 },
	{ "date", PARAM_DATE, A(date), 0 },
	{ "num", PARAM_NUM, A(num), 1 },
	{ "rate", PARAM_LINE, A(rate), 0 },
	{ "note", PARAM_LINE, A(note), 1 },
	{ "confirm", PARAM_FLAG, A(confirm), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_writeoff[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "loan", PARAM_ID, A(loan), 1 },
	{ "date", PARAM_DATE, A(date), 0 },
	{ "note", PARAM_LINE, A(note), 1 },
	{ "confirm", PARAM_FLAG, A(confirm), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_grant[] = {
	{ "grant", PARAM_ID, A(grant), 1 },
	{ "saved", PARAM_FLAG, A(saved), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_grant_event[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "grant", PARAM_ID, A(grant), 1 },
	{ "date", PARAM_DATE, A(date), 0 },
	{ "kind", PARAM_LINE, A(kind), 1 },
	{ "num", PARAM_NUM, A(num), 1 },
	{ "amount", PARAM_MONEY, A(amount), 0 },
	{ "cause", PARAM_LINE, A(cause), 0 },
	{ "note", PARAM_LINE, A(note), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_passon[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "grant", PARAM_ID, A(grant), 1 },
	{ "date", PARAM_DATE, A(date), 0 },
	{ "to", PARAM_LINE, A(to), 1 },
	{ "num", PARAM_NUM, A(num), 1 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_visits[] = {
	{ "organiser", PARAM_LINE, A(organiser), 0 },
	{ NULL, 0, 0, 0 } };

static const struct web_param p_registry[] = {
	{ "q", PARAM_LINE, A(q), 0 },
	{ NULL, 0, 0, 0 } };
/* The fields of a person, as the registry's form names them. */
#define PERSON_FIELDS \
	{ "name", PARAM_LINE, A(name), 0 }, \
	{ "gender", PARAM_LINE, A(gender), 0 }, \
	{ "born", PARAM_LINE, A(born), 0 }, \
	{ "phone", PARAM_LINE, A(phone), 0 }, \
	{ "village", PARAM_LINE, A(village), 0 }, \
	{ "commune", PARAM_LINE, A(commune), 0 }, \
	{ "district", PARAM_LINE, A(district), 0 }, \
	{ "province", PARAM_LINE, A(province), 0 }, \
	{ "category", PARAM_LINE, A(category), 0 }, \
	{ "route", PARAM_LINE, A(proute), 0 }, \
	{ "returned", PARAM_DATE, A(returned), 0 }, \
	{ "consent", PARAM_LINE, A(consent), 0 }, \
	{ "notes", PARAM_TEXT, A(notes), 0 }
static const struct web_param p_person_add[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	PERSON_FIELDS,
	{ NULL, 0, 0, 0 } };
static const struct web_param p_person_edit[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "person", PARAM_ID, A(person), 1 },
	PERSON_FIELDS,
	{ NULL, 0, 0, 0 } };
static const struct web_param p_need[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "person", PARAM_ID, A(person), 1 },
	{ "kind", PARAM_LINE, A(kind), 1 },
	{ "type", PARAM_LINE, A(type), 1 },     /* identify, refer, met */
	{ "date", PARAM_DATE, A(date), 1 },
	{ "org", PARAM_LINE, A(org), 0 },
	{ "notes", PARAM_TEXT, A(notes), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_support[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "person", PARAM_ID, A(person), 1 },
	{ "type", PARAM_LINE, A(type), 1 },
	{ "date", PARAM_DATE, A(date), 1 },
	{ "value", PARAM_LINE, A(value), 1 },
	{ "source", PARAM_LINE, A(source), 1 },
	{ "notes", PARAM_TEXT, A(notes), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_person_close[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "person", PARAM_ID, A(person), 1 },
	{ "reason", PARAM_LINE, A(close_reason), 1 },
	{ "date", PARAM_DATE, A(date), 1 },
	{ "note", PARAM_LINE, A(note), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_report[] = {
	{ "from", PARAM_DATE, A(period_from), 0 },
	{ "to", PARAM_DATE, A(period_to), 0 },
	{ "province", PARAM_LINE, A(province), 0 },
	{ "district", PARAM_LINE, A(district), 0 },
	{ "section", PARAM_LINE, A(section), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_import[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "file", PARAM_FILE, A(upload), 1 },
	{ "file.name", PARAM_LINE, A(upload_name), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_acct_add[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "name", PARAM_LINE, A(name), 1 },
	{ "role", PARAM_LINE, A(role), 1 },
	{ "district", PARAM_LINE, A(district), 0 },
	{ "province", PARAM_LINE, A(province), 0 },
	{ "groups", PARAM_LINE, A(groups), 0 },
	{ "password", PARAM_LINE, A(password), 1 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_acct_role[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "name", PARAM_LINE, A(name), 1 },
	{ "role", PARAM_LINE, A(role), 1 },
	{ "district", PARAM_LINE, A(district), 0 },
	{ "province", PARAM_LINE, A(province), 0 },
	{ "groups", PARAM_LINE, A(groups), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_acct_pw[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "name", PARAM_LINE, A(name), 1 },
	{ "password", PARAM_LINE, A(password), 1 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_acct_disable[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "name", PARAM_LINE, A(name), 1 },
	{ "disabled", PARAM_FLAG, A(disabled), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_acct_name[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "name", PARAM_LINE, A(name), 1 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_notice_seen[] = {
	{ "csrf", PARAM_LINE, A(csrf), 0 },
	{ "id", PARAM_ID, A(id), 1 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_saved[] = {
	{ "saved", PARAM_FLAG, A(saved), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_audit[] = {
	{ "account", PARAM_LINE, A(account), 0 },
	{ "code", PARAM_LINE, A(code), 0 },
	{ "command", PARAM_LINE, A(command), 0 },
	{ "from", PARAM_DATE, A(from_day), 0 },
	{ "to", PARAM_DATE, A(to_day), 0 },
	{ "page", PARAM_ID, A(page), 0 },
	{ NULL, 0, 0, 0 } };
static const struct web_param p_backup_file[] = {
	{ "file", PARAM_LINE, A(file), 1 },
	{ NULL, 0, 0, 0 } };

/* Every page. The checks of a row run before its page (web.c). */
const struct web_route web_routes[] = {
	{ "GET", "/style.css", page_style, PERM_PUBLIC, 0, p_none },
	{ "GET", "/", page_home, PERM_PUBLIC, 0, p_none },
	{ "POST", "/login", page_login, PERM_PUBLIC, 0, p_login },
	{ "POST", "/logout", page_logout, PERM_ACCOUNT, 1, p_csrf },
	{ "GET", "/groups", page_groups, PERM_ACCOUNT, 0, p_none },
	{ "GET", "/group", page_group, PERM_GROUP, 0, p_group },
	{ "GET", "/meeting", page_meeting_form, PERM_GROUP, 0, p_meeting_form },
	{ "POST", "/meeting", page_meeting_record, PERM_GROUP, 1, p_meeting },
	{ "GET", "/meeting/change", page_change_form, PERM_GROUP, 0,
	  p_change_form },
	{ "POST", "/meeting/move", page_meeting_move, PERM_GROUP, 1, p_move },
	{ "POST", "/meeting/cancel", page_meeting_cancel, PERM_GROUP, 1,
	  p_cancel },
	{ "GET", "/person", page_person, PERM_PERSON, 0, p_person },
	{ "POST", "/visit", page_visit, PERM_PERSON, 1, p_visit },
	{ "GET", "/sms/person", page_sms_form, PERM_PERSON, 0, p_person },
	{ "GET", "/sms/group", page_sms_form, PERM_GROUP, 0, p_group },
	{ "POST", "/sms/person", page_sms_send, PERM_PERSON, 1, p_sms_person },
	{ "POST", "/sms/group", page_sms_send, PERM_GROUP, 1, p_sms_group },
	{ "POST", "/reply/read", page_reply_read, PERM_REPLY, 1, p_reply },
	{ "POST", "/followup/close", page_followup_close, PERM_PERSON, 1,
	  p_close },
	/* coordinators: the people registry, reports, import */
	{ "GET", "/registry", page_registry, PERM_COORD, 0, p_registry },
	{ "GET", "/registry/person", page_registry_person, PERM_COORD_PERSON, 0,
	  p_person },
	{ "GET", "/registry/new", page_registry_new, PERM_COORD, 0, p_none },
	{ "POST", "/registry/new", page_registry_add, PERM_COORD, 1,
	  p_person_add },
	{ "GET", "/registry/edit", page_registry_edit_form, PERM_COORD_PERSON, 0,
	  p_person },
	{ "POST", "/registry/edit", page_registry_edit, PERM_COORD_PERSON, 1,
	  p_person_edit },
	{ "POST", "/registry/need", page_registry_need, PERM_COORD_PERSON, 1,
	  p_need },
	{ "POST", "/registry/support", page_registry_support, PERM_COORD_PERSON,
	  1, p_support },
	{ "POST", "/registry/close", page_registry_close, PERM_COORD_PERSON, 1,
	  p_person_close },
	{ "GET", "/report", page_report, PERM_COORD, 0, p_report },
	{ "GET", "/report.csv", page_report_csv, PERM_COORD, 0, p_report },
	{ "GET", "/report/print", page_report_print, PERM_COORD, 0, p_report },
	{ "GET", "/import", page_import_form, PERM_COORD, 0, p_none },
	{ "POST", "/import", page_import, PERM_COORD, 1, p_import },
	/* coordinators: pg_followup.c, pg_loan.c, pg_grant.c */
	{ "GET", "/followup", page_followup, PERM_ACCOUNT, 0, p_followup },
	{ "GET", "/followup.csv", page_followup_csv, PERM_ACCOUNT, 0,
	  p_followup },
	{ "POST", "/followup/done", page_followup_done, PERM_PERSON, 1,
	  p_followup_done },
	{ "GET", "/loans", page_loans, PERM_ACCOUNT, 0, p_loans },
	{ "GET", "/loan", page_loan, PERM_LOAN, 0, p_loan },
	{ "POST", "/loan/repay", page_loan_repay, PERM_LOAN, 1, p_repay },
	{ "POST", "/loan/reverse", page_loan_reverse, PERM_LOAN, 1, p_reverse },
	{ "POST", "/loan/reschedule", page_loan_reschedule, PERM_LOAN, 1,
	  p_reschedule },
	{ "POST", "/loan/writeoff", page_loan_writeoff, PERM_LOAN, 1,
	  p_writeoff },
	{ "GET", "/grants", page_grants, PERM_ACCOUNT, 0, p_none },
	{ "GET", "/grant", page_grant, PERM_GRANT, 0, p_grant },
	{ "POST", "/grant/event", page_grant_event, PERM_GRANT, 1,
	  p_grant_event },
	{ "POST", "/grant/passon", page_grant_passon, PERM_GRANT, 1, p_passon },
	{ "GET", "/visits", page_visits, PERM_ACCOUNT, 0, p_visits },
	{ "GET", "/admin/accounts", page_admin_accounts, PERM_ADMIN, 0, p_saved },
	{ "POST", "/admin/account/add", page_admin_account_add, PERM_ADMIN, 1,
	  p_acct_add },
	{ "POST", "/admin/account/role", page_admin_account_role, PERM_ADMIN, 1,
	  p_acct_role },
	{ "POST", "/admin/account/password", page_admin_account_password,
	  PERM_ADMIN, 1, p_acct_pw },
	{ "POST", "/admin/account/disable", page_admin_account_disable,
	  PERM_ADMIN, 1, p_acct_disable },
	{ "POST", "/admin/account/unlock", page_admin_account_unlock,
	  PERM_ADMIN, 1, p_acct_name },
	{ "POST", "/modem/seen", page_today_notice_seen, PERM_ADMIN, 1,
	  p_notice_seen },
	{ "GET", "/admin/audit", page_admin_audit, PERM_ADMIN, 0, p_audit },
	{ "GET", "/admin/audit.csv", page_admin_audit_csv, PERM_ADMIN, 0,
	  p_audit },
	{ "GET", "/admin/backups", page_admin_backups, PERM_ADMIN, 0, p_saved },
	{ "POST", "/admin/backup", page_admin_backup_make, PERM_ADMIN, 1, p_csrf },
	{ "GET", "/admin/backup/file", page_admin_backup_file, PERM_ADMIN, 0,
	  p_backup_file },
	{ "GET", "/forms", page_forms, PERM_ACCOUNT, 0, p_forms },
	{ "GET", "/forms/group", page_forms, PERM_GROUP, 0, p_forms_group },
	{ "GET", "/sms/outbox", page_sms_outbox, PERM_COORD, 0, p_outbox },
	{ "GET", "/sms/inbox", page_sms_inbox, PERM_COORD, 0, p_none },
	{ "GET", "/sms/modem", page_sms_modem, PERM_COORD, 0, p_none },
	{ NULL, NULL, NULL, 0, 0, NULL },
};

const struct web_route *
route_find(const char *method, const char *path, int *status)
{
	*status = 404;
	for (const struct web_route *r = web_routes; r->path; r++) {
		if (strcmp(r->path, path))
			continue;
		if (!strcmp(r->method, method))
			return r;
		*status = 405;
	}
	return NULL;
}

void
route_error(struct web_args *a, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (a->nerr >= WEB_MAX_ERRORS)
		return;
	a->err[a->nerr].field = field;
	va_start(ap, fmt);
	vsnprintf(a->err[a->nerr].msg, sizeof a->err[a->nerr].msg, fmt, ap);
	va_end(ap);
	a->nerr++;
}

const char *
route_field_error(const struct web_args *a, const char *field)
{
	for (int i = 0; i < a->nerr; i++)
		if (!strcmp(a->err[i].field, field))
			return a->err[i].msg;
	return NULL;
}

/* "att.12" = "late": one member's attendance. */
static void
parse_att(struct web_args *a, const char *key, const char *val)
{
	int64_t id;
	int st;

	if (parse_int64(key + 4, 1, INT64_C(1) << 53, &id) < 0)
		return;         /* not a member field: ignored */
	if ((st = meeting_status_parse(val)) < 0) {
		route_error(a, "", _("\"%s\" is not present, late, excused or "
		    "absent"), val);
		return;
	}
	a->att = xrealloc(a->att, (a->natt + 1) * sizeof *a->att);
	a->att[a->natt].person_id = id;
	a->att[a->natt++].status = (enum att_status)st;
}

static void
parse_text(struct web_args *a, const struct web_param *p, const char *val,
    size_t max)
{
	size_t n = strlen(val);

	if (n > max) {
		route_error(a, p->name, _("too long: at most %zu characters"), max);
		return;
	}
	if (!text_valid_utf8(val, n) || (max <= 200 && strpbrk(val, "\r\n"))) {
		route_error(a, p->name, _("not a line of text"));
		return;
	}
	*(const char **)((char *)a + p->off) = val;
}

static void
parse_num(struct web_args *a, const struct web_param *p, const char *val,
    int *out)
{
	int64_t v;

	if (parse_int64(val, 1, 1000000, &v) < 0)
		route_error(a, p->name, _("\"%s\" is not a whole number from 1 to "
		    "1000000"), val);
	else
		*out = (int)v;
}

/* One parameter of a known name. */
static void
parse_one(struct web_args *a, const struct web_param *p, const char *val)
{
	char *slot = (char *)a + p->off;

	switch (p->type) {
	case PARAM_ID:
		if (parse_int64(val, 1, INT64_C(1) << 53, (int64_t *)slot) < 0)
			route_error(a, p->name, _("\"%s\" is not a record number"),
			    val);
		break;
	case PARAM_DATE:
		if (*val && date_parse(val, (int *)slot) < 0)
			route_error(a, p->name, _("\"%s\" is not a date "
			    "(dd/mm/yyyy)"), val);
		break;
	case PARAM_LINE:
		parse_text(a, p, val, 200);
		break;
	case PARAM_TEXT:
		parse_text(a, p, val, 2000);
		break;
	case PARAM_FLAG:
		*(int *)slot = *val && strcmp(val, "0") != 0;
		break;
	case PARAM_FILE:
		*(const char **)slot = val;
		break;
	case PARAM_MONEY:
		if (parse_money(val, (int64_t *)slot) < 0 ||
		    *(int64_t *)slot < 1 || *(int64_t *)slot > INT64_C(1000000000000))
			route_error(a, p->name, _("\"%s\" is not an amount of đồng "
			    "(e.g. 1500000 or 1.500.000)"), val);
		break;
	case PARAM_NUM:
		parse_num(a, p, val, (int *)slot);
		break;
	case PARAM_ATT:
		break;
	}
}

static const char *
find_val(const struct web_req *rq, const char *name)
{
	for (int i = 0; i < rq->nkv; i++)
		if (!strcmp(rq->kv[i].key, name))
			return rq->kv[i].val;
	return NULL;
}

void
route_parse(const struct web_route *r, const struct web_req *rq,
    struct web_args *a)
{
	const char *v;

	memset(a, 0, sizeof *a);
	a->date = a->next = DATE_NONE;
	a->returned = a->period_from = a->period_to = DATE_NONE;
	a->date = a->next = a->from_day = a->to_day = DATE_NONE;
	for (const struct web_param *p = r->params; p->name; p++) {
		if (p->type == PARAM_ATT) {
			for (int i = 0; i < rq->nkv; i++)
				if (!strncmp(rq->kv[i].key, p->name, strlen(p->name)))
					parse_att(a, rq->kv[i].key, rq->kv[i].val);
			continue;
		}
		v = find_val(rq, p->name);
		if ((!v || !*v) && p->required && p->type != PARAM_FLAG)
			route_error(a, p->name, _("required"));
		else if (v && (*v || p->type == PARAM_FLAG))
			parse_one(a, p, v);
	}
}

void
route_args_free(struct web_args *a)
{
	free(a->att);
	a->att = NULL;
	a->natt = 0;
}
