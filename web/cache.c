/*
 * cache.c - values kept between requests until the data changes (see
 * cache.h).
 */
#include "web/cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/util.h"

#define SLOTS 8

struct cache_slot {
	pthread_rwlock_t lock;  /* read: rendering; write: building */
	char *key;              /* the key the slot is given to (index_lock) */
	unsigned long used;     /* tick of its last use (index_lock) */
	/* under lock: */
	char *vkey;             /* the key value was built for */
	int day;
	unsigned long gen;
	void *value;
	cache_free_fn fr;
};

static struct cache_slot slots[SLOTS];
static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static unsigned long tick;

/* The connection that watches for commits, of the database at
 * probe_path; epoch counts the databases watched, so that values of an
 * earlier one never match. */
static pthread_mutex_t probe_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db *probe;
static char *probe_path;
static unsigned long epoch;

static void
init(void)
{
	for (int i = 0; i < SLOTS; i++)
		pthread_rwlock_init(&slots[i].lock, NULL);
}

static void
probe_close(void)
{
	if (probe)
		db_close(probe);
	probe = NULL;
	free(probe_path);
	probe_path = NULL;
}

/* The generation of the data of db's database: 0, or -1 when it cannot
 * be known (nothing is kept then). */
static int
generation(struct db *db, unsigned long *gen)
{
	int64_t v = 0;
	int rc = -1;

	pthread_mutex_lock(&probe_lock);
	if (!probe || strcmp(probe_path, db_path(db))) {
		probe_close();
		epoch++;
		if (db_open_existing(db_path(db), &probe) == 0)
			probe_path = xstrdup(db_path(db));
	}
	if (probe && db_int(probe, &v, 0, "PRAGMA data_version", "") == 0) {
		*gen = epoch << 32 ^ (unsigned long)v;
		rc = 0;
	}
	pthread_mutex_unlock(&probe_lock);
	return rc;
}

/* The slot given to key, or the one used longest ago, given to it. */
static struct cache_slot *
slot_for(const char *key)
{
	struct cache_slot *s = NULL;

	pthread_mutex_lock(&index_lock);
	for (int i = 0; i < SLOTS && !s; i++)
		if (slots[i].key && !strcmp(slots[i].key, key))
			s = &slots[i];
	for (int i = 0; i < SLOTS && !s; i++)
		if (!slots[i].key)
			s = &slots[i];
	if (!s) {
		s = &slots[0];
		for (int i = 1; i < SLOTS; i++)
			if (slots[i].used < s->used)
				s = &slots[i];
	}
	if (!s->key || strcmp(s->key, key)) {
		free(s->key);
		s->key = xstrdup(key);
	}
	s->used = ++tick;
	pthread_mutex_unlock(&index_lock);
	return s;
}

static void
slot_drop(struct cache_slot *s)
{
	if (s->value && s->fr)
		s->fr(s->value);
	s->value = NULL;
	free(s->vkey);
	s->vkey = NULL;
}

/* The value in s is key's for today and the data as it is now. Inside a
 * transaction (a POST's page) the data may hold changes that will be
 * rolled back: nothing is taken from the cache nor kept in it. */
static int
fresh(struct db *db, struct cache_slot *s, const char *key, int today,
    unsigned long *gen, int *known)
{
	*known = !db_in_transaction(db) && generation(db, gen) == 0;
	return *known && s->value && s->vkey && !strcmp(s->vkey, key) &&
	    s->day == today && s->gen == *gen;
}

void *
cache_get(struct db *db, const char *key, int today, cache_build_fn build,
    cache_free_fn fr, void *arg, struct cache_slot **held)
{
	struct cache_slot *s;
	unsigned long gen = 0;
	int known;

	pthread_once(&once, init);
	s = slot_for(key);
	pthread_rwlock_rdlock(&s->lock);
	if (fresh(db, s, key, today, &gen, &known)) {
		*held = s;
		return s->value;
	}
	pthread_rwlock_unlock(&s->lock);
	pthread_rwlock_wrlock(&s->lock);
	*held = s;
	if (fresh(db, s, key, today, &gen, &known))
		return s->value;        /* another thread built it meanwhile */
	slot_drop(s);
	if (!(s->value = build(arg))) {
		pthread_rwlock_unlock(&s->lock);
		*held = NULL;
		return NULL;
	}
	s->vkey = xstrdup(known ? key : "");
	s->day = today;
	s->gen = gen;
	s->fr = fr;
	return s->value;
}

void
cache_release(struct cache_slot *held)
{
	if (held)
		pthread_rwlock_unlock(&held->lock);
}

void
cache_clear(void)
{
	pthread_once(&once, init);
	for (int i = 0; i < SLOTS; i++) {
		pthread_rwlock_wrlock(&slots[i].lock);
		slot_drop(&slots[i]);
		pthread_rwlock_unlock(&slots[i].lock);
	}
	pthread_mutex_lock(&probe_lock);
	probe_close();
	pthread_mutex_unlock(&probe_lock);
}
