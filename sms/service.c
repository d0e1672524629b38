/*
 * The SMS service: one pass sends what is due and stores what arrived;
 * the loop repeats passes, reconnects a failed modem with backoff and
 * answers signals.
 */
#include "sms/service.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/phone.h"
#include "core/util.h"
#include "sms/carrier.h"
#include "sms/dummy.h"
#include "sms/inbox.h"
#include "sms/notice.h"
#include "sms/outbox.h"

#define OPEN_BACKOFF_MIN 5
#define OPEN_BACKOFF_MAX 300
#define HEALTH_SECONDS 60	/* modem status asked at most this often */
#define WAKE_MS 100		/* idle: look for new work this often */
#define BALANCE_SECONDS 900	/* the balance asked at most this often */
#define NO_NETWORK_SECONDS 600	/* no network this long: a problem */
#define FAILS_IN_ROW 5		/* failed tries in a row: a problem */
#define ALERT_SECONDS 86400	/* the coordinator told at most this often */
#define IO_PATIENCE 3		/* a modem reading this long is passed over */
#define ROUTE_WAIT_MS 500	/* waiting for a busy modem: look again */

/* A message the modem accepted whose "sent" is not yet recorded: it is
 * written in the same commit as the next message's "sending", so that a
 * message costs one synced commit, not two. A crash before that commit
 * leaves it "sending" and it is sent again: still at most one duplicate
 * per modem and crash, as a modem has only one message "sending". */
struct pending_sent {
	int64_t id;
	time_t at;
	int first;			/* parts accepted by earlier tries */
	struct modem_send_result res;	/* each part's reference */
};

/* One modem and its sending worker. */
struct slot {
	char name[64];
	struct modem *m;
	int up;			/* modem open and answering */
	time_t up_since;	/* when it connected */
	time_t next_open;	/* no reconnect before this */
	int backoff;		/* current reconnect delay, seconds */
	int dev_missing;	/* its device file was absent when it failed */
	char state[160];	/* last logged modem state */
	char sent_copy[600];
	time_t rate_at;		/* when rate_parts was counted; 0: stale */
	int64_t rate_parts;	/* parts tried in the 60 s before rate_at,
				 * plus those sent since */
	int64_t pin_refused;	/* identity (pin_identity) of the PIN the
				 * SIM refused, 0: none; kept in modem_health */
	int pin_loaded;		/* pin_refused was read from the database */
	int fails_in_row;	/* failed tries since the last success */
	double part_seconds;	/* learned: seconds a part takes, 0 unknown */
	struct timespec job_start;	/* when the worker took the job */
	time_t status_at;	/* when the modem's status was last saved */
	time_t balance_at;	/* when the balance was last asked */
	int64_t balance;	/* đồng, -1 unknown */
	time_t no_network_since;	/* 0: on a network */
	time_t alerted_at;	/* when the coordinator was last told */
	char problem[16];	/* the problem last saved, "" none */
	int saved_pace;		/* the pace last saved */
	char notice_sig[160];	/* the problems last given to notice_sync */
	int notice_synced;	/* notice_sync ran since the start */
	int sim_used, sim_size;	/* SIM use when last up, -1 unknown */
	struct modem_status last;	/* what was saved then */
	/* The job the worker has (busy: a message to send, or the modem's
	 * reopening, reading and health), and its outcome (done); guarded
	 * by service.mu while a thread runs.  Only the worker touches the
	 * modem meanwhile; the database stays with the service. */
	struct service *s;
	pthread_t thread;
	int busy, done, threaded, rc, first;
	int kind;		/* JOB_SEND, JOB_IO or JOB_DELETE */
	time_t job_at;
	struct outbox_row job;
	struct modem_send_result res;
	/* JOB_IO: what to do (open, fetch, status, balance) and what came
	 * of it; JOB_DELETE: msgs, now stored, to delete from the modem. */
	int do_open, do_fetch, do_status, do_balance;
	struct modem_config mc;
	int open_rc, fetch_rc, status_rc, ussd_rc;
	struct modem_msg_in *msgs;
	int nmsgs;
	struct modem_status io_st;
	char answer[200], ussd[64];
	int status_new, balance_new;	/* results not yet saved */
	time_t asked_at;	/* when the worker last asked the status */
	double read_at;		/* monotonic seconds of its last reading */
};

enum { JOB_SEND = 1, JOB_IO, JOB_DELETE };

struct service {
	struct db *db;
	struct conf *conf;
	struct slot *slots;
	int nslots;
	struct conf_modem single;	/* the `modem` section as a modem */
	struct service_hooks hooks;
	int no_copy;		/* dummy: do not keep copies of sent parts */
	int lock_fd;		/* service_lock's file, -1: none */
	pthread_mutex_t mu;	/* guards the slots' busy/done while workers */
	pthread_cond_t cv;	/*   run; signalled when one is done */
	int jobs_done;		/* a worker finished since the last look
				 * (under mu): the loop wakes for it */
	struct pending_sent pending[CONF_MAX_MODEMS];
	int npending;
	/* Messages and reports a modem passed on at once (+CMT, +CDS,
	 * location 0) whose storing failed: they exist nowhere else, so
	 * they are kept here and stored with the next reading of any
	 * modem. */
	struct modem_msg_in *kept;
	int nkept;
	int housekept;		/* local day of the last housekeeping, 0 none */
};

static volatile sig_atomic_t stop_flag, reload_flag;

void service_request_stop(void) { stop_flag = 1; }
void service_request_reload(void) { reload_flag = 1; }
int service_stop_requested(void) { return stop_flag != 0; }

/* The configuration of modem i: an entry of conf.modems, or the `modem`
 * section seen as one modem named "modem" (in *buf, its fields
 * borrowed). */
static const struct conf_modem *
conf_modem_at(const struct conf *c, int i, struct conf_modem *buf)
{
	if (c->nmodems > 0)
		return &c->modems[i];
	memset(buf, 0, sizeof *buf);
	buf->name = "modem";
	buf->connection = c->modem_connection;
	buf->device = c->modem_device;
	buf->model = c->modem_model;
	buf->pin = c->modem_pin;
	buf->smsc = c->modem_smsc;
	buf->gammurc = c->modem_gammurc;
	buf->carrier = "";
	buf->ussd = buf->balance_pattern = "";
	return buf;
}

static const struct conf_modem *
mconf(struct service *s, int i)
{
	return conf_modem_at(s->conf, i, &s->single);
}

/* What service_modem_info.problem codes mean. */
static const struct {
	const char *code, *label;
} problems[] = {
	{ "pin_refused", N_("the SIM refused its PIN") },
	{ "balance_low", N_("the balance is low") },
	{ "no_network", N_("no network for 10 minutes") },
	{ "sim_full", N_("the SIM is nearly full") },
	{ "failing", N_("sending failed 5 times in a row") },
};

const char *
service_problem_label(const char *code)
{
	for (size_t i = 0; i < NELEM(problems); i++)
		if (str_eq(code, problems[i].code))
			return problems[i].label;
	return code;
}

int
service_nmodems(const struct conf *c)
{
	return c->nmodems > 0 ? c->nmodems : 1;
}

/* Counting the queue a modem is the first choice for. */
struct queue_count {
	const struct conf *conf;
	int i;
	int64_t n;
};

static int
prefers(const struct conf_modem *m, const char *number)
{
	return carrier_prefers(m->carrier, m->prefixes, m->nprefixes, number);
}

