/*
 * atsim - a GSM modem on a pseudo-terminal, for the tests.
 *
 *   atsim DIR
 *
 * Opens a pty, points the symlink DIR/tty at its slave and answers the
 * AT commands libGammu sends (echo, identification, +CPIN, +CSCA, +CMGF,
 * +CPMS, +CMGL/+CMGR/+CMGD and +CMGS in PDU mode, +CNMI, +CSQ, +COPS,
 * +CREG); anything else gets ERROR.  The folder is the scenario and the
 * state, read at every command, so a test changes it while atsim runs:
 *
 *   DIR/sim/N         message at SIM index N: "STAT HEXPDU" (STAT 0 unread,
 *                     1 read); a test may write these before the start
 *   DIR/incoming/F    one hex SMS-DELIVER PDU each (with its SMSC field),
 *                     taken once its line ends with a newline:
 *                     moved to the first free index, announced by +CMTI
 *                     when AT+CNMI asked for it; dropped when the SIM is full
 *   DIR/size          SIM capacity (default 20)
 *   DIR/pin           the SIM asks for this PIN; three wrong ones lock it
 *                     (DIR/pin-tries counts them)
 *   DIR/silent        read commands, answer nothing
 *   DIR/cms           "CODE [COUNT [SKIP]]": after SKIP accepted parts,
 *                     refuse COUNT parts (default: all) with +CMS ERROR: CODE
 *   DIR/cmgs_ms       milliseconds the network takes to accept each part
 *                     (a real one takes 2 to 3 s; default 0)
 *   DIR/operator      network name for +COPS (default "Viettel")
 *   DIR/cnmi-mt       the mt values AT+CNMI=? offers (default "0-3"): "0,2"
 *                     makes libGammu ask for 2, and incoming messages are
 *                     then passed on whole (+CMT: ,LEN and the PDU), not
 *                     stored
 *   DIR/cmt-inside    "PREFIX": messages to pass on (+CMT) wait for the
 *                     next command starting with PREFIX (any when empty)
 *                     and come, all in a row, in the middle of its answer:
 *                     after the echo (for AT+CMGS, also after the PDU,
 *                     before +CMGS:), not between commands
 *   DIR/gone-at-read  unplugged (DIR/gone made) at the next AT+CMGL or
 *                     AT+CMGR, which gets no answer; the file is removed
 *   DIR/cops-name     +COPS? answers the network's name even after
 *                     AT+COPS=3,2 asked for its number, as some modems do
 *   DIR/noreg         not registered on any network (+CREG: 0,0)
 *   DIR/nodelete      AT+CMGD refuses (+CMS ERROR: 321): messages stay
 *   DIR/ussd          the network's answer to any USSD code (AT+CUSD), e.g.
 *                     "TKC 3500d"; absent: +CUSD: 4 (not supported)
 *   DIR/gone          the modem is unplugged: the pty is closed and
 *                     DIR/tty removed; when the file goes away a new pty
 *                     comes up behind the same DIR/tty
 *   DIR/reports/F     one delivery report each, "NUMBER MR STATUS\n" (the
 *                     recipient as sent, the part's TP-MR, the TP-Status
 *                     byte, 0x46 or 70): built as a status-report PDU and
 *                     passed on as AT+CNMI's ds asked: 1 unsolicited
 *                     (+CDS: LEN and the PDU), 2 stored on the SIM and
 *                     announced (+CDSI), 0 stored silently
 *   DIR/auto-report   "STATUS [SEQ]": each accepted part that asked for a
 *                     report gets one, STATUS for part SEQ (every part
 *                     without SEQ), 0 (delivered) for the others
 *   DIR/cnmi-ds       the ds values AT+CNMI=? offers (default "0-2"), so
 *                     that a test picks +CDS ("0,1") or +CDSI
 *
 * What it writes: DIR/log (every command line, one per line), DIR/sent
 * (one line per accepted part, decoded: "to=+849... coding=ucs2 ref=7
 * part=1/2 report=1 mr=12 text=..."), DIR/ready (created once DIR/tty is up).
 * SIGTERM ends it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define MAX_SIM 255
#define LINE_MAX_LEN 2048

static const char *dir;
static int master = -1, slave = -1;
static int echo_on = 1, cnmi_mt, cnmi_ds, pin_ok, mr, report_n, cops_numeric;
static volatile sig_atomic_t stop;

static char line[LINE_MAX_LEN];
static size_t line_len;
static int in_pdu;		/* collecting the PDU after AT+CMGS */

