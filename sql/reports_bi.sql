-- reports_bi: the views for BI tools, the weekly incident inventory and
-- the incident statistics, on a small hand-built history of contract A
-- (security fixture: contracts A and B, the city desk, A's worker, B's
-- contractor, a reader).  Expected numbers are computed by hand in the
-- comments.  Run as the reader, the city and the contractors; a
-- contractor sees its own contract only.  The "past week never changes"
-- part computes inventories, does later work (status changes, a due date
-- change, an agreed deadline change, a class change), computes again and
-- compares.
\i sql/include/security_fixture.sql

-- ---------------------------------------------------------------- history
-- October 2026 (Japan time).  12 October is Sports Day (a holiday).
--   W1 = Mon 5 .. Sun 11 October, W2 = Mon 12 .. Sun 18 October.
-- S1 service, requested Mon 28 Sep, due Fri 9 Oct: accepted 29 Sep,
--    in progress 1 Oct, done Thu 15 Oct, closed Fri 16 Oct.
-- F1 failure (SJK, class C), Tue 6 Oct 10:00 in open hours (due 10:15):
--    acknowledged 10:10 (10 min, met), investigating 10:30, mitigated
--    Wed 7 Oct 09:00, resolved Wed 14 Oct 17:00.
-- S2 service, requested Wed 7 Oct, due Wed 14 Oct: accepted Thu 8 Oct,
--    then nothing (overdue from Thu 15 Oct).
-- F2 failure (SJK, GGR), Sat 10 Oct 22:30 (closed day: due 23:30):
--    acknowledged 23:50 (80 min, late), investigating Mon 12 Oct 09:00.
-- F3 failure (SKT), Tue 13 Oct 09:00, cancelled 09:30 (not a failure).
-- M1 modification (SJK), proposed Thu 8 Oct (not in the inventory).
SET ROLE om_test_sec_city;
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_at, due_on)
VALUES (:ca, 'service_request', 'investigation', 'S1 address check', 'requested',
        '2026-09-28 09:00', '2026-10-09') RETURNING item_id AS s1 \gset
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_at, occurred_at,
                       performer, failure_class)
VALUES (:ca, 'failure_recovery', 'impact_analysis', 'F1 batch abend', 'reported',
        '2026-10-06 10:00', '2026-10-06 10:00', 'operator', 'C') RETURNING item_id AS f1 \gset
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_at, due_on)
VALUES (:ca, 'service_request', 'investigation', 'S2 tax query', 'requested',
        '2026-10-07 11:00', '2026-10-14') RETURNING item_id AS s2 \gset
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_at, occurred_at, performer)
VALUES (:ca, 'failure_recovery', 'impact_analysis', 'F2 night batch', 'reported',
        '2026-10-10 22:30', '2026-10-10 22:30', 'operator') RETURNING item_id AS f2 \gset
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_at, occurred_at, performer)
VALUES (:ca, 'failure_recovery', 'impact_analysis', 'F3 false alarm', 'reported',
        '2026-10-13 09:00', '2026-10-13 09:00', 'operator') RETURNING item_id AS f3 \gset
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_at)
VALUES (:ca, 'modification', 'preventive_fix', 'M1 index', 'proposed', '2026-10-08 15:00')
RETURNING item_id AS m1 \gset
INSERT INTO work_item_system (item_id, system_code) VALUES
  (:f1, 'SJK'), (:f2, 'SJK'), (:f2, 'GGR'), (:f3, 'SKT'), (:m1, 'SJK');
RESET ROLE;
SET ROLE om_test_sec_worker;
UPDATE work_item SET status = 'accepted', status_changed_at = '2026-09-29 10:00' WHERE item_id = :s1;
UPDATE work_item SET status = 'in_progress', status_changed_at = '2026-10-01 10:00' WHERE item_id = :s1;
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-10-06 10:10' WHERE item_id = :f1;
UPDATE work_item SET status = 'investigating', status_changed_at = '2026-10-06 10:30' WHERE item_id = :f1;
UPDATE work_item SET status = 'mitigated', status_changed_at = '2026-10-07 09:00' WHERE item_id = :f1;
UPDATE work_item SET status = 'accepted', status_changed_at = '2026-10-08 09:00' WHERE item_id = :s2;
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-10-10 23:50' WHERE item_id = :f2;
UPDATE work_item SET status = 'investigating', status_changed_at = '2026-10-12 09:00' WHERE item_id = :f2;
UPDATE work_item SET status = 'cancelled', status_changed_at = '2026-10-13 09:30' WHERE item_id = :f3;
UPDATE work_item SET status = 'resolved', status_changed_at = '2026-10-14 17:00' WHERE item_id = :f1;
UPDATE work_item SET status = 'done', status_changed_at = '2026-10-15 16:00' WHERE item_id = :s1;
UPDATE work_item SET status = 'closed', status_changed_at = '2026-10-16 10:00' WHERE item_id = :s1;
-- effort: service 4h + 1pd + 2h = 14h (840 min), failure 3h (180 min)
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES
  (:s1, :wk, '2026-10-01', '4h'), (:s1, :wk, '2026-10-15', '1pd'),
  (:f1, :wk, '2026-10-06', '3h'), (:s2, :wk, '2026-10-08', '2h');
