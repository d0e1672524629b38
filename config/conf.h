/*
 * conf.h - shg.conf: loading and validating the configuration.
 *
 * The file is libconfig syntax. Every setting is checked against one table
 * of names, types, ranges and defaults (config/conf.c); all problems are
 * reported in one pass as "file:line: message", then loading fails.
 * Relative paths in a file are taken relative to the file's folder.
 *
 * Where the file comes from: conf_find() returns -c FILE, else
 * $SHG_CONFIG, else /etc/shg/shg.conf if it exists, else NULL (built-in
 * defaults, which work for the demo).
 */
#ifndef SHG_CONF_H
#define SHG_CONF_H

#include <stddef.h>

#define CONF_MAX_HOLIDAYS 32
#define CONF_MAX_VISIT_STEPS 8
#define CONF_MAX_WORDS 32
#define CONF_MAX_PHRASES 160
#define CONF_MAX_PREFIXES 64
#define CONF_MAX_MODEMS 16
#define CONF_MAX_MODEM_PREFIXES 16

/* One modem of the `modems` list (or the single `modem` section, then
 * named "modem").  Strings are owned by the configuration. */
struct conf_modem {
	char *name;             /* unique, shown by `shg sms status` */
	char *connection, *device, *model, *pin, *smsc, *gammurc;
	char *carrier;          /* the SIM's network: "viettel", ...; "": none */
	/* Numbers this modem prefers (E.164 prefixes such as "+8486"),
	 * replacing its carrier's prefixes (sms/carrier.h); none: those. */
	char *prefixes[CONF_MAX_MODEM_PREFIXES];
	int nprefixes;
	int per_minute;         /* operator's cap on parts a minute; 0: none
				 * (the modem's own pace) */
	char *ussd;             /* balance enquiry code ("*101#"); "": none */
	char *balance_pattern;  /* what precedes the balance in the answer */
	int balance_low;        /* đồng; a balance below this is low */
};

struct conf_holiday {
	char *name;
	int lunar;              /* 1: month/day are lunar */
	int month, day;
	int days;               /* how many days from month/day */
};

struct conf_visit_step {
	int until_months;       /* this step applies until N months after return */
	int every_days;
};

struct conf {
	char *path;             /* file it came from, NULL for defaults */
	char *database;
	char *backup_dir;       /* "": "backups" beside the database */
	char *operator_name;
	char *language;         /* "vi" or "en" */
	char *timezone;
	char *case_prefix;
	/* case_prefixes: the case-code prefix of a district (core/person.h) */
	char *prefix_district[CONF_MAX_PREFIXES];
	char *prefix_code[CONF_MAX_PREFIXES];
	int nprefixes;
	char *log_level;
	int log_syslog;

	/* groups */
	int allow_multiple_groups;
	char *holiday_policy;   /* "skip" or "move" */
	struct conf_holiday holidays[CONF_MAX_HOLIDAYS];
	int nholidays;

	/* modem */
	char *modem_connection, *modem_device, *modem_model;
	char *modem_pin, *modem_smsc, *modem_gammurc;
	int modem_reopen_seconds;	/* first delay before reopening a modem
					 * that failed; doubles up to 300 s */
	/* The `modems` list; when empty (nmodems 0) the `modem` section
	 * above is the one modem, named "modem" (sms/service.h). */
	struct conf_modem modems[CONF_MAX_MODEMS];
	int nmodems;

	/* sms */
	char *sms_coding;       /* "keep", "strip" or "auto" */
	int sms_max_parts;
	int quiet_start, quiet_end;     /* minutes after midnight */
	int sms_per_minute;     /* cap of parts a minute per modem; 0: none */
	int sms_max_attempts;
	int sms_retry_seconds;
	int sms_send_timeout;
	int multipart_timeout;
	int poll_seconds;
	char *coordinator_phone;        /* E.164 or "" */
	int unknown_reply;      /* templates.unknown to unknown numbers */
	int acknowledge;        /* one neutral acknowledgement a day to free
				 * text and unknown numbers alike */
	int sms_delivery_reports;       /* ask the network for reports */
	int sms_pass_on;                /* let modems pass messages on (+CMT) */
	int notice_keep_days;           /* closed modem notices kept this long */

