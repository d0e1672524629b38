/*
 * route.h - the route table of the web interface and what a page
 * receives.
 *
 * Every page is one row of web_routes: method, path, page function, who
 * may call it, whether it needs the CSRF token, and the parameters it
 * takes. web_handle() runs the checks of the row before the page, so no
 * page can forget them:
 *   - PERM_PUBLIC: anyone (the login page, the style sheet);
 *   - PERM_ACCOUNT: a signed-in account;
 *   - PERM_ADMIN: a signed-in admin; anyone else gets 403 and an
 *     audit row;
 *   - PERM_COORD: a signed-in coordinator or admin (an organiser gets
 *     403 and an audit row);
 *   - PERM_GROUP / PERM_PERSON: a signed-in account whose scope
 *     (groups/scope.h) holds the group / person named by the "group" /
 *     "person" parameter; otherwise 403 and an audit row, the same
 *     whether the record exists or not;
 *   - PERM_COORD_PERSON: both: a coordinator or an admin whose scope
 *     holds the person.
 *   - PERM_LOAN / PERM_GRANT: the same for the borrower of the loan
 *     "loan" / the recipient of the grant "grant" (then in a->person).
 * Parameters not in the row's list are ignored; a bad value is a form
 * error kept in web_args.err for the page to show beside its field.
 */
#ifndef SHG_WEB_ROUTE_H
#define SHG_WEB_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "core/account.h"
#include "groups/meeting.h"
#include "web/web.h"

enum web_perm { PERM_PUBLIC, PERM_ACCOUNT, PERM_GROUP, PERM_PERSON, PERM_REPLY,
	PERM_COORD, PERM_COORD_PERSON, PERM_LOAN, PERM_GRANT, PERM_ADMIN };

enum param_type {
	PARAM_ID,       /* a record number, 1 .. 2^53 */
	PARAM_DATE,     /* yyyy-mm-dd (a date field) or dd/mm/yyyy */
	PARAM_LINE,     /* one line of text, at most 200 bytes */
	PARAM_TEXT,     /* text, at most 2000 bytes */
	PARAM_ATT,      /* "att.ID" = present|late|excused|absent, repeated */
	PARAM_FLAG,     /* present and not "" or "0": 1 */
	PARAM_FILE,     /* an uploaded file's contents, any size the server
	                 * took (WEB_MAX_UPLOAD) */
	PARAM_MONEY,    /* whole đồng, 1 .. 10^12 ("1500000", "1.500.000") */
	PARAM_NUM,      /* a whole number, 1 .. 1000000 (int) */
};

#define WEB_MAX_ERRORS 8

struct web_field_error {
	const char *field;              /* parameter name; "" for the form */
	char msg[256];
};

/* Every parameter any route takes, typed. Texts point into the request. */
struct web_args {
	int64_t id, group, person;
	int date;                       /* DATE_NONE when not given */
	int next;                       /* DATE_NONE when not given */
	const char *name, *password, *csrf;
	const char *topic, *text, *note, *kind, *situation, *needs, *notes;
	const char *outcome, *state;    /* forms' outcome, outbox state */
	int confirm;
	int saved;                      /* after a redirect: say it was saved */
	/* coordinators' pages: follow-up, loans, grants, visits */
	int64_t loan, grant, pay, amount;
	int num, pageno, reason;
	const char *commune, *organiser, *to, *rate, *cause;
	/* the administrators' pages */
	const char *role, *district, *province, *groups, *account, *code;
	const char *command, *file;
	int from_day, to_day;           /* DATE_NONE when not given */
	int64_t page;                   /* 0 when not given */
	int disabled;
	struct meeting_att *att;        /* owned: freed by web_handle */
	size_t natt;
	/* the people registry, reports and import (pg_registry.c,
	 * pg_report.c, pg_import.c) */
	const char *q, *gender, *born, *phone, *village;
	const char *category, *proute, *consent;
	const char *close_reason, *org, *value, *source, *type, *section;
	const char *upload, *upload_name;       /* a file and its own name */
	int returned, period_from, period_to;   /* DATE_NONE when not given */
	struct web_field_error err[WEB_MAX_ERRORS];
	int nerr;
};

