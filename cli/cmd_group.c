/*
 * group, meeting and attendance commands: self-help groups, who is in
 * them, when they meet, and who came.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/table.h"
#include "core/text.h"
#include "core/util.h"
#include "groups/group.h"
#include "groups/lunar.h"
#include "groups/meeting.h"
#include "groups/schedule.h"

/* The options add and edit share; NULL members were not given. */
struct group_opts {
	const char *name, *village, *commune, *district, *province, *place;
	const char *organiser, *phone, *founded, *schedule, *from, *duration;
	const char *holidays, *reminder;
};

#define GROUP_OPTS(o) \
	{ "village", &(o).village, NULL }, { "commune", &(o).commune, NULL }, \
	{ "district", &(o).district, NULL }, \
	{ "province", &(o).province, NULL }, { "place", &(o).place, NULL }, \
	{ "organiser", &(o).organiser, NULL }, \
	{ "organiser-phone", &(o).phone, NULL }, \
	{ "founded", &(o).founded, NULL }, \
	{ "schedule", &(o).schedule, NULL }, { "from", &(o).from, NULL }, \
	{ "duration", &(o).duration, NULL }, \
	{ "holidays", &(o).holidays, NULL }, \
	{ "reminder-days", &(o).reminder, NULL }

/* --holidays skip|move|default and --reminder-days N|default. */
static int
apply_overrides(struct group *g, const struct group_opts *o)
{
	if (o->holidays && !str_eq(o->holidays, "skip") &&
	    !str_eq(o->holidays, "move") && !str_eq(o->holidays, "default"))
		return error("--holidays: \"%s\" is not skip, move or default",
		    o->holidays);
	if (o->holidays)
		cli_set_str(&g->holiday_policy, str_eq(o->holidays, "default") ? "" :
		    o->holidays);
	if (str_eq(o->reminder, "default"))
		g->reminder_days = -1;
	else if (cli_int("--reminder-days", o->reminder, 0, 30,
	    &g->reminder_days) < 0)
		return -1;
	return cli_int("--duration", o->duration, 1, 1440, &g->duration_min);
}

static int
apply_schedule(struct group *g, const struct group_opts *o)
{
	int from = DATE_NONE;

	if (cli_date("--from", o->from, &from) < 0)
		return -1;
	if (o->from && !o->schedule) {
		if (!g->rule)
			return error("--from: the group has no schedule; give "
			    "--schedule too");
		g->sched_from = from;
		return 0;
	}
	if (!o->schedule)
		return 0;
	if (from == DATE_NONE && g->founded_on != DATE_NONE &&
	    g->founded_on < date_today() && !g->rule)
		from = g->founded_on;
	return schedule_parse_into(g, o->schedule, from);
}

static int
apply_opts(struct group *g, const struct group_opts *o)
{
	cli_set_str(&g->name, o->name);
	cli_set_str(&g->village, o->village);
	cli_set_str(&g->commune, o->commune);
	cli_set_str(&g->district, o->district);
	cli_set_str(&g->province, o->province);
	cli_set_str(&g->place, o->place);
	cli_set_str(&g->organiser_name, o->organiser);
	if (o->founded && !*o->founded)
		g->founded_on = DATE_NONE;
	else if (cli_date("--founded", o->founded, &g->founded_on) < 0)
		return -1;
	if (cli_set_phone("--organiser-phone", &g->organiser_phone, o->phone) < 0 ||
	    apply_overrides(g, o) < 0)
		return -1;
	return apply_schedule(g, o);
}

static int
cmd_group_add(struct shg *shg, int argc, char **argv)
{
	struct group_opts o = { 0 };
	struct opt opts[] = { GROUP_OPTS(o), { NULL, NULL, NULL } };
	struct group g;
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "give the group's name");
	group_init(&g);
	o.name = pos[0];
	rc = apply_opts(&g, &o);
	if (rc == 0)
		rc = group_add(shg->db, &g);
	if (rc == 0)
		printf(_("added group \"%s\" (#%lld)\n"), g.name, (long long)g.id);
	group_free(&g);
	return rc;
}

static int
cmd_group_edit(struct shg *shg, int argc, char **argv)
{
	struct group_opts o = { 0 };
	struct opt opts[] = { GROUP_OPTS(o), { "name", &o.name, NULL },
		{ NULL, NULL, NULL } };
	struct group g;
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "which group? give its name or #ID");
	if (o.name && !*o.name)
		return error("--name: a group needs a name");
	if (group_get(shg->db, pos[0], &g) < 0)
		return -1;
	rc = apply_opts(&g, &o);
	if (rc == 0)
		rc = group_update(shg->db, &g);
	if (rc == 0)
		printf(_("updated group \"%s\"\n"), g.name);
	group_free(&g);
	return rc;
}

/* The labels of group show, translated when shown. */
static const char *const show_labels[] = { N_("group"), N_("id"),
	N_("place"), N_("meets at"), N_("organiser"), N_("organiser phone"),
	N_("founded"), N_("status"), N_("closed on"), N_("members"),
	N_("schedule"), N_("on holidays"), N_("reminder"), NULL };

/* The display width of the widest label of group show, plus two. */
static int
label_width(void)
{
	size_t w = 0;

	for (int i = 0; show_labels[i]; i++)
		if (text_width(_(show_labels[i])) > w)
			w = text_width(_(show_labels[i]));
	return (int)w + 2;
}

/* "label   value" with the value in column width (display columns, so
 * that Vietnamese labels line up); nothing when v is empty. */