/* ---- files --------------------------------------------------------- */

static char *
path(const char *name)
{
	static char buf[4][1024];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static int
exists(const char *name)
{
	return access(path(name), F_OK) == 0;
}

/* First line of DIR/name into buf; -1 when absent. */
static int
read_small(const char *name, char *buf, size_t size)
{
	FILE *f = fopen(path(name), "r");

	buf[0] = '\0';
	if (!f)
		return -1;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* Like read_small, for a file a test drops in (DIR/incoming, DIR/reports):
 * -1 also while it is not complete, its line not yet ended by a newline.
 * A test's cp creates the file before it writes it; taken in between, it
 * would be an empty PDU passed on and the message lost. */
static int
read_dropped(const char *name, char *buf, size_t size)
{
	FILE *f = fopen(path(name), "r");
	int whole;

	buf[0] = '\0';
	if (!f)
		return -1;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	whole = strchr(buf, '\n') != NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	return whole ? 0 : -1;
}

static void
write_small(const char *name, const char *fmt, ...)
{
	char tmp[1100];
	FILE *f;
	va_list ap;

	snprintf(tmp, sizeof tmp, "%s.tmp", path(name));
	if (!(f = fopen(tmp, "w")))
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
	rename(tmp, path(name));
}

static void
append(const char *name, const char *fmt, ...)
{
	FILE *f = fopen(path(name), "a");
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

static int
int_file(const char *name, int dflt)
{
	char buf[64];

	if (read_small(name, buf, sizeof buf) < 0 || !buf[0])
		return dflt;
	return atoi(buf);
}

/* ---- the SIM ------------------------------------------------------- */

static int
sim_size(void)
{
	int n = int_file("size", 20);

	return n < 1 ? 1 : n > MAX_SIM ? MAX_SIM : n;
}

/* Message at index i: its state and PDU; -1 when the index is empty. */
static int
sim_get(int i, int *stat, char *pdu, size_t size)
{
	char name[32], buf[LINE_MAX_LEN];

	snprintf(name, sizeof name, "sim/%d", i);
	if (read_small(name, buf, sizeof buf) < 0)
		return -1;
	if (sscanf(buf, "%d", stat) != 1)
		*stat = 0;
	snprintf(pdu, size, "%s", strchr(buf, ' ') ? strchr(buf, ' ') + 1 : "");
	return 0;
}

static int
sim_used(void)
{
	char pdu[LINE_MAX_LEN];
	int i, stat, n = 0, size = sim_size();

	for (i = 1; i <= size; i++)
		n += sim_get(i, &stat, pdu, sizeof pdu) == 0;
	return n;
}

/* ---- the pty ------------------------------------------------------- */

static void
say(const char *fmt, ...)
{
	char buf[LINE_MAX_LEN + 64];
	va_list ap;
	int n;

	if (master < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0 && write(master, buf, (size_t)n) < 0)
		perror("atsim: write");
}

static void
reply(const char *fmt, ...)
{
	char buf[LINE_MAX_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	say("\r\n%s\r\n", buf);
}

static void
plug_in(void)
{
	struct termios t;
	char tmp[1100];

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
		perror("atsim: pty");
		exit(1);
	}
	/* Keep the slave open ourselves, so that the master never sees a
	 * hang-up between two connections; raw, so the line discipline does
	 * not echo what we answer back to us. */
	slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	if (slave < 0 || tcgetattr(slave, &t) < 0) {
		perror("atsim: slave");
		exit(1);
	}
	cfmakeraw(&t);
	tcsetattr(slave, TCSANOW, &t);
	snprintf(tmp, sizeof tmp, "%s.new", path("tty"));
	unlink(tmp);
	if (symlink(ptsname(master), tmp) < 0 || rename(tmp, path("tty")) < 0) {
		perror("atsim: symlink");
		exit(1);
	}
	echo_on = 1;
	cnmi_mt = cnmi_ds = 0;
	pin_ok = 0;
	line_len = 0;
	in_pdu = 0;
	write_small("ready", "%s\n", ptsname(master));
}

static void
unplug(void)
{
	unlink(path("tty"));
	unlink(path("ready"));
	close(master);
	close(slave);
	master = slave = -1;
}

/* ---- PDU decoding (what was sent) ---------------------------------- */

/* GSM 03.38 default alphabet, as UTF-8. */
static const char *const gsm7[128] = {
	"@", "£", "$", "¥", "è", "é", "ù", "ì", "ò", "Ç", "\n", "Ø", "ø",
	"\r", "Å", "å", "Δ", "_", "Φ", "Γ", "Λ", "Ω", "Π", "Ψ", "Σ", "Θ",
	"Ξ", "\x1b", "Æ", "æ", "ß", "É", " ", "!", "\"", "#", "¤", "%", "&",
	"'", "(", ")", "*", "+", ",", "-", ".", "/", "0", "1", "2", "3", "4",
	"5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?", "¡", "A", "B",
	"C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P",
	"Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "Ä", "Ö", "Ñ", "Ü",
	"§", "¿", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l",
	"m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
	"ä", "ö", "ñ", "ü", "à",
};

static const char *
gsm7_ext(int c)
{
	switch (c) {
	case 0x0a: return "\f";
	case 0x14: return "^";
	case 0x28: return "{";
	case 0x29: return "}";
	case 0x2f: return "\\";
	case 0x3c: return "[";
	case 0x3d: return "~";
	case 0x3e: return "]";
	case 0x40: return "|";
	case 0x65: return "€";
	default: return " ";
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Hex text to bytes; -1 when it is not hex. */
static int
unhex(const char *s, unsigned char *out, int max)
{
	int n = 0;

	while (s[0] && s[1] && n < max) {
		int h = hexval(s[0]), l = hexval(s[1]);
		if (h < 0 || l < 0)
			return -1;
		out[n++] = (unsigned char)(h * 16 + l);
		s += 2;
	}
	return s[0] ? -1 : n;
}

static void
put_utf8(char **o, char *end, unsigned cp)
{
	char b[4];
	int n;

	if (cp < 0x80) { b[0] = (char)cp; n = 1; }
	else if (cp < 0x800) { b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f)); n = 2; }
	else if (cp < 0x10000) { b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f)); n = 3; }
	else { b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f)); n = 4; }
	if (*o + n < end) {
		memcpy(*o, b, (size_t)n);
		*o += n;
	}
}

