/*
 * modem_gammu.c - the modem transport over libGammu, and the thin
 * modem_* wrappers that call through any transport's table.
 *
 * Bounds on blocking: each libGammu call runs under a watchdog (a POSIX
 * timer) that calls GSM_AbortOperation() after call_timeout seconds.
 * libGammu never clears its abort flag, so after the watchdog fired the
 * state machine is useless: the connection is dropped and the next open
 * allocates a fresh one.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gammu.h>

#include "core/log.h"
#include "core/util.h"
#include "sms/modem.h"

#define GM_REPLY_TRIES 2
#define GM_DEFAULT_CALL_TIMEOUT 60
#define GM_DEFAULT_SEND_TIMEOUT 30
#define GM_MAX_FETCH_CALLS 10000

struct gmodem {
	struct modem base;
	GSM_StateMachine *sm;
	pthread_mutex_t lock;	/* guards armed/fired against the timer */
	timer_t timer;
	int have_timer, armed, fired;
	int call_timeout, send_timeout, delivery_reports;
	int pin_blocked, pin_refused;
	char *smsc, *sent_copy;
	long copy_next;		/* number of the next copy, 0: not known */
	char smsc_read[64];	/* the SIM's message centre, read once per
				 * connection; "" when it could not be read */
	int send_done, send_status, send_tpmr;	/* from the callback */
	char last_error[128];
	char *dummy_dir;	/* model "dummy": its folder, for raw files */
	int trace;		/* capture the modem's replies while fetching */
	char trace_line[1200];	/* the debug line being assembled */
	size_t trace_len;
	char last_pdu[1200];	/* last PDU the modem answered, "" none */
	int after_cmgr;		/* the last trace line was "+CMGR: ..." */
	int ussd_done;		/* the USSD answer came (callback) */
	char ussd_text[200];	/* its text, UTF-8 */
	/* Reports (+CDS) and messages (+CMT) the modem passed on without
	 * storing them, kept until the next fetch returns them. */
	struct modem_msg_in *unsol;
	int nunsol, capunsol;
};

/* ---- wrappers ---------------------------------------------------- */

int
modem_open(struct modem *m, const struct modem_config *cfg)
{
	return m->ops->open(m, cfg);
}

void
modem_close(struct modem *m)
{
	m->ops->close(m);
}

int
modem_ussd(struct modem *m, const char *code, char *answer, size_t size)
{
	if (!m->ops->ussd)
		return error("USSD not supported");
	return m->ops->ussd(m, code, answer, size);
}

int
modem_send(struct modem *m, const char *number, const char *text_utf8,
    int ucs2, int ref, struct modem_send_result *res)
{
	return m->ops->send(m, number, text_utf8, ucs2, ref, res);
}

int
modem_send_resume(struct modem *m, const char *number, const char *text_utf8,
    int ucs2, int ref, int first, struct modem_send_result *res)
{
	if (m->ops->send_from)
		return m->ops->send_from(m, number, text_utf8, ucs2, ref, first,
		    res);
	return m->ops->send(m, number, text_utf8, ucs2, ref, res);
}

int
modem_fetch(struct modem *m, struct modem_msg_in **msgs, int *n)
{
	return m->ops->fetch(m, msgs, n);
}

int
modem_delete(struct modem *m, const struct modem_msg_in *msg)
{
	return m->ops->delete(m, msg);
}

int
modem_status(struct modem *m, struct modem_status *st)
{
	return m->ops->status(m, st);
}

void
modem_free(struct modem *m)
{
	if (!m)
		return;
	m->ops->close(m);
	m->ops->free(m);
}

void
modem_msgs_free(struct modem_msg_in *msgs, int n)
{
	int i;

	for (i = 0; msgs && i < n; i++)
		free(msgs[i].text);
	free(msgs);
}

int
modem_sim_nearly_full(int used, int size)
{
	return size > 0 && used >= 0 && used * 5 >= size * 4;
}

enum modem_report
modem_report_from_status(int tp_status)
{
	if (tp_status < 0x20)
		return MODEM_REPORT_DELIVERED;
	if (tp_status < 0x40)
		return MODEM_REPORT_PENDING;
	return MODEM_REPORT_FAILED;
}

const char *
modem_report_reason(int tp_status)
{
	static const struct {
		int status;
		const char *why;
	} why[] = {
		{ 0x40, "remote procedure error" },
		{ 0x41, "incompatible destination" },
		{ 0x42, "connection rejected by the phone" },
		{ 0x43, "number not obtainable" },
		{ 0x44, "quality of service not available" },
		{ 0x45, "no interworking available" },
		{ 0x46, "validity period expired" },
		{ 0x47, "deleted by the sender" },
		{ 0x48, "deleted by the message centre" },
		{ 0x49, "message does not exist" },
		{ 0x60, "congestion" },
		{ 0x61, "phone busy" },
		{ 0x62, "no response from the phone" },
		{ 0x63, "service rejected" },
		{ 0x64, "quality of service not available" },
		{ 0x65, "error in the phone" },
	};
	size_t i;

	for (i = 0; i < sizeof why / sizeof why[0]; i++)
		if (why[i].status == tp_status)
			return why[i].why;
	return tp_status >= 0x60 ? "the message centre gave up"
	    : "not deliverable";
}

/* ---- errors and the watchdog ------------------------------------- */

/* Remember and report a failure; returns -1. */
static int SHG_PRINTF(2, 3)
gm_fail(struct gmodem *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->last_error, sizeof m->last_error, fmt, ap);
	va_end(ap);
	return error("modem: %s", m->last_error);
}

static void
gm_timer_fired(union sigval sv)
{
	struct gmodem *m = sv.sival_ptr;

	pthread_mutex_lock(&m->lock);
	if (m->armed && m->sm) {
		GSM_AbortOperation(m->sm);
		m->fired = 1;
	}
	pthread_mutex_unlock(&m->lock);
}

