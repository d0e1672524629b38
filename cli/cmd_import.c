/*
 * import, export and backup commands: spreadsheets in and out, and a
 * consistent copy of the database.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/backup.h"
#include "core/export.h"
#include "core/i18n.h"
#include "core/import.h"
#include "core/log.h"
#include "core/person.h"
#include "groups/grpio.h"
#include "groups/ledgerio.h"

typedef int (*import_fn)(struct db *, const char *, const struct import_opts *,
    struct import_counts *);

static int
run_import(struct shg *shg, int argc, char **argv, import_fn fn, int codes)
{
	struct person_prefixes pp = { shg->conf.case_prefix,
		shg->conf.nprefixes, shg->conf.prefix_district,
		shg->conf.prefix_code };
	struct import_opts o = { .case_prefix = shg->conf.case_prefix,
		.prefixes = &pp, .allow_multiple = shg->conf.allow_multiple_groups,
		.loan_interest = { shg->conf.loan_interest_state,
		shg->conf.loan_interest_wu, shg->conf.loan_interest_vbsp,
		shg->conf.loan_interest_ngo }, .staged = 1 };
	struct opt opts[] = { { "skip-bad", NULL, &o.skip_bad },
		{ "new-codes", NULL, &o.new_codes }, { NULL, NULL, NULL } };
	struct import_counts c;
	char *pos[1];
	int npos, rc;

	if (!codes)
		opts[1] = opts[2];
	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "which file? give a CSV file");
	if (fn(shg->db, pos[0], &o, &c) < 0)
		return -1;
	/* TRANSLATORS: the counts of rows after an import; %1$s is the
	 * file. */
	printf(_("%1$s: %2$d added, %3$d updated, %4$d unchanged, %5$d bad\n"),
	    pos[0], c.added, c.updated, c.unchanged, c.bad);
	return 0;
}

static int
cmd_import_people(struct shg *shg, int argc, char **argv)
{
	return run_import(shg, argc, argv, import_people, 1);
}

static int
cmd_import_groups(struct shg *shg, int argc, char **argv)
{
	return run_import(shg, argc, argv, grpio_import_groups, 0);
}

static int
cmd_import_members(struct shg *shg, int argc, char **argv)
{
	return run_import(shg, argc, argv, grpio_import_members, 0);
}

static int
cmd_import_support(struct shg *shg, int argc, char **argv)
{
	return run_import(shg, argc, argv, ledgerio_import_support, 0);
}

static int
cmd_import_loans(struct shg *shg, int argc, char **argv)
{
	return run_import(shg, argc, argv, ledgerio_import_loans, 0);
}

static int
cmd_import_repayments(struct shg *shg, int argc, char **argv)
{
	return run_import(shg, argc, argv, ledgerio_import_repayments, 0);
}

static int
cmd_import_grants(struct shg *shg, int argc, char **argv)
{
	return run_import(shg, argc, argv, ledgerio_import_grants, 0);
}

enum what { EX_PEOPLE, EX_GROUPS, EX_MEMBERS, EX_LOANS, EX_SUPPORT };

/* --headers vi|en: the language of the header row (default: the
 * language in effect). The flags for csvio_export_start, or -1. */
static int
header_flags(const char *v, int names)
{
	int flags = names ? CSVIO_NAMES : 0;

	if (!v)
		return flags | (i18n_vi() ? CSVIO_VI : 0);
	if (!strcmp(v, "vi"))
		return flags | CSVIO_VI;
	if (!strcmp(v, "en"))
		return flags;
	return error("--headers: \"%s\" is not vi or en", v);
}

/* "wrote 3 people to FILE" */
static void
say_written(enum what what, long rows, const char *path)
{
	unsigned long n = (unsigned long)rows;

	switch (what) {
	case EX_PEOPLE:
		printf(ngettext("wrote %ld person to %s\n",
		    "wrote %ld people to %s\n", n), rows, path);
		break;
	case EX_GROUPS:
		printf(ngettext("wrote %ld group to %s\n",
		    "wrote %ld groups to %s\n", n), rows, path);
		break;
	case EX_MEMBERS:
		printf(ngettext("wrote %ld member to %s\n",
		    "wrote %ld members to %s\n", n), rows, path);
		break;
	case EX_LOANS:
		printf(ngettext("wrote %ld loan to %s\n",
		    "wrote %ld loans to %s\n", n), rows, path);
		break;
	default:
		printf(ngettext("wrote %ld support entry to %s\n",
		    "wrote %ld support entries to %s\n", n), rows, path);
		break;
	}
}