RESET ROLE;
-- contract B: one hour on its item, in November
SET ROLE om_test_sec_other;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:ib, :other, '2026-11-27', '1h');
RESET ROLE;
SELECT count(*) AS events_of_a FROM work_item_event WHERE contract_id = :ca;

-- ------------------------------------------------------- weekly inventory
-- W1 ends Mon 12 Oct 00:00.  Requested before: S1, F1, S2, F2.
--   S1 in_progress since 1 Oct: unchanged; due 9 Oct < 12 Oct: overdue by
--      3 days; age: open days 28 Sep .. 9 Oct = 10.
--   F1 mitigated, opened this week; age 6..9 Oct = 4; no due date.
--   S2 accepted, opened; due 14 Oct, not overdue; age 7..9 Oct = 3.
--   F2 acknowledged (investigating only on the 12th), opened; age 0.
-- (computed by the city desk; the reader computes them again after the
-- later work, below)
SET ROLE om_test_sec_city;
CREATE TEMP TABLE inv_before AS
SELECT 1 AS week, * FROM weekly_inventory(:ca, '2026-10-07')
UNION ALL
SELECT 2, * FROM weekly_inventory(:ca, '2026-10-18');
GRANT SELECT ON inv_before TO PUBLIC;
RESET ROLE;
SELECT title, status, previous_status AS prev, open, change, age_open_days AS age, due_on,
       overdue, days_overdue AS days, last_event_at, last_event, week_start, week_end
FROM inv_before WHERE week = 1 ORDER BY kind, title;
-- W2 ends Mon 19 Oct 00:00 (the week before ended 12 Oct 00:00).
--   S1 closed on the 16th: closed; age 28 Sep .. 15 Oct = 13 (12 Oct is
--      a holiday).
--   F1 resolved: status_changed; age 6 .. 16 Oct = 8.
--   S2 accepted: unchanged; due 14 Oct: overdue by 5 days; age 7 = 7.
--   F2 investigating: status_changed; age 13 .. 16 Oct = 4.
--   F3 opened and cancelled on the 13th: opened_closed; age 0.
SELECT title, status, previous_status AS prev, open, change, age_open_days AS age, due_on,
       overdue, days_overdue AS days, last_event_at, last_event
FROM inv_before WHERE week = 2 ORDER BY kind, title;

-- ------------------------------------------------------------- BI views
-- as the reader (every contract), the city, and each contractor
CREATE TEMP VIEW bi_seen WITH (security_invoker = true) AS
SELECT (SELECT count(*) FROM v_work_items WHERE contract_id IN (:ca, :cb)) AS items,
       (SELECT count(*) FROM v_incidents WHERE contract_id IN (:ca, :cb)) AS incidents,
       (SELECT count(*) FROM v_response_times WHERE contract_id IN (:ca, :cb)) AS responses,
       (SELECT count(*) FROM v_overdue WHERE contract_id IN (:ca, :cb)) AS overdue,
       (SELECT string_agg(CASE contract_id WHEN :ca THEN 'A' ELSE 'B' END || ':' || month || ':' || category || '=' || effort_minutes, ' '
                          ORDER BY contract_id, month, category)
          FROM v_effort_monthly WHERE contract_id IN (:ca, :cb)) AS effort,
       (SELECT count(*) FROM v_cap_status WHERE contract_id IN (:ca, :cb)) AS cap_rows;