	/* reminders and check-ins */
	int meeting_days_before;
	int meeting_morning;            /* minutes after midnight */
	int loan_days_before;
	int loan_overdue_days;

	/* loans: interest on a pay-off before the end, per funding source,
	 * "schedule" or "daily" (groups/loan.h enum loan_interest) */
	char *loan_interest_state, *loan_interest_wu, *loan_interest_vbsp;
	char *loan_interest_ngo;
	int checkin_every_days;
	int checkin_answer_days;
	int missed_meetings;

	/* web */
	int web_session_idle_minutes;   /* a session ends after this idle */
	char *web_listen;               /* "ADDR:PORT" */
	char *web_tls_cert, *web_tls_key;       /* "": plain HTTP */
	int web_coordinator_names;      /* coordinators see names, phones */

	/* templates */
	char *tpl_meeting, *tpl_meeting_today, *tpl_meeting_moved;
	char *tpl_meeting_cancelled, *tpl_loan_due, *tpl_loan_overdue;
	char *tpl_checkin, *tpl_alert, *tpl_optout, *tpl_optin, *tpl_unknown;
	char *tpl_acknowledge;
	char *forbidden_words[CONF_MAX_WORDS];
	int nforbidden_words;

	/* replies */
	char *help_phrases[CONF_MAX_PHRASES];  /* replies.help_phrases */
	int nhelp_phrases;
	char *not_help_phrases[CONF_MAX_PHRASES];  /* replies.not_help_phrases */
	int nnot_help_phrases;
	int unknown_per_hour;   /* replies to unknown numbers, at most */
	int unknown_per_day;
	int erase_after_years;  /* privacy: closed this long: due to erase; 0 off */
	char *key_file;         /* security: the key of the sealed fields */

	/* visits */
	struct conf_visit_step visit_plan[CONF_MAX_VISIT_STEPS];
	int nvisit_plan;
};

/* The carriers a modem's `carrier` may name, '|' separated. */
#define CONF_CARRIERS "viettel|vinaphone|mobifone|vietnamobile|gmobile"

/* The default privacy.forbidden_words, NULL-terminated: what the outbox
 * refuses when its caller gives no list (sms/outbox.h). */
extern const char *const conf_default_forbidden[];

/*
 * How many SMS parts text needs when sent under sms.coding ("keep",
 * "strip" or "auto"), or -1 when it cannot be sent at all. config/ sits
 * below sms/ (sms/ reads the configuration), so it cannot plan an SMS
 * itself: the program passes sms/smstext.h's planning here before loading
 * (cli/main.c). With it, loading refuses a template whose fixed text (all
 * placeholders empty) already needs more than sms.max_parts parts: no
 * message from it could ever go out. Without it (NULL, the default) the
 * length of templates is not checked.
 */
typedef int (*conf_parts_fn)(const char *text, const char *coding);
void conf_set_parts_fn(conf_parts_fn fn);

/* Print a line "FILE: warning: ..." on stderr for each setting that is
 * valid but probably a mistake (privacy.forbidden_words empty: the privacy
 * filter is off). Returns how many. */
int conf_warnings(const struct conf *c);

/* Which file to read (see above). Borrowed; NULL means defaults. */
const char *conf_find(const char *opt_path);

/* Fill c with the built-in defaults. Free with conf_free. */
void conf_defaults(struct conf *c);
/* Load path (NULL: defaults only) into c. On error every problem has been
 * printed as file:line: message and -1 is returned; c is then freed. */
int conf_load(const char *path, struct conf *c);
/* Load configuration text (for tests); name is used in messages. */
int conf_load_string(const char *text, const char *name, struct conf *c);
void conf_free(struct conf *c);

/* Write the example configuration to path unless a file is already
 * there (then nothing happens). Says what it wrote on stdout. 0 or -1. */
int conf_write_example(const char *path);

/* The first of privacy.forbidden_words that text contains (ignoring case
 * and diacritics), or NULL: such a text would reveal why a person is in
 * the programme to whoever reads the phone. Borrowed. */
/* The backups folder into buf: backup.dir, else "backups" beside the
 * database. Returns buf. */
char *conf_backup_dir(const struct conf *c, char *buf, size_t size);
const char *conf_forbidden_word(const struct conf *c, const char *text);

/* The example configuration shipped as config/shg.conf (built in). */
extern const char conf_example[];

#endif
