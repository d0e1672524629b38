/*
 * outbox.h - the durable queue of SMS to send.
 *
 * A message is a row of the outbox table.  Its life:
 *
 *   queued --(due, service picks it)--> sending --(modem accepted)--> sent
 *      |                                   |--(temporary failure)--> queued
 *      |                                   |       (next_try later, backoff)
 *      |                                   `--(permanent, or attempts used
 *      |                                           up)--> failed
 *      |--(expires_at passed while queued)--> expired
 *      `--(shg sms cancel)--> cancelled
 *
 * "sending" is committed before the text is handed to the modem.  A row
 * still "sending" when the service starts was interrupted between handing
 * it over and recording the outcome; outbox_recover puts it back in the
 * queue, so it goes out again: at least once, and at most one duplicate
 * per crash (only one message is ever "sending").
 *
 * The text is planned when it is queued (coding, parts, diacritics: see
 * smstext.h), so the outbox shows what will really go out, and a text
 * needing more parts than allowed is refused then, with its count.
 *
 * Every change is audited (entity "sms").  Functions that change rows
 * open their own transaction when none is open, and join the caller's
 * otherwise (CLI commands run in one).  All return 0 (or a count) on
 * success and -1 after error().
 */
#ifndef SHG_OUTBOX_H
#define SHG_OUTBOX_H

#include <stdint.h>
#include <time.h>

#include "core/db.h"
#include "sms/smstext.h"

/* Message kinds; "reply" is what the service answers by itself. */
#define OUTBOX_KINDS "meeting, loan, checkin, alert, manual, reply"

/* What to queue.  Strings are borrowed. */
struct outbox_msg {
	const char *recipient;	/* E.164; NULL: the person's phone */
	int64_t person_id;	/* 0: a raw number (kinds manual, reply and
				 * alert only) */
	const char *kind;	/* one of OUTBOX_KINDS */
	const char *subject;	/* e.g. "meeting:12"; NULL for none */
	const char *occasion;	/* e.g. "2026-12-05"; NULL for none */
	const char *text;	/* UTF-8 as written */
	time_t not_before;	/* 0: now */
	time_t expires_at;	/* 0: never */
	enum sms_coding_mode mode;	/* diacritics: keep, strip or auto */
	int max_parts;		/* refuse texts needing more; <= 0: no cap */
	char *const *forbidden;	/* privacy.forbidden_words; NULL: the
				 * defaults (conf_default_forbidden) */
	int nforbidden;
};

/* Result of outbox_enqueue. */
#define OUTBOX_QUEUED 0		/* a new row */
#define OUTBOX_ALREADY 1	/* the same (kind, subject, person,
				 * occasion) is already in the outbox */

/*
 * Queue m.  With a person, the person must be active, have consented to
 * SMS (sms_consent) and have a phone unless recipient is given; their
 * sms_coding overrides m->mode.  Without a person only kinds manual,
 * reply and alert (to an organiser or the coordinator) are allowed.
 * When subject and occasion are both set and a row with the same (kind, subject, person, occasion) exists, nothing is
 * queued, *id is that row's id and OUTBOX_ALREADY is returned, whatever
 * its state.  Otherwise the text is planned; a multipart text gets a
 * concatenation reference that no other queued or sending multipart
 * message to that recipient uses (a single-part one needs none: 0), and
 * *id is the new row.  -1 (nothing queued) when the text is
 * too long ("text needs 4 SMS parts, the limit is 3"), the kind is
 * unknown, the person has not consented, and so on.
 *
 * Whatever its source (templates, `sms send`, forms), no text goes out
 * with a forbidden word: one of m->forbidden (else the defaults) found in
 * the text as whole words, compared without case or diacritics, refuses
 * it with the word named. A phone is often shared within a family.
 */
int outbox_enqueue(struct db *db, const struct outbox_msg *m, int64_t *id);

/* One row, as the service and `shg sms outbox` see it.  Owned strings;
 * free with outbox_row_free. */
struct outbox_row {
	int64_t id, person_id;
	char *recipient, *kind, *text, *state, *last_error, *coding;
	char *delivery;		/* NULL until a report came */
	char *delivery_error;	/* why delivery failed, NULL otherwise */
	int parts, concat_ref, attempts;
	int parts_done;		/* parts the network accepted so far: a
				 * failed try resumes after them */
	time_t not_before, expires_at, queued_at, sent_at, next_try;
};

int outbox_get(struct db *db, int64_t id, struct outbox_row *out);
void outbox_row_free(struct outbox_row *r);

/* The next message due at now (queued, not_before and next_try passed,
 * not expired), oldest first, except that replies to unknown numbers
 * (kind "reply", no person, subject "unknown:...") come after every
 * other message due: members, organisers and alerts never wait behind
 * them; replies to organisers' SMS forms (subject "form:...") come
 * before every other message due (alerts are taken first by the service,
 * outbox_next_alert).  Returns 1 with *out filled, 0 when nothing is due. */
int outbox_next_due(struct db *db, time_t now, struct outbox_row *out);
/* Urgent help alerts (to organisers and the coordinator) come first, and
 * are the only messages sent in quiet hours: this gives the next one due,
 * like outbox_next_due. */
int outbox_next_alert(struct db *db, time_t now, struct outbox_row *out);

/* queued -> sending, attempts + 1, tried_at = now; committed on return. */
int outbox_mark_sending(struct db *db, int64_t id, time_t now);
/* Record that modem (a name of conf.modems) is sending message id
 * (state "sending"); kept once sent, for `shg sms status`. */