static void
show_field(int width, const char *label, const char *v)
{
	if (!str_empty(v))
		printf("%s%*s%s\n", _(label), width - (int)text_width(_(label)),
		    "", v);
}

static char *
hhmm(int minutes, char *buf, size_t size)
{
	snprintf(buf, size, "%02d:%02d", minutes / 60 % 24, minutes % 60);
	return buf;
}

/* "15/10 âm lịch" for reading, "15/10" for CSV. */
static char *
lunar_text(int day, int csv, char *buf, size_t size)
{
	struct lunar_date ld;

	if (lunar_from_solar(day, &ld) < 0)
		snprintf(buf, size, "?");
	else if (csv)
		lunar_format(&ld, buf, size);
	else
		lunar_show(&ld, buf, size);
	return buf;
}

static void
show_schedule(const struct shg *shg, const struct group *g, int w)
{
	char line[600], t[8], d[16];
	const char *policy = schedule_policy_label(schedule_policy(&shg->conf, g));
	int days = schedule_reminder_days(&shg->conf, g);

	if (!g->rule) {
		/* TRANSLATORS: group show: the group has no schedule. */
		show_field(w, "schedule", _("none"));
		return;
	}
	/* TRANSLATORS: friendly rule, RFC 5545 rule, start time, length in
	 * minutes, first day. */
	snprintf(line, sizeof line, _("%s (%s) at %s for %d min from %s"),
	    g->rule_input ? g->rule_input : g->rule, g->rule, hhmm(g->start_min,
	    t, sizeof t), g->duration_min, date_show(g->sched_from, d));
	show_field(w, "schedule", line);
	if (g->holiday_policy)
		snprintf(line, sizeof line, "%s", policy);
	else
		/* TRANSLATORS: a holiday policy taken from shg.conf. */
		snprintf(line, sizeof line, _("%s (from the configuration)"),
		    policy);
	show_field(w, "on holidays", line);
	if (g->reminder_days >= 0)
		snprintf(line, sizeof line, ngettext("%d day before",
		    "%d days before", days), days);
	else
		snprintf(line, sizeof line, ngettext("%d day before (from the "
		    "configuration)", "%d days before (from the configuration)",
		    days), days);
	show_field(w, "reminder", line);
}

static void
show_group(struct shg *shg, const struct group *g)
{
	char buf[600], d[16];
	int w = label_width();

	snprintf(buf, sizeof buf, "#%lld", (long long)g->id);
	show_field(w, "group", g->name);
	show_field(w, "id", buf);
	snprintf(buf, sizeof buf, "%s, %s, %s, %s", g->village ? g->village : "-",
	    g->commune ? g->commune : "-", g->district ? g->district : "-",
	    g->province ? g->province : "-");
	show_field(w, "place", buf);
	show_field(w, "meets at", g->place);
	show_field(w, "organiser", g->organiser_name);
	show_field(w, "organiser phone", g->organiser_phone);
	if (g->founded_on != DATE_NONE)
		show_field(w, "founded", date_show(g->founded_on, d));
	show_field(w, "status", group_status_label(g->status));
	if (g->closed_on != DATE_NONE)
		show_field(w, "closed on", date_show(g->closed_on, d));
	snprintf(buf, sizeof buf, "%d", group_member_count(shg->db, g->id,
	    date_today()));
	show_field(w, "members", buf);
	show_schedule(shg, g, w);
}

/* Parse one positional group reference; load it into g. */
static int
one_group(struct shg *shg, int npos, char **pos, struct group *g)
{
	if (npos < 1)
		return cli_usage_error(shg, "which group? give its name or #ID");
	return group_get(shg->db, pos[0], g) < 0 ? -1 : 0;
}

static int
cmd_group_show(struct shg *shg, int argc, char **argv)
{
	struct group g;
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if ((rc = one_group(shg, npos, pos, &g)) != 0)
		return rc;
	show_group(shg, &g);
	group_free(&g);
	return 0;
}

/*
 * A table for the user: headers translated (a leading '>' right-aligns a
 * column and is part of the message), dates and rates shown for the
 * language. --csv keeps ISO dates and plain rates for scripts. The table
 * borrows hdr, so a view stays where it is until it is printed.
 */
struct view {
	struct table *t;
	int csv;
	const char *hdr[12];
};

static void
view_open(struct view *v, const char *const *hdr, int csv)
{
	size_t i;

	for (i = 0; hdr[i] && i + 1 < sizeof v->hdr / sizeof v->hdr[0]; i++)
		v->hdr[i] = _(hdr[i]);
	v->hdr[i] = NULL;
	v->csv = csv;
	v->t = table_new(v->hdr, csv);
}

static void
view_date(struct view *v, int day)
{
	char buf[16];

	if (v->csv || day == DATE_NONE)
		table_cell_date(v->t, day);
	else
		table_cell(v->t, date_show(day, buf));
}

/* The attendance rate: "83,33 %" (Vietnamese), "83.33%"; "83%" in CSV. */
static void
view_rate(struct view *v, const struct att_counts *c)
{
	int64_t total = att_total(c), in = c->n[ATT_PRESENT] + c->n[ATT_LATE];
	char buf[32];

	if (v->csv)
		table_cellf(v->t, "%.0f%%", 100.0 * att_rate(c));
	else
		table_cell(v->t, percent_show(total ? (in * 20000 + total) /
		    (2 * total) : 0, buf, sizeof buf));
}

struct list_ctx {
	struct shg *shg;
	struct view v;
};

