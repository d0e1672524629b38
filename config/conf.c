#include "config/conf.h"

#include <errno.h>
#include <libconfig.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/util.h"

enum conf_type {
	CT_STRING,      /* any text */
	CT_PATH,        /* text; relative paths resolved against the file */
	CT_INT,         /* integer in [min, max] */
	CT_BOOL,
	CT_TIME,        /* "HH:MM", stored as minutes */
	CT_ENUM,        /* one of choices, '|' separated */
	CT_ZONE,        /* time zone name */
	CT_PHONE,       /* a phone number, stored as E.164 ("" allowed) */
};

struct conf_entry {
	const char *name;
	enum conf_type type;
	size_t off;
	int min, max;           /* CT_INT: the range; text: min 1 = not "" */
	const char *dflt;
	const char *choices;
};

#define S(field) offsetof(struct conf, field)

/* Every scalar setting: name, type, where it goes, range and default. */
static const struct conf_entry entries[] = {
	{ "database", CT_PATH, S(database), 1, 0, "shg.db", NULL },
	{ "backup.dir", CT_PATH, S(backup_dir), 0, 0, "", NULL },
	{ "operator", CT_STRING, S(operator_name), 0, 0, "", NULL },
	{ "language", CT_ENUM, S(language), 0, 0, "vi", "vi|en" },
	{ "timezone", CT_ZONE, S(timezone), 0, 0, "Asia/Ho_Chi_Minh", NULL },
	{ "case_prefix", CT_STRING, S(case_prefix), 0, 0, "", NULL },
	{ "log.level", CT_ENUM, S(log_level), 0, 0, "info", "error|warn|info|debug" },
	{ "log.syslog", CT_BOOL, S(log_syslog), 0, 0, "false", NULL },
	{ "groups.allow_multiple", CT_BOOL, S(allow_multiple_groups), 0, 0, "false", NULL },
	{ "groups.holiday_policy", CT_ENUM, S(holiday_policy), 0, 0, "move", "skip|move" },
	{ "modem.connection", CT_STRING, S(modem_connection), 0, 0, "none", NULL },
	{ "modem.device", CT_PATH, S(modem_device), 0, 0, "modem", NULL },
	{ "modem.model", CT_STRING, S(modem_model), 0, 0, "dummy", NULL },
	{ "modem.pin", CT_STRING, S(modem_pin), 0, 0, "", NULL },
	{ "modem.smsc", CT_STRING, S(modem_smsc), 0, 0, "", NULL },
	{ "modem.gammurc", CT_PATH, S(modem_gammurc), 0, 0, "", NULL },
	{ "modem.reopen_seconds", CT_INT, S(modem_reopen_seconds), 1, 300, "5", NULL },
	{ "sms.coding", CT_ENUM, S(sms_coding), 0, 0, "auto", "keep|strip|auto" },
	{ "sms.max_parts", CT_INT, S(sms_max_parts), 1, 10, "3", NULL },
	{ "sms.quiet_start", CT_TIME, S(quiet_start), 0, 0, "21:00", NULL },
	{ "sms.quiet_end", CT_TIME, S(quiet_end), 0, 0, "07:00", NULL },
	{ "sms.per_minute", CT_INT, S(sms_per_minute), 0, 600, "0", NULL },
	{ "sms.max_attempts", CT_INT, S(sms_max_attempts), 1, 50, "5", NULL },
	{ "sms.retry_seconds", CT_INT, S(sms_retry_seconds), 1, 86400, "60", NULL },
	{ "sms.send_timeout", CT_INT, S(sms_send_timeout), 1, 600, "60", NULL },
	{ "sms.multipart_timeout", CT_INT, S(multipart_timeout), 10, 604800, "3600", NULL },
	{ "sms.poll_seconds", CT_INT, S(poll_seconds), 1, 3600, "10", NULL },
	{ "sms.coordinator", CT_PHONE, S(coordinator_phone), 0, 0, "", NULL },
	{ "sms.unknown_reply", CT_BOOL, S(unknown_reply), 0, 0, "false", NULL },
	{ "sms.acknowledge", CT_BOOL, S(acknowledge), 0, 0, "false", NULL },
	{ "sms.delivery_reports", CT_BOOL, S(sms_delivery_reports), 0, 0, "true", NULL },
	{ "sms.pass_on", CT_BOOL, S(sms_pass_on), 0, 0, "false", NULL },
	{ "sms.notice_keep_days", CT_INT, S(notice_keep_days), 1, 3650, "90", NULL },
	{ "reminders.meeting_days_before", CT_INT, S(meeting_days_before), 0, 30, "2", NULL },
	{ "reminders.meeting_morning", CT_TIME, S(meeting_morning), 0, 0, "07:00", NULL },
	{ "reminders.loan_days_before", CT_INT, S(loan_days_before), 0, 60, "3", NULL },
	{ "reminders.loan_overdue_days", CT_INT, S(loan_overdue_days), 1, 365, "7", NULL },
	{ "loans.interest_state", CT_ENUM, S(loan_interest_state), 0, 0, "schedule", "schedule|daily" },
	{ "loans.interest_wu", CT_ENUM, S(loan_interest_wu), 0, 0, "schedule", "schedule|daily" },
	{ "loans.interest_vbsp", CT_ENUM, S(loan_interest_vbsp), 0, 0, "daily", "schedule|daily" },
	{ "loans.interest_ngo", CT_ENUM, S(loan_interest_ngo), 0, 0, "schedule", "schedule|daily" },
	{ "reminders.checkin_every_days", CT_INT, S(checkin_every_days), 0, 365, "14", NULL },
	{ "reminders.checkin_answer_days", CT_INT, S(checkin_answer_days), 1, 60, "3", NULL },
	{ "reminders.missed_meetings", CT_INT, S(missed_meetings), 1, 24, "3", NULL },
	{ "web.session_idle_minutes", CT_INT, S(web_session_idle_minutes), 5, 1440, "30", NULL },
	{ "web.listen", CT_STRING, S(web_listen), 0, 0, "127.0.0.1:8080", NULL },
	{ "web.tls_cert", CT_PATH, S(web_tls_cert), 0, 0, "", NULL },
	{ "web.tls_key", CT_PATH, S(web_tls_key), 0, 0, "", NULL },
	{ "web.coordinator_names", CT_BOOL, S(web_coordinator_names), 0, 0, "false", NULL },
	{ "replies.unknown_per_hour", CT_INT, S(unknown_per_hour), 0, 10000, "20", NULL },
	{ "replies.unknown_per_day", CT_INT, S(unknown_per_day), 0, 100000, "100", NULL },
	{ "privacy.erase_after_years", CT_INT, S(erase_after_years), 0, 100, "0", NULL },
	{ "security.key_file", CT_PATH, S(key_file), 1, 0, "shg.key", NULL },
	{ "templates.meeting", CT_STRING, S(tpl_meeting), 0, 0,
	  "Nhóm {group} họp lúc {time} ngày {date} ({lunar_date} âm lịch) tại {place}. "
	  "Trả lời C nếu đến được, K nếu không.", NULL },
	{ "templates.meeting_today", CT_STRING, S(tpl_meeting_today), 0, 0,
	  "Hôm nay {time} nhóm {group} họp tại {place}. Hẹn gặp {name}!", NULL },
	{ "templates.meeting_moved", CT_STRING, S(tpl_meeting_moved), 0, 0,
	  "Nhóm {group}: buổi họp chuyển sang {time} ngày {date} tại {place}.", NULL },
	{ "templates.meeting_cancelled", CT_STRING, S(tpl_meeting_cancelled), 0, 0,
	  "Nhóm {group}: buổi họp ngày {date} tạm hoãn. Sẽ báo lịch mới.", NULL },
	{ "templates.loan_due", CT_STRING, S(tpl_loan_due), 0, 0,
	  "Nhắc {name}: kỳ trả {amount} đến hạn ngày {date}.", NULL },
	{ "templates.loan_overdue", CT_STRING, S(tpl_loan_overdue), 0, 0,
	  "{name} ơi, kỳ trả {amount} ngày {date} chưa thanh toán. "
	  "Cần hỗ trợ xin nhắn GIUP.", NULL },
	{ "templates.checkin", CT_STRING, S(tpl_checkin), 0, 0,
	  "Chào {name}, dạo này thế nào? Trả lời 1 nếu mọi việc ổn, 2 nếu cần giúp đỡ.", NULL },
	{ "templates.alert", CT_STRING, S(tpl_alert), 0, 0,
	  "KHẨN: hồ sơ {case} nhóm {group} cần hỗ trợ. Xin liên hệ ngay.", NULL },
	{ "templates.optout", CT_STRING, S(tpl_optout), 0, 0,
	  "Đã ngừng gửi tin nhắn đến số này. Nhắn START để nhận lại.", NULL },
	{ "templates.optin", CT_STRING, S(tpl_optin), 0, 0,
	  "Đã đăng ký nhận lại tin nhắn. Cảm ơn {name}.", NULL },
	{ "templates.unknown", CT_STRING, S(tpl_unknown), 0, 0,
	  "Số này chưa có trong danh sách. Xin liên hệ cán bộ phụ trách.", NULL },
	{ "templates.acknowledge", CT_STRING, S(tpl_acknowledge), 0, 0,
	  "Đã nhận tin nhắn. Cảm ơn.", NULL },
};

