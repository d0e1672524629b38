/*
 * erase.h - erasing a person's messages: what the SMS tables hold of
 * them (reports/privacy.h calls this inside its transaction).
 *
 * The texts of the messages sent to and received from the person, their
 * number on each, the parts they came in and the text of the SMS forms
 * that recorded the person's visits are cleared; the rows stay (kind,
 * state, times, parts, meaning) so that counts of past periods do not
 * change. Messages still waiting to go to the person are cancelled.
 */
#ifndef SHG_SMS_ERASE_H
#define SHG_SMS_ERASE_H

#include <stdint.h>

#include "core/db.h"

/* Clear person id's messages; phone (E.164 or NULL) also finds parts
 * not yet assembled into a message. *texts (may be NULL) receives how
 * many texts were cleared. 0, or -1 after one error(). */
int sms_erase_person(struct db *db, int64_t id, const char *phone, long *texts);

#endif
