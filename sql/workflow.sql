-- The workflow engine: every rule both ways, with its SQLSTATE.
-- Times are given explicitly (as when paper records are entered), so the
-- output does not depend on when the test runs.  Rule 8 (who) is in
-- workflow_who.sql; rule 9 (deadlines) in ledger.sql.
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'

\i sql/include/wf_try.sql

INSERT INTO contract (name, contractor, roles, term, handover_in, previous_contractor)
VALUES ('workflow test', 'Contractor K', '{operator,vendor}', '[2025-10-01,2028-01-01)',
		'[2025-10-01,2026-01-01)', 'Predecessor P')
RETURNING contract_id AS c \gset
INSERT INTO person (contract_id, name, organisation, side, registered, approved_on)
VALUES (:c, 'Requester', 'City', 'city', '[2025-04-01,)', NULL) RETURNING person_id AS req \gset
INSERT INTO person (contract_id, name, organisation, side, registered, approved_on)
VALUES (:c, 'Approver', 'City', 'city', '[2025-04-01,)', NULL) RETURNING person_id AS appr \gset
INSERT INTO person (contract_id, name, organisation, side, registered, approved_on, roles)
VALUES (:c, 'Worker', 'Contractor K', 'contractor', '[2025-10-01,)', '2025-09-20', '{site_lead,worker}')
RETURNING person_id AS wk \gset
INSERT INTO person (contract_id, name, organisation, side, registered, approved_on, roles)
VALUES (:c, 'Predecessor', 'Predecessor P', 'predecessor', '[2025-09-01,2026-01-01)', '2025-08-20', '{worker}')
RETURNING person_id AS pred \gset

-- ============================================================ transitions
-- A new item starts in its kind's initial status.
SELECT wf_try(format($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status, requested_by, requested_at)
  VALUES (%s, 'service_request', 'investigation', 'x', 'done', %s, '2026-02-02 10:00')$$, :c, :req));
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_by, requested_at, due_on)
VALUES (:c, 'service_request', 'data_patch', 'Fix the address of one resident', 'requested', :req,
		'2026-02-02 10:00', '2026-02-20')
RETURNING item_id AS patch, status_changed_at, content_changed_at, created_by IS NULL AS entered_by_administrator \gset
\echo :status_changed_at :content_changed_at :entered_by_administrator
-- Only allowed moves; the detail lists them.
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'done' WHERE item_id = %s$$, :patch));
-- An item keeps its kind.
SELECT wf_try(format($$UPDATE omledger.work_item SET kind = 'failure_recovery' WHERE item_id = %s$$, :patch));
-- Status times: never in the future, never backwards, only with a status change.
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'accepted', status_changed_at = '2099-01-01 09:00' WHERE item_id = %s$$, :patch));
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'accepted', status_changed_at = '2026-02-01 10:00' WHERE item_id = %s$$, :patch));
SELECT wf_try(format($$UPDATE omledger.work_item SET status_changed_at = '2026-02-02 11:00' WHERE item_id = %s$$, :patch));
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'accepted', status_changed_at = '2026-02-02 11:00' WHERE item_id = %s$$, :patch));

-- ============================================ rule 1: procedure before execution
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'in_progress', status_changed_at = '2026-02-03 09:00' WHERE item_id = %s$$, :patch));
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:c, :patch, 'procedure', :appr, 'rejected', '2026-02-03 09:30');
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'in_progress', status_changed_at = '2026-02-03 09:45' WHERE item_id = %s$$, :patch));
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:c, :patch, 'procedure', :appr, 'approved', '2026-02-03 10:00');
-- executed before the approval: still refused
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'in_progress', status_changed_at = '2026-02-03 09:50' WHERE item_id = %s$$, :patch));
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'in_progress', status_changed_at = '2026-02-03 10:30' WHERE item_id = %s$$, :patch));
-- work without a procedure rule is not affected
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_by, requested_at)
VALUES (:c, 'service_request', 'investigation', 'Why did the batch run long?', 'requested', :req, '2026-02-02 10:00')
RETURNING item_id AS inv \gset
UPDATE work_item SET status = 'accepted', status_changed_at = '2026-02-02 10:10' WHERE item_id = :inv;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'in_progress', status_changed_at = '2026-02-02 10:20' WHERE item_id = %s$$, :inv));
-- a recovery procedure on a failure, the same way
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, occurred_at, requested_by, requested_at, severity)
VALUES (:c, 'failure_recovery', 'recovery_procedure', 'Nightly batch abended', 'reported',
		'2026-02-10 02:10', :req, '2026-02-10 02:15', 'normal')
