-- ledger: a contract, its roster, a revised menu item, items of several kinds
-- moved through several transitions with approvals and evidence, a deadline
-- change, a city's own system, evidence type, status and transitions, and a
-- user table that refers to work items.  pg_restore loads it all through
-- COPY, which the workflow triggers take as history (no checks, no events).
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
INSERT INTO contract (name, contractor, roles, term, handover_in, previous_contractor)
VALUES ('dump test', 'Contractor K', '{operator,vendor}', '[2025-10-01,2028-01-01)', '[2025-10-01,2026-01-01)', 'Predecessor P');
INSERT INTO system (system_code, name_ja, name_en) VALUES ('ZZDUMP', 'ダンプ試験システム', 'Dump Test System');
INSERT INTO evidence_type (evidence_type, description) VALUES ('zz_dump_evidence', 'A city''s own evidence type');
INSERT INTO workflow_status (kind, status, sort_order, description) VALUES ('service_request', 'on_hold', 35, 'Waiting for the city');
INSERT INTO workflow_transition (kind, from_status, to_status, requires) VALUES
	('service_request', 'in_progress', 'on_hold', '{}'),
	('service_request', 'on_hold', 'in_progress', '{procedure_approved}');
INSERT INTO workflow_transition (kind, from_status, to_status, enabled) VALUES ('service_request', 'done', 'in_progress', false);
INSERT INTO person (contract_id, name, organisation, side, registered)
SELECT contract_id, n, '住民情報課', 'city', '[2025-04-01,)' FROM contract, unnest('{市 太郎,市 花子}'::text[]) n WHERE name = 'dump test';
INSERT INTO person (contract_id, name, organisation, side, registered, approved_on, roles)
SELECT contract_id, '作業 一郎', 'Contractor K', 'contractor', '[2025-10-01,)', '2025-09-15', '{site_lead,worker}' FROM contract WHERE name = 'dump test';
INSERT INTO person (contract_id, name, organisation, side, registered, approved_on, roles)
SELECT contract_id, '前任 次郎', 'Predecessor P', 'predecessor', '[2025-09-01,2026-01-01)', '2025-08-20', '{worker}' FROM contract WHERE name = 'dump test';
CREATE TEMP VIEW d AS
SELECT c.contract_id,
	   (SELECT person_id FROM person WHERE contract_id = c.contract_id AND name = '市 太郎') AS req,
	   (SELECT person_id FROM person WHERE contract_id = c.contract_id AND name = '市 花子') AS appr,
	   (SELECT person_id FROM person WHERE contract_id = c.contract_id AND name = '作業 一郎') AS wk,
	   (SELECT person_id FROM person WHERE contract_id = c.contract_id AND name = '前任 次郎') AS pred
FROM contract c WHERE c.name = 'dump test';
-- the menu: revision 2 closes revision 1 (revision 1's row is rewritten, so
-- it comes after revision 2 in the heap: the restore must cope)
INSERT INTO menu_item (contract_id, code, title, performer, system_code, procedure_ref, valid)
SELECT contract_id, 'SJK-D-01', 'Check the nightly batch', 'operator', 'SJK', 'PROC-1 v1', '[2025-10-01,)' FROM d;
INSERT INTO menu_item (contract_id, code, title, performer, system_code, procedure_ref, valid)
SELECT contract_id, 'SJK-D-01', 'Check the nightly batch and the OME log', 'operator', 'SJK', 'PROC-1 v2', '[2026-02-01,)' FROM d;
-- a failure, major, closed with its report
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, occurred_at, requested_by, requested_at, severity, failure_class, performer, source, dedupe_key)
SELECT contract_id, 'failure_recovery', 'data_patch', 'Residents'' addresses lost by the night batch', 'reported',
	   '2026-01-13 02:10', req, '2026-01-13 02:12', 'major', 'A', 'vendor', 'abend-notifier', 'JOB-SJK-0113' FROM d;
