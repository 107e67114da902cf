-- The rules hold on the item's state, whatever column changes: each way a
-- city desk or a contractor walked around them in 0.3, refused, and the
-- legitimate path beside it.  Run as the roles they would use (SET ROLE);
-- the times are the ones the roles get (now), so times in messages are
-- masked, and days are chosen from the calendar relative to today.
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'

\i sql/include/wf_try.sql
CREATE FUNCTION public.inv_try(stmt text) RETURNS text LANGUAGE sql AS $$
	SELECT regexp_replace(regexp_replace(public.wf_try(stmt),
		'\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d(:\d\d)?)?', '<time>', 'g'),
		'\d{4}-\d\d-\d\d', '<date>', 'g')
$$;
GRANT EXECUTE ON FUNCTION public.wf_try(text), public.inv_try(text) TO PUBLIC;

CREATE ROLE om_inv_ledger NOLOGIN;
CREATE ROLE om_inv_desk NOLOGIN IN ROLE om_inv_ledger;		-- city desk
CREATE ROLE om_inv_approver NOLOGIN IN ROLE om_inv_ledger;	-- city approver
CREATE ROLE om_inv_k NOLOGIN IN ROLE om_inv_ledger;			-- contractor
CREATE ROLE om_inv_pred NOLOGIN IN ROLE om_inv_ledger;		-- previous contractor
CREATE ROLE om_inv_outsider NOLOGIN IN ROLE om_inv_ledger;	-- on no roster
GRANT USAGE ON SCHEMA omledger TO om_inv_ledger;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA omledger TO om_inv_ledger;
GRANT DELETE ON omledger.work_item_system TO om_inv_ledger;

INSERT INTO contract (name, contractor, roles, term)
VALUES ('invariants test', 'Contractor K', '{operator,vendor}', '[2025-10-01,2030-01-01)')
RETURNING contract_id AS c \gset
INSERT INTO person (contract_id, name, side, db_role, registered) VALUES
	(:c, 'Desk', 'city', 'om_inv_desk', '[2025-04-01,)'),
	(:c, 'Approver', 'city', 'om_inv_approver', '[2025-04-01,)');
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles) VALUES
	(:c, 'Contractor', 'contractor', 'om_inv_k', '[2025-10-01,)', '2025-09-20', '{site_lead,worker}'),
	(:c, 'Predecessor', 'predecessor', 'om_inv_pred', '[2025-09-01,)', '2025-08-20', '{worker}');
SELECT person_id AS k FROM person WHERE contract_id = :c AND name = 'Contractor' \gset
-- the next open day and the next closed day at least a week ahead
SELECT min(d)::date AS open_day FROM generate_series(current_date + 7, current_date + 40, interval '1 day') AS d
WHERE is_open_day(d::date) \gset
SELECT min(d)::date AS closed_day FROM generate_series(current_date + 7, current_date + 40, interval '1 day') AS d
WHERE is_closed_day(d::date) \gset
SELECT min(d)::date AS closed_day_2 FROM generate_series(:'closed_day'::date + 1, :'closed_day'::date + 40, interval '1 day') AS d
WHERE is_closed_day(d::date) \gset

-- ======================= 1. a data patch walked around its procedure approval
SET ROLE om_inv_desk;
INSERT INTO work_item (contract_id, kind, sub_kind, title)
VALUES (:c, 'service_request', 'data_patch', 'Correct the address of one resident') RETURNING item_id AS patch \gset
RESET ROLE;
SET ROLE om_inv_k;
UPDATE work_item SET status = 'accepted' WHERE item_id = :patch;
-- accepted keeps no rule: the sub-kind may change there
SELECT inv_try(format($$UPDATE omledger.work_item SET sub_kind = 'investigation' WHERE item_id = %s$$, :patch));
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'in_progress' WHERE item_id = %s$$, :patch));
-- in progress, a data patch needs its approved procedure, whichever way it got there
SELECT inv_try(format($$UPDATE omledger.work_item SET sub_kind = 'data_patch' WHERE item_id = %s$$, :patch));
-- in one statement too
SELECT inv_try(format($$UPDATE omledger.work_item SET sub_kind = 'data_patch', status = 'done' WHERE item_id = %s$$, :patch));
-- the history shows every change, by whom
SELECT from_status, to_status, field, old_value, new_value, actor_id = :k AS by_contractor
FROM work_item_event WHERE item_id = :patch ORDER BY event_id;
RESET ROLE;
-- legitimate: the city approves the procedure, then the patch goes ahead
SET ROLE om_inv_approver;
INSERT INTO approval (contract_id, item_id, subject, decision) VALUES (:c, :patch, 'procedure', 'approved');
RESET ROLE;
SET ROLE om_inv_k;
SELECT inv_try(format($$UPDATE omledger.work_item SET sub_kind = 'data_patch' WHERE item_id = %s$$, :patch));
-- the approval authorised that change (it is used once): a further change
-- of what it covers, while the status keeps the rule, needs a new one
UPDATE work_item SET status = 'done' WHERE item_id = :patch;
SELECT inv_try(format($$UPDATE omledger.work_item SET detail = 'and a second resident' WHERE item_id = %s$$, :patch));
RESET ROLE;
SET ROLE om_inv_approver;
INSERT INTO approval (contract_id, item_id, subject, decision, note)
VALUES (:c, :patch, 'procedure', 'approved', 'second resident included');
RESET ROLE;
SET ROLE om_inv_k;
SELECT inv_try(format($$UPDATE omledger.work_item SET detail = 'and a second resident' WHERE item_id = %s$$, :patch));
RESET ROLE;