static int
list_row(const struct group *g, void *arg)
{
	struct list_ctx *x = arg;
	struct table *tb = x->v.t;
	char t[8];

	table_cellf(tb, "#%lld", (long long)g->id);
	table_cell(tb, g->name);
	table_cell(tb, g->commune);
	table_cell(tb, g->district);
	table_cell_int(tb, group_member_count(x->shg->db, g->id, date_today()));
	if (g->rule)
		table_cellf(tb, "%s", g->rule_input ? g->rule_input : g->rule);
	else
		table_cell(tb, "");
	table_cell(tb, g->rule ? hhmm(g->start_min, t, sizeof t) : "");
	table_cell(tb, x->v.csv ? g->status : group_status_label(g->status));
	return 0;
}

static int
cmd_group_list(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: table headers; keep a leading '>': it right-aligns
	 * the column. */
	static const char *const hdr[] = { N_("id"), N_("group"), N_("commune"),
		N_("district"), N_(">members"), N_("schedule"), N_("time"),
		N_("status"), NULL };
	const char *status = "active";
	struct opt opts[] = { { "status", &status, NULL }, { NULL, NULL, NULL } };
	struct list_ctx x = { .shg = shg };
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (!str_eq(status, "active") && !str_eq(status, "closed") &&
	    !str_eq(status, "all"))
		return error("--status: \"%s\" is not active, closed or all", status);
	view_open(&x.v, hdr, shg->csv);
	if (group_each(shg->db, str_eq(status, "all") ? NULL : status, list_row,
	    &x) < 0) {
		table_free(x.v.t);
		return -1;
	}
	table_print(x.v.t, stdout);
	return 0;
}

static int
cmd_group_close(struct shg *shg, int argc, char **argv)
{
	const char *datev = NULL;
	struct opt opts[] = { { "date", &datev, NULL }, { NULL, NULL, NULL } };
	struct group g;
	char *pos[1];
	int npos, rc, day = date_today();

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (cli_date("--date", datev, &day) < 0)
		return -1;
	if ((rc = one_group(shg, npos, pos, &g)) != 0)
		return rc;
	rc = group_close(shg->db, g.id, day);
	if (rc == 0)
		printf(_("closed group \"%s\"\n"), g.name);
	group_free(&g);
	return rc;
}

static int
join_one(struct shg *shg, const struct group *g, const char *code, int day,
    const char *role)
{
	struct person p;
	int rc;

	if (person_get(shg->db, code, &p) < 0)
		return -1;
	rc = group_join(shg->db, g->id, p.id, day, role,
	    shg->conf.allow_multiple_groups, NULL);
	person_free(&p);
	return rc;
}

static int
cmd_group_join(struct shg *shg, int argc, char **argv)
{
	const char *datev = NULL, *role = NULL;
	struct opt opts[] = { { "date", &datev, NULL }, { "role", &role, NULL },
		{ NULL, NULL, NULL } };
	struct group g;
	/* As many case codes as the command line holds: no fixed limit. */
	char **pos = xcalloc((size_t)argc + 1, sizeof *pos);
	int npos, rc, day = date_today();

	if ((rc = cli_parse(shg, argc, argv, opts, pos, argc, &npos)) != 0) {
		free(pos);
		return rc == 1 ? 0 : rc;
	}
	if (npos < 2) {
		free(pos);
		return cli_usage_error(shg, "give a group and one or more case codes");
	}
	if (cli_date("--date", datev, &day) < 0 ||
	    group_get(shg->db, pos[0], &g) < 0) {
		free(pos);
		return -1;
	}
	for (int i = 1; i < npos && rc == 0; i++)
		rc = join_one(shg, &g, pos[i], day, role);
	if (rc == 0)
		printf(ngettext("%d person joined \"%s\"\n",
		    "%d people joined \"%s\"\n", npos - 1), npos - 1, g.name);
	group_free(&g);
	free(pos);
	return rc;
}

/* The group and the person named by pos[0] and pos[1]. */
static int
group_and_person(struct shg *shg, int npos, char **pos, struct group *g,
    struct person *p)
{
	if (npos != 2)
		return cli_usage_error(shg, "give a group and a case code");
	if (group_get(shg->db, pos[0], g) < 0)
		return -1;
	if (person_get(shg->db, pos[1], p) < 0) {
		group_free(g);
		return -1;
	}
	return 0;
}

static int
cmd_group_leave(struct shg *shg, int argc, char **argv)
{
	const char *datev = NULL, *reason = NULL;
	struct opt opts[] = { { "date", &datev, NULL },
		{ "reason", &reason, NULL }, { NULL, NULL, NULL } };
	struct group g;
	struct person p;
	char *pos[2];
	int npos, rc, day = date_today();

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 2, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (!reason)
		return cli_usage_error(shg, "--reason is needed");
	if (cli_date("--date", datev, &day) < 0)
		return -1;
	if ((rc = group_and_person(shg, npos, pos, &g, &p)) != 0)
		return rc;
	rc = group_leave(shg->db, g.id, p.id, day, reason);
	if (rc == 0)
		printf(_("%s left \"%s\"\n"), p.case_code, g.name);
	group_free(&g);
	person_free(&p);
	return rc;
}

static int
cmd_group_role(struct shg *shg, int argc, char **argv)
{
	struct group g;
	struct person p;
	char *pos[3];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 3, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 3)
		return cli_usage_error(shg, "give a group, a case code and a role");
	if ((rc = group_and_person(shg, 2, pos, &g, &p)) != 0)
		return rc;
	rc = group_set_role(shg->db, g.id, p.id, pos[2]);
	if (rc == 0)
		/* TRANSLATORS: case code, role, group name. */
		printf(_("%s is now %s of \"%s\"\n"), p.case_code,
		    group_role_label(pos[2]), g.name);
	group_free(&g);
	person_free(&p);
	return rc;
}

