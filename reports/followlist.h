/*
 * followlist.h - the whole follow-up list: the reasons core/followup.h
 * knows (help requests, unanswered check-ins) with those of groups/
 * (missed meetings, loans in arrears) and of the visit plan, ranked.
 *
 * It reads several modules, so it sits above them; the command line
 * (shg followup) and the web Today page both use it.
 */
#ifndef SHG_FOLLOWLIST_H
#define SHG_FOLLOWLIST_H

#include "config/conf.h"
#include "core/db.h"
#include "core/followup.h"

/* Fill list (zeroed by the caller; free with followup_free) for p, with
 * the thresholds of conf (missed meetings in a row, the visit plan), and
 * sort it. With p->people set, only those people's rows are read where
 * the queries allow it, and only theirs are kept. 0 or -1 after error(). */
int followlist_build(struct db *db, const struct conf *conf,
    const struct followup_params *p, struct followup_list *list);

/* The people who are current members at day of one of the groups (an
 * organiser's scope): *ids ascending, *n of them, for the people filter
 * of followup_params. *ids is never NULL on success (caller frees). */
int followlist_members(struct db *db, const int64_t *groups, int ngroups,
    int day, int64_t **ids, int *n);

#endif