-- ================================ 2. a major incident closed without its report
SET ROLE om_inv_desk;
INSERT INTO work_item (contract_id, kind, sub_kind, title, occurred_at, severity, performer)
VALUES (:c, 'failure_recovery', 'impact_analysis', 'No certificate can be issued', now() - interval '2 hours', 'major', 'operator')
RETURNING item_id AS major \gset
RESET ROLE;
SET ROLE om_inv_k;
UPDATE work_item SET status = 'acknowledged' WHERE item_id = :major;
UPDATE work_item SET status = 'investigating' WHERE item_id = :major;
UPDATE work_item SET status = 'resolved' WHERE item_id = :major;
-- the contractor cannot make it normal: that is the city's judgement
SELECT inv_try(format($$UPDATE omledger.work_item SET severity = 'normal' WHERE item_id = %s$$, :major));
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'closed' WHERE item_id = %s$$, :major));
-- legitimate: the report, then the close
INSERT INTO evidence (contract_id, item_id, evidence_type, reference) VALUES (:c, :major, 'major_incident_report', 'DOC-1');
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'closed' WHERE item_id = %s$$, :major));
-- closed: nothing that decided its rules changes any more
SELECT inv_try(format($$UPDATE omledger.work_item SET severity = 'normal' WHERE item_id = %s$$, :major));
RESET ROLE;
-- the city may judge an incident normal after all (recorded as an event)
SET ROLE om_inv_desk;
INSERT INTO work_item (contract_id, kind, title, occurred_at, severity)
VALUES (:c, 'failure_recovery', 'One ward office printer', now() - interval '1 hour', 'major') RETURNING item_id AS minor \gset
SELECT inv_try(format($$UPDATE omledger.work_item SET severity = 'normal' WHERE item_id = %s$$, :minor));
SELECT field, old_value, new_value FROM work_item_event WHERE item_id = :minor AND field IS NOT NULL;
RESET ROLE;

