/*
 * service.h - the SMS service loop behind `shg serve`.
 *
 * One pass (service_pass):
 *   0. put messages left "sending" (by a crash) back in the queue;
 *   1. connect the modem if it is down and its backoff has passed
 *      (conf.modem_reopen_seconds doubling to 5 min; the state is logged
 *      once per change); a PIN the SIM refused is not entered again
 *      until the configuration's device or PIN changes (the refusal is
 *      kept in modem_state across restarts);
 *   2. hooks.before_send (the scheduler queues reminders and check-ins);
 *   3. expire queued messages past expires_at; then, within the rate
 *      limit (conf.sms_per_minute parts in any 60 s), send due messages one
 *      by one, urgent help alerts (to organisers and the coordinator) first
 *      and, in quiet hours, alerts only: mark "sending" and commit, hand to
 *      the modem, record "sent" or the failure (retry with backoff, or
 *      "failed" after conf.sms_max_attempts or a permanent error; when
 *      the modem went away meanwhile, the message is only put back in
 *      the queue);
 *   4. fetch what arrived, store it (inbox.h) and commit, then delete it
 *      from the modem;
 *   5. hooks.after_receive (reply handling acts on inbox rows with
 *      handled = 0); when something arrived, step 3 runs again so that
 *      what the replies queued (an urgent alert) goes at once;
 *   6. record the modem's state for `shg sms status` (modem_state).
 *
 * With several modems each has a worker thread that does what touches
 * its modem (sending a message; opening, reading, status and balance;
 * deleting what was stored), while the service's thread keeps the
 * database. A pass of the loop (service_run) does not wait for a modem
 * that is opening or reading: what its worker brought is recorded at a
 * later pass (a finished worker wakes the loop), so a modem that stops
 * answering delays no other; service_pass waits for every modem.
 *
 * A stop request (SIGTERM, SIGINT) is honoured between two messages: the
 * message being handed to the modem is finished and recorded first.
 *
 * The service runs its database connection with synchronous = FULL, so
 * a commit has reached the disk before the modem is told to send or to
 * delete: a power cut, not only a crash, keeps the guarantees of
 * outbox.h and inbox.h. Its checkpoints (the WAL copied into the
 * database) run at the end of each pass, not inside a commit.
 *
 * Logs carry message ids and masked numbers only, never text or names.
 */
#ifndef SHG_SERVICE_H
#define SHG_SERVICE_H

#include <time.h>

#include "config/conf.h"
#include "core/db.h"
#include "sms/modem.h"

struct service;

/*
 * Work other modules plug into every pass.  Each returns 0, or -1 after
 * error(): the failure is logged and the pass goes on.  NULL members are
 * skipped.
 */
struct service_hooks {
	/* Queue what is due before sending (reminders, check-ins). */
	int (*before_send)(struct db *db, const struct conf *conf, time_t now,
	    void *arg);
	/* Act on what was received (opt-out keywords, answers). */
	int (*after_receive)(struct db *db, const struct conf *conf,
	    time_t now, void *arg);
	void *arg;
};

/* What one pass did. */
struct service_stats {
	int sent;		/* messages the modem accepted */
	int retried;		/* failed tries put back in the queue */
	int failed;		/* messages given up on */
	int expired;		/* messages dropped past their expiry */
	int received;		/* new inbox rows */
	int held;		/* 1 when sending was held (quiet hours, rate
				 * limit, modem down) with messages due */
};

/*
 * A service over db (borrowed) with configuration *conf (borrowed; read
 * at every pass, replaced by service_reload) and modem m (owned, freed by
 * service_free; not yet open).  For the dummy driver the modem keeps a
 * copy of what it sends in <device>/sent (see dummy.h).
 */
struct service *service_new(struct db *db, struct conf *conf,
    struct modem *m);
void service_free(struct service *s);
/* Take the one-service-per-database lock (released by service_free or
 * when the process ends, however it ends). -1 with a message when
 * another service holds it: two would send every message twice. */
int service_lock(struct service *s);
void service_set_hooks(struct service *s, const struct service_hooks *h);

