/*
 * page.h - the frame every page shares: head, navigation, messages,
 * forms' hidden fields, and dates as organisers read them.
 */
#ifndef SHG_WEB_PAGE_H
#define SHG_WEB_PAGE_H

#include <time.h>

#include "web/route.h"

/* Start a page titled title (escaped): the head, the style sheet and,
 * for a signed-in account, the navigation. */
void page_begin(struct web_ctx *x, const char *title);
void page_end(struct web_ctx *x);
/* A whole page with only a message, and the status. */
void page_status(struct web_ctx *x, int status, const char *msg);
/* A record the scope allows could not be loaded (an admin asking for a
 * number that does not exist, or the database failed): 404 with what the
 * module said. Returns -1. */
int page_not_loaded(struct web_ctx *x);
/* 303 See Other to location (a path of this site). */
void page_redirect(struct web_ctx *x, const char *location);
/* The hidden CSRF field of a form. */
void page_csrf(struct web_ctx *x);
/* The error of field (or of the whole form for ""), if any. */
void page_field_error(struct web_ctx *x, const char *field);
/* A message box: kind "ok" or "err". */
void page_note(struct web_ctx *x, const char *kind, const char *msg);
/* Close a list (and its section) opened when the body was start bytes
 * long, saying "none yet" when nothing was added. */
void page_list_end(struct web_ctx *x, size_t start);
/* "dd/mm/yyyy (15/8 ÂL)": a solar date with its lunar date; buf >= 64. */
char *page_date_lunar(int day, char *buf, size_t size);
/* A moment as local date and time: "15/12/2026 18:00"; buf >= 32. */
char *page_time(time_t t, char *buf, size_t size);
/* "08:00"; buf >= 8. */
char *page_hhmm(int minutes, char *buf, size_t size);

#endif
