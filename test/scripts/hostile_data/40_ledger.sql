-- ledger rows in the states the dump fixture leaves none in: items of each
-- kind just created (their initial status, no transition yet), so copies of
-- them pass the workflow's entry rules and reach the checks on each column.
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
INSERT INTO menu_item (contract_id, code, title, performer, system_code, valid)
SELECT contract_id, 'SJK-H-01', 'Hostile menu task', 'operator', 'SJK', '[2025-10-01,)' FROM contract WHERE name = 'dump test';
INSERT INTO work_item (contract_id, kind, title, requested_by, requested_at, occurred_at, severity, failure_class, menu_item_id, due_on, planned_effort, scheduled_at)
SELECT c.contract_id, k, 'hostile ' || k,
	   (SELECT person_id FROM person WHERE contract_id = c.contract_id AND name = '市 太郎'),
	   '2026-01-20 10:00', CASE WHEN k = 'failure_recovery' THEN timestamptz '2026-01-20 09:00' END,
	   CASE WHEN k = 'failure_recovery' THEN 'major' ELSE 'normal' END, CASE WHEN k = 'failure_recovery' THEN 'A' END,
	   CASE WHEN k = 'menu_task' THEN (SELECT menu_item_id FROM menu_item WHERE code = 'SJK-H-01') END,
	   '2026-02-20', '3pd', '2026-01-24 10:00'
  FROM contract c, unnest('{menu_task,service_request,failure_recovery,modification,handover}'::text[]) k
 WHERE c.name = 'dump test';
RESET TimeZone;
SET search_path = public;