static int
count_queued(const char *recipient, void *arg)
{
	struct queue_count *q = arg;
	struct conf_modem buf;
	int n = service_nmodems(q->conf), other = 0;

	if (prefers(conf_modem_at(q->conf, q->i, &buf), recipient)) {
		q->n++;
		return 0;
	}
	for (int k = 0; k < n && !other; k++)
		other = prefers(conf_modem_at(q->conf, k, &buf), recipient);
	q->n += !other && !*conf_modem_at(q->conf, q->i, &buf)->carrier &&
	    conf_modem_at(q->conf, q->i, &buf)->nprefixes == 0;
	return 0;
}

static void
copy_col(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const char *v = db_col_text(st, col);

	snprintf(dst, size, "%s", v ? v : "");
}

static int
read_health(struct db *db, struct service_modem_info *out)
{
	static const char sql[] = "SELECT connected, coalesce(connected_since, "
	    "0), coalesce(signal, -1), coalesce(operator, ''), "
	    "coalesce(sim_used, -1), coalesce(sim_size, -1), "
	    "coalesce(balance, -1), coalesce(balance_at, 0), last_error, "
	    "fails_in_row, updated_at, coalesce(problem, ''), "
	    "coalesce(pace, 0) FROM "
	    "modem_health WHERE name = ?1";
	sqlite3_stmt *st;
	int rc;

	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "t", out->name) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		out->known = 1;
		out->connected = (int)db_col_int(st, 0);
		out->since = (time_t)db_col_int(st, 1);
		out->signal = (int)db_col_int(st, 2);
		copy_col(st, 3, out->network, sizeof out->network);
		out->sim_used = (int)db_col_int(st, 4);
		out->sim_size = (int)db_col_int(st, 5);
		out->balance = db_col_int(st, 6);
		out->balance_at = (time_t)db_col_int(st, 7);
		copy_col(st, 8, out->last_error, sizeof out->last_error);
		out->fails_in_row = (int)db_col_int(st, 9);
		out->updated = (time_t)db_col_int(st, 10);
		copy_col(st, 11, out->problem, sizeof out->problem);
		out->pace = (int)db_col_int(st, 12);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
service_modem_info(struct db *db, const struct conf *c, int i, time_t since,
    struct service_modem_info *out)
{
	struct conf_modem buf;
	const struct conf_modem *m = conf_modem_at(c, i, &buf);
	struct queue_count q = { c, i, 0 };

	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", m->name);
	out->signal = out->sim_used = out->sim_size = -1;
	out->balance = -1;
	if (read_health(db, out) < 0 || outbox_modem_counts(db, m->name, since,
	    &out->sent, &out->failed) < 0 || outbox_each_queued(db,
	    count_queued, &q) < 0)
		return -1;
	out->queued = q.n;
	out->cap = m->per_minute > 0 ? m->per_minute : c->sms_per_minute;
	out->balance_low = out->balance >= 0 && out->balance < m->balance_low;
	return 0;
}

int
service_pace_budget(struct db *db, const struct conf *c, int *out)
{
	static const char sql[] = "SELECT coalesce(pace, 0) FROM modem_health "
	    "WHERE name = ?1";
	struct conf_modem buf;
	int64_t pace;

	*out = 0;
	for (int i = 0; i < service_nmodems(c); i++) {
		const struct conf_modem *m = conf_modem_at(c, i, &buf);
		int cap = m->per_minute > 0 ? m->per_minute : c->sms_per_minute;
		if (db_int(db, &pace, 0, sql, "t", m->name) < 0)
			return -1;
		if (pace <= 0)
			pace = SERVICE_PACE_DEFAULT;
		*out += (int)(cap > 0 && cap < pace ? cap : pace);
	}
	return 0;
}

/* Slots for every configured modem: first (owned) is the first modem;
 * the others are new libGammu modems. */
static void
make_slots(struct service *s, struct modem *first)
{
	s->nslots = service_nmodems(s->conf);
	s->slots = xcalloc((size_t)s->nslots, sizeof *s->slots);
	for (int i = 0; i < s->nslots; i++) {
		struct slot *sl = &s->slots[i];
		sl->s = s;
		sl->balance = -1;
		sl->sim_used = sl->sim_size = -1;
		sl->m = i == 0 ? first : modem_new_gammu();
		snprintf(sl->name, sizeof sl->name, "%s", mconf(s, i)->name);
	}
}

static void
free_slots(struct service *s, int keep_first)
{
	for (int i = 0; i < s->nslots; i++) {
		struct slot *sl = &s->slots[i];
		if (sl->busy && sl->threaded)
			pthread_join(sl->thread, NULL);
		modem_msgs_free(sl->msgs, sl->nmsgs);
		if (i == 0 && keep_first)
			modem_close(s->slots[i].m);
		else
			modem_free(s->slots[i].m);
		outbox_row_free(&s->slots[i].job);
	}
	free(s->slots);
	s->slots = NULL;
	s->nslots = 0;
}

struct service *
service_new(struct db *db, struct conf *conf, struct modem *m)
{
	struct service *s = xcalloc(1, sizeof *s);

	s->db = db;
	s->conf = conf;
	s->lock_fd = -1;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	make_slots(s, m);
	/* Commits must reach the disk before the modem acts on them. */
	if (db_exec(db, "PRAGMA synchronous = FULL") < 0)
		log_warnx("could not make commits synchronous");
	/* The WAL is copied back into the database at the end of a pass
	 * (service_pass), not inside the commit of whichever message or
	 * scheduling crossed SQLite's threshold. */
	if (db_exec(db, "PRAGMA wal_autocheckpoint = 0") < 0)
		log_warnx("could not move checkpoints out of passes");
	return s;
}

void
service_free(struct service *s)
{
	if (!s)
		return;
	free_slots(s, 0);
	if (s->nkept > 0)
		log_warnx("%d message(s) or report(s) passed on by the modem "
		    "could not be stored before the service stopped", s->nkept);
	modem_msgs_free(s->kept, s->nkept);
	if (s->lock_fd >= 0)
		flock(s->lock_fd, LOCK_UN);     /* not closed: service_lock */
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s);
}

/* One service per database: two would send every message twice. The
 * lock is an flock on the database file itself, so that the same file
 * reached through a symlink or a hard link is the same lock, and the
 * kernel drops it when the process dies, even by SIGKILL. flock does not
 * touch SQLite's POSIX locks; but closing any descriptor of the database
 * file would drop those, so service_free only unlocks and the descriptor
 * stays open until the process ends. */
int
service_lock(struct service *s)
{
	const char *path = db_path(s->db);
	int fd;

	if (s->lock_fd >= 0 || !strcmp(path, ":memory:"))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error("%s: cannot open the database to lock it: %s",
		    path, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		/* Unlocked and left open: see above. */
		error("%s: another shg serve is already running on this "
		    "database", path);
		return -1;
	}
	s->lock_fd = fd;
	return 0;
}

void
service_set_hooks(struct service *s, const struct service_hooks *h)
{
	s->hooks = h ? *h : (struct service_hooks){ 0 };
}

void
service_keep_sent_copy(struct service *s, int on)
{
	s->no_copy = !on;
}

int
service_modem_up(const struct service *s)
{
	for (int i = 0; i < s->nslots; i++)
		if (s->slots[i].up)
			return 1;
	return 0;
}

int
service_quiet(time_t now, int start, int end)
{
	int day, min;

	if (start == end)
		return 0;
	time_to_local(now, &day, &min);
	if (start < end)
		return min >= start && min < end;
	return min >= start || min < end;
}

/* Log the modem's state when it differs from the last one logged. */
static void
note_state(struct service *s, struct slot *sl, int up, const char *err)
{
	char now[sizeof sl->state];

	snprintf(now, sizeof now, "%s%s", up ? "up" : "down: ", up ? "" : err);
	if (!strcmp(now, sl->state))
		return;
	snprintf(sl->state, sizeof sl->state, "%s", now);
	if (s->nslots == 1 && up)
		log_info("modem connected");
	else if (s->nslots == 1)
		log_warnx("modem unavailable (%s); retrying with backoff", err);
	else if (up)
		log_info("modem %s connected", sl->name);
	else
		log_warnx("modem %s unavailable (%s); retrying with backoff",
		    sl->name, err);
}

