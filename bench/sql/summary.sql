-- shg report summary --from 2025-11-23 --to 2026-11-22: the same figures,
-- one statement per section. Timestamps bound the local days
-- (+07:00): 1763830800 = 2025-11-23 00:00, 1795366800 = 2026-11-23 00:00.

-- People by category: received in the period, in follow-up at the end.
SELECT category, sum(returned_on BETWEEN '2025-11-23' AND '2026-11-22'),
  sum((returned_on IS NULL OR returned_on <= '2026-11-22')
    AND (status = 'active' OR closed_on > '2026-11-22'))
FROM person GROUP BY category;

-- Support by type, by source and in total.
SELECT type, count(DISTINCT person_id), count(*), sum(value) FROM support
WHERE given_on BETWEEN '2025-11-23' AND '2026-11-22' GROUP BY type;
SELECT source, count(DISTINCT person_id), count(*), sum(value) FROM support
WHERE given_on BETWEEN '2025-11-23' AND '2026-11-22' GROUP BY source;
SELECT count(DISTINCT person_id), count(*), sum(value) FROM support
WHERE given_on BETWEEN '2025-11-23' AND '2026-11-22';

-- Loans disbursed and repaid in the period.
SELECT count(*), count(DISTINCT person_id), sum(principal) FROM loan
WHERE disbursed_on BETWEEN '2025-11-23' AND '2026-11-22';
-- (What was repaid in the period is the sum of the months, below.)
-- Loans in arrears at the end.
SELECT count(*) FROM (SELECT i.loan_id FROM loan_inst i
  JOIN loan l ON l.id = i.loan_id AND l.written_off_on IS NULL
  WHERE i.paid_off_on IS NULL AND i.due_on < '2026-11-22'
  AND i.principal + i.interest - i.principal_void - i.interest_void >
    coalesce((SELECT sum(a.principal + a.interest) FROM loan_alloc a
      JOIN loan_pay p ON p.id = a.pay_id WHERE a.inst_id = i.id
      AND p.reverses IS NULL AND p.reversed_by IS NULL), 0)
  GROUP BY i.loan_id);
-- Outstanding, PAR30 at the end; repayment rate of the period.
SELECT count(*), sum(l.principal - l.principal_paid),
  sum(CASE WHEN EXISTS (SELECT 1 FROM loan_inst i WHERE i.loan_id = l.id
      AND i.paid_off_on IS NULL AND i.due_on < '2026-10-23')
    THEN l.principal - l.principal_paid ELSE 0 END)
FROM loan l WHERE l.written_off_on IS NULL AND l.principal_paid < l.principal;
SELECT sum(due), sum(paid) FROM (
  SELECT i.principal + i.interest - CASE WHEN i.void_on <= i.due_on
      THEN i.principal_void + i.interest_void ELSE 0 END AS due,
    CASE WHEN i.paid_off_on IS NOT NULL THEN i.principal + i.interest
      - CASE WHEN i.void_on <= i.due_on
        THEN i.principal_void + i.interest_void ELSE 0 END
    ELSE coalesce((SELECT sum(a.principal + a.interest) FROM loan_alloc a
        JOIN loan_pay p ON p.id = a.pay_id WHERE a.inst_id = i.id
        AND p.reverses IS NULL AND p.reversed_by IS NULL), 0) END AS paid
  FROM loan_inst i JOIN loan l ON l.id = i.loan_id
  WHERE i.due_on BETWEEN '2025-11-23' AND '2026-11-22'
    AND (l.written_off_on IS NULL OR l.written_off_on > i.due_on));

-- In-kind grants by kind: given in the period, herd at the end, events.
WITH ev AS (SELECT grant_id,
    sum(CASE kind WHEN 'born' THEN count WHEN 'vaccinated' THEN 0
      ELSE -count END) AS delta,
    sum(CASE WHEN kind = 'died' AND event_on >= '2025-11-23' THEN count END) AS died,
    sum(CASE WHEN kind = 'sold' AND event_on >= '2025-11-23' THEN count END) AS sold,
    sum(CASE WHEN kind = 'born' AND event_on >= '2025-11-23' THEN count END) AS born
  FROM ikgrant_event WHERE event_on <= '2026-11-22' GROUP BY grant_id)
SELECT g.kind,
  sum(CASE WHEN g.given_on >= '2025-11-23' AND g.parent_id IS NULL THEN g.count END),
  count(DISTINCT CASE WHEN g.given_on >= '2025-11-23' AND g.parent_id IS NULL
    THEN g.person_id END),
  sum(CASE WHEN g.given_on >= '2025-11-23' AND g.parent_id IS NULL
    THEN g.count * g.unit_value END),
  sum(g.count + coalesce(ev.delta, 0)), sum(ev.died), sum(ev.sold), sum(ev.born)
FROM ikgrant g LEFT JOIN ev ON ev.grant_id = g.id
WHERE g.given_on <= '2026-11-22' GROUP BY g.kind;
-- Pass-ons.
WITH passed AS (SELECT obligation_id AS id, sum(count) AS n FROM ikgrant
  WHERE obligation_id IS NOT NULL AND given_on <= '2026-11-22'
  GROUP BY obligation_id),
