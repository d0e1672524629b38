/*
 * i18n.h - the language users read: GNU gettext with shg's own catalogue.
 *
 * Every sentence a user sees goes through _() (or N_() where the string
 * sits in a table and is translated when shown); error() translates its
 * format itself. The catalogue is found by path (see i18n_set), so the
 * machine needs no vi_VN locale. Codes (categories, states, command names
 * and options) stay English; only what is shown is translated.
 *
 * Display formats follow the language, one decimal mark and one
 * thousands separator each, amounts always with "đ":
 *   Vietnamese: dates dd/mm/yyyy, money "1.500.000 đ", percentages
 *     "83,33 %", decimals "3,5";
 *   English: dates yyyy-mm-dd, money "1,500,000 đ", percentages
 *     "83.33%", decimals "3.5".
 * CSV output keeps plain numbers ("1500000", "83.33") for spreadsheets.
 */
#ifndef SHG_I18N_H
#define SHG_I18N_H

#include <libintl.h>
#include <stddef.h>
#include <stdint.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Use language lang: "vi" or "en" (a region such as "vi_VN.UTF-8" is
 * ignored). Returns 0, or -1 (nothing printed, nothing changed) when lang
 * is neither. Vietnamese without a catalogue on the machine falls back
 * to English with one warning. */
int i18n_set(const char *lang);
/* "vi" or "en": the language in effect (English before any i18n_set). */
const char *i18n_lang(void);
int i18n_vi(void);
/* The first language of $LANGUAGE that shg speaks ("vi" or "en"), else
 * NULL. Borrowed. */
const char *i18n_env(void);
/* The folder the catalogue was found in, or NULL. Borrowed. */
const char *i18n_dir(void);

/* A calendar date (day number) for display; buf holds 11 bytes. */
char *date_show(int days, char *buf);
/* Whole đồng for display; size >= 40. */
char *money_show(int64_t v, char *buf, size_t size);
/* A percentage given in hundredths of a percent (8333 -> 83,33 %); size
 * >= 32. */
char *percent_show(int64_t bp, char *buf, size_t size);
/* The decimal mark of the language: ',' or '.'. */
char decimal_mark(void);
/* Weekday name, 0 = Sunday .. 6 = Saturday ("Thứ Hai", "Monday").
 * Borrowed. */
const char *weekday_name(int wd);

#endif