RETURNING item_id AS rec \gset
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-02-10 02:40' WHERE item_id = :rec;
UPDATE work_item SET status = 'investigating', status_changed_at = '2026-02-10 03:00' WHERE item_id = :rec;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'mitigated', status_changed_at = '2026-02-10 04:00' WHERE item_id = %s$$, :rec));
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:c, :rec, 'procedure', :appr, 'approved', '2026-02-10 04:30');
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'mitigated', status_changed_at = '2026-02-10 05:00' WHERE item_id = %s$$, :rec));

-- ======================================= rule 2: planned effort before start
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_by, requested_at)
VALUES (:c, 'modification', 'preventive_fix', 'Guard the tax interface against empty files', 'proposed', :req, '2026-03-02 10:00')
RETURNING item_id AS mod \gset
UPDATE work_item SET status = 'planned', status_changed_at = '2026-03-02 11:00' WHERE item_id = :mod;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'approved', status_changed_at = '2026-03-03 12:00' WHERE item_id = %s$$, :mod));
UPDATE work_item SET planned_effort = '5pd', planned_effort_set_at = '2026-03-03 10:00' WHERE item_id = :mod;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'approved', status_changed_at = '2026-03-03 12:00' WHERE item_id = %s$$, :mod));
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:c, :mod, 'planned_effort', :appr, 'approved', '2026-03-03 11:00');
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'approved', status_changed_at = '2026-03-03 12:00' WHERE item_id = %s$$, :mod));
-- the effort changes after the approval: "approved" keeps rule 2 (whatever
-- column changes), so the new effort is refused until the city approves it
-- (presented at 09:00, approved at 09:30)
SELECT wf_try(format($$UPDATE omledger.work_item SET planned_effort = '8pd', planned_effort_set_at = '2026-03-04 09:00' WHERE item_id = %s$$, :mod));
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:c, :mod, 'planned_effort', :appr, 'approved', '2026-03-04 09:30');
SELECT wf_try(format($$UPDATE omledger.work_item SET planned_effort = '8pd', planned_effort_set_at = '2026-03-04 09:00' WHERE item_id = %s$$, :mod));
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'in_progress', status_changed_at = '2026-03-04 10:00' WHERE item_id = %s$$, :mod));
SELECT planned_effort, planned_effort_set_at, content_changed_at FROM work_item WHERE item_id = :mod;

-- ========================= rule 3: staging, Jenkins, inspection, approval after the last change
UPDATE work_item SET status = 'testing', status_changed_at = '2026-03-05 09:00' WHERE item_id = :mod;
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, result, performed_at, recorded_by) VALUES
	(:c, :mod, 'staging_test', 'TEST-0305-1', 'pass', '2026-03-05 10:00', :wk),
	(:c, :mod, 'jenkins_run', 'jenkins #1201', 'pass', '2026-03-05 10:30', :wk);
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'release_approved', status_changed_at = '2026-03-05 12:00' WHERE item_id = %s$$, :mod));
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, result, performed_at, recorded_by) VALUES
	(:c, :mod, 'inspection', 'INSP-88', 'pass', '2026-03-05 11:00', :wk),
	(:c, :mod, 'jenkins_run', 'jenkins #1202', 'fail', '2026-03-05 11:10', :wk);
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'release_approved', status_changed_at = '2026-03-05 12:00' WHERE item_id = %s$$, :mod));
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, result, performed_at, recorded_by) VALUES
	(:c, :mod, 'jenkins_run', 'jenkins #1203', 'pass', '2026-03-05 11:20', :wk);
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:c, :mod, 'release', :appr, 'approved', '2026-03-05 11:30');
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'release_approved', status_changed_at = '2026-03-05 12:00' WHERE item_id = %s$$, :mod));
-- the release material cannot change under the approval: release_approved
-- keeps rule 3, and the tests and the approval predate the change
SELECT wf_try(format($$UPDATE omledger.work_item SET release_ref = 'v2.3.1', content_changed_at = '2026-03-05 13:00' WHERE item_id = %s$$, :mod));
-- rework: back to in_progress, change it there; everything must be redone
UPDATE work_item SET status = 'in_progress', status_changed_at = '2026-03-05 14:00' WHERE item_id = :mod;
UPDATE work_item SET release_ref = 'v2.3.1', content_changed_at = '2026-03-05 14:10' WHERE item_id = :mod;
-- content_changed_at never moves back
SELECT wf_try(format($$UPDATE omledger.work_item SET content_changed_at = '2026-03-05 12:30' WHERE item_id = %s$$, :mod));
UPDATE work_item SET status = 'testing', status_changed_at = '2026-03-05 14:30' WHERE item_id = :mod;
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, result, performed_at, recorded_by) VALUES
	(:c, :mod, 'staging_test', 'TEST-0305-2', 'pass', '2026-03-05 15:00', :wk),
	(:c, :mod, 'jenkins_run', 'jenkins #1210', 'pass', '2026-03-05 15:05', :wk),
	(:c, :mod, 'inspection', 'INSP-89', 'pass', '2026-03-05 15:10', :wk);
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:c, :mod, 'release', :appr, 'approved', '2026-03-05 15:20');
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'release_approved', status_changed_at = '2026-03-05 15:30' WHERE item_id = %s$$, :mod));
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'released', status_changed_at = '2026-03-06 08:00' WHERE item_id = %s$$, :mod));
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'closed', status_changed_at = '2026-03-09 10:00' WHERE item_id = %s$$, :mod));
-- the whole status history of the modification (changes of other columns: field is set)
SELECT from_status, to_status, occurred_at FROM work_item_event WHERE item_id = :mod AND field IS NULL ORDER BY event_id;