ob AS (SELECT o.count - coalesce(passed.n, 0) AS owed, o.due_on
  FROM ikgrant_oblig o JOIN ikgrant g ON g.id = o.grant_id
  LEFT JOIN passed ON passed.id = o.id
  WHERE g.given_on <= '2026-11-22')
SELECT (SELECT sum(count) FROM ikgrant WHERE obligation_id IS NOT NULL
    AND given_on BETWEEN '2025-11-23' AND '2026-11-22'),
  (SELECT sum(owed) FROM ob WHERE owed > 0),
  (SELECT sum(owed) FROM ob WHERE owed > 0 AND due_on < '2026-11-22'),
  (SELECT count(*) FROM ob WHERE owed > 0);

-- Groups, members, meetings held and attendance in the period.
WITH act AS (SELECT id FROM grp WHERE (founded_on IS NULL
    OR founded_on <= '2026-11-22')
    AND (status = 'active' OR closed_on > '2026-11-22'))
SELECT (SELECT count(*) FROM act),
  (SELECT count(DISTINCT person_id) FROM membership WHERE group_id IN act
    AND joined_on <= '2026-11-22'
    AND (left_on IS NULL OR left_on > '2026-11-22'));
SELECT count(*) FROM meeting
WHERE held_on BETWEEN '2025-11-23' AND '2026-11-22';
-- (Attendance by status is summed from the months, below.)

-- SMS in the period; check-ins answered.
SELECT sum(state = 'sent' AND sent_at >= 1763830800 AND sent_at < 1795366800),
  sum(state = 'failed' AND tried_at >= 1763830800 AND tried_at < 1795366800),
  sum(state = 'expired' AND expires_at >= 1763830800
    AND expires_at < 1795366800),
  sum(kind = 'checkin' AND state = 'sent' AND sent_at >= 1763830800
    AND sent_at < 1795366800),
  sum(kind = 'checkin' AND state = 'sent' AND sent_at >= 1763830800
    AND sent_at < 1795366800
    AND EXISTS (SELECT 1 FROM inbox i WHERE i.answers = outbox.id))
FROM outbox WHERE sent_at >= 1763830800 OR tried_at >= 1763830800
  OR expires_at >= 1763830800;
-- Help requests: opened, closed, open at the end, time to close.
WITH h AS (SELECT opened_at, closed_at FROM help_case
  WHERE opened_at < 1795366800)
SELECT (SELECT count(*) FROM h WHERE opened_at >= 1763830800),
  (SELECT count(*) FROM h WHERE closed_at >= 1763830800
    AND closed_at < 1795366800),
  (SELECT count(*) FROM h WHERE closed_at IS NULL OR closed_at >= 1795366800),
  (SELECT sum(closed_at - opened_at) FROM h WHERE closed_at >= 1763830800
    AND closed_at < 1795366800);
WITH d AS (SELECT closed_at - opened_at AS s FROM help_case
  WHERE closed_at >= 1763830800 AND closed_at < 1795366800)
SELECT sum(s), count(*) FROM (SELECT s FROM d ORDER BY s
  LIMIT 2 - (SELECT count(*) FROM d) % 2
  OFFSET ((SELECT count(*) FROM d) - 1) / 2);

-- Visits done in the period, and overdue at the end (default plan).
SELECT count(*), sum(situation <> 'not-reached'), count(DISTINCT person_id)
FROM visit WHERE visit_on BETWEEN '2025-11-23' AND '2026-11-22';
WITH lv AS (SELECT pe.id, pe.returned_on,
    (SELECT v.id FROM visit v WHERE v.person_id = pe.id
      AND v.visit_on <= '2026-11-22' AND v.situation <> 'not-reached'
      ORDER BY v.visit_on DESC, v.id DESC LIMIT 1) AS vid
  FROM person pe WHERE pe.status = 'active' AND pe.returned_on IS NOT NULL
  AND pe.returned_on > date('2026-11-22', '-24 months')),
due AS (SELECT CASE
    WHEN v.next_on IS NOT NULL THEN v.next_on
    WHEN coalesce(v.visit_on, lv.returned_on) < date(lv.returned_on, '+6 months')
      THEN date(coalesce(v.visit_on, lv.returned_on), '+30 days')
    WHEN date(coalesce(v.visit_on, lv.returned_on), '+90 days')
       < date(lv.returned_on, '+24 months')
      THEN date(coalesce(v.visit_on, lv.returned_on), '+90 days')
    END AS due_on
  FROM lv LEFT JOIN visit v ON v.id = lv.vid)
SELECT count(*) FROM due WHERE due_on < '2026-11-22';

-- By month, for the charts: repaid, and attendance.
SELECT substr(paid_on, 1, 7), sum(amount) FROM loan_pay
WHERE paid_on BETWEEN '2025-11-23' AND '2026-11-22'
  AND reverses IS NULL AND reversed_by IS NULL GROUP BY 1;
SELECT substr(m.held_on, 1, 7), sum(a.status = 'present'),
  sum(a.status = 'late'), sum(a.status = 'excused'), sum(a.status = 'absent')
FROM meeting m JOIN attendance a ON a.meeting_id = m.id
WHERE m.held_on BETWEEN '2025-11-23' AND '2026-11-22' GROUP BY 1;
