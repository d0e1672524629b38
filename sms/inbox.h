/*
 * inbox.h - the durable store of SMS received.
 *
 * What the modem gives (modem_fetch) goes into the database in one
 * transaction, and only after that commit may the caller delete it from
 * the modem: a crash in between makes the modem hand the same messages
 * again, and they are stored once (inbox rows are unique by sender, sent
 * time and text; parts by sender, reference, total, number and sent
 * time).
 *
 * Parts of concatenated messages wait in the inbox_part table, so a
 * restart loses none; on every call all waiting parts are joined with
 * assemble.h, and a message whose parts did not all come within the
 * timeout is stored with what arrived, marked incomplete.  Used parts are
 * kept (linked to their inbox row) for a week so that a part read again
 * after its message was stored is recognised and dropped.
 *
 * A record the modem could not decode (MODEM_MSG_BAD) is set aside in
 * the inbox_quarantine table, raw with the modem's reason, and is then
 * deleted from the modem like the others: one bad message must not stop
 * reception (the SIM would fill up and the network hold every SMS after
 * it).
 *
 * Delivery reports are not stored here: they update the sent message in
 * the outbox (outbox_report).
 *
 * New rows have handled = 0, for the reply handling that acts on them.
 */
#ifndef SHG_INBOX_H
#define SHG_INBOX_H

#include <stdint.h>
#include <time.h>

#include "core/db.h"
#include "sms/modem.h"

/*
 * Store msgs[0..n-1] (n may be 0: only join waiting parts) as of now,
 * releasing incomplete messages whose oldest part is timeout seconds old.
 * Runs in one transaction, committed on return.  Returns the number of
 * new inbox rows (duplicates of stored messages are not counted), or -1
 * after error() with nothing stored.
 */
int inbox_store(struct db *db, const struct modem_msg_in *msgs, int n,
    time_t now, int timeout);

/* Parts waiting for the rest of their message. */
int inbox_pending_parts(struct db *db, int64_t *n);

/* A received message as lists show it. Strings are borrowed during the
 * callback; case_code and meaning may be NULL. */
struct inbox_item {
	int64_t id, person_id;
	const char *case_code, *sender, *text, *meaning;
	time_t received_at;
	int complete;
	int read;               /* someone marked it read */
};

struct inbox_filter {
	int unread;             /* 1: only messages no one has read */
	int64_t id;             /* 0: any; else only this message */
	int64_t person_id;      /* 0: anyone */
	int64_t group_id;       /* 0: any; else from past or present members */
	int limit;              /* at most this many */
};

/* Call fn for each matching message, newest first. fn returns 0 to go
 * on; non-zero stops and is returned. -1 on a database error. */
int inbox_each(struct db *db, const struct inbox_filter *f,
    int (*fn)(const struct inbox_item *m, void *arg), void *arg);

/* Records set aside because the modem could not decode them. */
int inbox_quarantined(struct db *db, int64_t *n);

/* "gsm7", "ucs2" or "8bit". */
const char *inbox_coding_name(enum modem_coding c);

#endif
