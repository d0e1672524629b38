/*
 * pg_coord.h - the coordinators' pages: the follow-up list, the loan
 * review and loans, in-kind grants and visits due. Every list shows only
 * what the account's scope holds (groups/scope.h); a loan or a grant
 * outside it is refused by its route (PERM_LOAN, PERM_GRANT).
 */
#ifndef SHG_WEB_PG_COORD_H
#define SHG_WEB_PG_COORD_H

#include <stdint.h>

#include "web/route.h"

/* pg_followup.c */
int page_followup(struct web_ctx *x);
int page_followup_csv(struct web_ctx *x);
int page_followup_done(struct web_ctx *x);
/* pg_loan.c */
int page_loans(struct web_ctx *x);
int page_loan(struct web_ctx *x);
int page_loan_repay(struct web_ctx *x);
int page_loan_reverse(struct web_ctx *x);
int page_loan_reschedule(struct web_ctx *x);
int page_loan_writeoff(struct web_ctx *x);
/* pg_grant.c */
int page_grants(struct web_ctx *x);
int page_grant(struct web_ctx *x);
int page_grant_event(struct web_ctx *x);
int page_grant_passon(struct web_ctx *x);
int page_visits(struct web_ctx *x);

/* Helpers the pages above share (pg_followup.c). */
/* The people of the account's scope at today, for filtering a list:
 * *ids NULL when it sees everyone. 0, or -1 after rendering a 500. */
int coord_people(struct web_ctx *x, const char *commune, int64_t **ids,
    int *n);
/* 500 "the database failed"; returns -1. */
int coord_failed(struct web_ctx *x);
/* Append "&key=value" (value percent-encoded) when value is not empty. */
void coord_arg(struct buf *b, const char *key, const char *value);
/* The start of a cache key (web/cache.h) for page: the account, its role
 * and place, on which its scope depends. */
void coord_cache_key(struct buf *b, const char *page, const struct web_ctx *x);

#endif
