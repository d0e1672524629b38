/*
 * privacy.c - erasing a person from every table, in one transaction.
 */
#include "reports/privacy.h"

#include <string.h>

#include "core/clock.h"
#include "core/erase.h"
#include "core/log.h"
#include "core/person.h"
#include "core/util.h"
#include "groups/erase.h"
#include "sms/erase.h"

static int
erase_all(struct db *db, const struct person *p, const char *reason,
    struct privacy_erased *out)
{
	if (erase_person_core(db, p->id, date_today()) < 0 ||
	    groups_erase_person(db, p->id) < 0 ||
	    sms_erase_person(db, p->id, p->phone, &out->texts) < 0)
		return -1;
	return db_audit_detail(db, "person", p->id, "erase", reason);
}

int
privacy_erase(struct db *db, const char *code, const char *reason,
    struct privacy_erased *out)
{
	struct person p;
	int64_t erased;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (str_empty(reason))
		return error("erase: a reason is needed (--reason)");
	if (db_begin(db) < 0)
		return -1;
	if (person_get(db, code, &p) < 0) {
		db_rollback(db);
		return -1;
	}
	out->id = p.id;
	if (db_int(db, &erased, 0, "SELECT erased_on IS NOT NULL FROM person "
	    "WHERE id = ?", "i", p.id) < 0)
		goto out;
	if (erased) {
		error("%s: this person's details were erased already", p.case_code);
		goto out;
	}
	if (erase_all(db, &p, reason, out) < 0 || db_commit(db) < 0)
		goto out;
	rc = 0;
	out->flushed = erase_flush(db) == 0;
out:
	if (rc < 0)
		db_rollback(db);
	person_free(&p);
	return rc;
}

int
privacy_due(struct db *db, int years,
    int (*fn)(int64_t id, const char *code, int closed_on, void *arg),
    void *arg)
{
	if (years <= 0)
		return 0;
	return erase_due(db, date_add_months(date_today(), -12 * years), fn,
	    arg);
}