static void
gm_guard_arm(struct gmodem *m, int seconds)
{
	struct itimerspec its = { .it_value = { .tv_sec = seconds } };

	pthread_mutex_lock(&m->lock);
	m->armed = 1;
	m->fired = 0;
	pthread_mutex_unlock(&m->lock);
	if (m->have_timer)
		timer_settime(m->timer, 0, &its, NULL);
}

/* Stop the watchdog; 1 when it fired during the call. */
static int
gm_guard_end(struct gmodem *m)
{
	struct itimerspec off = { 0 };
	int fired;

	if (m->have_timer)
		timer_settime(m->timer, 0, &off, NULL);
	pthread_mutex_lock(&m->lock);
	m->armed = 0;
	fired = m->fired;
	pthread_mutex_unlock(&m->lock);
	return fired;
}

/* Drop the state machine (used after an abort and by close). */
static void
gm_drop(struct gmodem *m)
{
	GSM_StateMachine *sm = m->sm;

	if (!sm)
		return;
	pthread_mutex_lock(&m->lock);
	m->sm = NULL;
	pthread_mutex_unlock(&m->lock);
	if (GSM_IsConnected(sm))
		GSM_TerminateConnection(sm);
	GSM_FreeStateMachine(sm);
}

/* Errors that say the device is gone or does not answer: libGammu still
 * calls itself connected then, and every later call would fail alike. */
static int
gm_device_error(GSM_Error err)
{
	switch (err) {
	case ERR_DEVICEWRITEERROR: case ERR_DEVICEREADERROR:
	case ERR_DEVICENOTEXIST: case ERR_DEVICEOPENERROR:
	case ERR_DEVICENOTWORK: case ERR_DEVICECHANGESPEEDERROR:
	case ERR_DEVICEDTRRTSERROR: case ERR_DEVICEPARITYERROR:
	case ERR_TIMEOUT: case ERR_NOTCONNECTED:
		return 1;
	default:
		return 0;
	}
}

/* After a libGammu call: fail with the right text, dropping the
 * connection when the watchdog had to abort it or the device is gone
 * (the next open starts afresh).  0 when err is fine. */
static int
gm_check(struct gmodem *m, GSM_Error err, const char *what)
{
	if (gm_guard_end(m)) {
		gm_drop(m);
		return gm_fail(m, "%s: no answer within %d s, disconnected",
		    what, m->call_timeout);
	}
	if (err == ERR_NONE)
		return 0;
	if (gm_device_error(err)) {
		gm_drop(m);
		return gm_fail(m, "%s: %s; disconnected", what,
		    GSM_ErrorString(err));
	}
	return gm_fail(m, "%s: %s", what, GSM_ErrorString(err));
}

static int
gm_need_open(struct gmodem *m)
{
	if (m->sm && GSM_IsConnected(m->sm))
		return 0;
	return gm_fail(m, "not connected");
}

/* ---- open and close ---------------------------------------------- */

static int
gm_config_rc(struct gmodem *m, GSM_Config *gc, const char *path)
{
	INI_Section *ini = NULL;
	GSM_Error err;

	err = GSM_FindGammuRC(&ini, path);
	if (err != ERR_NONE)
		return gm_fail(m, "%s: %s", path, GSM_ErrorString(err));
	err = GSM_ReadConfig(ini, gc, 0);
	INI_Free(ini);
	if (err != ERR_NONE)
		return gm_fail(m, "%s: no usable [gammu] section: %s", path,
		    GSM_ErrorString(err));
	return 0;
}

/*
 * How the modem is to route incoming messages (AT+CNMI's mt, which
 * libGammu takes from CNMIParams[1] when the modem offers it, else picks
 * 1, 2, 3 in that order).  A message the modem passes on at once (+CMT,
 * mt 2) exists only in the bytes on the line: libGammu never
 * acknowledges one (AT+CNMA) and drops one that comes while no callback
 * is set (during a reconnect), and one that comes while the service is
 * stopped or waiting to reopen the modem is lost.  So unless pass_on
 * asks for it, mt 0: the modem stores every message, fetch reads it at
 * each pass, and it is deleted only once in the database.  An mt a
 * gammurc sets (atgen_setcnmi) is kept.
 */
static void
gm_route_incoming(GSM_Config *gc, int pass_on)
{
	if (gc->CNMIParams[1] < 0)
		gc->CNMIParams[1] = pass_on ? 2 : 0;
}

/* Fill configuration section 0 from cfg: gammu's defaults first, then
 * the given connection, device and model. */
static int
gm_config(struct gmodem *m, const struct modem_config *cfg)
{
	GSM_Config *gc = GSM_GetConfig(m->sm, 0);

	if (!str_empty(cfg->gammurc)) {
		if (gm_config_rc(m, gc, cfg->gammurc) < 0)
			return -1;
	} else {
		if (str_empty(cfg->connection) || str_empty(cfg->device))
			return gm_fail(m, "no connection or device configured");
		GSM_ReadConfig(NULL, gc, 0);	/* ERR_USING_DEFAULTS */
		free(gc->Device);
		free(gc->Connection);
		gc->Device = xstrdup(cfg->device);
		gc->Connection = xstrdup(cfg->connection);
		snprintf(gc->Model, sizeof gc->Model, "%s",
		    cfg->model ? cfg->model : "");
	}
	gc->UseGlobalDebugFile = FALSE;
	gm_route_incoming(gc, cfg->pass_on);
	gc->LockDevice = FALSE;
	gc->StartInfo = FALSE;
	gc->SyncTime = FALSE;
	GSM_SetConfigNum(m->sm, 1);
	return 0;
}

