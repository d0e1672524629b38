/*
 * table.h - command output as aligned text or CSV.
 *
 * Cells are added left to right; a row ends after as many cells as there
 * are headers. Text columns are aligned by display width, so Vietnamese
 * names with diacritics line up. A header starting with '>' marks a
 * right-aligned (numeric) column; the '>' is not printed. Headers are
 * message ids (mark them N_()): they are shown translated, in CSV too.
 */
#ifndef SHG_TABLE_H
#define SHG_TABLE_H

#include <stdint.h>
#include <stdio.h>

struct table;

/* A short word with a context, "person status|active": its translation
 * when the catalogue has one, else the part after the '|' ("active").
 * Mark such strings N_(); the context keeps "active" of a person apart
 * from "active" of a loan for the translator. Headers may be such words.
 * Borrowed. */
const char *table_label(const char *qualified);

/* headers: NULL-terminated. csv != 0: print RFC 4180 CSV instead. */
struct table *table_new(const char *const *headers, int csv);
/* Add a cell (NULL prints as empty). The text is copied. */
void table_cell(struct table *t, const char *s);
void table_cellf(struct table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void table_cell_int(struct table *t, int64_t v);
/* Whole đồng as money_show() writes it (plain digits in CSV). */
void table_cell_money(struct table *t, int64_t v);
/* A day number as date_show() writes it, YYYY-MM-DD in CSV (DATE_NONE:
 * empty). */
void table_cell_date(struct table *t, int day);
int table_rows(const struct table *t);
/* Print and free. A text table with no rows prints "(none)". */
void table_print(struct table *t, FILE *out);
void table_free(struct table *t);

/* Write one CSV field (quoted when needed), no separator. A value that
 * starts like a spreadsheet formula (=, @, tab, carriage return, or + and
 * - not followed by a plain number or phone number such as "-1500000" or
 * "+84 912 345 678") is written with a leading apostrophe so that it
 * stays text; csvio drops the apostrophe again when it reads the file. */
void csv_field(FILE *out, const char *s);
/* 1 if s would be taken for a formula by a spreadsheet (see above). */
int csv_formula_like(const char *s);

#endif