-- ===================================== rule 4: a major incident needs its report
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, occurred_at, requested_by, requested_at, severity)
VALUES (:c, 'failure_recovery', 'provisional_fix', 'Certificates cannot be issued at any ward office', 'reported',
		'2026-04-06 09:05', :req, '2026-04-06 09:07', 'major')
RETURNING item_id AS major \gset
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-04-06 09:08' WHERE item_id = :major;
UPDATE work_item SET status = 'investigating', status_changed_at = '2026-04-06 09:20' WHERE item_id = :major;
UPDATE work_item SET status = 'resolved', status_changed_at = '2026-04-06 11:00' WHERE item_id = :major;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'closed', status_changed_at = '2026-04-08 10:00' WHERE item_id = %s$$, :major));
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, performed_at, recorded_by)
VALUES (:c, :major, 'major_incident_report', 'DOC-2026-014', '2026-04-07 17:00', :wk);
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'closed', status_changed_at = '2026-04-08 10:00' WHERE item_id = %s$$, :major));
-- a normal failure closes without one
UPDATE work_item SET status = 'resolved', status_changed_at = '2026-02-10 06:00' WHERE item_id = :rec;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'closed', status_changed_at = '2026-02-10 09:00' WHERE item_id = %s$$, :rec));

-- ======================== rule 5: closed-day attendance agreed before the day
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_by, requested_at, scheduled_at)
VALUES (:c, 'service_request', 'closed_day_attendance', 'Attend the election system rehearsal', 'requested', :req,
		'2026-03-10 10:00', NULL)
RETURNING item_id AS att \gset
UPDATE work_item SET status = 'accepted', status_changed_at = '2026-03-10 11:00' WHERE item_id = :att;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'in_progress', status_changed_at = '2026-03-21 09:00' WHERE item_id = %s$$, :att));
UPDATE work_item SET scheduled_at = '2026-03-21 09:00' WHERE item_id = :att;
INSERT INTO approval (contract_id, item_id, subject, subject_ref, approver_id, decision, decided_at)
VALUES (:c, :att, 'closed_day_attendance', '2026-03-21', :appr, 'approved', '2026-03-21 08:00');
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'in_progress', status_changed_at = '2026-03-21 09:00' WHERE item_id = %s$$, :att));
INSERT INTO approval (contract_id, item_id, subject, subject_ref, approver_id, decision, decided_at)
VALUES (:c, :att, 'closed_day_attendance', '2026-03-21', :appr, 'approved', '2026-03-19 17:00');
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'in_progress', status_changed_at = '2026-03-21 09:00' WHERE item_id = %s$$, :att));

