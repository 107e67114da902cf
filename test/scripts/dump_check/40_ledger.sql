-- ledger: every row comes back once, with its history, and new rows go on
-- from the restored sequences through the triggers.
SET TimeZone = 'Asia/Tokyo';
SET search_path = omledger, public;
SELECT name, contractor, roles, term, handover_in, previous_contractor FROM contract ORDER BY name;
SELECT system_code, name_en, seeded FROM system ORDER BY system_code;
SELECT p.name, p.side, p.registered, p.approved_on, p.roles FROM person p JOIN contract c USING (contract_id) WHERE c.name = 'dump test' ORDER BY p.person_id;
SELECT code, revision, title, valid, supersedes_id IS NOT NULL AS supersedes FROM menu_item ORDER BY code, revision;
SELECT kind, status, status_changed_at, requested_at, planned_effort, severity, failure_class, response_due_at,
	   response_started_at, content_changed_at, (requested_by IS NOT NULL) AS has_requester, source, dedupe_key
FROM work_item w JOIN contract c USING (contract_id) WHERE c.name = 'dump test' ORDER BY item_id;
SELECT w.title, e.from_status, e.to_status, e.occurred_at, e.db_user
FROM work_item_event e JOIN work_item w USING (item_id) JOIN contract c ON c.contract_id = w.contract_id
WHERE c.name = 'dump test' ORDER BY e.event_id;
SELECT a.subject, a.decision, a.decided_at, a.note FROM approval a JOIN contract c USING (contract_id) WHERE c.name = 'dump test' ORDER BY a.approval_id;
SELECT e.evidence_type, e.result, e.performed_at FROM evidence e JOIN contract c USING (contract_id) WHERE c.name = 'dump test' ORDER BY e.evidence_id;
SELECT old_due_on, new_due_on, late_notice, notified_at FROM deadline_change ORDER BY deadline_change_id;
SELECT kind, from_status, to_status, requires, enabled FROM workflow_transition WHERE NOT seeded ORDER BY 1, 2, 3;
SELECT count(*) AS seeded_transitions FROM workflow_transition WHERE seeded;
SELECT evidence_type FROM evidence_type WHERE NOT seeded;
SELECT n.note_id, w.title, n.note FROM public.ledger_city_notes n JOIN work_item w USING (item_id) ORDER BY n.note_id;
SELECT title, work_item_due(item_id) FROM work_item WHERE title = 'Explain the statistics job';
-- the restored database goes on: the release is checked again, and recorded
BEGIN;
UPDATE work_item SET status = 'released' WHERE title = 'Keep addresses when the batch restarts';
SELECT from_status, to_status FROM work_item_event e JOIN work_item w USING (item_id)
WHERE w.title = 'Keep addresses when the batch restarts' ORDER BY e.event_id DESC LIMIT 1;
ROLLBACK;
RESET search_path;
RESET TimeZone;