static int
run_export(struct shg *shg, int argc, char **argv, enum what what)
{
	const char *headers = NULL;
	int names = 0, npos, rc, flags;
	struct opt opts[] = { { "headers", &headers, NULL },
		{ "names", NULL, &names }, { NULL, NULL, NULL } };
	char *pos[1];
	long rows;

	if (what == EX_LOANS)
		opts[1] = opts[2];
	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "which file? give a CSV file to write");
	if ((flags = header_flags(headers, names)) < 0 ||
	    (names && cli_names_allowed(shg) < 0))
		return -1;
	switch (what) {
	case EX_PEOPLE: rc = export_people(shg->db, pos[0], flags, &rows); break;
	case EX_GROUPS: rc = grpio_export_groups(shg->db, pos[0], flags, &rows); break;
	case EX_MEMBERS: rc = grpio_export_members(shg->db, pos[0], flags, &rows); break;
	case EX_LOANS: rc = grpio_export_loans(shg->db, pos[0], flags, &rows); break;
	default: rc = export_support(shg->db, pos[0], flags, &rows); break;
	}
	/* An export with names is audited with its row count; an export
	 * whose audit fails is taken back. */
	if (rc == 0 && names && audit_export(shg->db, shg->cmd->name, rows) < 0) {
		unlink(pos[0]);
		return -1;
	}
	if (rc == 0)
		say_written(what, rows, pos[0]);
	return rc;
}

static int
cmd_export_people(struct shg *shg, int argc, char **argv)
{
	return run_export(shg, argc, argv, EX_PEOPLE);
}

static int
cmd_export_groups(struct shg *shg, int argc, char **argv)
{
	return run_export(shg, argc, argv, EX_GROUPS);
}

static int
cmd_export_members(struct shg *shg, int argc, char **argv)
{
	return run_export(shg, argc, argv, EX_MEMBERS);
}

static int
cmd_export_loans(struct shg *shg, int argc, char **argv)
{
	return run_export(shg, argc, argv, EX_LOANS);
}

static int
cmd_export_support(struct shg *shg, int argc, char **argv)
{
	return run_export(shg, argc, argv, EX_SUPPORT);
}

static int
cmd_backup(struct shg *shg, int argc, char **argv)
{
	struct backup_info info;
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "where to? give the file for the copy");
	if (backup_run(shg->db, pos[0], &info) < 0)
		return -1;
	/* TRANSLATORS: %1$s is the file of the copy. */
	printf(_("backup %1$s: %2$lld bytes, schema version %3$d, integrity "
	    "ok\n"), pos[0], (long long)info.bytes, info.schema);
	return 0;
}

/* The imports are CMD_DB, not CMD_WRITE: a staged import (core/import.h)
 * takes the write lock itself, only to store the rows it has checked.
 * The help texts are whole messages (xgettext sees no macros), so the
 * common part of the imports is written out in each. */
