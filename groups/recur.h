/*
 * recur.h - meeting schedules: recurrence rules, their occurrences, and
 * holidays. Pure functions: no database, no clock.
 *
 * A group's schedule is an RFC 5545 recurrence rule (RRULE) plus a local
 * start time and a duration kept elsewhere. Rules are evaluated with
 * libical on whole dates: DTSTART is a day number (core/clock.h), and the
 * occurrences are day numbers. Time zones play no part here: a meeting on
 * the 5th is on the 5th of the local calendar; its start time is applied
 * by the caller (time_from_local).
 *
 * Schedules may be written as RRULE text, with or without "RRULE:", e.g.
 *   FREQ=MONTHLY;BYMONTHDAY=5           the 5th of every month
 *   FREQ=MONTHLY;BYDAY=2TU              the second Tuesday
 *   FREQ=WEEKLY;BYDAY=WE                every Wednesday
 *   RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=15
 *                                       the 15th of every lunar month
 * or in a short form (case does not matter; the time is optional):
 *   monthly 5 08:00           FREQ=MONTHLY;BYMONTHDAY=5
 *   monthly 2nd tue 14:00     FREQ=MONTHLY;BYDAY=2TU (1st .. 5th, last)
 *   monthly last fri          FREQ=MONTHLY;BYDAY=-1FR
 *   weekly wed 08:00          FREQ=WEEKLY;BYDAY=WE
 *   weekly mon,thu 08:00      FREQ=WEEKLY;BYDAY=MO,TH
 *   every 2 weeks wed 08:00   FREQ=WEEKLY;INTERVAL=2;BYDAY=WE
 *   every 3 months 5          FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=5
 *   lunar 15 08:00            RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=15
 *   lunar 1,15                the 1st and 15th (mùng 1 and rằm)
 * Days of the week are mon .. sun (or monday .. sunday, or the Vietnamese
 * t2 .. t7 and cn). With "every N", the weeks or months are counted from
 * DTSTART, so DTSTART picks which weeks.
 *
 * Days that some months lack. RFC 5545 drops an occurrence whose day does
 * not exist (the 31st in April). Groups would rather meet on the month's
 * last day, so the short form says so explicitly:
 *   monthly 31         FREQ=MONTHLY;BYMONTHDAY=-1  (the last day)
 *   monthly 29, 30     RSCALE=GREGORIAN;FREQ=MONTHLY;BYMONTHDAY=30;
 *                      SKIP=BACKWARD  (RFC 7529: Feb 28/29 instead)
 *   lunar 30           RSCALE=CHINESE;...;BYMONTHDAY=30;SKIP=BACKWARD
 *                      (the 29th in a 29-day lunar month)
 * A rule written as RRULE text keeps its RFC meaning.
 *
 * Lunar rules (RSCALE=CHINESE) follow Vietnam's calendar (UTC+7) as
 * groups/lunar.h computes it, never ICU's Chinese one (UTC+8) that libical
 * would use: they are parsed with libical and walked here month by month.
 * Supported: FREQ=MONTHLY or YEARLY, BYMONTH (1 .. 12, "5L" for the leap
 * 5th month only), BYMONTHDAY (1 .. 30, -1 .. -30 from the month's end),
 * INTERVAL (lunar months or years from DTSTART's), COUNT, UNTIL, SKIP
 * (a day or leap month a year lacks: OMIT drops it, BACKWARD takes the
 * month's last day or the ordinary month, FORWARD the next month's first
 * day or the month after). Without BYMONTHDAY the day is DTSTART's lunar
 * day; a yearly rule without either takes DTSTART's lunar month and day
 * (RSCALE=CHINESE;FREQ=YEARLY from Tết is every Tết). A monthly rule
 * meets in leap months too (2023 has two meetings on 15/2: one in month
 * 2 and one in the leap month 2) unless BYMONTH says otherwise. Other
 * lunar forms (weekly, BYDAY, BYYEARDAY, BYWEEKNO, BYSETPOS) are refused.
 * A lunar walk ends at the end of lunar year LUNAR_YEAR_MAX.
 *
 * Cost: a Gregorian rule costs a few microseconds an occurrence (60
 * months of 2,500 weekly groups: under two seconds); parse once with
 * recur_iter_new to walk a rule several times.
 *
 * Errors: functions returning int give -1 after one error() message
 * (core/log.h) unless said otherwise.
 */