/* Identity of the configured PIN for a modem (FNV-1a of device and
 * PIN), 0 when no PIN is set.  Only this is kept of a refused PIN, to
 * tell whether the configuration changed since. */
static int64_t
pin_identity(const struct conf_modem *c)
{
	const char *parts[2] = { c->device, c->pin };
	uint64_t h = UINT64_C(14695981039346656037);

	if (str_empty(c->pin))
		return 0;
	for (int i = 0; i < 2; i++)
		for (const char *p = parts[i] ? parts[i] : ""; ; p++) {
			h = (h ^ (unsigned char)*p) * UINT64_C(1099511628211);
			if (!*p)
				break;
		}
	return (int64_t)(h >> 1) | 1;
}

/* The refused PIN's identity, read once from the database (the single
 * modem's may still be in modem_state, from before modem_health), with
 * when the coordinator was last told and the last balance read. */
static void
load_pin_refused(struct service *s, struct slot *sl)
{
	static const char sql[] = "SELECT pin_refused FROM modem_health "
	    "WHERE name = ?1";
	static const char old_sql[] = "SELECT pin_refused FROM modem_state "
	    "WHERE id = 1";
	static const char alerted[] = "SELECT alerted_at FROM modem_health "
	    "WHERE name = ?1";
	static const char balance[] = "SELECT coalesce(balance, -1) FROM "
	    "modem_health WHERE name = ?1";
	static const char balance_at[] = "SELECT balance_at FROM modem_health "
	    "WHERE name = ?1";
	static const char lost[] = "SELECT coalesce(no_network_since, 0) FROM "
	    "modem_health WHERE name = ?1";
	static const char fails[] = "SELECT fails_in_row FROM modem_health "
	    "WHERE name = ?1";
	static const char paced[] = "SELECT coalesce(pace, 0) FROM "
	    "modem_health WHERE name = ?1";
	int64_t at = 0, v = 0;

	if (sl->pin_loaded)
		return;
	if (db_int(s->db, &at, 0, alerted, "t", sl->name) == 0)
		sl->alerted_at = (time_t)at;
	if (db_int(s->db, &sl->balance, -1, balance, "t", sl->name) < 0)
		sl->balance = -1;
	if (db_int(s->db, &at, 0, balance_at, "t", sl->name) == 0)
		sl->balance_at = (time_t)at;
	/* No network since before a restart is still no network since then. */
	if (db_int(s->db, &at, 0, lost, "t", sl->name) == 0)
		sl->no_network_since = (time_t)at;
	if (db_int(s->db, &v, 0, fails, "t", sl->name) == 0)
		sl->fails_in_row = (int)v;
	/* The pace learned before a restart goes on from where it was. */
	if (!sl->part_seconds && db_int(s->db, &v, 0, paced, "t",
	    sl->name) == 0 && v > 0) {
		sl->part_seconds = 60.0 / (double)v;
		sl->saved_pace = (int)v;
	}
	if (db_int(s->db, &sl->pin_refused, 0, sql, "t", sl->name) < 0)
		sl->pin_refused = 0;
	if (!sl->pin_refused && sl == &s->slots[0] &&
	    db_int(s->db, &sl->pin_refused, 0, old_sql, "") < 0)
		sl->pin_refused = 0;
	sl->pin_loaded = 1;
}

static void
modem_settings(struct service *s, struct slot *sl, struct modem_config *mc)
{
	const struct conf_modem *c = mconf(s, (int)(sl - s->slots));

	memset(mc, 0, sizeof *mc);
	mc->connection = c->connection;
	mc->device = c->device;
	mc->model = c->model;
	mc->pin = c->pin;
	mc->smsc = c->smsc;
	mc->gammurc = c->gammurc;
	mc->send_timeout = s->conf->sms_send_timeout;
	mc->delivery_reports = s->conf->sms_delivery_reports;
	mc->pass_on = s->conf->sms_pass_on;
	load_pin_refused(s, sl);
	mc->pin_blocked = sl->pin_refused != 0 &&
	    sl->pin_refused == pin_identity(c);
	if (str_eq(c->model, "dummy") && !str_empty(c->device) && !s->no_copy)
		mc->sent_copy = dummy_sent_dir(c->device, sl->sent_copy,
		    sizeof sl->sent_copy);
}

/* 1 when the modem is reached through a device file (a serial port,
 * /dev/serial/by-id/...) that does not exist now: unplugged, or between
 * a USB reset and its re-enumeration. */
static int
device_missing(const struct conf_modem *c)
{
	return c->device && c->device[0] == '/' && !(c->model &&
	    str_eq(c->model, "dummy")) &&
	    access(c->device, F_OK) != 0;
}

/* The modem failed or dropped: wait before the next connect. */
static void
went_down(struct service *s, struct slot *sl, time_t now)
{
	struct modem_status st;

	modem_status(sl->m, &st);
	if (st.connected)
		return;
	if (st.pin_refused)
		sl->pin_refused = pin_identity(mconf(s, (int)(sl - s->slots)));
	sl->up = 0;
	sl->backoff = sl->backoff ? sl->backoff * 2 : s->conf->modem_reopen_seconds;
	if (sl->backoff < 1)
		sl->backoff = OPEN_BACKOFF_MIN;
	if (sl->backoff > OPEN_BACKOFF_MAX)
		sl->backoff = OPEN_BACKOFF_MAX;
	sl->next_open = now + sl->backoff;
	sl->dev_missing = device_missing(mconf(s, (int)(sl - s->slots)));
	note_state(s, sl, 0, st.last_error[0] ? st.last_error : "not answering");
}

/* 1 when the modem several modems drive concurrently, each on its own
 * worker; with one, the service does its jobs itself. */
static int
concurrent(const struct service *s)
{
	return s->nslots > 1;
}

/* 1 when modem sl is down and may be opened now: its backoff has passed,
 * or its device file came back (opened at once, whatever the backoff
 * reached while it was away). */
static int
open_due(struct service *s, struct slot *sl, time_t now)
{
	return !sl->up && !sl->busy && (now >= sl->next_open ||
	    (sl->dev_missing && !device_missing(mconf(s,
	    (int)(sl - s->slots)))));
}

/* What the open job brought: the modem up, or down with backoff. */
static void
opened(struct service *s, struct slot *sl, time_t now)
{
	if (sl->open_rc == 0) {
		sl->up = 1;
		sl->up_since = now;
		sl->backoff = 0;
		sl->status_at = 0;
		note_state(s, sl, 1, "");
	} else {
		went_down(s, sl, now);
	}
}

static int start_io(struct service *s, struct slot *sl, int open, int fetch);

/* Connect when down and the backoff has passed: on the modem's worker
 * when several modems run (a modem that does not answer delays no other
 * one), here with one. */
static void
ensure_open(struct service *s, struct slot *sl, time_t now)
{
	if (open_due(s, sl, now))
		start_io(s, sl, 1, 0);
}

int
service_recover(struct service *s)
{
	int n = outbox_recover(s->db);

	if (n > 0)
		log_warnx("%d message(s) were being sent when the service "
		    "stopped: sending again", n);
	return n;
}

static int
flush_sent(struct service *s)
{
	int rc = 0;

	for (int i = 0; i < s->npending && rc == 0; i++) {
		struct pending_sent *p = &s->pending[i];
		if ((rc = outbox_parts_accepted(s->db, p->id, p->at, p->first,
		    p->res.tpmr, p->res.parts_sent)) == 0)
			rc = outbox_mark_sent(s->db, p->id, p->at, -1);
	}
	s->npending = 0;
	return rc;
}