/* Settings that are lists, each parsed by its own function. */
static const char *const list_names[] = {
	"groups.holidays", "privacy.forbidden_words", "visits.plan",
	"replies.help_phrases", "replies.not_help_phrases", "case_prefixes",
	"modems",
};

const char *const conf_default_forbidden[] = {
	"mua bán người", "nạn nhân", "buôn bán", "trafficking", "victim",
	"bị bán", "lừa bán", NULL,
};

/* What a frightened person types, with and without diacritics and in
 * teencode, matched as whole words after folding (sms/keyword.h). */
static const char *const default_help_phrases[] = {
	"cần giúp", "cần giúp đỡ", "can giup", "cần hỗ trợ gấp",
	"giúp em với", "giúp e với", "giup e voi", "giúp em vs", "giup e vs",
	"giúp tôi với", "giúp mình với", "giúp con với", "giúp chị với",
	"giúp với", "cứu em", "cứu e", "cứu tôi", "cứu t", "cứu mình",
	"cứu con", "cứu chị", "cứu với", "cứu giúp", "bị đánh", "bị đập",
	"bị nhốt", "bị giam", "bị giữ", "bị giữ giấy tờ", "bị bắt làm",
	"không cho về", "ko cho ve", "k cho ve",
	"bị thu giấy tờ", "bị lấy giấy tờ", "họ giữ giấy tờ",
	"nó giữ giấy tờ", "giữ hết giấy tờ", "bị giữ hộ chiếu",
	"họ giữ hộ chiếu", "bị thu hộ chiếu", "bị bắt cóc", "bị bắt đi", "bị ép làm",
	"bị ép cưới", "bị ép lấy chồng", "bị ép đi", "bị đe dọa", "bị dọa",
	"họ dọa", "nó dọa", "dọa giết", "đe dọa em", "đánh em", "đánh e",
	"đánh tôi", "đánh mình",
	"bị hành hạ", "bị bạo hành", "bị xâm hại", "bị hiếp",
	"bị cưỡng hiếp", "bị lừa sang", "bị lừa qua", "bị lừa đi",
	"bị bán sang", "nguy hiểm", "gặp nguy", "khẩn cấp",
	"không thoát được", "ko thoat dc", "k thoat dc", "không trốn được",
	"báo công an", "gọi công an",
	"cần hỗ trợ", "hỗ trợ em với", "hỗ trợ tôi với", "hỗ trợ với",
	"bị bắt giữ", "bị chồng đánh", "bị nó đánh", "bị họ đánh",
	"không cho em về", "không cho tôi về", "bị thu hết giấy tờ",
	"bị lừa bán", "bị bắt ở", "bị bắt giam", "bị bắt rồi",
	"không cho liên lạc", "không cho em liên lạc", "thu giữ điện thoại",
	"giữ giấy tờ của em", "giữ hộ chiếu của em", "không trả giấy tờ",
	"lấy hết giấy tờ", "lấy giấy tờ của em", "thu hết giấy tờ",
	"cầm hết giấy tờ", "cầm giấy tờ của em", "cầm hộ chiếu của em",
	"chồng đánh", "không dám về", "ép em phải", "ép em lấy chồng",
	"ép em làm", "không được về", "bị lừa vào làm",
};