static void
put_str(char **o, char *end, const char *s)
{
	size_t n = strlen(s);

	if (*o + n < end) {
		memcpy(*o, s, n);
		*o += n;
	}
}

struct submit {
	char to[32];
	int report, ucs2, ref, seq, total;
	char text[1024];
};

static void
decode_udh(const unsigned char *h, int hl, struct submit *s)
{
	int pos = 0;

	while (pos + 1 < hl) {
		int iei = h[pos], len = h[pos + 1];
		if (pos + 2 + len > hl)
			break;
		if (iei == 0 && len == 3) {
			s->ref = h[pos + 2];
			s->total = h[pos + 3];
			s->seq = h[pos + 4];
		} else if (iei == 8 && len == 4) {
			s->ref = h[pos + 2] * 256 + h[pos + 3];
			s->total = h[pos + 4];
			s->seq = h[pos + 5];
		}
		pos += 2 + len;
	}
}

static void
decode_7bit(const unsigned char *ud, int udl, int skip_bits, int bytes,
    char *out, size_t size)
{
	char *o = out, *end = out + size - 1;
	int i, esc = 0;

	for (i = 0; i < udl; i++) {
		int bit = skip_bits + i * 7, byte = bit / 8, sh = bit % 8, c;
		if (byte >= bytes)
			break;
		c = ud[byte] >> sh;
		if (sh > 1 && byte + 1 < bytes)
			c |= ud[byte + 1] << (8 - sh);
		c &= 0x7f;
		if (esc) {
			put_str(&o, end, gsm7_ext(c));
			esc = 0;
		} else if (c == 0x1b) {
			esc = 1;
		} else {
			put_str(&o, end, gsm7[c]);
		}
	}
	*o = '\0';
}

