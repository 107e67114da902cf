-- The ledger's tables: contracts, systems, the menu and its revisions,
-- deadline changes and the overdue view (rule 9), pg_dump marking.
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'

CREATE FUNCTION public.ledger_try(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	st text; msg text; det text; hnt text;
BEGIN
	EXECUTE stmt;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
		det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
	RETURN regexp_replace(st || ': ' || msg
		|| coalesce(E'\nDETAIL: ' || nullif(CASE WHEN st LIKE '23%' THEN '' ELSE det END, ''), '')
		|| coalesce(E'\nHINT: ' || nullif(hnt, ''), ''),
		'(item|person|failure|incident|approval|evidence|change|contract) \d+', '\1 #', 'g');
END $$;

-- the eight systems of §3.1 are seeded
SELECT system_code, name_ja, name_en FROM system WHERE seeded ORDER BY system_code;
-- a city adds and retires its own
INSERT INTO system (system_code, name_ja, name_en) VALUES ('ZZTEST', '試験システム', 'Test System');
UPDATE system SET retired_on = '2026-04-01' WHERE system_code = 'ZZTEST';
SELECT ledger_try($$UPDATE omledger.system SET retired_on = '2026-04-01' WHERE system_code = 'SNK'$$);
SELECT ledger_try($$INSERT INTO omledger.system (system_code, name_ja, name_en, seeded) VALUES ('ZZSEED', 'x', 'x', true)$$);
SELECT ledger_try($$INSERT INTO omledger.system (system_code, name_ja, name_en) VALUES ('lower', 'x', 'x')$$);
-- lookups a city may extend
INSERT INTO evidence_type (evidence_type, description) VALUES ('zz_load_test', 'A load test');
SELECT ledger_try($$DELETE FROM omledger.evidence_type WHERE evidence_type = 'jenkins_run'$$);

-- contracts
SELECT ledger_try($$INSERT INTO omledger.contract (name, contractor, roles, term) VALUES ('x', 'y', '{janitor}', '[2025-10-01,2028-01-01)')$$);
SELECT ledger_try($$INSERT INTO omledger.contract (name, contractor, roles, term) VALUES ('x', 'y', '{}', '[2025-10-01,2028-01-01)')$$);
SELECT ledger_try($$INSERT INTO omledger.contract (name, contractor, roles, term) VALUES ('x', 'y', '{vendor}', '[2025-10-01,)')$$);
SELECT ledger_try($$INSERT INTO omledger.contract (name, contractor, roles, term, handover_in) VALUES ('x', 'y', '{vendor}', '[2025-10-01,2028-01-01)', '[2025-09-01,2025-12-31)')$$);
INSERT INTO contract (name, contractor, roles, term, handover_in, previous_contractor)
VALUES ('ledger test', 'Contractor K', '{operator,vendor}', '[2025-10-01,2028-01-01)', '[2025-10-01,2026-01-01)', 'P')
RETURNING contract_id AS c \gset
INSERT INTO person (contract_id, name, side, registered) VALUES (:c, 'City', 'city', '[2025-04-01,)')
RETURNING person_id AS city \gset
INSERT INTO person (contract_id, name, side, registered) VALUES (:c, 'City 2', 'city', '[2025-04-01,)')
RETURNING person_id AS city2 \gset
INSERT INTO person (contract_id, name, side, registered, approved_on, roles)
VALUES (:c, 'Worker', 'contractor', '[2025-10-01,)', '2025-09-01', '{worker}') RETURNING person_id AS wk \gset

-- ================================================================ the menu
INSERT INTO menu_item (contract_id, code, title, performer, system_code, procedure_ref, frequency, valid)
VALUES (:c, 'SJK-D-01', 'Check the nightly batch results', 'operator', 'SJK', 'PROC-SJK-001 v1', 'daily', '[2025-10-01,)')
RETURNING menu_item_id AS m1 \gset
-- a revision is a new row; the previous one is kept and closed
INSERT INTO menu_item (contract_id, code, title, performer, system_code, procedure_ref, frequency, valid)
VALUES (:c, 'SJK-D-01', 'Check the nightly batch results and the OME log', 'operator', 'SJK', 'PROC-SJK-001 v2', 'daily', '[2026-04-01,)')
RETURNING menu_item_id AS m2 \gset
SELECT code, revision, title, valid, supersedes_id = :m1 AS supersedes_first FROM menu_item WHERE contract_id = :c ORDER BY revision;
SELECT ledger_try(format($$UPDATE omledger.menu_item SET title = 'rewritten' WHERE menu_item_id = %s$$, :m1));
SELECT ledger_try(format($$DELETE FROM omledger.menu_item WHERE menu_item_id = %s$$, :m1));
SELECT ledger_try(format($$INSERT INTO omledger.menu_item (contract_id, code, title, performer, valid) VALUES (%s, 'SJK-D-01', 'older', 'operator', '[2026-01-01,)')$$, :c));
-- a menu task names the revision it performs; other kinds name none
INSERT INTO work_item (contract_id, kind, title, status, menu_item_id, requested_by, requested_at)
VALUES (:c, 'menu_task', 'Nightly check 2026-04-02', 'scheduled', :m2, :city, '2026-04-02 08:30')
RETURNING item_id AS task \gset
SELECT ledger_try(format($$INSERT INTO omledger.work_item (contract_id, kind, title, status, requested_by) VALUES (%s, 'menu_task', 'no menu item', 'scheduled', %s)$$, :c, :city));
UPDATE work_item SET status = 'in_progress', status_changed_at = '2026-04-02 08:45' WHERE item_id = :task;
UPDATE work_item SET status = 'done', status_changed_at = '2026-04-02 09:10' WHERE item_id = :task;
INSERT INTO work_item_system (item_id, system_code) VALUES (:task, 'SJK');
SELECT ledger_try(format($$INSERT INTO omledger.work_item_system (item_id, system_code) VALUES (%s, 'NOPE')$$, :task));
UPDATE work_item SET status = 'closed', status_changed_at = '2026-04-02 09:30' WHERE item_id = :task;
-- the systems are content: a closed item's do not change
SELECT ledger_try(format($$INSERT INTO omledger.work_item_system (item_id, system_code) VALUES (%s, 'SKT')$$, :task));

-- a contract's rows stay in it: an approval cannot name another contract's person
INSERT INTO contract (name, contractor, roles, term) VALUES ('other', 'O', '{vendor}', '[2025-10-01,2028-01-01)')
RETURNING contract_id AS other \gset
SELECT ledger_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, approver_id, decision) VALUES (%s, %s, 'estimate', %s, 'approved')$$, :other, :task, :city2));
SELECT ledger_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, approver_id, decision) VALUES (%s, NULL, 'estimate', %s, 'approved')$$, :c, :city2));
-- a non-item subject is named by subject_ref
INSERT INTO approval (contract_id, subject, subject_ref, approver_id, decision, decided_at)
VALUES (:c, 'reopen_month', '2026-03', :city2, 'approved', '2026-04-03 10:00');