/* The messages sent before and r's "sending" on modem sl, in one
 * commit. */
static int
mark_sending(struct service *s, struct slot *sl, const struct outbox_row *r,
    time_t now)
{
	if (db_begin(s->db) < 0)
		return -1;
	if (flush_sent(s) < 0 || outbox_mark_sending(s->db, r->id, now) < 0 ||
	    outbox_set_modem(s->db, r->id, sl->name) < 0) {
		db_rollback(s->db);
		return -1;
	}
	return db_commit(s->db);
}

/* 1 when the modem dropped its connection (unplugged, stopped
 * answering): a failure then says nothing about the message. */
static int
modem_gone(struct slot *sl)
{
	struct modem_status st;

	modem_status(sl->m, &st);
	return !st.connected;
}

/* The modem went away while r was handed to it: r goes back to the
 * queue as it was (not a failed try) and waits for a modem. */
static int
hold(struct service *s, struct slot *sl, const struct outbox_row *r,
    const char *masked, time_t now, struct service_stats *st)
{
	int rc = outbox_requeue(s->db, r->id);

	log_warnx("sms %lld to %s held: the modem went away", (long long)r->id,
	    masked);
	st->held = 1;
	went_down(s, sl, now);
	return rc;
}

/* A multipart message that failed part-way is tried again from the
 * first part the network did not accept (kept in the outbox, so also
 * after a restart), so that the member does not get the first parts
 * twice. */
static int
note_resume(struct service *s, const struct outbox_row *r, int first,
    const struct modem_send_result *res)
{
	return outbox_parts_accepted(s->db, r->id, clock_now(), first,
	    res->tpmr, res->parts_sent);
}

/* Learn the modem's pace from the time its last job took for parts
 * parts: a moving average, so that a slow hour fades. */