/* Phrases that cancel a help phrase they overlap (sms/keyword.h): offers
 * and questions of help, a child kept back a year, overtime, coming home
 * late, a theft already reported, an online scam, financial support. */
static const char *const default_not_help_phrases[] = {
	"giúp gì", "giúp đỡ gì", "hỗ trợ gì", "gì cần giúp", "gì cần hỗ trợ",
	"có cần giúp", "có cần hỗ trợ",
	"giữ lại lớp", "giữ lại học", "giữ lại làm", "giữ lại sau giờ",
	"về muộn", "về khuya", "về sớm", "về trễ",
	"đã báo công an", "báo công an về", "báo công an rồi",
	"đi báo công an", "đã gọi công an", "gọi công an rồi",
	"lừa qua mạng", "lừa qua điện thoại", "lừa qua zalo",
	"lừa qua facebook", "hỗ trợ vốn", "hỗ trợ tiền", "hỗ trợ học phí",
	"hỗ trợ vay", "giúp đỡ tiền", "giúp tiền", "họp khẩn cấp",
	"trình báo công an", "ai cần giúp", "ai cần hỗ trợ",
	"được khỏi cái nghèo", "được cảnh nghèo",
};

struct conf_ctx {
	const char *file;       /* for messages */
	char *dir;              /* for relative paths; NULL: cwd */
	int errors;
};

static void conf_err(struct conf_ctx *x, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
conf_err(struct conf_ctx *x, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error("%s:%d: %s", x->file, line, msg);
	x->errors++;
}

static char **
slot_str(struct conf *c, const struct conf_entry *e)
{
	return (char **)((char *)c + e->off);
}

static int *
slot_int(struct conf *c, const struct conf_entry *e)
{
	return (int *)((char *)c + e->off);
}

static int
choice_ok(const char *choices, const char *v)
{
	size_t n = strlen(v);
	for (const char *p = choices; p; p = strchr(p, '|')) {
		if (*p == '|')
			p++;
		if (strncmp(p, v, n) == 0 && (p[n] == '|' || p[n] == '\0'))
			return 1;
	}
	return 0;
}

static char *
resolve_path(struct conf_ctx *x, const char *v)
{
	struct buf b = { 0 };

	if (!x->dir || v[0] == '/' || v[0] == '\0')
		return xstrdup(v);
	buf_addf(&b, "%s/%s", x->dir, v);
	return buf_detach(&b);
}

/* Check a textual value against its entry and store it. Returns 0 or a
 * static description of what is wrong. */
static const char *
conf_set_text(struct conf_ctx *x, struct conf *c, const struct conf_entry *e,
    const char *v)
{
	char e164[32];
	int minutes;

	if (e->min == 1 && !*v)
		return _("must not be empty");
	switch (e->type) {
	case CT_TIME:
		if (time_of_day_parse(v, &minutes) < 0)
			return "is not a time of day (use HH:MM)";
		*slot_int(c, e) = minutes;
		return NULL;
	case CT_ENUM:
		if (!choice_ok(e->choices, v))
			return "is not one of the allowed values";
		break;
	case CT_ZONE:
		if (!clock_zone_exists(v))
			return "is not a known time zone";
		break;
	case CT_PHONE:
		if (*v && phone_normalize(v, e164, sizeof e164, NULL, 0) < 0)
			return "is not a Vietnamese phone number";
		if (*v)
			v = e164;
		break;
	default:
		break;
	}
	free(*slot_str(c, e));
	*slot_str(c, e) = e->type == CT_PATH ? resolve_path(x, v) : xstrdup(v);
	return NULL;
}

static void
conf_set_default(struct conf_ctx *x, struct conf *c, const struct conf_entry *e)
{
	int64_t v;

	if (e->type == CT_INT) {
		parse_int64(e->dflt, e->min, e->max, &v);
		*slot_int(c, e) = (int)v;
	} else if (e->type == CT_BOOL) {
		*slot_int(c, e) = strcmp(e->dflt, "true") == 0;
	} else {
		conf_set_text(x, c, e, e->dflt);
	}
}

static const char *
type_name(enum conf_type t)
{
	switch (t) {
	case CT_INT: return "an integer";
	case CT_BOOL: return "true or false";
	default: return "a string";
	}
}

static void
conf_apply(struct conf_ctx *x, struct conf *c, const struct conf_entry *e,
    config_setting_t *s)
{
	int line = config_setting_source_line(s), t = config_setting_type(s);
	const char *why;
	long long v;

	if (e->type == CT_INT && (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64)) {
		v = config_setting_get_int64(s);
		if (v < e->min || v > e->max)
			conf_err(x, line, "%s: %lld is out of range (%d to %d)",
			    e->name, v, e->min, e->max);
		else
			*slot_int(c, e) = (int)v;
	} else if (e->type == CT_BOOL && t == CONFIG_TYPE_BOOL) {
		*slot_int(c, e) = config_setting_get_bool(s);
	} else if (e->type != CT_INT && e->type != CT_BOOL &&
	    t == CONFIG_TYPE_STRING) {
		const char *sv = config_setting_get_string(s);
		if (!text_valid_utf8(sv, strlen(sv)))
			conf_err(x, line, _("%s: is not valid UTF-8 text (save "
			    "the file as UTF-8)"), e->name);
		else if ((why = conf_set_text(x, c, e, sv)) != NULL && e->choices)
			conf_err(x, line, "%s: \"%s\" %s: %s", e->name, sv, why,
			    e->choices);
		else if (why)
			conf_err(x, line, "%s: \"%s\" %s", e->name, sv, why);
	} else {
		conf_err(x, line, "%s: must be %s", e->name, type_name(e->type));
	}
}

static const struct conf_entry *
entry_find(const char *name)
{
	for (size_t i = 0; i < NELEM(entries); i++)
		if (strcmp(entries[i].name, name) == 0)
			return &entries[i];
	return NULL;
}

static int
is_list_name(const char *name)
{
	for (size_t i = 0; i < NELEM(list_names); i++)
		if (strcmp(list_names[i], name) == 0)
			return 1;
	return 0;
}

/* Is name a section ("sms") that holds known settings? */
static int
is_section(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < NELEM(entries); i++)
		if (strncmp(entries[i].name, name, n) == 0 && entries[i].name[n] == '.')
			return 1;
	for (size_t i = 0; i < NELEM(list_names); i++)
		if (strncmp(list_names[i], name, n) == 0 && list_names[i][n] == '.')
			return 1;
	return 0;
}