-- ================================ rule 6: the failure's class (table 1)
INSERT INTO work_item (contract_id, kind, title, status, occurred_at, requested_by, requested_at, failure_class)
VALUES (:c, 'failure_recovery', 'Class ' || 'A', 'reported', '2026-05-11 10:00', :req, '2026-05-11 10:00', 'A'),
	   (:c, 'failure_recovery', 'Class ' || 'B', 'reported', '2026-05-11 10:00', :req, '2026-05-11 10:00', 'B'),
	   (:c, 'failure_recovery', 'Class ' || 'C', 'reported', '2026-05-11 10:00', :req, '2026-05-11 10:00', 'C'),
	   (:c, 'failure_recovery', 'Class ' || 'D', 'reported', '2026-05-11 10:00', :req, '2026-05-11 10:00', 'D'),
	   (:c, 'failure_recovery', 'Unclassified', 'reported', '2026-05-11 10:00', :req, '2026-05-11 10:00', NULL);
SELECT item_id AS fa FROM work_item WHERE contract_id = :c AND title = 'Class A' \gset
SELECT item_id AS fb FROM work_item WHERE contract_id = :c AND title = 'Class B' \gset
SELECT item_id AS fc FROM work_item WHERE contract_id = :c AND title = 'Class C' \gset
SELECT item_id AS fd FROM work_item WHERE contract_id = :c AND title = 'Class D' \gset
SELECT item_id AS fu FROM work_item WHERE contract_id = :c AND title = 'Unclassified' \gset
-- class C: refused (do it as service work)
SELECT wf_try(format($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status, parent_id, requested_by, requested_at)
  VALUES (%s, 'modification', 'permanent_fix', 'Fix C', 'proposed', %s, %s, '2026-05-12 10:00')$$, :c, :fc, :req));
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, parent_id, requested_by, requested_at)
VALUES (:c, 'modification', 'permanent_fix', 'Fix A', 'proposed', :fa, :req, '2026-05-12 10:00'),
	   (:c, 'modification', 'permanent_fix', 'Fix B', 'proposed', :fb, :req, '2026-05-12 10:00'),
	   (:c, 'modification', 'permanent_fix', 'Fix D', 'proposed', :fd, :req, '2026-05-12 10:00'),
	   (:c, 'modification', 'permanent_fix', 'Fix unclassified', 'proposed', :fu, :req, '2026-05-12 10:00');
SELECT item_id AS ma FROM work_item WHERE contract_id = :c AND title = 'Fix A' \gset
SELECT item_id AS mb FROM work_item WHERE contract_id = :c AND title = 'Fix B' \gset
SELECT item_id AS md FROM work_item WHERE contract_id = :c AND title = 'Fix D' \gset
SELECT item_id AS mu FROM work_item WHERE contract_id = :c AND title = 'Fix unclassified' \gset
-- class D: allowed, flagged as needing an additional contract
SELECT title, needs_additional_contract FROM work_item WHERE item_id IN (:ma, :mb, :md, :mu) ORDER BY title;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'planned', status_changed_at = '2026-05-13 10:00' WHERE item_id = %s$$, :ma));
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'planned', status_changed_at = '2026-05-13 10:00' WHERE item_id = %s$$, :md));
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'planned', status_changed_at = '2026-05-13 10:00' WHERE item_id = %s$$, :mu));
-- class B: only with the joint decision
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'planned', status_changed_at = '2026-05-13 10:00' WHERE item_id = %s$$, :mb));
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at, note)
VALUES (:c, :mb, 'class_b_decision', :appr, 'approved', '2026-05-12 16:00', 'Workaround costs 2 hours a month: modify');
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'planned', status_changed_at = '2026-05-13 10:00' WHERE item_id = %s$$, :mb));
-- the failure cannot be reclassified while a modification planned on its
-- class is under way; once it is rejected, it can
SELECT wf_try(format($$UPDATE omledger.work_item SET failure_class = 'C' WHERE item_id = %s$$, :fa));
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'rejected', status_changed_at = '2026-05-14 10:00' WHERE item_id = %s$$, :ma));
SELECT wf_try(format($$UPDATE omledger.work_item SET failure_class = 'C' WHERE item_id = %s$$, :fa));
-- a modification cannot be moved onto a class C failure either
SELECT wf_try(format($$UPDATE omledger.work_item SET parent_id = %s WHERE item_id = %s$$, :fc, :md));