static void
learn_pace(struct slot *sl, int parts)
{
	struct timespec now;
	double d;

	if (parts <= 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	d = ((double)(now.tv_sec - sl->job_start.tv_sec) +
	    (now.tv_nsec - sl->job_start.tv_nsec) / 1e9) / parts;
	sl->part_seconds = sl->part_seconds > 0 ?
	    0.8 * sl->part_seconds + 0.2 * d : d;
}

/* Parts a minute modem sl sends at its learned pace, 0 unknown. */
static int
pace(const struct slot *sl)
{
	return sl->part_seconds > 0 ? (int)(60.0 / sl->part_seconds + 0.5) : 0;
}

/* Record what the modem did with the message its worker had. */
static int
job_outcome(struct service *s, struct slot *sl, struct service_stats *st)
{
	const struct outbox_row *r = &sl->job;
	const struct modem_send_result *res = &sl->res;
	char masked[32];
	int rc;

	phone_mask(r->recipient, masked, sizeof masked);
	if (sl->rc < 0 && res->parts_sent > sl->first && note_resume(s, r,
	    sl->first, res) < 0)
		return -1;
	if (sl->rc == 0) {
		log_info("sms %lld to %s sent (%d part%s%s)", (long long)r->id,
		    masked, res->parts, res->parts == 1 ? "" : "s",
		    sl->first ? ", resumed" : "");
		st->sent++;
		sl->fails_in_row = 0;
		learn_pace(sl, res->parts_sent - sl->first);
		s->pending[s->npending].id = r->id;
		s->pending[s->npending].at = clock_now();
		s->pending[s->npending].first = sl->first;
		s->pending[s->npending++].res = *res;
		return 0;
	}
	if (!res->permanent && modem_gone(sl))
		return hold(s, sl, r, masked, sl->job_at, st);
	sl->fails_in_row++;
	rc = outbox_mark_failed(s->db, r->id, clock_now(), res->err,
	    res->permanent, s->conf->sms_max_attempts,
	    s->conf->sms_retry_seconds);
	log_warnx("sms %lld to %s: try %d failed", (long long)r->id, masked,
	    r->attempts + 1);
	if (res->permanent || r->attempts + 1 >= s->conf->sms_max_attempts)
		st->failed++;
	else
		st->retried++;
	went_down(s, sl, sl->job_at);
	return rc;
}

static void
job_send(struct slot *sl)
{
	const struct outbox_row *r = &sl->job;

	clock_gettime(CLOCK_MONOTONIC, &sl->job_start);
	memset(&sl->res, 0, sizeof sl->res);
	sl->rc = modem_send_resume(sl->m, r->recipient, r->text,
	    str_eq(r->coding, "ucs2"), r->concat_ref, sl->first, &sl->res);
}

/* The modem's side of JOB_IO: open it, read what it stores, ask its
 * status and balance; the first failure ends the job. */
static void
io_run(struct slot *sl)
{
	sl->open_rc = sl->fetch_rc = sl->status_rc = sl->ussd_rc = 0;
	sl->msgs = NULL;
	sl->nmsgs = 0;
	log_mute(1);
	if (sl->do_open)
		sl->open_rc = modem_open(sl->m, &sl->mc);
	log_mute(0);
	if (sl->open_rc < 0)
		return;
	if (sl->do_fetch && (sl->fetch_rc = modem_fetch(sl->m, &sl->msgs,
	    &sl->nmsgs)) < 0)
		return;		/* keeping what was passed on whole */
	if (sl->do_status) {
		memset(&sl->io_st, 0, sizeof sl->io_st);
		sl->status_rc = modem_status(sl->m, &sl->io_st);
	}
	if (sl->do_balance && sl->status_rc == 0) {
		log_mute(1);
		sl->ussd_rc = modem_ussd(sl->m, sl->ussd, sl->answer,
		    sizeof sl->answer);
		log_mute(0);
	}
}

/* Delete from the modem what is now safely stored.  A failure only means
 * the message is read (and recognised) again. */
static int
delete_msgs(struct slot *sl, const struct modem_msg_in *msgs, int n)
{
	int failed = 0;

	for (int i = 0; i < n; i++)
		if (modem_delete(sl->m, &msgs[i]) < 0)
			failed++;
	return failed;
}

static void
deleted(int failed)
{
	if (failed)
		log_warnx("%d stored message(s) could not be deleted from the "
		    "modem; they will be recognised when read again", failed);
}

static void
job_run(struct slot *sl)
{
	if (sl->kind == JOB_SEND)
		job_send(sl);
	else if (sl->kind == JOB_IO)
		io_run(sl);
	else
		sl->rc = delete_msgs(sl, sl->msgs, sl->nmsgs);
}

static void *
job_thread(void *arg)
{
	struct slot *sl = arg;

	job_run(sl);
	pthread_mutex_lock(&sl->s->mu);
	sl->done = 1;
	sl->s->jobs_done = 1;
	pthread_cond_broadcast(&sl->s->cv);
	pthread_mutex_unlock(&sl->s->mu);
	return NULL;
}

/* Give modem sl a job: on its worker thread when several modems run, so
 * that each goes at its own pace and a modem that does not answer
 * delays no other; done here at once with one. */
static void
run_job(struct service *s, struct slot *sl, int kind)
{
	sl->kind = kind;
	sl->busy = 1;
	sl->done = 0;
	sl->job_at = clock_now();
	sl->threaded = concurrent(s) &&
	    pthread_create(&sl->thread, NULL, job_thread, sl) == 0;
	if (!sl->threaded) {
		job_run(sl);
		sl->done = 1;
	}
}

/* Hand r (taken over) to modem sl: marked "sending" on it first. */
static int
start_job(struct service *s, struct slot *sl, struct outbox_row *r,
    time_t now)
{
	if (mark_sending(s, sl, r, now) < 0) {
		outbox_row_free(r);
		return -1;
	}
	sl->job = *r;
	memset(r, 0, sizeof *r);
	sl->first = sl->job.parts_done > 0 && sl->job.parts_done < sl->job.parts
	    ? sl->job.parts_done : 0;
	run_job(s, sl, JOB_SEND);
	return 0;
}

/* 1 when the balance of modem sl is to be asked now (where configured,
 * at most every BALANCE_SECONDS). */
static int
balance_due(struct service *s, struct slot *sl, time_t now)
{
	const struct conf_modem *mc = mconf(s, (int)(sl - s->slots));

	return !str_empty(mc->ussd) && (!sl->balance_at ||
	    now - sl->balance_at >= BALANCE_SECONDS);
}

/*
 * Start the modem's job of reopening (open), reading what it stores
 * (fetch) and, with several modems, asking its status and balance when
 * due (with one, save_status asks them itself).  Nothing to do: no job.
 */
static int
start_io(struct service *s, struct slot *sl, int open, int fetch)
{
	const struct conf_modem *mc = mconf(s, (int)(sl - s->slots));
	time_t now = clock_now();

	if (open)	/* reads what the database keeps of the modem */
		modem_settings(s, sl, &sl->mc);
	sl->do_open = open;
	sl->do_fetch = fetch;
	sl->do_status = concurrent(s) && (open || !sl->asked_at ||
	    now - sl->asked_at >= HEALTH_SECONDS);
	sl->do_balance = concurrent(s) && balance_due(s, sl, now);
	if (!open && !fetch && !sl->do_status && !sl->do_balance)
		return 0;
	if (sl->do_status)
		sl->asked_at = now;
	if (sl->do_balance) {
		sl->balance_at = now;
		snprintf(sl->ussd, sizeof sl->ussd, "%s", mc->ussd);
	}
	run_job(s, sl, JOB_IO);
	return 0;
}

/* Put the passed-on records kept after a failed store (service.kept)
 * before what modem sl read. */
static void
take_kept(struct service *s, struct slot *sl)
{
	struct modem_msg_in *all;

	if (s->nkept == 0)
		return;
	all = xcalloc((size_t)(s->nkept + sl->nmsgs), sizeof *all);
	memcpy(all, s->kept, (size_t)s->nkept * sizeof *all);
	if (sl->nmsgs > 0)
		memcpy(all + s->nkept, sl->msgs, (size_t)sl->nmsgs * sizeof *all);
	free(s->kept);
	free(sl->msgs);
	sl->msgs = all;
	sl->nmsgs += s->nkept;
	s->kept = NULL;
	s->nkept = 0;
}

/* Storing what modem sl read failed: what the modem stores is read
 * again next time, but what it passed on (location 0) is kept. */
static void
keep_passed_on(struct service *s, struct slot *sl)
{
	int k = 0;

	s->kept = xcalloc((size_t)sl->nmsgs, sizeof *s->kept);
	for (int i = 0; i < sl->nmsgs; i++) {
		if (sl->msgs[i].location <= 0)
			s->kept[k++] = sl->msgs[i];
		else
			free(sl->msgs[i].text);
	}
	s->nkept = k;
	if (k)
		log_warnx("%d message(s) or report(s) passed on by the modem "
		    "could not be stored; kept to store with the next "
		    "reading", k);
	free(sl->msgs);
	sl->msgs = NULL;
	sl->nmsgs = 0;
}

/* Store what modem sl read (a reply is linked to its sender whichever
 * modem it came on), then delete it from the modem: on its worker with
 * several modems.  0, or -1 when the database failed. */
static int
store_read(struct service *s, struct slot *sl, struct service_stats *st,
    time_t now)
{
	int added;

	take_kept(s, sl);
	added = inbox_store(s->db, sl->msgs, sl->nmsgs, now,
	    s->conf->multipart_timeout);
	if (added < 0) {
		keep_passed_on(s, sl);
		return -1;
	}
	st->received += added;
	if (added)
		log_info("%d message(s) received and stored", added);
	if (concurrent(s)) {
		run_job(s, sl, JOB_DELETE);	/* frees them when done */
		return 0;
	}
	deleted(delete_msgs(sl, sl->msgs, sl->nmsgs));
	modem_msgs_free(sl->msgs, sl->nmsgs);
	sl->msgs = NULL;
	sl->nmsgs = 0;
	return 0;
}

/* Record what the modem's JOB_IO brought. */
static int
io_outcome(struct service *s, struct slot *sl, struct service_stats *st)
{
	time_t now = clock_now();

	if (sl->do_open) {
		opened(s, sl, now);
		if (!sl->up)
			return 0;
	}
	if (sl->do_fetch && sl->fetch_rc < 0) {
		/* The reports and messages passed on before the failure are
		 * stored first: they exist nowhere else. */
		went_down(s, sl, now);
		return sl->nmsgs > 0 || s->nkept > 0 ? store_read(s, sl, st,
		    now) : 0;
	}
	if (sl->do_status && sl->status_rc < 0) {
		went_down(s, sl, now);
	} else if (sl->do_status) {
		sl->status_new = 1;
		if (sl->do_balance && sl->ussd_rc < 0) {
			log_warnx("modem %s: no balance answer", sl->name);
			went_down(s, sl, now);
		} else if (sl->do_balance) {
			sl->balance_new = 1;
		}
	}
	if (sl->nmsgs > 0 || s->nkept > 0)
		return store_read(s, sl, st, now);
	modem_msgs_free(sl->msgs, sl->nmsgs);
	sl->msgs = NULL;
	return 0;
}

static int
any_busy(const struct service *s)
{
	for (int i = 0; i < s->nslots; i++)
		if (s->slots[i].busy)
			return 1;
	return 0;
}

static int
any_sending(const struct service *s)
{
	for (int i = 0; i < s->nslots; i++)
		if (s->slots[i].busy && s->slots[i].kind == JOB_SEND)
			return 1;
	return 0;
}

/* Record every finished job.  0, or -1 when the database failed. */
static int
collect(struct service *s, struct service_stats *st)
{
	int rc = 0, done;

	for (int i = 0; i < s->nslots; i++) {
		struct slot *sl = &s->slots[i];
		if (!sl->busy)
			continue;
		pthread_mutex_lock(&s->mu);
		done = sl->done;
		pthread_mutex_unlock(&s->mu);
		if (!done)
			continue;
		if (sl->threaded)
			pthread_join(sl->thread, NULL);
		sl->busy = sl->done = 0;
		if (sl->kind == JOB_SEND) {
			if (job_outcome(s, sl, st) < 0)
				rc = -1;
			sl->rate_parts += sl->job.parts;
			outbox_row_free(&sl->job);
		} else if (sl->kind == JOB_IO) {
			if (io_outcome(s, sl, st) < 0)
				rc = -1;
		} else {
			deleted(sl->rc);
			modem_msgs_free(sl->msgs, sl->nmsgs);
			sl->msgs = NULL;
			sl->nmsgs = 0;
		}
	}
	return rc;
}

/* Wait until a busy worker is done, or ms milliseconds (0: no limit). */
static void
wait_done(struct service *s, int ms)
{
	struct timespec until;
	int done = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->mu);
	while (!done) {
		for (int i = 0; i < s->nslots && !done; i++)
			done = s->slots[i].busy && s->slots[i].done;
		if (done)
			break;
		if (!ms)
			pthread_cond_wait(&s->cv, &s->mu);
		else if (pthread_cond_timedwait(&s->cv, &s->mu, &until) != 0)
			break;
	}
	pthread_mutex_unlock(&s->mu);
}

/* Wait for every job and record it (a pass that is to be complete, a
 * stop, a reload). */