/* "d/m" as used for holidays: day first, the Vietnamese way. */
static int
parse_day_month(const char *s, int *day, int *month)
{
	int n = 0;
	if (sscanf(s, "%2d/%2d%n", day, month, &n) != 2 || s[n] != '\0' ||
	    *month < 1 || *month > 12 || *day < 1 || *day > 31)
		return -1;
	return 0;
}

static void
parse_holiday(struct conf_ctx *x, struct conf *c, config_setting_t *h)
{
	struct conf_holiday *hd = &c->holidays[c->nholidays];
	int line = config_setting_source_line(h), days = 1;
	const char *name = "", *solar = NULL, *lunar = NULL;

	if (!config_setting_is_group(h)) {
		conf_err(x, line, "groups.holidays: each holiday must be "
		    "{ name = ...; solar = \"d/m\" or lunar = \"d/m\"; days = N; }");
		return;
	}
	config_setting_lookup_string(h, "name", &name);
	config_setting_lookup_string(h, "solar", &solar);
	config_setting_lookup_string(h, "lunar", &lunar);
	config_setting_lookup_int(h, "days", &days);
	for (int i = 0; i < config_setting_length(h); i++) {
		const char *k = config_setting_name(config_setting_get_elem(h, i));
		if (strcmp(k, "name") && strcmp(k, "solar") && strcmp(k, "lunar") &&
		    strcmp(k, "days"))
			conf_err(x, line, "groups.holidays: unknown setting \"%s\"", k);
	}
	if (!solar == !lunar) {
		conf_err(x, line, "groups.holidays: \"%s\" needs either solar or "
		    "lunar = \"d/m\"", name);
		return;
	}
	if (parse_day_month(solar ? solar : lunar, &hd->day, &hd->month) < 0) {
		conf_err(x, line, "groups.holidays: \"%s\" is not a day/month",
		    solar ? solar : lunar);
		return;
	}
	if (days < 1 || days > 31) {
		conf_err(x, line, "groups.holidays: days %d is out of range (1 to 31)",
		    days);
		return;
	}
	hd->lunar = lunar != NULL;
	hd->days = days;
	hd->name = xstrdup(name);
	c->nholidays++;
}

static void
parse_holidays(struct conf_ctx *x, struct conf *c, config_setting_t *s)
{
	int n = config_setting_length(s);

	if (!config_setting_is_list(s)) {
		conf_err(x, config_setting_source_line(s),
		    "groups.holidays: must be a list ( {...}, {...} )");
		return;
	}
	if (n > CONF_MAX_HOLIDAYS) {
		conf_err(x, config_setting_source_line(s),
		    "groups.holidays: at most %d holidays", CONF_MAX_HOLIDAYS);
		return;
	}
	for (int i = 0; i < c->nholidays; i++)
		free(c->holidays[i].name);
	c->nholidays = 0;
	for (int i = 0; i < n; i++)
		parse_holiday(x, c, config_setting_get_elem(s, i));
}

static void
free_words(char **words, int *n)
{
	for (int i = 0; i < *n; i++)
		free(words[i]);
	*n = 0;
}

/* A list of non-empty strings (privacy.forbidden_words,
 * replies.help_phrases) into words[0..max-1]. */
