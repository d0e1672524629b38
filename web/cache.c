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

/* A province coordinator's three pages and a dozen district ones' most
 * viewed; the least recently used is given up first. */
#define SLOTS 16

struct cache_slot {
	pthread_rwlock_t lock;  /* read: rendering; write: building */
	char *key;              /* the key the slot is given to (index_lock) */
	unsigned long used;     /* tick of its last use (index_lock) */
	/* under lock: */
	char *vkey;             /* the key value was built for */
	int day;
	int64_t gen;
	void *value;
	cache_free_fn fr;
};

static struct cache_slot slots[SLOTS];
static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static unsigned long tick;

static void
init(void)
{
	for (int i = 0; i < SLOTS; i++)
		pthread_rwlock_init(&slots[i].lock, NULL);
}

int
cache_generation(struct db *db, const char *tables, int64_t *gen)
{
	return db_int(db, gen, 0, "SELECT coalesce(sum(n), 0) FROM "
	    "change_count WHERE ?1 IS NULL OR tbl IN (SELECT value FROM "
	    "json_each(?1))", "t", tables);
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

/* The value in s is key's for today and the tables as they are now.
 * Inside a transaction (a POST's page) the data may hold changes that
 * will be rolled back: nothing is taken from the cache nor kept in it. */
static int
fresh(struct db *db, struct cache_slot *s, const char *key,
    const char *tables, int today, int64_t *gen, int *known)
{
	*known = !db_in_transaction(db) && cache_generation(db, tables,
	    gen) == 0;
	return *known && s->value && s->vkey && !strcmp(s->vkey, key) &&
	    s->day == today && s->gen == *gen;
}

void *
cache_get(struct db *db, const char *key, const char *tables, int today,
    cache_build_fn build, cache_free_fn fr, void *arg,
    struct cache_slot **held)
{
	struct cache_slot *s;
	struct buf b = { 0 };
	int64_t gen = 0;
	char *k;
	int known;

	pthread_once(&once, init);
	/* Values of another database (tests) never match. */
	buf_addf(&b, "%s\n%s", db_path(db), key);
	k = buf_detach(&b);
	s = slot_for(k);
	pthread_rwlock_rdlock(&s->lock);
	if (fresh(db, s, k, tables, today, &gen, &known)) {
		free(k);
		*held = s;
		return s->value;
	}
	pthread_rwlock_unlock(&s->lock);
	pthread_rwlock_wrlock(&s->lock);
	*held = s;
	if (fresh(db, s, k, tables, today, &gen, &known)) {
		free(k);
		return s->value;        /* another thread built it meanwhile */
	}
	slot_drop(s);
	if (!(s->value = build(arg))) {
		pthread_rwlock_unlock(&s->lock);
		free(k);
		*held = NULL;
		return NULL;
	}
	s->vkey = known ? k : xstrdup("");
	if (!known)
		free(k);
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
}