static int
drain(struct service *s, struct service_stats *st)
{
	struct service_stats local;
	int rc = 0;

	if (!st) {
		memset(&local, 0, sizeof local);
		st = &local;
	}
	while (any_busy(s)) {
		wait_done(s, 0);
		if (collect(s, st) < 0)
			rc = -1;
	}
	return rc;
}

/* Parts modem sl may still send in this minute (its cap: the modem's
 * per_minute, else sms.per_minute; none when both are 0: the modem then
 * sends at its own pace, which sending blocks on).  The count of parts in the last
 * minute is read from the outbox at most once a second and kept up to
 * date in between. */
static int
rate_room(struct service *s, struct slot *sl, time_t now)
{
	const struct conf_modem *mc = mconf(s, (int)(sl - s->slots));
	int cap = mc->per_minute > 0 ? mc->per_minute : s->conf->sms_per_minute;

	if (cap <= 0)
		return 1;	/* the modem's own pace */
	if (now != sl->rate_at) {
		if (outbox_modem_parts_since(s->db, sl->name, now - 60,
		    &sl->rate_parts) < 0)
			return -1;
		sl->rate_at = now;
	}
	return sl->rate_parts < cap;
}

#define ROUTE_WAIT (-1)		/* a modem that will do is busy: wait */
#define ROUTE_NONE (-2)		/* no modem may send it now */
#define ROUTE_ERROR (-3)

/*
 * Which modem sends r: an idle one on the recipient's network (cheaper,
 * surer), else waiting for a busy one on it, else any idle modem that is
 * up and within its rate; an urgent alert takes the first idle modem.
 * A modem whose balance is below balance_low is used only when no other
 * is up.
 */
static int
route(struct service *s, const struct outbox_row *r, time_t now)
{
	int urgent = str_eq(r->kind, "alert"), busy_pref = 0, busy = 0;
	int any = -1, poor = -1, ok;

	for (int i = 0; i < s->nslots; i++) {
		struct slot *sl = &s->slots[i];
		const struct conf_modem *mc = mconf(s, i);
		int pref = carrier_prefers(mc->carrier, mc->prefixes,
		    mc->nprefixes, r->recipient);
		int low = sl->balance >= 0 && sl->balance < mc->balance_low;
		if (!sl->up)
			continue;
		if (low && !sl->busy) {
			/* Out of credit: only when no other modem will do. */
			if (poor < 0 && rate_room(s, sl, now) > 0)
				poor = i;
			continue;
		}
		if (sl->busy && sl->kind != JOB_SEND &&
		    now - sl->job_at >= IO_PATIENCE)
			continue;	/* reading for long: as if away */
		if (sl->busy) {
			busy = 1;
			busy_pref |= pref && !low;
			continue;
		}
		if ((ok = rate_room(s, sl, now)) < 0)
			return ROUTE_ERROR;
		if (!ok)
			continue;
		if (urgent || pref)
			return i;
		if (any < 0)
			any = i;
	}
	if (busy_pref && !urgent)
		return ROUTE_WAIT;
	if (any >= 0)
		return any;
	if (busy)
		return ROUTE_WAIT;
	return poor >= 0 ? poor : ROUTE_NONE;
}

/* The next message to send. In quiet hours only urgent alerts go; other
 * messages due are held (st->held) until the quiet hours end. */
static int
next_message(struct service *s, time_t now, struct outbox_row *r,
    struct service_stats *st)
{
	int rc;

	/* Urgent alerts first, at any hour. */
	if ((rc = outbox_next_alert(s->db, now, r)) != 0)
		return rc;
	if (!service_quiet(now, s->conf->quiet_start, s->conf->quiet_end))
		return outbox_next_due(s->db, now, r);
	if ((rc = outbox_next_due(s->db, now, r)) > 0) {
		st->held = 1;
		outbox_row_free(r);
		rc = 0;
	}
	return rc;
}

/* Give the next message due to a modem.  1 when one was given or a busy
 * modem is awaited, 0 when nothing more goes in this pass, -1 on error. */
static int
dispatch_one(struct service *s, struct service_stats *st)
{
	struct outbox_row r;
	time_t now = clock_now();
	int rc, i;

	if ((rc = next_message(s, now, &r, st)) <= 0) {
		if (rc == 0 && any_sending(s)) {
			wait_done(s, 0);
			return 1;
		}
		return rc;
	}
	i = route(s, &r, now);
	if (i >= 0)
		return start_job(s, &s->slots[i], &r, now) < 0 ? -1 : 1;
	outbox_row_free(&r);
	if (i == ROUTE_ERROR)
		return -1;
	if (i == ROUTE_NONE && !any_sending(s)) {
		st->held = 1;
		return 0;
	}
	/* A modem reading is waited for a little: it may take too long. */
	wait_done(s, ROUTE_WAIT_MS);
	return 1;
}

static int
send_due(struct service *s, struct service_stats *st)
{
	int rc, more = 1;

	if ((rc = outbox_expire(s->db, clock_now())) < 0)
		return -1;
	st->expired += rc;
	rc = 0;
	for (int i = 0; i < s->nslots; i++)
		s->slots[i].rate_at = 0;
	while (more > 0 && !stop_flag && rc == 0) {
		rc = collect(s, st);
		more = dispatch_one(s, st);
		if (more < 0)
			rc = -1;
	}
	while (any_sending(s)) {
		wait_done(s, 0);
		if (collect(s, st) < 0)
			rc = -1;
	}
	if (flush_sent(s) < 0)
		rc = -1;
	return rc;
}

/* 1 when modem sl is the dummy driver and its folders are empty: the
 * driver would try 100,000 file names to find nothing. */
static int
nothing_stored(struct service *s, struct slot *sl)
{
	const struct conf_modem *mc = mconf(s, (int)(sl - s->slots));

	return str_eq(mc->model, "dummy") && !str_empty(mc->device) &&
	    dummy_stored_count(mc->device) == 0;
}

static double
mono_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read what arrived on every modem up and free (and ask the health of
 * each, with several modems): see start_io and store_read.  The loop's
 * passes (every) read a modem at most every poll_seconds: a finished
 * worker wakes the loop, which must not read that modem again at once. */
static int
receive(struct service *s, struct service_stats *st, int every)
{
	double now = mono_seconds();

	for (int i = 0; i < s->nslots; i++) {
		struct slot *sl = &s->slots[i];
		int due = every || now - sl->read_at >= s->conf->poll_seconds;
		if (!sl->up || sl->busy)
			continue;
		if (due)
			sl->read_at = now;
		start_io(s, sl, 0, due && !nothing_stored(s, sl));
	}
	return collect(s, st);
}

/* Ask modem sl how it is, at most every HEALTH_SECONDS (and at once
 * after it connected); 1 when something changed since last saved.  With
 * several modems its worker asked (start_io): its answer is taken. */
static int
refresh_status(struct service *s, struct slot *sl, time_t now)
{
	struct modem_status st;

	memset(&st, 0, sizeof st);
	st.signal_percent = st.sim_used = st.sim_size = st.registered = -1;
	if (concurrent(s) && sl->up) {
		if (!sl->status_new)
			return 0;
		sl->status_new = 0;
		st = sl->io_st;
	} else if (sl->up && sl->status_at && now - sl->status_at <
	    HEALTH_SECONDS) {
		return 0;
	} else if (sl->up && modem_status(sl->m, &st) < 0) {
		went_down(s, sl, now);
	}
	if (!sl->up) {
		st.connected = 0;
		snprintf(st.last_error, sizeof st.last_error, "%s",
		    sl->state[0] == 'd' ? sl->state + 6 : "");
	}
	if (sl->up && st.sim_size > 0) {
		sl->sim_used = st.sim_used;
		sl->sim_size = st.sim_size;
	}
	if (!sl->up || st.registered == 0) {
		if (!sl->no_network_since)
			sl->no_network_since = now;
	} else {
		sl->no_network_since = 0;
	}
	if (sl->status_at && !memcmp(&st, &sl->last, sizeof st))
		return 0;
	sl->last = st;
	sl->status_at = now;
	return 1;
}

