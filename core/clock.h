/*
 * clock.h - the one source of time, and calendar dates.
 *
 * Timestamps are Unix seconds (UTC) everywhere in the database. Calendar
 * dates (a birth year, a meeting day, a due date) are day numbers counted
 * from 1970-01-01, stored as "YYYY-MM-DD" text. Local time is the zone set
 * with clock_set_timezone (config "timezone", default Asia/Ho_Chi_Minh).
 *
 * Tests set the time with clock_set(); the CLI honours $SHG_NOW
 * ("YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" local time, or "@UNIXSECONDS").
 */
#ifndef SHG_CLOCK_H
#define SHG_CLOCK_H

#include <stddef.h>
#include <time.h>

/* Now, in Unix seconds: the test time if one is set, else the system's. */
time_t clock_now(void);
/* Fix the clock at t (t == 0: use the system clock again). */
void clock_set(time_t t);
/* Read $SHG_NOW if set. Returns -1 with a message if it does not parse. */
int clock_init_env(void);

/* Use zone tz (an Olson name) for local time. -1 with a message when the
 * zone is unknown. */
int clock_set_timezone(const char *tz);
/* 1 if tz names a zone this machine knows (tzdata), else 0. Silent. */
int clock_zone_exists(const char *tz);

/* Calendar dates as day numbers. */
int date_from_ymd(int y, int m, int d);
void date_to_ymd(int days, int *y, int *m, int *d);
int date_valid_ymd(int y, int m, int d);
int date_days_in_month(int y, int m);
/* 0 = Sunday .. 6 = Saturday */
int date_weekday(int days);
/* Add n months keeping the day, clamped to the month's end (Jan 31 + 1
 * month = Feb 28 or 29). */
int date_add_months(int days, int n);

/* Parse "YYYY-MM-DD" or "DD/MM/YYYY" (also "today", "yesterday"). 0 or -1,
 * nothing printed. */
int date_parse(const char *s, int *days);
/* Like date_parse, but says what is wrong: `what: "x" is not a date ...` */
int date_parse_arg(const char *what, const char *s, int *days);
/* "YYYY-MM-DD"; buf must hold 11 bytes. Returns buf. */
char *date_format(int days, char *buf);
/* "dd/mm/yyyy"; buf 11 bytes. */
char *date_format_vn(int days, char *buf);

/* Today's local date. */
int date_today(void);
/* Local date and minutes after midnight of a timestamp. */
void time_to_local(time_t t, int *days, int *minutes);
/* The timestamp of a local date and time of day (minutes after midnight). */
time_t time_from_local(int days, int minutes);
/* Parse "HH:MM" into minutes after midnight. 0 or -1. */
int time_of_day_parse(const char *s, int *minutes);
/* "YYYY-MM-DD HH:MM" local; buf >= 17 bytes. */
char *time_format_local(time_t t, char *buf, size_t size);

#endif
