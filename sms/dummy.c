/*
 * dummy.c - files for libGammu's dummy phone driver (see dummy.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gammu.h>

#include "core/log.h"
#include "core/util.h"
#include "sms/dummy.h"

#define DUMMY_MAX_LOCATION 10000

static const char *const dummy_dirs[] = {
	"sms", "sms/1", "sms/2", "sms/3", "sms/4", "sms/5",
	"pbk", "pbk/ME", "pbk/SM", "pbk/MC", "pbk/RC", "pbk/DC",
	"fs", "fs/incoming", "note", "todo", "calendar", "alarm", "sent",
};

static int
dummy_mkdir(const char *path)
{
	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return 0;
	return error("dummy: cannot create \"%s\": %s", path, strerror(errno));
}

int
dummy_prepare(const char *dir)
{
	char path[4096];
	size_t i;

	if (dummy_mkdir(dir) < 0)
		return -1;
	for (i = 0; i < NELEM(dummy_dirs); i++) {
		snprintf(path, sizeof path, "%s/%s", dir, dummy_dirs[i]);
		if (dummy_mkdir(path) < 0)
			return -1;
	}
	return 0;
}

char *
dummy_sent_dir(const char *dir, char *buf, size_t size)
{
	snprintf(buf, size, "%s/sent", dir);
	return buf;
}

static int
dummy_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Files named 1, 2, ... in folder: how many, and the first free name
 * (when first_free is given, the count stops there). */
static int
dummy_scan(const char *folder, int *first_free)
{
	char path[4096];
	int i, count = 0;

	if (first_free)
		*first_free = -1;
	for (i = 1; i <= DUMMY_MAX_LOCATION; i++) {
		if (snprintf(path, sizeof path, "%s/%d", folder, i) >= (int)sizeof path)
			break;
		if (dummy_exists(path))
			count++;
		else if (first_free) {
			*first_free = i;
			break;
		}
	}
	return count;
}

static void
dummy_set_time(GSM_DateTime *dt, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	memset(dt, 0, sizeof *dt);
	dt->Year = tm.tm_year + 1900;
	dt->Month = tm.tm_mon + 1;
	dt->Day = tm.tm_mday;
	dt->Hour = tm.tm_hour;
	dt->Minute = tm.tm_min;
	dt->Second = tm.tm_sec;
}

/* An incoming message as the SIM inbox would hold it. */
static GSM_SMSMessage *
dummy_message(const char *number, const char *text, int ucs2, time_t sent)
{
	size_t len = strlen(text);
	unsigned char *ucs = xcalloc(len + 1, 4);
	GSM_SMSMessage *sms;

	DecodeUTF8(ucs, text, len);
	if (UnicodeLength(ucs) > GSM_MAX_SMS_CHARS_LENGTH) {
		free(ucs);
		error("dummy: a part of %zu bytes is too long", len);
		return NULL;
	}
	sms = xcalloc(1, sizeof *sms);
	GSM_SetDefaultReceivedSMSData(sms);
	sms->PDU = SMS_Deliver;
	sms->State = SMS_UnRead;
	sms->Folder = 1;
	sms->InboxFolder = TRUE;
	sms->Memory = MEM_SM;
	sms->UDH.Type = UDH_NoUDH;
	sms->Coding = ucs2 ? SMS_Coding_Unicode_No_Compression
	    : SMS_Coding_Default_No_Compression;
	EncodeUnicode(sms->Number, number, strlen(number));
	EncodeUnicode(sms->SMSC.Number, "+84900000000", 12);
	memcpy(sms->Text, ucs, (UnicodeLength(ucs) + 1) * 2);
	free(ucs);
	sms->Length = (int)UnicodeLength(sms->Text);
	dummy_set_time(&sms->DateTime, sent);
	sms->SMSCTime = sms->DateTime;
	return sms;
}

/* Write sms to a temporary file in sms/1, then rename it to the first
 * free location.  Returns the location. */
