/*
 * gw - fill the SMS queue or the dummy modem for the gateway comparison
 * of "make bench" (bench/gateway.sh): shg serve against gammu-smsd.
 *
 * usage: gw queue DATABASE N   queue N single-part messages through
 *                              outbox_enqueue, to 997 numbers
 *        gw inject DIR N       put N replies into the dummy modem in DIR
 *                              (one in two coded in UCS-2)
 *        gw text               print the text gw queue sends (for the
 *                              same message queued in gammu-smsd)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/schemas.h"
#include "core/clock.h"
#include "core/db.h"
#include "sms/dummy.h"
#include "sms/outbox.h"

static const char text[] =
    "Nhom Hoa Mai hop luc 8:00 ngay 05/12 tai nha van hoa thon.";

static int
queue(const char *path, int n)
{
	struct db *db;
	char to[32];
	int64_t id;

	schemas_use();
	if (db_open(path, &db) < 0)
		return 1;
	db_set_actor(db, "bench", "bench");
	if (db_begin(db) < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		struct outbox_msg m = { .recipient = to, .kind = "manual",
			.text = text, .mode = SMS_MODE_STRIP,
			.max_parts = 1 };
		snprintf(to, sizeof to, "+8491%07d", i % 997);
		if (outbox_enqueue(db, &m, &id) < 0)
			return 1;
	}
	if (db_commit(db) < 0)
		return 1;
	db_close(db);
	return 0;
}

static int
inject(const char *dir, int n)
{
	static const char *const replies[] = { "OK",
		"Chị cảm ơn, mọi việc ổn." };
	char from[32];

	for (int i = 0; i < n; i++) {
		snprintf(from, sizeof from, "+8498%07d", i);
		if (dummy_inject(dir, from, replies[i % 2], i % 2,
		    clock_now() - 60 - i) < 0)
			return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	if (clock_init_env() < 0)
		return 1;
	if (argc == 2 && strcmp(argv[1], "text") == 0)
		return puts(text) < 0;
	if (argc == 4 && strcmp(argv[1], "queue") == 0)
		return queue(argv[2], atoi(argv[3]));
	if (argc == 4 && strcmp(argv[1], "inject") == 0)
		return inject(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: gw queue DATABASE N | inject DIR N | text\n");
	return 2;
}
