/*
 * template.h - SMS texts from the configured templates.
 *
 * Placeholders are replaced the Vietnamese way: {date} as dd/mm, {time} as
 * HH:MM (08:00), {amount} as "1.500.000 đ" (the SMS planner strips the
 * diacritic to "d" when the text goes out in GSM 7-bit), {name} as the
 * given name (the last word of the full name, as people are addressed).
 * The templates themselves were checked for privacy when the
 * configuration was loaded (config/conf.c).
 */
#ifndef SHG_TEMPLATE_H
#define SHG_TEMPLATE_H

#include <stdint.h>

struct template_vars {
	const char *full_name;  /* {name}: its last word */
	const char *group;      /* {group} */
	int date;               /* {date}: day number, DATE_NONE if unused */
	int minutes;            /* {time}: minutes after midnight, -1 if unused */
	const char *place;      /* {place} */
	int64_t amount;         /* {amount} in đồng, -1 if unused */
	const char *lunar_date; /* {lunar_date}, e.g. "15/8" */
	const char *case_code;  /* {case}: only in alerts to organisers */
};

/* The text of tpl with placeholders filled from v; unknown or empty
 * values become "". Caller frees. */
char *template_render(const char *tpl, const struct template_vars *v);

/* "Hoa" from "Nguyễn Thị Hoa". Caller frees. */
char *template_given_name(const char *full_name);

#endif
