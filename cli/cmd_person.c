/*
 * person, need and support commands: the registry of people and what
 * they need and receive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/phone.h"
#include "core/person.h"
#include "core/table.h"
#include "core/text.h"
#include "core/util.h"

/* The options add and edit share; NULL members were not given. */
struct person_opts {
	const char *name, *gender, *born, *phone, *village, *commune;
	const char *district, *province, *category, *route, *returned;
	const char *guardian, *consent, *coding, *notes;
};

#define PERSON_OPTS(o) \
	{ "name", &(o).name, NULL }, { "gender", &(o).gender, NULL }, \
	{ "born", &(o).born, NULL }, { "phone", &(o).phone, NULL }, \
	{ "village", &(o).village, NULL }, { "commune", &(o).commune, NULL }, \
	{ "district", &(o).district, NULL }, \
	{ "province", &(o).province, NULL }, \
	{ "category", &(o).category, NULL }, { "route", &(o).route, NULL }, \
	{ "returned", &(o).returned, NULL }, \
	{ "guardian", &(o).guardian, NULL }, \
	{ "consent", &(o).consent, NULL }, { "coding", &(o).coding, NULL }, \
	{ "notes", &(o).notes, NULL }

/* Accept English and Vietnamese words for gender. */
static const char *
gender_word(const char *v)
{
	static const struct { const char *in, *out; } words[] = {
		{ "female", "female" }, { "f", "female" }, { "nu", "female" },
		{ "nữ", "female" }, { "male", "male" }, { "m", "male" },
		{ "nam", "male" }, { "other", "other" }, { "khac", "other" },
		{ "khác", "other" },
	};
	for (size_t i = 0; i < NELEM(words); i++)
		if (!strcasecmp(v, words[i].in))
			return words[i].out;
	return v;
}

static int
apply_guardian(struct shg *shg, struct person *p, const char *v)
{
	struct person g;

	if (!v)
		return 0;
	if (!*v) {
		p->guardian_id = 0;
		return 0;
	}
	if (person_get(shg->db, v, &g) < 0)
		return -1;
	p->guardian_id = g.id;
	person_free(&g);
	return 0;
}

/* Copy the given options onto p, checking the ones that need parsing. */
static int
apply_opts(struct shg *shg, struct person *p, const struct person_opts *o)
{
	if (o->gender)
		cli_set_str(&p->gender, gender_word(o->gender));
	cli_set_str(&p->full_name, o->name);
	cli_set_str(&p->village, o->village);
	cli_set_str(&p->commune, o->commune);
	cli_set_str(&p->district, o->district);
	cli_set_str(&p->province, o->province);
	cli_set_str(&p->category, o->category);
	cli_set_str(&p->route, o->route);
	cli_set_str(&p->sms_coding, o->coding);
	cli_set_str(&p->notes, o->notes);
	if (o->born && *o->born &&
	    cli_int("--born", o->born, 1900, 2200, &p->birth_year) < 0)
		return -1;
	if (o->born && !*o->born)
		p->birth_year = 0;
	if (cli_date("--returned", o->returned, &p->returned_on) < 0)
		return -1;
	if (o->consent) {
		int was = p->sms_consent;
		if (cli_yesno("--consent", o->consent, &p->sms_consent) < 0)
			return -1;
		if (was != p->sms_consent)
			p->consent_on = date_today();
	}
	return cli_set_phone("--phone", &p->phone, o->phone) < 0 ? -1 :
	    apply_guardian(shg, p, o->guardian);
}

static int
cmd_person_add(struct shg *shg, int argc, char **argv)
{
	struct person_opts o = { 0 };
	struct opt opts[] = { PERSON_OPTS(o), { NULL, NULL, NULL } };
	struct person p = { 0 };
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (!o.name || !o.gender || !o.category)
		return cli_usage_error(shg, "--name, --gender and --category are "
		    "needed");
	p.returned_on = p.consent_on = p.closed_on = DATE_NONE;
	if (apply_opts(shg, &p, &o) < 0 ||
	    person_add(shg->db, &p, shg->conf.case_prefix) < 0) {
		person_free(&p);
		return -1;
	}
	printf("added %s\n", p.case_code);
	person_free(&p);
	return 0;
}

static int
cmd_person_edit(struct shg *shg, int argc, char **argv)
{
	struct person_opts o = { 0 };
	struct opt opts[] = { PERSON_OPTS(o), { NULL, NULL, NULL } };
	struct person p;
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "which person? give a case code");
	if (person_get(shg->db, pos[0], &p) < 0)
		return -1;
	rc = apply_opts(shg, &p, &o);
	if (rc == 0)
		rc = person_update(shg->db, &p);
	if (rc == 0)
		printf("updated %s\n", p.case_code);
	person_free(&p);
	return rc;
}

static void
show_field(const char *label, const char *v)
{
	if (!str_empty(v))
		printf("%-14s %s\n", label, v);
}

static void
show_date(const char *label, int day)
{
	char buf[16];
	if (day != DATE_NONE)
		show_field(label, date_format(day, buf));
}

static void
show_person(struct shg *shg, const struct person *p)
{
	char year[16], place[600];
	struct person g;

	show_field("case", p->case_code);
	show_field("name", p->full_name);
	show_field("gender", p->gender);
	snprintf(year, sizeof year, "%d", p->birth_year);
	show_field("born", p->birth_year ? year : NULL);
	show_field("phone", p->phone);
	snprintf(place, sizeof place, "%s, %s, %s, %s", p->village ? p->village : "-",
	    p->commune ? p->commune : "-", p->district ? p->district : "-",
	    p->province ? p->province : "-");
	show_field("place", place);
	show_field("category", person_category_label(p->category));
	show_field("route", p->route);
	show_date("returned", p->returned_on);
	if (p->guardian_id && person_get_id(shg->db, p->guardian_id, &g) == 0) {
		show_field("guardian", g.case_code);
		person_free(&g);
	}
	show_field("sms consent", p->sms_consent ? "yes" : "no");
	show_date("consent date", p->consent_on);
	show_field("sms coding", p->sms_coding);
	show_field("status", p->status);
	show_date("closed", p->closed_on);
	show_field("close reason", p->close_reason);
	show_field("notes", p->notes);
}