const struct cmd import_cmds[] = {
	{ "import people", cmd_import_people, CMD_DB,
	  "FILE [--skip-bad] [--new-codes]",
	  N_("Add or update people from a CSV file\n"
	  "Columns: case_code, name, gender, born, phone, village, commune,\n"
	  "district, province, category, route, returned, consent, notes (or\n"
	  "mã hồ sơ, họ tên, giới tính, năm sinh, số điện thoại, thôn, xã,\n"
	  "huyện, tỉnh, diện, con đường bị lừa, ngày trở về, đồng ý nhận tin\n"
	  "nhắn, ghi chú).\n"
	  "A row is the person with its case code, else the person with the same\n"
	  "name (ignoring case and diacritics) and phone, else a new person.\n"
	  "Every row is checked first and each bad one is listed with its line;\n"
	  "nothing is imported unless all rows are good. Importing a file again\n"
	  "adds nothing twice: rows already there are unchanged, or updated when\n"
	  "a cell differs (empty cells never clear a field).\n"
	  "The file is UTF-8 CSV (comma, semicolon or tab) with a header row;\n"
	  "column names may be English or Vietnamese, in any case, with or\n"
	  "without diacritics.\n"
	  "  --skip-bad   import the good rows; the bad ones go to FILE.bad.csv\n"
	  "               (people.csv -> people.bad.csv) with an \"error\" column" "\n"
	  "  --new-codes  the case codes are another database's: match on name\n"
	  "               and phone only; new people get codes from this one") },
	{ "import groups", cmd_import_groups, CMD_DB, "FILE [--skip-bad]",
	  N_("Add or update groups from a CSV file\n"
	  "Columns: name, village, commune, district, province, place,\n"
	  "organiser, organiser_phone, founded (or tên nhóm, thôn, xã, huyện,\n"
	  "tỉnh, địa điểm, người phụ trách, điện thoại người phụ trách, ngày\n"
	  "thành lập). A row is the group of that name.\n"
	  "Every row is checked first and each bad one is listed with its line;\n"
	  "nothing is imported unless all rows are good. Importing a file again\n"
	  "adds nothing twice: rows already there are unchanged, or updated when\n"
	  "a cell differs (empty cells never clear a field).\n"
	  "The file is UTF-8 CSV (comma, semicolon or tab) with a header row;\n"
	  "column names may be English or Vietnamese, in any case, with or\n"
	  "without diacritics.\n"
	  "  --skip-bad   import the good rows; the bad ones go to FILE.bad.csv\n"
	  "               (people.csv -> people.bad.csv) with an \"error\" column") },
	{ "import members", cmd_import_members, CMD_DB, "FILE [--skip-bad]",
	  N_("Add people to groups from a CSV file\n"
	  "Columns: group, case_code, role (member, leader, treasurer), joined\n"
	  "(or nhóm, mã hồ sơ, vai trò, ngày vào; joined empty: today). An\n"
	  "existing member keeps the joined date; a changed role is saved.\n"
	  "Every row is checked first and each bad one is listed with its line;\n"
	  "nothing is imported unless all rows are good. Importing a file again\n"
	  "adds nothing twice: rows already there are unchanged, or updated when\n"
	  "a cell differs (empty cells never clear a field).\n"
	  "The file is UTF-8 CSV (comma, semicolon or tab) with a header row;\n"
	  "column names may be English or Vietnamese, in any case, with or\n"
	  "without diacritics.\n"
	  "  --skip-bad   import the good rows; the bad ones go to FILE.bad.csv\n"
	  "               (people.csv -> people.bad.csv) with an \"error\" column") },
	{ "import support", cmd_import_support, CMD_DB, "FILE [--skip-bad]",
	  N_("Add support entries from a CSV file\n"
	  "Columns: case_code, type, date, value, source, notes (or mã hồ sơ,\n"
	  "loại hỗ trợ, ngày, giá trị, nguồn kinh phí, ghi chú); value empty: 0.\n"
	  "Types and sources as support add takes them. Livelihood capital given\n"
	  "(not to be repaid) is type capital; capital lent is a loan.\n"
	  "A row is already there when the person has an entry of that type,\n"
	  "date, value and source.\n"
	  "Every row is checked first and each bad one is listed with its line;\n"
	  "nothing is imported unless all rows are good. Importing a file again\n"
	  "adds nothing twice: rows already there are unchanged.\n"
	  "The file is UTF-8 CSV (comma, semicolon or tab) with a header row;\n"
	  "column names may be English or Vietnamese, in any case, with or\n"
	  "without diacritics. Amounts as 1500000, 1.500.000 or 1,500,000 đ;\n"
	  "dates as YYYY-MM-DD or DD/MM/YYYY.\n"
	  "  --skip-bad   import the good rows; the bad ones go to FILE.bad.csv\n"
	  "               (people.csv -> people.bad.csv) with an \"error\" column") },
	{ "import loans", cmd_import_loans, CMD_DB, "FILE [--skip-bad]",
	  N_("Add loans, with their terms, from a CSV file\n"
	  "Columns: ref, case_code, group, source, purpose, principal, rate,\n"
	  "term, freq, method, grace, disbursed, interest (or mã khoản vay, mã\n"
	  "hồ sơ, nhóm, nguồn vốn, mục đích vay, tiền gốc, lãi suất, thời hạn,\n"
	  "kỳ trả nợ, cách tính lãi, ân hạn, ngày giải ngân, lãi khi trả trước).\n"
	  "ref is the loan's reference in the spreadsheet (import repayments\n"
	  "names loans by it); rate as 0.65%/month or 7,8%/năm; term and grace\n"
	  "in months; freq monthly, quarterly or end (default monthly); method\n"
	  "declining or flat (default declining); interest schedule or daily\n"
	  "(default: the setting loans.interest_SOURCE, as for loan disburse).\n"
	  "A loan whose ref is already imported is left as it is; one with the\n"
	  "same ref but another borrower, principal or date is an error.\n"
	  "Every row is checked first and each bad one is listed with its line;\n"
	  "nothing is imported unless all rows are good. Importing a file again\n"
	  "adds nothing twice: rows already there are unchanged.\n"
	  "The file is UTF-8 CSV (comma, semicolon or tab) with a header row;\n"
	  "column names may be English or Vietnamese, in any case, with or\n"
	  "without diacritics. Amounts as 1500000, 1.500.000 or 1,500,000 đ;\n"
	  "dates as YYYY-MM-DD or DD/MM/YYYY.\n"
	  "  --skip-bad   import the good rows; the bad ones go to FILE.bad.csv\n"
	  "               (people.csv -> people.bad.csv) with an \"error\" column") },
	{ "import repayments", cmd_import_repayments, CMD_DB,
	  "FILE [--skip-bad]",
	  N_("Add loan repayments from a CSV file\n"
	  "Columns: loan, date, amount, note (or khoản vay, ngày trả, số tiền,\n"
	  "ghi chú). loan is a ref given to import loans, or L12. Rows are\n"
	  "recorded in file order, each as loan repay records it: put each\n"
	  "loan's repayments in date order. A repayment of the same amount on\n"
	  "the same date is already there: two on one day are one row with\n"
	  "their sum.\n"
	  "Every row is checked first and each bad one is listed with its line;\n"
	  "nothing is imported unless all rows are good. Importing a file again\n"
	  "adds nothing twice: rows already there are unchanged.\n"
	  "The file is UTF-8 CSV (comma, semicolon or tab) with a header row;\n"
	  "column names may be English or Vietnamese, in any case, with or\n"
	  "without diacritics. Amounts as 1500000, 1.500.000 or 1,500,000 đ;\n"
	  "dates as YYYY-MM-DD or DD/MM/YYYY.\n"
	  "  --skip-bad   import the good rows; the bad ones go to FILE.bad.csv\n"
	  "               (people.csv -> people.bad.csv) with an \"error\" column") },
	{ "import grants", cmd_import_grants, CMD_DB, "FILE [--skip-bad]",
	  N_("Add in-kind grants from a CSV file\n"
	  "Columns: case_code, kind, what, count, value, date, source, notes,\n"
	  "passon, passon_by, passon_to (or mã hồ sơ, loại, hiện vật, số lượng,\n"
	  "đơn giá, ngày nhận, nguồn kinh phí, ghi chú, số con phải chuyển, hạn\n"
	  "chuyển, chuyển cho). kind: sow, piglet, cow, buffalo, goat, chicken,\n"
	  "duck, other (or lợn nái, lợn con, bò, trâu, dê, gà, vịt, khác); value\n"
	  "per head or unit; passon, passon_by and passon_to are the pass-on\n"
	  "obligation, as grant give --passon takes it.\n"
	  "A row is already there when the person has a grant of that kind,\n"
	  "date, count and value.\n"
	  "Every row is checked first and each bad one is listed with its line;\n"
	  "nothing is imported unless all rows are good. Importing a file again\n"
	  "adds nothing twice: rows already there are unchanged.\n"
	  "The file is UTF-8 CSV (comma, semicolon or tab) with a header row;\n"
	  "column names may be English or Vietnamese, in any case, with or\n"
	  "without diacritics. Amounts as 1500000, 1.500.000 or 1,500,000 đ;\n"
	  "dates as YYYY-MM-DD or DD/MM/YYYY.\n"
	  "  --skip-bad   import the good rows; the bad ones go to FILE.bad.csv\n"
	  "               (people.csv -> people.bad.csv) with an \"error\" column") },
	{ "export people", cmd_export_people, CMD_DB,
	  "FILE [--names] [--headers vi|en]",
	  N_("Write every person to a CSV file (the columns import people reads)\n"
	  "  --names   include names, phones and notes (else case codes only)\n"
	  "  --headers vi|en  column names in Vietnamese or English (default:\n"
	  "                   the language in effect); the cells are the same") },
	{ "export groups", cmd_export_groups, CMD_DB,
	  "FILE [--names] [--headers vi|en]",
	  N_("Write every group to a CSV file\n"
	  "  --names   include the organiser's name and phone\n"
	  "  --headers vi|en  column names in Vietnamese or English (default:\n"
	  "                   the language in effect); the cells are the same") },
	{ "export members", cmd_export_members, CMD_DB,
	  "FILE [--names] [--headers vi|en]",
	  N_("Write today's members of every group to a CSV file\n"
	  "  --names   include the members' names\n"
	  "  --headers vi|en  column names in Vietnamese or English (default:\n"
	  "                   the language in effect); the cells are the same") },
	{ "export loans", cmd_export_loans, CMD_DB, "FILE [--headers vi|en]",
	  N_("Write every loan with its state today to a CSV file\n"
	  "  --headers vi|en  column names in Vietnamese or English (default:\n"
	  "                   the language in effect); the cells are the same") },
	{ "export support", cmd_export_support, CMD_DB,
	  "FILE [--names] [--headers vi|en]",
	  N_("Write the support ledger to a CSV file\n"
	  "  --names   include the notes\n"
	  "  --headers vi|en  column names in Vietnamese or English (default:\n"
	  "                   the language in effect); the cells are the same") },
	{ "backup", cmd_backup, CMD_DB, "FILE",
	  N_("Copy the database to FILE, consistently, even while shg serve runs\n"
	  "The copy is checked (PRAGMA integrity_check), has mode 0600 and\n"
	  "replaces FILE only once complete.") },
	{ NULL, NULL, 0, NULL, NULL },
};