static void
gm_sent_cb(GSM_StateMachine *sm, int status, int tpmr, void *data)
{
	struct gmodem *m = data;

	m->send_done = 1;
	m->send_status = status;
	m->send_tpmr = tpmr;
}

/* What the SIM asks for, other than its PIN, as a reason. */
static int
gm_other_code(struct gmodem *m, GSM_SecurityCodeType need)
{
	if (need == SEC_Puk)
		return gm_fail(m, "the SIM is locked and asks for its PUK");
	return gm_fail(m, "the SIM asks for a code other than its PIN");
}

/* Enter the PIN when the SIM asks for it, once: a PIN the SIM refused is
 * never entered again (cfg->pin_blocked), as three wrong ones lock it. */
static int
gm_enter_pin(struct gmodem *m, const char *pin)
{
	GSM_SecurityCodeType need = SEC_None;
	GSM_SecurityCode code = { .Type = SEC_Pin };
	GSM_Error err;

	gm_guard_arm(m, m->call_timeout);
	err = GSM_GetSecurityStatus(m->sm, &need);
	if (err == ERR_NOTSUPPORTED || err == ERR_NOTIMPLEMENTED)
		err = ERR_NONE;
	if (gm_check(m, err, "reading SIM security status") < 0)
		return -1;
	if (need == SEC_None)
		return 0;
	if (need != SEC_Pin)
		return gm_other_code(m, need);
	if (str_empty(pin))
		return gm_fail(m, "the SIM asks for its PIN and none is set");
	if (m->pin_blocked) {
		m->pin_refused = 1;
		return gm_fail(m, "SIM PIN rejected; it is not entered again "
		    "until modem.pin changes");
	}
	snprintf(code.Code, sizeof code.Code, "%s", pin);
	gm_guard_arm(m, m->call_timeout);
	err = GSM_EnterSecurityCode(m->sm, &code);
	if (err == ERR_SECURITYERROR && !gm_guard_end(m)) {
		m->pin_refused = 1;
		return gm_fail(m, "SIM PIN rejected");
	}
	return gm_check(m, err, "entering the SIM PIN");
}

static void
gm_take_options(struct gmodem *m, const struct modem_config *cfg)
{
	m->call_timeout = cfg->call_timeout > 0 ? cfg->call_timeout
	    : GM_DEFAULT_CALL_TIMEOUT;
	m->send_timeout = cfg->send_timeout > 0 ? cfg->send_timeout
	    : GM_DEFAULT_SEND_TIMEOUT;
	m->delivery_reports = cfg->delivery_reports;
	m->pin_blocked = cfg->pin_blocked;
	m->pin_refused = 0;
	free(m->smsc);
	free(m->sent_copy);
	m->smsc = str_empty(cfg->smsc) ? NULL : xstrdup(cfg->smsc);
	free(m->dummy_dir);
	m->dummy_dir = str_eq(cfg->model, "dummy") && str_empty(cfg->gammurc)
	    && !str_empty(cfg->device) ? xstrdup(cfg->device) : NULL;
	m->trace = !m->dummy_dir && str_empty(cfg->gammurc);
	m->sent_copy = str_empty(cfg->sent_copy) ? NULL
	    : xstrdup(cfg->sent_copy);
	m->copy_next = 0;
}

static int gm_valid_number(const char *s);

/* Read the SIM's message centre once per connection, instead of libGammu
 * asking the modem (AT+CSCA?) before every part.  When it cannot be read
 * libGammu asks at each part, as before. */
static void
gm_read_smsc(struct gmodem *m)
{
	GSM_SMSC smsc;
	GSM_Error err;

	m->smsc_read[0] = '\0';
	if (m->smsc)
		return;
	memset(&smsc, 0, sizeof smsc);
	smsc.Location = 1;
	gm_guard_arm(m, m->call_timeout);
	err = GSM_GetSMSC(m->sm, &smsc);
	if (gm_guard_end(m) || err != ERR_NONE)
		return;
	EncodeUTF8(m->smsc_read, smsc.Number);
	if (!gm_valid_number(m->smsc_read))
		m->smsc_read[0] = '\0';
}

static void gm_convert(const GSM_SMSMessage *sms, struct modem_msg_in *out);

/* libGammu's incoming callback.  A message or report the modem stored
 * only announces its location (+CMTI, +CDSI): fetch reads it from the
 * SIM.  One passed on whole (+CDS, +CMT) exists nowhere else: kept for
 * the next fetch. */
static void
gm_incoming_cb(GSM_StateMachine *sm, GSM_SMSMessage *sms, void *data)
{
	struct gmodem *m = data;
	struct modem_msg_in *in;

	(void)sm;
	if (sms->PDU == SMS_Status_Report ? sms->Location != 0
	    : sms->PDU != SMS_Deliver)
		return;
	if (m->nunsol == m->capunsol) {
		m->capunsol = m->capunsol ? m->capunsol * 2 : 8;
		m->unsol = xrealloc(m->unsol, (size_t)m->capunsol *
		    sizeof *m->unsol);
	}
	in = &m->unsol[m->nunsol++];
	gm_convert(sms, in);
	in->location = 0;	/* nothing to delete */
	in->folder = 0;
}

/* Ask the modem (AT+CNMI) to announce new messages and to pass on
 * delivery reports, either stored on the SIM (+CDSI, read by fetch) or
 * at once (+CDS), as it can.  A modem that cannot is still read. */
static int
gm_incoming_on(struct gmodem *m)
{
	GSM_Error err;

	GSM_SetIncomingSMSCallback(m->sm, gm_incoming_cb, m);
	gm_guard_arm(m, m->call_timeout);
	err = GSM_SetIncomingSMS(m->sm, TRUE);
	if (gm_guard_end(m) || gm_device_error(err))
		return gm_check(m, err == ERR_NONE ? ERR_TIMEOUT : err,
		    "asking for incoming messages");
	if (err != ERR_NONE)
		log_info("modem: no announcements of incoming messages (%s); "
		    "they are read at every pass", GSM_ErrorString(err));
	return 0;
}