-- ======================================================= rule 9: deadlines
-- an item due 2026-05-29; a change told on 2026-05-27 is on time, one told
-- after the date in force has passed is accepted but marked as late notice
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_by, requested_at, due_on)
VALUES (:c, 'service_request', 'document', 'Impact analysis of the address format change', 'requested', :city,
		'2026-05-11 10:00', '2026-05-29')
RETURNING item_id AS doc \gset
INSERT INTO deadline_change (contract_id, item_id, new_due_on, reason, expected_completion, notified_at, recorded_by)
VALUES (:c, :doc, '2026-06-12', 'The vendor''s answers arrive on 2026-06-05', '2026-06-10', '2026-05-27 15:00', :wk)
RETURNING deadline_change_id AS dc1, old_due_on, late_notice \gset
\echo old :old_due_on late :late_notice
-- not agreed yet: the original date is in force, and it has passed
SELECT work_item_due(:doc) AS due_in_force;
SELECT title, due_on, effective_due_on, change_pending FROM overdue_items WHERE contract_id = :c ORDER BY item_id;
-- the city agrees; a deadline_change approval names the change
INSERT INTO approval (contract_id, item_id, subject, subject_ref, approver_id, decision, decided_at)
VALUES (:c, :doc, 'deadline_change', :'dc1', :city2, 'approved', '2026-05-28 10:00');
SELECT work_item_due(:doc) AS due_in_force;
SELECT ledger_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, subject_ref, approver_id, decision) VALUES (%s, %s, 'deadline_change', 'not-a-number', %s, 'approved')$$, :c, :doc, :city2));
SELECT ledger_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, subject_ref, approver_id, decision) VALUES (%s, %s, 'deadline_change', '999999999', %s, 'approved')$$, :c, :doc, :city2));
-- a second change, told after 2026-06-12 had passed: late notice
INSERT INTO deadline_change (contract_id, item_id, new_due_on, reason, expected_completion, notified_at, recorded_by)
VALUES (:c, :doc, '2026-06-26', 'Test data was not ready', '2026-06-26', '2026-06-15 09:00', :wk)
RETURNING old_due_on, late_notice;
-- a change must postpone the date in force, and the item must have one
SELECT ledger_try(format($$INSERT INTO omledger.deadline_change (contract_id, item_id, new_due_on, reason, expected_completion, recorded_by) VALUES (%s, %s, '2026-06-01', 'x', '2026-06-01', %s)$$, :c, :doc, :wk));
SELECT ledger_try(format($$INSERT INTO omledger.deadline_change (contract_id, item_id, new_due_on, reason, expected_completion, recorded_by) VALUES (%s, %s, '2026-06-01', 'x', '2026-06-01', %s)$$, :c, :task, :wk));
SELECT ledger_try(format($$INSERT INTO omledger.deadline_change (contract_id, item_id, new_due_on, reason, expected_completion, recorded_by) VALUES (%s, %s, '2026-07-01', 'x', '2026-07-02', %s)$$, :c, :doc, :wk));
SELECT deadline_change_id = :dc1 AS first, old_due_on, new_due_on, late_notice FROM deadline_change WHERE item_id = :doc ORDER BY deadline_change_id;
-- deadline changes are history
SELECT ledger_try(format($$UPDATE omledger.deadline_change SET late_notice = false WHERE item_id = %s$$, :doc));
-- overdue: unfinished, past the date in force (the second change is not agreed)
SELECT title, due_on, effective_due_on, change_pending FROM overdue_items WHERE contract_id = :c ORDER BY item_id;
-- finished items are never overdue
UPDATE work_item SET status = 'cancelled', status_changed_at = '2026-06-30 10:00' WHERE item_id = :doc;
SELECT count(*) AS overdue FROM overdue_items WHERE contract_id = :c;