/* Put messages left "sending" by a crash back in the queue (logged);
 * every pass starts with it.  Returns how many, or -1. */
int service_recover(struct service *s);

/* One pass as described above.  Fills *st when not NULL.  Returns 0, or
 * -1 when the database failed (the pass stops; try again later).  Modem
 * faults are not errors: they are recorded and the pass goes on. */
int service_pass(struct service *s, struct service_stats *st);

/* Passes every conf.poll_seconds until a stop is requested; reloads the
 * configuration from path when asked (SIGHUP).  Installs the handlers for
 * SIGTERM, SIGINT and SIGHUP.  Returns 0 after a clean stop. */
int service_run(struct service *s, const char *conf_path);

/* Load path (NULL: defaults) into a new configuration and swap it in; on
 * any error the old one stays and -1 is returned.  The modem is
 * reconnected at the next pass. */
int service_reload(struct service *s, const char *conf_path);

/* Ask the loop to stop or reload: async-signal-safe. */
void service_request_stop(void);
void service_request_reload(void);
int service_stop_requested(void);

/* 1 when local time of now falls in quiet hours [start, end) (minutes
 * after midnight, the range may wrap midnight; start == end: none). */
int service_quiet(time_t now, int start, int end);

/* For the dummy driver: keep a copy of every sent part in <device>/sent
 * (on, the default) or not (off: benchmarks; the copy folder is numbered
 * by probing, which grows with its size).  Takes effect at the next
 * connect. */
void service_keep_sent_copy(struct service *s, int on);

/* 1 while a modem is connected. */
int service_modem_up(const struct service *s);

/* How many modems conf drives (its `modems` list, else 1). */
int service_nmodems(const struct conf *c);

/* What `shg sms status` shows of one modem. */
struct service_modem_info {
	char name[64];
	int known;		/* 0: the service has not recorded it yet */
	int connected;
	time_t since;		/* connected since; 0 unknown */
	time_t updated;		/* state as of */
	int signal, sim_used, sim_size;	/* -1 unknown */
	char network[64];	/* operator's name, "" unknown */
	int64_t balance;	/* prepaid balance in đồng, -1 unknown */
	time_t balance_at;
	int balance_low;	/* 1 when below the modem's balance_low */
	int fails_in_row;	/* failed tries since the last success */
	char last_error[128];	/* "" none */
	int64_t sent, failed;	/* since the since argument */
	int64_t queued;		/* queued messages it would be the first
				 * choice for (for a modem without carrier:
				 * those no other modem prefers) */
	int pace;		/* parts a minute it sends, learned from its
				 * send times; 0 unknown */
	int cap;		/* its operator cap of parts a minute, 0 none */
	char problem[16];	/* what needs the administrator, "" none:
				 * "pin_refused" (the SIM refused the PIN
				 * configured), "balance_low", "no_network"
				 * (10 min), "sim_full" (nearly), "failing"
				 * (5 failed tries in a row); the coordinator
				 * gets an
				 * SMS about it at most once a day */
};
/* The label of a problem code, untranslated (pass it to _()). */
const char *service_problem_label(const char *code);
/* The amount in a USSD balance answer: the first number after pattern
 * (after the start when pattern is ""), "." or "," between thousands
 * ("TKC 12.500d" -> 12500).  -1 when there is none. */
int64_t service_parse_balance(const char *answer, const char *pattern);
/* Parts a minute a modem is taken to send before its pace is learned. */
#define SERVICE_PACE_DEFAULT 25
/* Parts a minute the modems of conf send together, for planning (the
 * scheduler's check-ins a pass): each at the pace the service learned
 * and kept (modem_health.pace), SERVICE_PACE_DEFAULT until then, and at
 * most its cap (the modem's per_minute, else sms.per_minute; 0 none).
 * In *out; 0 or -1. */
int service_pace_budget(struct db *db, const struct conf *c, int *out);
/* Fill *out for modem i (0 .. service_nmodems - 1) of conf, counting
 * sent and failed messages since since.  0 or -1. */
int service_modem_info(struct db *db, const struct conf *c, int i,
    time_t since, struct service_modem_info *out);

#endif
