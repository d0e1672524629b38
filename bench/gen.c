/*
 * gen - a synthetic province for the benchmarks, written through shg's
 * own modules: people (person_add), groups with schedules (group_add,
 * schedule_parse_into, group_join, group_leave), meetings with attendance
 * (meeting_record, or direct rows for the older months, see below),
 * loans with their schedules and repayments (loan_disburse, loan_repay,
 * loan_writeoff), livestock grants with events and pass-ons (grant_give,
 * grant_event_add, grant_oblige, grant_passon), follow-up visits
 * (visit_log) and the SMS history (outbox_enqueue, outbox_mark_sending,
 * outbox_mark_sent, outbox_report; inbox_store, then what the reply
 * handling writes as direct updates).
 *
 * The clock is set to the day of each event before its call, so every
 * "not in the future" check and every created_at is that of the day.
 * Deterministic for a given seed and scale.
 *
 * usage: SHG_KEY=KEY_FILE gen [--scale F] [--seed N]
 *            [--now "YYYY-MM-DD HH:MM"] [--api-months N] [--out PATH]
 *   SHG_KEY names the key the names, phones and notes are sealed with
 *   (core/crypt.h), as shg.conf's security.key_file does.
 *   defaults: scale 1 (2,500 groups, 50,000 people, 60 months of
 *   meetings, 40,000 loans, 5,000 grants, 200,000 visits, 500,000 SMS),
 *   seed 1, now 2026-11-23 09:00, out build/bench/province.db; meetings
 *   of the last N months (default 6) go through meeting_record, older
 *   ones are written as the rows meeting_record writes.
 *
 * Scale 1 and below is one province, Hà Giang; above it the country:
 * ceil(scale) provinces (at most 10), the groups dealt to them in turn,
 * each with its own districts and communes (bench/gen_places.h), so at
 * scale 10 each province is about the size of the scale 1 one. The
 * draws at scale 1 are those of the one-province generator: same seed,
 * same rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/schemas.h"
#include "config/conf.h"
#include "core/clock.h"
#include "core/crypt.h"
#include "core/db.h"
#include "core/followup.h"
#include "core/log.h"
#include "core/person.h"
#include "core/text.h"
#include "core/util.h"
#include "core/visit.h"
#include "groups/grant.h"
#include "groups/group.h"
#include "groups/loan.h"
#include "groups/meeting.h"
#include "groups/schedule.h"
#include "sms/inbox.h"
#include "sms/keyword.h"
#include "sms/outbox.h"
#include "sms/scheduler.h"

#define NELEM_(a) (sizeof(a) / sizeof((a)[0]))
#define BATCH 4000              /* calls per transaction */

struct pers {
	int64_t id;
	char phone_no[32];
	int group;                      /* index, -1: none */
	int joined, left;               /* DATE_NONE: still a member */
	int returned;
	int phone, consent;             /* has a phone, agreed to SMS */
	char attend;                    /* 0 regular, 1 irregular, 2 drifting */
};

struct grp {
	struct group g;
	int *mem;                       /* person indices */
	int nmem, cap;
};

/* A set of name hashes (see nameset_add). */
struct nameset {
	uint64_t *h;
	size_t cap, n;
};

struct gen {
	struct db *db;
	struct conf conf;
	uint64_t rng;
	double scale;
	int today, first;               /* now's day; first meeting month */
	time_t now;
	int api_months;
	struct pers *p;
	int np;
	struct grp *g;
	int ng;
	int nprov;                      /* provinces (of provinces[]) */
	int ops;                        /* calls in the open transaction */
	int64_t outbox_n, inbox_n;
	struct nameset nophone;         /* names of people without a phone */
};

/* Names of people of the northern provinces; several ethnic groups. */
static const char *const family[] = {
	"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ",
	"Hà", "Lò", "Giàng", "Sùng", "Vàng", "Thào", "Lù", "Mua", "Ly", "Hầu",
	"Chảo", "Triệu", "Bàn", "Nông", "Ma", "Lục", "Lý", "Cứ", "Sình",
};
static const char *const middle[] = {
	"Thị", "Thị", "Thị", "Thị Thu", "Thị Ngọc", "Thị Hồng", "Mỷ", "Thị Kim",
	"Văn", "Seo", "Mí",
};
static const char *const given_f[] = {
	"Mai", "Lan", "Hương", "Hoa", "Dung", "Thảo", "Hằng", "Nhung", "Vân",
	"Xuân", "Mỷ", "Súa", "Pà", "Dợ", "Chứ", "Sính", "Dính", "Mảy", "Kiều",
	"Ngân", "Thu", "Hiền", "Yến", "Trang", "Lụa", "Sen", "Nở", "Chúa", "Và",
	"Khu", "Dua", "Mỷ Linh", "Ánh", "Phương", "Tuyết", "Ly", "Quỳnh",
};
static const char *const given_m[] = {
	"Páo", "Chứ", "Sình", "Tủa", "Hùng", "Dũng", "Minh", "Tuấn", "Sử",
};

/* A district and up to 8 of its communes (NULL after the last). */
struct district {
	const char *name;
	const char *communes[8];
};
static const struct district ha_giang[] = {
	{ "Đồng Văn", { "Lũng Cú", "Má Lé", "Sảng Tủng", "Phố Cáo", "Sủng Là",
	    "Lũng Táo", "Tả Lủng", "Thài Phìn Tủng" } },
	{ "Mèo Vạc", { "Pả Vi", "Giàng Chu Phìn", "Sơn Vĩ", "Xín Cái",
	    "Niêm Sơn", "Khâu Vai", "Lũng Pù", "Tát Ngà" } },
	{ "Yên Minh", { "Bạch Đích", "Na Khê", "Phú Lũng", "Mậu Duệ", "Du Già",
	    "Đường Thượng", "Lao Và Chải", "Hữu Vinh" } },
	{ "Quản Bạ", { "Quyết Tiến", "Thái An", "Đông Hà", "Cán Tỷ",
	    "Bát Đại Sơn", "Lùng Tám", "Tùng Vài", "Nghĩa Thuận" } },
	{ "Vị Xuyên", { "Thanh Thủy", "Phương Tiến", "Minh Tân", "Thuận Hòa",
	    "Tùng Bá", "Phong Quang", "Cao Bồ", "Việt Lâm" } },
	{ "Bắc Quang", { "Việt Quang", "Vĩnh Tuy", "Tân Lập", "Hùng An",
	    "Đồng Yên", "Kim Ngọc", "Quang Minh", "Liên Hiệp" } },
	{ "Hoàng Su Phì", { "Vinh Quang", "Thông Nguyên", "Nậm Ty", "Tụ Nhân",
	    "Bản Luốc", "Hồ Thầu", "Nàng Đôn", "Pờ Ly Ngài" } },
	{ "Xín Mần", { "Cốc Pài", "Nà Chì", "Quảng Nguyên", "Thèn Phàng",
	    "Nấm Dẩn", "Chế Là", "Bản Ngò", "Pà Vầy Sủ" } },
	{ "Bắc Mê", { "Yên Phú", "Minh Ngọc", "Yên Cường", "Phú Nam",
	    "Đường Âm", "Giáp Trung", "Lạc Nông", "Thượng Tân" } },
	{ "Quang Bình", { "Yên Bình", "Tân Trịnh", "Xuân Giang", "Bằng Lang",
	    "Vĩ Thượng", "Tiên Yên", "Yên Thành", "Hương Sơn" } },
};
#include "gen_places.h"

