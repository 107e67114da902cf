-- obligations: what the contract owes on the city's calendar -- §9's
-- submissions, the meetings and their minutes, the handover reports both
-- sides agree, the routine menu tasks -- and the one view of them, as the
-- city desk, the contractor and the predecessor would use them.
\i sql/include/security_fixture.sql
CREATE ROLE om_test_sec_pred NOLOGIN IN ROLE omledger_contractor;
-- wf_try, with the ids of plans and roster entries and today's date
-- (signatures are made now) left out of the output
CREATE FUNCTION public.obl_try(stmt text) RETURNS text LANGUAGE sql AS $$
  SELECT regexp_replace(regexp_replace(public.wf_try(stmt), '(plan|entry|submission) \d+', '\1 #', 'gi'),
                        'registered on \d{4}-\d\d-\d\d, signing', 'registered today, signing', 'g')
$$;
-- The scenario runs in 2025-2027 while the test runs today: the ledger
-- stamps each row with the time it was entered (recorded_at), which decides
-- what an obligation as of an instant counts.  The administrator dates the
-- scenario's rows as if entered when they happened (a superuser, triggers
-- off), after the roles have entered them.
\set backdate 'SET session_replication_role = replica; UPDATE omledger.submission SET recorded_at = submitted_at; UPDATE omledger.meeting SET recorded_at = coalesce(notified_at, held_at); UPDATE omledger.handover_defect SET recorded_at = coalesce(pointed_out_at, found_on); RESET session_replication_role;'

-- The contract of the specification: term 2025-10-01 .. 2027-12-31,
-- handover in 2025-10-01 .. 2025-12-31.  The roster (entered by the
-- administrator): the city desk, the contractor's lead, the predecessor's
-- lead, and a worker who joins mid-January 2026 (a staff change).
INSERT INTO contract (name, contractor, roles, term, handover_in, previous_contractor)
VALUES ('令和7年度 基幹系システム運用保守業務（住民記録等）', 'C KK', '{operator,vendor}',
        '[2025-10-01,2028-01-01)', '[2025-10-01,2026-01-01)', 'P KK')
RETURNING contract_id AS cc \gset
INSERT INTO person (contract_id, name, side, db_role, registered, created_at)
VALUES (:cc, '市 担当', 'city', 'om_test_sec_city', '[2025-01-01,)', '2025-08-01') RETURNING person_id AS c_city \gset
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles, created_at)
VALUES (:cc, '受託 現場責任者', 'contractor', 'om_test_sec_lead', '[2025-09-01,)', '2025-08-01', '{site_lead}', '2025-08-01')
RETURNING person_id AS c_lead \gset
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles, created_at)
VALUES (:cc, '引継元 責任者', 'predecessor', 'om_test_sec_pred', '[2025-09-01,)', '2025-08-01', '{worker}', '2025-08-01')
RETURNING person_id AS c_pred \gset
INSERT INTO person (contract_id, name, side, registered, approved_on, roles, created_at)
VALUES (:cc, '受託 新任者', 'contractor', '[2026-01-19,)', '2026-01-09', '{worker}', '2026-01-09 10:00+09')
RETURNING person_id AS c_new \gset
INSERT INTO person (contract_id, name, side, registered, approved_on, roles, created_at)
VALUES (:cc, '改修業者 担当', 'modification_vendor', '[2025-10-01,)', '2025-09-01', '{worker}', '2025-09-01')
RETURNING person_id AS c_mod \gset

-- ------------------------------------------------------- the rules
-- Every row of §9's table is a rule (one per document and occasion), and
-- the monthly report of §5.2.1④.
SELECT rule_code, document_ja, timing, event, prompt_open_days, day_of_month, closed_day_move,
       final_month_last_day
  FROM submission_rule ORDER BY rule_code;
SELECT count(*) AS rules, count(*) FILTER (WHERE seeded) AS seeded FROM submission_rule;

-- Only the administrator changes them; an edited rule is the user's.
SET ROLE om_test_sec_lead;
SELECT wf_try($$UPDATE omledger.submission_rule SET prompt_open_days = 30 WHERE rule_code = 'completion_notice'$$);
RESET ROLE;
SET ROLE om_test_sec_city;
SELECT wf_try($$UPDATE omledger.submission_rule SET prompt_open_days = 30 WHERE rule_code = 'completion_notice'$$);
RESET ROLE;

