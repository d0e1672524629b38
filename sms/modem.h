/*
 * modem.h - the GSM modem as a replaceable transport.
 *
 * A struct modem is a table of operations (struct modem_ops) plus the
 * state of one implementation.  modem_new_gammu() gives the one over
 * libGammu; tests and other transports fill their own table and embed
 * struct modem as the first member of their state.
 *
 * Every operation returns 0 on success and -1 on failure, after saying
 * why once through error() (core/log.h); the same text is kept for
 * modem_status().last_error.  A failed call leaves the modem usable when
 * it is still connected; when the modem stopped answering the connection
 * is dropped (status.connected == 0) and the caller opens it again.
 *
 * Blocking: every call into the modem is bounded.  The libGammu transport
 * arms a watchdog for each call (modem_config.call_timeout seconds) that
 * aborts the operation with GSM_AbortOperation() when the modem does not
 * answer, then drops the connection; each libGammu command is also tried
 * at most twice (GSM_InitConnection's ReplyNum), each try bounded by the
 * driver's own reply timeout.  send waits for the network's verdict on
 * each part at most modem_config.send_timeout seconds.
 */
#ifndef SHG_MODEM_H
#define SHG_MODEM_H

#include <stddef.h>
#include <time.h>

struct modem;

/* How to reach the modem.  Strings are borrowed for the duration of open.
 * When gammurc is set, connection/device/model come from the [gammu]
 * section of that file instead of the fields below. */
struct modem_config {
	const char *connection;	/* "at", "at115200", ...; "none" for dummy */
	const char *device;	/* "/dev/ttyUSB0"; for model "dummy" a folder */
	const char *model;	/* NULL or "" to detect; "dummy" for tests */
	const char *pin;	/* entered when the SIM asks for its PIN */
	const char *smsc;	/* message centre number; NULL: the SIM's */
	const char *gammurc;	/* path of a gammurc used instead */
	int call_timeout;	/* seconds any one modem call may take; 0: 60 */
	int send_timeout;	/* seconds to wait for a part's verdict; 0: 30 */
	int delivery_reports;	/* nonzero: ask the network for reports */
	/* 0: the modem is asked (AT+CNMI mt 0) to store every incoming
	 * message, which fetch reads and the caller deletes once it is
	 * safe: none can be lost.  Nonzero: it may pass them on at once
	 * (+CMT, mt 2), stored nowhere: libGammu does not acknowledge them
	 * (AT+CNMA), so one passed on while no one reads the modem (closed,
	 * reconnecting) is lost.  A modem that offers only +CMT gets it
	 * either way; fetch then returns what came. */
	int pass_on;
	/* Nonzero: the SIM refused this PIN before; when it asks for its
	 * PIN, fail with "SIM PIN rejected" instead of entering it again
	 * (three wrong entries lock the SIM). */
	int pin_blocked;
	/* Folder where each part the modem accepted is also written as a
	 * Gammu smsbackup file named 1, 2, ...; NULL: none.  The dummy
	 * driver keeps no copy of what it sends, so tests set this (see
	 * dummy.h); a service may set it to keep an audit trail. */
	const char *sent_copy;
};

struct modem_status {
	int connected;		/* 1 while open and answering */
	int signal_percent;	/* 0..100, -1 when the modem does not say */
	int sim_used, sim_size;	/* messages stored on the SIM, -1 unknown */
	int pin_refused;	/* 1 when the last open failed because the SIM
				 * refused the PIN (or it was blocked) */
	char last_error[128];	/* the modem's own reason for the last
				 * failure, "" when none; kept while the
				 * modem is closed */
	char network[64];	/* operator's name, "" unknown */
	int registered;		/* 1 on a network (home or roaming), 0 not,
				 * -1 unknown */
};

/* Coding of an incoming message. */
enum modem_coding { MODEM_CODING_7BIT, MODEM_CODING_UCS2, MODEM_CODING_8BIT };

/* What an incoming record is. */
enum modem_kind {
	MODEM_MSG_TEXT,		/* a message (or one part of one) */
	MODEM_MSG_REPORT,	/* a delivery report for a message we sent */
	MODEM_MSG_BAD		/* a record the modem could not decode: reason
				 * says why, text holds it raw as the modem
				 * gave it (only a record whose raw form was
				 * seen comes so: an error without one may
				 * be the modem's, not the message's); only
				 * location and folder are meaningful besides */
};

/* Outcome of a delivery report, from the TP-Status byte (GSM 03.40). */
enum modem_report {
	MODEM_REPORT_DELIVERED,	/* 0x00..0x1f */
	MODEM_REPORT_PENDING,	/* 0x20..0x3f: the network still tries */
	MODEM_REPORT_FAILED	/* 0x40 and above: given up */
};

/* One message read from the modem.  Owned by the array fetch returns. */
struct modem_msg_in {
	enum modem_kind kind;
	char sender[32];	/* sender; for a report: the recipient */
	time_t sent;		/* time stamped by the message centre, UTC */
	enum modem_coding coding;
	char *text;		/* UTF-8, never NULL; 8-bit data as hex */
	int concat_ref;		/* reference, parts total and this part's */
	int concat_total;	/*   number (1-based); all 0 when the message */
	int concat_seq;		/*   is not concatenated */
	int report_tpmr;	/* reports: reference of the part we sent */
	int report_status;	/* reports: raw TP-Status byte */
	enum modem_report report;	/* reports: what report_status means */
	int location, folder;	/* where the modem keeps it, for delete */
	char reason[128];	/* MODEM_MSG_BAD: the modem's reason */
};

