-- shg followup at 2026-11-23 09:00 (+07:00): the whole ranked list in one
-- statement. Check-ins count as unanswered after 3 days; missed meetings
-- from 3 in a row; the default visit plan is every 30 days for 6 months
-- after the return, then every 90 days until 24 months.
-- i.paid is what the valid repayments put on an installment (kept since
-- migration 22).
WITH p(today, now) AS (SELECT '2026-11-23',
    CAST(strftime('%s', '2026-11-23 02:00:00') AS INTEGER)),
cur AS (SELECT m.person_id, g.name, g.organiser_name,
    row_number() OVER (PARTITION BY m.person_id
      ORDER BY m.joined_on DESC) AS rn
  FROM membership m JOIN grp g ON g.id = m.group_id AND g.status = 'active'
  , p WHERE m.joined_on <= p.today
  AND (m.left_on IS NULL OR m.left_on > p.today)),
help AS (SELECT 1 AS reason, h.person_id, h.requests AS detail,
    (p.now - h.opened_at) / 86400 AS days
  FROM help_case h, p WHERE h.closed_at IS NULL),
lastck AS (SELECT person_id, max(id) AS id FROM outbox
  WHERE kind = 'checkin' AND state = 'sent' GROUP BY person_id),
chk AS (SELECT 2, o.person_id, NULL, (p.now - o.sent_at) / 86400
  FROM lastck JOIN outbox o ON o.id = lastck.id
  JOIN person q ON q.id = o.person_id AND q.status = 'active', p
  WHERE o.sent_at < p.now - 3 * 86400
  AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.answers = o.id)),
lastok AS (SELECT ms.group_id, ms.person_id,
    (SELECT m.held_on FROM meeting m JOIN attendance a
      ON a.meeting_id = m.id AND a.person_id = ms.person_id
      WHERE m.group_id = ms.group_id AND a.status <> 'absent'
      ORDER BY m.held_on DESC LIMIT 1) AS ok
  FROM membership ms JOIN grp g ON g.id = ms.group_id
  WHERE ms.left_on IS NULL AND g.status = 'active'),
missed AS (SELECT 3, l.person_id, count(*), julianday(p.today)
    - julianday(min(m.held_on))
  FROM lastok l JOIN meeting m ON m.group_id = l.group_id
    AND m.held_on > coalesce(l.ok, '')
  JOIN attendance a ON a.meeting_id = m.id AND a.person_id = l.person_id, p
  GROUP BY l.group_id, l.person_id HAVING count(*) >= 3),
od AS (SELECT i.loan_id, i.due_on, i.principal + i.interest
    - CASE WHEN i.void_on <= '2026-11-23'
      THEN i.principal_void + i.interest_void ELSE 0 END
    - i.paid AS rest
  FROM loan_inst i WHERE i.paid_off_on IS NULL AND i.due_on < '2026-11-23'),
arr AS (SELECT 4, l.person_id, l.id, julianday(p.today) - julianday(min(od.due_on))
  FROM od JOIN loan l ON l.id = od.loan_id, p
  WHERE od.rest > 0 AND l.written_off_on IS NULL GROUP BY l.id),
lv AS (SELECT pe.id, pe.returned_on,
    (SELECT v.id FROM visit v WHERE v.person_id = pe.id
      AND v.visit_on <= '2026-11-23' AND v.situation <> 'not-reached'
      ORDER BY v.visit_on DESC, v.id DESC LIMIT 1) AS vid
  FROM person pe WHERE pe.status = 'active' AND pe.returned_on IS NOT NULL
  AND pe.returned_on > date('2026-11-23', '-24 months')),
due AS (SELECT lv.id, CASE
    WHEN v.next_on IS NOT NULL THEN v.next_on
    WHEN coalesce(v.visit_on, lv.returned_on) < date(lv.returned_on, '+6 months')
      THEN date(coalesce(v.visit_on, lv.returned_on), '+30 days')
    WHEN coalesce(v.visit_on, lv.returned_on) < date(lv.returned_on, '+24 months')
     AND date(coalesce(v.visit_on, lv.returned_on), '+90 days')
       < date(lv.returned_on, '+24 months')
      THEN date(coalesce(v.visit_on, lv.returned_on), '+90 days')
    END AS due_on
  FROM lv LEFT JOIN visit v ON v.id = lv.vid),
vis AS (SELECT 5, due.id, NULL, julianday(p.today) - julianday(due.due_on)
  FROM due, p WHERE due.due_on < p.today),
list(reason, person_id, detail, days) AS (
  SELECT * FROM help UNION ALL SELECT * FROM chk UNION ALL
  SELECT * FROM missed UNION ALL SELECT * FROM arr UNION ALL SELECT * FROM vis)
SELECT pe.case_code, list.reason, list.detail, cur.name, cur.organiser_name,
  list.days
FROM list JOIN person pe ON pe.id = list.person_id
LEFT JOIN cur ON cur.person_id = list.person_id AND cur.rn = 1
ORDER BY list.reason, list.days DESC, pe.case_code;