-- ------------------------------------------------ submissions due
-- As the contractor, as of 2025-11-12: the documents due before the term
-- (2025-09-30, the day before 10-01), October's monthly reports (promptly
-- = 5 open days after Friday 10-31: Monday 11-03 is 文化の日, so 11-10),
-- October's monthly report (10 November, a Monday).
SET ROLE om_test_sec_lead;
INSERT INTO submission (contract_id, rule_code, submitted_at, reference)
SELECT :cc, r, '2025-09-26 10:00+09', 'DOC-' || r
  FROM unnest('{lead_designation,security_pledge,roster,staffing_plan,controlled_area}'::text[]) r;
INSERT INTO submission (contract_id, rule_code, period, submitted_at)
VALUES (:cc, 'completion_notice', '2025-10-01', '2025-11-07 15:00+09'),
       (:cc, 'security_status_report', '2025-10-01', '2025-11-11 09:00+09');
-- entered now: as of 2025-11-12 none of them was known yet
SELECT count(*) FILTER (WHERE status = 'met') AS met_as_of_then
  FROM submissions_due(:cc, '2025-09-01', '2025-11-30', '2025-11-12 12:00+09');
-- nor can the contractor say otherwise: the ledger stamps recorded_at
INSERT INTO submission (contract_id, rule_code, period, submitted_at, recorded_at)
VALUES (:cc, 'personal_data_status_report', '2025-10-01', '2025-11-12 09:00+09', '2025-11-12 09:00+09')
RETURNING rule_code, recorded_at = now() AS stamped_now;
RESET ROLE;
SET ROLE om_test_sec_city;
UPDATE submission SET recorded_at = '2025-11-12 09:00+09' WHERE contract_id = :cc AND rule_code = 'personal_data_status_report'
RETURNING rule_code, recorded_at = now() AS kept;
RESET ROLE;
DELETE FROM submission WHERE contract_id = :cc AND rule_code = 'personal_data_status_report';
:backdate
SET ROLE om_test_sec_lead;
SELECT rule_code, period, due_on, status, late
  FROM submissions_due(:cc, '2025-09-01', '2025-11-30', '2025-11-12 12:00+09');
-- the submitter defaults to the acting person
SELECT count(*) AS by_the_lead FROM submission WHERE contract_id = :cc AND submitted_by = :c_lead;
RESET ROLE;

-- The year-end closure (29 Dec - 3 Jan): December's reports are due 5
-- open days after 12-31, counted from Monday 2026-01-05 (01-09); the
-- monthly report on 10 January, a Saturday, moved past Monday 01-12
-- (成人の日) to 01-13.
SET ROLE om_test_sec_city;
SELECT rule_code, period, due_on, to_char(due_on, 'Dy') AS dow, status
  FROM submissions_due(:cc, '2026-01-01', '2026-01-31', '2026-01-13 12:00+09')
 WHERE period = '2025-12-01';
-- The term's last month: on its last day, 2027-12-31, a closed day (the
-- year-end closure), moved to the open day before it (Tuesday 12-28):
-- nothing is due after the term.  The monthly report keeps its rule.
SELECT rule_code, period, due_on, to_char(due_on, 'Dy') AS dow
  FROM submissions_due(:cc, '2027-12-01', '2028-01-31', '2027-12-01 12:00+09')
 WHERE period = '2027-12-01';
RESET ROLE;
-- Configurable: the administrator keeps the last day as it is.
SET ROLE om_test_sec_admin;
UPDATE submission_rule SET final_month_move = 'none' WHERE rule_code = 'completion_notice';
SELECT rule_code, seeded, final_month_move FROM submission_rule WHERE rule_code = 'completion_notice';
SELECT rule_code, due_on FROM submissions_due(:cc, '2027-12-01', '2028-01-31', '2027-12-01 12:00+09')
 WHERE rule_code = 'completion_notice' AND period = '2027-12-01';
RESET ROLE;

-- A staff change mid-month: the worker who starts on Monday 2026-01-19
-- owes the updated roster and designation before that day: Sunday 01-18,
-- moved to the open day before, Friday 01-16.  One is submitted on time.
SET ROLE om_test_sec_lead;
INSERT INTO submission (contract_id, rule_code, person_id, submitted_at)
VALUES (:cc, 'roster_change', :c_new, '2026-01-15 11:00+09');
RESET ROLE;
:backdate
SET ROLE om_test_sec_lead;
SELECT rule_code, person_id = :c_new AS the_new_worker, due_on, status
  FROM submissions_due(:cc, '2026-01-14', '2026-01-20', '2026-01-16 12:00+09')
 WHERE person_id IS NOT NULL;
