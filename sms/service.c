/*
 * The SMS service: one pass sends what is due and stores what arrived;
 * the loop repeats passes, reconnects a failed modem with backoff and
 * answers signals.
 */
#include "sms/service.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/phone.h"
#include "core/util.h"
#include "sms/dummy.h"
#include "sms/inbox.h"
#include "sms/outbox.h"

#define OPEN_BACKOFF_MIN 5
#define OPEN_BACKOFF_MAX 300

struct service {
	struct db *db;
	struct conf *conf;
	struct modem *m;
	struct service_hooks hooks;
	int up;			/* modem open and answering */
	time_t next_open;	/* no reconnect before this */
	int backoff;		/* current reconnect delay, seconds */
	char state[160];	/* last logged modem state */
	char sent_copy[600];
	int no_copy;		/* dummy: do not keep copies of sent parts */
	time_t rate_at;		/* when rate_parts was counted; 0: stale */
	int64_t rate_parts;	/* parts tried in the 60 s before rate_at,
				 * plus those sent since */
	int lock_fd;		/* service_lock's file, -1: none */
	int64_t pin_refused;	/* identity (pin_identity) of the PIN the
				 * SIM refused, 0: none; kept in modem_state */
	int pin_loaded;		/* pin_refused was read from the database */
};

static volatile sig_atomic_t stop_flag, reload_flag;

void service_request_stop(void) { stop_flag = 1; }
void service_request_reload(void) { reload_flag = 1; }
int service_stop_requested(void) { return stop_flag != 0; }

struct service *
service_new(struct db *db, struct conf *conf, struct modem *m)
{
	struct service *s = xcalloc(1, sizeof *s);

	s->db = db;
	s->conf = conf;
	s->m = m;
	s->lock_fd = -1;
	/* Commits must reach the disk before the modem acts on them. */
	if (db_exec(db, "PRAGMA synchronous = FULL") < 0)
		log_warnx("could not make commits synchronous");
	return s;
}