struct province {
	const char *name;
	const struct district *districts;
	int n;
};
#define PROVINCE_(name, d) { name, d, (int)NELEM_(d) }
/* Hà Giang alone at scale 1 and below; the first ceil(scale) of these
 * above it (scale 10: ten provinces of 2,500 groups each). */
static const struct province provinces[] = {
	PROVINCE_("Hà Giang", ha_giang), PROVINCE_("Lào Cai", lao_cai),
	PROVINCE_("Lai Châu", lai_chau), PROVINCE_("Điện Biên", dien_bien),
	PROVINCE_("Sơn La", son_la), PROVINCE_("Cao Bằng", cao_bang),
	PROVINCE_("Lạng Sơn", lang_son), PROVINCE_("Nghệ An", nghe_an),
	PROVINCE_("Thanh Hóa", thanh_hoa), PROVINCE_("An Giang", an_giang),
};

static int
communes_of(const struct district *d)
{
	int n = 0;

	while (n < 8 && d->communes[n])
		n++;
	return n;
}

static const char *const villages[] = {
	"Nà Lạn", "Sủng Pả", "Lũng Hòa", "Khuổi Luông", "Nặm Đăm", "Bản Mồng",
	"Tả Ván", "Lùng Vài", "Mã Hồng", "Chúng Trải", "Pắc Xum", "Phìn Hồ",
	"Séo Lủng", "Ma Lé", "Nà Khương", "Cốc Phát", "Thôn Trung", "Bản Đén",
};
/* A group is named "<flower> <village>". No name may read as a
 * forbidden word once diacritics are dropped, as the privacy check of
 * outgoing texts reads them ("Bông Lúa Bản ..." read "lua ban"). */
static const char *const flowers[] = {
	"Hoa Ban", "Hoa Mai", "Tam Giác Mạch", "Hoa Đào", "Hoa Mận", "Sơn Ca",
	"Hướng Dương", "Bình Minh", "Ánh Dương", "Vươn Lên", "Đoàn Kết",
	"Tương Trợ", "Hy Vọng", "Nắng Mới", "Mùa Vàng", "Chim Én",
};
static const char *const schedules[] = {
	"monthly 5 08:00", "monthly 10 14:00", "monthly 15 08:00",
	"monthly 20 08:30", "monthly 2nd tue 14:00", "monthly 1st sat 08:00",
	"monthly last fri 14:00", "lunar 15 08:00", "lunar 1 14:00",
	"lunar 10 08:00",
};
static const char *const topics[] = {
	"Sinh hoạt định kỳ", "Tập huấn chăn nuôi lợn", "Kỹ năng quản lý vốn vay",
	"Chăm sóc sức khỏe", "Pháp luật về hôn nhân và gia đình",
	"Trao đổi kinh nghiệm làm ăn", "Kỹ năng sống", NULL,
};
static const char *const visitors[] = {
	"Lý Thị Mai (LHPN xã)", "Nguyễn Văn Hùng (LĐTBXH huyện)",
	"Giàng Thị Súa (tổ trưởng)", "Hoàng Thị Lan (cán bộ dự án)",
	"Vàng Seo Páo (công an xã)", "Trần Thị Hằng (y tế xã)",
};