SELECT rule_code, due_on, status
  FROM submissions_due(:cc, '2026-01-14', '2026-01-20', '2026-01-19 09:00+09')
 WHERE person_id IS NOT NULL;
-- before the worker was entered (2026-01-09), nothing was owed for it
SELECT count(*) AS owed_before_entry
  FROM submissions_due(:cc, '2026-01-14', '2026-01-20', '2026-01-08 12:00+09')
 WHERE person_id IS NOT NULL;

-- A submission names the occasion its rule is about (OM603) ...
SELECT wf_try(format($$INSERT INTO omledger.submission (contract_id, rule_code) VALUES (%s, 'completion_notice')$$, :cc));
SELECT wf_try(format($$INSERT INTO omledger.submission (contract_id, rule_code, period) VALUES (%s, 'roster', '2025-10-01')$$, :cc));
-- ... and the contractor does not accept its own submissions
SELECT wf_try(format($$UPDATE omledger.submission SET accepted_at = submitted_at, accepted_by = %s WHERE contract_id = %s AND rule_code = 'roster'$$, :c_lead, :cc));
RESET ROLE;
-- only a city person accepts it (OM604), even when the city records it
SET ROLE om_test_sec_city;
SELECT obl_try(format($$UPDATE omledger.submission SET accepted_at = submitted_at, accepted_by = %s WHERE contract_id = %s AND rule_code = 'roster'$$, :c_lead, :cc));
UPDATE submission SET accepted_at = submitted_at + interval '1 day', accepted_by = :c_city
 WHERE contract_id = :cc AND rule_code = 'roster' RETURNING rule_code, accepted_by = :c_city AS by_the_city;
-- the city sets the date of the yearly labour reports; asks for an
-- accident report on Friday 2026-02-06 (promptly: 5 open days, Monday
-- 02-16: Wednesday 02-11 is 建国記念の日).  As of 02-16 the date of the
-- labour reports (entered 05-01) is not known yet; as of 05-15 it is.
INSERT INTO submission_event (contract_id, event, event_on, due_on)
VALUES (:cc, 'labour_report_date', '2026-06-01', '2026-06-30'),
       (:cc, 'accident_report_request', '2026-02-06', NULL);
RESET ROLE;
SET session_replication_role = replica;
UPDATE submission_event SET recorded_at = CASE event WHEN 'labour_report_date' THEN timestamptz '2026-05-01 09:00+09'
                                                     ELSE timestamptz '2026-02-06 09:00+09' END
 WHERE contract_id = :cc;
RESET session_replication_role;
SET ROLE om_test_sec_city;
SELECT rule_code, due_on, status
  FROM submissions_due(:cc, '2026-02-01', '2026-06-30', '2026-02-16 12:00+09')
 WHERE event_id IS NOT NULL;
SELECT rule_code, due_on, status
  FROM submissions_due(:cc, '2026-02-01', '2026-06-30', '2026-05-15 12:00+09')
 WHERE event_id IS NOT NULL;
RESET ROLE;

-- ------------------------------------------------------ meetings
-- Friday 2026-01-09, a meeting with the modification vendor without the
-- city's staff; Monday 01-12 is 成人の日: the minutes are due two open
-- days later, Wednesday 01-14 (minutes_due says the same).
SET ROLE om_test_sec_lead;
INSERT INTO meeting (contract_id, meeting_kind, title, held_at, notified_at)
VALUES (:cc, 'vendor_coordination', '改修業者との打ち合わせ', '2026-01-09 14:00+09', '2026-01-08 10:00+09')
RETURNING meeting_id AS m_vendor \gset
INSERT INTO meeting_attendee (contract_id, meeting_id, person_id) VALUES (:cc, :m_vendor, :c_lead), (:cc, :m_vendor, :c_mod);
-- the same, with the city's staff present: no minutes owed by §7.7
INSERT INTO meeting (contract_id, meeting_kind, title, held_at)
VALUES (:cc, 'vendor_coordination', '改修業者・市との打ち合わせ', '2026-01-09 16:00+09')
RETURNING meeting_id AS m_with_city \gset
INSERT INTO meeting_attendee (contract_id, meeting_id, person_id, outside_party)
VALUES (:cc, :m_with_city, :c_lead, NULL), (:cc, :m_with_city, :c_city, NULL),
       (:cc, :m_with_city, NULL, '別業者 A 社 担当');