static int
gm_open(struct modem *base, const struct modem_config *cfg)
{
	struct gmodem *m = (struct gmodem *)base;
	GSM_Error err;

	gm_drop(m);
	m->last_error[0] = '\0';
	gm_take_options(m, cfg);
	m->sm = GSM_AllocStateMachine();
	if (!m->sm)
		return gm_fail(m, "out of memory for the state machine");
	if (gm_config(m, cfg) < 0)
		goto fail;
	gm_guard_arm(m, m->call_timeout);
	err = GSM_InitConnection(m->sm, GM_REPLY_TRIES);
	if (gm_check(m, err, "connecting") < 0)
		goto fail;
	/* InitConnection clears every callback: set ours on each connect. */
	GSM_SetSendSMSStatusCallback(m->sm, gm_sent_cb, m);
	if (gm_enter_pin(m, cfg->pin) < 0)
		goto fail;
	if (gm_incoming_on(m) < 0)
		goto fail;
	gm_read_smsc(m);
	return 0;
fail:
	gm_drop(m);
	return -1;
}

static void
gm_close(struct modem *base)
{
	gm_drop((struct gmodem *)base);
}

static void
gm_free(struct modem *base)
{
	struct gmodem *m = (struct gmodem *)base;

	gm_drop(m);
	if (m->have_timer)
		timer_delete(m->timer);
	pthread_mutex_destroy(&m->lock);
	free(m->smsc);
	free(m->sent_copy);
	free(m->dummy_dir);
	modem_msgs_free(m->unsol, m->nunsol);
	free(m);
}

/* ---- sending ----------------------------------------------------- */

static int
gm_valid_number(const char *s)
{
	size_t i = (s[0] == '+'), n = strlen(s);

	if (n <= i || n - i > 20)
		return 0;
	for (; s[i]; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Split text into parts; writes ref into every concatenation header. */
static int
gm_encode(const char *text, int ucs2, int ref, GSM_MultiSMSMessage *out)
{
	GSM_MultiPartSMSInfo *info = xcalloc(1, sizeof *info);
	size_t len = strlen(text);
	unsigned char *ucs = xcalloc(len + 1, 4);
	GSM_Error err;
	int i;

	DecodeUTF8(ucs, text, len);
	GSM_ClearMultiPartSMSInfo(info);
	info->EntriesNum = 1;
	info->UnicodeCoding = ucs2 ? TRUE : FALSE;
	info->Entries[0].ID = ucs2 ? SMS_ConcatenatedTextLong
	    : SMS_ConcatenatedAutoTextLong;
	info->Entries[0].Buffer = ucs;
	memset(out, 0, sizeof *out);
	err = GSM_EncodeMultiPartSMS(GSM_GetGlobalDebug(), info, out);
	free(ucs);
	free(info);
	if (err != ERR_NONE || out->Number < 1 || out->Number >= MODEM_MAX_PARTS)
		return -1;
	for (i = 0; i < out->Number; i++) {
		GSM_UDHHeader *udh = &out->SMS[i].UDH;
		if (udh->Type != UDH_ConcatenatedMessages)
			continue;
		udh->Text[3] = (unsigned char)ref;
		udh->ID8bit = ref;
	}
	return 0;
}

/* Address one part and say whether a delivery report is wanted. */
static void
gm_address(struct gmodem *m, GSM_SMSMessage *sms, const char *number)
{
	const char *smsc = m->smsc ? m->smsc : m->smsc_read;

	EncodeUnicode(sms->Number, number, strlen(number));
	if (smsc[0]) {
		sms->SMSC.Location = 0;
		EncodeUnicode(sms->SMSC.Number, smsc, strlen(smsc));
	} else {
		sms->SMSC.Location = 1;
	}
	/* libGammu asks for a status report on a submit marked so. */
	sms->PDU = m->delivery_reports ? SMS_Status_Report : SMS_Submit;
}

/* Network error codes (GSM 04.11 / 07.05 CMS) that will not go away. */
static int
gm_permanent_status(int status)
{
	static const int permanent[] = { 1, 28, 96, 304 };
	size_t i;

	for (i = 0; i < NELEM(permanent); i++)
		if (status == permanent[i])
			return 1;
	return 0;
}

static double
gm_elapsed(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - since->tv_sec)
	    + (now.tv_nsec - since->tv_nsec) / 1e9;
}

/* Pump the device until the send-status callback answered. */
static int
gm_wait_sent(struct gmodem *m, struct modem_send_result *res)
{
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!m->send_done && gm_elapsed(&start) < m->send_timeout) {
		gm_guard_arm(m, m->call_timeout);
		GSM_ReadDevice(m->sm, TRUE);
		if (gm_check(m, ERR_NONE, "waiting for the send status") < 0)
			return -1;
	}
	if (!m->send_done)
		return gm_fail(m, "no send status within %d s", m->send_timeout);
	if (m->send_status != 0) {
		res->permanent = gm_permanent_status(m->send_status);
		return gm_fail(m, "network refused the message (error %d)",
		    m->send_status);
	}
	return 0;
}

/* The highest number that names a file in folder, 0 when none. */
static long
gm_last_copy(const char *folder)
{
	DIR *d = opendir(folder);
	struct dirent *e;
	long last = 0, v;
	char *end;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		errno = 0;
		v = strtol(e->d_name, &end, 10);
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9' && !*end &&
		    !errno && v > last)
			last = v;
	}
	closedir(d);
	return last;
}

/* Create the next copy's file, 0600 (it holds a number and a text,
 * whatever the umask): named one more than the last, which is read from
 * the folder once, so a copy costs the same however many are kept. A
 * name taken meanwhile (another modem on the folder) reads it again. */