/* splitmix64: small, fast and the same everywhere. */
static uint64_t
rnd(struct gen *G)
{
	uint64_t z = (G->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* 0 .. n-1 */
static int
rn(struct gen *G, int n)
{
	return n <= 0 ? 0 : (int)(rnd(G) % (uint64_t)n);
}

/* 1 with probability pct/100. */
static int
chance(struct gen *G, int pct)
{
	return rn(G, 100) < pct;
}

static int
scaled(const struct gen *G, int n)
{
	int v = (int)(n * G->scale + 0.5);

	return v < 1 ? 1 : v;
}

static void
die(const char *what)
{
	fprintf(stderr, "gen: %s failed\n", what);
	exit(1);
}

/* Set the clock to day at the given local time. */
static void
at_day(int day, int minutes)
{
	clock_set(time_from_local(day, minutes));
}

/* Commit every BATCH calls: large transactions keep the generation fast. */
static void
tick(struct gen *G)
{
	if (++G->ops < BATCH)
		return;
	if (db_commit(G->db) < 0 || db_begin(G->db) < 0)
		die("commit");
	G->ops = 0;
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the process: on a loaded machine the wall time of a phase
 * says more about the load than about the phase. */
static double
cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
phase(const char *what, double t0, long n)
{
	static double cpu0;
	double cpu = cpu_seconds();

	printf("  %-34s %8ld in %6.1f s (CPU %6.1f s)\n", what, n,
	    seconds() - t0, cpu - cpu0);
	cpu0 = cpu;
	fflush(stdout);
}

static void
random_phone(struct gen *G, char *buf, size_t size)
{
	static const char *const pfx[] = { "98", "97", "96", "86", "33", "35",
		"38", "91", "94", "88", "83", "70", "79" };

	snprintf(buf, size, "+84%s%07d", pfx[rn(G, NELEM_(pfx))],
	    rn(G, 10000000));
}

/* One Vietnamese name in buf, mostly women's. */
static const char *
random_name(struct gen *G, int male, char *buf, size_t size)
{
	static const char *const second[] = { "", "", "", "", "Thanh ",
		"Hải ", "Minh ", "Quang ", "Ngọc ", "Thu ", "Kim ", "Hồng ",
		"Bích ", "Diệu ", "Mỹ " };
	const char *mid = male ? (chance(G, 50) ? "Văn" : "Seo") :
	    middle[rn(G, 8)];
	const char *sec = second[rn(G, NELEM_(second) - (male ? 4 : 0))];
	const char *giv = male ? given_m[rn(G, NELEM_(given_m))] :
	    given_f[rn(G, NELEM_(given_f))];

	snprintf(buf, size, "%s %s %s%s", family[rn(G, NELEM_(family))], mid,
	    sec, giv);
	return buf;
}

/*
 * Names already given to people without a phone: CSV import takes a row
 * with the same name and no phone for the same person, so these stay
 * unique (by a 64-bit hash of the name; a false match only draws again).
 */
static uint64_t
name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h | 1;
}

/* Add name, compared as import compares it (case and diacritics
 * folded); 0 when it was already there. */
static int
nameset_add(struct nameset *ns, const char *name)
{
	char *folded = text_fold(name);
	uint64_t h = name_hash(folded);
	size_t i;

	free(folded);

	if (ns->n * 2 >= ns->cap) {
		struct nameset big = { xcalloc(ns->cap ? ns->cap * 2 : 1024,
		    sizeof *big.h), ns->cap ? ns->cap * 2 : 1024, 0 };
		for (i = 0; i < ns->cap; i++)
			for (size_t j = ns->h[i] % big.cap; ns->h[i]; j = (j + 1) %
			    big.cap)
				if (!big.h[j]) {
					big.h[j] = ns->h[i];
					big.n++;
					break;
				}
		free(ns->h);
		*ns = big;
	}
	for (i = h % ns->cap; ns->h[i]; i = (i + 1) % ns->cap)
		if (ns->h[i] == h)
			return 0;
	ns->h[i] = h;
	ns->n++;
	return 1;
}

/* A category, weighted the way provincial lists look. */
static const char *
random_category(struct gen *G, const char **route)
{
	static const char *const routes[] = { "labour-export", "tourism",
		"marriage", "other" };
	int r = rn(G, 100);

	*route = NULL;
	if (r < 25) return "returned-official";
	if (r < 45) return "returned-self";
	if (r < 55) return "domestic-rescued";
	if (r < 60) return "domestic-reported";
	if (r < 61) return "foreign";
	if (r < 70) {
		*route = routes[rn(G, 4)];
		return "suspected";
	}
	return "at-risk";
}

/* ---- groups ---- */

static void
make_group(struct gen *G, int i)
{
	const struct province *pv = &provinces[i % G->nprov];
	int j = i / G->nprov;
	const struct district *d = &pv->districts[j % pv->n];
	struct grp *gr = &G->g[i];
	struct group *g = &gr->g;
	char name[200], org[120], phone[32], place[200];
	const char *commune = d->communes[(j / pv->n) % communes_of(d)];

	group_init(g);
	snprintf(name, sizeof name, "%s %s %d", flowers[i % NELEM_(flowers)],
	    commune, i / (int)NELEM_(flowers) + 1);
	snprintf(place, sizeof place, "Nhà văn hóa thôn %s",
	    villages[rn(G, NELEM_(villages))]);
	random_phone(G, phone, sizeof phone);
	g->name = xstrdup(name);
	g->village = xstrdup(villages[rn(G, NELEM_(villages))]);
	g->commune = xstrdup(commune);
	g->district = xstrdup(d->name);
	g->province = xstrdup(pv->name);
	g->place = xstrdup(place);
	g->organiser_name = xstrdup(random_name(G, chance(G, 20), org,
	    sizeof org));
	g->organiser_phone = xstrdup(phone);
	/* Most groups meet from the start of the history; some later. */
	g->founded_on = chance(G, 80) ? G->first - 30 - rn(G, 150) :
	    G->first + rn(G, G->today - G->first - 200);
	at_day(g->founded_on, 600);
	if (schedule_parse_into(g, schedules[rn(G, NELEM_(schedules))],
	    g->founded_on) < 0 || group_add(G->db, g) < 0)
		die("group_add");
	if (chance(G, 10)) {
		free(g->holiday_policy);
		g->holiday_policy = xstrdup("skip");
		if (group_update(G->db, g) < 0)
			die("group_update");
	}
	tick(G);
}

static void
gen_groups(struct gen *G)
{
	double t0 = seconds();

	G->g = xcalloc((size_t)G->ng, sizeof *G->g);
	for (int i = 0; i < G->ng; i++)
		make_group(G, i);
	phase("groups (group_add, schedules)", t0, G->ng);
}

/* ---- people ---- */

/* Person i, in group gi (-1: none): one without a group lives in the
 * province i % nprov. */
static void
fill_person(struct gen *G, int i, struct pers *r, struct person *p, int gi,
    char *name, char *phone)
{
	const struct group *g = gi >= 0 ? &G->g[gi].g : NULL;
	const struct province *pv = &provinces[(gi >= 0 ? gi : i) % G->nprov];
	const struct district *d = &pv->districts[rn(G, pv->n)];
	int male = chance(G, 8);

	memset(p, 0, sizeof *p);
	p->full_name = (char *)random_name(G, male, name, 120);
	p->gender = male ? "male" : "female";
	p->birth_year = 1975 + rn(G, 33);
	r->phone = chance(G, 85);
	for (int k = 0; !r->phone && !nameset_add(&G->nophone, name); k++)
		if (k < 20)
			random_name(G, male, name, 120);
		else
			r->phone = 1;   /* few names left: give a phone */
	if (r->phone) {
		random_phone(G, phone, 32);
		p->phone = phone;
		snprintf(r->phone_no, sizeof r->phone_no, "%s", phone);
	}
	p->village = (char *)villages[rn(G, NELEM_(villages))];
	p->commune = g ? g->commune :
	    (char *)d->communes[rn(G, communes_of(d))];
	p->district = g ? g->district : (char *)d->name;
	p->province = (char *)pv->name;
	p->category = (char *)random_category(G, (const char **)&p->route);
	r->returned = G->first - 900 + rn(G, G->today - G->first + 880);
	p->returned_on = str_eq(p->category, "at-risk") ? DATE_NONE :
	    r->returned;
	r->consent = r->phone && chance(G, 80);
	p->sms_consent = r->consent;
	p->consent_on = r->consent ? r->returned + rn(G, 60) : DATE_NONE;
	if (p->consent_on != DATE_NONE && p->consent_on >= G->today)
		p->consent_on = G->today - 1;
	p->sms_coding = chance(G, 10) ? "strip" : NULL;
}

static void
make_person(struct gen *G, int i)
{
	struct pers *r = &G->p[i];
	struct person p;
	char name[120], phone[32];
	int gi = i < G->np * 9 / 10 ? rn(G, G->ng) : -1;

	fill_person(G, i, r, &p, gi, name, phone);
	at_day(r->returned < G->today ? r->returned : G->today - 1, 480);
	if (person_add(G->db, &p, G->conf.case_prefix) < 0)
		die("person_add");
	r->id = p.id;
	free(p.case_code);
	r->group = gi;
	r->left = DATE_NONE;
	r->attend = (char)(chance(G, 4) ? 2 : chance(G, 15) ? 1 : 0);
	tick(G);
}

static void
gen_people(struct gen *G)
{
	double t0 = seconds();

	G->p = xcalloc((size_t)G->np, sizeof *G->p);
	for (int i = 0; i < G->np; i++)
		make_person(G, i);
	phase("people (person_add)", t0, G->np);
}

static void
add_member(struct grp *gr, int pi)
{
	if (gr->nmem == gr->cap) {
		gr->cap = gr->cap ? gr->cap * 2 : 32;
		gr->mem = xrealloc(gr->mem, (size_t)gr->cap * sizeof *gr->mem);
	}
	gr->mem[gr->nmem++] = pi;
}

/* Join on the founding day or later; a few leave later on. */
static void
join_one(struct gen *G, int pi)
{
	struct pers *r = &G->p[pi];
	struct grp *gr = &G->g[r->group];
	int from = gr->g.founded_on, span = G->today - from - 40;
	static const char *const roles[] = { "leader", "treasurer" };
	const char *role = gr->nmem < 2 ? roles[gr->nmem] : NULL;

	r->joined = chance(G, 60) ? from : from + rn(G, span);
	at_day(r->joined, 600);
	if (group_join(G->db, gr->g.id, r->id, r->joined, role, 0, NULL) < 0)
		die("group_join");
	add_member(gr, pi);
	if (role == NULL && chance(G, 5)) {
		r->left = r->joined + 30 + rn(G, G->today - r->joined - 30);
		at_day(r->left, 600);
		if (group_leave(G->db, gr->g.id, r->id, r->left,
		    chance(G, 50) ? "moved away" : "went to work elsewhere") < 0)
			die("group_leave");
	}
	tick(G);
}

static void
gen_members(struct gen *G)
{
	double t0 = seconds();
	int n = 0;

	for (int i = 0; i < G->np; i++)
		if (G->p[i].group >= 0) {
			join_one(G, i);
			n++;
		}
	phase("memberships (group_join/leave)", t0, n);
}

/* ---- meetings ---- */

static int
member_on(const struct pers *r, int day)
{
	return r->joined <= day && (r->left == DATE_NONE || r->left > day);
}

static enum att_status
attendance_of(struct gen *G, const struct pers *r, int day)
{
	int k = rn(G, 100);

	if (r->attend == 2 && day > G->today - 150)
		return ATT_ABSENT;
	if (r->attend == 1)
		return k < 50 ? ATT_PRESENT : k < 60 ? ATT_LATE : k < 70 ?
		    ATT_EXCUSED : ATT_ABSENT;
	return k < 80 ? ATT_PRESENT : k < 88 ? ATT_LATE : k < 95 ?
	    ATT_EXCUSED : ATT_ABSENT;
}

/* The rows meeting_record writes, without its checks: for the bulk of
 * the history. */
static void
meeting_direct(struct gen *G, struct grp *gr, const struct sched_occ *o,
    const char *topic)
{
	static const char msql[] = "INSERT INTO meeting (group_id, held_on, "
	    "orig_on, extra, topic, created_at) VALUES (?, ?, ?, 0, ?, ?)";
	static const char asql[] = "INSERT INTO attendance (meeting_id, "
	    "person_id, status) VALUES (?, ?, ?)";
	int64_t mid;

	if (db_run(G->db, msql, "iDDti", gr->g.id, o->day, o->orig_day, topic,
	    (int64_t)clock_now()) < 0)
		die("meeting insert");
	mid = db_last_id(G->db);
	for (int k = 0; k < gr->nmem; k++) {
		const struct pers *r = &G->p[gr->mem[k]];
		if (member_on(r, o->day) && db_run(G->db, asql, "iit", mid,
		    r->id, meeting_status_name(attendance_of(G, r, o->day))) < 0)
			die("attendance insert");
	}
	if (db_audit(G->db, "meeting", mid, "record") < 0)
		die("audit");
}

/* Through meeting_record: absentees are left out and recorded absent by
 * the module. */
static void
meeting_api(struct gen *G, struct grp *gr, const struct sched_occ *o,
    const char *topic)
{
	struct meeting_att *att = xcalloc((size_t)gr->nmem + 1, sizeof *att);
	struct meeting_result res;
	size_t n = 0;

	for (int k = 0; k < gr->nmem; k++) {
		const struct pers *r = &G->p[gr->mem[k]];
		enum att_status s;
		if (!member_on(r, o->day))
			continue;
		s = attendance_of(G, r, o->day);
		if (s != ATT_ABSENT) {
			att[n].person_id = r->id;
			att[n++].status = s;
		}
	}
	if (meeting_record(G->db, &G->conf, &gr->g, o->day, topic, att, n,
	    &res) < 0)
		die("meeting_record");
	free(res.defaulted);
	free(att);
}

static int
group_meetings(struct gen *G, struct grp *gr)
{
	int from = gr->g.founded_on > G->first ? gr->g.founded_on : G->first;
	int api_from = date_add_months(G->today, -G->api_months);
	struct sched_occ *o;
	size_t n;
	int held = 0;

	if (schedule_occurrences(G->db, &G->conf, &gr->g, from, G->today - 1,
	    &o, &n) < 0)
		die("schedule_occurrences");
	for (size_t i = 0; i < n; i++) {
		const char *topic = topics[rn(G, NELEM_(topics))];
		if (o[i].state == SCHED_CANCELLED || o[i].day >= G->today ||
		    o[i].day < from || (i > 0 && o[i].day == o[i - 1].day))
			continue;
		at_day(o[i].day, 17 * 60);
		if (o[i].day >= api_from)
			meeting_api(G, gr, &o[i], topic);
		else
			meeting_direct(G, gr, &o[i], topic);
		held++;
		tick(G);
	}
	free(o);
	return held;
}

static void
gen_meetings(struct gen *G)
{
	double t0 = seconds();
	long n = 0;

	for (int i = 0; i < G->ng; i++)
		n += group_meetings(G, &G->g[i]);
	phase("meetings (with attendance)", t0, n);
}

/* ---- loans ---- */

static void
loan_terms(struct gen *G, struct loancalc_terms *t, int day)
{
	static const int terms[] = { 12, 12, 18, 24, 24, 36 };
	int r = rn(G, 100);

	memset(t, 0, sizeof *t);
	t->principal = (int64_t)(3 + rn(G, 28)) * 1000000;
	t->rate_unit = LOANCALC_PER_MONTH;
	t->rate_ppm = 5500 + rn(G, 4) * 1000;
	t->term_months = terms[rn(G, NELEM_(terms))];
	t->freq = r < 80 ? LOANCALC_MONTHLY : r < 92 ? LOANCALC_QUARTERLY :
	    LOANCALC_AT_END;
	if (t->freq == LOANCALC_AT_END)
		t->term_months = 12;
	t->method = chance(G, 70) ? LOANCALC_DECLINING : LOANCALC_FLAT;
	t->grace_months = t->freq == LOANCALC_MONTHLY && chance(G, 20) ? 2 : 0;
	t->disbursed_day = day;
}

/* Pay the installments due before today: on time, late, or stopping. */
static int
repay_loan(struct gen *G, int64_t loan_id, int disbursed)
{
	struct loan_inst *in;
	int n, paid = 0, kind = rn(G, 100), stop;

	if (loan_installments(G->db, loan_id, LOAN_DAY_MAX, &in, &n) < 0)
		die("loan_installments");
	stop = kind < 88 ? n : rn(G, n + 1);
	for (int i = 0; i < n && i < stop; i++) {
		int day = in[i].due_day - 3 + rn(G, 7);
		if (kind >= 75 && kind < 88)
			day = in[i].due_day + 5 + rn(G, 50);
		if (day < disbursed)
			day = disbursed;
		if (day >= G->today)
			break;
		at_day(day, 9 * 60);
		if (loan_repay(G->db, loan_id, in[i].principal + in[i].interest,
		    day, NULL, NULL) < 0)
			die("loan_repay");
		paid++;
	}
	if (stop < n && stop > 0 && in[stop].due_day < G->today - 400 &&
	    chance(G, 30)) {
		at_day(in[stop].due_day + 365, 600);
		if (loan_writeoff(G->db, loan_id, in[stop].due_day + 365,
		    "borrower left the province") < 0)
			die("loan_writeoff");
	}
	free(in);
	return paid;
}

static long
make_loan(struct gen *G)
{
	static const char *const sources[] = { "vbsp", "vbsp", "wu", "state",
		"ngo:Caritas", "ngo:Hagar" };
	static const char *const purposes[] = { "nuôi lợn", "nuôi bò",
		"trồng chè", "mở quán tạp hóa", "may mặc", "trồng ngô", NULL };
	struct pers *r;
	struct loan l;
	long paid;
	int day;

	do
		r = &G->p[rn(G, G->np * 9 / 10)];
	while (r->left != DATE_NONE || r->joined > G->today - 60);
	day = r->joined + rn(G, G->today - r->joined - 20);
	memset(&l, 0, sizeof l);
	l.person_id = r->id;
	l.group_id = G->g[r->group].g.id;
	l.source = (char *)sources[rn(G, NELEM_(sources))];
	l.purpose = (char *)purposes[rn(G, NELEM_(purposes))];
	loan_terms(G, &l.terms, day);
	at_day(day, 600);
	if (loan_disburse(G->db, &l) < 0)
		die("loan_disburse");
	paid = repay_loan(G, l.id, day);
	tick(G);
	return paid;
}

static void
gen_loans(struct gen *G, int n)
{
	double t0 = seconds();
	long pays = 0;

	for (int i = 0; i < n; i++)
		pays += make_loan(G);
	phase("loans (loan_disburse)", t0, n);
	printf("  %-34s %8ld\n", "  with repayments (loan_repay)", pays);
}

/* ---- grants ---- */

struct kindspec {
	const char *kind;
	int min, max;
	int64_t value;
	int breeds;                     /* offspring per birth, 0: none */
};
static const struct kindspec kinds[] = {
	{ "sow", 1, 1, 4000000, 9 }, { "sow", 1, 2, 4000000, 8 },
	{ "cow", 1, 1, 15000000, 1 }, { "buffalo", 1, 1, 18000000, 1 },
	{ "goat", 2, 5, 1500000, 2 }, { "chicken", 10, 50, 80000, 0 },
	{ "duck", 10, 30, 60000, 0 }, { "piglet", 2, 4, 1200000, 0 },
};

static void
grant_event(struct gen *G, int64_t gid, const char *kind, int count, int day,
    int64_t price)
{
	struct grant_event e;

	memset(&e, 0, sizeof e);
	e.grant_id = gid;
	e.kind = (char *)kind;
	e.count = count;
	e.day = day;
	e.price = price;
	e.cause = str_eq(kind, "died") ? "dịch tả" : NULL;
	at_day(day, 600);
	if (grant_event_add(G->db, &e) < 0)
		die("grant_event_add");
}

/* After a birth: the obligation to pass on two of the young to another
 * member of the group, fulfilled 60 days later (grant_oblige,
 * grant_passon). Returns how many animals left the herd. */
static int
grant_chain(struct gen *G, int64_t gid, int given, int born_day, int born,
    int pi)
{
	const struct grp *gr = &G->g[G->p[pi].group];
	const struct pers *to = &G->p[gr->mem[rn(G, gr->nmem)]];
	int count = born < 2 ? born : 2, day = born_day + 60;
	int64_t next;

	if (to == &G->p[pi] || day >= G->today)
		return 0;
	at_day(born_day, 660);
	if (grant_oblige(G->db, gid, count, given + 540, to->id) < 0)
		die("grant_oblige");
	at_day(day, 600);
	if (grant_passon(G->db, gid, to->id, count, day, NULL, -1, &next) < 0)
		die("grant_passon");
	return count;
}

/* Vaccinations, births, a death or a sale; sometimes a pass-on owed to
 * another member of the group. Returns the events written. */
static int
grant_history(struct gen *G, const struct kindspec *k, int64_t gid,
    int given, int herd, int pi)
{
	int ev = 0, day = given + 20 + rn(G, 40);
	int chain = k->breeds && chance(G, 40);

	for (; day < G->today && ev < 6; day += 90 + rn(G, 120), ev++) {
		int r = rn(G, 100);
		if (r < 40 || !k->breeds) {
			grant_event(G, gid, r < 85 || herd < 2 ? "vaccinated" :
			    "died", r < 85 || herd < 2 ? herd : 1, day, -1);
			herd -= r >= 85 && herd >= 2;
		} else if (r < 80) {
			int born = 1 + rn(G, k->breeds);
			grant_event(G, gid, "born", born, day, -1);
			herd += born;
			if (chain) {
				herd -= grant_chain(G, gid, given, day, born, pi);
				chain = 0;
			}
		} else if (herd > 1) {
			grant_event(G, gid, "sold", 1, day, k->value + rn(G, 9) *
			    100000);
			herd--;
		}
	}
	return ev;
}

static int
make_grant(struct gen *G)
{
	static const char *const sources[] = { "state", "ngo:Caritas",
		"ngo:Hagar", "wu" };
	const struct kindspec *k = &kinds[rn(G, NELEM_(kinds))];
	struct pers *r;
	struct grant g;

	do
		r = &G->p[rn(G, G->np * 9 / 10)];
	while (r->left != DATE_NONE || r->joined > G->today - 60 ||
	    G->g[r->group].nmem < 4);
	memset(&g, 0, sizeof g);
	g.person_id = r->id;
	g.kind = (char *)k->kind;
	g.count = k->min + rn(G, k->max - k->min + 1);
	g.unit_value = k->value;
	g.day = r->joined + rn(G, G->today - r->joined - 30);
	g.source = (char *)sources[rn(G, NELEM_(sources))];
	at_day(g.day, 600);
	if (grant_give(G->db, &g) < 0)
		die("grant_give");
	tick(G);
	return grant_history(G, k, g.id, g.day, g.count, (int)(r - G->p));
}

static void
gen_grants(struct gen *G, int n)
{
	double t0 = seconds();
	long ev = 0;

	for (int i = 0; i < n; i++)
		ev += make_grant(G);
	phase("grants (grant_give)", t0, n);
	printf("  %-34s %8ld\n", "  with events (grant_event_add ...)", ev);
}

/* ---- visits ---- */

static void
make_visit(struct gen *G)
{
	static const char *const needs[] = { "medical", "employment,capital",
		"documents", "psychological", "vocational", "legal-aid" };
	static const char *const situations[] = { "stable", "stable", "stable",
		"stable", "stable", "stable", "stable", "needs-support",
		"needs-support", "at-risk", "not-reached" };
	static const char *const vkinds[] = { "home", "home", "home", "phone",
		"phone", "meeting" };
	const struct pers *r = &G->p[rn(G, G->np)];
	int from = r->returned > G->first - 300 ? r->returned : G->first - 300;
	struct visit v;

	memset(&v, 0, sizeof v);
	v.person_id = r->id;
	v.day = from + rn(G, G->today - from);
	v.visitor = (char *)visitors[rn(G, NELEM_(visitors))];
	v.kind = (char *)vkinds[rn(G, NELEM_(vkinds))];
	v.situation = (char *)situations[rn(G, NELEM_(situations))];
	v.needs = chance(G, 8) ? (char *)needs[rn(G, NELEM_(needs))] : NULL;
	v.notes = chance(G, 30) ? "Gia đình ổn định, con đi học đều" : NULL;
	v.next_day = chance(G, 15) ? v.day + 30 + rn(G, 60) : DATE_NONE;
	at_day(v.day, 14 * 60);
	if (visit_log(G->db, &v) < 0)
		die("visit_log");
	tick(G);
}

static void
gen_visits(struct gen *G, int n)
{
	double t0 = seconds();

	for (int i = 0; i < n; i++)
		make_visit(G);
	phase("visits (visit_log)", t0, n);
}

/* ---- SMS history ---- */

/* A reply waiting for its batch, and what the reply handling would
 * write for it. */
struct reply {
	struct modem_msg_in in;
	int64_t person_id, answers;
	enum reply_context ctx;
};

struct replies {
	struct reply *r;
	int n, cap;
	int day;
	time_t last;
};

static struct pers *
pers_of(struct gen *G, int64_t id)
{
	int64_t i = id - G->p[0].id;

	return i >= 0 && i < G->np && G->p[i].id == id ? &G->p[i] : NULL;
}

/* Queue, send and see delivered one message at t, through the outbox
 * module. Returns its id, 0 when that key was already in the outbox. */
static int64_t
sms_out(struct gen *G, const struct pers *r, const char *kind,
    const char *subject, const char *occasion, const char *text, time_t t)
{
	struct outbox_msg m = { .person_id = r->id, .kind = kind,
		.subject = subject, .occasion = occasion, .text = text,
		.mode = SMS_MODE_AUTO, .max_parts = 3, .not_before = t };
	int64_t id;
	int rc, tpmr = rn(G, 256);

	clock_set(t - 30);
	if ((rc = outbox_enqueue(G->db, &m, &id)) < 0)
		die("outbox_enqueue");
	if (rc == OUTBOX_ALREADY)
		return 0;
	if (outbox_mark_sending(G->db, id, t) < 0 ||
	    outbox_mark_sent(G->db, id, t + 4, tpmr) < 0)
		die("outbox_mark_sent");
	if (chance(G, 60) && outbox_report(G->db, r->phone_no, tpmr,
	    "delivered", NULL, t + 40) < 0)
		die("outbox_report");
	G->outbox_n++;
	tick(G);
	return id;
}

/* A call for help: a help case (followup_help), closed after a few days
 * when it is not recent. */
static void
help_request(struct gen *G, const struct reply *r, time_t now)
{
	static const char sql[] = "UPDATE inbox SET help_case_id = ?2, "
	    "read_at = NULL, read_by = NULL WHERE id = ?1";
	int64_t inbox_id, case_id;
	int opened;

	if (db_int(G->db, &inbox_id, 0, "SELECT id FROM inbox WHERE sender = ? "
	    "AND sent_at = ? AND text = ?", "tit", r->in.sender,
	    (int64_t)r->in.sent, r->in.text) < 0 || !r->person_id)
		return;
	if (followup_help(G->db, r->person_id, inbox_id, "asked for help by SMS", now, &case_id,
	    &opened) < 0 || db_run(G->db, sql, "ii", inbox_id, case_id) < 0)
		die("followup_help");
	if (now < G->now - 20 * 86400 && followup_close_case(G->db, case_id,
	    visitors[0], "Đã gọi điện và đến thăm", now + 3 * 86400) < 0)
		die("followup_close_case");
}

/* Store the batch through inbox_store, then what the reply handling
 * writes: meaning, the message answered, read for keyword replies. */
static void
replies_flush(struct gen *G, struct replies *q)
{
	static const char sql[] = "UPDATE inbox SET handled = 1, meaning = ?4, "
	    "answers = ?5, read_at = ?6, read_by = ?7 WHERE sender = ?1 AND "
	    "sent_at = ?2 AND text = ?3";
	struct modem_msg_in *in = xcalloc((size_t)q->n + 1, sizeof *in);
	int stored;

	for (int i = 0; i < q->n; i++)
		in[i] = q->r[i].in;
	clock_set(q->last + 60);
	if ((stored = inbox_store(G->db, in, q->n, q->last + 60, 3600)) < 0)
		die("inbox_store");
	for (int i = 0; i < q->n; i++) {
		struct reply *r = &q->r[i];
		enum reply_meaning m = keyword_parse(r->in.text, r->ctx, NULL);
		int read = m == REPLY_WELL || m == REPLY_WILL_ATTEND ||
		    m == REPLY_CANNOT_ATTEND || (m == REPLY_FREE_TEXT &&
		    q->day < G->today - 30);
		if (db_run(G->db, sql, "tittZZt", r->in.sender,
		    (int64_t)r->in.sent, r->in.text, keyword_meaning_name(m),
		    r->answers, read ? (int64_t)q->last + 60 : 0,
		    read ? "shg" : NULL) < 0)
			die("inbox update");
		if (m == REPLY_NEEDS_HELP)
			help_request(G, r, q->last + 60);
	}
	G->inbox_n += stored;
	free(in);
	q->n = 0;
	q->last = 0;
}

static void
reply_add(struct gen *G, struct replies *q, const struct pers *r,
    int64_t answers, enum reply_context ctx, const char *text, time_t t)
{
	int day;

	time_to_local(t, &day, &(int){ 0 });
	if (q->n && (q->day != day || q->n >= 2000))
		replies_flush(G, q);
	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 256;
		q->r = xrealloc(q->r, (size_t)q->cap * sizeof *q->r);
	}
	memset(&q->r[q->n], 0, sizeof q->r[q->n]);
	if (r)
		snprintf(q->r[q->n].in.sender, sizeof q->r[q->n].in.sender,
		    "%s", r->phone_no);
	else
		random_phone(G, q->r[q->n].in.sender,
		    sizeof q->r[q->n].in.sender);
	q->r[q->n].in.sent = t;
	q->r[q->n].in.coding = chance(G, 70) ? MODEM_CODING_7BIT :
	    MODEM_CODING_UCS2;
	q->r[q->n].in.text = (char *)text;
	q->r[q->n].person_id = r ? r->id : 0;
	q->r[q->n].answers = answers;
	q->r[q->n].ctx = ctx;
	q->n++;
	q->day = day;
	if (t > q->last)
		q->last = t;
}

/*
 * The history is planned first, newest days back until each budget is
 * used, then sent in time order: outbox ids grow with time as they do in
 * the service ("the newest check-in" is the one with the largest id).
 */
enum plan_kind { PL_CHECKIN, PL_MEET_BEFORE, PL_MEET_TODAY, PL_LOAN_BEFORE,
	PL_LOAN_OVERDUE };

struct plan {
	time_t t;
	int pi;                         /* person index */
	int kind;                       /* enum plan_kind */
	int day, orig;                  /* check-in or meeting day; rule day */
	int gi;                         /* group index of a meeting */
	int64_t inst, loan, amount;     /* installment reminders */
};

struct plans {
	struct plan *v;
	int n, cap;
};

static struct plan *
plan_push(struct plans *P, time_t t, int pi, int kind)
{
	struct plan *x;

	if (P->n == P->cap) {
		P->cap = P->cap ? P->cap * 2 : 4096;
		P->v = xrealloc(P->v, (size_t)P->cap * sizeof *P->v);
	}
	x = &P->v[P->n++];
	memset(x, 0, sizeof *x);
	x->t = t;
	x->pi = pi;
	x->kind = kind;
	return x;
}

/* Check-ins every 14 days from the return, newest days first. */
static void
plan_checkins(struct gen *G, struct plans *P, int budget)
{
	int stop = P->n + budget;

	for (int d = G->today - 1; P->n < stop && d > G->first; d--)
		for (int i = 0; i < G->np && P->n < stop; i++) {
			const struct pers *r = &G->p[i];
			if (r->consent && r->returned <= d &&
			    (d - r->returned) % 14 == 0)
				plan_push(P, time_from_local(d, 9 * 60) +
				    rn(G, 3600), i, PL_CHECKIN)->day = d;
		}
}

/* Meetings held since from, newest first: the two reminders of each to
 * every member who agreed to SMS. */
static void
plan_meetings(struct gen *G, struct plans *P, int budget)
{
	static const char sql[] = "SELECT group_id, held_on, orig_on FROM "
	    "meeting WHERE held_on >= ? ORDER BY held_on DESC, group_id";
	sqlite3_stmt *st = db_prepare(G->db, sql);
	int stop = P->n + budget;

	if (!st || db_bind(G->db, st, "D", G->first) < 0)
		die("meetings");
	while (P->n < stop && db_step(G->db, st) == SQLITE_ROW) {
		int gi = (int)(db_col_int(st, 0) - G->g[0].g.id);
		int day = db_col_date(st, 1), orig = db_col_date(st, 2);
		const struct grp *gr = &G->g[gi];
		for (int k = 0; k < gr->nmem; k++) {
			const struct pers *r = &G->p[gr->mem[k]];
			time_t t = time_from_local(day - 2, 7 * 60) + rn(G, 1800);
			struct plan *x;
			if (!r->consent || !member_on(r, day))
				continue;
			for (int w = PL_MEET_BEFORE; w <= PL_MEET_TODAY; w++) {
				x = plan_push(P, w == PL_MEET_BEFORE ? t :
				    t + 2 * 86400, gr->mem[k], w);
				x->day = day;
				x->orig = orig == DATE_NONE ? day : orig;
				x->gi = gi;
			}
		}
	}
	db_reset(st);
}

/* Installment reminders 3 days before, and a notice 7 days after when
 * still unpaid then, newest first. */
static void
plan_loans(struct gen *G, struct plans *P, int budget)
{
	static const char sql[] = "SELECT i.id, l.id, l.person_id, i.due_on, "
	    "i.principal + i.interest, i.paid_off_on FROM loan_inst i JOIN "
	    "loan l ON l.id = i.loan_id WHERE i.due_on >= ? AND i.due_on < ? "
	    "ORDER BY i.due_on DESC, i.id";
	sqlite3_stmt *st = db_prepare(G->db, sql);
	int stop = P->n + budget;

	if (!st || db_bind(G->db, st, "DD", G->first, G->today) < 0)
		die("loan reminders");
	while (P->n < stop && db_step(G->db, st) == SQLITE_ROW) {
		const struct pers *r = pers_of(G, db_col_int(st, 2));
		int due = db_col_date(st, 3), paid = db_col_date(st, 5);
		time_t t = time_from_local(due - 3, 9 * 60) + rn(G, 1800);
		struct plan *x;
		if (!r || !r->consent)
			continue;
		for (int w = PL_LOAN_BEFORE; w <= PL_LOAN_OVERDUE; w++) {
			if (w == PL_LOAN_OVERDUE && (due + 7 >= G->today ||
			    (paid != DATE_NONE && paid <= due + 7)))
				break;
			x = plan_push(P, w == PL_LOAN_BEFORE ? t : t + 10 * 86400,
			    (int)(r - G->p), w);
			x->day = due;
			x->inst = db_col_int(st, 0);
			x->loan = db_col_int(st, 1);
			x->amount = db_col_int(st, 4);
		}
	}
	db_reset(st);
}

static int
plan_cmp(const void *a, const void *b)
{
	const struct plan *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->pi != y->pi)
		return x->pi < y->pi ? -1 : 1;
	return x->kind - y->kind;
}