RESET ROLE;
:backdate
SET ROLE om_test_sec_lead;
SELECT f.meeting_id = :m_vendor AS without_city, f.city_attended, f.other_vendors, m.recorded_by = :c_lead AS by_the_lead
  FROM meeting_facts(:cc) f JOIN meeting m USING (meeting_id) ORDER BY f.meeting_id;
SELECT minutes_due('2026-01-09') AS minutes_due;
SELECT obligation, subject, due_on, to_char(due_on, 'Dy') AS dow, status
  FROM obligations(:cc, '2026-01-14 18:00+09', '2026-01-08', '2026-01-16')
 WHERE obligation IN ('minutes', 'meeting_notice') ORDER BY obligation, subject;
SELECT obligation, subject, status
  FROM obligations(:cc, '2026-01-15 09:00+09', '2026-01-08', '2026-01-16')
 WHERE obligation = 'minutes';
UPDATE meeting SET minutes_submitted_at = '2026-01-14 16:00+09', minutes_ref = 'MIN-0109'
 WHERE meeting_id = :m_vendor;
SELECT obligation, subject, status, late
  FROM obligations(:cc, '2026-01-15 09:00+09', '2026-01-08', '2026-01-16')
 WHERE obligation = 'minutes';

-- The weekly incident inventory: one a week, due on the week's last open
-- day; the week of the year-end closure (2025-12-29 .. 2026-01-04) has no
-- open day and owes none.  The week of 12-15 was not held.
INSERT INTO meeting (contract_id, meeting_kind, title, held_at) VALUES
  (:cc, 'weekly_inventory', '棚卸し会', '2025-12-10 10:00+09'),
  (:cc, 'weekly_inventory', '棚卸し会', '2025-12-24 10:00+09'),
  (:cc, 'weekly_inventory', '棚卸し会', '2026-01-07 10:00+09'),
  (:cc, 'monthly_report', '月次報告会', '2025-12-12 15:00+09');
RESET ROLE;
:backdate
SET ROLE om_test_sec_lead;
SELECT kind, period, due_on, status, held_at IS NOT NULL AS held
  FROM meetings_expected(:cc, '2025-12-08', '2026-01-11', '2026-01-09 18:00+09')
 WHERE kind <> 'handover';
RESET ROLE;

-- ------------------------------------------------------ handover
-- The predecessor enters its plan; an item of the menu, handed over in
-- the week of 2025-10-06.
SET ROLE om_test_sec_city;
INSERT INTO menu_item (contract_id, code, title, performer, valid, frequency, schedule)
VALUES (:cc, 'OP-MONTH-END', '月末バッチ結果確認', 'operator', '[2025-10-01,)', '毎月末', 'monthly_last')
RETURNING menu_item_id AS mi_month_end \gset
RESET ROLE;
SET ROLE om_test_sec_pred;
INSERT INTO handover_plan (contract_id, direction, title, period, giver, receiver)
VALUES (:cc, 'in', '運用保守業務 引継計画', '[2025-10-01,2026-01-01)', 'P KK', 'C KK')
RETURNING plan_id AS plan \gset
INSERT INTO handover_item (contract_id, plan_id, menu_item_id, title, planned_week, handed_by, received_by)
VALUES (:cc, :plan, :mi_month_end, '月末バッチ結果確認', '2025-10-06', :c_pred, :c_lead)
RETURNING handover_item_id AS h_item \gset
INSERT INTO handover_item (contract_id, plan_id, process, title, planned_week, handed_by, received_by)
VALUES (:cc, :plan, 'service_request/data_patch', 'データパッチの手順', '2025-10-13', :c_pred, :c_lead)
RETURNING handover_item_id AS h_item2 \gset
RESET ROLE;
-- The receiving contractor practises on real work and points out a
-- document defect.
SET ROLE om_test_sec_lead;
INSERT INTO work_item (contract_id, kind, sub_kind, title, status)
VALUES (:cc, 'handover', 'handover_in', '月末バッチ確認の実地', 'planned') RETURNING item_id AS practice \gset
INSERT INTO handover_practice (contract_id, handover_item_id, item_id) VALUES (:cc, :h_item, :practice);
INSERT INTO handover_defect (contract_id, handover_item_id, description, found_on, pointed_out_at)
VALUES (:cc, :h_item, '手順書に再実行手順がない', '2025-10-07', '2025-10-08 10:00+09');
RESET ROLE;
:backdate
SET session_replication_role = replica;
UPDATE handover_plan SET created_at = '2025-09-20' WHERE plan_id = :plan;
RESET session_replication_role;
SET ROLE om_test_sec_lead;
SELECT description, found_on, due_on FROM handover_defect WHERE contract_id = :cc;
-- A week signed by the contractor only: not agreed.
SELECT handover_signoff(:plan, '2025-10-06', 'contractor') > 0 AS signed;
SELECT week_of, due_on, giver_signed_at IS NOT NULL AS predecessor, receiver_signed_at IS NOT NULL AS contractor, agreed
  FROM handover_weeks(:plan) WHERE week_of IN ('2025-10-06', '2025-10-13') OR final;