static void
decode_ucs2(const unsigned char *p, int n, char *out, size_t size)
{
	char *o = out, *end = out + size - 1;
	int i;

	for (i = 0; i + 1 < n; i += 2) {
		unsigned cp = (unsigned)p[i] << 8 | p[i + 1];
		if (cp >= 0xd800 && cp < 0xdc00 && i + 3 < n) {
			unsigned lo = (unsigned)p[i + 2] << 8 | p[i + 3];
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			i += 2;
		}
		put_utf8(&o, end, cp);
	}
	*o = '\0';
}

/* An SMS-SUBMIT with its SMSC field; -1 when it is not one. */
static int
decode_submit(const unsigned char *b, int n, struct submit *s)
{
	int p, fo, vpf, udhi, dalen, dcs, udl, hl = 0, i;

	memset(s, 0, sizeof *s);
	if (n < 1 || (p = 1 + b[0]) + 4 > n)
		return -1;
	fo = b[p++];
	if ((fo & 3) != 1)
		return -1;
	vpf = (fo >> 3) & 3;
	s->report = (fo >> 5) & 1;
	udhi = (fo >> 6) & 1;
	p++;			/* TP-MR: ours is given in +CMGS */
	dalen = b[p++];
	if (b[p++] == 0x91)
		strcat(s->to, "+");
	for (i = 0; i < dalen && p + i / 2 < n; i++) {
		int d = i % 2 ? b[p + i / 2] >> 4 : b[p + i / 2] & 15;
		char c[2] = { (char)('0' + d), 0 };
		strncat(s->to, c, sizeof s->to - strlen(s->to) - 1);
	}
	p += (dalen + 1) / 2;
	p++;			/* TP-PID */
	dcs = b[p++];
	p += vpf == 2 ? 1 : vpf ? 7 : 0;
	if (p >= n)
		return -1;
	udl = b[p++];
	s->ucs2 = (dcs & 0x0c) == 0x08;
	if (udhi && p < n) {
		hl = b[p] + 1;
		decode_udh(b + p + 1, hl - 1, s);
	}
	if (s->ucs2) {
		decode_ucs2(b + p + hl, udl - hl, s->text, sizeof s->text);
	} else {
		/* The header fills whole septets: skip them. */
		int hs = (hl * 8 + 6) / 7;
		decode_7bit(b + p, udl - hs, hs * 7, n - p, s->text,
		    sizeof s->text);
	}
	return 0;
}

static void
record_sent(const struct submit *s)
{
	char spec[64], name[64];
	int status = 0, seq = 0;

	append("sent", "to=%s coding=%s ref=%d part=%d/%d report=%d mr=%d "
	    "text=%s\n", s->to, s->ucs2 ? "ucs2" : "gsm7", s->total ? s->ref
	    : -1, s->total ? s->seq : 1, s->total ? s->total : 1, s->report,
	    mr, s->text);
	if (!s->report || read_small("auto-report", spec, sizeof spec) < 0)
		return;
	if (sscanf(spec, "%i %d", &status, &seq) == 2 &&
	    seq != (s->total ? s->seq : 1))
		status = 0;
	snprintf(name, sizeof name, "reports/auto-%06d", ++report_n);
	write_small(name, "%s %d %d\n", s->to, mr, status);
}

/* ---- commands ------------------------------------------------------ */

static void take_incoming(int inside);

/* With DIR/cmt-inside, the messages waiting to be passed on (+CMT) come
 * in the middle of the answer to a command cmd, as a modem may put them:
 * after the echo, before the answer's lines. */
static void
cmt_inside(const char *cmd)
{
	char want[64];

	if (cnmi_mt == 2 && read_small("cmt-inside", want, sizeof want) == 0 &&
	    !strncasecmp(cmd, want, strlen(want)))
		take_incoming(1);
}

static void
ok(void)
{
	reply("OK");
}

static int
sim_ready(void)
{
	char want[64];

	if (read_small("pin", want, sizeof want) < 0 || pin_ok)
		return 1;
	reply(int_file("pin-tries", 0) >= 3 ? "+CME ERROR: 12"
	    : "+CME ERROR: 11");
	return 0;
}