static void
send_checkin(struct gen *G, struct replies *q, const struct plan *x)
{
	static const char *const well[] = { "1", "Ok", "1 cảm ơn chị", "Khỏe",
		"1 em vẫn khỏe ạ" };
	static const char text[] = "Chào bạn, dạo này thế nào? Trả lời 1 nếu "
	    "mọi việc ổn, 2 nếu cần giúp đỡ.";
	const struct pers *r = &G->p[x->pi];
	char occ[16];
	int64_t id = sms_out(G, r, "checkin", "checkin", date_format(x->day,
	    occ), text, x->t);
	int k = rn(G, 1000);

	if (id && k < 500)
		reply_add(G, q, r, id, REPLY_TO_CHECKIN, k < 450 ? well[k % 5] :
		    k < 455 ? "2" : k < 457 ? "GIUP" :
		    "Chị ơi em đi làm xa, tháng sau về", x->t + 600 +
		    rn(G, 8 * 3600));
}

static void
send_meeting(struct gen *G, struct replies *q, const struct plan *x)
{
	static const char *const yes[] = { "1", "Có", "1 em đến", "co" };
	const struct grp *gr = &G->g[x->gi];
	const struct pers *r = &G->p[x->pi];
	char subj[32], occ[64], text[400], dbuf[16];
	int start = gr->g.start_min < 0 ? 480 : gr->g.start_min, a;
	int64_t id;

	snprintf(subj, sizeof subj, "group:%lld", (long long)gr->g.id);
	date_format(x->day, dbuf);
	snprintf(text, sizeof text, "Nhóm %s họp lúc %02d:%02d ngày %.5s tại "
	    "%s. Trả lời 1 nếu đến được, 2 nếu không.", gr->g.name, start / 60,
	    start % 60, dbuf + 5, gr->g.place);
	scheduler_occasion(x->orig, x->day, start, x->kind == PL_MEET_BEFORE ?
	    "before" : "today", occ, sizeof occ);
	id = sms_out(G, r, "meeting", subj, occ, text, x->t);
	if (id && x->kind == PL_MEET_BEFORE && (a = rn(G, 100)) < 30)
		reply_add(G, q, r, id, REPLY_TO_MEETING, a < 25 ? yes[a % 4] :
		    "2", x->t + 900 + rn(G, 6 * 3600));
}