static int
cmd_person_show(struct shg *shg, int argc, char **argv)
{
	struct person p;
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "which person? give a case code");
	if (person_get(shg->db, pos[0], &p) < 0)
		return -1;
	show_person(shg, &p);
	person_free(&p);
	return 0;
}

struct list_ctx {
	struct table *t;
	int names;
};

static int
list_row(const struct person *p, void *arg)
{
	struct list_ctx *x = arg;

	table_cell(x->t, p->case_code);
	if (x->names) {
		table_cell(x->t, p->full_name);
		table_cell(x->t, p->phone);
	}
	table_cell(x->t, p->gender);
	if (p->birth_year)
		table_cell_int(x->t, p->birth_year);
	else
		table_cell(x->t, "");
	table_cell(x->t, p->category);
	table_cell(x->t, p->commune);
	table_cell(x->t, p->district);
	table_cell(x->t, p->status);
	return 0;
}

static int
cmd_person_list(struct shg *shg, int argc, char **argv)
{
	static const char *const hdr[] = { "case", "gender", ">born", "category",
		"commune", "district", "status", NULL };
	static const char *const hdr_names[] = { "case", "name", "phone",
		"gender", ">born", "category", "commune", "district", "status", NULL };
	struct person_filter f = { 0 };
	const char *status = "active";
	struct list_ctx x = { NULL, 0 };
	struct opt opts[] = { { "category", &f.category, NULL },
		{ "commune", &f.commune, NULL }, { "district", &f.district, NULL },
		{ "province", &f.province, NULL }, { "status", &status, NULL },
		{ "name", &f.name, NULL }, { "names", NULL, &x.names },
		{ NULL, NULL, NULL } };
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (strcmp(status, "active") && strcmp(status, "closed") &&
	    strcmp(status, "all"))
		return error("--status: \"%s\" is not active, closed or all", status);
	if (f.category && !person_category_label(f.category))
		return error("--category: \"%s\" is not a category (see shg person "
		    "add --help)", f.category);
	f.status = strcmp(status, "all") ? status : NULL;
	x.t = table_new(x.names ? hdr_names : hdr, shg->csv);
	rc = person_each(shg->db, &f, list_row, &x);
	if (rc < 0) {
		table_free(x.t);
		return -1;
	}
	table_print(x.t, stdout);
	return 0;
}

static int
cmd_person_close(struct shg *shg, int argc, char **argv)
{
	const char *reason = NULL, *datev = NULL, *note = NULL;
	struct opt opts[] = { { "reason", &reason, NULL }, { "date", &datev, NULL },
		{ "note", &note, NULL }, { NULL, NULL, NULL } };
	struct person p;
	char *pos[1];
	int npos, rc, day = date_today();

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1 || !reason)
		return cli_usage_error(shg, "a case code and --reason are needed");
	if (cli_date("--date", datev, &day) < 0 || person_get(shg->db, pos[0], &p) < 0)
		return -1;
	rc = person_close(shg->db, p.id, day, reason, note);
	if (rc == 0)
		printf("closed %s\n", p.case_code);
	person_free(&p);
	return rc;
}

#define PERSON_FIELDS_HELP \
	"  --name NAME        full name (kept private; reports use the case code)\n" \
	"  --gender G         female, male or other (nữ, nam)\n" \
	"  --born YEAR        year of birth\n" \
	"  --phone NUMBER     0912 345 678, +84..., old 11-digit numbers converted\n" \
	"  --village V --commune C --district D --province P\n" \
	"  --category C       returned-official, returned-self, domestic-rescued,\n" \
	"                     domestic-reported, foreign, suspected, at-risk\n" \
	"  --route R          for suspected: labour-export, tourism, marriage, other\n" \
	"  --returned DATE    date returned or identified (YYYY-MM-DD)\n" \
	"  --guardian CODE    for a minor: the person they came back with\n" \
	"  --consent yes|no   agrees to receive SMS\n" \
	"  --coding C         SMS text: keep, strip or auto diacritics\n" \
	"  --notes TEXT       private notes"

const struct cmd person_cmds[] = {
	{ "person add", cmd_person_add, CMD_WRITE,
	  "--name NAME --gender G --category C [options]",
	  "Register a person and print the new case code\n" PERSON_FIELDS_HELP },
	{ "person edit", cmd_person_edit, CMD_WRITE, "CODE [options]",
	  "Change some fields of a person (an empty value clears a field)\n"
	  PERSON_FIELDS_HELP },
	{ "person show", cmd_person_show, CMD_DB, "CODE",
	  "Show everything about one person (includes the name)" },
	{ "person list", cmd_person_list, CMD_DB,
	  "[--category C] [--commune C] [--district D] [--province P] "
	  "[--status active|closed|all] [--name TEXT] [--names] [--csv]",
	  "List people by case code; names only with --names\n"
	  "  --name TEXT   find TEXT in names ignoring case and diacritics\n"
	  "  --names       also show names and phones" },
	{ "person close", cmd_person_close, CMD_WRITE,
	  "CODE --reason moved|withdrew|deceased|other [--date D] [--note T]",
	  "Mark a person inactive; nothing is deleted" },
	{ NULL, NULL, 0, NULL, NULL },
};
