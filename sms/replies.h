/*
 * replies.h - acting on received SMS (the service's after_receive hook).
 *
 * Every inbox row with handled = 0 is taken in order of arrival, and its
 * effects and handled = 1 are committed together: up to 200 rows in one
 * transaction, each in its own savepoint, so that a row that fails is
 * undone alone and the rows before it are kept.
 *
 * A row from a known person (inbox.person_id) is read against the
 * questions open for them: the newest check-in and the newest meeting
 * reminder ("checkin", "meeting") sent to them that no keyword reply has
 * answered yet and that are still current (a check-in for
 * reminders.checkin_every_days after it was sent, a meeting reminder
 * until the end of the meeting day). keyword_parse (sms/keyword.h, with
 * replies.help_phrases) reads the text, and:
 *   - well: answers the check-in; will / cannot attend: answers the
 *     reminder; stored as the reply's meaning (inbox.meaning) against
 *     the question (inbox.answers); read at once;
 *   - unclear (1 or 2 while both a check-in and a reminder are open):
 *     answers neither and stays unread for the organiser; never an
 *     alert;
 *   - needs help (the check-in's 2, help words alone, a help phrase):
 *     answers the open check-in; a help case is opened (or the open one
 *     added to: followup.h) and an
 *     urgent alert (kind "alert", templates.alert with {case} and
 *     {group} only) is queued to the organiser of the person's group and
 *     to sms.coordinator, each once per case (subject "help:CASE",
 *     occasion "organiser" / "coordinator"); the row stays unread until
 *     someone acknowledges it (`shg inbox ack`), which closes the case;
 *   - opt out (STOP, HUY, TU CHOI): sms_consent = 0 as of today, every
 *     message queued for the person is cancelled, and one confirmation
 *     (templates.optout, kind "reply", to the number, subject
 *     "optout:PERSON", occasion the day) is queued: nothing else is sent
 *     to them until they opt in again;
 *   - opt in (START, DANG KY): consent restored as of today and
 *     confirmed (templates.optin, subject "optin", occasion the day);
 *   - anything else is free text: kept unread for a person to read.
 * A row from the phone of an account (organiser, coordinator) that starts
 * with a form's keyword, or from an account's phone that is no person's,
 * is a form: sms/forms.h handles and answers it (inbox.meaning "form",
 * read at once).
 * A help request from a phone that several active people share opens a
 * case (and alerts) for each of them.
 * A row from an unknown number is logged with the number masked and,
 * unless sms.unknown_reply is false, answered once per number per day
 * (templates.unknown, kind "reply", subject "unknown:NUMBER", occasion
 * the day); it stays unread.
 *
 * inbox.meaning holds keyword_meaning_name() of the meaning.
 */
#ifndef SHG_REPLIES_H
#define SHG_REPLIES_H

#include <stdint.h>
#include <time.h>

#include "config/conf.h"
#include "core/db.h"

/* What one run did. */
struct replies_stats {
	int handled;            /* rows taken */
	int help;               /* help requests */
	int alerts;             /* alerts queued */
	int optout, optin;
	int unknown;            /* rows from unknown numbers */
	int forms;              /* forms from accounts' phones (forms.h) */
};

/* Handle every row with handled = 0 as of now. -1 when the database
 * fails (the row being handled is rolled back and retried next time). */
int replies_run(struct db *db, const struct conf *conf, time_t now,
    struct replies_stats *st);

/* The service hook (service_hooks.after_receive); arg is unused. */
int replies_hook(struct db *db, const struct conf *conf, time_t now,
    void *arg);

/* Mark inbox row id read by actor with a note (required) and close the
 * help case it opened, if still open. -1 when the row does not exist or
 * was read already. Audited ("inbox", "ack"). */
int replies_ack(struct db *db, int64_t id, const char *actor,
    const char *note, time_t now);

/* Count the replies to the reminders of one meeting of group_id (by the
 * rule's day orig_day): will attend, cannot attend. */
int replies_rsvp(struct db *db, int64_t group_id, int orig_day, int *yes,
    int *no);

#endif
