#include "sms/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/util.h"

char *
template_given_name(const char *full_name)
{
	const char *end, *start;

	if (!full_name)
		return xstrdup("");
	end = full_name + strlen(full_name);
	while (end > full_name && end[-1] == ' ')
		end--;
	start = end;
	while (start > full_name && start[-1] != ' ')
		start--;
	return xstrndup(start, (size_t)(end - start));
}

/* Append the value of the placeholder named name (n bytes). */
static void
put_value(struct buf *b, const char *name, size_t n,
    const struct template_vars *v)
{
	char tmp[48];
	int y, m, d;

#define IS(s) (n == strlen(s) && !strncmp(name, s, n))
	if (IS("name")) {
		char *g = template_given_name(v->full_name);
		buf_add(b, g);
		free(g);
	} else if (IS("group") && v->group) {
		buf_add(b, v->group);
	} else if (IS("date") && v->date != DATE_NONE) {
		date_to_ymd(v->date, &y, &m, &d);
		buf_addf(b, "%02d/%02d", d, m);
	} else if (IS("time") && v->minutes >= 0) {
		buf_addf(b, "%02d:%02d", v->minutes / 60, v->minutes % 60);
	} else if (IS("place") && v->place) {
		buf_add(b, v->place);
	} else if (IS("amount") && v->amount >= 0) {
		buf_addf(b, "%s đ", money_format(v->amount, tmp, sizeof tmp));
	} else if (IS("lunar_date") && v->lunar_date) {
		buf_add(b, v->lunar_date);
	} else if (IS("case") && v->case_code) {
		buf_add(b, v->case_code);
	}
#undef IS
}

char *
template_render(const char *tpl, const struct template_vars *v)
{
	struct buf b = { 0 };
	const char *p = tpl, *open, *close;

	while ((open = strchr(p, '{')) && (close = strchr(open, '}'))) {
		buf_addn(&b, p, (size_t)(open - p));
		put_value(&b, open + 1, (size_t)(close - open - 1), v);
		p = close + 1;
	}
	buf_add(&b, p);
	return buf_detach(&b);
}