GRANT SELECT ON bi_seen TO PUBLIC;
-- A: 3 fixture items + S1 S2 F1 F2 F3 M1 = 9, B: 1; failures F1 F2 F3, all
-- with a response due; overdue today: S2 (14 Oct) only; effort: A's
-- October service 840 and failure 180, B's November service 60; caps:
-- 48 months x 5 categories per contract
SET ROLE om_test_sec_reader; SELECT 'reader' AS who, * FROM bi_seen; RESET ROLE;
SET ROLE om_test_sec_city;   SELECT 'city' AS who, * FROM bi_seen; RESET ROLE;
SET ROLE om_test_sec_worker; SELECT 'worker (A)' AS who, * FROM bi_seen; RESET ROLE;
SET ROLE om_test_sec_other;  SELECT 'other (B)' AS who, * FROM bi_seen; RESET ROLE;

SET ROLE om_test_sec_reader;
-- October of A against the caps: service 840 of 28800 (2.9 %), term so
-- far 840 of 460800 (0.2 %); failure recovery uncapped
SELECT month_start, month, category, month_used_minutes, month_used_person_months, month_used_text,
       month_cap_minutes, month_cap_text, month_enforcement, month_percent,
       term_used_minutes, term_cap_minutes, term_percent
FROM v_cap_status WHERE contract_id = :ca AND month_start = '2026-10-01' ORDER BY category;
-- and November: nothing this month, the term still holds October's
SELECT category, month_used_minutes, term_used_minutes
FROM v_cap_status WHERE contract_id = :ca AND month = '2026-11' AND category = 'service';
SELECT month_start, month, fiscal_year, category, effort_minutes, effort_person_days,
       effort_person_months, effort_text
FROM v_effort_monthly WHERE contract_id = :ca ORDER BY category;
SELECT title, kind, status, finished, systems, requested_on, requested_month_start, requested_month,
       due_on, effective_due_on, finished_at, actual_effort_minutes, actual_effort_text,
       charge_category, counted
FROM v_work_items WHERE contract_id = :ca AND requested_month_start BETWEEN '2026-09-01' AND '2026-10-01' ORDER BY item_id;
SELECT title, status, finished, failure_class, systems, occurred_month, response_met,
       minutes_to_respond, mitigated_at, resolved_at, closed_at, cancelled, minutes_to_resolve,
       modifications
FROM v_incidents WHERE contract_id = :ca ORDER BY item_id;
-- F1: 15 min allowed in open hours, 10 taken; F2: closed day, 1 hour
-- allowed, 80 taken, 20 late; F3 never acknowledged.  Entered today, more
-- than a day after the times they name: _recorded_late.
SELECT i.title, r.in_open_hours, r.immediate_response, r.minutes_allowed, r.minutes_to_respond,
       r.minutes_late, r.response_status,
       r.response_status = work_item_response_status(r.item_id) AS as_the_function
FROM v_response_times r JOIN v_incidents i USING (item_id)
WHERE r.contract_id = :ca ORDER BY r.item_id;
SELECT title, kind, status, due_on, effective_due_on, as_of = (now() AT TIME ZONE 'Asia/Tokyo')::date AS today,
       days_overdue = as_of - date '2026-10-14' AS days_right, open_days_overdue > 0 AS open_days,
       change_pending
FROM v_overdue WHERE contract_id = :ca;
RESET ROLE;

-- ---------------------------------------------------- incident statistics
-- October of A: F1 and F2 count, F3 is cancelled.  To respond: 10 and 80
-- minutes, mean 45.0, 90th percentile 10 + 0.9 x 70 = 73.0; in time: F1.
-- To resolve: F1 only, 14 Oct 17:00 - 6 Oct 10:00 = 8 days 7 hours =
-- 11940 minutes.  By system: GGR F2; SJK F1 F2; SKT F3 (cancelled).  By
-- class: C F1; unclassified F2 (and F3, cancelled).
CREATE TEMP TABLE stats_before AS
SELECT * FROM incident_statistics(:ca, '2026-10', '2026-10');
SET ROLE om_test_sec_city;
SELECT * FROM incident_statistics(:ca, '2026-10', '2026-10');
-- a quarter holding October: the same failures
SELECT dimension, incidents, cancelled, respond_mean_minutes, resolve_mean_minutes
FROM incident_statistics(:ca, 'FY2026-Q3', 'FY2026-Q3') WHERE dimension = 'total';
-- September: none
SELECT dimension, incidents, cancelled, responded FROM incident_statistics(:ca, '2026-09', '2026-09');
RESET ROLE;