-- ====================================== 3. who classifies a failure (table 1)
SET ROLE om_inv_desk;
INSERT INTO work_item (contract_id, kind, title, occurred_at)
VALUES (:c, 'failure_recovery', 'Tax interface rejects an empty file', now() - interval '3 hours') RETURNING item_id AS fail \gset
RESET ROLE;
SET ROLE om_inv_k;
SELECT inv_try(format($$UPDATE omledger.work_item SET failure_class = 'A' WHERE item_id = %s$$, :fail));
RESET ROLE;
-- with the city's approval of that class, the contractor classifies it
SET ROLE om_inv_approver;
INSERT INTO approval (contract_id, item_id, subject, subject_ref, decision)
VALUES (:c, :fail, 'classification', 'A', 'approved');
RESET ROLE;
SET ROLE om_inv_k;
SELECT inv_try(format($$UPDATE omledger.work_item SET failure_class = 'B' WHERE item_id = %s$$, :fail));
SELECT inv_try(format($$UPDATE omledger.work_item SET failure_class = 'A' WHERE item_id = %s$$, :fail));
-- the approval authorised one classification: changing it again needs another
SELECT inv_try(format($$UPDATE omledger.work_item SET failure_class = 'B' WHERE item_id = %s$$, :fail));
RESET ROLE;
-- the city classifies on its own
SET ROLE om_inv_desk;
SELECT inv_try(format($$UPDATE omledger.work_item SET failure_class = 'B' WHERE item_id = %s$$, :fail));
RESET ROLE;
-- class B: the contractor proceeds to planned only with the joint decision
SET ROLE om_inv_k;
INSERT INTO work_item (contract_id, kind, sub_kind, title, parent_id)
VALUES (:c, 'modification', 'permanent_fix', 'Accept empty files', :fail) RETURNING item_id AS fix \gset
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'planned' WHERE item_id = %s$$, :fix));
RESET ROLE;
SET ROLE om_inv_approver;
INSERT INTO approval (contract_id, item_id, subject, decision) VALUES (:c, :fix, 'class_b_decision', 'approved');
RESET ROLE;
SET ROLE om_inv_k;
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'planned' WHERE item_id = %s$$, :fix));
RESET ROLE;
-- the class D flag is the trigger's, not anyone's to clear
SET ROLE om_inv_k;
SELECT inv_try(format($$UPDATE omledger.work_item SET needs_additional_contract = true WHERE item_id = %s$$, :fix));
RESET ROLE;
-- planned on class B: the class stays while the modification is under way
SET ROLE om_inv_desk;
SELECT inv_try(format($$UPDATE omledger.work_item SET failure_class = 'C' WHERE item_id = %s$$, :fail));
RESET ROLE;
-- class A with the city's claim on a third party: not modified here
SET ROLE om_inv_desk;
INSERT INTO work_item (contract_id, kind, title, occurred_at, failure_class)
VALUES (:c, 'failure_recovery', 'Defect of the package vendor', now() - interval '3 hours', 'A') RETURNING item_id AS fail_a \gset
RESET ROLE;
SET ROLE om_inv_k;
SELECT inv_try(format($$UPDATE omledger.work_item SET third_party_remedy = true WHERE item_id = %s$$, :fail_a));
RESET ROLE;
SET ROLE om_inv_desk;
SELECT inv_try(format($$UPDATE omledger.work_item SET third_party_remedy = true WHERE item_id = %s$$, :fail_a));
INSERT INTO work_item (contract_id, kind, sub_kind, title, parent_id)
VALUES (:c, 'modification', 'permanent_fix', 'Fix the vendor''s defect', :fail_a) RETURNING item_id AS fix_a \gset
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'planned' WHERE item_id = %s$$, :fix_a));
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'rejected' WHERE item_id = %s$$, :fix_a));
RESET ROLE;

-- ========================== 5. an approval from before the request counts
SET ROLE om_inv_desk;
-- nor can the request be moved back to meet an old approval, nor its
-- requester changed so that they may approve their own request
SELECT inv_try(format($$UPDATE omledger.work_item SET requested_at = '2025-01-01 10:00' WHERE item_id = %s$$, :patch));
SELECT inv_try(format($$UPDATE omledger.work_item SET requested_by = %s WHERE item_id = %s$$, :k, :patch));
INSERT INTO work_item (contract_id, kind, sub_kind, title)
VALUES (:c, 'service_request', 'data_extraction', 'List the residents who moved in') RETURNING item_id AS ext \gset
RESET ROLE;
SET ROLE om_inv_approver;
SELECT inv_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, decision, decided_at) VALUES (%s, %s, 'procedure', 'approved', '2025-04-01 10:00')$$, :c, :ext));
SELECT inv_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, decision) VALUES (%s, %s, 'procedure', 'approved')$$, :c, :ext));
RESET ROLE;
SET ROLE om_inv_k;
UPDATE work_item SET status = 'accepted' WHERE item_id = :ext;
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'in_progress' WHERE item_id = %s$$, :ext));
RESET ROLE;

