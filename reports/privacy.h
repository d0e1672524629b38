/*
 * privacy.h - erasing a person: the orchestration above core/erase.h
 * (people, needs, supports, visits) and sms/erase.h (messages).
 *
 * privacy_erase() clears everything that identifies the person in one
 * transaction, audits it ("person", id, "erase", the reason) and then
 * empties the write-ahead log, so that the database file keeps none of
 * the erased text. It cannot be undone: the caller asks first. Backups
 * made before still hold the person until they are rotated away.
 */
#ifndef SHG_PRIVACY_H
#define SHG_PRIVACY_H

#include <stdint.h>

#include "core/db.h"

struct privacy_erased {
	int64_t id;
	long texts;             /* SMS texts cleared */
	int flushed;            /* 0: the log still waits for a reader */
};

/* Erase the person with case code code, for reason (not empty). db must
 * not be in a transaction. -1 after one error() when there is no such
 * person, they were erased already, or the database fails (nothing is
 * changed then). */
int privacy_erase(struct db *db, const char *code, const char *reason,
    struct privacy_erased *out);

/* The people due for erasure: closed at least years years before today,
 * not erased. fn as erase_due() (core/erase.h). years 0: none. */
int privacy_due(struct db *db, int years,
    int (*fn)(int64_t id, const char *code, int closed_on, void *arg),
    void *arg);

#endif
