/*
 * grpio.h - groups, memberships and loans to and from CSV files, on the
 * import driver of core/import.h (same rules: every row checked, bad rows
 * reported with their line, all or nothing unless skip_bad, re-imports
 * change nothing that is already there) and the writer of core/csvio.h.
 *
 * Exports take the flags of core/csvio.h: CSVIO_NAMES for the personal
 * columns, CSVIO_VI for Vietnamese headers (the names the imports read).
 *
 * Functions return 0 or -1 after one error(); the caller holds the
 * transaction of an import.
 */
#ifndef SHG_GRPIO_H
#define SHG_GRPIO_H

#include "core/db.h"
#include "core/import.h"

/*
 * Groups. Columns: name (tên nhóm), village (thôn), commune (xã), district
 * (huyện), province (tỉnh), place (địa điểm), organiser (người phụ
 * trách), organiser_phone (điện thoại người phụ trách), founded (ngày
 * thành lập); "stt" and "status" (trạng thái) are ignored. A row is the group with that name (ignoring case, and
 * diacritics when that is unique, as group_get finds it), else a new
 * group (group_add). Changed cells of an existing group are saved.
 */
int grpio_import_groups(struct db *db, const char *path,
    const struct import_opts *o, struct import_counts *out);

/*
 * Members. Columns: group (nhóm), case_code (mã hồ sơ), role (vai trò:
 * member, leader, treasurer; empty: member), joined (ngày vào; empty:
 * today); "stt" and "name" are ignored. A person who is already an open
 * member of the group is unchanged, or updated when the role differs (the
 * joined date of an existing membership is history and is kept);
 * otherwise the person joins (group_join, with its checks: one group at a
 * time unless o->allow_multiple, active person and group).
 */
int grpio_import_members(struct db *db, const char *path,
    const struct import_opts *o, struct import_counts *out);

/* Every group by name: name, village, commune, district, province, place,
 * [organiser, organiser_phone], founded, status. The organiser's name and
 * phone only with CSVIO_NAMES. */
int grpio_export_groups(struct db *db, const char *path, int flags,
    long *rows);
/* The members of every group today: group, case_code, [name], role,
 * joined. Names only with CSVIO_NAMES. */
int grpio_export_members(struct db *db, const char *path, int flags,
    long *rows);
/* Every loan by id with its state today: loan, case_code, group, source,
 * purpose, principal, rate_percent, rate_per, term_months, freq, method,
 * disbursed, status, outstanding_principal, overdue, days_overdue, paid. */
int grpio_export_loans(struct db *db, const char *path, int flags,
    long *rows);

#endif