static void
cmd_cpin(const char *arg)
{
	char want[64], given[64] = "";
	int tries = int_file("pin-tries", 0);

	if (read_small("pin", want, sizeof want) < 0)
		pin_ok = 1;
	if (!strcmp(arg, "?")) {
		reply("+CPIN: %s", pin_ok ? "READY" : tries >= 3 ? "SIM PUK"
		    : "SIM PIN");
		ok();
		return;
	}
	sscanf(arg, "=\"%63[^\"]\"", given);
	if (pin_ok) {
		ok();
	} else if (tries >= 3) {
		reply("+CME ERROR: 12");
	} else if (!strcmp(given, want)) {
		pin_ok = 1;
		write_small("pin-tries", "0\n");
		ok();
	} else {
		write_small("pin-tries", "%d\n", tries + 1);
		reply("+CME ERROR: 16");
	}
}

static void
cmd_cpms(const char *arg)
{
	int u = sim_used(), n = sim_size();

	if (!strcmp(arg, "=?"))
		reply("+CPMS: (\"SM\"),(\"SM\"),(\"SM\")");
	else if (!strcmp(arg, "?"))
		reply("+CPMS: \"SM\",%d,%d,\"SM\",%d,%d,\"SM\",%d,%d", u, n, u,
		    n, u, n);
	else if (!strncmp(arg, "=\"SM\"", 5))
		reply("+CPMS: %d,%d,%d,%d,%d,%d", u, n, u, n, u, n);
	else {
		reply("+CMS ERROR: 302");
		return;
	}
	ok();
}

/* TPDU length for +CMGL/+CMGR: the octets after the SMSC field. */
static int
tpdu_len(const char *pdu)
{
	int smsc = hexval(pdu[0]) * 16 + hexval(pdu[1]);

	return (int)strlen(pdu) / 2 - 1 - smsc;
}

static void
cmd_cmgl(void)
{
	char pdu[LINE_MAX_LEN];
	int i, stat, size = sim_size();

	for (i = 1; i <= size; i++) {
		if (sim_get(i, &stat, pdu, sizeof pdu) < 0)
			continue;
		say("\r\n+CMGL: %d,%d,,%d\r\n%s", i, stat, tpdu_len(pdu), pdu);
	}
	say("\r\n");
	ok();
}

static void
cmd_cmgr(int i)
{
	char pdu[LINE_MAX_LEN];
	int stat;

	if (i < 1 || i > sim_size()) {
		reply("+CMS ERROR: 321");
		return;
	}
	if (sim_get(i, &stat, pdu, sizeof pdu) < 0) {
		/* An empty index: what many modems answer. */
		ok();
		return;
	}
	say("\r\n+CMGR: %d,,%d\r\n%s\r\n", stat, tpdu_len(pdu), pdu);
	ok();
}

static void
cmd_cmgd(int i)
{
	char name[32];

	snprintf(name, sizeof name, "sim/%d", i);
	if (i < 1 || i > sim_size() || exists("nodelete")) {
		reply("+CMS ERROR: 321");
		return;
	}
	unlink(path(name));
	ok();
}

/* After the PDU and Ctrl-Z. */
static void
finish_cmgs(const char *hex)
{
	unsigned char b[400];
	char spec[64];
	struct submit s;
	int n = unhex(hex, b, sizeof b), code, count = -1, skip = 0;

	append("log", "PDU %s\n", hex);
	if (n < 0 || decode_submit(b, n, &s) < 0) {
		reply("+CMS ERROR: 304");
		return;
	}
	if (read_small("cms", spec, sizeof spec) == 0 &&
	    sscanf(spec, "%d %d %d", &code, &count, &skip) >= 1) {
		if (skip > 0) {
			write_small("cms", "%d %d %d\n", code, count, skip - 1);
		} else if (count != 0) {
			if (count > 0)
				write_small("cms", "%d %d 0\n", code, count - 1);
			reply("+CMS ERROR: %d", code);
			return;
		}
	}
	if (read_small("cmgs_ms", spec, sizeof spec) == 0 && atoi(spec) > 0)
		usleep((useconds_t)atoi(spec) * 1000);
	mr = (mr + 1) % 256;
	record_sent(&s);
	cmt_inside("AT+CMGS");
	reply("+CMGS: %d", mr);
	ok();
}