-- The contractor cannot sign for the predecessor, nor for a side the plan
-- does not have, nor the same side twice (OM601, unique).
SELECT obl_try(format($$SELECT omledger.handover_signoff(%s, '2025-10-06', 'predecessor')$$, :plan));
SELECT obl_try(format($$SELECT omledger.handover_signoff(%s, '2025-10-06', 'successor')$$, :plan));
SELECT obl_try(format($$INSERT INTO omledger.handover_signoff (contract_id, plan_id, week_of, side, person_id) VALUES (%s, %s, '2025-10-06', 'predecessor', %s)$$, :cc, :plan, :c_pred));
SELECT obl_try(format($$SELECT omledger.handover_signoff(%s, '2026-02-02', 'contractor')$$, :plan));
-- nor confirm the item: the predecessor confirms (OM602)
SELECT obl_try(format($$UPDATE omledger.handover_item SET confirmed_at = '2025-10-10 17:00+09' WHERE handover_item_id = %s$$, :h_item));
RESET ROLE;
-- The predecessor signs: the week is agreed; and confirms the item.
SET ROLE om_test_sec_pred;
SELECT handover_signoff(:plan, '2025-10-06', 'predecessor') > 0 AS signed;
UPDATE handover_item SET confirmed_at = '2025-10-10 17:00+09' WHERE handover_item_id = :h_item
RETURNING confirmed_by = :c_pred AS confirmed_by_the_predecessor;
SELECT week_of, due_on, giver_signed_at IS NOT NULL AS predecessor, receiver_signed_at IS NOT NULL AS contractor, agreed
  FROM handover_weeks(:plan) WHERE week_of IN ('2025-10-06', '2025-10-13') OR final;
RESET ROLE;
-- The report, as rows and as the document the renderer takes.
SET ROLE om_test_sec_city;
SELECT title, menu_code, process, planned_week, handed_by, received_by, practice_items, defects, defects_open,
       confirmed_at IS NOT NULL AS confirmed, state
  FROM handover_report(:plan, '2025-10-13');
SELECT handover_report_doc(:plan, '2025-10-06') -> 'title' AS title,
       handover_report_doc(:plan, '2025-10-06') -> 'meta' AS meta;
SELECT s ->> 'heading' AS heading, jsonb_array_length(s -> 'columns') AS columns,
       jsonb_array_length(s -> 'rows') AS rows
  FROM jsonb_array_elements(handover_report_doc(:plan, '2025-10-06') -> 'sections') s;
SELECT handover_report_doc(:plan, NULL) -> 'title' AS final_title,
       handover_report_doc(:plan, NULL) #> '{meta,5}' AS agreed;
-- The report rendered through the one renderer (the same document as
-- handover_report_doc): markdown, an html page, aligned text.
SELECT handover_report_document(:plan, '2025-10-06', 'markdown') LIKE '# %' AS markdown_heading,
       handover_report_document(:plan, '2025-10-06', 'html') LIKE '<!DOCTYPE html>%' AS html_page,
       position((handover_report_doc(:plan, '2025-10-06') ->> 'title')
                IN handover_report_document(:plan, '2025-10-06', 'text')) > 0 AS text_has_title;
-- The handover meeting is owed weekly during the handover period only.
SELECT kind, count(*) AS weeks, min(due_on), max(due_on)
  FROM meetings_expected(:cc, '2025-09-01', '2026-03-31', '2026-03-31') WHERE kind = 'handover' GROUP BY kind;