struct members_ctx {
	struct view v;
	int names, history;
	int64_t *ids;           /* with names: the people shown, to audit */
	size_t nids, cap;
};

static int
member_row(const struct membership *m, void *arg)
{
	struct members_ctx *x = arg;

	table_cell(x->v.t, m->case_code);
	if (x->names) {
		table_cell(x->v.t, m->full_name);
		if (x->nids == x->cap) {
			x->cap = x->cap ? 2 * x->cap : 32;
			x->ids = xrealloc(x->ids, x->cap * sizeof *x->ids);
		}
		x->ids[x->nids++] = m->person_id;
	}
	table_cell(x->v.t, x->v.csv ? m->role : group_role_label(m->role));
	view_date(&x->v, m->joined_on);
	if (x->history) {
		view_date(&x->v, m->left_on);
		table_cell(x->v.t, m->leave_reason);
	}
	return 0;
}

static void
members_open(struct members_ctx *x, int csv)
{
	/* TRANSLATORS: table headers of group members. */
	static const char *const hdr[][7] = {
		{ N_("case"), N_("role"), N_("joined"), NULL },
		{ N_("case"), N_("name"), N_("role"), N_("joined"), NULL },
		{ N_("case"), N_("role"), N_("joined"), N_("left"), N_("reason"),
		  NULL },
		{ N_("case"), N_("name"), N_("role"), N_("joined"), N_("left"),
		  N_("reason"), NULL },
	};

	view_open(&x->v, hdr[(x->history ? 2 : 0) + (x->names ? 1 : 0)], csv);
}

static int
cmd_group_members(struct shg *shg, int argc, char **argv)
{
	const char *at = NULL;
	struct members_ctx x = { .names = 0 };
	struct opt opts[] = { { "at", &at, NULL }, { "history", NULL, &x.history },
		{ "names", NULL, &x.names }, { NULL, NULL, NULL } };
	struct group g;
	char *pos[1];
	int npos, rc, day = date_today();

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (at && x.history)
		return cli_usage_error(shg, "give --at or --history, not both");
	if (cli_date("--at", at, &day) < 0 ||
	    (x.names && cli_names_allowed(shg) < 0))
		return -1;
	if ((rc = one_group(shg, npos, pos, &g)) != 0)
		return rc;
	members_open(&x, shg->csv);
	rc = group_members_each(shg->db, g.id, x.history ? DATE_NONE : day,
	    member_row, &x);
	if (rc == 0 && x.names)
		rc = audit_read(shg->db, x.ids, x.nids, "name");
	free(x.ids);
	group_free(&g);
	if (rc < 0) {
		table_free(x.v.t);
		return -1;
	}
	table_print(x.v.t, stdout);
	return 0;
}

/* The note of a moved or cancelled meeting: why, and from or to where. */
static void
occ_note(struct view *v, const struct sched_occ *o)
{
	char buf[16];

	if (o->state == SCHED_PLANNED)
		table_cell(v->t, "");
	else if (o->state == SCHED_MOVED)
		/* TRANSLATORS: a moved meeting: its original date, why. */
		table_cellf(v->t, _("from %s: %s"), v->csv ?
		    date_format(o->orig_day, buf) : date_show(o->orig_day, buf),
		    o->reason);
	else if (o->joined_day != DATE_NONE)
		/* TRANSLATORS: a meeting cancelled because a holiday (named by
		 * the first %s) moved it onto the next one (on the date). */
		table_cellf(v->t, _("%s (joined with the meeting on %s)"),
		    o->reason, v->csv ? date_format(o->joined_day, buf) :
		    date_show(o->joined_day, buf));
	else
		table_cell(v->t, o->reason);
}

static void
occ_row(struct view *v, const struct sched_occ *o)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	char buf[48];

	view_date(v, o->day);
	table_cell(v->t, v->csv ? wd[date_weekday(o->day)] :
	    weekday_name(date_weekday(o->day)));
	table_cell(v->t, lunar_text(o->day, v->csv, buf, sizeof buf));
	table_cell(v->t, o->state == SCHED_CANCELLED ? "" :
	    hhmm(o->start_min, buf, sizeof buf));
	table_cell(v->t, v->csv ? schedule_state_name(o->state) :
	    schedule_state_label(o->state));
	occ_note(v, o);
}

/* Why the list holds fewer meetings than asked, in one line on stderr. */
static void
schedule_short(const struct sched_occ *v, size_t n, enum sched_end end)
{
	int k = 0;

	for (size_t i = 0; i < n; i++)
		k += v[i].state != SCHED_CANCELLED;
	if (end == SCHED_END_RULE)
		fprintf(stderr, ngettext("only %d meeting: the schedule ends "
		    "there (COUNT or UNTIL)\n", "only %d meetings: the schedule "
		    "ends there (COUNT or UNTIL)\n", k), k);
	else if (end == SCHED_END_CALENDAR)
		fprintf(stderr, ngettext("only %d meeting: lunar dates are "
		    "computed up to lunar year %d\n", "only %d meetings: lunar "
		    "dates are computed up to lunar year %d\n", k), k,
		    LUNAR_YEAR_MAX);
	else if (end == SCHED_END_SEARCH)
		fprintf(stderr, ngettext("only %d meeting in the next %d "
		    "years\n", "only %d meetings in the next %d years\n", k),
		    k, SCHEDULE_NEXT_YEARS);
}

