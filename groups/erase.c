/*
 * erase.c - erasing a person's free text from groups' tables (erase.h).
 */
#include "groups/erase.h"

#include "core/util.h"

/* Each statement clears one table's free text for person ?1. */
static const char *const erase_sql[] = {
	"UPDATE loan_pay SET note = NULL WHERE note IS NOT NULL AND loan_id IN "
	"(SELECT id FROM loan WHERE person_id = ?1)",
	"UPDATE loan_plan SET reason = NULL WHERE reason IS NOT NULL AND "
	"loan_id IN (SELECT id FROM loan WHERE person_id = ?1)",
	"UPDATE loan SET writeoff_reason = NULL WHERE person_id = ?1 AND "
	"writeoff_reason IS NOT NULL",
	"UPDATE ikgrant_event SET notes = NULL WHERE notes IS NOT NULL AND "
	"grant_id IN (SELECT id FROM ikgrant WHERE person_id = ?1)",
	"UPDATE ikgrant SET notes = NULL WHERE person_id = ?1 AND "
	"notes IS NOT NULL",
	"UPDATE membership SET leave_reason = NULL WHERE person_id = ?1 AND "
	"leave_reason IS NOT NULL",
};

int
groups_erase_person(struct db *db, int64_t id)
{
	for (size_t i = 0; i < NELEM(erase_sql); i++)
		if (db_run(db, erase_sql[i], "i", id) < 0)
			return -1;
	return 0;
}