-- ============================ rule 7: handover work needs the predecessor's confirmation
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_by, requested_at)
VALUES (:c, 'service_request', 'investigation', 'Explain the monthly statistics job', 'requested', :req, '2025-11-10 10:00')
RETURNING item_id AS ho \gset
UPDATE work_item SET status = 'accepted', status_changed_at = '2025-11-10 11:00' WHERE item_id = :ho;
UPDATE work_item SET status = 'in_progress', status_changed_at = '2025-11-11 09:00' WHERE item_id = :ho;
UPDATE work_item SET status = 'done', status_changed_at = '2025-11-12 17:00' WHERE item_id = :ho;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'closed', status_changed_at = '2025-11-14 10:00' WHERE item_id = %s$$, :ho));
-- a confirmation recorded by our own worker does not count
INSERT INTO evidence (contract_id, item_id, evidence_type, result, performed_at, recorded_by)
VALUES (:c, :ho, 'predecessor_confirmation', 'pass', '2025-11-13 10:00', :wk);
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'closed', status_changed_at = '2025-11-14 10:00' WHERE item_id = %s$$, :ho));
INSERT INTO evidence (contract_id, item_id, evidence_type, result, performed_at, recorded_by)
VALUES (:c, :ho, 'predecessor_confirmation', 'pass', '2025-11-13 15:00', :pred);
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'closed', status_changed_at = '2025-11-14 10:00' WHERE item_id = %s$$, :ho));
-- outside the handover period no confirmation is needed
UPDATE work_item SET status = 'done', status_changed_at = '2026-02-02 12:00' WHERE item_id = :inv;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'closed', status_changed_at = '2026-02-03 12:00' WHERE item_id = %s$$, :inv));
-- handover items: the agreed report, then the confirmation
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_by, requested_at)
VALUES (:c, 'handover', 'handover_in', 'Hand over the election system jobs', 'planned', :req, '2025-10-06 10:00')
RETURNING item_id AS hand \gset
-- (a status time equal to the previous one is a time given, not "now")
UPDATE work_item SET status = 'in_progress', status_changed_at = '2025-10-06 10:00' WHERE item_id = :hand RETURNING status_changed_at;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'reported', status_changed_at = '2025-10-10 17:00' WHERE item_id = %s$$, :hand));
-- the report is agreed by both: the contractor's record alone is not the agreement
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, result, performed_at, recorded_by)
VALUES (:c, :hand, 'handover_report', 'HO-W2', 'pass', '2025-10-10 16:00', :wk);
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'reported', status_changed_at = '2025-10-10 17:00' WHERE item_id = %s$$, :hand));
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, result, performed_at, recorded_by)
VALUES (:c, :hand, 'handover_report', 'HO-W2 agreed', 'pass', '2025-10-10 16:30', :pred);
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'reported', status_changed_at = '2025-10-10 17:00' WHERE item_id = %s$$, :hand));
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'closed', status_changed_at = '2025-10-17 17:00' WHERE item_id = %s$$, :hand));
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, result, performed_at, recorded_by)
VALUES (:c, :hand, 'predecessor_confirmation', 'HO-FINAL-SNK', 'pass', '2025-10-17 16:00', :pred);
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'closed', status_changed_at = '2025-10-17 17:00' WHERE item_id = %s$$, :hand));

-- ============================== rule 10: the response clock, stored
-- at 10:00 on an open day: at once; at 23:00: within the hour (vendor) or
-- at the next opening when no immediate response is needed
INSERT INTO work_item (contract_id, kind, title, status, occurred_at, requested_by, requested_at, performer, immediate_response)
VALUES (:c, 'failure_recovery', 'Open hours', 'reported', '2026-03-02 10:00', :req, '2026-03-02 10:01', 'operator', true),
	   (:c, 'failure_recovery', 'Night, immediate', 'reported', '2026-03-02 23:00', :req, '2026-03-02 23:01', 'vendor', true),
	   (:c, 'failure_recovery', 'Night, can wait', 'reported', '2026-03-02 23:00', :req, '2026-03-02 23:01', 'vendor', false);
SELECT title, occurred_at, response_due_at, response_started_at FROM work_item
WHERE contract_id = :c AND title IN ('Open hours', 'Night, immediate', 'Night, can wait') ORDER BY occurred_at, title;
SELECT item_id AS night FROM work_item WHERE contract_id = :c AND title = 'Night, immediate' \gset
-- acknowledging records when the response started
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-03-02 23:40' WHERE item_id = :night;
SELECT response_due_at, response_started_at,
	   response_status(occurred_at, response_started_at, immediate_response, performer) FROM work_item WHERE item_id = :night;
