/*
 * erase.c - erasing a person's messages from the SMS tables.
 */
#include "sms/erase.h"

/* Unique keys on the inbox hold the sender and the text: an erased row
 * gets "erased:ID" as its sender so that two erased rows never meet. */
static const struct {
	const char *sql, *types;
	int counted;            /* its changes are texts cleared */
} erase_sql[] = {
	/* parts of the person's messages, and parts from the number */
	{ "UPDATE inbox_part SET sender = 'erased:' || id, text = '' "
	"WHERE inbox_id IN (SELECT id FROM inbox WHERE person_id = ?1) "
	"OR (?2 IS NOT NULL AND sender = ?2)", "it", 1 },
	/* forms that recorded the person's visits, and their inbox rows */
	{ "UPDATE inbox SET sender = 'erased:' || id, text = '', "
	  "read_note = NULL WHERE id IN (SELECT inbox_id FROM sms_form WHERE "
	  "entity = 'visit' AND entity_id IN (SELECT id FROM visit WHERE "
	  "person_id = ?1))", "i", 1 },
	{ "UPDATE sms_form SET text = '', reply = NULL WHERE entity = 'visit' "
	  "AND entity_id IN (SELECT id FROM visit WHERE person_id = ?1)", "i", 0 },
	{ "UPDATE inbox SET sender = 'erased:' || id, text = '', "
	  "read_note = NULL WHERE person_id = ?1 OR (?2 IS NOT NULL AND "
	  "sender = ?2)", "it", 1 },
	{ "UPDATE outbox SET state = 'cancelled' WHERE state IN ('queued', "
	  "'sending') AND (person_id = ?1 OR (?2 IS NOT NULL AND "
	  "recipient = ?2))", "it", 0 },
	/* the parts the network accepted carry the number too */
	{ "UPDATE outbox_part SET recipient = '' WHERE outbox_id IN (SELECT "
	  "id FROM outbox WHERE person_id = ?1 OR (?2 IS NOT NULL AND "
	  "recipient = ?2)) OR (?2 IS NOT NULL AND recipient = ?2)", "it", 0 },
	{ "UPDATE outbox SET recipient = '', text = '', last_error = NULL, "
	  "delivery_error = NULL WHERE person_id = ?1 OR (?2 IS NOT NULL AND "
	  "recipient = ?2)", "it", 1 },
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