void
service_free(struct service *s)
{
	if (!s)
		return;
	modem_free(s->m);
	if (s->lock_fd >= 0)
		flock(s->lock_fd, LOCK_UN);     /* not closed: service_lock */
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
	return s->up;
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
note_state(struct service *s, int up, const char *err)
{
	char now[sizeof s->state];

	snprintf(now, sizeof now, "%s%s", up ? "up" : "down: ", up ? "" : err);
	if (!strcmp(now, s->state))
		return;
	snprintf(s->state, sizeof s->state, "%s", now);
	if (up)
		log_info("modem connected");
	else
		log_warnx("modem unavailable (%s); retrying with backoff", err);
}

/* Identity of the configured PIN for the configured modem (FNV-1a of
 * device and PIN), 0 when no PIN is set.  Only this is kept of a refused
 * PIN, to tell whether the configuration changed since. */
static int64_t
pin_identity(const struct conf *c)
{
	const char *parts[2] = { c->modem_device, c->modem_pin };
	uint64_t h = UINT64_C(14695981039346656037);

	if (str_empty(c->modem_pin))
		return 0;
	for (int i = 0; i < 2; i++)
		for (const char *p = parts[i] ? parts[i] : ""; ; p++) {
			h = (h ^ (unsigned char)*p) * UINT64_C(1099511628211);
			if (!*p)
				break;
		}
	return (int64_t)(h >> 1) | 1;
}

/* The refused PIN's identity, read once from the database. */
static void
load_pin_refused(struct service *s)
{
	static const char sql[] = "SELECT pin_refused FROM modem_state "
	    "WHERE id = 1";

	if (s->pin_loaded)
		return;
	if (db_int(s->db, &s->pin_refused, 0, sql, "") < 0)
		s->pin_refused = 0;
	s->pin_loaded = 1;
}

static void
modem_settings(struct service *s, struct modem_config *mc)
{
	const struct conf *c = s->conf;

	memset(mc, 0, sizeof *mc);
	mc->connection = c->modem_connection;
	mc->device = c->modem_device;
	mc->model = c->modem_model;
	mc->pin = c->modem_pin;
	mc->smsc = c->modem_smsc;
	mc->gammurc = c->modem_gammurc;
	mc->send_timeout = c->sms_send_timeout;
	mc->delivery_reports = c->sms_delivery_reports;
	load_pin_refused(s);
	mc->pin_blocked = s->pin_refused != 0 &&
	    s->pin_refused == pin_identity(c);
	if (str_eq(c->modem_model, "dummy") && !str_empty(c->modem_device) &&
	    !s->no_copy)
		mc->sent_copy = dummy_sent_dir(c->modem_device, s->sent_copy,
		    sizeof s->sent_copy);
}

/* The modem failed or dropped: wait before the next connect. */
static void
went_down(struct service *s, time_t now)
{
	struct modem_status st;

	modem_status(s->m, &st);
	if (st.connected)
		return;
	if (st.pin_refused)
		s->pin_refused = pin_identity(s->conf);
	s->up = 0;
	s->backoff = s->backoff ? s->backoff * 2 : s->conf->modem_reopen_seconds;
	if (s->backoff < 1)
		s->backoff = OPEN_BACKOFF_MIN;
	if (s->backoff > OPEN_BACKOFF_MAX)
		s->backoff = OPEN_BACKOFF_MAX;
	s->next_open = now + s->backoff;
	note_state(s, 0, st.last_error[0] ? st.last_error : "not answering");
}

/* Connect when down and the backoff has passed.  Returns s->up. */
static int
ensure_open(struct service *s, time_t now)
{
	struct modem_config mc;
	int rc;

	if (s->up || now < s->next_open)
		return s->up;
	modem_settings(s, &mc);
	/* The reason lands in the modem's last_error; note_state logs it once
	 * per change of state, not once per attempt. */
	log_mute(1);
	rc = modem_open(s->m, &mc);
	log_mute(0);
	if (rc == 0) {
		s->up = 1;
		s->backoff = 0;
		note_state(s, 1, "");
	} else {
		went_down(s, now);
	}
	return s->up;
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

/* Hand one message to the modem and record the outcome. */
/* A message the modem accepted whose "sent" is not yet recorded: it is
 * written in the same commit as the next message's "sending", so that a
 * message costs one synced commit, not two. A crash before that commit
 * leaves it "sending" and it is sent again: still at most one duplicate
 * per crash, as only one message is ever "sending". */
struct pending_sent {
	int64_t id;
	time_t at;
	int first;			/* parts accepted by earlier tries */
	struct modem_send_result res;	/* each part's reference */
};

static int
record_sent(struct service *s, struct pending_sent *p)
{
	int rc = 0;

	if (p->id && (rc = outbox_parts_accepted(s->db, p->id, p->at,
	    p->first, p->res.tpmr, p->res.parts_sent)) == 0)
		rc = outbox_mark_sent(s->db, p->id, p->at, -1);
	p->id = 0;
	return rc;
}

/* The previous message's "sent" and r's "sending", in one commit. */
static int
mark_sending(struct service *s, const struct outbox_row *r, time_t now,
    struct pending_sent *p)
{
	if (db_begin(s->db) < 0)
		return -1;
	if (record_sent(s, p) < 0 || outbox_mark_sending(s->db, r->id, now) < 0) {
		db_rollback(s->db);
		return -1;
	}
	return db_commit(s->db);
}

/* 1 when the modem dropped its connection (unplugged, stopped
 * answering): a failure then says nothing about the message. */
static int
modem_gone(struct service *s)
{
	struct modem_status st;

	modem_status(s->m, &st);
	return !st.connected;
}

/* The modem went away while r was handed to it: r goes back to the
 * queue as it was (not a failed try) and waits for the modem. */
static int
hold(struct service *s, const struct outbox_row *r, const char *masked,
    time_t now, struct service_stats *st)
{
	int rc = outbox_recover(s->db) < 0 ? -1 : 0;

	log_warnx("sms %lld to %s held: the modem went away", (long long)r->id,
	    masked);
	st->held = 1;
	went_down(s, now);
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

static int
send_one(struct service *s, const struct outbox_row *r, time_t now,
    struct service_stats *st, struct pending_sent *p)
{
	struct modem_send_result res;
	char masked[32];
	int rc, first, ucs2 = str_eq(r->coding, "ucs2");

	phone_mask(r->recipient, masked, sizeof masked);
	if (mark_sending(s, r, now, p) < 0)
		return -1;
	memset(&res, 0, sizeof res);
	first = r->parts_done > 0 && r->parts_done < r->parts ? r->parts_done
	    : 0;
	rc = modem_send_resume(s->m, r->recipient, r->text, ucs2,
	    r->concat_ref, first, &res);
	if (rc < 0 && res.parts_sent > first && note_resume(s, r, first,
	    &res) < 0)
		return -1;
	if (rc == 0) {
		log_info("sms %lld to %s sent (%d part%s%s)", (long long)r->id,
		    masked, res.parts, res.parts == 1 ? "" : "s",
		    first ? ", resumed" : "");
		st->sent++;
		p->id = r->id;
		p->at = clock_now();
		p->first = first;
		p->res = res;
		return 0;
	}
	if (!res.permanent && modem_gone(s))
		return hold(s, r, masked, now, st);
	rc = outbox_mark_failed(s->db, r->id, clock_now(), res.err,
	    res.permanent, s->conf->sms_max_attempts,
	    s->conf->sms_retry_seconds);
	log_warnx("sms %lld to %s: try %d failed", (long long)r->id, masked,
	    r->attempts + 1);
	if (res.permanent || r->attempts + 1 >= s->conf->sms_max_attempts)
		st->failed++;
	else
		st->retried++;
	went_down(s, now);
	return rc;
}

/* May another message go now?  Sets st->held when not.  The count of
 * parts in the last minute is read from the outbox at most once a second
 * and kept up to date in between. */
static int
may_send(struct service *s, time_t now, int urgent, struct service_stats *st)
{
	if ((!urgent && service_quiet(now, s->conf->quiet_start,
	    s->conf->quiet_end)) || !s->up) {
		st->held = 1;
		return 0;
	}
	if (now != s->rate_at) {
		if (outbox_parts_since(s->db, now - 60, &s->rate_parts) < 0)
			return -1;
		s->rate_at = now;
	}
	if (s->rate_parts >= s->conf->sms_per_minute) {
		st->held = 1;
		return 0;
	}
	return 1;
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

static int
send_due(struct service *s, struct service_stats *st)
{
	struct pending_sent pending = { 0 };
	struct outbox_row r;
	time_t now = clock_now();
	int rc = 0, ok;

	if ((rc = outbox_expire(s->db, now)) < 0)
		return -1;
	st->expired += rc;
	s->rate_at = 0;
	while (!stop_flag) {
		now = clock_now();
		if ((rc = next_message(s, now, &r, st)) <= 0)
			break;
		ok = may_send(s, now, !strcmp(r.kind, "alert"), st);
		rc = ok > 0 ? send_one(s, &r, now, st, &pending) : ok;
		s->rate_parts += ok > 0 ? r.parts : 0;
		outbox_row_free(&r);
		if (rc < 0 || ok <= 0)
			break;
	}
	if (record_sent(s, &pending) < 0)
		rc = -1;
	return rc < 0 ? -1 : 0;
}

/* Delete from the modem what is now safely stored.  A failure only means
 * the message is read (and recognised) again. */
static void
delete_stored(struct service *s, const struct modem_msg_in *msgs, int n)
{
	int failed = 0;

	for (int i = 0; i < n && s->up; i++)
		if (modem_delete(s->m, &msgs[i]) < 0)
			failed++;
	if (failed)
		log_warnx("%d stored message(s) could not be deleted from the "
		    "modem; they will be recognised when read again", failed);
}

static int
receive(struct service *s, struct service_stats *st)
{
	struct modem_msg_in *msgs = NULL;
	int n = 0, added;
	time_t now = clock_now();

	if (s->up && modem_fetch(s->m, &msgs, &n) < 0) {
		went_down(s, now);
		n = 0;
	}
	added = inbox_store(s->db, msgs, n, now, s->conf->multipart_timeout);
	if (added >= 0) {
		delete_stored(s, msgs, n);
		st->received += added;
		if (added)
			log_info("%d message(s) received and stored", added);
	}
	modem_msgs_free(msgs, n);
	return added < 0 ? -1 : 0;
}

/* Record the modem's state for `shg sms status`. */
static int
save_status(struct service *s)
{
	static const char sql[] = "INSERT OR REPLACE INTO modem_state (id, "
	    "connected, signal, sim_used, sim_size, last_error, updated_at, "
	    "pin_refused) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	struct modem_status st;

	memset(&st, 0, sizeof st);
	st.signal_percent = st.sim_used = st.sim_size = -1;
	if (s->up && modem_status(s->m, &st) < 0)
		went_down(s, clock_now());
	if (!s->up)
		snprintf(st.last_error, sizeof st.last_error, "%s",
		    s->state[0] == 'd' ? s->state + 6 : "");
	load_pin_refused(s);
	return db_run(s->db, sql, "ddddtiZ", s->up, st.signal_percent,
	    st.sim_used, st.sim_size, st.last_error[0] ? st.last_error : NULL,
	    (int64_t)clock_now(), s->pin_refused);
}

static void
run_hook(struct service *s, int (*fn)(struct db *, const struct conf *,
    time_t, void *), const char *what)
{
	if (fn && fn(s->db, s->conf, clock_now(), s->hooks.arg) < 0)
		log_warnx("%s failed; going on", what);
}

int
service_pass(struct service *s, struct service_stats *st)
{
	struct service_stats local;
	int rc;

	if (!st)
		st = &local;
	memset(st, 0, sizeof *st);
	/* Passes run one at a time: nothing is legitimately "sending" now. */
	if (service_recover(s) < 0)
		return -1;
	ensure_open(s, clock_now());
	run_hook(s, s->hooks.before_send, "scheduling");
	rc = send_due(s, st);
	if (rc == 0)
		rc = receive(s, st);
	if (rc == 0)
		run_hook(s, s->hooks.after_receive, "reply handling");
	/* What new replies queued (an urgent alert, a confirmation) goes
	 * now rather than at the next pass. */
	if (rc == 0 && st->received > 0)
		rc = send_due(s, st);
	if (save_status(s) < 0)
		rc = -1;
	return rc;
}

int
service_reload(struct service *s, const char *conf_path)
{
	struct conf fresh;

	/* conf_load also sets the new time zone. */
	if (conf_load(conf_path, &fresh) < 0)
		return error("configuration not reloaded; keeping the old one");
	if (!str_eq(fresh.database, s->conf->database))
		log_warnx("a new database path takes effect at restart");
	conf_free(s->conf);
	*s->conf = fresh;
	modem_close(s->m);
	s->up = 0;
	s->next_open = 0;
	s->backoff = 0;
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

/* Sleep up to seconds, waking early for a signal. */
static void
nap(int seconds)
{
	struct timespec ts = { 1, 0 };

	for (int i = 0; i < seconds && !stop_flag && !reload_flag; i++)
		nanosleep(&ts, NULL);
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
		if (service_pass(s, NULL) < 0)
			log_warnx("pass failed; trying again in %d s",
			    s->conf->poll_seconds);
		nap(s->conf->poll_seconds);
	}
	modem_close(s->m);
	log_info("service stopped");
	return 0;
}
