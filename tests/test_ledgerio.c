#include "tests/testutil.h"

#include "core/clock.h"
#include "core/import.h"
#include "core/person.h"
#include "groups/grant.h"
#include "groups/group.h"
#include "groups/ledgerio.h"
#include "groups/loan.h"

/* Today is 2026-11-23. Two people: LC-2026-0001 (Mai) and LC-2026-0002
 * (Dợ), and the group "Nhóm Hoa Mai". */
struct fx {
	struct test_db *t;
	char path[600];
	char *report;
	size_t len;
	FILE *rep;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);
	struct person p;
	struct group g;

	test_setup((void **)&x->t);
	log_capture(NULL, 0);
	snprintf(x->path, sizeof x->path, "%s/in.csv", x->t->dir);
	test_person_init(&p, "Lò Thị Mai", "at-risk");
	test_person_save(x->t->db, &p, "LC");
	test_person_init(&p, "Giàng Thị Dợ", "at-risk");
	test_person_save(x->t->db, &p, "LC");
	group_init(&g);
	g.name = strdup("Nhóm Hoa Mai");
	assert_int_equal(group_add(x->t->db, &g), 0);
	group_free(&g);
	db_set_actor(x->t->db, "Lan", "import test");
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	if (x->rep)
		fclose(x->rep);
	free(x->report);
	test_teardown((void **)&x->t);
	free(x);
	return 0;
}

typedef int (*import_fn)(struct db *, const char *, const struct import_opts *,
    struct import_counts *);

/* Write text to the file and import it as the CLI does (staged, vbsp
 * loans daily by default). The report is in x->report. */
static int
run(struct fx *x, import_fn fn, const char *text, struct import_counts *c)
{
	struct import_opts o = { .loan_interest = { NULL, NULL, "daily", NULL },
		.staged = 1 };
	FILE *f = fopen(x->path, "wb");
	int rc;

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	if (x->rep)
		fclose(x->rep);
	free(x->report);
	x->report = NULL;
	x->rep = open_memstream(&x->report, &x->len);
	o.report = x->rep;
	rc = fn(x->t->db, x->path, &o, c);
	fflush(x->rep);
	return rc;
}