static void
parse_words(struct conf_ctx *x, const char *name, config_setting_t *s,
    char **words, int *nwords, int max)
{
	int n = config_setting_length(s), line = config_setting_source_line(s);

	if (!config_setting_is_array(s) && !config_setting_is_list(s)) {
		conf_err(x, line, _("%s: must be a list of strings"), name);
		return;
	}
	if (n > max) {
		conf_err(x, line, _("%s: at most %d items"), name, max);
		return;
	}
	free_words(words, nwords);
	for (int i = 0; i < n; i++) {
		const char *w = config_setting_get_string_elem(s, i);
		char *norm = w ? text_code(w, ' ') : NULL;
		int empty = !norm || !*norm;
		free(norm);
		if (empty || !text_valid_utf8(w, strlen(w))) {
			conf_err(x, line, _("%s: item %d is not a non-empty "
			    "string"), name, i + 1);
			continue;
		}
		words[(*nwords)++] = xstrdup(w);
	}
}

static void
parse_visit_plan(struct conf_ctx *x, struct conf *c, config_setting_t *s)
{
	int n = config_setting_length(s), prev = 0;

	if (!config_setting_is_list(s) || n < 1 || n > CONF_MAX_VISIT_STEPS) {
		conf_err(x, config_setting_source_line(s), "visits.plan: must be a "
		    "list of 1 to %d { months = N; every_days = N; }",
		    CONF_MAX_VISIT_STEPS);
		return;
	}
	c->nvisit_plan = 0;
	for (int i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(s, i);
		int line = config_setting_source_line(e), months = 0, every = 0;
		if (!config_setting_lookup_int(e, "months", &months) ||
		    !config_setting_lookup_int(e, "every_days", &every) ||
		    months <= prev || months > 240 || every < 1 || every > 730) {
			conf_err(x, line, "visits.plan: step %d needs months (rising, "
			    "up to 240) and every_days (1 to 730)", i + 1);
			return;
		}
		c->visit_plan[c->nvisit_plan].until_months = months;
		c->visit_plan[c->nvisit_plan++].every_days = every;
		prev = months;
	}
}

static void
free_prefixes(struct conf *c)
{
	for (int i = 0; i < c->nprefixes; i++)
		free(c->prefix_district[i]), free(c->prefix_code[i]);
	c->nprefixes = 0;
}

/* 1 if p is a usable prefix: 1 to 8 capital letters and digits, starting
 * with a letter. */
static int
prefix_ok(const char *p)
{
	size_t n = strlen(p);

	if (n < 1 || n > 8 || p[0] < 'A' || p[0] > 'Z')
		return 0;
	return strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == n;
}

/* One { district = "..."; prefix = "..."; }; refused when its district or
 * its prefix is already in the list. */
static void
parse_prefix(struct conf_ctx *x, struct conf *c, config_setting_t *e)
{
	int line = config_setting_source_line(e);
	const char *d = NULL, *p = NULL;
	char *key;

	if (!config_setting_is_group(e) ||
	    !config_setting_lookup_string(e, "district", &d) ||
	    !config_setting_lookup_string(e, "prefix", &p) ||
	    config_setting_length(e) != 2) {
		conf_err(x, line, _("case_prefixes: each entry must be "
		    "{ district = \"...\"; prefix = \"...\"; }"));
		return;
	}
	key = person_district_key(d);
	if (!*key || !prefix_ok(p)) {
		conf_err(x, line, _("case_prefixes: \"%s\" = \"%s\": a district "
		    "and a prefix of 1 to 8 capital letters or digits are needed"),
		    d, p);
		free(key);
		return;
	}
	for (int i = 0; i < c->nprefixes; i++) {
		char *k = person_district_key(c->prefix_district[i]);
		int same = !strcmp(k, key);
		free(k);
		if (same || !strcmp(c->prefix_code[i], p)) {
			conf_err(x, line, same ? _("case_prefixes: district \"%s\" "
			    "is given twice") : _("case_prefixes: \"%s\" and \"%s\" "
			    "have the same prefix"), same ? d : c->prefix_district[i],
			    d);
			free(key);
			return;
		}
	}
	free(key);
	c->prefix_district[c->nprefixes] = xstrdup(d);
	c->prefix_code[c->nprefixes++] = xstrdup(p);
}

static void
parse_prefixes(struct conf_ctx *x, struct conf *c, config_setting_t *s)
{
	int n = config_setting_length(s), line = config_setting_source_line(s);

	if (!config_setting_is_list(s)) {
		conf_err(x, line, _("case_prefixes: must be a list ( {...}, {...} )"));
		return;
	}
	if (n > CONF_MAX_PREFIXES) {
		conf_err(x, line, _("%s: at most %d items"), "case_prefixes",
		    CONF_MAX_PREFIXES);
		return;
	}
	free_prefixes(c);
	for (int i = 0; i < n; i++)
		parse_prefix(x, c, config_setting_get_elem(s, i));
}

static void
free_modems(struct conf *c)
{
	for (int i = 0; i < c->nmodems; i++) {
		struct conf_modem *m = &c->modems[i];
		char **str[] = { &m->name, &m->connection, &m->device, &m->model,
			&m->pin, &m->smsc, &m->gammurc, &m->carrier, &m->ussd,
			&m->balance_pattern };
		for (size_t k = 0; k < NELEM(str); k++)
			free(*str[k]);
		free_words(m->prefixes, &m->nprefixes);
	}
	c->nmodems = 0;
}

/* The text settings of a modem of the list: name, where it goes, default
 * ("" allowed unless required), and whether it is a path. */
static const struct modem_text {
	const char *name;
	size_t off;
	const char *dflt;
	int required, path;
} modem_texts[] = {
#define M(f) offsetof(struct conf_modem, f)
	{ "name", M(name), "", 1, 0 },
	{ "device", M(device), "", 1, 1 },
	{ "connection", M(connection), "at", 1, 0 },
	{ "model", M(model), "", 0, 0 },
	{ "pin", M(pin), "", 0, 0 },
	{ "smsc", M(smsc), "", 0, 0 },
	{ "gammurc", M(gammurc), "", 0, 1 },
	{ "carrier", M(carrier), "", 0, 0 },
	{ "ussd", M(ussd), "", 0, 0 },
	{ "balance_pattern", M(balance_pattern), "", 0, 0 },
#undef M
};

