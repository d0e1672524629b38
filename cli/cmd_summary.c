/*
 * report summary: the coordinator's figures for a period, as text, CSV or
 * an HTML page (reports/summary.h).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"
#include "reports/summary.h"

/* An empty place option means "any". */
static const char *
place_opt(const char *v)
{
	return str_empty(v) ? NULL : v;
}

static int
cmd_report_summary(struct shg *shg, int argc, char **argv)
{
	const char *fromv = NULL, *tov = NULL, *html = NULL;
	struct summary_place pl = { NULL, NULL, NULL };
	struct opt opts[] = { { "from", &fromv, NULL }, { "to", &tov, NULL },
		{ "province", &pl.province, NULL },
		{ "district", &pl.district, NULL },
		{ "commune", &pl.commune, NULL }, { "html", &html, NULL },
		{ NULL, NULL, NULL } };
	struct summary s;
	int npos, rc, from, to;

	if ((rc = cli_parse(shg, argc, argv, opts, NULL, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (!fromv || !tov)
		return cli_usage_error(shg, "--from and --to are needed");
	if (cli_date("--from", fromv, &from) < 0 || cli_date("--to", tov, &to) < 0)
		return -1;
	if (from > to)
		return error("--from %s is after --to %s", fromv, tov);
	if (html && !*html)
		return cli_usage_error(shg, "--html needs a file name");
	pl.province = place_opt(pl.province);
	pl.district = place_opt(pl.district);
	pl.commune = place_opt(pl.commune);
	rc = summary_build(shg->db, &shg->conf, from, to, &pl, &s);
	if (rc == 0 && html)
		rc = summary_write_html(&s, html);
	else if (rc == 0)
		rc = shg->csv ? summary_print_csv(&s, stdout) :
		    summary_print_text(&s, stdout);
	if (rc == 0 && html)
		printf(_("wrote %s\n"), html);
	summary_free(&s);
	return rc;
}

/* The report of the twelve months to today, from the rollups and from
 * the raw rows: the number of differences, or -1. */
static int
verify_year(struct shg *shg)
{
	struct summary a, b;
	int to = date_today(), from = date_add_months(to, -12) + 1, n = -1;

	if (summary_build(shg->db, &shg->conf, from, to, NULL, &a) == 0 &&
	    summary_build_raw(shg->db, &shg->conf, from, to, NULL, &b) == 0)
		n = summary_compare(&a, &b, stdout);
	summary_free(&a);
	summary_free(&b);
	return n;
}

static int
cmd_report_verify(struct shg *shg, int argc, char **argv)
{
	int npos, rc, n, m = 0;

	if ((rc = cli_parse(shg, argc, argv, NULL, NULL, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (db_exec(shg->db, "BEGIN") < 0)
		return -1;
	n = summary_verify(shg->db, stdout);
	if (n >= 0)
		m = verify_year(shg);
	db_exec(shg->db, "COMMIT");
	if (n < 0 || m < 0)
		return -1;
	if (n + m > 0)
		return error("the figures kept differ from the rows (%d "
		    "differences)", n + m);
	printf("%s\n", _("ok"));
	return 0;
}

const struct cmd summary_cmds[] = {
	{ "report summary", cmd_report_summary, CMD_DB,
	  "--from D --to D [--province P] [--district X] [--commune C] "
	  "[--csv | --html FILE]",
	  N_("Figures for a period: people, support, loans, grants, groups, "
	  "SMS, visits\n"
	  "  --from D, --to D   the period, both days included (YYYY-MM-DD)\n"
	  "  --province P, --district X, --commune C\n"
	  "                     only people and groups of that place\n"
	  "  --csv              one line per figure: section,item,measure,value\n"
	  "  --html FILE        write one self-contained page with charts\n"
	  "Counts only: no names or phone numbers are shown.") },
	{ "report verify", cmd_report_verify, CMD_DB, "",
	  N_("Check the monthly figures kept for the summary against the rows\n"
	  "Recomputes the attendance and repayments kept by month, and the\n"
	  "amount paid kept on each loan installment, from the meetings and\n"
	  "repayments recorded, and builds the summary of the last twelve\n"
	  "months both ways; prints \"ok\", or one line per difference and\n"
	  "exits with 1.") },
	{ NULL, NULL, 0, NULL, NULL },
};