static void
send_loan(struct gen *G, const struct plan *x)
{
	char subj[32], occ[40], text[300], money[40], dbuf[16];
	int before = x->kind == PL_LOAN_BEFORE;

	snprintf(subj, sizeof subj, "loan:%lld", (long long)x->loan);
	snprintf(occ, sizeof occ, "inst:%lld %s", (long long)x->inst,
	    before ? "before" : "overdue");
	money_format(x->amount, money, sizeof money);
	date_format(x->day, dbuf);
	if (before)
		snprintf(text, sizeof text, "Nhắc bạn: kỳ trả %sđ đến hạn ngày "
		    "%.5s.", money, dbuf + 5);
	else
		snprintf(text, sizeof text, "Bạn ơi, kỳ trả %sđ ngày %.5s chưa "
		    "thanh toán. Cần hỗ trợ xin nhắn GIUP.", money, dbuf + 5);
	sms_out(G, &G->p[x->pi], "loan", subj, occ, text, x->t);
}

static void
gen_sms(struct gen *G)
{
	struct replies q = { 0 };
	struct plans P = { 0 };
	double t0 = seconds();
	int total = scaled(G, 400000);

	plan_meetings(G, &P, total * 45 / 100);
	plan_loans(G, &P, total * 15 / 100);
	plan_checkins(G, &P, total - P.n);
	qsort(P.v, (size_t)P.n, sizeof *P.v, plan_cmp);
	for (int i = 0; i < P.n; i++) {
		if (P.v[i].kind == PL_CHECKIN)
			send_checkin(G, &q, &P.v[i]);
		else if (P.v[i].kind <= PL_MEET_TODAY)
			send_meeting(G, &q, &P.v[i]);
		else
			send_loan(G, &P.v[i]);
	}
	if (q.n)
		replies_flush(G, &q);
	free(q.r);
	free(P.v);
	phase("SMS sent (outbox module)", t0, (long)G->outbox_n);
	printf("  %-34s %8ld\n", "  SMS received (inbox_store)",
	    (long)G->inbox_n);
}

