/*
 * cache.h - figures that take seconds to compute for a whole province
 * (the follow-up list, the loan review), kept between requests until the
 * data changes.
 *
 * A value is kept under a key (the account and the page's filters) with
 * the day it was built for and the generation of the data it was built
 * from: SQLite's data_version of a connection of the cache's own that
 * never writes, which moves on with every commit of any other connection
 * (the server's threads, the SMS service, the command line). So a value
 * is never used after a change that could alter it, and a change that
 * lands while a value is being built makes it stale at once. When that
 * connection cannot be opened, and inside a transaction (whose changes
 * may be rolled back), nothing is kept: the request builds its own.
 *
 * Each slot has a read-write lock: one thread builds a value while the
 * others asking for the same key wait for it instead of building it too;
 * pages render from a value under the read lock, many at once, until
 * cache_release.
 */
#ifndef SHG_WEB_CACHE_H
#define SHG_WEB_CACHE_H

struct db;
struct cache_slot;

/* Build a value for the request; NULL after a failure (said). */
typedef void *(*cache_build_fn)(void *arg);
typedef void (*cache_free_fn)(void *value);

/* The value of key for today, built with build(arg) when there is none
 * or it is stale. *held is the slot to give to cache_release once the
 * page has rendered; NULL (and *held NULL) when build failed. */
void *cache_get(struct db *db, const char *key, int today,
    cache_build_fn build, cache_free_fn fr, void *arg,
    struct cache_slot **held);
void cache_release(struct cache_slot *held);
/* Drop every value and close the cache's connection. */
void cache_clear(void);

#endif