-- ============================================ 6. the systems are content
SET ROLE om_inv_outsider;
SELECT inv_try(format($$INSERT INTO omledger.work_item_system (item_id, system_code) VALUES (%s, 'SJK')$$, :ext));
RESET ROLE;
SET ROLE om_inv_k;
SELECT content_changed_at AS before_systems FROM work_item WHERE item_id = :ext \gset
SELECT inv_try(format($$INSERT INTO omledger.work_item_system (item_id, system_code) VALUES (%s, 'SJK')$$, :ext));
SELECT content_changed_at > :'before_systems' AS content_moved FROM work_item WHERE item_id = :ext;
SELECT inv_try(format($$DELETE FROM omledger.work_item_system WHERE item_id = %s AND system_code = 'SJK'$$, :ext));
SELECT field, old_value, new_value, actor_id = :k AS by_contractor
FROM work_item_event WHERE item_id = :ext AND field = 'systems' ORDER BY event_id;
-- the systems of an item entered in the same transaction are part of
-- entering it: a paper record keeps its dates
BEGIN;
INSERT INTO work_item (contract_id, kind, sub_kind, title, requested_at)
VALUES (:c, 'service_request', 'investigation', 'Entered from paper', now() - interval '3 days') RETURNING item_id AS paper \gset
INSERT INTO work_item_system (item_id, system_code) VALUES (:paper, 'SJK');
SELECT content_changed_at = requested_at AS dates_kept FROM work_item WHERE item_id = :paper;
-- ... and still only someone on the roster adds them (rule 8), even in
-- the transaction that entered the item, where the item is not updated
SET LOCAL ROLE om_inv_outsider;
SELECT inv_try(format($$INSERT INTO omledger.work_item_system (item_id, system_code) VALUES (%s, 'SKT')$$, :paper));
SET LOCAL ROLE om_inv_k;
SELECT count(*) AS paper_systems, count(*) FILTER (WHERE system_code = 'SJK') AS sjk
  FROM work_item_system WHERE item_id = :paper;
COMMIT;
RESET ROLE;

-- rule 8 on the menu as well: only a person on the roster enters a revision
SET ROLE om_inv_outsider;
SELECT inv_try(format($$INSERT INTO omledger.menu_item (contract_id, code, title, performer, valid) VALUES (%s, 'INV-01', 'Nightly check', 'operator', '[2026-01-01,)')$$, :c));
RESET ROLE;
SET ROLE om_inv_k;
SELECT inv_try(format($$INSERT INTO omledger.menu_item (contract_id, code, title, performer, valid) VALUES (%s, 'INV-01', 'Nightly check', 'operator', '[2026-01-01,)')$$, :c));
RESET ROLE;

-- ===================== 7. closed-day attendance is scheduled on a closed day
SET ROLE om_inv_desk;
INSERT INTO work_item (contract_id, kind, sub_kind, title, scheduled_at)
VALUES (:c, 'service_request', 'closed_day_attendance', 'Attend the rehearsal', (:'open_day' || ' 09:00')::timestamptz)
RETURNING item_id AS att \gset
RESET ROLE;
SET ROLE om_inv_approver;
INSERT INTO approval (contract_id, item_id, subject, subject_ref, decision)
VALUES (:c, :att, 'closed_day_attendance', :'open_day', 'approved');
RESET ROLE;
SET ROLE om_inv_k;
UPDATE work_item SET status = 'accepted' WHERE item_id = :att;
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'in_progress' WHERE item_id = %s$$, :att));
SELECT inv_try(format($$UPDATE omledger.work_item SET scheduled_at = %L WHERE item_id = %s$$, :'closed_day' || ' 09:00', :att));
-- the agreement names the day: one for another day does not cover it
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'in_progress' WHERE item_id = %s$$, :att));
RESET ROLE;
SET ROLE om_inv_approver;
INSERT INTO approval (contract_id, item_id, subject, subject_ref, decision)
VALUES (:c, :att, 'closed_day_attendance', :'closed_day', 'approved');
RESET ROLE;
SET ROLE om_inv_k;
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'in_progress' WHERE item_id = %s$$, :att));
-- in progress, it stays on a closed day, and on the day agreed
SELECT inv_try(format($$UPDATE omledger.work_item SET scheduled_at = %L WHERE item_id = %s$$, :'open_day' || ' 09:00', :att));
SELECT inv_try(format($$UPDATE omledger.work_item SET scheduled_at = %L WHERE item_id = %s$$, :'closed_day_2' || ' 09:00', :att));
RESET ROLE;

-- ===================== 8. the handover report is agreed by the other side
SET ROLE om_inv_desk;
INSERT INTO work_item (contract_id, kind, sub_kind, title)
VALUES (:c, 'handover', 'handover_in', 'Hand over the nightly batch') RETURNING item_id AS ho \gset
RESET ROLE;
SET ROLE om_inv_k;
UPDATE work_item SET status = 'in_progress' WHERE item_id = :ho;
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, result) VALUES (:c, :ho, 'handover_report', 'HO-1', 'pass');
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'reported' WHERE item_id = %s$$, :ho));
RESET ROLE;
SET ROLE om_inv_pred;
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, result) VALUES (:c, :ho, 'handover_report', 'HO-1', 'pass');
RESET ROLE;
SET ROLE om_inv_k;
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'reported' WHERE item_id = %s$$, :ho));
RESET ROLE;