int outbox_set_modem(struct db *db, int64_t id, const char *modem);
/* sending -> queued, as it was before: the modem went away with it in
 * hand, which says nothing about the message (the try is not counted). */
int outbox_requeue(struct db *db, int64_t id);
/* Messages sent and failed since since by modem: for status. */
int outbox_modem_counts(struct db *db, const char *modem, time_t since,
    int64_t *sent, int64_t *failed);

/* sending -> sent at now, every part accepted; tpmr >= 0 records it as
 * the last part's message reference (-1: as recorded by
 * outbox_parts_accepted, or unknown), to match delivery reports. */
int outbox_mark_sent(struct db *db, int64_t id, time_t now, int tpmr);
/* Parts first+1..n of message id were accepted by the network at now,
 * part i with message reference tpmr[i - 1] (-1 unknown: no report can
 * be matched to it).  Records each part for delivery reports and n as
 * the message's parts_done, the point a later try resumes from (also
 * after a restart).  Committed on return unless in a transaction. */
int outbox_parts_accepted(struct db *db, int64_t id, time_t now, int first,
    const int *tpmr, int n);
/*
 * sending -> after a failed try with reason err.  permanent, or attempts
 * reaching max_attempts: failed.  Otherwise queued again with next_try =
 * now + outbox_backoff(retry_seconds, attempts).
 */
int outbox_mark_failed(struct db *db, int64_t id, time_t now,
    const char *err, int permanent, int max_attempts, int retry_seconds);
/* Delay before try attempts + 1: retry_seconds * 2^(attempts - 1),
 * at most 64 * retry_seconds and at most a day. */
int outbox_backoff(int retry_seconds, int attempts);

/* queued -> expired for every message whose expires_at <= now.  Returns
 * how many. */
int outbox_expire(struct db *db, time_t now);
/* sending -> queued (interrupted by a crash).  Returns how many. */
int outbox_recover(struct db *db);
/* queued -> cancelled.  -1 with a message when the message does not
 * exist or is not queued ("message 7 is sent, not queued"). */
int outbox_cancel(struct db *db, int64_t id);

/* Parts tried in the window (since, now]: for the rate limit. */
int outbox_parts_since(struct db *db, time_t since, int64_t *parts);
/* The same for the parts modem tried. */
int outbox_modem_parts_since(struct db *db, const char *modem, time_t since,
    int64_t *parts);
/* fn(recipient, arg) for every queued message; fn returns 0 to go on,
 * non-zero stops and is returned.  -1 on error. */
int outbox_each_queued(struct db *db, int (*fn)(const char *recipient,
    void *arg), void *arg);
/* Messages in state (e.g. "queued"). */
int outbox_count(struct db *db, const char *state, int64_t *n);

/* How long after a part was sent a report about it is still matched:
 * references (TP-MR) wrap at 256, so an older part to the same number
 * may carry the same one. */
#define OUTBOX_REPORT_WINDOW (7 * 86400)

/* A delivery report, handled at now, for the part with reference tpmr
 * sent to recipient: it is about the newest part with that reference
 * sent to that number within OUTBOX_REPORT_WINDOW before now (never an
 * older one), found through an index whatever the history's size.
 * report is "delivered", "pending" or "failed" (then reason, may be
 * NULL, says why).  The message is delivered when it is sent and every
 * part is, failed as soon as one part failed (delivery_error names the
 * part and the reason), pending otherwise.  Returns 1 when a part
 * matched, 0 if none. */
int outbox_report(struct db *db, const char *recipient, int tpmr,
    const char *report, const char *reason, time_t now);
/* The query a report runs to find its part (?1 recipient, ?2 TP-MR, ?3
 * and ?4 the window), for the tests of its query plan. */
extern const char outbox_report_sql[];

/* "queued", "sending", ... : 1 if s names a state. */
int outbox_state_valid(const char *s);
/* A state as people read it: its label in Vietnamese ("chờ gửi"); in
 * English the code itself, which scripts and tests read. An unknown
 * state comes back as it is. Borrowed. */
const char *outbox_state_show(const char *state);

/* A message as a person's history shows it; strings borrowed during
 * the callback. */
struct outbox_item {
	int64_t id;
	const char *kind, *state, *text, *coding;
	int parts;
	time_t queued_at, sent_at;      /* sent_at 0 until sent */
	/* Filled by outbox_each only (0 or NULL otherwise): */
	int64_t person_id;              /* 0: a raw number */
	const char *case_code;          /* the person's, or NULL */
	const char *recipient;          /* E.164 */
	const char *last_error;         /* why delivery failed (the report),
					 * else the last failed try's, or NULL */
	const char *delivery;           /* delivery report, or NULL */
	int attempts;
};
/* The messages queued for person_id, newest first, at most limit. fn
 * returns 0 to go on; non-zero stops and is returned. -1 on error. */
int outbox_each_person(struct db *db, int64_t person_id, int limit,
    int (*fn)(const struct outbox_item *m, void *arg), void *arg);
/* Every message (state NULL) or those in state, newest first, at most
 * limit, as `shg sms outbox` and the web's outbox list them; like
 * outbox_each_person. */
int outbox_each(struct db *db, const char *state, int limit,
    int (*fn)(const struct outbox_item *m, void *arg), void *arg);

#endif