int64_t
service_parse_balance(const char *answer, const char *pattern)
{
	const char *p = answer;
	int64_t v = 0;

	if (pattern && *pattern) {
		if (!(p = strcasestr(answer, pattern)))
			return -1;
		p += strlen(pattern);
	}
	while (*p && (*p < '0' || *p > '9'))
		p++;
	if (!*p)
		return -1;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (v > INT64_C(100000000000))
				return -1;
			v = v * 10 + (*p - '0');
		} else if ((*p == '.' || *p == ',') && strspn(p + 1,
		    "0123456789") == 3) {
			continue;	/* a thousands separator */
		} else {
			break;
		}
	}
	return v;
}

/* Ask the prepaid balance by USSD where configured, at most every
 * BALANCE_SECONDS.  1 when it was read. */
static int
ask_balance(struct service *s, struct slot *sl, time_t now)
{
	const struct conf_modem *mc = mconf(s, (int)(sl - s->slots));
	char answer[200];
	int64_t v;

	if (concurrent(s)) {
		/* Its worker asked (start_io). */
		if (!sl->balance_new)
			return 0;
		sl->balance_new = 0;
		snprintf(answer, sizeof answer, "%s", sl->answer);
	} else {
		if (!sl->up || !balance_due(s, sl, now))
			return 0;
		sl->balance_at = now;
		log_mute(1);
		if (modem_ussd(sl->m, mc->ussd, answer, sizeof answer) < 0) {
			log_mute(0);
			log_warnx("modem %s: no balance answer", sl->name);
			went_down(s, sl, now);
			return 0;
		}
		log_mute(0);
	}
	if ((v = service_parse_balance(answer, mc->balance_pattern)) < 0) {
		log_warnx("modem %s: no balance found in the answer to %s",
		    sl->name, mc->ussd);
		return 0;
	}
	sl->balance = v;
	return 1;
}

/* What about modem sl needs the administrator, as a code (see
 * service.h), or NULL. */
static const char *
problem(struct service *s, struct slot *sl, time_t now)
{
	const struct conf_modem *mc = mconf(s, (int)(sl - s->slots));

	/* First: the modem cannot work at all until the PIN is fixed (and
	 * it has no network meanwhile). */
	if (sl->pin_refused != 0 && sl->pin_refused == pin_identity(mc))
		return "pin_refused";
	if (sl->balance >= 0 && sl->balance < mc->balance_low)
		return "balance_low";
	if (sl->no_network_since && now - sl->no_network_since >=
	    NO_NETWORK_SECONDS)
		return "no_network";
	if (modem_sim_nearly_full(sl->last.sim_used, sl->last.sim_size))
		return "sim_full";
	if (sl->fails_in_row >= FAILS_IN_ROW)
		return "failing";
	return NULL;
}

/* The problems of modem sl now, for the administrator's follow-up list
 * (notice.h): v has room for six.  No network is not one more problem
 * when the SIM refused its PIN; the SIM's use is the last one read while
 * the modem was up. */
static int
slot_notices(struct service *s, struct slot *sl, time_t now,
    struct notice_now *v)
{
	const struct conf_modem *mc = mconf(s, (int)(sl - s->slots));
	int n = 0, pin = sl->pin_refused != 0 &&
	    sl->pin_refused == pin_identity(mc);

	if (sl->balance >= 0 && sl->balance < mc->balance_low)
		v[n++] = (struct notice_now){ "balance_low", sl->balance_at,
		    sl->balance, 0 };
	if (!pin && sl->no_network_since && now - sl->no_network_since >=
	    NO_NETWORK_SECONDS)
		v[n++] = (struct notice_now){ "no_network",
		    sl->no_network_since, 0, 0 };
	if (modem_sim_nearly_full(sl->sim_used, sl->sim_size))
		v[n++] = (struct notice_now){ "sim_full", now, sl->sim_used,
		    sl->sim_size };
	if (sl->fails_in_row >= FAILS_IN_ROW)
		v[n++] = (struct notice_now){ "failing", now,
		    sl->fails_in_row, 0 };
	if (pin)
		v[n++] = (struct notice_now){ "pin_refused", now, 0, 0 };
	return n;
}

/* Bring modem sl's notices up to date when its problems changed. */
static int
sync_notices(struct service *s, struct slot *sl, time_t now)
{
	struct notice_now v[6];
	char sig[sizeof sl->notice_sig];
	size_t len = 0;
	int n = slot_notices(s, sl, now, v);

	sig[0] = '\0';
	for (int i = 0; i < n && len < sizeof sig; i++)
		len += (size_t)snprintf(sig + len, sizeof sig - len, "%s:%lld:"
		    "%lld ", v[i].kind, (long long)v[i].n,
		    (long long)v[i].total);
	if (sl->notice_synced && !strcmp(sig, sl->notice_sig))
		return 0;
	if (notice_sync(s->db, sl->name, v, n, now) < 0)
		return -1;
	snprintf(sl->notice_sig, sizeof sl->notice_sig, "%s", sig);
	sl->notice_synced = 1;
	return 0;
}

/* Tell the coordinator by SMS, at most once a day per modem. */
static void
tell_coordinator(struct service *s, struct slot *sl, const char *what,
    time_t now)
{
	struct outbox_msg m;
	char text[200];
	int64_t id;

	if (str_empty(s->conf->coordinator_phone) || (sl->alerted_at &&
	    now - sl->alerted_at < ALERT_SECONDS))
		return;
	/* TRANSLATORS: SMS to the coordinator; %s: the modem's name, then
	 * what is wrong (service_problem_label). */
	snprintf(text, sizeof text, _("shg: modem %s needs attention: %s"),
	    sl->name, _(service_problem_label(what)));
	memset(&m, 0, sizeof m);
	m.recipient = s->conf->coordinator_phone;
	m.kind = "manual";
	m.text = text;
	m.mode = SMS_MODE_AUTO;
	m.max_parts = 2;
	if (outbox_enqueue(s->db, &m, &id) < 0)
		return;
	sl->alerted_at = now;
	log_warnx("modem %s needs attention (%s); the coordinator is told",
	    sl->name, what);
}

/* Record each modem's state for `shg sms status` when it changed (the
 * first modem's also in modem_state, as before several modems). */