static int
is(const char *cmd, const char *name)
{
	return !strncasecmp(cmd, name, strlen(name));
}

/* The operator, by name or (after AT+COPS=3,2) by its code. */
static void
cmd_cops(void)
{
	static const char *const codes[][2] = {
		{ "Viettel", "45204" }, { "Vinaphone", "45202" },
		{ "MobiFone", "45201" }, { "Vietnamobile", "45205" },
		{ "Gmobile", "45207" },
	};
	char name[64];
	const char *code = "45204";

	if (read_small("operator", name, sizeof name) < 0)
		snprintf(name, sizeof name, "Viettel");
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (!strcasecmp(name, codes[i][0]))
			code = codes[i][1];
	if (cops_numeric && !exists("cops-name"))
		reply("+COPS: 0,2,\"%s\",2", code);
	else
		reply("+COPS: 0,0,\"%s\",2", name);
	ok();
}

/* AT+CUSD=1 turns answers on; AT+CUSD=1,"code",15 asks: OK, then the
 * network's answer as an unsolicited +CUSD. */
static void
cmd_cusd(const char *arg)
{
	char text[256];

	if (!strcmp(arg, "=?")) {
		reply("+CUSD: (0,1,2)");
		ok();
		return;
	}
	ok();
	if (!strchr(arg, '"'))
		return;
	if (read_small("ussd", text, sizeof text) < 0)
		reply("+CUSD: 4");
	else
		reply("+CUSD: 0,\"%s\",15", text);
}

/* Commands that need no SIM. */
static int
basic(const char *c)
{
	if (!strcasecmp(c, "AT") || is(c, "ATZ") || is(c, "AT+CMEE=") ||
	    is(c, "AT&F") || !strcasecmp(c, "AT+CHUP=?") ||
	    !strcasecmp(c, "AT+CFUN=1")) {
		ok();
	} else if (is(c, "ATE")) {
		echo_on = c[3] != '0';
		ok();
	} else if (!strcasecmp(c, "AT+CGMI")) {
		reply("ATSIM");
		ok();
	} else if (!strcasecmp(c, "AT+CGMM")) {
		reply("ATSIM-1");
		ok();
	} else if (!strcasecmp(c, "AT+CGMR")) {
		reply("1.0");
		ok();
	} else if (!strcasecmp(c, "AT+CGSN")) {
		reply("356938035643809");
		ok();
	} else if (!strcasecmp(c, "AT+CSCS=?")) {
		reply("+CSCS: (\"GSM\",\"UCS2\",\"IRA\")");
		ok();
	} else if (!strcasecmp(c, "AT+CSCS?")) {
		reply("+CSCS: \"GSM\"");
		ok();
	} else if (is(c, "AT+CSCS=")) {
		ok();
	} else if (is(c, "AT+CPIN")) {
		cmd_cpin(c + 7);
	} else if (!strcasecmp(c, "AT+CSQ")) {
		reply("+CSQ: 21,99");
		ok();
	} else {
		return 0;
	}
	return 1;
}

