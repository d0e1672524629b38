/*
 * notice.h - modem problems on the administrator's follow-up list.
 *
 * The service records what is wrong with each modem as it sees it: a
 * prepaid balance below the modem's balance_low, no network for 10
 * minutes, a SIM nearly full, sending failed 5 times in a row, a SIM
 * that refused its PIN; and messages the modems could not read, set
 * aside in inbox_quarantine. Each problem is one notice from when it
 * starts until it goes away. An administrator marks a notice seen: it
 * leaves the list, and the same problem comes back as a new notice only
 * after it went away (a set-aside message arriving after the mark is a
 * new notice). `shg followup` (for an administrator) and the web's Today
 * page (for admins) list the notices not seen. Functions return 0, or -1
 * after one error().
 */
#ifndef SHG_SMS_NOTICE_H
#define SHG_SMS_NOTICE_H

#include <stdint.h>
#include <time.h>

#include "core/db.h"

/* A problem as the service sees it now: kind is one of "balance_low",
 * "no_network", "sim_full", "failing", "pin_refused", "unreadable";
 * since when; its figures (the balance in đồng; SIM messages n of total;
 * failures in a row; unreadable messages). */
struct notice_now {
	const char *kind;
	time_t since;
	int64_t n, total;
};

/*
 * Bring modem's notices up to what it has now (v, nv of them): a new
 * notice for a problem not open, the figures of an open one updated, and
 * the open notices of problems not in v closed as gone. Writes only what
 * changed.
 */
int notice_sync(struct db *db, const char *modem, const struct notice_now *v,
    int nv, time_t now);
/* The notice of messages set aside (inbox_quarantine) since those an
 * administrator marked seen: opened, or its count brought up to date. */
int notice_sync_unreadable(struct db *db, time_t now);

/* One notice on the list. */
struct notice {
	int64_t id;
	char modem[64];         /* "" for unreadable messages */
	char kind[16];
	time_t since;
	int64_t n, total;
};

/* The notices open and not seen, oldest first, in *out (caller frees)
 * and their count in *n. */
int notice_list(struct db *db, struct notice **out, int *n);
/* Mark notice id seen by actor (audit: who and when). -1 after error()
 * when there is no such notice or it is no longer on the list. */
int notice_seen(struct db *db, int64_t id, const char *actor, time_t now);

/*
 * Delete the notices closed before `before`: problems gone (seen or not)
 * and set-aside messages marked seen, which are on no list.  A notice
 * still open stays, seen or not (deleted, a problem still there would
 * come back as a new notice), and so does the newest closed one of
 * set-aside messages, which says up to which of them an administrator
 * has seen.  *n: how many were deleted (NULL: not wanted).
 */
int notice_prune(struct db *db, time_t before, int *n);

/* The problem in words, in the language in effect: "vina1: the balance
 * is low (3,500 đ)". */
char *notice_describe(const struct notice *nt, char *buf, size_t size);

#endif
