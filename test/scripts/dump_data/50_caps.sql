-- caps: effort over three months of a contract of its own, with a changed
-- cap, a new default, an approved extension, a month closed, one closed and
-- reopened, and a correction.  The running totals (effort_total) are not
-- dumped: the effort_log triggers rebuild them as pg_restore loads the log
-- (after the caps and extensions, before month_close).
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
INSERT INTO effort_cap_default (category, scope, amount, enforcement, alert_percent)
VALUES ('handover', 'term', '6pm', 'soft', '{50,75,90}');
INSERT INTO contract (name, contractor, roles, term)
VALUES ('dump caps', 'Caps Dump KK', '{operator,vendor}', '[2025-10-01,2028-01-01)');
UPDATE effort_cap SET amount = '40pm' FROM contract c
 WHERE c.contract_id = effort_cap.contract_id AND c.name = 'dump caps'
   AND category = 'service' AND scope = 'term';
INSERT INTO person (contract_id, name, side, registered, approved_on)
SELECT contract_id, n, 'contractor', '[2025-10-01,2028-01-01)', '2025-09-01'
  FROM contract, unnest('{caps worker 1,caps worker 2,caps worker 3,caps worker 4}'::text[]) n WHERE name = 'dump caps';
INSERT INTO person (contract_id, name, side, registered, db_role)
SELECT contract_id, 'caps city', 'city', '[2025-04-01,)', current_user FROM contract WHERE name = 'dump caps';
INSERT INTO work_item (contract_id, kind, title, status, occurred_at, spec_check_for_modification, internal_handover)
SELECT c.contract_id, k.kind, k.title, s.status, '2025-10-01 09:00+09', k.spec, k.internal
  FROM contract c,
       (VALUES ('service_request', 'caps svc', false, false),
               ('service_request', 'caps spec check', true, false),
               ('modification', 'caps mod', false, false),
               ('failure_recovery', 'caps failure', false, false),
               ('handover', 'caps staff change', false, true)) AS k(kind, title, spec, internal)
  JOIN workflow_status s ON s.kind = k.kind AND s.is_initial
 WHERE c.name = 'dump caps';
INSERT INTO approval (contract_id, subject, subject_ref, approver_id, decision, decided_at)
SELECT c.contract_id, 'cap_extension', 'AC-DUMP-1', p.person_id, 'approved', '2025-11-20 10:00+09'
  FROM contract c JOIN person p USING (contract_id) WHERE c.name = 'dump caps' AND p.side = 'city';
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
SELECT a.contract_id, 'service', 'month', '1pm', 'FY2025-Q3'::fiscal_period::daterange, 'AC-DUMP-1', a.approval_id
  FROM approval a WHERE a.subject_ref = 'AC-DUMP-1';
-- every working day of Oct-Dec 2025, worker 4 on the items other than the
-- service request; service: worker 1 in October, workers 1-3 every working
-- day of November and worker 4 on its first five: 3pm 5pd, over the plain
-- 3pm cap and within the extension
INSERT INTO effort_log (item_id, person_id, work_date, effort, note)
SELECT w.item_id, p.person_id, d::date,
       CASE w.title WHEN 'caps failure' THEN '2h' ELSE '1h 30min' END::effort, 'dump ' || w.title
  FROM generate_series('2025-10-01'::date, '2025-12-31', '1 day') d,
       work_item w JOIN contract c USING (contract_id)
       JOIN person p ON p.contract_id = c.contract_id AND p.name = 'caps worker 4'
 WHERE c.name = 'dump caps' AND extract(isodow FROM d) < 6 AND w.title <> 'caps svc';
INSERT INTO effort_log (item_id, person_id, work_date, effort, note)
SELECT w.item_id, p.person_id, d::date, CASE WHEN d < '2025-11-01' THEN '6h' ELSE '1pd' END::effort,
       'dump caps svc'
  FROM generate_series('2025-10-01'::date, '2025-11-30', '1 day') d,
       work_item w JOIN contract c USING (contract_id)
       JOIN person p ON p.contract_id = c.contract_id
 WHERE c.name = 'dump caps' AND w.title = 'caps svc' AND extract(isodow FROM d) < 6
   AND (p.name = 'caps worker 1'
        OR (d >= '2025-11-01' AND p.name IN ('caps worker 2', 'caps worker 3'))
        OR (d BETWEEN '2025-11-01' AND '2025-11-07' AND p.name = 'caps worker 4'));
-- October closed after its report; November closed and reopened
DO $$
DECLARE
  c bigint := (SELECT contract_id FROM omledger.contract WHERE name = 'dump caps');
  a bigint;
BEGIN
  PERFORM omledger.close_month(c, '2025-10', 'October report');
  PERFORM omledger.close_month(c, '2025-11');
  INSERT INTO omledger.approval (contract_id, subject, subject_ref, approver_id, decision, decided_at)
  SELECT c, 'reopen_month', '2025-11', p.person_id, 'approved', '2025-12-05 10:00+09'
    FROM omledger.person p WHERE p.contract_id = c AND p.side = 'city'
  RETURNING approval_id INTO a;
  PERFORM omledger.reopen_month(c, '2025-11', a);
END $$;
-- a correction of a closed October entry, in December
INSERT INTO effort_log (item_id, person_id, work_date, effort, note, corrects)
SELECT e.item_id, e.person_id, '2025-12-26', '-30min', 'dump correction', e.entry_id
  FROM effort_log e JOIN work_item w USING (item_id)
 WHERE w.title = 'caps failure' AND e.work_date = '2025-10-01';