/* A few people leave the programme: closed, with a reason. */
static void
gen_closed(struct gen *G)
{
	static const char *const reasons[] = { "moved", "withdrew", "other" };

	for (int i = G->np * 9 / 10; i < G->np; i += 40) {
		int day = G->today - 1 - rn(G, 200);
		at_day(day, 600);
		if (person_close(G->db, G->p[i].id, day, reasons[rn(G, 3)],
		    NULL) < 0)
			die("person_close");
	}
}

static int
parse_args(struct gen *G, int argc, char **argv, const char **out,
    const char **now)
{
	int64_t seed = 1;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			return -1;
		if (!strcmp(a, "--scale")) {
			char *end;
			G->scale = strtod(v, &end);
			if (*end || G->scale <= 0 || G->scale > 10)
				return -1;
		} else if (!strcmp(a, "--seed")) {
			if (parse_int64(v, 0, INT64_MAX, &seed) < 0)
				return -1;
		} else if (!strcmp(a, "--api-months")) {
			if (parse_int(v, 0, 60, &G->api_months) < 0)
				return -1;
		} else if (!strcmp(a, "--out")) {
			*out = v;
		} else if (!strcmp(a, "--now")) {
			*now = v;
		} else {
			return -1;
		}
		i++;
	}
	G->rng = (uint64_t)seed;
	return 0;
}

