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

#endif