static int
cmd_group_schedule(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: table headers of the schedule. */
	static const char *const hdr[] = { N_("date"), N_("day"), N_("lunar"),
		N_("time"), N_("state"), N_("note"), NULL };
	const char *nextv = NULL, *fromv = NULL;
	struct opt opts[] = { { "next", &nextv, NULL }, { "from", &fromv, NULL },
		{ NULL, NULL, NULL } };
	struct sched_occ *v;
	struct group g;
	struct view out;
	enum sched_end end;
	char *pos[1];
	size_t n;
	int npos, rc, count = 5, from = date_today();

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (cli_int("--next", nextv, 1, 500, &count) < 0 ||
	    cli_date("--from", fromv, &from) < 0)
		return -1;
	if ((rc = one_group(shg, npos, pos, &g)) != 0)
		return rc;
	if (!g.rule) {
		rc = error("group \"%s\" has no schedule (set one with shg group "
		    "edit --schedule)", g.name);
	} else if ((rc = schedule_next(shg->db, &shg->conf, &g, from, count, &v,
	    &n, &end)) == 0) {
		view_open(&out, hdr, shg->csv);
		for (size_t i = 0; i < n; i++)
			occ_row(&out, &v[i]);
		table_print(out.t, stdout);
		schedule_short(v, n, end);
		free(v);
	}
	group_free(&g);
	return rc;
}

static void
exception_done(const struct group *g, int day, int what)
{
	char d[16];

	date_show(day, d);
	if (what == 'm')
		printf(_("moved the meeting of \"%s\" on %s\n"), g->name, d);
	else if (what == 'c')
		printf(_("cancelled the meeting of \"%s\" on %s\n"), g->name, d);
	else
		printf(_("restored the meeting of \"%s\" on %s\n"), g->name, d);
}

/* meeting move|cancel|restore G --date D ... */
static int
exception_cmd(struct shg *shg, int argc, char **argv, int what)
{
	const char *datev = NULL, *tov = NULL, *timev = NULL, *reason = NULL;
	struct opt opts[] = { { "date", &datev, NULL }, { "to", &tov, NULL },
		{ "time", &timev, NULL }, { "reason", &reason, NULL },
		{ NULL, NULL, NULL } };
	struct group g;
	char *pos[1];
	int npos, rc, day = DATE_NONE, to = DATE_NONE, start = -1;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (!datev || (what == 'm' && !tov && !timev) || (what != 'r' && !reason))
		return cli_usage_error(shg, "missing options");
	if ((what != 'm' && (tov || timev)) || (what == 'r' && reason))
		return cli_usage_error(shg, "option not allowed here");
	if (cli_date("--date", datev, &day) < 0 || cli_date("--to", tov, &to) < 0)
		return -1;
	if (timev && time_of_day_parse(timev, &start) < 0)
		return error("--time: \"%s\" is not a time of day (use HH:MM)", timev);
	if ((rc = one_group(shg, npos, pos, &g)) != 0)
		return rc;
	if (what == 'm')
		rc = schedule_move(shg->db, &shg->conf, &g, day,
		    to == DATE_NONE ? day : to, start, reason);
	else if (what == 'c')
		rc = schedule_cancel(shg->db, &shg->conf, &g, day, reason);
	else
		rc = schedule_restore(shg->db, &shg->conf, &g, day);
	if (rc == 0)
		exception_done(&g, day, what);
	group_free(&g);
	return rc;
}

static int
cmd_meeting_move(struct shg *shg, int argc, char **argv)
{
	return exception_cmd(shg, argc, argv, 'm');
}

static int
cmd_meeting_cancel(struct shg *shg, int argc, char **argv)
{
	return exception_cmd(shg, argc, argv, 'c');
}

static int
cmd_meeting_restore(struct shg *shg, int argc, char **argv)
{
	return exception_cmd(shg, argc, argv, 'r');
}

struct att_list {
	struct meeting_att *v;
	size_t n, cap;
};

/* Add every case code of a comma-separated list with status s. */
static int
add_codes(struct shg *shg, struct att_list *l, const char *codes,
    enum att_status s)
{
	char *copy, *tok, *save = NULL;
	struct person p;
	int rc = 0;

	if (!codes)
		return 0;
	copy = xstrdup(codes);
	for (tok = strtok_r(copy, ",", &save); tok && rc == 0;
	    tok = strtok_r(NULL, ",", &save)) {
		tok = str_trim(tok);
		if (!*tok)
			continue;
		if ((rc = person_get(shg->db, tok, &p)) < 0)
			break;
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 16;
			l->v = xrealloc(l->v, l->cap * sizeof *l->v);
		}
		l->v[l->n].person_id = p.id;
		l->v[l->n++].status = s;
		person_free(&p);
	}
	free(copy);
	return rc;
}

static void
print_defaulted(struct shg *shg, const struct meeting_result *r)
{
	struct person p;
	struct buf b = { 0 };

	if (!r->ndefaulted)
		return;
	for (size_t i = 0; i < r->ndefaulted; i++)
		if (person_get_id(shg->db, r->defaulted[i], &p) == 0) {
			buf_addf(&b, "%s%s", b.s ? ", " : "", p.case_code);
			person_free(&p);
		}
	/* TRANSLATORS: %s is a list of case codes. */
	printf(_("not given, recorded absent: %s\n"), b.s ? b.s : "");
	buf_free(&b);
}