static void
sms_command(const char *c)
{
	if (!strcasecmp(c, "AT+CSCA?")) {
		reply("+CSCA: \"+84980200030\",145");
		ok();
	} else if (!strcasecmp(c, "AT+CMGF=0") || is(c, "AT+CNMI=") ||
	    !strcasecmp(c, "AT+CMGF=?")) {
		if (is(c, "AT+CNMI=") && c[8] != '?')
			sscanf(c + 8, "%*d,%d,%*d,%d", &cnmi_mt, &cnmi_ds);
		if (!strcasecmp(c, "AT+CNMI=?")) {
			char ds[32];
			if (read_small("cnmi-ds", ds, sizeof ds) < 0 || !ds[0])
				snprintf(ds, sizeof ds, "0-2");
			char mt[32];
			if (read_small("cnmi-mt", mt, sizeof mt) < 0 || !mt[0])
				snprintf(mt, sizeof mt, "0-3");
			reply("+CNMI: (0-2),(%s),(0,2),(%s),(0,1)", mt, ds);
		}
		if (!strcasecmp(c, "AT+CMGF=?"))
			reply("+CMGF: (0)");
		ok();
	} else if (!strcasecmp(c, "AT+CMGF?")) {
		reply("+CMGF: 0");
		ok();
	} else if (is(c, "AT+CPMS")) {
		cmd_cpms(c + 7);
	} else if ((is(c, "AT+CMGL") || is(c, "AT+CMGR=")) &&
	    exists("gone-at-read")) {
		/* Unplugged as the reading begins (once). */
		unlink(path("gone-at-read"));
		write_small("gone", "\n");
		unplug();
	} else if (is(c, "AT+CMGL")) {
		cmd_cmgl();
	} else if (!strcasecmp(c, "AT+CMGD=?")) {
		reply("+CMGD: (1-%d),(0-4)", sim_size());
		ok();
	} else if (is(c, "AT+CMGR=")) {
		cmd_cmgr(atoi(c + 8));
	} else if (is(c, "AT+CMGD=")) {
		cmd_cmgd(atoi(c + 8));
	} else if (is(c, "AT+CMGS=")) {
		in_pdu = 1;
		say("\r\n> ");
	} else if (is(c, "AT+CUSD")) {
		cmd_cusd(c + 7);
	} else if (!strcasecmp(c, "AT+COPS?")) {
		cmd_cops();
	} else if (is(c, "AT+COPS=3,")) {
		cops_numeric = c[10] == '2';
		ok();
	} else if (is(c, "AT+CREG=") || is(c, "AT+CGREG=") ||
	    is(c, "AT+COPS=")) {
		ok();
	} else if (!strcasecmp(c, "AT+CGATT?")) {
		reply("+CGATT: 1");
		ok();
	} else if (!strcasecmp(c, "AT+CGREG?")) {
		reply(exists("noreg") ? "+CGREG: 0,0" : "+CGREG: 0,1");
		ok();
	} else if (!strcasecmp(c, "AT+CREG?")) {
		reply(exists("noreg") ? "+CREG: 0,0" : "+CREG: 0,1");
		ok();
	} else {
		reply("ERROR");
	}
}

static void
command(const char *c)
{
	append("log", "%s\n", c);
	if (echo_on)
		say("%s\r", c);
	cmt_inside(c);
	if (basic(c))
		return;
	if (is(c, "AT+C") && !sim_ready())
		return;
	sms_command(c);
}

/* ---- input --------------------------------------------------------- */

static void
feed(unsigned char ch)
{
	if (in_pdu) {
		if (ch == 0x1a || ch == 0x1b) {
			line[line_len] = '\0';
			in_pdu = 0;
			if (echo_on)
				say("%s", line);
			if (ch == 0x1a)
				finish_cmgs(line);
			else
				ok();
			line_len = 0;
		} else if (ch != '\r' && ch != '\n' &&
		    line_len + 1 < sizeof line) {
			line[line_len++] = (char)ch;
		}
		return;
	}
	if (ch == '\r') {
		line[line_len] = '\0';
		if (line_len > 0)
			command(line);
		line_len = 0;
	} else if (ch == 0x1b || ch == '\n' || ch == 0x1a) {
		line_len = 0;
	} else if (line_len + 1 < sizeof line) {
		line[line_len++] = (char)ch;
	}
}

/* Move the files of DIR/incoming into the SIM, in name order, or pass
 * them on (+CMT) as AT+CNMI asked; inside: in the middle of a command's
 * answer, where only +CMT goes. */
static void
take_incoming(int inside)
{
	struct dirent **names;
	char pdu[LINE_MAX_LEN], from[1100], to[64];
	int n, i, k, stat, size = sim_size();

	n = scandir(path("incoming"), &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] == '.')
			goto next;
		snprintf(from, sizeof from, "incoming/%s", names[i]->d_name);
		if (read_dropped(from, pdu, sizeof pdu) < 0)
			goto next;
		if (cnmi_mt == 2) {
			/* Passed on whole, stored nowhere (+CMT); kept
			 * until the line is free, or with DIR/cmt-inside
			 * until a command is being answered. */
			if (master < 0 || in_pdu ||
			    (!inside && exists("cmt-inside")))
				goto next;
			append("log", "CMT %s\n", names[i]->d_name);
			say("\r\n+CMT: ,%d\r\n%s\r\n", tpdu_len(pdu), pdu);
			unlink(path(from));
			goto next;
		}
		if (inside)
			goto next;
		for (k = 1; k <= size && sim_get(k, &stat, to, 2) == 0; k++)
			;
		if (k > size) {
			append("log", "FULL dropped %s\n", names[i]->d_name);
		} else {
			snprintf(to, sizeof to, "sim/%d", k);
			write_small(to, "0 %s\n", pdu);
			if (cnmi_mt && master >= 0 && !in_pdu)
				reply("+CMTI: \"SM\",%d", k);
		}
		unlink(path(from));