RESET ROLE;

-- ----------------------------------------------------- menu tasks
-- The last open day of a month ending on a weekend: February 2026 ends on
-- a Saturday (due Friday 02-27), May 2026 on a Sunday (Friday 05-29).  A
-- weekly task on Mondays moves off 成人の日 (2026-01-12) to Tuesday.
SET ROLE om_test_sec_city;
INSERT INTO menu_item (contract_id, code, title, performer, valid, schedule, schedule_weekday)
VALUES (:cc, 'OP-MONDAY', '週次ログ確認', 'operator', '[2025-10-01,)', 'weekly', 1);
SELECT wf_try(format($$INSERT INTO omledger.menu_item (contract_id, code, title, performer, valid, schedule) VALUES (%s, 'OP-BAD', 'x', 'operator', '[2025-10-01,)', 'weekly')$$, :cc));
RESET ROLE;
SET ROLE om_test_sec_lead;
INSERT INTO work_item (contract_id, kind, menu_item_id, title, status, requested_at, scheduled_at)
VALUES (:cc, 'menu_task', :mi_month_end, '月末バッチ結果確認 2026-02', 'scheduled',
        '2026-02-27 09:00+09', '2026-02-27 09:00+09') RETURNING item_id AS feb_task \gset
UPDATE work_item SET status = 'in_progress', status_changed_at = '2026-02-27 10:00+09' WHERE item_id = :feb_task;
UPDATE work_item SET status = 'done', status_changed_at = '2026-02-27 11:00+09' WHERE item_id = :feb_task;
SELECT code, due_on, to_char(due_on, 'Dy') AS dow, status, item_id = :feb_task AS the_task
  FROM menu_tasks_expected(:cc, '2026-01-01', '2026-05-31', '2030-01-01')
 WHERE code = 'OP-MONTH-END' OR due_on < '2026-01-20';
RESET ROLE;

-- ------------------------------------------------ one view, as of
-- January 2026 as of 2026-01-15 noon, everything owed from 01-05 to 01-16:
-- the reports of December, the staff change, the meetings, the minutes,
-- the handover's final report and confirmations, the menu tasks.
SET ROLE om_test_sec_lead;
SELECT obligation, subject, due_on, owner_side, status, late
  FROM obligations(:cc, '2026-01-15 12:00+09', '2026-01-05', '2026-01-16');
-- The same question later: a row recorded afterwards (December's monthly
-- report, entered now) does not change the answer as of 2026-01-15.
CREATE TEMP TABLE jan AS
SELECT * FROM obligations(:cc, '2026-01-15 12:00+09', '2026-01-05', '2026-01-16');
INSERT INTO submission (contract_id, rule_code, period, submitted_at)
VALUES (:cc, 'monthly_report', '2025-12-01', '2026-01-13 09:00+09');
SELECT count(*) AS rows_then,
       (SELECT count(*) FROM (SELECT * FROM obligations(:cc, '2026-01-15 12:00+09', '2026-01-05', '2026-01-16')
                              EXCEPT SELECT * FROM jan) d) AS changed_as_of_then,
       (SELECT status FROM obligations(:cc, now(), '2026-01-05', '2026-01-16')
         WHERE subject = '月次報告書 2025-12') AS status_now
  FROM jan;
-- Japan time whatever the session's time zone
SET TimeZone = 'America/Los_Angeles';
SELECT (SELECT count(*) FROM (SELECT * FROM obligations(:cc, '2026-01-15 12:00+09', '2026-01-05', '2026-01-16')
                              EXCEPT SELECT * FROM jan) d) AS differs_in_los_angeles,
       (SELECT string_agg(due_on::text, ',' ORDER BY due_on) FROM menu_tasks_expected(:cc, '2026-02-01', '2026-03-31', '2030-01-01')
         WHERE code = 'OP-MONTH-END') AS month_end_tasks,
       (SELECT string_agg(due_on::text, ',' ORDER BY due_on) FROM meetings_expected(:cc, '2025-12-20', '2026-01-10', '2026-01-10')
         WHERE kind = 'weekly_inventory') AS inventory_weeks;
SET TimeZone = 'UTC';
SELECT (SELECT count(*) FROM (SELECT * FROM obligations(:cc, '2026-01-15 12:00+09', '2026-01-05', '2026-01-16')
                              EXCEPT SELECT * FROM jan) d) AS differs_in_utc;
