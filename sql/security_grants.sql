-- security_grants: every privilege create_roles() grants (role_grants(),
-- the table doc/security.md shows) used for what it is for, as a role of
-- that group: each statement prints ok.  sql/security_roles.sql checks
-- that these are all the privileges the groups hold, and what they are
-- refused.
\i sql/include/security_fixture.sql
\set VERBOSITY default

-- Rows 1-9: USAGE on the schema and SELECT on the ledger, its views and its
-- configuration, for the four groups that read.
CREATE FUNCTION public.sec_read_all() RETURNS text LANGUAGE plpgsql AS $$
DECLARE o text; n int := 0;
BEGIN
  FOR o IN SELECT unnest(g.objects) FROM omledger.role_grants() g
            WHERE g.grantee = 'omledger_reader' AND g.privileges = 'SELECT'
              AND 'omledger.work_item' = ANY (g.objects) LOOP   -- the list the four share
    EXECUTE format('SELECT count(*) FROM %s', o::regclass);
    n := n + 1;
  END LOOP;
  RETURN format('%s tables and views read as %s', n, current_user);
END $$;
SET ROLE om_test_sec_admin;  SELECT sec_read_all(); RESET ROLE;
SET ROLE om_test_sec_city;   SELECT sec_read_all(); RESET ROLE;
SET ROLE om_test_sec_worker; SELECT sec_read_all(); RESET ROLE;
SET ROLE om_test_sec_reader; SELECT sec_read_all(); RESET ROLE;
SET ROLE om_test_sec_intake; SELECT is_open_day('2026-12-01') AS intake_uses_the_schema; RESET ROLE;

-- Row 10: the city keeps the contact data; rows 11 and 24: a lead and the
-- city read it through person_contact_read(), which records the read.
SET ROLE om_test_sec_city;
SELECT wf_try(format($$INSERT INTO omledger.person_contact (contract_id, person_id, phone) VALUES (%s, %s, '011-211-0004')$$, :ca, :former));
SELECT wf_try(format($$UPDATE omledger.person_contact SET email = 'former@a.example' WHERE person_id = %s$$, :former));
SELECT wf_try(format($$DELETE FROM omledger.person_contact WHERE person_id = %s$$, :former));
RESET ROLE;
SET ROLE om_test_sec_lead;
SELECT count(*) AS contacts_a_lead_reads FROM person_contact_read(:ca, 'grants test');
RESET ROLE;
SET ROLE om_test_sec_city;
SELECT count(*) AS contacts_the_city_reads FROM person_contact_read(:ca, 'grants test');
RESET ROLE;

