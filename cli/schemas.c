/*
 * The modules whose tables make the database, lowest floor first: the
 * order in which their parts of one migration run. A module that comes to
 * own tables adds its schema (MODULE/schema.c) here.
 */
#include "cli/schemas.h"

#include "core/db.h"
#include "core/schema.h"
#include "core/util.h"
#include "groups/schema.h"
#include "sms/schema.h"
#include "web/schema.h"

static const struct db_schema *const modules[] = {
	&core_schema,
	&groups_schema,
	&sms_schema,
	&web_schema,
};

void
schemas_use(void)
{
	db_use_schema(modules, (int)NELEM(modules));
}