-- ===================================================== what pg_dump keeps
SELECT c::regclass::text AS config_table, w AS filter
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS u(c, w)
WHERE e.extname = 'omledger' AND c::regclass::text IN (
	'contract', 'system', 'person', 'menu_item', 'work_sub_kind', 'workflow_status', 'workflow_transition',
	'work_item', 'work_item_system', 'approval_subject', 'approval', 'evidence_type', 'evidence',
	'deadline_change', 'work_item_event', 'work_item_item_id_seq', 'work_item_event_event_id_seq')
ORDER BY 1;

-- every table and column of the ledger is documented
SELECT c.relname, a.attname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = 'omledger' AND c.relkind IN ('r', 'v')
  AND c.relname IN ('contract', 'system', 'person', 'menu_item', 'work_sub_kind', 'workflow_status',
	'workflow_transition', 'work_item', 'work_item_system', 'approval_subject', 'approval', 'evidence_type',
	'evidence', 'deadline_change', 'work_item_event', 'overdue_items')
  AND (col_description(c.oid, a.attnum) IS NULL OR obj_description(c.oid, 'pg_class') IS NULL);

-- clean up
SET session_replication_role = replica;
DELETE FROM work_item_event WHERE contract_id IN (:c, :other);
DELETE FROM approval WHERE contract_id IN (:c, :other);
DELETE FROM deadline_change WHERE contract_id = :c;
DELETE FROM work_item_system WHERE item_id = :task;
DELETE FROM work_item WHERE contract_id = :c;
DELETE FROM menu_item WHERE contract_id = :c;
DELETE FROM person WHERE contract_id = :c;
DELETE FROM contract WHERE contract_id IN (:c, :other);
RESET session_replication_role;
DELETE FROM system WHERE system_code = 'ZZTEST';
DELETE FROM evidence_type WHERE evidence_type = 'zz_load_test';
DROP FUNCTION public.ledger_try(text);