static int
dummy_write_inbox(const char *dir, GSM_SMSMessage *sms)
{
	char folder[4096], tmp[4200], path[4200];
	GSM_SMS_Backup *bk;
	int fd, loc, ret = -1;

	snprintf(folder, sizeof folder, "%s/sms/1", dir);
	snprintf(tmp, sizeof tmp, "%s/.inject-XXXXXX", folder);
	fd = mkstemp(tmp);
	if (fd < 0)
		return error("dummy: cannot create \"%s\": %s", tmp,
		    strerror(errno));
	close(fd);
	bk = xcalloc(1, sizeof *bk);
	bk->SMS[0] = sms;
	if (GSM_AddSMSBackupFile(tmp, bk) != ERR_NONE) {
		error("dummy: cannot write \"%s\"", tmp);
		goto out;
	}
	dummy_scan(folder, &loc);
	if (loc < 0) {
		error("dummy: \"%s\" is full", folder);
		goto out;
	}
	snprintf(path, sizeof path, "%s/%d", folder, loc);
	if (rename(tmp, path) != 0) {
		error("dummy: cannot rename to \"%s\": %s", path,
		    strerror(errno));
		goto out;
	}
	ret = loc;
out:
	if (ret < 0)
		unlink(tmp);
	free(bk);
	return ret;
}

int
dummy_inject(const char *dir, const char *number, const char *text_utf8,
    int ucs2, time_t sent)
{
	GSM_SMSMessage *sms = dummy_message(number, text_utf8, ucs2, sent);
	int ret;

	if (!sms)
		return -1;
	ret = dummy_write_inbox(dir, sms);

	free(sms);
	return ret;
}

int
dummy_inject_ucs2(const char *dir, const char *number,
    const unsigned short *units, int n, time_t sent)
{
	GSM_SMSMessage *sms;
	int i, ret;

	if (n < 0 || n > GSM_MAX_SMS_CHARS_LENGTH)
		return error("dummy: a part of %d units is too long", n);
	if (!(sms = dummy_message(number, "", 1, sent)))
		return -1;
	for (i = 0; i < n; i++) {
		sms->Text[2 * i] = (unsigned char)(units[i] >> 8);
		sms->Text[2 * i + 1] = (unsigned char)(units[i] & 0xff);
	}
	sms->Text[2 * n] = sms->Text[2 * n + 1] = 0;
	sms->Length = n;
	ret = dummy_write_inbox(dir, sms);
	free(sms);
	return ret;
}

/* Concatenation header with an 8-bit reference (GSM 03.40 9.2.3.24.1). */
static void
dummy_set_concat(GSM_UDHHeader *udh, int ref, int total, int seq)
{
	const unsigned char h[6] = { 5, 0, 3, (unsigned char)ref,
		(unsigned char)total, (unsigned char)seq };

	udh->Type = UDH_ConcatenatedMessages;
	udh->Length = 6;
	memcpy(udh->Text, h, sizeof h);
	udh->ID8bit = ref;
	udh->ID16bit = -1;
	udh->AllParts = total;
	udh->PartNumber = seq;
}

int
dummy_inject_parts(const char *dir, const char *number,
    const char *const *parts, int total, int ref, int ucs2,
    const int *order, int n, time_t sent)
{
	GSM_SMSMessage *sms;
	int i, seq, ret;

	for (i = 0; i < n; i++) {
		seq = order[i];
		if (seq < 1 || seq > total)
			return error("dummy: part %d of %d does not exist",
			    seq, total);
		sms = dummy_message(number, parts[seq - 1], ucs2, sent);
		if (!sms)
			return -1;
		dummy_set_concat(&sms->UDH, ref, total, seq);
		ret = dummy_write_inbox(dir, sms);
		free(sms);
		if (ret < 0)
			return -1;
	}
	return 0;
}

int
dummy_inject_report(const char *dir, const char *recipient, int tpmr,
    time_t when)
{
	GSM_SMSMessage *sms = dummy_message(recipient, "", 0, when);
	int ret;

	sms->PDU = SMS_Status_Report;
	sms->MessageReference = (unsigned char)tpmr;
	sms->DeliveryStatus = 0;
	ret = dummy_write_inbox(dir, sms);
	free(sms);
	return ret < 0 ? -1 : 0;
}