-- ---------------------------------------------------------- refusals
SET ROLE om_test_sec_worker;
-- A's worker asks for B: as if it did not exist (OM550), nothing shown
SELECT wf_try(format($$SELECT * FROM omledger.weekly_inventory(%s, '2026-10-07')$$, :cb));
SELECT wf_try(format($$SELECT * FROM omledger.incident_statistics(%s, '2026-10', '2026-10')$$, :cb));
-- its own contract: allowed, and the same inventory as the city's
SELECT count(*) AS own_inventory FROM weekly_inventory(:ca, '2026-10-07');
SELECT count(*) AS differs_from_the_city
FROM (SELECT 2 AS week, * FROM weekly_inventory(:ca, '2026-10-18')
      EXCEPT ALL SELECT * FROM inv_before WHERE week = 2) AS d;
SELECT wf_try(format($$SELECT * FROM omledger.incident_statistics(%s, '2026-11', '2026-10')$$, :ca));
SELECT wf_try($$SELECT * FROM omledger.weekly_inventory(999999, '2026-10-07')$$);
RESET ROLE;

-- ------------------------------------------ later work: the past stays
-- In November: F2 mitigated and resolved, S2 started; the city moves
-- S2's due date, gives F1 class B and F2 class C, and (its second desk:
-- not who entered S2) agrees a deadline change; F1 closed; more effort.
SET ROLE om_test_sec_worker;
UPDATE work_item SET status = 'mitigated', status_changed_at = '2026-11-02 10:00' WHERE item_id = :f2;
UPDATE work_item SET status = 'resolved', status_changed_at = '2026-11-03 10:00' WHERE item_id = :f2;
UPDATE work_item SET status = 'in_progress', status_changed_at = '2026-11-05 10:00' WHERE item_id = :s2;
INSERT INTO deadline_change (contract_id, item_id, old_due_on, new_due_on, reason, expected_completion,
                             notified_at)
VALUES (:ca, :s2, '2026-10-14', '2029-03-30', 'waiting for the tax office', '2029-03-30',
        '2026-11-05 11:00')
RETURNING deadline_change_id AS dc \gset
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:s2, :wk, '2026-11-05', '5h');
RESET ROLE;
SET ROLE om_test_sec_city;
UPDATE work_item SET due_on = '2026-10-30' WHERE item_id = :s2;
UPDATE work_item SET failure_class = 'B' WHERE item_id = :f1;
UPDATE work_item SET failure_class = 'C' WHERE item_id = :f2;
RESET ROLE;
SET ROLE om_test_sec_city2;
INSERT INTO approval (contract_id, item_id, subject, subject_ref, decision, decided_at)
VALUES (:ca, :s2, 'deadline_change', :'dc', 'approved', '2026-11-05 12:00');
RESET ROLE;
SET ROLE om_test_sec_worker;
UPDATE work_item SET status = 'closed', status_changed_at = '2026-11-06 10:00' WHERE item_id = :f1;
RESET ROLE;
-- the work happened: S2 is no longer overdue today, F1 and S1 are closed
SELECT title, status, failure_class, due_on, effective_due_on FROM v_work_items WHERE item_id IN (:s2, :f1, :f2) ORDER BY item_id;
SELECT count(*) AS overdue_today FROM v_overdue WHERE contract_id = :ca;
-- the same inventories, row for row
SET ROLE om_test_sec_reader;
CREATE TEMP TABLE inv_after AS
SELECT 1 AS week, * FROM weekly_inventory(:ca, '2026-10-07')
UNION ALL
SELECT 2, * FROM weekly_inventory(:ca, '2026-10-18');
RESET ROLE;
SELECT (SELECT count(*) FROM inv_before) AS rows_before, (SELECT count(*) FROM inv_after) AS rows_after,
       (SELECT count(*) FROM (SELECT * FROM inv_before EXCEPT ALL SELECT * FROM inv_after) d) AS only_before,
       (SELECT count(*) FROM (SELECT * FROM inv_after EXCEPT ALL SELECT * FROM inv_before) d) AS only_after;
-- the same statistics of October
SELECT (SELECT count(*) FROM stats_before) AS rows_before,
       (SELECT count(*) FROM (SELECT * FROM stats_before
                              EXCEPT ALL SELECT * FROM incident_statistics(:ca, '2026-10', '2026-10')) d) AS changed;
-- while November's inventory shows the new state: S2 in progress, due
-- 30 March 2029 by the change agreed on 5 November (the due_on of today
-- was set after that week: the agreed change wins, as in work_item_due);
-- F2 resolved
SELECT title, status, previous_status AS prev, change, due_on, overdue, last_event
FROM weekly_inventory(:ca, '2026-11-04') ORDER BY kind, title;

\i sql/include/security_fixture_end.sql
