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

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "config/conf.h"
#include "core/account.h"
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
/* forms_parse, but the group of a HOP form is its first group_words words
 * when group_words > 0: a group whose name holds a section word ("Mai
 * Vàng": VANG) is named whole. The handling counts them from the names
 * of the sender's groups. */
int forms_parse_hop(const char *text, int group_words, int today,
    struct form *f);
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
/* 1 when s is a stored outcome ("recorded", "refused", "undone",
 * "duplicate", "limited", "answered"). */
int forms_outcome_valid(const char *s);
/* An outcome as people read it: its label in Vietnamese ("đã ghi"), in
 * English the code itself (scripts and tests read it). Borrowed. */
const char *forms_outcome_show(const char *code);

/*
 * The list of forms (`shg forms`, the web's forms page), newest first.
 *
 * What is shown: the text as its sender wrote it (forms hold codes, a
 * group's name and, in THAM and ND, a note the sender wrote), the reply
 * (for a refusal, the reason), and what was recorded as a reference: the
 * meeting's group and day, the loan's number and the case code of the
 * borrower or of the person visited. A code is never turned into a name
 * and the sender's number is not given (the account's name is).
 *
 * Scope (filter.scope, groups/scope.h): an organiser sees her own forms;
 * a coordinator her own and those about her area: the form's group (a
 * meeting's, or the group of a repaid loan) is in it, or else the person
 * it recorded for is (by her place or a group of the area), or else, when
 * the form is about nothing recorded, its sender is an organiser of a
 * group of the area; an admin (or no scope: the command line, whose user
 * has the database) everything.
 */
struct forms_filter {
	time_t since;                   /* 0: any time */
	int64_t account_id;             /* 0: any account */
	int64_t group_id;               /* 0: any group */
	const char *outcome;            /* NULL: any */
	const struct account *scope;    /* NULL: every form */
	int limit;                      /* at most this many; <= 0: 100 */
};

/* One form as listed. Strings are borrowed during the callback; those
 * marked "or NULL" may be NULL. */
struct forms_item {
	int64_t id, inbox_id, account_id;
	const char *account;            /* the sender's account name */
	const char *kind;               /* "hop", "tra", ..., "unknown" */
	const char *outcome;            /* as stored */
	const char *text;               /* as sent */
	const char *reply;              /* or NULL (duplicates, silent limits) */
	time_t received_at;
	time_t undone_at;               /* 0 unless undone */
	const char *entity;             /* "meeting", "loan_pay", "visit", or NULL */
	int64_t entity_id;
	int64_t group_id;               /* the meeting's or the loan's group, or 0 */
	const char *group;              /* its name, or NULL */
	int day;                        /* the day recorded, or DATE_NONE */
	int64_t loan_id;                /* a repayment's loan, or 0 */
	int64_t person_id;              /* the borrower or the person visited, or 0 */
	const char *case_code;          /* hers, or NULL */
};

/* Call fn for each form matching f, newest first. fn returns 0 to go on;
 * non-zero stops and is returned. -1 on a database error. */
int forms_each(struct db *db, const struct forms_filter *f,
    int (*fn)(const struct forms_item *it, void *arg), void *arg);
/* What item recorded, for people: "meeting of Hoa Sen on 05/12/2026",
 * "repayment to loan 12 (LC-2026-0001)", "visit to LC-2026-0005"; "" when
 * nothing. Into buf of size; returns buf. */
char *forms_recorded_show(const struct forms_item *it, char *buf,
    size_t size);

#endif
