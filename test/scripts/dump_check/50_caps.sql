-- caps: the caps, extensions, closes and the log come back; the running
-- totals rebuilt during the restore equal the sums recomputed from the log.
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
SELECT category, scope, amount, enforcement, alert_percent, seeded FROM effort_cap_default ORDER BY 1, 2;
SELECT c.name, e.category, e.scope, e.amount, e.enforcement, e.seeded
  FROM effort_cap e JOIN contract c USING (contract_id) WHERE c.name = 'dump caps' ORDER BY 2, 3;
SELECT x.category, x.scope, x.extra, x.months, x.reference FROM cap_extension x ORDER BY x.extension_id;
SELECT m.month, m.note, m.reopened_at IS NOT NULL AS reopened FROM month_close m
  JOIN contract c USING (contract_id) WHERE c.name = 'dump caps' ORDER BY m.close_id;
SELECT count(*) AS entries, sum(effort) AS logged FROM effort_log WHERE note LIKE 'dump %';
SELECT e.category, e.counted, e.month, count(*), sum(e.effort)
  FROM effort_entry e JOIN contract c USING (contract_id) WHERE c.name = 'dump caps'
 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
SELECT s.category, s.month, s.used FROM effort_summary s JOIN contract c USING (contract_id)
 WHERE c.name = 'dump caps' ORDER BY 1, 2;
SELECT count(*) AS summary_differences FROM caps_verify();
SELECT category, month_used, month_cap, term_used, term_cap FROM cap_status(
  (SELECT contract_id FROM contract WHERE name = 'dump caps'), '2025-11');