-- ================= 9. promptly: an allowance in open hours (the city's reading)
SELECT response_due('2026-11-26 10:00') AS thursday_10_00,
	   response_status('2026-11-26 10:00', '2026-11-26 10:03') AS after_3_minutes,
	   response_status('2026-11-26 10:00', '2026-11-26 10:15') AS after_15_minutes,
	   response_status('2026-11-26 10:00', '2026-11-26 10:16') AS after_16_minutes;
SELECT party, in_hours, out_of_hours FROM response_allowance ORDER BY party;
-- configurable per party: 0 is "at once"
BEGIN;
UPDATE response_allowance SET in_hours = '0' WHERE party = 'vendor';
SELECT response_status('2026-11-26 10:00', '2026-11-26 10:03', true, 'vendor') AS vendor_after_3_minutes;
ROLLBACK;

-- ======================= 10. an entry recorded long after the time it names
-- (20 days ago at 10:00 Japan time: acknowledged 10 minutes later, in time
-- whether that day was open or closed, whatever the hour the test runs at)
SET ROLE om_inv_desk;
INSERT INTO work_item (contract_id, kind, title, occurred_at, requested_at)
VALUES (:c, 'failure_recovery', 'Backfilled failure',
        ((now() AT TIME ZONE 'Asia/Tokyo')::date - 20 + time '10:00') AT TIME ZONE 'Asia/Tokyo',
        ((now() AT TIME ZONE 'Asia/Tokyo')::date - 20 + time '10:05') AT TIME ZONE 'Asia/Tokyo')
RETURNING item_id AS back, requested_at AS back_requested \gset
INSERT INTO work_item (contract_id, kind, title, occurred_at)
VALUES (:c, 'failure_recovery', 'Fresh failure', now() - interval '10 minutes') RETURNING item_id AS fresh \gset
RESET ROLE;
SET ROLE om_inv_k;
-- times are not before the item, nor in the future; a failure does not occur after its report
SELECT inv_try(format($$INSERT INTO omledger.work_item (contract_id, kind, title, occurred_at, requested_at) VALUES (%s, 'failure_recovery', 'Reported early', now() - interval '1 hour', now() - interval '2 hours')$$, :c));
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'acknowledged', status_changed_at = %L WHERE item_id = %s$$, :'back_requested'::timestamptz - interval '1 minute', :back));
SELECT inv_try(format($$INSERT INTO omledger.evidence (contract_id, item_id, evidence_type, performed_at) VALUES (%s, %s, 'minutes', %L)$$, :c, :back, :'back_requested'::timestamptz - interval '1 hour'));
-- accepted, but reported as recorded late
UPDATE work_item SET status = 'acknowledged', status_changed_at = :'back_requested'::timestamptz + interval '5 minutes' WHERE item_id = :back;
UPDATE work_item SET status = 'acknowledged' WHERE item_id = :fresh;
-- (the fresh one's verdict itself depends on the hour the test runs at --
-- in or out of online hours -- so it is shown as: not flagged, and the
-- verdict of its own two times)
SELECT work_item_response_status(:back) AS backfilled,
       work_item_response_status(:fresh) NOT LIKE '%recorded_late' AS fresh_not_flagged,
       work_item_response_status(:fresh) = (SELECT response_status(w.occurred_at, w.status_changed_at)
                                              FROM work_item w WHERE w.item_id = :fresh) AS fresh_by_its_times;
SELECT record, what FROM late_entries WHERE contract_id = :c ORDER BY record, record_id;
-- the calendar's response_status, given when the start was entered
SELECT response_status('2026-11-26 10:00', '2026-11-26 10:03', true, 'operator', '2026-11-27 09:00') AS next_day,
	   response_status('2026-11-26 10:00', '2026-11-26 10:03', true, 'operator', '2026-11-30 09:00') AS after_the_weekend,
	   response_status('2026-11-26 10:00', '2026-11-26 10:30', true, 'operator', '2026-12-01 09:00') AS late_and_recorded_late,
	   response_status('2026-11-26 10:00', '2026-11-26 10:03', true, 'operator', '2026-11-30 09:00', 2) AS with_two_days;
RESET ROLE;

