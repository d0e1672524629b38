/*
 * erase.h - erasing what groups' tables say about a person in free text
 * (reports/privacy.h calls this inside its transaction).
 *
 * The notes of the person's repayments, the write-off reason and the
 * reasons of the new plans of their loans, the notes of their grants and
 * of the events of those grants, and why they left a group are cleared.
 * Amounts, dates, states and counts stay, so that the reports of past
 * periods do not change.
 */
#ifndef SHG_GROUPS_ERASE_H
#define SHG_GROUPS_ERASE_H

#include <stdint.h>

#include "core/db.h"

/* Clear person id's free text in groups' tables. 0, or -1 after one
 * error(). */
int groups_erase_person(struct db *db, int64_t id);

#endif