-- Row 12: the administrator configures.
SET ROLE om_test_sec_admin;
SELECT wf_try($$INSERT INTO omledger.workflow_status (kind, status, sort_order, description) VALUES ('service_request', 'on_hold', 35, 'Waiting for the city')$$);
SELECT wf_try($$UPDATE omledger.workflow_status SET description = 'Waiting' WHERE status = 'on_hold'$$);
SELECT wf_try($$INSERT INTO omledger.workflow_transition (kind, from_status, to_status, requires, description) VALUES ('service_request', 'accepted', 'on_hold', '{}', 'Put on hold')$$);
SELECT wf_try($$UPDATE omledger.workflow_transition SET enabled = false WHERE to_status = 'on_hold'$$);
SELECT wf_try($$DELETE FROM omledger.workflow_transition WHERE to_status = 'on_hold'$$);
SELECT wf_try($$DELETE FROM omledger.workflow_status WHERE status = 'on_hold'$$);
SELECT wf_try($$INSERT INTO omledger.system (system_code, name_ja, name_en) VALUES ('TST', '試験システム', 'Test System')$$);
SELECT wf_try($$UPDATE omledger.system SET retired_on = '2027-04-01' WHERE system_code = 'TST'$$);
SELECT wf_try($$DELETE FROM omledger.system WHERE system_code = 'TST'$$);
SELECT wf_try($$INSERT INTO omledger.work_sub_kind (kind, sub_kind, title_ja, title_en, requires_procedure) VALUES ('service_request', 'bulk_print', '一括印刷', 'Bulk print', true)$$);
SELECT wf_try($$UPDATE omledger.work_sub_kind SET requires_prior_agreement = true WHERE sub_kind = 'bulk_print'$$);
SELECT wf_try($$DELETE FROM omledger.work_sub_kind WHERE sub_kind = 'bulk_print'$$);
SELECT wf_try($$INSERT INTO omledger.approval_subject (subject, description) VALUES ('print_run', 'A bulk print run')$$);
SELECT wf_try($$UPDATE omledger.approval_subject SET description = 'A print run' WHERE subject = 'print_run'$$);
SELECT wf_try($$DELETE FROM omledger.approval_subject WHERE subject = 'print_run'$$);
SELECT wf_try($$INSERT INTO omledger.evidence_type (evidence_type, description) VALUES ('print_log', 'The printer''s log')$$);
SELECT wf_try($$UPDATE omledger.evidence_type SET description = 'Printer log' WHERE evidence_type = 'print_log'$$);
SELECT wf_try($$DELETE FROM omledger.evidence_type WHERE evidence_type = 'print_log'$$);
SELECT wf_try($$INSERT INTO omledger.calendar_override (day, closed, reason) VALUES ('2026-12-28', true, 'Year end')$$);
SELECT wf_try($$UPDATE omledger.calendar_override SET reason = 'Year-end closing' WHERE day = '2026-12-28'$$);
SELECT wf_try($$DELETE FROM omledger.calendar_override WHERE day = '2026-12-28'$$);
SELECT wf_try($$INSERT INTO omledger.online_hours (day, opens, closes) VALUES ('2026-12-25', '08:45', '12:00')$$);
SELECT wf_try($$UPDATE omledger.online_hours SET closes = '13:00' WHERE day = '2026-12-25'$$);
SELECT wf_try($$DELETE FROM omledger.online_hours WHERE day = '2026-12-25'$$);
SELECT wf_try($$INSERT INTO omledger.response_allowance (party, out_of_hours) VALUES ('city_desk', '30 minutes')$$);
SELECT wf_try($$UPDATE omledger.response_allowance SET out_of_hours = '45 minutes' WHERE party = 'city_desk'$$);
SELECT wf_try($$DELETE FROM omledger.response_allowance WHERE party = 'city_desk'$$);
SELECT wf_try($$UPDATE omledger.effort_cap_default SET alert_percent = '{50,90}' WHERE category = 'service' AND scope = 'month'$$);
SELECT wf_try($$DELETE FROM omledger.effort_cap_default WHERE category = 'service' AND scope = 'month'$$);
RESET ROLE;

