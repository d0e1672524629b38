-- shg loan review at 2026-11-23: the arrears list, then PAR30 and the
-- repayment rate of the 30 days to the date. Nothing is paid after the
-- date, so what was paid "by the date" is everything paid.
-- i.paid is what the valid repayments put on the installment (kept since
-- migration 22).

-- Loans in arrears: unpaid installments already due, oldest first.
WITH od AS (
  SELECT i.loan_id, i.due_on,
    i.principal + i.interest
    - CASE WHEN i.void_on <= '2026-11-23'
      THEN i.principal_void + i.interest_void ELSE 0 END
    - i.paid AS rest
  FROM loan_inst i
  WHERE i.paid_off_on IS NULL AND i.due_on < '2026-11-23'),
lo AS (SELECT loan_id, min(due_on) AS oldest, sum(rest) AS overdue
  FROM od WHERE rest > 0 GROUP BY loan_id)
SELECT l.id, pe.case_code, g.name, g.organiser_name, pe.commune, l.source,
  julianday('2026-11-23') - julianday(lo.oldest), lo.overdue,
  l.principal - l.principal_paid,
  (SELECT max(paid_on) FROM loan_pay WHERE loan_id = l.id
    AND reverses IS NULL AND reversed_by IS NULL),
  (SELECT max(visit_on) FROM visit WHERE person_id = l.person_id)
FROM lo JOIN loan l ON l.id = lo.loan_id
JOIN person pe ON pe.id = l.person_id
LEFT JOIN grp g ON g.id = l.group_id
WHERE l.disbursed_on <= '2026-11-23' AND l.written_off_on IS NULL
ORDER BY lo.oldest, l.id;

-- Outstanding principal and PAR30 (an installment > 30 days late).
SELECT count(*), sum(l.principal - l.principal_paid),
  sum(CASE WHEN EXISTS (SELECT 1 FROM loan_inst i WHERE i.loan_id = l.id
      AND i.paid_off_on IS NULL AND i.due_on < '2026-10-24')
    THEN l.principal - l.principal_paid ELSE 0 END)
FROM loan l
WHERE l.disbursed_on <= '2026-11-23' AND l.written_off_on IS NULL
  AND l.principal_paid < l.principal;

-- Repayment rate: of what fell due 2026-10-24 .. 2026-11-23 on loans
-- not written off by then, the part paid.
SELECT sum(due), sum(paid) FROM (
  SELECT i.principal + i.interest - CASE WHEN i.void_on <= i.due_on
      THEN i.principal_void + i.interest_void ELSE 0 END AS due,
    CASE WHEN i.paid_off_on IS NOT NULL THEN i.principal + i.interest
      - CASE WHEN i.void_on <= i.due_on
        THEN i.principal_void + i.interest_void ELSE 0 END
    ELSE i.paid END AS paid
  FROM loan_inst i JOIN loan l ON l.id = i.loan_id
  WHERE i.due_on BETWEEN '2026-10-24' AND '2026-11-23'
    AND (l.written_off_on IS NULL OR l.written_off_on > i.due_on));
