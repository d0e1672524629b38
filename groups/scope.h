/*
 * scope.h - what an account may see and change, decided in one place for
 * every interface (web pages, SMS forms).
 *
 * An organiser: the groups of her account, the people who are current
 * members of them, and what belongs to those (meetings, attendance,
 * loans, visits, SMS, follow-up entries). A coordinator: every group and
 * person of her district or province (the group's and the person's own
 * place). An admin: everything.
 *
 * The scope_* checks return 1 when the account may, 0 when it may not
 * (nothing printed: the caller answers 403 and audits), -1 on a database
 * error (said with error()).
 */
#ifndef SHG_SCOPE_H
#define SHG_SCOPE_H

#include <stdint.h>

#include "core/account.h"
#include "core/db.h"

int scope_group(struct db *db, const struct account *a, int64_t group_id);
int scope_person(struct db *db, const struct account *a, int64_t person_id);
/* The groups the account may see, by name: *ids (caller frees) of *n. */
int scope_groups(struct db *db, const struct account *a, int64_t **ids, int *n);
/* The people the account may see at day, for filtering lists; with
 * commune (NULL or "": any), only those living in it or current members
 * of a group there (ignoring ASCII case). *ids ascending (caller frees;
 * never NULL on success) of *n; *all is 1 when the account sees everyone
 * and no commune is asked (an admin), and then *ids is empty. */
int scope_people(struct db *db, const struct account *a, int day,
    const char *commune, int64_t **ids, int *n, int *all);
/* 1 when person_id is in ids[0..n) (ascending), else 0. */
int scope_has(const int64_t *ids, int n, int64_t person_id);

/* 1 when the account's role may see people's names and phones: an
 * organiser (her members), an admin, and a coordinator only when
 * coordinator_names (config web.coordinator_names) says so. Lists and
 * reports show case codes to the others. */
int scope_names(const struct account *a, int coordinator_names);

/*
 * The area of a report: for an admin any province and district; for a
 * coordinator of a province, that province or a district of it (one its
 * groups or people name with that province); for a coordinator of a
 * district, that district (its province may be named too, or left out).
 * *province and *district (either may be NULL or "") are replaced by the
 * account's own where it has one and they were not given. 1 when the
 * account may see the area, 0 when not, -1 on a database error; an
 * organiser may see no area.
 */
int scope_area(struct db *db, const struct account *a, const char **province,
    const char **district);
/* The districts the groups of the account's area are in, by name: *out
 * (caller frees each and the array) of *n. */
int scope_districts(struct db *db, const struct account *a, char ***out,
    int *n);
#endif