static int
record_meeting(struct shg *shg, const struct group *g, int day,
    const char *topic, const struct att_list *l)
{
	struct meeting_result r;
	char buf[16];
	int rc;

	rc = meeting_record(shg->db, &shg->conf, g, day, topic, l->v, l->n, &r);
	if (rc < 0)
		return -1;
	if (r.extra)
		printf(_("recorded the meeting of \"%s\" on %s (extra: not a "
		    "scheduled meeting)\n"), g->name, date_show(day, buf));
	else
		printf(_("recorded the meeting of \"%s\" on %s\n"), g->name,
		    date_show(day, buf));
	print_defaulted(shg, &r);
	free(r.defaulted);
	return 0;
}

/*
 * "GROUP --date D [options]": parse argv with opts (which must hold
 * "date" pointing at *datev), then load the group and the day. Returns 0,
 * or what the handler returns: 1 after --help (the handler returns 0),
 * CLI_USAGE or -1. On 0 the caller frees g.
 */
static int
group_on_day(struct shg *shg, int argc, char **argv, const struct opt *opts,
    const char *const *datev, struct group *g, int *day)
{
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc;
	if (!*datev)
		return cli_usage_error(shg, "--date is needed");
	if (cli_date("--date", *datev, day) < 0)
		return -1;
	return one_group(shg, npos, pos, g);
}

static int
cmd_meeting_record(struct shg *shg, int argc, char **argv)
{
	const char *datev = NULL, *topic = NULL, *lists[ATT_N] = { 0 };
	struct opt opts[] = { { "date", &datev, NULL }, { "topic", &topic, NULL },
		{ "present", &lists[ATT_PRESENT], NULL },
		{ "late", &lists[ATT_LATE], NULL },
		{ "excused", &lists[ATT_EXCUSED], NULL },
		{ "absent", &lists[ATT_ABSENT], NULL }, { NULL, NULL, NULL } };
	struct att_list l = { 0 };
	struct group g;
	int rc, day;

	if ((rc = group_on_day(shg, argc, argv, opts, &datev, &g, &day)) != 0)
		return rc == 1 ? 0 : rc;
	for (int s = 0; s < ATT_N && rc == 0; s++)
		rc = add_codes(shg, &l, lists[s], (enum att_status)s);
	if (rc == 0)
		rc = record_meeting(shg, &g, day, topic, &l);
	free(l.v);
	group_free(&g);
	return rc;
}

/* --from and --to, by default the twelve months up to today. */
static int
period(const char *fromv, const char *tov, int *from, int *to)
{
	char a[16], b[16];

	*to = date_today();
	*from = date_add_months(*to, -12) + 1;
	if (cli_date("--from", fromv, from) < 0 || cli_date("--to", tov, to) < 0)
		return -1;
	if (*from > *to)
		return error("--from: %s is after --to %s", date_show(*from, a),
		    date_show(*to, b));
	return 0;
}

static int
meeting_row(const struct meeting_info *m, void *arg)
{
	struct view *v = arg;
	const char *kind = m->extra ? "extra" : m->orig_day != m->day ? "moved" :
	    "";

	table_cellf(v->t, "#%lld", (long long)m->id);
	table_cell(v->t, m->group_name);
	view_date(v, m->day);
	if (v->csv || !*kind)
		table_cell(v->t, kind);
	else
		/* TRANSLATORS: the kind of a meeting held: not on the schedule,
		 * or on another day than scheduled. */
		table_cell(v->t, m->extra ? _("extra") : _("moved"));
	for (int i = 0; i < ATT_N; i++)
		table_cell_int(v->t, m->c.n[i]);
	view_rate(v, &m->c);
	table_cell(v->t, m->topic);
	return 0;
}

/* An optional group (pos[0]): its id in *id, 0 when none was given. */
static int
maybe_group(struct shg *shg, int npos, char **pos, int64_t *id)
{
	struct group g;

	*id = 0;
	if (npos == 0)
		return 0;
	if (group_get(shg->db, pos[0], &g) < 0)
		return -1;
	*id = g.id;
	group_free(&g);
	return 0;
}

static int
cmd_meeting_list(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: table headers; keep a leading '>'. */
	static const char *const hdr[] = { N_("id"), N_("group"), N_("date"),
		N_("kind"), N_(">present"), N_(">late"), N_(">excused"),
		N_(">absent"), N_(">rate"), N_("topic"), NULL };
	const char *fromv = NULL, *tov = NULL;
	struct opt opts[] = { { "from", &fromv, NULL }, { "to", &tov, NULL },
		{ NULL, NULL, NULL } };
	struct view v;
	char *pos[1];
	int64_t gid;
	int npos, rc, from, to;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (period(fromv, tov, &from, &to) < 0 ||
	    maybe_group(shg, npos, pos, &gid) < 0)
		return -1;
	view_open(&v, hdr, shg->csv);
	if (meeting_each(shg->db, gid, from, to, meeting_row, &v) < 0) {
		table_free(v.t);
		return -1;
	}
	table_print(v.t, stdout);
	return 0;
}

static int
att_row_cb(int64_t person_id, const char *code, enum att_status s, void *arg)
{
	struct view *v = arg;

	(void)person_id;
	table_cell(v->t, code);
	table_cell(v->t, v->csv ? meeting_status_name(s) :
	    meeting_status_label(s));
	return 0;
}

static int
find_meeting(const struct meeting_info *m, void *arg)
{
	*(int64_t *)arg = m->id;
	return 1;
}