/* A fresh database at path for the generation: fast and unsafe writes,
 * no journal (a failed generation is simply run again); WAL again at the
 * end, as shg leaves it. */
static void
open_fresh(struct gen *G, const char *path)
{
	char side[1100];

	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	schemas_use();
	/* 256 MB of page cache per province's worth, at most 2 GB: the
	 * country's indexes are written in no particular order. */
	snprintf(side, sizeof side, "PRAGMA journal_mode = OFF; PRAGMA "
	    "synchronous = OFF; PRAGMA cache_size = -%d", 262144 *
	    (G->nprov < 8 ? G->nprov : 8));
	if (db_open(path, &G->db) < 0 || db_exec(G->db, side) < 0)
		die("open");
	db_set_actor(G->db, "bench", "gen");
}

static void
set_now(struct gen *G, const char *now)
{
	char day[16];
	int minutes;

	if (strlen(now) != 16 || (snprintf(day, sizeof day, "%.10s", now),
	    date_parse(day, &G->today) < 0) ||
	    time_of_day_parse(now + 11, &minutes) < 0)
		die("--now");
	G->now = time_from_local(G->today, minutes);
	G->first = date_add_months(G->today, -60);
}

static void
generate(struct gen *G)
{
	if (db_begin(G->db) < 0)
		die("begin");
	gen_groups(G);
	gen_people(G);
	gen_members(G);
	gen_meetings(G);
	gen_loans(G, scaled(G, 40000));
	gen_grants(G, scaled(G, 5000));
	gen_visits(G, scaled(G, 200000));
	gen_sms(G);
	gen_closed(G);
	if (db_commit(G->db) < 0)
		die("commit");
}