static int
gm_copy_file(struct gmodem *m, char *path, size_t size)
{
	int fd;

	for (int tries = 0; tries < 100; tries++) {
		if (!m->copy_next || tries)
			m->copy_next = gm_last_copy(m->sent_copy) + 1;
		snprintf(path, size, "%s/%ld", m->sent_copy, m->copy_next);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0) {
			m->copy_next++;
			close(fd);
			return 0;
		}
		if (errno != EEXIST)
			break;
	}
	log_warn("modem: could not keep a copy in \"%s\"", path);
	return -1;
}

/* Write an accepted part to the sent_copy folder as 1, 2, ... */
static void
gm_keep_copy(struct gmodem *m, GSM_SMSMessage *sms)
{
	GSM_SMS_Backup *bk;
	char path[4096];

	if (gm_copy_file(m, path, sizeof path) < 0)
		return;
	bk = xcalloc(1, sizeof *bk);
	bk->SMS[0] = sms;
	if (GSM_AddSMSBackupFile(path, bk) != ERR_NONE)
		log_warnx("modem: could not keep a copy in \"%s\"", path);
	free(bk);
}

static int
gm_send_part(struct gmodem *m, GSM_SMSMessage *sms,
    struct modem_send_result *res)
{
	GSM_Error err;

	m->send_done = 0;
	m->send_status = -1;
	m->send_tpmr = -1;
	gm_guard_arm(m, m->call_timeout);
	err = GSM_SendSMS(m->sm, sms);
	if (gm_check(m, err, "sending") < 0)
		return -1;
	if (gm_wait_sent(m, res) < 0)
		return -1;
	res->tpmr[res->parts_sent++] = m->send_tpmr;
	if (m->sent_copy)
		gm_keep_copy(m, sms);
	return 0;
}

static int
gm_send_check(struct gmodem *m, const char *number, const char *text,
    int ref, struct modem_send_result *res)
{
	res->permanent = 1;
	if (!number || !gm_valid_number(number))
		return gm_fail(m, "\"%s\" is not a phone number",
		    number ? number : "");
	if (!text)
		return gm_fail(m, "no text to send");
	if (ref < 0 || ref > 255)
		return gm_fail(m, "concatenation reference %d is not 0..255", ref);
	res->permanent = 0;
	return gm_need_open(m);
}

static int
gm_send_from(struct modem *base, const char *number, const char *text_utf8,
    int ucs2, int ref, int first, struct modem_send_result *res)
{
	struct gmodem *m = (struct gmodem *)base;
	GSM_MultiSMSMessage *parts;
	int i, ret = -1;

	memset(res, 0, sizeof *res);
	if (gm_send_check(m, number, text_utf8, ref, res) < 0)
		goto out;
	parts = xmalloc(sizeof *parts);
	if (gm_encode(text_utf8, ucs2, ref, parts) < 0) {
		res->permanent = 1;
		gm_fail(m, "text of %zu bytes does not fit in %d parts",
		    strlen(text_utf8), MODEM_MAX_PARTS - 1);
		free(parts);
		goto out;
	}
	res->parts = parts->Number;
	/* Resume after the parts an earlier try got accepted. */
	if (first > 0 && first < parts->Number)
		for (i = 0; i < first; i++)
			res->tpmr[res->parts_sent++] = -1;
	for (i = res->parts_sent; i < parts->Number; i++) {
		gm_address(m, &parts->SMS[i], number);
		if (gm_send_part(m, &parts->SMS[i], res) < 0)
			break;
	}
	free(parts);
	ret = (res->parts_sent == res->parts) ? 0 : -1;
out:
	if (ret < 0)
		snprintf(res->err, sizeof res->err, "%s", m->last_error);
	return ret;
}

static int
gm_send(struct modem *base, const char *number, const char *text_utf8,
    int ucs2, int ref, struct modem_send_result *res)
{
	return gm_send_from(base, number, text_utf8, ucs2, ref, 0, res);
}

/* ---- receiving --------------------------------------------------- */

/* Concatenation header: 8-bit (IEI 0) or 16-bit (IEI 8) reference. */
static void
gm_concat(const GSM_UDHHeader *udh, struct modem_msg_in *out)
{
	int pos = 1, end;

	if (udh->Type == UDH_NoUDH || udh->Length < 2)
		return;
	end = 1 + udh->Text[0];
	if (end > udh->Length)
		end = udh->Length;
	while (pos + 1 < end) {
		int iei = udh->Text[pos], len = udh->Text[pos + 1];
		const unsigned char *d = udh->Text + pos + 2;
		if (pos + 2 + len > end)
			break;
		if (iei == 0x00 && len == 3) {
			out->concat_ref = d[0];
			out->concat_total = d[1];
			out->concat_seq = d[2];
		} else if (iei == 0x08 && len == 4) {
			out->concat_ref = d[0] * 256 + d[1];
			out->concat_total = d[2];
			out->concat_seq = d[3];
		}
		pos += 2 + len;
	}
}