-- Rows 13-17: the city enters a contract (its caps are seeded), its menu
-- and roster, requests and dates work, approves, records evidence and a
-- deadline change, changes a cap, records an additional contract, closes
-- and reopens a month.
SET ROLE om_test_sec_city;
INSERT INTO contract (name, contractor, roles, term)
VALUES ('security C', 'C KK', '{operator}', '[2026-04-01,2029-04-01)') RETURNING contract_id AS cc \gset
SELECT wf_try(format($$UPDATE omledger.contract SET next_contractor = 'D KK' WHERE contract_id = %s$$, :cc));
-- (three: the administrator deleted one default above)
SELECT count(*) AS caps_seeded FROM effort_cap WHERE contract_id = :cc;
SELECT wf_try(format($$INSERT INTO omledger.menu_item (contract_id, code, title, performer, valid) VALUES (%s, 'M-01', 'Daily batch check', 'operator', '[2025-04-01,2029-04-01)')$$, :ca));
-- (UPDATE: a new revision closes the previous one, as the caller; a direct
-- update is refused, OM214)
SELECT wf_try(format($$INSERT INTO omledger.menu_item (contract_id, code, title, performer, valid, frequency) VALUES (%s, 'M-01', 'Daily batch check', 'operator', '[2026-04-01,2029-04-01)', 'daily')$$, :ca));
SELECT revision, valid FROM menu_item WHERE contract_id = :ca AND code = 'M-01' ORDER BY revision;
SELECT wf_try(format($$INSERT INTO omledger.person (contract_id, name, side, db_role, registered) VALUES (%s, 'City desk (C)', 'city', 'om_test_sec_city', '[2026-04-01,)')$$, :cc));
SELECT wf_try(format($$UPDATE omledger.person SET organisation = 'Information Policy Division' WHERE person_id = %s$$, :city));
SELECT wf_try(format($$UPDATE omledger.work_item SET due_on = '2026-06-30' WHERE item_id = %s$$, :ia));
SELECT wf_try(format($$INSERT INTO omledger.work_item_system (item_id, system_code) VALUES (%s, 'SKT')$$, :ia));
SELECT wf_try(format($$DELETE FROM omledger.work_item_system WHERE item_id = %s AND system_code = 'SKT'$$, :ia));
SELECT wf_try(format($$INSERT INTO omledger.evidence (contract_id, item_id, evidence_type, reference) VALUES (%s, %s, 'minutes', 'MIN-C1')$$, :ca, :ia));
SELECT wf_try(format($$INSERT INTO omledger.deadline_change (contract_id, item_id, new_due_on, reason, expected_completion) VALUES (%s, %s, '2026-07-31', 'Told by phone', '2026-07-31')$$, :ca, :ia));
SELECT wf_try(format($$UPDATE omledger.effort_cap SET alert_percent = '{50,90}' WHERE contract_id = %s AND category = 'service' AND scope = 'month'$$, :ca));
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:ca, 'additional_contract', 'AC-S1', 'approved') RETURNING approval_id AS ac \gset
SELECT wf_try(format($$INSERT INTO omledger.cap_extension (contract_id, category, scope, extra, months, reference, approval_id) VALUES (%s, 'service', 'term', '5pd', '[2025-04-01,2029-04-01)', 'AC-S1', %s)$$, :ca, :ac));
SELECT wf_try(format($$UPDATE omledger.cap_extension SET extra = '6pd' WHERE approval_id = %s$$, :ac));
SELECT wf_try(format($$DELETE FROM omledger.cap_extension WHERE approval_id = %s$$, :ac));
SELECT wf_try(format($$SELECT omledger.close_month(%s, '2025-12', 'December reported')$$, :ca));
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:ca, 'reopen_month', '2025-12', 'approved') RETURNING approval_id AS reopen \gset
RESET ROLE;
SET ROLE om_test_sec_city2;   -- (a reopening needs its approval; any city desk may run it)
SELECT wf_try(format($$SELECT omledger.reopen_month(%s, '2025-12', %s)$$, :ca, :reopen));
RESET ROLE;

-- Rows 18-22: the contractor enters an item, works it (each column it may
-- update), names its systems, records evidence and a deadline change
-- (events are written by the trigger as the contractor), logs, corrects
-- and deletes effort.
SET ROLE om_test_sec_worker;
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, due_on)
VALUES (:ca, 'service_request', 'document', 'A: write the runbook', 'requested', '2026-09-30')
RETURNING item_id AS iw \gset
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'accepted' WHERE item_id = %s$$, :iw));
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'in_progress', status_changed_at = now() WHERE item_id = %s$$, :iw));
SELECT wf_try(format($$UPDATE omledger.work_item SET title = 'A: write the night runbook', detail = 'For the batch', performer = 'operator' WHERE item_id = %s$$, :iw));
SELECT wf_try(format($$UPDATE omledger.work_item SET scheduled_at = '2026-09-01 10:00+09', planned_effort = '3pd', release_ref = 'RB-1' WHERE item_id = %s$$, :iw));
SELECT wf_try(format($$INSERT INTO omledger.work_item_system (item_id, system_code) VALUES (%s, 'SJK')$$, :iw));
SELECT wf_try(format($$DELETE FROM omledger.work_item_system WHERE item_id = %s$$, :iw));
SELECT wf_try(format($$INSERT INTO omledger.evidence (contract_id, item_id, evidence_type, reference) VALUES (%s, %s, 'minutes', 'MIN-W1')$$, :ca, :iw));
SELECT wf_try(format($$INSERT INTO omledger.deadline_change (contract_id, item_id, new_due_on, reason, expected_completion, notified_at) VALUES (%s, %s, '2026-10-30', 'The batch owner is away', '2026-10-23', '2026-09-15 10:00+09')$$, :ca, :iw));
SELECT count(*) AS events_written_as_the_contractor FROM work_item_event WHERE item_id = :iw AND db_user = 'om_test_sec_worker';
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:iw, :wk, '2025-11-10', '2h') RETURNING entry_id AS ew \gset
SELECT wf_try(format($$UPDATE omledger.effort_log SET effort = '3h', note = 'with the review' WHERE entry_id = %s$$, :ew));
SELECT wf_try(format($$DELETE FROM omledger.effort_log WHERE entry_id = %s$$, :ew));
RESET ROLE;

\i sql/include/security_fixture_end.sql
