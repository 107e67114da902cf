-- security_incident: information security incidents (security annex 5) are
-- a kind of work of their own, apart from system failures: their own state
-- machine, their own response clock (reported to the city at once, at any
-- hour, by default), and the city decides when one is closed.  Tried as
-- the contractor and the city would, both ways.
\i sql/include/security_fixture.sql
\pset null '(null)'

-- The kind, its state machine and its clock, as seeded
SELECT status, is_initial, is_terminal, starts_response FROM workflow_status
 WHERE kind = 'security_incident' ORDER BY sort_order;
SELECT from_status, to_status, requires FROM workflow_transition
 WHERE kind = 'security_incident' ORDER BY from_status, to_status;
SELECT party, in_hours, out_of_hours FROM response_allowance WHERE party = 'security_incident';
-- at any hour: a Sunday night (02:00 in Japan) is due at once, where a
-- failure reported to the operator would be due an hour later
SELECT response_due('2025-11-16 02:00+09', true, 'security_incident') AS incident_due,
       response_due('2025-11-16 02:00+09', true, 'operator') AS failure_due,
       response_due('2025-11-17 10:00+09', true, 'security_incident') AS open_hours_due;
SELECT charge_category('security_incident', false) AS effort_charged_to;

-- The worker enters an incident: a lost IC card, detected at 02:00 on a
-- Sunday, entered when found out
SET ROLE om_test_sec_worker;
INSERT INTO work_item (contract_id, kind, sub_kind, title, occurred_at, requested_at)
VALUES (:ca, 'security_incident', 'loss', 'A: IC card lost', '2025-11-16 02:00+09', '2025-11-16 02:05+09')
RETURNING item_id AS inc, status, response_due_at, response_started_at \gset
SELECT status, response_due_at, response_started_at FROM work_item WHERE item_id = :inc;
RESET ROLE;
-- reported to the city at once: its entry raised an alert (NOTIFY
-- omledger_alert), although the worker has no right on the alert table;
-- the city reads it; a refused entry below raises none
SET ROLE om_test_sec_city;
SELECT kind, item_id = :inc AS about_the_incident, payload->>'sub_kind' AS sub_kind,
       (payload->>'response_due_at')::timestamptz = '2025-11-16 02:00+09' AS due_at_once
  FROM pending_alerts(0) WHERE kind = 'security_incident';
RESET ROLE;
SET ROLE om_test_sec_worker;
SELECT wf_try('SELECT count(*) FROM omledger.alert');
-- refused: without the time it occurred, or as not immediate
SELECT wf_try(format($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title) VALUES (%s, 'security_incident', 'leak', 'no time')$$, :ca));
SELECT wf_try(format($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, occurred_at, immediate_response) VALUES (%s, 'security_incident', 'leak', 'not urgent', now(), false)$$, :ca));
-- a failure's sub-kind is not an incident's
SELECT wf_try(format($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, occurred_at) VALUES (%s, 'security_incident', 'data_patch', 'wrong sub-kind', now())$$, :ca));
-- every incident is reported: not cancelled before the city is told
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'cancelled' WHERE item_id = %s$$, :inc));
-- nor closed
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'closed' WHERE item_id = %s$$, :inc));
-- reported to the city at 02:20: the response clock stops, 20 minutes late
UPDATE work_item SET status = 'reported_to_city', status_changed_at = '2025-11-16 02:20+09'
 WHERE item_id = :inc RETURNING status, response_started_at;
SELECT work_item_response_status(:inc) AS response,
       minutes_late(occurred_at, response_started_at, true, 'security_incident') AS minutes_late
  FROM work_item WHERE item_id = :inc;
-- the stored clock never changes (rule 10)
SELECT wf_try(format($$UPDATE omledger.work_item SET status_changed_at = now() WHERE item_id = %s$$, :inc));
UPDATE work_item SET status = 'contained', status_changed_at = '2025-11-16 09:00+09'
 WHERE item_id = :inc RETURNING status;
-- the contractor cannot close it: the city decides (OM430), and only the
-- city records decisions (no INSERT on approval)
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'closed' WHERE item_id = %s$$, :inc));
SELECT wf_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, decision) VALUES (%s, %s, 'incident_closure', 'approved')$$, :ca, :inc));
-- the incident report (事故報告書) the city asked for
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, performed_at)
VALUES (:ca, :inc, 'incident_report', 'INC-2025-001', '2025-11-18 10:00+09') RETURNING evidence_type, reference;
RESET ROLE;