SET TimeZone = 'Asia/Tokyo';
DROP TABLE jan;
RESET ROLE;
-- Items' due dates and failures' response deadlines are obligations too:
-- a service request due Wednesday 2026-01-14, not done; a failure on
-- Tuesday 01-13 at 10:00 (open hours: due 10:15), acknowledged at 10:10.
SET ROLE om_test_sec_city;
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_at, due_on)
VALUES (:cc, 'service_request', 'investigation', '帳票の調査', 'requested', '2026-01-05 10:00+09', '2026-01-14');
RESET ROLE;
SET ROLE om_test_sec_lead;
INSERT INTO work_item (contract_id, kind, title, status, occurred_at, requested_at, performer)
VALUES (:cc, 'failure_recovery', '夜間バッチ異常終了', 'reported', '2026-01-13 10:00+09', '2026-01-13 10:02+09', 'operator')
RETURNING item_id AS failure \gset
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-01-13 10:10+09' WHERE item_id = :failure;
SELECT obligation, subject, due_on, due_at, status, late
  FROM obligations(:cc, '2030-01-01', '2026-01-13', '2026-01-14')
 WHERE obligation IN ('item_deadline', 'response_deadline');
RESET ROLE;
SET ROLE om_test_sec_lead;
-- v_obligations: the contractor sees its own contract's, not another's.
SELECT count(*) > 0 AS sees_own, count(DISTINCT contract_id) AS contracts FROM v_obligations WHERE contract_id = :cc;
RESET ROLE;
SET ROLE om_test_sec_other;
SELECT count(*) AS sees_others FROM v_obligations WHERE contract_id = :cc;
SELECT count(*) AS meetings_seen FROM meeting WHERE contract_id = :cc;
SELECT wf_try(format($$INSERT INTO omledger.meeting (contract_id, meeting_kind, title, held_at) VALUES (%s, 'ad_hoc', 'x', now())$$, :cc));
RESET ROLE;
-- The weekly inventory meeting goes through the obligations of its week
-- (weekly_obligations): the week of Wednesday 2026-01-14 (Monday 01-12
-- is a holiday), as of its end; those due in the week, and those overdue.
SET ROLE om_test_sec_city;
SELECT week_start, week_end, count(*) AS obligations,
       count(*) FILTER (WHERE due_on BETWEEN week_start AND week_end) AS due_in_the_week,
       count(*) FILTER (WHERE due_on < week_start) AS overdue_from_before,
       bool_and(due_on >= week_start OR status = 'overdue') AS earlier_ones_all_overdue
  FROM weekly_obligations(:cc, '2026-01-14') GROUP BY 1, 2;
SELECT obligation, subject, due_on, status FROM weekly_obligations(:cc, '2026-01-14')
 WHERE due_on BETWEEN '2026-01-12' AND '2026-01-18' AND obligation IN ('submission', 'meeting')
 ORDER BY due_on, obligation, subject;
-- the same week asked on a Sunday or a Monday of it is the same week
SELECT (SELECT count(*) FROM weekly_obligations(:cc, '2026-01-12'))
     = (SELECT count(*) FROM weekly_obligations(:cc, '2026-01-18')) AS same_week;
RESET ROLE;
-- The alert scanner raises every overdue obligation once (omctl watch,
-- cron): as of 2026-01-20 noon, one alert per obligation overdue then,
-- and a second scan raises none of them again.
SELECT raise_due_alerts('2026-01-20 12:00+09') > 0 AS raised;
SELECT (SELECT count(*) FROM pending_alerts(0) WHERE kind = 'obligation_overdue' AND contract_id = :cc)
     = (SELECT count(*) FROM obligations(:cc, '2026-01-20 12:00+09') WHERE status = 'overdue') AS one_alert_each,
       (SELECT count(*) FROM pending_alerts(0) WHERE kind = 'obligation_overdue' AND contract_id = :cc) > 0 AS some;
SELECT raise_due_alerts('2026-01-20 12:00+09') AS raised_on_a_second_scan;
SELECT payload ? 'due_on' AND payload ? 'owner_side' AS payload_has_due_and_owner
  FROM pending_alerts(0) WHERE kind = 'obligation_overdue' AND contract_id = :cc LIMIT 1;
\i sql/include/security_fixture_end.sql

