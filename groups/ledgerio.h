/*
 * ledgerio.h - years of a province's spreadsheets brought in: support
 * entries, loans with their terms, repayments and in-kind grants from
 * CSV files, on the import driver of core/import.h (every row checked,
 * bad rows listed as FILE:LINE: reason, all or nothing unless skip_bad,
 * staged when o->staged). Each row goes through the module's own
 * function (support_add, loan_disburse, loan_repay, grant_give,
 * grant_oblige), with its checks and its audit row, stamped with the
 * account or --as acting.
 *
 * Headers are English or Vietnamese, in any case, with or without
 * diacritics (core/csvio.h); "stt" (row number) is ignored everywhere.
 * Amounts take the forms parse_money reads ("1.500.000", "1,500,000 đ"),
 * dates YYYY-MM-DD or DD/MM/YYYY.
 *
 * Importing a file again adds nothing twice: a row is unchanged when the
 * record it describes is already there (see each kind). Two rows of one
 * file describing the same record are an error on the second.
 *
 * Functions return 0 (counts in *out) or -1 after error().
 */
#ifndef SHG_LEDGERIO_H
#define SHG_LEDGERIO_H

#include "core/db.h"
#include "core/import.h"

/*
 * Support entries. Columns: case_code (mã hồ sơ), type (loại hỗ trợ: a
 * code or a word support_type_parse knows), date (ngày), value (giá trị,
 * đồng), source (nguồn kinh phí: what funding_parse reads), notes (ghi
 * chú). Required: case_code, type, date, source; value empty is 0. A row
 * is unchanged when the person already has an entry of that type, date,
 * value and source.
 */
int ledgerio_import_support(struct db *db, const char *path,
    const struct import_opts *o, struct import_counts *out);

/*
 * Loans. Columns: ref (mã khoản vay: the loan's reference in the
 * spreadsheet, kept so that repayments can name it; "L12" names a loan of
 * this database), case_code (mã hồ sơ), group (nhóm), source (nguồn vốn),
 * purpose (mục đích vay), principal (tiền gốc), rate (lãi suất, as
 * lenders quote it: "0.65%/month", "7,8%/năm"), term (thời hạn, months),
 * freq (kỳ trả nợ: monthly, quarterly, end; empty: monthly), method (cách
 * tính lãi: declining, flat; empty: declining), grace (ân hạn, months;
 * empty: 0), disbursed (ngày giải ngân), interest (lãi khi trả trước:
 * schedule or daily; empty: o->loan_interest for the source, as loan
 * disburse takes it). Required: ref, case_code, source, principal, rate,
 * term, disbursed. A row whose ref is already imported is unchanged when
 * borrower, principal and date agree, else an error (an import never
 * changes a loan).
 */
int ledgerio_import_loans(struct db *db, const char *path,
    const struct import_opts *o, struct import_counts *out);

/*
 * Repayments. Columns: loan (khoản vay: a ref imported with the loans, or
 * "L12"), date (ngày trả), amount (số tiền), note (ghi chú). All but note
 * required. Rows are recorded in file order (put each loan's repayments
 * in date order), allocated as loan_repay does (oldest installment first,
 * interest before principal). A row is unchanged when the loan already
 * has a repayment (not reversed) of that amount on that date: two equal
 * repayments on one day are one row with their sum.
 */
int ledgerio_import_repayments(struct db *db, const char *path,
    const struct import_opts *o, struct import_counts *out);

/*
 * In-kind grants. Columns: case_code (mã hồ sơ), kind (loại: sow,
 * piglet, cow, buffalo, goat, chicken, duck, other, or lợn nái, lợn con,
 * bò, trâu, dê, gà, vịt, khác), what (hiện vật: for other), count (số
 * lượng), value (đơn giá: đồng per head or unit), date (ngày nhận), source
 * (nguồn kinh phí), notes (ghi chú), and the pass-on obligation as grant
 * give --passon takes it: passon (số con phải chuyển), passon_by (hạn
 * chuyển), passon_to (chuyển cho: a case code; empty: not yet chosen).
 * Required: case_code, kind, count, value, date, source. A row is
 * unchanged when the person already has a grant of that kind, date,
 * count and value.
 */
int ledgerio_import_grants(struct db *db, const char *path,
    const struct import_opts *o, struct import_counts *out);

#endif
