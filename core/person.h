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
/* The label of a category in the language in effect; NULL when code is
 * not a category. */
const char *person_category_label(const char *code);

/*
 * Case codes are PREFIX-YEAR-NNNN. The prefix of a district, once given,
 * is recorded (table case_prefix) and kept, so a code always tells its
 * district and codes already given never change. It is, in this order:
 *  - the district's entry in the configuration's case_prefixes;
 *  - the configuration's case_prefix, when set (one prefix for all);
 *  - the prefix recorded for the district;
 *  - the first of these that no other district has (recorded, or used by
 *    the first person of another district whose code has it, or
 *    configured for another district): the initials of the district
 *    without its rank ("Huyện Lục Nam" -> "LN"), then one word at a time
 *    from the last with more of its letters ("Lục Ngạn" -> "LNG", "LNGA",
 *    "LNGAN", "LUN", "LUCN"), then the initials and a number ("LN2").
 * People without a district get "SHG" (or case_prefix).
 */
struct person_prefixes {
	const char *fixed;              /* config case_prefix; "" or NULL: none */
	int n;                          /* config case_prefixes */
	char *const *district;
	char *const *prefix;
};
/* The key a district is known by: without the word for its rank, folded,
 * lower case ("Huyện Lục Ngạn" -> "luc ngan"). Caller frees. */
char *person_district_key(const char *district);

/* Validate and insert p (id and case_code are filled in, as above). Phone
 * must already be E.164 (see phone.h). Returns 0 or -1 with a message; a
 * configured prefix that the database gives another district is refused.
 * Audited. person_add takes only case_prefix. */
int person_add_coded(struct db *db, struct person *p,
    const struct person_prefixes *pp);
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
	const char *code;       /* text found in the case code ignoring case */
	const char *any;        /* text found in the name or the case code,
	                         * ignoring case and diacritics */
};

/* Call fn for each matching person, ordered by case code. fn returns 0 to
 * go on; a non-zero return stops and is returned. -1 on database error. */
int person_each(struct db *db, const struct person_filter *f,
    int (*fn)(const struct person *p, void *arg), void *arg);

#endif
