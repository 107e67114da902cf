-- workflow_smoke.sql -- a few rows through every workflow trigger, as a
-- superuser entering records (upgrade.sh runs it on each old version's
-- schema with the current library, and again after the update).  Prints
-- what the triggers filled in; the output must not depend on the version.
-- Each run enters a contract of its own (so it may run twice in a database).
SET search_path = omledger, pg_catalog;
SET TimeZone = 'Asia/Tokyo';
INSERT INTO contract (name, contractor, roles, term)
VALUES ('smoke', 'K', '{operator}', '[2025-10-01,2028-01-01)');
INSERT INTO person (contract_id, name, side, registered)
SELECT c.contract_id, p.name, 'city', '[2025-04-01,)'
FROM contract c, (VALUES ('City'), ('City 2')) p(name)
WHERE c.contract_id = (SELECT max(contract_id) FROM contract);
CREATE TEMP TABLE ids AS
SELECT c.contract_id AS c, min(p.person_id) AS p1, max(p.person_id) AS p2
FROM contract c JOIN person p USING (contract_id)
WHERE c.contract_id = (SELECT max(contract_id) FROM contract) GROUP BY 1;
INSERT INTO work_item (contract_id, kind, sub_kind, title, occurred_at, requested_by, requested_at, due_on)
SELECT c, 'failure_recovery', 'recovery_procedure', 'smoke', '2026-01-05 10:00', p1, '2026-01-05 10:00', '2026-01-20'
FROM ids;
ALTER TABLE ids ADD COLUMN i bigint;
UPDATE ids SET i = (SELECT max(item_id) FROM work_item WHERE title = 'smoke');
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
SELECT c, i, 'procedure', p2, 'approved', '2026-01-05 10:30' FROM ids;
INSERT INTO evidence (contract_id, item_id, evidence_type, result, performed_at, recorded_by)
SELECT c, i, 'staging_test', 'pass', '2026-01-05 11:00', p1 FROM ids;
INSERT INTO deadline_change (contract_id, item_id, new_due_on, reason, expected_completion, notified_at, recorded_by)
SELECT c, i, '2026-02-01', 'smoke', '2026-02-01', '2026-01-21 09:00', p1 FROM ids;
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-01-05 10:05'
WHERE item_id = (SELECT i FROM ids);
-- a move that requires the approved procedure (rule 1), and back
UPDATE work_item SET status = 'mitigated', status_changed_at = '2026-01-05 10:40'
WHERE item_id = (SELECT i FROM ids);
UPDATE work_item SET status = 'investigating', status_changed_at = '2026-01-05 10:50'
WHERE item_id = (SELECT i FROM ids);
DO $$
BEGIN
	UPDATE omledger.work_item SET status = 'closed', status_changed_at = '2026-01-05 12:00'
	WHERE item_id = (SELECT i FROM ids);
	RAISE NOTICE 'refused move: accepted';
EXCEPTION WHEN others THEN
	RAISE NOTICE 'refused move: %', SQLSTATE;
END
$$;
\pset footer off
SELECT w.status, w.created_by = ids.p1 AS created_by_requester, w.response_due_at IS NOT NULL AS has_due,
       w.response_started_at IS NOT NULL AS started, w.status_changed_at
FROM work_item w, ids WHERE w.item_id = ids.i;
SELECT e.from_status, e.to_status, e.occurred_at FROM work_item_event e, ids
WHERE e.item_id = ids.i ORDER BY e.occurred_at;
SELECT a.approver_id = ids.p2 AS approver FROM approval a, ids WHERE a.item_id = ids.i;
SELECT v.recorded_by = ids.p1 AS recorder FROM evidence v, ids WHERE v.item_id = ids.i;
SELECT d.old_due_on, d.late_notice FROM deadline_change d, ids WHERE d.item_id = ids.i;