-- ============ 4. a provisional program fix put into production during a failure
SET ROLE om_inv_desk;
INSERT INTO work_item (contract_id, kind, sub_kind, title, occurred_at)
VALUES (:c, 'failure_recovery', 'provisional_fix', 'Batch abends on a new address format', now() - interval '1 hour')
RETURNING item_id AS prov \gset
RESET ROLE;
SET ROLE om_inv_k;
UPDATE work_item SET status = 'acknowledged' WHERE item_id = :prov;
UPDATE work_item SET status = 'investigating', release_ref = 'hotfix-1' WHERE item_id = :prov;
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'mitigated' WHERE item_id = %s$$, :prov));
-- the release gate of a modification: tests, Jenkins, inspection, the city's approval
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, result)
SELECT :c, :prov, t, 'HF-1', 'pass' FROM unnest(ARRAY['staging_test', 'jenkins_run', 'inspection']) AS t;
RESET ROLE;
SET ROLE om_inv_approver;
INSERT INTO approval (contract_id, item_id, subject, decision) VALUES (:c, :prov, 'release', 'approved');
RESET ROLE;
SET ROLE om_inv_k;
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'mitigated' WHERE item_id = %s$$, :prov));
-- what is in production does not change behind the gate
SELECT inv_try(format($$UPDATE omledger.work_item SET release_ref = 'hotfix-2' WHERE item_id = %s$$, :prov));
RESET ROLE;
-- the emergency path, if the city chooses it for the contract: the fix goes
-- in first, the approval follows within the open days given
UPDATE contract SET emergency_release_open_days = 2 WHERE contract_id = :c;
SET ROLE om_inv_desk;
INSERT INTO work_item (contract_id, kind, sub_kind, title, occurred_at, requested_at, release_ref)
VALUES (:c, 'failure_recovery', 'provisional_fix', 'Night batch, fixed at once', now() - interval '20 days',
		now() - interval '20 days', 'hotfix-night')
RETURNING item_id AS night, requested_at AS night_at \gset
RESET ROLE;
SET ROLE om_inv_k;
UPDATE work_item SET status = 'acknowledged', status_changed_at = :'night_at'::timestamptz + interval '10 minutes' WHERE item_id = :night;
SELECT inv_try(format($$UPDATE omledger.work_item SET status = 'mitigated', status_changed_at = %L WHERE item_id = %s$$, :'night_at'::timestamptz + interval '1 hour', :night));
SELECT title, release_ref FROM release_gate_overdue WHERE contract_id = :c;
RESET ROLE;
SET ROLE om_inv_approver;
INSERT INTO approval (contract_id, item_id, subject, decision) VALUES (:c, :night, 'release', 'approved');
RESET ROLE;
SELECT count(*) AS still_overdue FROM release_gate_overdue WHERE contract_id = :c;
UPDATE contract SET emergency_release_open_days = NULL WHERE contract_id = :c;

-- ================== 11. a contract that does not exist: the foreign key error
SET ROLE om_inv_approver;
SELECT inv_try($$INSERT INTO omledger.approval (contract_id, subject, subject_ref, decision) VALUES (99999999, 'reopen_month', '2026-10', 'approved')$$);
SELECT inv_try($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title) VALUES (99999999, 'service_request', 'investigation', 'x')$$);
RESET ROLE;

-- every change of a column that decides the rules is in the history
SELECT count(*) AS events_recorded FROM work_item_event WHERE contract_id = :c AND field IS NOT NULL;

-- clean up
SET session_replication_role = replica;
DELETE FROM work_item_event WHERE contract_id = :c;
DELETE FROM evidence WHERE contract_id = :c;
DELETE FROM approval WHERE contract_id = :c;
DELETE FROM work_item_system WHERE item_id IN (SELECT item_id FROM work_item WHERE contract_id = :c);
DELETE FROM work_item WHERE contract_id = :c;
DELETE FROM menu_item WHERE contract_id = :c;
DELETE FROM person WHERE contract_id = :c;
DELETE FROM contract WHERE contract_id = :c;
RESET session_replication_role;
REVOKE ALL ON ALL TABLES IN SCHEMA omledger FROM om_inv_ledger;
REVOKE USAGE ON SCHEMA omledger FROM om_inv_ledger;
DROP ROLE om_inv_desk, om_inv_approver, om_inv_k, om_inv_pred, om_inv_outsider;
DROP ROLE om_inv_ledger;
DROP FUNCTION public.inv_try(text);
DROP FUNCTION public.wf_try(text);