static void
test_support(void **state)
{
	struct fx *x = *state;
	struct db *db = x->t->db;
	struct import_counts c;
	static const char good[] =
	    "\xEF\xBB\xBF" "STT;Mã hồ sơ;Loại hỗ trợ;Ngày;Giá trị;Nguồn kinh phí;"
	    "Ghi chú\r\n"
	    "1;LC-2026-0001;capital;01/02/2026;1.500.000 đ;ngo:Blue Dragon;seed\r\n"
	    "2;lc-2026-0002;legal aid;2026-03-01;;ngân sách;\r\n";

	assert_int_equal(run(x, ledgerio_import_support, good, &c), 0);
	assert_int_equal(c.added, 2);
	assert_int_equal(test_count(db, "SELECT count(*) FROM support WHERE "
	    "type = 'capital' AND value = 1500000 AND source = 'ngo:Blue Dragon' "
	    "AND given_on = '2026-02-01' AND "
	    "crypt_open(notes, 'support.notes', id) = 'seed'"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM support WHERE "
	    "type = 'legal-aid' AND value = 0 AND source = 'state'"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'support' AND actor = 'Lan'"), 2);
	assert_int_equal(run(x, ledgerio_import_support, good, &c), 0);
	assert_int_equal(c.unchanged, 2);
	assert_int_equal(test_count(db, "SELECT count(*) FROM support"), 2);

	assert_int_equal(run(x, ledgerio_import_support,
	    "case_code,type,date,value,source\n"
	    "LC-2026-0001,medical,2026-05-01,200000,state\n"
	    "LC-2026-0009,medical,2026-05-01,200000,state\n"
	    "LC-2026-0001,magic,2026-05-01,200000,state\n"
	    "LC-2026-0001,medical,2027-05-01,200000,state\n"
	    "LC-2026-0001,medical,2026-05-02,2 trăm,state\n"
	    "LC-2026-0001,,2026-05-01,200000,state\n"
	    "LC-2026-0001,medical,2026-05-01,200000,state\n", &c), -1);
	assert_int_equal(c.bad, 6);
	assert_non_null(strstr(x->report, "in.csv:3: "));
	assert_non_null(strstr(x->report, "LC-2026-0009"));
	assert_non_null(strstr(x->report, "in.csv:4: type: \"magic\" is not"));
	assert_non_null(strstr(x->report, "in.csv:5:"));
	assert_non_null(strstr(x->report, "in.csv:6: value: \"2 trăm\" is not "
	    "an amount"));
	assert_non_null(strstr(x->report, "in.csv:7: type: the cell is empty"));
	assert_non_null(strstr(x->report, "in.csv:8: same support entry as "
	    "line 2"));
	assert_null(strstr(x->report, "in.csv:2:"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM support"), 2);
}

static const char loans[] =
    "Mã khoản vay,Mã hồ sơ,Nhóm,Nguồn vốn,Tiền gốc,Lãi suất,Thời hạn,"
    "Ngày giải ngân,Kỳ trả nợ,Cách tính lãi,Ân hạn,Lãi khi trả trước\n"
    "VB-001,LC-2026-0001,nhom hoa mai,vbsp,10.000.000,\"0,65%/tháng\",12,"
    "15/01/2026,quarterly,,,\n"
    "HPN-7,LC-2026-0002,,hội phụ nữ,3000000,7.8%/năm,6,2026-03-01,,flat,1,\n"
    "VB-002,LC-2026-0002,,vbsp,2000000,0.5%/month,6,2026-03-01,,,,schedule\n";

static void
test_loans_and_repayments(void **state)
{
	struct fx *x = *state;
	struct db *db = x->t->db;
	struct import_counts c;
	struct loan l;
	struct loan_state st;

	assert_int_equal(run(x, ledgerio_import_loans, loans, &c), 0);
	assert_int_equal(c.added, 3);
	assert_int_equal(loan_get(db, 1, &l), 0);
	assert_int_equal(l.terms.principal, 10000000);
	assert_int_equal(l.terms.rate_ppm, 6500);
	assert_int_equal(l.terms.rate_unit, LOANCALC_PER_MONTH);
	assert_int_equal(l.terms.term_months, 12);
	assert_int_equal(l.terms.freq, LOANCALC_QUARTERLY);
	assert_int_equal(l.terms.disbursed_day, test_day(2026, 1, 15));
	assert_int_equal(l.interest, LOAN_INTEREST_DAILY);  /* vbsp's setting */
	assert_true(l.group_id > 0);
	loan_free(&l);
	assert_int_equal(loan_get(db, 2, &l), 0);
	assert_string_equal(l.source, "wu");
	assert_int_equal(l.terms.rate_unit, LOANCALC_PER_YEAR);
	assert_int_equal(l.terms.method, LOANCALC_FLAT);
	assert_int_equal(l.terms.grace_months, 1);
	assert_int_equal(l.interest, LOAN_INTEREST_SCHEDULE);
	loan_free(&l);
	assert_int_equal(loan_get(db, 3, &l), 0);
	assert_int_equal(l.interest, LOAN_INTEREST_SCHEDULE); /* the cell's */
	loan_free(&l);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_inst "
	    "WHERE loan_id = 1"), 4);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'loan' AND action = 'disburse' AND actor = 'Lan'"), 3);

	/* Again: nothing new. The same ref with another principal: refused. */
	assert_int_equal(run(x, ledgerio_import_loans, loans, &c), 0);
	assert_int_equal(c.unchanged, 3);
	assert_int_equal(run(x, ledgerio_import_loans,
	    "ref,case_code,source,principal,rate,term,disbursed,interest\n"
	    "VB-001,LC-2026-0001,vbsp,9000000,1%/month,12,2026-01-15,\n"
	    "VB-009,LC-2026-0001,vbsp,9000000,1%/month,12,2026-01-15,weekly\n"
	    "VB-010,LC-2026-0001,vbsp,9000000,1%/tuần,12,2026-01-15,\n",
	    &c), -1);
	assert_int_equal(c.bad, 3);
	assert_non_null(strstr(x->report, "in.csv:2: ref: L1 already has this "
	    "reference"));
	assert_non_null(strstr(x->report, "in.csv:3: interest: \"weekly\" is "
	    "not schedule or daily"));
	assert_non_null(strstr(x->report, "in.csv:4: rate:"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan"), 3);

	/* Repayments by reference (any case) or by number. */
	assert_int_equal(run(x, ledgerio_import_repayments,
	    "khoản vay,ngày trả,số tiền,ghi chú\n"
	    "VB-001,2026-04-15,2.695.000,\n"
	    "hpn-7,2026-04-01,530000,first\n"
	    "L1,2026-07-15,2.600.000,\n", &c), 0);
	assert_int_equal(c.added, 3);
	assert_int_equal(loan_state_at(db, 1, LOAN_DAY_MAX, &st), 0);
	assert_int_equal(st.paid, 5295000);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_pay WHERE "
	    "loan_id = 2 AND crypt_open(note, 'loan_pay.note', id) = 'first' "
	    "AND typeof(note) = 'blob'"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'loan' AND action = 'repay' AND actor = 'Lan'"), 3);
	assert_int_equal(run(x, ledgerio_import_repayments,
	    "loan,date,amount\n"
	    "VB-001,2026-04-15,2.695.000\n"
	    "XX-1,2026-04-15,100\n"
	    "VB-001,2027-01-15,100\n"
	    "VB-002,2026-05-01,99.000.000\n"
	    "VB-001,2026-08-01,0\n", &c), -1);
	assert_int_equal(c.unchanged, 1);
	assert_int_equal(c.bad, 4);
	assert_non_null(strstr(x->report, "in.csv:3: loan: \"XX-1\" is neither"));
	assert_non_null(strstr(x->report, "in.csv:4:"));
	assert_non_null(strstr(x->report, "in.csv:5:"));
	assert_non_null(strstr(x->report, "in.csv:6: amount: a repayment of 0"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_pay"), 3);
}

static void
test_grants(void **state)
{
	struct fx *x = *state;
	struct db *db = x->t->db;
	struct import_counts c;
	struct grant_oblig *ob;
	int n;
	static const char good[] =
	    "Mã hồ sơ,Loại,Hiện vật,Số lượng,Đơn giá,Ngày nhận,Nguồn kinh phí,"
	    "Số con phải chuyển,Hạn chuyển,Chuyển cho\n"
	    "LC-2026-0001,Lợn nái,,1,3.000.000,2026-02-10,wu,2,31/12/2026,"
	    "LC-2026-0002\n"
	    "LC-2026-0002,gà,,10,80000,2026-02-10,wu,,,\n"
	    "LC-2026-0002,other,máy may,1,2500000,2026-02-11,vbsp,,,\n";

	assert_int_equal(run(x, ledgerio_import_grants, good, &c), 0);
	assert_int_equal(c.added, 3);
	assert_int_equal(test_count(db, "SELECT count(*) FROM ikgrant WHERE "
	    "kind = 'sow' AND count = 1 AND unit_value = 3000000"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM ikgrant WHERE "
	    "kind = 'chicken' AND count = 10"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM ikgrant WHERE "
	    "kind = 'other' AND what = 'máy may'"), 1);
	assert_int_equal(grant_obligations(db, test_day(2026, 11, 23), 0, &ob,
	    &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ob[0].count, 2);
	assert_int_equal(ob[0].due_day, test_day(2026, 12, 31));
	assert_string_equal(ob[0].to_code, "LC-2026-0002");
	free(ob);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'grant' AND actor = 'Lan'"), 4);
	assert_int_equal(run(x, ledgerio_import_grants, good, &c), 0);
	assert_int_equal(c.unchanged, 3);

	assert_int_equal(run(x, ledgerio_import_grants,
	    "case_code,kind,count,value,date,source,passon,passon_by\n"
	    "LC-2026-0001,horse,1,100,2026-02-10,wu,,\n"
	    "LC-2026-0001,cow,0,100,2026-02-10,wu,,\n"
	    "LC-2026-0001,cow,1,100,2026-02-10,wu,2,\n"
	    "LC-2026-0001,cow,1,100,2026-02-10,wu,,\n", &c), -1);
	assert_int_equal(c.bad, 3);
	assert_non_null(strstr(x->report, "in.csv:2: kind: \"horse\" is not"));
	assert_non_null(strstr(x->report, "in.csv:3: count: \"0\" is not"));
	assert_non_null(strstr(x->report, "in.csv:4: passon: a pass-on needs"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM ikgrant"), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_support, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loans_and_repayments, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_grants, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