/* Integer settings of a modem: name, where, range, default. */
static const struct modem_int {
	const char *name;
	size_t off;
	int min, max, dflt;
} modem_ints[] = {
	{ "per_minute", offsetof(struct conf_modem, per_minute), 0, 600, 0 },
	{ "balance_low", offsetof(struct conf_modem, balance_low), 0,
	  100000000, 5000 },
};

/* One key of a modem's group; 0 when known (and stored or reported). */
static int
modem_key(struct conf_ctx *x, struct conf_modem *m, config_setting_t *k,
    int idx)
{
	const char *key = config_setting_name(k), *v;
	int line = config_setting_source_line(k);

	for (size_t i = 0; i < NELEM(modem_texts); i++) {
		const struct modem_text *t = &modem_texts[i];
		char **slot = (char **)((char *)m + t->off);
		if (strcmp(key, t->name))
			continue;
		if (!(v = config_setting_get_string(k)) || (t->required && !*v))
			conf_err(x, line, _("modems: modem %d: %s must be a "
			    "non-empty string"), idx, key);
		else {
			free(*slot);
			*slot = t->path ? resolve_path(x, v) : xstrdup(v);
		}
		return 0;
	}
	for (size_t i = 0; i < NELEM(modem_ints); i++) {
		const struct modem_int *t = &modem_ints[i];
		int n;
		if (strcmp(key, t->name))
			continue;
		n = config_setting_get_int(k);
		if (config_setting_type(k) != CONFIG_TYPE_INT || n < t->min ||
		    n > t->max)
			conf_err(x, line, _("modems: modem %d: %s must be a "
			    "whole number from %d to %d"), idx, key, t->min,
			    t->max);
		else
			*(int *)((char *)m + t->off) = n;
		return 0;
	}
	if (!strcmp(key, "prefixes")) {
		parse_words(x, "modems.prefixes", k, m->prefixes, &m->nprefixes,
		    CONF_MAX_MODEM_PREFIXES);
		for (int i = 0; i < m->nprefixes; i++)
			if (m->prefixes[i][0] != '+' || strlen(m->prefixes[i]) < 3 ||
			    strspn(m->prefixes[i] + 1, "0123456789") !=
			    strlen(m->prefixes[i]) - 1)
				conf_err(x, line, _("modems: modem %d: prefix "
				    "\"%s\" is not a number prefix such as "
				    "\"+8486\""), idx, m->prefixes[i]);
		return 0;
	}
	return -1;
}

/* What makes a modem unusable beside the others: a name or device given
 * twice, an unknown carrier. */
static void
check_modem(struct conf_ctx *x, const struct conf *c,
    const struct conf_modem *m, int line)
{
	if (*m->carrier && !choice_ok(CONF_CARRIERS, m->carrier))
		conf_err(x, line, _("modems: \"%s\": carrier \"%s\" is not "
		    "one of %s"), m->name, m->carrier, CONF_CARRIERS);
	for (int i = 0; i < c->nmodems; i++) {
		if (!strcmp(c->modems[i].name, m->name))
			conf_err(x, line, _("modems: the name \"%s\" is given "
			    "twice"), m->name);
		else if (!strcmp(c->modems[i].device, m->device))
			conf_err(x, line, _("modems: \"%s\" and \"%s\" have "
			    "the same device"), c->modems[i].name, m->name);
	}
}

static void
parse_modem(struct conf_ctx *x, struct conf *c, config_setting_t *e)
{
	struct conf_modem *m = &c->modems[c->nmodems];
	int line = config_setting_source_line(e), idx = c->nmodems + 1;

	memset(m, 0, sizeof *m);
	for (size_t i = 0; i < NELEM(modem_texts); i++)
		*(char **)((char *)m + modem_texts[i].off) =
		    xstrdup(modem_texts[i].dflt);
	for (size_t i = 0; i < NELEM(modem_ints); i++)
		*(int *)((char *)m + modem_ints[i].off) = modem_ints[i].dflt;
	c->nmodems++;
	if (!config_setting_is_group(e)) {
		conf_err(x, line, _("modems: each modem must be { name = "
		    "\"...\"; device = \"...\"; ... }"));
		return;
	}
	for (int i = 0; i < config_setting_length(e); i++) {
		config_setting_t *k = config_setting_get_elem(e, i);
		if (modem_key(x, m, k, idx) < 0)
			conf_err(x, config_setting_source_line(k), _("modems: "
			    "modem %d: unknown setting \"%s\""), idx,
			    config_setting_name(k));
	}
	if (!*m->name || !*m->device) {
		conf_err(x, line, _("modems: modem %d needs a name and a "
		    "device"), idx);
		return;
	}
	c->nmodems--;
	check_modem(x, c, m, line);
	c->nmodems++;
}

static void
parse_modems(struct conf_ctx *x, struct conf *c, config_setting_t *s)
{
	int n = config_setting_length(s), line = config_setting_source_line(s);

	if (!config_setting_is_list(s) || n < 1) {
		conf_err(x, line, _("modems: must be a list ( {...}, {...} ) "
		    "of at least one modem"));
		return;
	}
	if (n > CONF_MAX_MODEMS) {
		conf_err(x, line, _("%s: at most %d items"), "modems",
		    CONF_MAX_MODEMS);
		return;
	}
	free_modems(c);
	for (int i = 0; i < n; i++)
		parse_modem(x, c, config_setting_get_elem(s, i));
}