int
main(int argc, char **argv)
{
	struct gen G = { .scale = 1.0, .api_months = 6 };
	const char *out = "build/bench/province.db", *now = "2026-11-23 09:00";
	double t0 = seconds();

	if (parse_args(&G, argc, argv, &out, &now) < 0) {
		fprintf(stderr, "usage: gen [--scale F] [--seed N] [--now "
		    "\"YYYY-MM-DD HH:MM\"] [--api-months N] [--out PATH]\n");
		return 2;
	}
	log_init(0, LOG_LEVEL_WARN);
	if (!getenv("SHG_KEY")) {
		fprintf(stderr, "gen: set SHG_KEY to the key file: names, phones "
		    "and notes are sealed with it (core/crypt.h)\n");
		return 2;
	}
	if (crypt_key_load(getenv("SHG_KEY")) < 0)
		return 1;
	conf_defaults(&G.conf);
	if (clock_set_timezone(G.conf.timezone) < 0)
		die("timezone");
	set_now(&G, now);
	G.ng = scaled(&G, 2500);
	G.np = scaled(&G, 50000);
	G.nprov = G.scale <= 1 ? 1 : (int)(G.scale + 0.999);
	if (G.nprov > (int)NELEM_(provinces))
		G.nprov = (int)NELEM_(provinces);
	open_fresh(&G, out);
	printf("generating %s (scale %g, %d province%s, now %s)\n", out,
	    G.scale, G.nprov, G.nprov > 1 ? "s" : "", now);
	generate(&G);
	clock_set(G.now);
	if (db_exec(G.db, "PRAGMA journal_mode = WAL") < 0)
		die("journal_mode");
	db_close(G.db);
	conf_free(&G.conf);
	printf("  %-34s %8s in %6.1f s (CPU %6.1f s)\n", "total", "",
	    seconds() - t0, cpu_seconds());
	return 0;
}
