/*
 * forms.h - reports sent by SMS from an account's phone (organisers and
 * coordinators, core/account.h): meetings, repayments, visits.
 *
 * The forms (words compared without case or diacritics; "HỌP" is HOP):
 *   HOP <group> [dd/mm] CO 1 2 5 VANG 3 PHEP 4 [TRE 6] [ND <topic>]
 *       a meeting held (today when no date), with attendance: CO
 *       present, VANG absent, PHEP excused, TRE (or MUON) late; members
 *       not named are absent. Numbers may also be separated by commas.
 *   TRA <loan> <amount> [dd/mm]
 *       a repayment; the loan as 12, L12 or #12; the amount in whole
 *       đồng: 1078000, 1.078.000, 1078k, 1,5tr (also 1.5tr, 2trieu).
 *   THAM <member> <ON|CAN> [note]
 *       a visit today: ON stable, CAN needs support; the rest is the note.
 *   HUY   undo the account's last recorded form of the last 24 hours.
 *   HD    the forms' syntax, as a reply.
 * A member is her case code (LC-2026-0005) or its last number alone
 * (5 or 0005) when only one member within reach has it. A date dd/mm is
 * this year's, or last year's when this year's is more than 31 days
 * ahead; a day in the future is refused (dd/mm/yyyy also works).
 *
 * Who may: an account (not disabled) whose phone is the sender's, only
 * within its scope (groups/scope.h): a group or member outside it is
 * answered exactly as one that does not exist.
 *
 * Every form gets one reply SMS (kind "reply", subject "form:INBOX", to
 * the sender), in Vietnamese whatever the language of the program: the
 * replies are catalogue messages looked up in the Vietnamese catalogue.
 * A reply says what was recorded with counts, or one line naming the
 * wrong part (nothing recorded then); it never names a member or her
 * category: an error repeats only what the sender wrote (a number, a
 * group name), and the outbox's privacy check applies. Every form is a row
 * of sms_form with its outcome, audited ("sms_form") with the account as
 * actor and command "sms", like what it recorded.
 *
 * A form whose sender and text equal a form of the last hour is a
 * duplicate delivery: kept, not applied, not answered. More than
 * FORMS_PER_HOUR forms from one account in an hour are not applied; the
 * first one over is answered and logged, the rest are silent.
 */
#ifndef SHG_FORMS_H
#define SHG_FORMS_H

#include <stdint.h>
#include <time.h>

#include "config/conf.h"
#include "core/db.h"
#include "groups/meeting.h"

#define FORMS_PER_HOUR 30
#define FORMS_UNDO_SECONDS (24 * 3600)

enum form_kind { FORM_NONE, FORM_HOP, FORM_TRA, FORM_THAM, FORM_HUY,
	FORM_HD };

/* What is wrong with a form, for the reply. */
enum form_error {
	FORM_OK,
	FORM_ERR_KEYWORD,       /* bad: the first word */
	FORM_ERR_NO_GROUP,
	FORM_ERR_DATE,          /* bad: the date as written */
	FORM_ERR_FUTURE,        /* bad: the date as written */
	FORM_ERR_MEMBER,        /* bad: a member that is not a number/code */
	FORM_ERR_NO_SECTION,    /* bad: a word where CO/VANG/PHEP/TRE/ND go */
	FORM_ERR_NO_ATTENDANCE,
	FORM_ERR_NO_LOAN,
	FORM_ERR_LOAN,          /* bad: the loan as written */
	FORM_ERR_NO_AMOUNT,
	FORM_ERR_AMOUNT,        /* bad: the amount as written */
	FORM_ERR_NO_MEMBER,
	FORM_ERR_SITUATION,     /* bad: the word, or NULL when missing */
	FORM_ERR_EXTRA,         /* bad: a word after the end of the form */
};

struct form_att {
	char *who;              /* as written: "5", "LC-2026-0005" */
	enum att_status status;
};

/* A parsed form. Strings are owned: free with form_free. */
struct form {
	enum form_kind kind;
	char *target;           /* HOP: group; TRA: loan; THAM: member */
	int day;                /* DATE_NONE: today */
	char *day_text;         /* the date as written, or NULL */
	int64_t amount;         /* TRA */
	int stable;             /* THAM: 1 ON, 0 CAN */
	char *note;             /* HOP: topic; THAM: note; or NULL */
	struct form_att *att;
	int natt;
	int64_t loan_id;        /* TRA */
	enum form_error err;
	char *bad;              /* the wrong part as written, or NULL */
};

/* The form's keyword (the first word of text), FORM_NONE when it is not
 * one: the caller routes the text to the forms only then. */
enum form_kind forms_kind(const char *text);

/* Parse text (UTF-8) as of day today. 0 with f filled; -1 with f->err
 * and f->bad set (nothing printed: the reply says it). Free f with
 * form_free either way. */
int forms_parse(const char *text, int today, struct form *f);
void form_free(struct form *f);

/* "1078000", "1.078.000", "1078k", "1,5tr": 0 with *out in whole đồng,
 * -1 when s is not an amount (or is 0 or over 10^12). */
int forms_amount(const char *s, int64_t *out);

/* The account (not disabled) whose phone is sender: its id, or 0. -1 on
 * a database error. */
int forms_account(struct db *db, const char *sender, int64_t *account_id);

/* What forms_handle did. */
enum form_outcome { FORM_RECORDED, FORM_REFUSED, FORM_UNDONE,
	FORM_DUPLICATE, FORM_LIMITED, FORM_ANSWERED };

/*
 * Handle inbox row inbox_id (sender, text) from account_id at now, in
 * the caller's transaction: record, answer, keep the sms_form row and
 * audit. -1 only when the database fails (the caller rolls back).
 */
int forms_handle(struct db *db, const struct conf *conf, int64_t inbox_id,
    const char *sender, const char *text, int64_t account_id, time_t now,
    enum form_outcome *outcome);

/* "recorded", "refused", ... as stored. */
const char *forms_outcome_name(enum form_outcome o);

#endif
