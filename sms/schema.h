/*
 * sms/schema.h - the tables of sms/ (outbox, inbox, the modem's state,
 * SMS forms) as parts of the numbered migrations (core/db.h).
 */
#ifndef SHG_SMS_SCHEMA_H
#define SHG_SMS_SCHEMA_H

#include "core/db.h"

extern const struct db_schema sms_schema;

#endif
