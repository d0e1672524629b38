/*
 * export.h - people and the support ledger out to CSV files
 * (core/csvio.h: UTF-8 with a byte order mark, written under a temporary
 * name with mode 0600 and renamed into place).
 *
 * Personal details (names, phones, notes) are written only with CSVIO_NAMES
 * (flags); otherwise people appear by case code. The people file uses the
 * column names import_people() reads, so an export with names imports
 * again (into the same database: nothing changes).
 *
 * flags (core/csvio.h): CSVIO_NAMES adds the personal columns, CSVIO_VI
 * writes the headers in Vietnamese (the cells are the same: codes and
 * YYYY-MM-DD dates either way).
 *
 * Functions return 0 with *rows set to the number of data rows, or -1
 * after one error() (no file is left behind).
 */
#ifndef SHG_EXPORT_H
#define SHG_EXPORT_H

#include "core/db.h"

/* Every person, active and closed, by case code: case_code, [name],
 * gender, born, [phone], village, commune, district, province, category,
 * route, returned, consent, [notes], status (in Vietnamese: mã hồ sơ,
 * [họ tên], giới tính, ...: the names import_people() reads). */
int export_people(struct db *db, const char *path, int flags, long *rows);

/* Every support entry by date: date, case_code, type, value (đồng),
 * source, [notes]. */
int export_support(struct db *db, const char *path, int flags, long *rows);

#endif
