/*
 * clearviews.h - temporary views of the SMS tables with their sealed
 * numbers and texts opened (sms/schema.c), for tests to read them:
 * CLEAR_VIEWS("_clear") makes outbox_clear, inbox_clear, inbox_part_clear,
 * inbox_quarantine_clear and sms_form_clear; CLEAR_VIEWS("") views named
 * as the tables, which hide them on that connection (tests/sqlkey.c).
 */
#ifndef SHG_TEST_CLEARVIEWS_H
#define SHG_TEST_CLEARVIEWS_H

#define CLEAR_OPEN(t, c) "crypt_open(" c ", '" t "." c "', id) AS " c

#define CLEAR_VIEWS(sfx) \
"CREATE TEMP VIEW outbox" sfx " AS SELECT id, " \
CLEAR_OPEN("outbox", "recipient") ", person_id, kind, subject, occasion, " \
CLEAR_OPEN("outbox", "text") ", coding, parts, concat_ref, not_before, " \
"expires_at, state, attempts, next_try, tried_at, last_error, queued_at, " \
"sent_at, tpmr, delivery, delivery_at, parts_done, delivery_error, modem, " \
"recipient_hash FROM main.outbox;\n" \
"CREATE TEMP VIEW inbox" sfx " AS SELECT id, " \
CLEAR_OPEN("inbox", "sender") ", person_id, sent_at, received_at, coding, " \
CLEAR_OPEN("inbox", "text") ", parts, complete, handled, meaning, answers, " \
"help_case_id, read_at, read_by, " CLEAR_OPEN("inbox", "read_note") ", " \
"sender_hash, text_hash FROM main.inbox;\n" \
"CREATE TEMP VIEW inbox_part" sfx " AS SELECT id, " \
CLEAR_OPEN("inbox_part", "sender") ", sent_at, ref, total, seq, coding, " \
CLEAR_OPEN("inbox_part", "text") ", received_at, inbox_id, sender_hash " \
"FROM main.inbox_part;\n" \
"CREATE TEMP VIEW inbox_quarantine" sfx " AS SELECT id, received_at, " \
"location, reason, " CLEAR_OPEN("inbox_quarantine", "raw") ", raw_hash " \
"FROM main.inbox_quarantine;\n" \
"CREATE TEMP VIEW sms_form" sfx " AS SELECT id, inbox_id, account_id, " \
CLEAR_OPEN("sms_form", "sender") ", " CLEAR_OPEN("sms_form", "text") ", " \
"kind, outcome, entity, entity_id, group_id, day, " \
CLEAR_OPEN("sms_form", "reply") ", received_at, undone_at, sender_hash, " \
"text_hash FROM main.sms_form;\n"

#endif
