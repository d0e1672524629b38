/*
 * cache.h - figures that take seconds to compute for a whole province
 * (the follow-up list, the loan review), kept between requests until the
 * data changes.
 *
 * A value is kept under a key (the account, its role and place, and the
 * page's filters) with the day it was built for and the generation of
 * the tables it was built from: the sum of their change counters
 * (web/schema.c), which triggers bump on every row written by anyone (the
 * server's threads, the SMS service, the command line). So a value is
 * never used after a change to a table it read, and a change that lands
 * while a value is being built makes it stale at once; but the audit row
 * of a record viewed, a session's last use or a login do not touch
 * those counters and leave the values kept. Inside a transaction (whose
 * changes may be rolled back) nothing is taken or kept: the request
 * builds its own.
 *
 * Each slot has a read-write lock: one thread builds a value while the
 * others asking for the same key wait for it instead of building it too;
 * pages render from a value under the read lock, many at once, until
 * cache_release.
 */
#ifndef SHG_WEB_CACHE_H
#define SHG_WEB_CACHE_H

#include <stdint.h>

struct db;
struct cache_slot;

/* Build a value for the request; NULL after a failure (said). */
typedef void *(*cache_build_fn)(void *arg);
typedef void (*cache_free_fn)(void *value);

/* The value of key for today, built with build(arg) when there is none
 * or a table of tables (a JSON array of table names, all counted by
 * web/schema.c) changed since it was built. *held is the slot to give to
 * cache_release once the page has rendered; NULL (and *held NULL) when
 * build failed. */
void *cache_get(struct db *db, const char *key, const char *tables,
    int today, cache_build_fn build, cache_free_fn fr, void *arg,
    struct cache_slot **held);
/* The generation of tables (as for cache_get; NULL: every table counted)
 * in *gen: 0, or -1 after error(). */
int cache_generation(struct db *db, const char *tables, int64_t *gen);
void cache_release(struct cache_slot *held);
/* Drop every value. */
void cache_clear(void);

#endif
