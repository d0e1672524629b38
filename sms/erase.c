/*
 * erase.c - erasing a person's messages from the SMS tables.
 */
#include "sms/erase.h"

/* A row of the number: ?2 is the person's number (NULL: none), found by
 * its blind index. */
#define OF_NUMBER(col) "(?2 IS NOT NULL AND " col " = crypt_blind(?2))"
/* The subject of a reply keyed by the number's blind index (PREFIX:HEX,
 * sms/replies.c) loses the index. */
#define ANON_SUBJECT "CASE WHEN subject GLOB 'unknown:*' OR subject GLOB " \
	"'ack:*' THEN substr(subject, 1, instr(subject, ':')) || 'erased:' || " \
	"id ELSE subject END"

/* Numbers and texts become '' and their blind indexes NULL: an erased row
 * meets no other in the unique keys (NULLs differ) and no look-up finds
 * it. */
static const struct {
	const char *sql, *types;
	int counted;            /* its changes are texts cleared */
} erase_sql[] = {
	/* parts of the person's messages, and parts from the number */
	{ "UPDATE inbox_part SET sender = '', sender_hash = NULL, text = '' "
	"WHERE inbox_id IN (SELECT id FROM inbox WHERE person_id = ?1 OR "
	OF_NUMBER("sender_hash") ") OR " OF_NUMBER("sender_hash"), "it", 1 },
	/* forms that recorded the person's visits, and their inbox rows */
	{ "UPDATE inbox SET sender = '', sender_hash = NULL, text = '', "
	  "text_hash = NULL, read_note = NULL WHERE id IN (SELECT inbox_id FROM "
	  "sms_form WHERE entity = 'visit' AND entity_id IN (SELECT id FROM "
	  "visit WHERE person_id = ?1))", "i", 1 },
	{ "UPDATE sms_form SET text = '', text_hash = NULL, reply = NULL WHERE "
	  "entity = 'visit' AND entity_id IN (SELECT id FROM visit WHERE "
	  "person_id = ?1)", "i", 0 },
	{ "UPDATE inbox SET sender = '', sender_hash = NULL, text = '', "
	  "text_hash = NULL, read_note = NULL WHERE person_id = ?1 OR "
	  OF_NUMBER("sender_hash"), "it", 1 },
	{ "UPDATE outbox SET state = 'cancelled' WHERE state IN ('queued', "
	  "'sending') AND (person_id = ?1 OR " OF_NUMBER("recipient_hash") ")",
	  "it", 0 },
	/* the parts the network accepted carry the number's index too */
	{ "UPDATE outbox_part SET recipient_hash = NULL WHERE outbox_id IN "
	  "(SELECT id FROM outbox WHERE person_id = ?1 OR "
	  OF_NUMBER("recipient_hash") ") OR " OF_NUMBER("recipient_hash"),
	  "it", 0 },
	{ "UPDATE outbox SET recipient = '', recipient_hash = NULL, text = '', "
	  "subject = " ANON_SUBJECT ", last_error = NULL, delivery_error = NULL "
	  "WHERE person_id = ?1 OR " OF_NUMBER("recipient_hash"), "it", 1 },
};

int
sms_erase_person(struct db *db, int64_t id, const char *phone, long *texts)
{
	long n = 0;

	for (size_t i = 0; i < sizeof erase_sql / sizeof *erase_sql; i++) {
		if (db_run(db, erase_sql[i].sql, erase_sql[i].types, id,
		    phone) < 0)
			return -1;
		if (erase_sql[i].counted)
			n += db_changes(db);
	}
	if (texts)
		*texts = n;
	return 0;
}