static void
parse_list(struct conf_ctx *x, struct conf *c, const char *name,
    config_setting_t *s)
{
	if (strcmp(name, "modems") == 0)
		parse_modems(x, c, s);
	else if (strcmp(name, "case_prefixes") == 0)
		parse_prefixes(x, c, s);
	else if (strcmp(name, "groups.holidays") == 0)
		parse_holidays(x, c, s);
	else if (strcmp(name, "privacy.forbidden_words") == 0)
		parse_words(x, name, s, c->forbidden_words,
		    &c->nforbidden_words, CONF_MAX_WORDS);
	else if (strcmp(name, "replies.help_phrases") == 0)
		parse_words(x, name, s, c->help_phrases, &c->nhelp_phrases,
		    CONF_MAX_PHRASES);
	else if (strcmp(name, "replies.not_help_phrases") == 0)
		parse_words(x, name, s, c->not_help_phrases,
		    &c->nnot_help_phrases, CONF_MAX_PHRASES);
	else
		parse_visit_plan(x, c, s);
}

/* Walk every setting in the file: known ones are applied, anything else
 * is reported as unknown. */
static void
conf_walk(struct conf_ctx *x, struct conf *c, config_setting_t *group,
    const char *prefix)
{
	for (int i = 0; i < config_setting_length(group); i++) {
		config_setting_t *s = config_setting_get_elem(group, i);
		const struct conf_entry *e;
		char name[128];

		snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "",
		    config_setting_name(s));
		if (is_list_name(name))
			parse_list(x, c, name, s);
		else if ((e = entry_find(name)) != NULL)
			conf_apply(x, c, e, s);
		else if (config_setting_is_group(s) && !*prefix && is_section(name))
			conf_walk(x, c, s, name);
		else
			conf_err(x, config_setting_source_line(s),
			    "unknown setting \"%s\"", name);
	}
}

static void
default_lists(struct conf *c)
{
	static const struct conf_holiday tet = { "Tết Nguyên Đán", 1, 1, 1, 5 };

	c->holidays[0] = tet;
	c->holidays[0].name = xstrdup(tet.name);
	c->nholidays = 1;
	for (size_t i = 0; conf_default_forbidden[i]; i++)
		c->forbidden_words[c->nforbidden_words++] =
		    xstrdup(conf_default_forbidden[i]);
	for (size_t i = 0; i < NELEM(default_help_phrases); i++)
		c->help_phrases[c->nhelp_phrases++] =
		    xstrdup(default_help_phrases[i]);
	for (size_t i = 0; i < NELEM(default_not_help_phrases); i++)
		c->not_help_phrases[c->nnot_help_phrases++] =
		    xstrdup(default_not_help_phrases[i]);
	c->visit_plan[0].until_months = 6;
	c->visit_plan[0].every_days = 30;
	c->visit_plan[1].until_months = 24;
	c->visit_plan[1].every_days = 90;
	c->nvisit_plan = 2;
}

static void
conf_defaults_ctx(struct conf_ctx *x, struct conf *c)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < NELEM(entries); i++)
		conf_set_default(x, c, &entries[i]);
	default_lists(c);
}

void
conf_defaults(struct conf *c)
{
	struct conf_ctx x = { "defaults", NULL, 0 };
	conf_defaults_ctx(&x, c);
}

const char *
conf_forbidden_word(const struct conf *c, const char *text)
{
	char *folded = text_fold(text), *w;
	const char *found = NULL;

	for (int i = 0; i < c->nforbidden_words && !found; i++) {
		w = text_fold(c->forbidden_words[i]);
		if (*w && strstr(folded, w))
			found = c->forbidden_words[i];
		free(w);
	}
	free(folded);
	return found;
}

/* Why a template would break confidentiality, or NULL. A phone is often
 * shared within a family, so no text may hint at why someone is in the
 * programme: no forbidden word (compared without case or diacritics) and
 * no placeholder outside the allowed set. */
static const char *
template_problem(const struct conf *c, const char *name, const char *tpl,
    char *why, size_t size)
{
	static const char *const allowed[] = { "name", "group", "date", "time",
		"place", "amount", "lunar_date", NULL };
	char *folded = text_fold(tpl), *w;
	const char *p, *q;

	for (int i = 0; i < c->nforbidden_words && !why[0]; i++) {
		w = text_fold(c->forbidden_words[i]);
		if (*w && strstr(folded, w))
			snprintf(why, size, "contains \"%s\", which would reveal why "
			    "a person is in the programme", c->forbidden_words[i]);
		free(w);
	}
	free(folded);
	for (p = strchr(tpl, '{'); p && !why[0]; p = strchr(q, '{')) {
		if (!(q = strchr(p, '}'))) {
			snprintf(why, size, "has a \"{\" without \"}\"");
			break;
		}
		int ok = !strncmp(p, "{case}", 6) && !strcmp(name, "templates.alert");
		for (int i = 0; allowed[i] && !ok; i++)
			ok = (size_t)(q - p - 1) == strlen(allowed[i]) &&
			    !strncmp(p + 1, allowed[i], strlen(allowed[i]));
		if (!ok)
			snprintf(why, size, "placeholder %.*s is not allowed (a sensitive "
			    "or unknown field; allowed: {name} {group} {date} {time} "
			    "{place} {amount} {lunar_date})", (int)(q - p + 1), p);
	}
	return why[0] ? why : NULL;
}

static conf_parts_fn parts_fn;

void
conf_set_parts_fn(conf_parts_fn fn)
{
	parts_fn = fn;
}

/* A template that even with every placeholder empty needs more SMS parts
 * than sms.max_parts allows: nothing made from it could be sent. */
