/*
 * assemble.h - join the parts of concatenated messages.
 *
 * Pure functions over arrays: no modem, no database, no clock.  The
 * service keeps every part it has not yet joined (for instance as rows
 * of a table), and on each pass hands all of them, old and new, to
 * assemble_run together with the current time.  What comes out is every
 * message that is now ready; each names the input parts it used, which
 * the service then deletes.  Parts not named stay pending for a later
 * pass.
 *
 * Grouping is by (sender, reference, total): two senders who happen to
 * use the same reference are never mixed.  Phones reuse references, so
 * inside such a group the parts are told apart by the time the message
 * centre stamped them (sent): a message is the parts sent within
 * ASSEMBLE_WINDOW seconds of its first one; a part whose number its
 * message already has with another sent time belongs to another message
 * (the one whose last part was sent nearest before it, or a new one).  A group is ready when every
 * part 1..total is there (complete), or when its oldest part arrived at
 * least timeout seconds before now (released incomplete: the parts that
 * arrived, in order, with ASSEMBLE_GAP where parts are missing).  A part
 * that repeats one already in its group is a duplicate: ignored for the
 * text but named as used, so that it is deleted with the rest.  Parts
 * with total <= 1 are plain messages and come out at once.
 *
 * A duplicate that arrives after its message came out starts a new group,
 * which is released incomplete after the timeout.
 */
#ifndef SHG_ASSEMBLE_H
#define SHG_ASSEMBLE_H

/* The concatenation header holds the count of parts in one byte. */
#define ASSEMBLE_MAX_PARTS 255

#include <time.h>

/* Parts of one message are stamped by the message centre within this
 * many seconds of its first part. */
#define ASSEMBLE_WINDOW 600

/* Put where parts are missing in a message released incomplete. */
#define ASSEMBLE_GAP "\xe2\x80\xa6"	/* U+2026 horizontal ellipsis */

/* One received part; all fields are borrowed. */
struct assemble_part {
	const char *sender;
	int ref;		/* concatenation reference */
	int total;		/* parts in the message; 0 or 1: not split;
				 * more than ASSEMBLE_MAX_PARTS counts as
				 * that many */
	int seq;		/* this part's number, 1..total */
	time_t received;	/* when it arrived */
	const char *text;	/* UTF-8 */
	time_t sent;		/* stamped by the message centre; 0 unknown */
};

/* One message ready to hand on.  Owned by the array assemble_run made. */
struct assemble_msg {
	char *sender;
	int ref, total;
	int complete;		/* 0: released after the timeout, with gaps */
	time_t received;	/* arrival of its oldest part */
	char *text;		/* joined text */
	int *used;		/* indexes into the input of every part used, */
	int nused;		/*   duplicates included */
};

/* Join parts[0..n-1] as of time now.  Fills *out with a new array of
 * *nout ready messages (NULL when none), oldest first; free it with
 * assemble_free.  timeout is in seconds.  Returns 0; -1 only when the
 * input is invalid (a NULL sender or text), after error(). */
int assemble_run(const struct assemble_part *parts, int n, time_t now,
    int timeout, struct assemble_msg **out, int *nout);

void assemble_free(struct assemble_msg *msgs, int n);

#endif