-- and neither is rewritten afterwards
SELECT wf_try(format($$UPDATE omledger.work_item SET response_due_at = '2026-03-03 08:45' WHERE item_id = %s$$, :night));
SELECT wf_try(format($$UPDATE omledger.work_item SET response_started_at = '2026-03-02 23:10' WHERE item_id = %s$$, :night));
SELECT wf_try(format($$UPDATE omledger.work_item SET occurred_at = '2026-03-02 23:30' WHERE item_id = %s$$, :night));
-- other kinds have no response clock
SELECT wf_try(format($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status, requested_by, requested_at, response_due_at)
  VALUES (%s, 'service_request', 'investigation', 'x', 'requested', %s, '2026-02-02 10:00', '2026-02-02 11:00')$$, :c, :req));
-- the stored value survives a calendar change: 2026-03-03 becomes a closed day
INSERT INTO calendar_override (day, closed, reason) VALUES ('2026-03-03', true, 'test: city closed');
SELECT response_due('2026-03-02 23:00', false, 'vendor') AS computed_now, response_due_at AS stored
FROM work_item WHERE contract_id = :c AND title = 'Night, can wait';
DELETE FROM calendar_override WHERE day = '2026-03-03';

-- ==================================== changing a state machine (data)
-- seeded rows are read-only
SELECT wf_try($$UPDATE omledger.workflow_transition SET requires = '{}' WHERE kind = 'modification' AND from_status = 'testing' AND to_status = 'release_approved'$$);
SELECT wf_try($$DELETE FROM omledger.system WHERE system_code = 'SJK'$$);
-- an unknown precondition is refused by the table
SELECT wf_try($$INSERT INTO omledger.workflow_transition (kind, from_status, to_status, requires) VALUES ('menu_task', 'scheduled', 'done', '{no_such_thing}')$$);
-- a city adds a status and its transitions, and removes a default move
INSERT INTO workflow_status (kind, status, sort_order, description) VALUES ('service_request', 'on_hold', 35, 'Waiting for the city');
INSERT INTO workflow_transition (kind, from_status, to_status, requires) VALUES
	('service_request', 'in_progress', 'on_hold', '{}'),
	('service_request', 'on_hold', 'in_progress', '{procedure_approved}');
INSERT INTO workflow_transition (kind, from_status, to_status, enabled) VALUES ('service_request', 'done', 'in_progress', false);
UPDATE work_item SET status = 'on_hold', status_changed_at = '2026-02-04 10:00' WHERE item_id = :patch;
UPDATE work_item SET status = 'in_progress', status_changed_at = '2026-02-04 11:00' WHERE item_id = :patch;
UPDATE work_item SET status = 'done', status_changed_at = '2026-02-04 12:00' WHERE item_id = :patch;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'in_progress', status_changed_at = '2026-02-04 13:00' WHERE item_id = %s$$, :patch));
\pset format unaligned
\pset tuples_only on
SELECT workflow_dot('service_request');
\pset format aligned
\pset tuples_only off
SELECT wf_try($$SELECT omledger.workflow_dot('no_such_kind')$$);
SELECT workflow_dot(NULL) IS NULL AS strict;
UPDATE work_item SET status = 'closed', status_changed_at = '2026-02-05 09:00' WHERE item_id = :patch;
DELETE FROM workflow_transition WHERE NOT seeded AND kind = 'service_request';

-- ================================================== trigger protocol
SELECT wf_try($$SELECT omledger.work_item_workflow_before()$$);
CREATE TABLE public.wf_not_ledger (x int);
CREATE TRIGGER t BEFORE INSERT ON public.wf_not_ledger FOR EACH STATEMENT EXECUTE FUNCTION omledger.work_item_workflow_before();
SELECT wf_try($$INSERT INTO public.wf_not_ledger VALUES (1)$$);
DROP TABLE public.wf_not_ledger;

-- ============================================================ clean up
-- the ledger is append-only; only replication mode (no triggers, no
-- foreign keys) lets a test remove its rows
SET session_replication_role = replica;
DELETE FROM work_item_event WHERE contract_id = :c;
DELETE FROM evidence WHERE contract_id = :c;
DELETE FROM approval WHERE contract_id = :c;
DELETE FROM deadline_change WHERE contract_id = :c;
DELETE FROM work_item WHERE contract_id = :c;
DELETE FROM person WHERE contract_id = :c;
DELETE FROM contract WHERE contract_id = :c;
RESET session_replication_role;
DELETE FROM workflow_status WHERE NOT seeded AND kind = 'service_request';
DROP FUNCTION public.wf_try(text);