static int
cmd_meeting_show(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: table headers of one meeting's attendance. */
	static const char *const hdr[] = { N_("case"), N_("attendance"), NULL };
	const char *datev = NULL;
	struct opt opts[] = { { "date", &datev, NULL }, { NULL, NULL, NULL } };
	struct view v;
	struct group g;
	char d[16];
	int64_t id = 0;
	int rc, day;

	if ((rc = group_on_day(shg, argc, argv, opts, &datev, &g, &day)) != 0)
		return rc == 1 ? 0 : rc;
	rc = meeting_each(shg->db, g.id, day, day, find_meeting, &id);
	if (rc >= 0 && !id)
		rc = error("no meeting of \"%s\" recorded on %s", g.name,
		    date_show(day, d));
	group_free(&g);
	if (rc < 0)
		return -1;
	view_open(&v, hdr, shg->csv);
	if (meeting_attendance_each(shg->db, id, att_row_cb, &v) < 0) {
		table_free(v.t);
		return -1;
	}
	table_print(v.t, stdout);
	return 0;
}

static int
cmd_meeting_delete(struct shg *shg, int argc, char **argv)
{
	const char *datev = NULL;
	struct opt opts[] = { { "date", &datev, NULL }, { NULL, NULL, NULL } };
	struct group g;
	char buf[16];
	int rc, day;

	if ((rc = group_on_day(shg, argc, argv, opts, &datev, &g, &day)) != 0)
		return rc == 1 ? 0 : rc;
	rc = meeting_delete(shg->db, g.id, day);
	if (rc == 0)
		printf(_("deleted the meeting of \"%s\" on %s\n"), g.name,
		    date_show(day, buf));
	group_free(&g);
	return rc;
}

static int
report_row(const struct att_row *r, void *arg)
{
	struct view *v = arg;

	table_cell(v->t, r->group_name);
	if (r->case_code)
		table_cell(v->t, r->case_code);
	table_cell_int(v->t, r->meetings);
	for (int i = 0; i < ATT_N; i++)
		table_cell_int(v->t, r->c.n[i]);
	view_rate(v, &r->c);
	return 0;
}

static int
cmd_attendance_report(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: table headers; keep a leading '>'. */
	static const char *const by_group[] = { N_("group"), N_(">meetings"),
		N_(">present"), N_(">late"), N_(">excused"), N_(">absent"),
		N_(">rate"), NULL };
	static const char *const by_member[] = { N_("group"), N_("case"),
		N_(">meetings"), N_(">present"), N_(">late"), N_(">excused"),
		N_(">absent"), N_(">rate"), NULL };
	const char *fromv = NULL, *tov = NULL;
	int members = 0;
	struct opt opts[] = { { "from", &fromv, NULL }, { "to", &tov, NULL },
		{ "members", NULL, &members }, { NULL, NULL, NULL } };
	struct view v;
	char *pos[1];
	int64_t gid;
	int npos, rc, from, to;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (period(fromv, tov, &from, &to) < 0 ||
	    maybe_group(shg, npos, pos, &gid) < 0)
		return -1;
	view_open(&v, members ? by_member : by_group, shg->csv);
	rc = members ? meeting_report_members(shg->db, gid, from, to, report_row,
	    &v) : meeting_report_groups(shg->db, gid, from, to, report_row, &v);
	if (rc < 0) {
		table_free(v.t);
		return -1;
	}
	table_print(v.t, stdout);
	return 0;
}

static int
cmd_attendance_missed(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: table headers; keep a leading '>'. "missed": meetings
	 * missed in a row. */
	static const char *const hdr[] = { N_("case"), N_("group"), N_(">missed"),
		N_("since"), NULL };
	const char *countv = NULL;
	struct opt opts[] = { { "count", &countv, NULL }, { NULL, NULL, NULL } };
	struct meeting_missed *m;
	struct view v;
	struct person p;
	struct group g;
	char *pos[1];
	size_t n;
	int npos, rc, count = shg->conf.missed_meetings;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (cli_int("--count", countv, 1, 1000, &count) < 0 ||
	    meeting_missed_in_a_row(shg->db, count, &m, &n) < 0)
		return -1;
	view_open(&v, hdr, shg->csv);
	for (size_t i = 0; i < n; i++) {
		if (person_get_id(shg->db, m[i].person_id, &p) < 0)
			continue;
		if (group_get_id(shg->db, m[i].group_id, &g) < 0) {
			person_free(&p);
			continue;
		}
		table_cell(v.t, p.case_code);
		table_cell(v.t, g.name);
		table_cell_int(v.t, m[i].count);
		view_date(&v, m[i].since);
		person_free(&p);
		group_free(&g);
	}
	free(m);
	table_print(v.t, stdout);
	return 0;
}

