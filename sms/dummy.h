/*
 * dummy.h - a fake phone in a folder, for tests and demos.
 *
 * libGammu's dummy driver (model "dummy", connection "none") keeps the
 * phone in the folder named as its device: messages live in sms/1 ..
 * sms/5 (1 and 3 are inboxes, 2 and 4 outboxes, 5 templates), one Gammu
 * smsbackup file per message, named by its location (1, 2, ...).
 *
 * The driver keeps no record of what it sends (it only encodes the frame
 * and reports success with message reference 255).  Open the modem with
 * modem_config.sent_copy = the folder dummy_sent_dir() names, and the
 * libGammu transport writes every accepted part there; dummy_sent_read
 * reads them back.
 *
 * All functions return 0 (or a count) on success and -1 after error().
 */
#ifndef SHG_DUMMY_H
#define SHG_DUMMY_H

#include <stddef.h>
#include <time.h>

/* Create dir and every folder the driver and dummy_sent_dir need. */
int dummy_prepare(const char *dir);

/* "<dir>/sent" in buf; returns buf. */
char *dummy_sent_dir(const char *dir, char *buf, size_t size);

/* Put one incoming message from number into the SIM inbox (sms/1), sent
 * at time sent, in UCS-2 when ucs2 is nonzero, else in the GSM 7-bit
 * alphabet (characters outside it are replaced).  The file is written
 * under a temporary name and renamed into place, so the driver never
 * reads it half written.  Returns its location (1, 2, ...). */
int dummy_inject(const char *dir, const char *number, const char *text_utf8,
    int ucs2, time_t sent);

/* The same with the UCS-2 units of the text given as they are (n of
 * them, big-endian on the air), for texts no UTF-8 can spell: a lone
 * surrogate, as a broken phone may send. */
int dummy_inject_ucs2(const char *dir, const char *number,
    const unsigned short *units, int n, time_t sent);

/* Put parts of one concatenated message into the inbox: parts[0..total-1]
 * are the texts of parts 1..total, all with reference ref.  order lists
 * which parts to write, in the order to write them (1-based; a number may
 * repeat or be left out), n entries.  Returns 0. */
int dummy_inject_parts(const char *dir, const char *number,
    const char *const *parts, int total, int ref, int ucs2,
    const int *order, int n, time_t sent);

/* Put a delivery report into the inbox: the message with reference tpmr
 * sent to recipient was delivered. */
int dummy_inject_report(const char *dir, const char *recipient, int tpmr,
    time_t when);

/* Number of messages in the inboxes (sms/1 and sms/3). */
int dummy_inbox_count(const char *dir);

/* Number of messages in all five folders of the driver (sms/1 to 5):
 * when 0, reading them is skipped (the driver tries 20,000 file names
 * in each folder, about 80 ms of CPU). */
int dummy_stored_count(const char *dir);

/* Number of parts in the sent-copy folder (the copies are named 1, 2,
 * ... in the order sent, with no upper bound; each new one is named one
 * more than the last, found once per connection). */
int dummy_sent_count(const char *dir);

/* One part the modem sent, as libGammu reads it back. */
struct dummy_sent {
	char number[32];	/* recipient */
	char *text;		/* UTF-8 */
	int ucs2;		/* 1 when coded in UCS-2 */
	int concat_ref;		/* -1 when the part has no concatenation */
	int concat_total;	/*   header, as libGammu decodes it */
	int concat_seq;
	int status_report;	/* 1 when a delivery report was asked for */
};

/* Read every sent part, oldest first, into a new array; free with
 * dummy_sent_free. */
int dummy_sent_read(const char *dir, struct dummy_sent **out, int *n);
void dummy_sent_free(struct dummy_sent *sent, int n);

#endif