#ifndef SHG_RECUR_H
#define SHG_RECUR_H

#define RECUR_RRULE_MAX 256

struct recur_rule {
	char rrule[RECUR_RRULE_MAX];    /* canonical RRULE text, no "RRULE:" */
	int start_minutes;              /* after midnight; -1 if not given */
};

/* Parse a schedule (RRULE text or a short form, see above) into out.
 * Rules repeating more often than daily, or naming hours, minutes or
 * seconds, are refused. Messages quote the input:
 *   schedule: "monthly 32" day of month must be 1 to 31 */
int recur_parse(const char *input, struct recur_rule *out);

/* Walking a rule's occurrences one by one, with the rule parsed once. */
struct recur_iter;

/* A walk of rrule with DTSTART on dtstart_day, from its first occurrence.
 * Caller frees with recur_iter_free. */
int recur_iter_new(const char *rrule, int dtstart_day, struct recur_iter **out);
/* Continue the walk from the first occurrence on or after day (earlier
 * days than DTSTART mean DTSTART). */
int recur_iter_seek(struct recur_iter *it, int day);
/* The next occurrence in *day: returns 1, or 0 when the rule has ended
 * (COUNT or UNTIL) or a lunar rule has reached the end of the lunar
 * calendar (LUNAR_YEAR_MAX: see recur_iter_cut), or -1 on error. */
int recur_iter_next(struct recur_iter *it, int *day);
/* 1 when the walk ended at the end of the lunar calendar rather than by
 * the rule (there would be more occurrences after), else 0. Silent. */
int recur_iter_cut(const struct recur_iter *it);
void recur_iter_free(struct recur_iter *it);

/* Occurrences of rrule (DTSTART dtstart_day) from from_day to to_day
 * inclusive, ascending, into days[0 .. max-1]. Returns how many were
 * stored; when that equals max there may be more after the last one. */
int recur_occurrences(const char *rrule, int dtstart_day, int from_day,
    int to_day, int *days, int max);

/* The next n occurrences on or after after_day into days[0 .. n-1].
 * Returns how many (fewer than n when the rule ends). */
int recur_next(const char *rrule, int dtstart_day, int after_day, int n,
    int *days);

/* A holiday recurring every year: a solar date (lunar = 0; Feb 29 falls
 * on Feb 28 in other years) or a lunar date (lunar = 1; month 1..12 of
 * the ordinary, not leap, month; day 30 falls on the 29th in a 29-day
 * month, so lunar 12/30 is always the eve of Tết), lasting ndays days
 * (1 when ndays < 1). Tết: { 1, 1, 1, 5 }; 2 September: { 0, 9, 2, 1 }. */
struct recur_holiday {
	int lunar;
	int month, day, ndays;
};

/* What happens to a meeting that falls on a holiday. */
enum recur_policy {
	RECUR_SKIP,             /* no meeting */
	RECUR_NEXT_FREE_DAY,    /* the first following day that is not one */
};

/* Check one holiday's fields: -1 with a message naming the bad one. */
int recur_holiday_check(const struct recur_holiday *h);

/* 1 if day falls within any of the nh holidays, else 0. Holidays with
 * bad fields (see recur_holiday_check) never match. Silent. */
int recur_is_holiday(const struct recur_holiday *h, int nh, int day);

/* Where a meeting due on day takes place: day itself when it is not a
 * holiday; otherwise -1 for RECUR_SKIP, or the next day that is not a
 * holiday for RECUR_NEXT_FREE_DAY (-1 if none within a year). Silent. */
int recur_apply_holidays(const struct recur_holiday *h, int nh,
    enum recur_policy policy, int day);

/* recur_apply_holidays over an ascending list of occurrences, in place:
 * skipped meetings are removed, and a meeting moved onto or past a later
 * one is merged with it. Returns the new count. */
int recur_filter_holidays(const struct recur_holiday *h, int nh,
    enum recur_policy policy, int *days, int n);

#endif