static int
save_status(struct service *s)
{
	static const char sql[] = "INSERT OR REPLACE INTO modem_state (id, "
	    "connected, signal, sim_used, sim_size, last_error, updated_at, "
	    "pin_refused) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	static const char health[] = "INSERT INTO modem_health (name, "
	    "connected, connected_since, signal, sim_used, sim_size, "
	    "last_error, fails_in_row, pin_refused, updated_at, operator, "
	    "registered, no_network_since, balance, balance_at, problem, "
	    "alerted_at, pace) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12, ?13, nullif(?14, -1), ?15, ?16, ?17, ?18) "
	    "ON CONFLICT (name) DO UPDATE "
	    "SET connected = ?2, connected_since = ?3, signal = ?4, "
	    "sim_used = ?5, sim_size = ?6, last_error = ?7, fails_in_row = ?8, "
	    "pin_refused = ?9, updated_at = ?10, operator = coalesce(?11, "
	    "operator), registered = ?12, no_network_since = ?13, balance = "
	    "coalesce(nullif(?14, -1), balance), balance_at = coalesce(?15, balance_at), "
	    "problem = ?16, alerted_at = ?17, pace = coalesce(?18, pace)";
	time_t now = clock_now();
	int rc = 0;

	for (int i = 0; i < s->nslots && rc == 0; i++) {
		struct slot *sl = &s->slots[i];
		const struct modem_status *st = &sl->last;
		const char *err, *what;
		int changed = refresh_status(s, sl, now);
		changed |= ask_balance(s, sl, now);
		what = problem(s, sl, now);
		if (what)
			tell_coordinator(s, sl, what, now);
		changed |= !str_eq(what, sl->problem) || pace(sl) != sl->saved_pace;
		sl->saved_pace = pace(sl);
		if (!changed)
			continue;
		snprintf(sl->problem, sizeof sl->problem, "%s", what ? what : "");
		load_pin_refused(s, sl);
		err = st->last_error[0] ? st->last_error : NULL;
		rc = db_run(s->db, health, "tdZdddtdZitdZiZtZz", sl->name, sl->up,
		    (int64_t)(sl->up ? sl->up_since : 0), st->signal_percent,
		    st->sim_used, st->sim_size, err, sl->fails_in_row,
		    sl->pin_refused, (int64_t)now, st->network[0] ? st->network :
		    NULL, st->registered, (int64_t)sl->no_network_since,
		    sl->balance, (int64_t)(sl->balance >= 0 ? sl->balance_at : 0),
		    what, (int64_t)sl->alerted_at, pace(sl));
		if (rc == 0 && i == 0)
			rc = db_run(s->db, sql, "ddddtiZ", sl->up,
			    st->signal_percent, st->sim_used, st->sim_size, err,
			    (int64_t)now, sl->pin_refused);
	}
	for (int i = 0; i < s->nslots && rc == 0; i++)
		rc = sync_notices(s, &s->slots[i], now);
	if (rc == 0)
		rc = notice_sync_unreadable(s->db, now);
	return rc;
}

/* Once a day (and at the first pass): delete what is kept only for a
 * while, the modem notices closed sms.notice_keep_days ago.  A failure
 * is logged and tried again at the next pass. */
static void
housekeeping(struct service *s)
{
	time_t now = clock_now();
	int day, min, n;

	time_to_local(now, &day, &min);
	if (day == s->housekept)
		return;
	if (notice_prune(s->db, now - (time_t)s->conf->notice_keep_days *
	    86400, &n) < 0) {
		log_warnx("old modem notices could not be deleted; trying "
		    "again at the next pass");
		return;
	}
	if (n > 0)
		log_info("%d modem notice(s) closed more than %d days ago "
		    "deleted", n, s->conf->notice_keep_days);
	s->housekept = day;
}

static void
run_hook(struct service *s, int (*fn)(struct db *, const struct conf *,
    time_t, void *), const char *what)
{
	if (fn && fn(s->db, s->conf, clock_now(), s->hooks.arg) < 0)
		log_warnx("%s failed; going on", what);
}

/*
 * One pass.  With several modems their reopening, reading and health run
 * on their workers: a complete pass (wait) waits for them; the loop's
 * passes do not, and record what a worker brought at a later pass (a
 * finished worker wakes the loop), so that a modem that does not answer
 * delays no other.
 */
static int
pass(struct service *s, struct service_stats *st, int wait)
{
	struct service_stats local;
	int rc;

	if (!st)
		st = &local;
	memset(st, 0, sizeof *st);
	pthread_mutex_lock(&s->mu);
	s->jobs_done = 0;
	pthread_mutex_unlock(&s->mu);
	/* Sending waits for its workers: nothing is legitimately "sending"
	 * between passes. */
	if (service_recover(s) < 0)
		return -1;
	rc = collect(s, st);
	for (int i = 0; i < s->nslots; i++)
		ensure_open(s, &s->slots[i], clock_now());
	if (wait && drain(s, st) < 0)
		rc = -1;
	run_hook(s, s->hooks.before_send, "scheduling");
	if (rc == 0)
		rc = send_due(s, st);
	if (rc == 0)
		rc = receive(s, st, wait || !concurrent(s));
	if (wait && drain(s, st) < 0)
		rc = -1;
	if (rc == 0)
		run_hook(s, s->hooks.after_receive, "reply handling");
	/* What new replies queued (an urgent alert, a confirmation) goes
	 * now rather than at the next pass. */
	if (rc == 0 && st->received > 0)
		rc = send_due(s, st);
	if (save_status(s) < 0)
		rc = -1;
	housekeeping(s);
	/* Without waiting for readers: what they hold is copied next time. */
	if (db_exec(s->db, "PRAGMA wal_checkpoint(PASSIVE)") < 0)
		log_warnx("could not checkpoint the database; going on");
	return rc;
}

int
service_pass(struct service *s, struct service_stats *st)
{
	return pass(s, st, 1);
}

int
service_reload(struct service *s, const char *conf_path)
{
	struct conf fresh;
	struct modem *first = s->slots[0].m;

	/* conf_load also sets the new time zone. */
	if (conf_load(conf_path, &fresh) < 0)
		return error("configuration not reloaded; keeping the old one");
	/* The workers use the old configuration's modems: let them end. */
	drain(s, NULL);
	if (!str_eq(fresh.database, s->conf->database))
		log_warnx("a new database path takes effect at restart");
	free_slots(s, 1);
	conf_free(s->conf);
	*s->conf = fresh;
	make_slots(s, first);
	log_info("configuration reloaded");
	return 0;
}

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		reload_flag = 1;
	else
		stop_flag = 1;
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* SQLite's count of changes committed by other connections (the CLI,
 * the web interface): it moves when one queued a message. */
static int64_t
data_version(struct service *s)
{
	int64_t v = 0;

	if (db_int(s->db, &v, 0, "PRAGMA data_version", "") < 0)
		return -1;
	return v;
}

/* 1 when a modem's worker finished since the pass began. */
static int
worker_done(struct service *s)
{
	int v;

	pthread_mutex_lock(&s->mu);
	v = s->jobs_done;
	pthread_mutex_unlock(&s->mu);
	return v;
}

/* Wait up to seconds, waking early for a signal or for a change another
 * connection committed (a message queued): it then goes out at once
 * rather than at the next poll. */
static void
nap(struct service *s, int seconds)
{
	struct timespec ts = { 0, WAKE_MS * 1000000L };
	int64_t v = data_version(s);

	for (int i = 0; i < seconds * (1000 / WAKE_MS) && !stop_flag &&
	    !reload_flag; i++) {
		nanosleep(&ts, NULL);
		if (data_version(s) != v || worker_done(s))
			break;
	}
}

/* Before the modems are closed, read them once more: what a modem
 * passed on at once (+CMT, +CDS) since the last pass is in libGammu's
 * hands or on the line, and would be lost with the connection. */
static void
last_read(struct service *s)
{
	struct service_stats st;

	memset(&st, 0, sizeof st);
	if (receive(s, &st, 1) < 0 || drain(s, &st) < 0) {
		log_warnx("the last reading before stopping could not be "
		    "stored");
		return;
	}
	if (st.received > 0)
		run_hook(s, s->hooks.after_receive, "reply handling");
}

int
service_run(struct service *s, const char *conf_path)
{
	install_signals();
	log_info("service started");
	while (!stop_flag) {
		if (reload_flag) {
			reload_flag = 0;
			service_reload(s, conf_path);
		}
		if (pass(s, NULL, 0) < 0)
			log_warnx("pass failed; trying again in %d s",
			    s->conf->poll_seconds);
		nap(s, s->conf->poll_seconds);
	}
	drain(s, NULL);
	last_read(s);
	for (int i = 0; i < s->nslots; i++)
		modem_close(s->slots[i].m);
	log_info("service stopped");
	return 0;
}
