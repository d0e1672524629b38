/*
 * person.h - the registry of people the programme supports: returned
 * victims of trafficking and people at high risk.
 *
 * Everything here is sensitive. Reports use the generated case code
 * ("LC-2026-0007"); names and phones are shown only on request. People
 * are never deleted: closing marks them inactive with a date and reason.
 */
#ifndef SHG_PERSON_H
#define SHG_PERSON_H

#include <stdint.h>

#include "core/db.h"

struct person {
	int64_t id;
	char *case_code;
	char *full_name;
	char *gender;           /* "female", "male", "other" */
	int birth_year;         /* 0: unknown */
	char *phone;            /* E.164 or NULL */
	char *village, *commune, *district, *province;
	char *category;         /* a code from person_categories */
	char *route;            /* for "suspected": labour, tourism, marriage, other */
	int returned_on;        /* day number or DATE_NONE */
	int64_t guardian_id;    /* 0: none */
	int sms_consent;
	int consent_on;         /* day number or DATE_NONE */
	char *sms_coding;       /* "keep", "strip", "auto" or NULL (config) */
	char *notes;
	char *status;           /* "active" or "closed" */
	int closed_on;
	char *close_reason;
};

struct person_category {
	const char *code;
	const char *label;
};
/* The categories the provincial plans count people by, NULL-terminated. */
extern const struct person_category person_categories[];
const char *person_category_label(const char *code);

/* Validate and insert p (id and case_code are filled in; the case code is
 * prefix-YEAR-NNNN, with prefix from the config, else the district's
 * initials, else "SHG"). Phone must already be E.164 (see phone.h).
 * Returns 0 or -1 with a message. Audited. */
int person_add(struct db *db, struct person *p, const char *case_prefix);
/* Validate and save every field of p (by p->id). Audited. */
int person_update(struct db *db, const struct person *p);
/* Load by case code (or "#ID"). -1 with `person "X" not found`. Free with
 * person_free. */
int person_get(struct db *db, const char *ref, struct person *out);
int person_get_id(struct db *db, int64_t id, struct person *out);
/* person_get for showing the record (name, phone) to someone: audited as
 * ("person", id, "view"), with the account acting (db_set_account). Every
 * view that shows a name or phone goes through this: "person show", the
 * web interface's person page. */
int person_view(struct db *db, const char *ref, struct person *out);
/* Close (status closed) on day with reason: moved, withdrew, deceased,
 * other. Audited. */
int person_close(struct db *db, int64_t id, int day, const char *reason,
    const char *note);
/* Check every field; -1 with a message naming the first bad one. */
int person_validate(const struct person *p);
/* The active person with this E.164 phone: id or 0 when none. */
int64_t person_by_phone(struct db *db, const char *e164);
void person_free(struct person *p);

struct person_filter {
	const char *category, *commune, *district, *province;
	const char *status;     /* "active", "closed" or NULL for all */
	const char *name;       /* text found in the name ignoring case and
	                         * diacritics */
};

/* Call fn for each matching person, ordered by case code. fn returns 0 to
 * go on; a non-zero return stops and is returned. -1 on database error. */
int person_each(struct db *db, const struct person_filter *f,
    int (*fn)(const struct person *p, void *arg), void *arg);

#endif