static const char *
template_too_long(const struct conf *c, const char *tpl, char *why,
    size_t size)
{
	struct buf b = { 0 };
	const char *p, *q;
	char *fixed;
	int parts;

	if (!parts_fn)
		return NULL;
	for (p = tpl; (q = strchr(p, '{')) != NULL && strchr(q, '}');
	    p = strchr(q, '}') + 1)
		buf_addn(&b, p, (size_t)(q - p));
	buf_add(&b, p);
	fixed = buf_detach(&b);
	parts = parts_fn(fixed, c->sms_coding);
	free(fixed);
	if (parts < 0 || parts > c->sms_max_parts)
		snprintf(why, size, _("needs %d SMS parts even with every "
		    "placeholder empty, more than sms.max_parts (%d)"), parts,
		    c->sms_max_parts);
	return why[0] ? why : NULL;
}

static void
check_templates(struct conf_ctx *x, const struct conf *c, config_t *cf)
{
	char why[300];

	for (size_t i = 0; i < NELEM(entries); i++) {
		const struct conf_entry *e = &entries[i];
		config_setting_t *s;
		const char *tpl;
		if (strncmp(e->name, "templates.", 10))
			continue;
		why[0] = '\0';
		tpl = *(char *const *)((const char *)c + e->off);
		if (!template_problem(c, e->name, tpl, why, sizeof why) &&
		    !template_too_long(c, tpl, why, sizeof why))
			continue;
		s = cf ? config_lookup(cf, e->name) : NULL;
		conf_err(x, s ? config_setting_source_line(s) : 0, "%s: %s",
		    e->name, why);
	}
}

static int
conf_finish(struct conf_ctx *x, struct conf *c, config_t *cf)
{
	conf_walk(x, c, config_root_setting(cf), "");
	check_templates(x, c, cf);
	config_destroy(cf);
	free(x->dir);
	if (x->errors) {
		conf_free(c);
		return -1;
	}
	return clock_set_timezone(c->timezone);
}

int
conf_load(const char *path, struct conf *c)
{
	struct conf_ctx x = { path, NULL, 0 };
	config_t cf;
	char *slash;

	conf_defaults_ctx(&x, c);
	if (!path)
		return clock_set_timezone(c->timezone);
	if (access(path, R_OK) != 0) {
		conf_free(c);
		return error("%s: cannot read configuration file", path);
	}
	config_init(&cf);
	if (!config_read_file(&cf, path)) {
		error("%s:%d: %s", path, config_error_line(&cf), config_error_text(&cf));
		config_destroy(&cf);
		conf_free(c);
		return -1;
	}
	c->path = xstrdup(path);
	x.dir = xstrdup(path);
	if ((slash = strrchr(x.dir, '/')) != NULL) {
		*slash = '\0';
	} else {
		free(x.dir);
		x.dir = NULL;
	}
	/* Re-resolve default paths against the file's folder. */
	for (size_t i = 0; i < NELEM(entries); i++)
		if (entries[i].type == CT_PATH)
			conf_set_text(&x, c, &entries[i], entries[i].dflt);
	return conf_finish(&x, c, &cf);
}

int
conf_load_string(const char *text, const char *name, struct conf *c)
{
	struct conf_ctx x = { name, NULL, 0 };
	config_t cf;

	conf_defaults_ctx(&x, c);
	config_init(&cf);
	if (!config_read_string(&cf, text)) {
		error("%s:%d: %s", name, config_error_line(&cf), config_error_text(&cf));
		config_destroy(&cf);
		conf_free(c);
		return -1;
	}
	c->path = xstrdup(name);
	return conf_finish(&x, c, &cf);
}

void
conf_free(struct conf *c)
{
	for (size_t i = 0; i < NELEM(entries); i++)
		if (entries[i].type != CT_INT && entries[i].type != CT_BOOL &&
		    entries[i].type != CT_TIME)
			free(*slot_str(c, &entries[i]));
	for (int i = 0; i < c->nholidays; i++)
		free(c->holidays[i].name);
	free_words(c->forbidden_words, &c->nforbidden_words);
	free_words(c->help_phrases, &c->nhelp_phrases);
	free_words(c->not_help_phrases, &c->nnot_help_phrases);
	free_prefixes(c);
	free_modems(c);
	free(c->path);
	memset(c, 0, sizeof *c);
}

int
conf_warnings(const struct conf *c)
{
	const char *file = c->path ? c->path : _("built-in defaults");
	int n = 0;

	if (c->nforbidden_words == 0) {
		fprintf(stderr, _("%s: warning: privacy.forbidden_words is empty: "
		    "the privacy filter is off\n"), file);
		n++;
	}
	return n;
}

const char *
conf_find(const char *opt_path)
{
	const char *env = getenv("SHG_CONFIG");

	if (!str_empty(opt_path))
		return opt_path;
	if (!str_empty(env))
		return env;
	if (access("/etc/shg/shg.conf", F_OK) == 0)
		return "/etc/shg/shg.conf";
	return NULL;
}

int
conf_write_example(const char *path)
{
	FILE *f;

	if (access(path, F_OK) == 0)
		return 0;
	if (!(f = fopen(path, "wx")))
		return error("%s: cannot write configuration: %s", path,
		    strerror(errno));
	fputs(conf_example, f);
	if (fclose(f) != 0)
		return error("%s: cannot write configuration: %s", path,
		    strerror(errno));
	printf("wrote example configuration %s\n", path);
	return 0;
}

char *
conf_backup_dir(const struct conf *c, char *buf, size_t size)
{
	const char *slash = strrchr(c->database, '/');

	if (!str_empty(c->backup_dir))
		snprintf(buf, size, "%s", c->backup_dir);
	else if (slash)
		snprintf(buf, size, "%.*s/backups", (int)(slash - c->database),
		    c->database);
	else
		snprintf(buf, size, "backups");
	return buf;
}