next:
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

/* A status-report PDU (with the SIM's message centre) for the part
 * with reference ref sent to number, with TP-Status status. */
static void
status_report_pdu(const char *number, int ref, int status, char *out,
    size_t size)
{
	/* 2026-12-03 12:00:00 UTC as semi-octets, twice (TP-SCTS, TP-DT). */
	static const char when[] = "62213021000000";
	char digits[64], bcd[70];
	size_t n, i, k = 0;

	snprintf(digits, sizeof digits, "%s", number[0] == '+' ? number + 1
	    : number);
	n = strlen(digits);
	for (i = 0; i < n; i += 2) {
		bcd[k++] = i + 1 < n ? digits[i + 1] : 'F';
		bcd[k++] = digits[i];
	}
	bcd[k] = '\0';
	snprintf(out, size, "07914889200030F006%02X%02X%s%s%s%s%02X", ref & 255,
	    (int)n, number[0] == '+' ? "91" : "81", bcd, when, when,
	    status & 255);
}

/* Pass on the reports of DIR/reports, in name order, as AT+CNMI asked. */
static void
take_reports(void)
{
	struct dirent **names;
	char spec[256], number[64], pdu[LINE_MAX_LEN], from[1100], to[64];
	int n, i, k, stat, mref, status, size = sim_size();

	if (master < 0 || in_pdu)
		return;
	n = scandir(path("reports"), &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] == '.')
			goto next;
		snprintf(from, sizeof from, "reports/%s", names[i]->d_name);
		if (read_dropped(from, spec, sizeof spec) < 0)
			goto next;
		if (sscanf(spec, "%63s %d %i", number, &mref, &status) != 3)
			goto drop;
		status_report_pdu(number, mref, status, pdu, sizeof pdu);
		if (cnmi_ds == 1) {
			say("\r\n+CDS: %d\r\n%s\r\n", tpdu_len(pdu), pdu);
			append("log", "CDS %s\n", pdu);
			goto drop;
		}
		for (k = 1; k <= size && sim_get(k, &stat, to, 2) == 0; k++)
			;
		if (k > size) {
			append("log", "FULL dropped report %s\n", names[i]->d_name);
			goto drop;
		}
		snprintf(to, sizeof to, "sim/%d", k);
		write_small(to, "0 %s\n", pdu);
		if (cnmi_ds == 2)
			reply("+CDSI: \"SM\",%d", k);
drop:
		unlink(path(from));
next:
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int
main(int argc, char **argv)
{
	unsigned char buf[512];
	struct pollfd pfd;
	ssize_t got;
	int i;

	if (argc != 2) {
		fprintf(stderr, "usage: atsim DIR\n");
		return 2;
	}
	dir = argv[1];
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	signal(SIGPIPE, SIG_IGN);
	mkdir(path("sim"), 0755);
	mkdir(path("incoming"), 0755);
	mkdir(path("reports"), 0755);
	if (!exists("gone"))
		plug_in();
	while (!stop) {
		if (master >= 0 && exists("gone"))
			unplug();
		else if (master < 0 && !exists("gone"))
			plug_in();
		take_incoming(0);
		take_reports();
		if (master < 0) {
			usleep(50000);
			continue;
		}
		pfd.fd = master;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 50) <= 0 || !(pfd.revents & POLLIN))
			continue;
		got = read(master, buf, sizeof buf);
		if (got <= 0 || exists("silent"))
			continue;
		for (i = 0; i < got; i++)
			feed(buf[i]);
	}
	if (master >= 0)
		unplug();
	return 0;
}