-- The other contractor sees none of it
SET ROLE om_test_sec_other;
SELECT count(*) AS incidents_seen_by_b FROM work_item WHERE kind = 'security_incident';
SELECT wf_try(format($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, occurred_at) VALUES (%s, 'security_incident', 'leak', 'into A', now())$$, :ca));
RESET ROLE;

-- The city decides: a rejection first (the investigation goes on), and the
-- contractor's close is still refused; then the approval, and it closes
SET ROLE om_test_sec_city;
INSERT INTO approval (contract_id, item_id, subject, decision, decided_at, note)
VALUES (:ca, :inc, 'incident_closure', 'rejected', '2025-11-19 10:00+09', 'the card log is still missing') RETURNING decision;
RESET ROLE;
SET ROLE om_test_sec_worker;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'closed' WHERE item_id = %s$$, :inc));
RESET ROLE;
SET ROLE om_test_sec_city;
INSERT INTO approval (contract_id, item_id, subject, decision, decided_at)
VALUES (:ca, :inc, 'incident_closure', 'approved', '2025-11-20 10:00+09') RETURNING decision;
RESET ROLE;
SET ROLE om_test_sec_worker;
UPDATE work_item SET status = 'closed', status_changed_at = '2025-11-20 11:00+09'
 WHERE item_id = :inc RETURNING status;
RESET ROLE;
SELECT from_status, to_status, db_user FROM work_item_event WHERE item_id = :inc AND field IS NULL ORDER BY event_id;

-- The city reports one itself (a call from a ward office) and, after it
-- was told, decides it was none: cancelled with its decision
SET ROLE om_test_sec_city;
INSERT INTO work_item (contract_id, kind, sub_kind, title, occurred_at, requested_at)
VALUES (:ca, 'security_incident', 'leak', 'A: mail to a wrong address?', '2025-11-21 14:00+09', '2025-11-21 14:00+09')
RETURNING item_id AS inc2 \gset
UPDATE work_item SET status = 'reported_to_city', status_changed_at = '2025-11-21 14:00+09' WHERE item_id = :inc2;
SELECT work_item_response_status(:inc2) AS response;
-- the city desk cannot decide on the incident it reported itself (OM211);
-- a colleague can
SELECT wf_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, decision, decided_at) VALUES (%s, %s, 'incident_closure', 'approved', '2025-11-21 16:00+09')$$, :ca, :inc2));
RESET ROLE;
SET ROLE om_test_sec_city2;
INSERT INTO approval (contract_id, item_id, subject, decision, decided_at)
VALUES (:ca, :inc2, 'incident_closure', 'approved', '2025-11-21 16:00+09') RETURNING decision;
UPDATE work_item SET status = 'cancelled', status_changed_at = '2025-11-21 16:30+09'
 WHERE item_id = :inc2 RETURNING status;
RESET ROLE;

-- The clock is data: the administrator gives incidents 30 minutes at
-- night; incidents reported from then on store the new due time, the
-- stored ones keep theirs
SET ROLE om_test_sec_admin;
UPDATE response_allowance SET out_of_hours = '30 minutes' WHERE party = 'security_incident';
RESET ROLE;
SET ROLE om_test_sec_worker;
INSERT INTO work_item (contract_id, kind, sub_kind, title, occurred_at, requested_at)
VALUES (:ca, 'security_incident', 'rule_breach', 'A: USB stick connected', '2025-11-22 23:00+09', '2025-11-22 23:10+09')
RETURNING response_due_at;
RESET ROLE;
SELECT response_due_at FROM work_item WHERE item_id = :inc;
-- the contractor cannot change the clock
SET ROLE om_test_sec_worker;
SELECT wf_try($$UPDATE omledger.response_allowance SET out_of_hours = '24 hours' WHERE party = 'security_incident'$$);
RESET ROLE;

-- Effort on an incident is logged (uncapped, with failure recovery) and
-- the kind tells it apart
SET ROLE om_test_sec_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:inc, :wk, '2025-11-16', '2h');
SELECT kind, category, sum(effort) FROM effort_entry e JOIN work_item w USING (item_id)
 WHERE e.contract_id = :ca GROUP BY 1, 2 ORDER BY 1;
RESET ROLE;
-- one alert per incident entered (three), none for the refused entries
SELECT count(*) AS incident_alerts, count(DISTINCT item_id) AS incidents
  FROM pending_alerts(0) WHERE kind = 'security_incident';
\i sql/include/security_fixture_end.sql
