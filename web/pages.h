/*
 * pages.h - pages that other pages call (the home page shows Today).
 */
#ifndef SHG_WEB_PAGES_H
#define SHG_WEB_PAGES_H

#include "web/route.h"

int page_today(struct web_ctx *x);
/* The links between the administrators' pages (web/pg_admin.c). */
void page_admin_nav(struct web_ctx *x);

#endif