int
dummy_inbox_count(const char *dir)
{
	char folder[4096];
	int n;

	snprintf(folder, sizeof folder, "%s/sms/1", dir);
	n = dummy_scan(folder, NULL);
	snprintf(folder, sizeof folder, "%s/sms/3", dir);
	return n + dummy_scan(folder, NULL);
}

int
dummy_stored_count(const char *dir)
{
	char folder[4096];
	int n = 0;

	for (int i = 1; i <= 5; i++) {
		DIR *d;
		struct dirent *e;
		snprintf(folder, sizeof folder, "%s/sms/%d", dir, i);
		if (!(d = opendir(folder)))
			continue;
		while ((e = readdir(d)) != NULL)
			n += e->d_name[0] != '.';
		closedir(d);
	}
	return n;
}

static int
dummy_cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* The numbers naming the copies in folder (1, 2, ..., with no upper
 * bound), ascending, in a new array (caller frees). Returns how many (0
 * when there is no folder), or -1 when it cannot be read. */
static int
dummy_sent_names(const char *folder, long **out)
{
	DIR *d = opendir(folder);
	struct dirent *e;
	long *v = NULL, num;
	int n = 0, cap = 0;
	char *end;

	*out = NULL;
	if (!d && errno == ENOENT)
		return 0;
	if (!d)
		return error("dummy: cannot read \"%s\": %s", folder,
		    strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		errno = 0;
		num = strtol(e->d_name, &end, 10);
		if (*end || errno)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, (size_t)cap * sizeof *v);
		}
		v[n++] = num;
	}
	closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof *v, dummy_cmp_long);
	*out = v;
	return n;
}

int
dummy_sent_count(const char *dir)
{
	char folder[4096];
	long *names;
	int n;

	n = dummy_sent_names(dummy_sent_dir(dir, folder, sizeof folder),
	    &names);
	free(names);
	return n;
}

static void
dummy_sent_from(const GSM_SMSMessage *sms, struct dummy_sent *out)
{
	char num[(GSM_MAX_NUMBER_LENGTH + 1) * 4];

	memset(out, 0, sizeof *out);
	EncodeUTF8(num, sms->Number);
	memcpy(out->number, num, sizeof out->number - 1);
	out->number[sizeof out->number - 1] = '\0';
	out->text = xmalloc(sizeof sms->Text * 2 + 1);
	EncodeUTF8(out->text, sms->Text);
	out->ucs2 = sms->Coding == SMS_Coding_Unicode_No_Compression;
	out->concat_ref = sms->UDH.ID8bit;
	out->concat_total = sms->UDH.AllParts;
	out->concat_seq = sms->UDH.PartNumber;
	out->status_report = sms->PDU == SMS_Status_Report;
}

/* Read one backup file holding one part. */
static int
dummy_read_part(const char *path, GSM_SMS_Backup *bk, struct dummy_sent *out)
{
	GSM_Error err = GSM_ReadSMSBackupFile(path, bk);
	int ret = 0;

	if (err != ERR_NONE || !bk->SMS[0])
		ret = error("dummy: cannot read \"%s\": %s", path,
		    GSM_ErrorString(err));
	else
		dummy_sent_from(bk->SMS[0], out);
	GSM_FreeSMSBackup(bk);
	return ret;
}

int
dummy_sent_read(const char *dir, struct dummy_sent **out, int *n)
{
	char folder[4096], path[4200];
	GSM_SMS_Backup *bk;
	long *names;
	int i, count, ret = 0;

	*out = NULL;
	*n = 0;
	count = dummy_sent_names(dummy_sent_dir(dir, folder, sizeof folder),
	    &names);
	if (count <= 0)
		return count;
	bk = xcalloc(1, sizeof *bk);
	*out = xcalloc((size_t)count, sizeof **out);
	for (i = 0; i < count; i++) {
		snprintf(path, sizeof path, "%s/%ld", folder, names[i]);
		if (dummy_read_part(path, bk, &(*out)[*n]) < 0) {
			ret = -1;
			break;
		}
		(*n)++;
	}
	free(bk);
	free(names);
	if (ret < 0) {
		dummy_sent_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return ret;
}

void
dummy_sent_free(struct dummy_sent *sent, int n)
{
	int i;

	for (i = 0; sent && i < n; i++)
		free(sent[i].text);
	free(sent);
}