static char *
gm_hex(const unsigned char *p, int n)
{
	char *s = xmalloc((size_t)n * 2 + 1);
	int i;

	for (i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02X", p[i]);
	s[2 * n] = '\0';
	return s;
}

/* Append code point c to s as UTF-8; returns the bytes written (1..4). */
static size_t
gm_put_utf8(char *s, unsigned long c)
{
	if (c < 0x80) {
		s[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		s[0] = (char)(0xc0 | c >> 6);
		s[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		s[0] = (char)(0xe0 | c >> 12);
		s[1] = (char)(0x80 | (c >> 6 & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	s[0] = (char)(0xf0 | c >> 18);
	s[1] = (char)(0x80 | (c >> 12 & 0x3f));
	s[2] = (char)(0x80 | (c >> 6 & 0x3f));
	s[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* libGammu's text (UTF-16 big-endian units up to a 0 unit, whatever the
 * coding on the air) as UTF-8. A surrogate pair becomes its code point; a
 * lone surrogate, which a phone or network may send, becomes U+FFFD, so
 * what is stored is always valid UTF-8 (EncodeUTF8 copies it through). */
static char *
gm_utf8(const unsigned char *t, size_t max_units)
{
	char *s = xmalloc(max_units * 3 + 1);
	size_t i, n = 0;

	for (i = 0; i < max_units; i++) {
		unsigned long c = (unsigned long)t[2 * i] << 8 | t[2 * i + 1];
		unsigned long lo = i + 1 < max_units
		    ? (unsigned long)t[2 * i + 2] << 8 | t[2 * i + 3] : 0;

		if (c == 0)
			break;
		if (c >= 0xd800 && c < 0xdc00 && lo >= 0xdc00 && lo < 0xe000) {
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			i++;
		} else if (c >= 0xd800 && c < 0xe000) {
			c = 0xfffd;
		}
		n += gm_put_utf8(s + n, c);
	}
	s[n] = '\0';
	return s;
}

static char *
gm_text(const GSM_SMSMessage *sms, enum modem_coding *coding)
{
	if (sms->Coding == SMS_Coding_8bit) {
		*coding = MODEM_CODING_8BIT;
		return gm_hex(sms->Text, sms->Length);
	}
	*coding = sms->Coding == SMS_Coding_Unicode_No_Compression
	    ? MODEM_CODING_UCS2 : MODEM_CODING_7BIT;
	return gm_utf8(sms->Text, sizeof sms->Text / 2);
}

static time_t
gm_time(const GSM_DateTime *dt)
{
	struct tm tm = { 0 };

	if (dt->Year == 0)
		return 0;
	tm.tm_year = dt->Year - 1900;
	tm.tm_mon = dt->Month - 1;
	tm.tm_mday = dt->Day;
	tm.tm_hour = dt->Hour;
	tm.tm_min = dt->Minute;
	tm.tm_sec = dt->Second;
	return timegm(&tm) - dt->Timezone;
}

static void
gm_convert(const GSM_SMSMessage *sms, struct modem_msg_in *out)
{
	char num[(GSM_MAX_NUMBER_LENGTH + 1) * 4];

	memset(out, 0, sizeof *out);
	EncodeUTF8(num, sms->Number);
	snprintf(out->sender, sizeof out->sender, "%.31s", num);
	out->location = sms->Location;
	out->folder = sms->Folder;
	out->sent = gm_time(&sms->DateTime);
	if (sms->PDU == SMS_Status_Report) {
		out->kind = MODEM_MSG_REPORT;
		out->text = xstrdup("");
		out->report_tpmr = sms->MessageReference;
		out->report_status = sms->DeliveryStatus;
		out->report = modem_report_from_status(sms->DeliveryStatus);
		return;
	}
	out->kind = MODEM_MSG_TEXT;
	out->text = gm_text(sms, &out->coding);
	gm_concat(&sms->UDH, out);
}

static void
gm_collect(const GSM_MultiSMSMessage *ms, struct modem_msg_in **msgs,
    int *n, int *cap)
{
	int i;

	for (i = 0; i < ms->Number; i++) {
		const GSM_SMSMessage *sms = &ms->SMS[i];
		if (!sms->InboxFolder && sms->PDU != SMS_Status_Report)
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*msgs = xrealloc(*msgs, (size_t)*cap * sizeof **msgs);
		}
		gm_convert(sms, &(*msgs)[(*n)++]);
	}
}

static int
gm_is_pdu(const char *p, size_t n)
{
	return n >= 20 && strspn(p, "0123456789ABCDEFabcdef") == n;
}

/* Follow libGammu's AT debug lines for the raw PDU of the message being
 * read: a bare hex line is the PDU it takes from its listing ("Getting
 * message from cache"); with AT+CMGR each reply line comes as N "TEXT",
 * and the PDU is the one after the "+CMGR:" line. */
static void
gm_trace_line(struct gmodem *m, const char *l)
{
	const char *q = strchr(l, '"');
	size_t n;

	if (gm_is_pdu(l, strlen(l))) {
		snprintf(m->last_pdu, sizeof m->last_pdu, "%s", l);
		return;
	}
	if (!q || l[0] < '0' || l[0] > '9')
		return;
	q++;
	n = strcspn(q, "\"");
	if (q[n] != '"')
		return;
	if (m->after_cmgr && gm_is_pdu(q, n))
		snprintf(m->last_pdu, sizeof m->last_pdu, "%.*s", (int)n, q);
	m->after_cmgr = !strncmp(q, "+CMGR:", 6);
}

static void
gm_trace(const char *text, void *data)
{
	struct gmodem *m = data;

	for (; *text; text++) {
		if (*text == '\n') {
			m->trace_line[m->trace_len] = '\0';
			gm_trace_line(m, m->trace_line);
			m->trace_len = 0;
		} else if (m->trace_len + 1 < sizeof m->trace_line) {
			m->trace_line[m->trace_len++] = *text;
		}
	}
}

/* Follow the modem's replies through libGammu's debug output (AT only;
 * a gammurc keeps its own log settings). */
static void
gm_trace_on(struct gmodem *m, int on)
{
	GSM_Debug_Info *di;

	if (!m->trace || !m->sm)
		return;
	di = GSM_GetDebug(m->sm);
	m->trace_len = 0;
	m->after_cmgr = 0;
	m->last_pdu[0] = '\0';
	GSM_SetDebugGlobal(FALSE, di);
	GSM_SetDebugFunction(on ? gm_trace : NULL, m, di);
	GSM_SetDebugLevel(on ? "textall" : "nothing", di);
}

/* Errors of one record that the modem could not decode, after which the
 * reading can go on: not a fault of the connection. */
static int
gm_undecodable(GSM_Error err)
{
	return err == ERR_CORRUPTED || err == ERR_UNKNOWN ||
	    err == ERR_INVALIDDATA || err == ERR_FILENOTSUPPORTED ||
	    err == ERR_NOTIMPLEMENTED || err == ERR_UNKNOWNRESPONSE;
}

/* The raw form of a record the modem could not decode: the dummy
 * driver's file, or the PDU the modem answered.  NULL when there is none:
 * then the error may be the modem's (busy, refused) rather than the
 * message's, and the message must not be set aside and deleted. */
static char *
gm_raw(struct gmodem *m, const GSM_SMSMessage *sms)
{
	char path[4200], buf[4096];
	size_t n = 0;
	FILE *f;

	if (!m->dummy_dir)
		return m->last_pdu[0] ? xstrdup(m->last_pdu) : NULL;
	snprintf(path, sizeof path, "%s/sms/%d/%d", m->dummy_dir,
	    sms->Folder, sms->Location);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return xstrdup(buf);
}

static void
gm_add_bad(const GSM_SMSMessage *sms, GSM_Error err, char *raw,
    struct modem_msg_in **msgs, int *n, int *cap)
{
	struct modem_msg_in *b;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*msgs = xrealloc(*msgs, (size_t)*cap * sizeof **msgs);
	}
	b = &(*msgs)[(*n)++];
	memset(b, 0, sizeof *b);
	b->kind = MODEM_MSG_BAD;
	b->location = sms->Location;
	b->folder = sms->Folder;
	b->text = raw;
	snprintf(b->reason, sizeof b->reason, "%s", GSM_ErrorString(err));
	log_warnx("modem: message at location %d cannot be read (%s); set "
	    "aside", sms->Location, b->reason);
}

/* Let libGammu read what the modem said on its own since the last call
 * (+CDS, +CMTI): its callback keeps them. */
static void
gm_drain(struct gmodem *m)
{
	int i;

	gm_guard_arm(m, m->call_timeout);
	for (i = 0; i < 64 && GSM_ReadDevice(m->sm, FALSE) > 0; i++)
		;
	gm_guard_end(m);
}

/* Hand the kept unsolicited records over to a fetch's array. */
static void
gm_take_unsol(struct gmodem *m, struct modem_msg_in **msgs, int *n,
    int *cap)
{
	int i;

	for (i = 0; i < m->nunsol; i++) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*msgs = xrealloc(*msgs, (size_t)*cap * sizeof **msgs);
		}
		(*msgs)[(*n)++] = m->unsol[i];
	}
	m->nunsol = 0;
}

static int
gm_fetch(struct modem *base, struct modem_msg_in **msgs, int *n)
{
	struct gmodem *m = (struct gmodem *)base;
	GSM_MultiSMSMessage *ms;
	GSM_Error err = ERR_NONE;
	int cap = 0, calls, bad_at = -1, unsol;
	char *raw;

	*msgs = NULL;
	*n = 0;
	if (gm_need_open(m) < 0) {
		gm_take_unsol(m, msgs, n, &cap);
		return -1;
	}
	gm_drain(m);
	/* What the modem passed on whole (+CDS, +CMT) exists nowhere else:
	 * it comes first and stays in *msgs even when the reading fails. */
	gm_take_unsol(m, msgs, n, &cap);
	unsol = *n;
	ms = xcalloc(1, sizeof *ms);
	gm_trace_on(m, 1);
	for (calls = 0; calls < GM_MAX_FETCH_CALLS; calls++) {
		ms->Number = 0;
		m->last_pdu[0] = '\0';
		gm_guard_arm(m, m->call_timeout);
		err = GSM_GetNextSMS(m->sm, ms, calls == 0);
		if (err == ERR_EMPTY) {
			gm_guard_end(m);
			break;
		}
		/* One record the modem cannot decode, with its raw form, is
		 * set aside, once: the same location again means the reading
		 * does not move on. */
		if (gm_undecodable(err) && ms->SMS[0].Location > 0 &&
		    ms->SMS[0].Location != bad_at && !gm_guard_end(m) &&
		    (raw = gm_raw(m, &ms->SMS[0])) != NULL) {
			bad_at = ms->SMS[0].Location;
			gm_add_bad(&ms->SMS[0], err, raw, msgs, n, &cap);
			continue;
		}
		if (gm_check(m, err, "reading messages") < 0)
			break;
		gm_collect(ms, msgs, n, &cap);
	}
	gm_trace_on(m, 0);
	free(ms);
	if (err == ERR_EMPTY) {
		/* and what came while reading */
		gm_take_unsol(m, msgs, n, &cap);
		return 0;
	}
	for (int i = unsol; i < *n; i++)
		free((*msgs)[i].text);
	*n = unsol;
	gm_take_unsol(m, msgs, n, &cap);	/* passed on while reading */
	return -1;
}

static int
gm_delete(struct modem *base, const struct modem_msg_in *msg)
{
	struct gmodem *m = (struct gmodem *)base;
	GSM_SMSMessage *sms;
	GSM_Error err;

	if (msg->location <= 0)
		return 0;	/* passed on by the modem, never stored */
	if (gm_need_open(m) < 0)
		return -1;
	sms = xcalloc(1, sizeof *sms);
	sms->Location = msg->location;
	sms->Folder = msg->folder;
	gm_guard_arm(m, m->call_timeout);
	err = GSM_DeleteSMS(m->sm, sms);
	free(sms);
	return gm_check(m, err, "deleting a message");
}

/* ---- status ------------------------------------------------------ */

/* Network name and registration; unknown when the modem cannot say. */
static void
gm_network(struct gmodem *m, struct modem_status *st)
{
	GSM_NetworkInfo net;
	GSM_Error err;
	char name[512];
	size_t n;

	memset(&net, 0, sizeof net);
	gm_guard_arm(m, m->call_timeout);
	err = GSM_GetNetworkInfo(m->sm, &net);
	if (gm_guard_end(m)) {
		gm_drop(m);
		gm_fail(m, "reading the network: no answer within %d s, "
		    "disconnected", m->call_timeout);
		return;
	}
	if (err != ERR_NONE)
		return;
	st->registered = net.State == GSM_HomeNetwork ||
	    net.State == GSM_RoamingNetwork;
	net.NetworkName[sizeof net.NetworkName - 1] = 0;
	net.NetworkName[sizeof net.NetworkName - 2] = 0;
	net.NetworkCode[sizeof net.NetworkCode - 1] = 0;
	EncodeUTF8(name, net.NetworkName);
	if (!name[0])
		snprintf(name, sizeof name, "%s", (const char *)net.NetworkCode);
	n = strlen(name) < sizeof st->network ? strlen(name) :
	    sizeof st->network - 1;
	memcpy(st->network, name, n);
	st->network[n] = '\0';
}

static int
gm_status(struct modem *base, struct modem_status *st)
{
	struct gmodem *m = (struct gmodem *)base;
	GSM_SignalQuality sig = { 0 };
	GSM_SMSMemoryStatus mem = { 0 };
	GSM_Error err;
	int ret = 0;

	st->signal_percent = st->sim_used = st->sim_size = -1;
	st->registered = -1;
	st->network[0] = '\0';
	/* Closed: the reason it closed stays the last error. */
	if (!m->sm || !GSM_IsConnected(m->sm)) {
		ret = -1;
		goto out;
	}
	gm_guard_arm(m, m->call_timeout);
	err = GSM_GetSignalQuality(m->sm, &sig);
	if (err == ERR_NOTSUPPORTED || err == ERR_NOTIMPLEMENTED) {
		err = ERR_NONE;
		sig.SignalPercent = -1;
	}
	if (gm_check(m, err, "reading signal quality") < 0) {
		ret = -1;
		goto out;
	}
	st->signal_percent = sig.SignalPercent;
	gm_guard_arm(m, m->call_timeout);
	err = GSM_GetSMSStatus(m->sm, &mem);
	if (gm_check(m, err, "reading message memory") < 0) {
		ret = -1;
		goto out;
	}
	st->sim_used = mem.SIMUsed;
	st->sim_size = mem.SIMSize;
	gm_network(m, st);
out:
	st->connected = m->sm && GSM_IsConnected(m->sm);
	st->pin_refused = m->pin_refused;
	if (!st->connected && !m->last_error[0])
		snprintf(m->last_error, sizeof m->last_error, "not connected");
	snprintf(st->last_error, sizeof st->last_error, "%s", m->last_error);
	return ret;
}

static void
gm_ussd_cb(GSM_StateMachine *sm, GSM_USSDMessage *ussd, void *arg)
{
	struct gmodem *m = arg;
	char buf[sizeof ussd->Text * 2];
	size_t n;

	(void)sm;
	EncodeUTF8(buf, ussd->Text);
	n = strlen(buf);
	if (n >= sizeof m->ussd_text)
		n = sizeof m->ussd_text - 1;
	memcpy(m->ussd_text, buf, n);
	m->ussd_text[n] = '\0';
	m->ussd_done = 1;
}

static int
gm_ussd(struct modem *base, const char *code, char *answer, size_t size)
{
	struct gmodem *m = (struct gmodem *)base;
	struct timespec start;
	char number[64];
	GSM_Error err;

	if (!m->sm || !GSM_IsConnected(m->sm))
		return gm_fail(m, "not connected");
	snprintf(number, sizeof number, "%s", code);
	m->ussd_done = 0;
	m->ussd_text[0] = '\0';
	GSM_SetIncomingUSSDCallback(m->sm, gm_ussd_cb, m);
	gm_guard_arm(m, m->call_timeout);
	err = GSM_SetIncomingUSSD(m->sm, TRUE);
	if (err == ERR_NONE)
		err = GSM_DialService(m->sm, number);
	if (gm_check(m, err, "asking the balance") < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!m->ussd_done && gm_elapsed(&start) < m->call_timeout) {
		gm_guard_arm(m, m->call_timeout);
		GSM_ReadDevice(m->sm, TRUE);
		if (gm_check(m, ERR_NONE, "waiting for the balance") < 0)
			return -1;
	}
	if (!m->ussd_done)
		return gm_fail(m, "no answer to %s", code);
	snprintf(answer, size, "%s", m->ussd_text);
	return 0;
}

/* ---- construction ------------------------------------------------ */

static const struct modem_ops gm_ops = {
	.open = gm_open,
	.close = gm_close,
	.send = gm_send,
	.send_from = gm_send_from,
	.fetch = gm_fetch,
	.delete = gm_delete,
	.status = gm_status,
	.ussd = gm_ussd,
	.free = gm_free,
};

struct modem *
modem_new_gammu(void)
{
	struct gmodem *m = xcalloc(1, sizeof *m);
	struct sigevent sev = { 0 };

	m->base.ops = &gm_ops;
	pthread_mutex_init(&m->lock, NULL);
	sev.sigev_notify = SIGEV_THREAD;
	sev.sigev_notify_function = gm_timer_fired;
	sev.sigev_value.sival_ptr = m;
	if (timer_create(CLOCK_MONOTONIC, &sev, &m->timer) == 0)
		m->have_timer = 1;
	else
		log_warn("modem: no watchdog timer, calls are not bounded");
	m->call_timeout = GM_DEFAULT_CALL_TIMEOUT;
	m->send_timeout = GM_DEFAULT_SEND_TIMEOUT;
	return &m->base;
}
