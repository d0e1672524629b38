/*
 * support.h - the support ledger: every support given to a person, its
 * type, date, value in whole đồng and funding source (core/funding.h).
 *
 * Entries are never changed or deleted. Reports total the ledger by type
 * and by source over a period, counting both persons (distinct) and times
 * ("lượt", one per entry).
 *
 * Functions return 0 or -1 after one error(); messages name the person by
 * case code, never by name. Every entry is audited (entity "support").
 */
#ifndef SHG_SUPPORT_H
#define SHG_SUPPORT_H

#include <stdint.h>

#include "core/db.h"

struct support_type {
	const char *code;
	const char *label;
};
/* initial, medical, counselling, legal-aid, education, vocational,
 * job-placement, capital, health-insurance, shelter, referral; ended by
 * { NULL, NULL }. */
extern const struct support_type support_types[];

/* The label of a type in the language in effect; NULL when code is not
 * a type. */
const char *support_type_label(const char *code);
/* Turn what a user typed ("legal aid", "health insurance card") into a
 * type code (*code points into support_types). -1 with
 * `WHAT: "x" is not a type of support (initial, ...)`. */
int support_type_parse(const char *what, const char *in, const char **code);

struct support {
	int64_t id;
	int64_t person_id;
	char *case_code;        /* filled by support_each */
	const char *type;       /* a code from support_types */
	int day;                /* given on */
	int64_t value;          /* whole đồng, >= 0 */
	const char *source;     /* a stored funding form (funding.h) */
	const char *notes;      /* NULL: none */
};

/*
 * Record s (the caller's strings are copied into the database; s->id is
 * set). Checks: the person exists; type is a code (or a word
 * support_type_parse knows); source is a stored funding form or anything
 * funding_parse accepts; day not in the future nor after the person was
 * closed; value from 0 to 10^15.
 */
int support_add(struct db *db, struct support *s);

struct support_filter {
	int64_t person_id;      /* 0: everyone */
	int from, to;           /* inclusive; DATE_NONE: open */
	const char *type;       /* a type code; NULL: any */
	const char *source;     /* a stored funding form; NULL: any */
};

/* Call fn for each matching entry, by date then id. The entry is
 * borrowed for the call. fn returns 0 to go on; a non-zero return stops
 * and is returned. -1 on a database error. */
int support_each(struct db *db, const struct support_filter *f,
    int (*fn)(const struct support *s, void *arg), void *arg);

struct support_total {
	char *key;              /* a type code, a source, or "total" */
	int persons;            /* distinct people */
	int times;              /* entries ("lượt") */
	int64_t value;          /* đồng */
};

struct support_totals {
	struct support_total *by_type;  /* every type, in table order */
	int ntypes;
	struct support_total *by_source; /* sources given, ordered by code */
	int nsources;
	struct support_total all;
};

/* Totals of the entries given from..to (inclusive, DATE_NONE: open).
 * Free with support_totals_free. */
int support_totals(struct db *db, int from, int to, struct support_totals *out);
/* The same for the people living in one place: the person's province,
 * district and commune (NULL: any), compared ignoring ASCII case. */
int support_totals_place(struct db *db, int from, int to, const char *province,
    const char *district, const char *commune, struct support_totals *out);
void support_totals_free(struct support_totals *t);

#endif