CREATE TEMP VIEW f AS SELECT item_id FROM work_item WHERE dedupe_key = 'JOB-SJK-0113';
INSERT INTO work_item_system (item_id, system_code) SELECT item_id, 'SJK' FROM f;
INSERT INTO work_item_system (item_id, system_code) SELECT item_id, 'ZZDUMP' FROM f;
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-01-13 02:40' WHERE item_id = (SELECT item_id FROM f);
UPDATE work_item SET status = 'investigating', status_changed_at = '2026-01-13 03:00' WHERE item_id = (SELECT item_id FROM f);
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at, note)
SELECT contract_id, (SELECT item_id FROM f), 'procedure', appr, 'approved', '2026-01-13 07:30', '電話で説明、承認' FROM d;
UPDATE work_item SET status = 'mitigated', status_changed_at = '2026-01-13 08:00' WHERE item_id = (SELECT item_id FROM f);
UPDATE work_item SET status = 'resolved', status_changed_at = '2026-01-14 17:00' WHERE item_id = (SELECT item_id FROM f);
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, performed_at, recorded_by)
SELECT contract_id, (SELECT item_id FROM f), 'major_incident_report', 'DOC-2026-003', '2026-01-15 12:00', wk FROM d;
UPDATE work_item SET status = 'closed', status_changed_at = '2026-01-16 10:00' WHERE item_id = (SELECT item_id FROM f);
-- its permanent fix, released
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, parent_id, requested_by, requested_at, planned_effort)
SELECT contract_id, 'modification', 'permanent_fix', 'Keep addresses when the batch restarts', 'proposed', (SELECT item_id FROM f), req, '2026-01-16 11:00', '1pm 4pd' FROM d;
CREATE TEMP VIEW m AS SELECT item_id FROM work_item WHERE title = 'Keep addresses when the batch restarts';
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
SELECT contract_id, (SELECT item_id FROM m), 'planned_effort', appr, 'approved', '2026-01-19 10:00' FROM d;
UPDATE work_item SET status = 'planned', status_changed_at = '2026-01-19 09:00' WHERE item_id = (SELECT item_id FROM m);
UPDATE work_item SET status = 'approved', status_changed_at = '2026-01-19 11:00' WHERE item_id = (SELECT item_id FROM m);
UPDATE work_item SET status = 'in_progress', status_changed_at = '2026-01-20 09:00' WHERE item_id = (SELECT item_id FROM m);
UPDATE work_item SET release_ref = 'sjk-2026.01.1', detail = 'Restartable batch step' WHERE item_id = (SELECT item_id FROM m);
UPDATE work_item SET status = 'testing', status_changed_at = now() WHERE item_id = (SELECT item_id FROM m);
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, result, recorded_by)
SELECT contract_id, (SELECT item_id FROM m), t, t || ' ok', 'pass', wk FROM d, unnest('{staging_test,jenkins_run,inspection}'::text[]) t;
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision)
SELECT contract_id, (SELECT item_id FROM m), 'release', appr, 'approved' FROM d;
UPDATE work_item SET status = 'release_approved' WHERE item_id = (SELECT item_id FROM m);
-- a service request done during the handover, confirmed by the predecessor,
-- after a late deadline change
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_by, requested_at, due_on)
SELECT contract_id, 'service_request', 'investigation', 'Explain the statistics job', 'requested', req, '2025-11-04 10:00', '2025-11-14' FROM d;
CREATE TEMP VIEW s AS SELECT item_id FROM work_item WHERE title = 'Explain the statistics job';
UPDATE work_item SET status = 'accepted', status_changed_at = '2025-11-04 11:00' WHERE item_id = (SELECT item_id FROM s);
UPDATE work_item SET status = 'in_progress', status_changed_at = '2025-11-05 09:00' WHERE item_id = (SELECT item_id FROM s);
UPDATE work_item SET status = 'on_hold', status_changed_at = '2025-11-10 09:00' WHERE item_id = (SELECT item_id FROM s);
INSERT INTO deadline_change (contract_id, item_id, new_due_on, reason, expected_completion, notified_at, recorded_by)
SELECT contract_id, (SELECT item_id FROM s), '2025-11-28', '前任者の資料待ち', '2025-11-27', '2025-11-17 10:00', wk FROM d;
INSERT INTO approval (contract_id, item_id, subject, subject_ref, approver_id, decision, decided_at)
SELECT d.contract_id, (SELECT item_id FROM s), 'deadline_change', c.deadline_change_id::text, appr, 'approved', '2025-11-17 15:00'
FROM d, deadline_change c WHERE c.item_id = (SELECT item_id FROM s);
UPDATE work_item SET status = 'in_progress', status_changed_at = '2025-11-18 09:00' WHERE item_id = (SELECT item_id FROM s);
UPDATE work_item SET status = 'done', status_changed_at = '2025-11-26 17:00' WHERE item_id = (SELECT item_id FROM s);
INSERT INTO evidence (contract_id, item_id, evidence_type, result, performed_at, recorded_by)
SELECT contract_id, (SELECT item_id FROM s), 'predecessor_confirmation', 'pass', '2025-11-27 10:00', pred FROM d;
UPDATE work_item SET status = 'closed', status_changed_at = '2025-11-27 11:00' WHERE item_id = (SELECT item_id FROM s);
-- a user table of the city's that refers to work items
CREATE TABLE public.ledger_city_notes (
	note_id int PRIMARY KEY,
	item_id bigint NOT NULL REFERENCES omledger.work_item,
	note text NOT NULL
);
INSERT INTO public.ledger_city_notes SELECT 1, item_id, '議会答弁用に記録' FROM f;
INSERT INTO public.ledger_city_notes SELECT 2, item_id, 'Follow up in the monthly meeting' FROM m;
DROP VIEW s, m, f, d;
RESET TimeZone;
SET search_path = public;
