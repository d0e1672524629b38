/*
 * scheduler.h - what the service queues by itself before each send:
 * meeting reminders and change notices, loan reminders and check-ins.
 *
 * Every message has an outbox key (kind, subject, person, occasion), so
 * a pass can run any number of times, and after a restart, and queue
 * each message once (outbox.h: OUTBOX_ALREADY). Only people who are
 * active, have agreed to SMS and have a phone are written to.
 *
 * Meetings (kind "meeting", subject "group:ID"). For each active group
 * with a schedule, the occurrences whose day is in [today, today + N]
 * (N = schedule_reminder_days: the group's, else the config's):
 *   - every member as of the meeting day gets one reminder N days
 *     before (templates.meeting; not before that day at
 *     reminders.meeting_morning) and one on the morning of the meeting
 *     (templates.meeting_today); both expire when the meeting starts.
 *     Occasion "ORIG>FINAL HH:MM before" (or "today"): the rule's day,
 *     then the final day and time, so a moved meeting has new keys;
 *   - reminders already queued or sent for another day or time of the
 *     same occurrence (it was moved, or cancelled, after they were
 *     queued) are stale: the queued ones are cancelled, and each member
 *     who had one gets one change notice (templates.meeting_moved,
 *     occasion "ORIG>FINAL HH:MM moved"; templates.meeting_cancelled,
 *     occasion "ORIG>cancelled"). A holiday known in advance leaves no
 *     stale reminder, so it gives no notice: the reminders carry the
 *     right date from the start.
 *
 * Loans (kind "loan", subject "loan:ID", to the borrower only): one
 * reminder per installment falling due within reminders.loan_days_before
 * days (occasion "inst:ID before"), and one notice when an installment
 * is reminders.loan_overdue_days overdue and still unpaid (occasion
 * "inst:ID overdue"), with {amount} what is left of it. Up to two
 * missed days are caught up after the service was down.
 *
 * Check-ins (kind "checkin", subject "checkin", occasion the day): to
 * each person whose frequency (person.checkin_days, else
 * reminders.checkin_every_days; 0: never) has passed since their last
 * check-in, or since they gave consent, and who have no meeting reminder
 * whose answer is open (one queued to go out today or sent, for a meeting
 * not past, not answered C/K yet): the check-in waits for a later pass,
 * so that a "2" cannot be read as both "cannot come" and "need help".
 * Queued only outside quiet hours,
 * so they do not pile up for the morning. Check-ins are not urgent: a
 * pass queues at most what the modem sends in five minutes
 * (sms.per_minute * 5, at least 20), those due longest first, and the
 * passes after it (every sms.poll_seconds) queue the rest the same day.
 * A scheduler stops looking for the day once a pass found fewer than
 * that. Meeting and loan reminders are never held back.
 *
 * Cost: a pass looks only at the next few days. Per occurrence in the
 * window it runs one query for the members without their reminders and
 * one for stale reminders; loans take a few queries a day; check-ins
 * read the people due in order of the stored day their next one counts
 * from (table checkin_next, kept by triggers: sms/schema.c), about as
 * many rows as a pass queues. With 2,500 groups and 50,000 people a pass
 * with nothing new to queue takes about 80 ms of CPU, the first of the
 * day (1,220 messages) about 250 ms; queueing itself costs what
 * outbox_enqueue costs per message.
 *
 * A pass runs in one transaction. A message that cannot be queued (say
 * its text is too long) is logged and skipped; -1 only when the database
 * fails, and then nothing of the pass is kept.
 */
#ifndef SHG_SCHEDULER_H
#define SHG_SCHEDULER_H

#include <time.h>

#include "config/conf.h"
#include "core/db.h"

/* What one pass queued. */
struct scheduler_stats {
	int reminders;          /* meeting reminders */
	int notices;            /* moved / cancelled notices */
	int cancelled;          /* stale reminders cancelled */
	int loans;              /* loan reminders and overdue notices */
	int checkins;
};

/*
 * State kept between passes (may be NULL: none). Loans and check-ins
 * depend on the day only, so a scheduler that has done them for a day
 * does not look again until the next day; meetings are looked at in
 * every pass, since a meeting can be moved at any time.
 */
struct scheduler;
struct scheduler *scheduler_new(void);
void scheduler_free(struct scheduler *s);

/* One pass at now. st may be NULL. */
int scheduler_run(struct scheduler *s, struct db *db,
    const struct conf *conf, time_t now, struct scheduler_stats *st);

/* The service hook (service_hooks.before_send): arg is a struct
 * scheduler * or NULL. */
int scheduler_hook(struct db *db, const struct conf *conf, time_t now,
    void *arg);

/* The occasion of a meeting reminder: "ORIG>FINAL HH:MM what" in buf. */
char *scheduler_occasion(int orig_day, int final_day, int start_min,
    const char *what, char *buf, size_t size);

#endif