/* At most this many parts in one message (GSM_MAX_MULTI_SMS). */
#define MODEM_MAX_PARTS 50

/* What send did.  On failure parts_sent parts already went out. */
struct modem_send_result {
	int parts;		/* parts the text was split into */
	int parts_sent;		/* parts the network accepted, in order */
	int tpmr[MODEM_MAX_PARTS];	/* each accepted part's message
					 * reference (0..255), -1 unknown */
	int permanent;		/* on failure: 1 = sending this again will
				 * fail again (bad number, too long), 0 =
				 * try again later (modem, network) */
	char err[128];		/* failure's text, "" on success */
};

struct modem_ops {
	/* Connect.  Calling open on an open modem reconnects. */
	int (*open)(struct modem *, const struct modem_config *);
	/* Disconnect; safe on a closed modem. */
	void (*close)(struct modem *);
	/* Split text_utf8 into parts and hand each to the modem in order,
	 * returning once the network accepted all of them (0) or one
	 * failed or timed out (-1, see res).  ucs2 = 1 forces UCS-2;
	 * ucs2 = 0 uses the GSM 7-bit alphabet when every character is in
	 * it, UCS-2 otherwise.  ref (0..255) is the concatenation reference
	 * written into every part's header; the caller picks it so that a
	 * resend carries the same one.  res must not be NULL. */
	int (*send)(struct modem *, const char *number, const char *text_utf8,
	    int ucs2, int ref, struct modem_send_result *res);
	/* Like send, but parts 1..first were accepted by an earlier try of
	 * the same number, text, coding and reference: they are not sent
	 * again (they count in res->parts_sent, with tpmr -1).  first out
	 * of range: every part is sent.  NULL when the transport cannot
	 * resume: modem_send_resume then sends every part. */
	int (*send_from)(struct modem *, const char *number,
	    const char *text_utf8, int ucs2, int ref, int first,
	    struct modem_send_result *res);
	/* Read every message and report in the modem's inboxes into a new
	 * array *msgs of *n entries (*msgs NULL when *n is 0), free with
	 * modem_msgs_free.  Parts come as they are: join them with
	 * assemble.h.  A record that cannot be decoded comes as
	 * MODEM_MSG_BAD and the reading goes on past it, so that one bad
	 * message never hides the ones after it.  Nothing is deleted.
	 * -1 when the reading failed: *msgs then holds only what the modem
	 * had passed on whole (+CDS reports, +CMT messages), which exists
	 * nowhere else, for the caller to store all the same. */
	int (*fetch)(struct modem *, struct modem_msg_in **msgs, int *n);
	/* Delete one fetched message from the modem. */
	int (*delete)(struct modem *, const struct modem_msg_in *);
	/* Fill *st.  Always fills connected and last_error; returns -1
	 * when the modem could not be asked (the rest then say unknown). */
	int (*status)(struct modem *, struct modem_status *);
	/* Send the USSD code (e.g. "*101#", a balance enquiry) and wait for
	 * the network's answer, up to the call timeout: its text (UTF-8)
	 * in answer.  NULL when the transport has none. */
	int (*ussd)(struct modem *, const char *code, char *answer,
	    size_t size);
	/* Release the implementation's state (after close). */
	void (*free)(struct modem *);
};

/* Head of every implementation's state. */
struct modem {
	const struct modem_ops *ops;
};

/* A modem over libGammu, not yet open.  Free with modem_free. */
struct modem *modem_new_gammu(void);
/* Close and free; NULL is fine. */
void modem_free(struct modem *m);

int modem_open(struct modem *m, const struct modem_config *cfg);
void modem_close(struct modem *m);
int modem_send(struct modem *m, const char *number, const char *text_utf8,
    int ucs2, int ref, struct modem_send_result *res);
/* send_from when the transport has it, else send. */
int modem_send_resume(struct modem *m, const char *number,
    const char *text_utf8, int ucs2, int ref, int first,
    struct modem_send_result *res);
int modem_fetch(struct modem *m, struct modem_msg_in **msgs, int *n);
int modem_delete(struct modem *m, const struct modem_msg_in *msg);
int modem_status(struct modem *m, struct modem_status *st);
/* -1 with "USSD not supported" when the transport has no ussd. */
int modem_ussd(struct modem *m, const char *code, char *answer, size_t size);

/* Free an array from fetch, with each text; NULL is fine. */
void modem_msgs_free(struct modem_msg_in *msgs, int n);

/* 1 when a SIM holding used of size messages is nearly full (80 %): the
 * network holds new SMS once it is full. */
int modem_sim_nearly_full(int used, int size);

/* TP-Status byte to its outcome. */
enum modem_report modem_report_from_status(int tp_status);
/* Why a report with this TP-Status (0x40 and above) says the part was not
 * delivered, in words ("validity period expired").  Static. */
const char *modem_report_reason(int tp_status);

#endif