const struct cmd group_cmds[] = {
	{ "group add", cmd_group_add, CMD_WRITE, "NAME [options]",
	  N_("Create a self-help group\n"
	  "  --village V --commune C --district D --province P\n"
	  "  --place TEXT            where the group meets\n"
	  "  --organiser NAME        who organises it (alerted about the group)\n"
	  "  --organiser-phone N     0912 345 678, +84...\n"
	  "  --founded DATE          YYYY-MM-DD\n"
	  "  --schedule RULE         \"monthly 5 08:00\", \"monthly 2nd tue 14:00\",\n"
	  "                          \"weekly wed 08:00\", \"lunar 15 08:00\" or an\n"
	  "                          RFC 5545 rule and a time:\n"
	  "                          \"RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=15 08:00\"\n"
	  "  --from DATE             the schedule applies from DATE (default today)\n"
	  "  --duration MIN          meeting length in minutes (default 120)\n"
	  "  --holidays P            skip, move (to the next free day) or default\n"
	  "                          (the config's groups.holiday_policy)\n"
	  "  --reminder-days N       first SMS reminder N days before, or default") },
	{ "group edit", cmd_group_edit, CMD_WRITE, "GROUP [--name NEW] [options]",
	  N_("Change some fields of a group (an empty value clears a field)\n"
	  "GROUP is its name (case does not matter) or #ID\n"
	  "  --village V --commune C --district D --province P\n"
	  "  --place TEXT            where the group meets\n"
	  "  --organiser NAME        who organises it (alerted about the group)\n"
	  "  --organiser-phone N     0912 345 678, +84...\n"
	  "  --founded DATE          YYYY-MM-DD\n"
	  "  --schedule RULE         \"monthly 5 08:00\", \"monthly 2nd tue 14:00\",\n"
	  "                          \"weekly wed 08:00\", \"lunar 15 08:00\" or an\n"
	  "                          RFC 5545 rule and a time:\n"
	  "                          \"RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=15 08:00\"\n"
	  "  --from DATE             the schedule applies from DATE (default today)\n"
	  "  --duration MIN          meeting length in minutes (default 120)\n"
	  "  --holidays P            skip, move (to the next free day) or default\n"
	  "                          (the config's groups.holiday_policy)\n"
	  "  --reminder-days N       first SMS reminder N days before, or default") },
	{ "group show", cmd_group_show, CMD_DB, "GROUP",
	  N_("Show a group, its organiser and schedule") },
	{ "group list", cmd_group_list, CMD_DB, "[--status active|closed|all]",
	  N_("List groups with their member counts and schedules") },
	{ "group close", cmd_group_close, CMD_WRITE, "GROUP [--date D]",
	  N_("Close a group; its members leave on that day (nothing is deleted)") },
	{ "group join", cmd_group_join, CMD_WRITE,
	  "GROUP CODE... [--date D] [--role member|leader|treasurer]",
	  N_("Add people (by case code) to a group from a date (default today)\n"
	  "A person is in one group at a time unless groups.allow_multiple") },
	{ "group leave", cmd_group_leave, CMD_WRITE,
	  "GROUP CODE --reason TEXT [--date D]",
	  N_("A person leaves a group; the membership stays in the history\n"
	  "The leaving day is the first day they are no longer a member") },
	{ "group role", cmd_group_role, CMD_WRITE,
	  "GROUP CODE member|leader|treasurer",
	  N_("Change a current member's role") },
	{ "group members", cmd_group_members, CMD_DB,
	  "GROUP [--at DATE | --history] [--names]",
	  N_("Members of a group as of a date (default today)\n"
	  "  --at DATE    membership on that day\n"
	  "  --history    every membership ever, with leaving dates and reasons\n"
	  "  --names      also show names") },
	{ "group schedule", cmd_group_schedule, CMD_DB,
	  "GROUP [--next N] [--from DATE]",
	  N_("The next N meetings (default 5) with solar and lunar dates\n"
	  "Moved and cancelled meetings are shown with the reason") },
	{ "meeting record", cmd_meeting_record, CMD_WRITE,
	  "GROUP --date D [--topic T] [--present CODES] [--late CODES] "
	  "[--excused CODES] [--absent CODES]",
	  N_("Record a meeting held and who came (CODES: case codes, comma-separated)\n"
	  "Members not given are recorded absent (the command lists them).\n"
	  "People who were not members that day are refused. A day that is\n"
	  "not a scheduled meeting is recorded as an extra meeting.") },
	{ "meeting list", cmd_meeting_list, CMD_DB,
	  "[GROUP] [--from D] [--to D]",
	  N_("Meetings held, with attendance counts\n"
	  "Rate = (present + late) / all statuses recorded; excused counts as not\n"
	  "attending. The period is --from to --to (default the last 12 months).") },
	{ "meeting show", cmd_meeting_show, CMD_DB, "GROUP --date D",
	  N_("Attendance at one meeting, by case code") },
	{ "meeting delete", cmd_meeting_delete, CMD_WRITE, "GROUP --date D",
	  N_("Delete a meeting recorded by mistake, with its attendance") },
	{ "meeting move", cmd_meeting_move, CMD_WRITE,
	  "GROUP --date D [--to D2] [--time HH:MM] --reason TEXT",
	  N_("Move one scheduled meeting (D: its date) to another day or time") },
	{ "meeting cancel", cmd_meeting_cancel, CMD_WRITE,
	  "GROUP --date D --reason TEXT",
	  N_("Cancel one scheduled meeting (Tết, floods, ...)") },
	{ "meeting restore", cmd_meeting_restore, CMD_WRITE, "GROUP --date D",
	  N_("Undo a move or cancellation of one meeting") },
	{ "attendance report", cmd_attendance_report, CMD_DB,
	  "[GROUP] [--from D] [--to D] [--members]",
	  N_("Attendance per group, or per member with --members\n"
	  "Rate = (present + late) / all statuses recorded; excused counts as not\n"
	  "attending. The period is --from to --to (default the last 12 months).") },
	{ "attendance missed", cmd_attendance_missed, CMD_DB, "[--count N]",
	  N_("Current members absent from their group's last N meetings in a row\n"
	  "(default reminders.missed_meetings); excused ends a run") },
	{ NULL, NULL, 0, NULL, NULL },
};