struct web_param {
	const char *name;
	enum param_type type;
	size_t off;                     /* offsetof(struct web_args, ...) */
	int required;
};

struct web_ctx;
typedef int (*web_page_fn)(struct web_ctx *x);

struct web_route {
	const char *method, *path;
	web_page_fn fn;
	enum web_perm perm;
	int csrf;                       /* 1: the form must carry the token */
	const struct web_param *params; /* ended by a NULL name */
};

/* What a page gets. */
struct web_ctx {
	struct web *w;
	struct db *db;
	const struct conf *conf;
	const struct web_req *rq;
	struct web_resp *rs;
	const struct web_route *route;
	struct account acct;            /* valid when signed_in */
	int signed_in;
	char csrf[ACCOUNT_TOKEN_HEX];
	struct web_args a;
	char errmsg[512];               /* the last error() of a module call */
};

extern const struct web_route web_routes[];

/* The route for method and path: NULL and *status 404 when no path
 * matches, 405 when the path exists for another method. */
const struct web_route *route_find(const char *method, const char *path,
    int *status);
/* Parse rq's parameters named by r into a (DATE_NONE dates, zero ids).
 * Bad values become form errors in a->err. Frees nothing: call
 * route_args_free. */
void route_parse(const struct web_route *r, const struct web_req *rq,
    struct web_args *a);
void route_args_free(struct web_args *a);
/* Add a form error for field ("" for the whole form). */
void route_error(struct web_args *a, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The message for field, or NULL. */
const char *route_field_error(const struct web_args *a, const char *field);

/* The pages (web/pages.c and friends). Each returns 0, or -1 after a
 * failure it has rendered (the transaction of a POST is rolled back). */
int page_style(struct web_ctx *x);
int page_home(struct web_ctx *x);
int page_login(struct web_ctx *x);
int page_logout(struct web_ctx *x);
int page_groups(struct web_ctx *x);
int page_group(struct web_ctx *x);
int page_meeting_form(struct web_ctx *x);
int page_meeting_record(struct web_ctx *x);
int page_change_form(struct web_ctx *x);
int page_meeting_move(struct web_ctx *x);
int page_meeting_cancel(struct web_ctx *x);
int page_person(struct web_ctx *x);
int page_visit(struct web_ctx *x);
int page_sms_form(struct web_ctx *x);
int page_sms_send(struct web_ctx *x);
int page_reply_read(struct web_ctx *x);
int page_followup_close(struct web_ctx *x);
int page_registry(struct web_ctx *x);
int page_registry_person(struct web_ctx *x);
int page_registry_new(struct web_ctx *x);
int page_registry_add(struct web_ctx *x);
int page_registry_edit_form(struct web_ctx *x);
int page_registry_edit(struct web_ctx *x);
int page_registry_need(struct web_ctx *x);
int page_registry_support(struct web_ctx *x);
int page_registry_close(struct web_ctx *x);
int page_report(struct web_ctx *x);
int page_report_csv(struct web_ctx *x);
int page_report_print(struct web_ctx *x);
int page_import_form(struct web_ctx *x);
int page_import(struct web_ctx *x);
/* web/pg_admin.c, web/pg_audit.c, web/pg_backup.c */
int page_admin_accounts(struct web_ctx *x);
int page_admin_account_add(struct web_ctx *x);
int page_admin_account_role(struct web_ctx *x);
int page_admin_account_password(struct web_ctx *x);
int page_admin_account_disable(struct web_ctx *x);
int page_admin_account_unlock(struct web_ctx *x);
int page_admin_audit(struct web_ctx *x);
int page_admin_audit_csv(struct web_ctx *x);
int page_admin_backups(struct web_ctx *x);
int page_admin_backup_make(struct web_ctx *x);
int page_admin_backup_file(struct web_ctx *x);
int page_forms(struct web_ctx *x);
int page_sms_outbox(struct web_ctx *x);
int page_sms_inbox(struct web_ctx *x);
int page_sms_modem(struct web_ctx *x);
/* POST /modem/seen: an admin marks a modem problem seen (sms/notice.h). */
int page_today_notice_seen(struct web_ctx *x);

#endif
