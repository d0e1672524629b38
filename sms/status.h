/*
 * status.h - the SMS gateway's state as people are shown it (`shg sms
 * status`, the web's modem page), read in one place: the modem as the
 * service last recorded it (table modem_state, written by service.c
 * every pass), the outbox's queue, the last send and today's failures,
 * and the inbox's waiting and set-aside records.
 *
 * With more modems, struct sms_status gains one struct sms_modem_info
 * each; its readers show what they get.
 */
#ifndef SHG_SMS_STATUS_H
#define SHG_SMS_STATUS_H

#include <stdint.h>
#include <time.h>

#include "core/db.h"

/* The modem as the service saw it at updated_at. */
struct sms_modem_info {
	int known;              /* 0: the service has not run yet */
	int connected;
	int signal;             /* percent, -1 unknown */
	int sim_used, sim_size; /* messages on the SIM, -1 unknown */
	char *last_error;       /* or NULL */
	time_t updated_at;
};

/* The outbox's states, in the order they are shown. */
#define SMS_STATUS_NSTATES 6
extern const char *const sms_status_states[SMS_STATUS_NSTATES];

struct sms_status {
	struct sms_modem_info modem;
	int64_t count[SMS_STATUS_NSTATES];      /* messages per state */
	int64_t queue;          /* waiting to go: queued and sending */
	time_t last_sent;       /* the newest message sent, 0 none */
	/* Messages whose last try, today (local), failed: retried later or
	 * given up. A message sent after a failed try no longer counts. */
	int64_t failures_today;
	int64_t waiting_parts;  /* parts waiting for the rest of their SMS */
	int64_t set_aside;      /* records the modem could not decode */
};

/* Fill *out as of now. 0, or -1 after error(). Free with
 * sms_status_free. */
int sms_status_get(struct db *db, time_t now, struct sms_status *out);
void sms_status_free(struct sms_status *s);

#endif
