/*
 * sms_bench - software time of the SMS gateway through Gammu's dummy
 * driver: queue N mixed messages, drain them with service passes, then
 * store M injected replies.  Prints messages per second for each step.
 *
 * usage: sms_bench [N [M]]   (defaults 10000 and 5000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/schemas.h"
#include "config/conf.h"
#include "core/clock.h"
#include "core/crypt.h"
#include "core/db.h"
#include "core/log.h"
#include "core/util.h"
#include "sms/dummy.h"
#include "sms/inbox.h"
#include "sms/outbox.h"
#include "sms/service.h"

static const char *const texts[] = {
	"Nhom Hoa Mai hop luc 8:00 ngay 05/12 tai nha van hoa thon.",
	"Nhắc chị: kỳ trả 500.000đ đến hạn ngày 10/12.",
	"Chào chị, dạo này thế nào? Trả lời 1 nếu mọi việc ổn, 2 nếu cần "
	"giúp đỡ. Cán bộ phụ trách sẽ gọi lại cho chị trong tuần này nếu "
	"chị cần hỗ trợ thêm về việc làm hay sức khỏe.",
	"OK",
};

/* A transport that accepts everything at once: what is left is the
 * gateway's own time (planning, database, commits). */
static int nm_open(struct modem *m, const struct modem_config *c) { (void)m; (void)c; return 0; }
static void nm_close(struct modem *m) { (void)m; }
static void nm_free(struct modem *m) { free(m); }

static int
nm_send(struct modem *m, const char *number, const char *text, int ucs2,
    int ref, struct modem_send_result *res)
{
	(void)m; (void)number; (void)text; (void)ucs2; (void)ref;
	memset(res, 0, sizeof *res);
	res->parts = res->parts_sent = 1;
	res->tpmr[0] = 0;
	return 0;
}

static int
nm_fetch(struct modem *m, struct modem_msg_in **msgs, int *n)
{
	(void)m;
	*msgs = NULL;
	*n = 0;
	return 0;
}

static int nm_delete(struct modem *m, const struct modem_msg_in *msg) { (void)m; (void)msg; return 0; }

static int
nm_status(struct modem *m, struct modem_status *st)
{
	(void)m;
	memset(st, 0, sizeof *st);
	st->connected = 1;
	st->signal_percent = st->sim_used = st->sim_size = -1;
	return 0;
}

static const struct modem_ops null_ops = {
	.open = nm_open, .close = nm_close, .send = nm_send, .fetch = nm_fetch,
	.delete = nm_delete, .status = nm_status, .free = nm_free,
};

static struct modem *
null_modem(void)
{
	struct modem *m = xcalloc(1, sizeof *m);

	m->ops = &null_ops;
	return m;
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
queue_all(struct db *db, int n)
{
	char to[32];
	int64_t id;

	db_begin(db);
	for (int i = 0; i < n; i++) {
		struct outbox_msg m = { .recipient = to, .kind = "manual",
			.text = texts[i % 4], .mode = (enum sms_coding_mode)(i % 3),
			.max_parts = 5 };
		snprintf(to, sizeof to, "+8491%07d", i % 997);
		if (outbox_enqueue(db, &m, &id) < 0)
			exit(1);
		if (i % 500 == 499) {
			db_commit(db);
			db_begin(db);
		}
	}
	db_commit(db);
}

static int
drain(struct service *s, struct db *db)
{
	struct service_stats st;
	int64_t left = 1;
	int sent = 0;

	while (left > 0) {
		if (service_pass(s, &st) < 0 ||
		    outbox_count(db, "queued", &left) < 0)
			exit(1);
		sent += st.sent + st.received;
		if (st.sent == 0 && left > 0)
			exit(1);
	}
	return sent;
}

/* Replies straight into inbox_store, as a fetch would hand them. */
static void
store_replies(struct db *db, int m)
{
	struct modem_msg_in *in = xcalloc((size_t)m, sizeof *in);
	double t0;
	int got;

	for (int i = 0; i < m; i++) {
		snprintf(in[i].sender, sizeof in[i].sender, "+8497%07d", i);
		in[i].sent = clock_now() - i;
		in[i].coding = MODEM_CODING_UCS2;
		in[i].text = (char *)texts[i % 4];
	}
	t0 = seconds();
	got = inbox_store(db, in, m, clock_now(), 3600);
	printf("  stored   %6d replies  in %7.3f s: %8.0f/s (%.3f ms each)\n",
	    got, seconds() - t0, got / (seconds() - t0),
	    1000 * (seconds() - t0) / got);
	free(in);
}

/* One run: queue n, drain, then m replies (through the dummy driver, or
 * straight into the inbox with the null transport). */
static int
run(const char *label, int null, int n, int m)
{
	char dir[] = "/tmp/shg-bench-XXXXXX", path[600];
	struct service_stats st;
	struct service *s;
	struct conf c;
	struct db *db;
	double t0;
	int got;

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/shg.db", dir);
	conf_defaults(&c);
	free(c.modem_device);
	c.modem_device = xstrdup(dir);
	c.sms_per_minute = 1 << 30;
	c.quiet_start = c.quiet_end = 0;
	schemas_use();
	/* a key, as in production: replies look their sender up by the
	 * phone's blind index (core/crypt.h) */
	crypt_key_set((const unsigned char *)"bench key: 32 bytes, not secret");
	if (db_open(path, &db) < 0 || dummy_prepare(dir) < 0)
		return 1;
	db_set_actor(db, "bench", "bench");
	s = service_new(db, &c, null ? null_modem() : modem_new_gammu());
	service_keep_sent_copy(s, 0);
	printf("%s\n", label);

	t0 = seconds();
	queue_all(db, n);
	printf("  queued   %6d messages in %7.3f s: %8.0f/s\n", n,
	    seconds() - t0, n / (seconds() - t0));
	t0 = seconds();
	got = drain(s, db);
	printf("  sent     %6d messages in %7.3f s: %8.0f/s (%.3f ms each)\n",
	    got, seconds() - t0, got / (seconds() - t0),
	    1000 * (seconds() - t0) / got);

	if (null) {
		store_replies(db, m);
	} else {
		for (int i = 0; i < m; i++) {
			char from[32];
			snprintf(from, sizeof from, "+8498%07d", i);
			dummy_inject(dir, from, texts[(i % 2) * 3], i % 2,
			    clock_now() - i);
		}
		t0 = seconds();
		if (service_pass(s, &st) < 0)
			return 1;
		printf("  received %6d replies  in %7.3f s: %8.0f/s (%.3f ms "
		    "each, %d left in the modem)\n", st.received,
		    seconds() - t0, st.received / (seconds() - t0),
		    1000 * (seconds() - t0) / (st.received ? st.received : 1),
		    dummy_inbox_count(dir));
	}
	service_free(s);
	db_close(db);
	conf_free(&c);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	return system(path) == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	int n = 10000, m = 5000;

	if ((argc > 1 && parse_int(argv[1], 1, 1000000, &n) < 0) ||
	    (argc > 2 && parse_int(argv[2], 1, 9000, &m) < 0))
		return 2;
	log_init(0, LOG_LEVEL_WARN);
	if (run("through libGammu's dummy driver:", 0, n, m) != 0 ||
	    run("through a null transport (the gateway's own time):", 1, n,
	    m) != 0)
		return 1;
	return 0;
}
