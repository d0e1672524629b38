/*
 * erase.h - erasing what identifies a person, keeping the statistics.
 *
 * A person's name, phone and notes, and the notes of their needs,
 * supports, visits and help requests, are cleared for good; the case
 * code, gender, birth year, place, category, dates, amounts, states and
 * counts stay, so that reports of past periods do not change. The
 * person's erased_on is set. The SMS tables are cleared by sms/erase.h,
 * the free text of loans, grants and memberships by groups/erase.h;
 * reports/privacy.h does all three in one transaction and audits it.
 *
 * With PRAGMA secure_delete (core/db.c) the old values are zeroed in
 * the database file; erase_flush() then empties the write-ahead log.
 *
 * Functions return 0, or -1 after one error().
 */
#ifndef SHG_ERASE_H
#define SHG_ERASE_H

#include <stdint.h>

#include "core/db.h"

/* Clear the identifying details of person id, as of day. */
int erase_person_core(struct db *db, int64_t id, int day);

/* The day person id's details were erased: *day, or DATE_NONE. */
int erase_day(struct db *db, int64_t id, int *day);

/* People closed on or before day and not erased yet: fn(id, case code,
 * closed_on, arg) for each, by closing date. */
int erase_due(struct db *db, int day,
    int (*fn)(int64_t id, const char *code, int closed_on, void *arg),
    void *arg);

/* After the erasing transaction is committed: checkpoint and truncate
 * the write-ahead log so that no old page with the erased text stays
 * beside the database. 0, or 1 when another connection still reads an
 * older snapshot (the log is emptied at its next checkpoint), or -1. */
int erase_flush(struct db *db);

#endif
