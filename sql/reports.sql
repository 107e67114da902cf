-- reports: the monthly report's sections (report_*), against numbers
-- computed by hand on a small fixture (November 2025 of one contract), read
-- as the city desk and as a BI reader; a contractor of another contract
-- sees nothing.  The totals equal cap_status() and the effort_log sums.
-- A report of a past month never changes: rendered, then a month of later
-- work, then rendered again, byte for byte.
-- Its own database: the later work must happen in a later transaction
-- than the fixture (a field's history is told by the time it changed), and
-- the history cannot be deleted; the database and the roles go at the end.
CREATE DATABASE om_test_reports;
\c om_test_reports
CREATE EXTENSION omledger;
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
SET DateStyle = 'ISO';
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
\i sql/include/wf_try.sql
SELECT count(*) AS group_roles FROM create_roles();
CREATE ROLE om_test_rep_city NOLOGIN IN ROLE omledger_city;
CREATE ROLE om_test_rep_reader NOLOGIN IN ROLE omledger_reader;
CREATE ROLE om_test_rep_worker NOLOGIN IN ROLE omledger_contractor;
CREATE ROLE om_test_rep_other NOLOGIN IN ROLE omledger_contractor;

-- ------------------------------------------------------------ fixture
-- Entered as paper records by an administrator (the times they happened),
-- in one transaction: what it sets after inserting an item is part of
-- entering it.
BEGIN;
INSERT INTO contract (name, contractor, roles, term)
VALUES ('報告テスト業務', '報告テスト株式会社', '{operator,vendor}', '[2025-10-01,2027-01-01)')
RETURNING contract_id AS c \gset
INSERT INTO contract (name, contractor, roles, term)
VALUES ('other contract', 'Other KK', '{operator}', '[2025-10-01,2027-01-01)')
RETURNING contract_id AS cb \gset
INSERT INTO person (contract_id, name, side, db_role, registered)
VALUES (:c, '石狩 美咲', 'city', 'om_test_rep_city', '[2025-04-01,)') RETURNING person_id AS city \gset
INSERT INTO person (contract_id, name, organisation, side, db_role, registered, approved_on, roles)
VALUES (:c, '南 さくら', '報告テスト株式会社', 'contractor', 'om_test_rep_worker', '[2025-10-01,)', '2025-09-20', '{worker}')
RETURNING person_id AS wk \gset
-- roster changes in November: one registration starts, one ends
INSERT INTO person (contract_id, name, organisation, side, registered, approved_on, roles)
VALUES (:c, '中島 彩', '報告テスト株式会社', 'contractor', '[2025-11-17,)', '2025-11-10', '{worker}');
INSERT INTO person (contract_id, name, organisation, side, registered, approved_on, roles)
VALUES (:c, '大通 修', '大通データ', 'predecessor', '[2025-10-01,2025-11-21)', '2025-09-20', '{worker}');
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles)
VALUES (:cb, 'Other contractor', 'contractor', 'om_test_rep_other', '[2025-04-01,)', '2025-03-01', '{worker}');
INSERT INTO menu_item (contract_id, code, title, performer, system_code, procedure_ref, frequency, valid)
VALUES (:c, 'SJK-D-01', '夜間バッチ確認', 'operator', 'SJK', '手順-001', 'daily', '[2025-10-01,)')
RETURNING menu_item_id AS mi \gset

CREATE FUNCTION pg_temp.mv(item bigint, st text, at timestamptz) RETURNS void LANGUAGE sql AS
$$ UPDATE omledger.work_item SET status = st, status_changed_at = at WHERE item_id = item $$;
CREATE FUNCTION pg_temp.ok(item bigint, subj text, at timestamptz, ref text DEFAULT NULL) RETURNS bigint LANGUAGE sql AS
$$ INSERT INTO omledger.approval (contract_id, item_id, subject, subject_ref, approver_id, decision, decided_at)
   SELECT contract_id, item, subj, ref,
          (SELECT person_id FROM omledger.person WHERE db_role = 'om_test_rep_city'), 'approved', at
     FROM omledger.work_item WHERE item_id = item RETURNING approval_id $$;
CREATE FUNCTION pg_temp.item(c bigint, kind text, sub text, title text, at timestamptz, sys text,
                             due date DEFAULT NULL, occurred timestamptz DEFAULT NULL) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE id bigint;
BEGIN
  INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status, requested_at, due_on, occurred_at, performer)
  VALUES (c, kind, sub, title, (SELECT s.status FROM omledger.workflow_status s WHERE s.kind = item.kind AND s.is_initial),
          at, due, occurred, 'operator')
  RETURNING item_id INTO id;
  INSERT INTO omledger.work_item_system VALUES (id, sys);
  RETURN id;
END $$;

-- a menu task done on 4 November
INSERT INTO work_item (contract_id, kind, title, status, menu_item_id, performer, requested_at)
VALUES (:c, 'menu_task', '夜間バッチ確認 11/4', 'scheduled', :mi, 'operator', '2025-11-04 08:30+09')
RETURNING item_id AS menu \gset
SELECT pg_temp.mv(:menu, 'in_progress', '2025-11-04 08:40+09'), pg_temp.mv(:menu, 'done', '2025-11-04 09:10+09');
-- S1: requested in October, done and closed in November
SELECT pg_temp.item(:c, 'service_request', 'investigation', '転入件数の調査', '2025-10-20 09:00+09', 'SJK', '2025-11-07') AS s1 \gset
SELECT pg_temp.mv(:s1, 'accepted', '2025-10-21 09:00+09'), pg_temp.mv(:s1, 'in_progress', '2025-10-22 09:00+09'),
       pg_temp.mv(:s1, 'done', '2025-11-10 17:00+09'), pg_temp.mv(:s1, 'closed', '2025-11-12 10:00+09');
-- S2: a document due 20 November, its deadline moved to 5 December (agreed)
SELECT pg_temp.item(:c, 'service_request', 'document', '影響調査報告書 <案> & "見積"', '2025-11-05 09:00+09', 'ATC', '2025-11-20') AS s2 \gset
SELECT pg_temp.mv(:s2, 'accepted', '2025-11-05 10:00+09'), pg_temp.mv(:s2, 'in_progress', '2025-11-06 09:00+09');
INSERT INTO deadline_change (contract_id, item_id, new_due_on, reason, expected_completion, notified_at)
VALUES (:c, :s2, '2025-12-05', '調査範囲の拡大', '2025-12-04', '2025-11-18 16:00+09') RETURNING deadline_change_id AS dc2 \gset
SELECT pg_temp.ok(:s2, 'deadline_change', '2025-11-19 10:00+09', :'dc2') IS NOT NULL AS agreed;
-- S3: due 25 November, still open at the month's end: overdue, a change told but not agreed
SELECT pg_temp.item(:c, 'service_request', 'investigation', '連携エラーの分析', '2025-11-10 09:00+09', 'SJK', '2025-11-25') AS s3 \gset
SELECT pg_temp.mv(:s3, 'accepted', '2025-11-10 10:00+09'), pg_temp.mv(:s3, 'in_progress', '2025-11-11 09:00+09');
INSERT INTO deadline_change (contract_id, item_id, new_due_on, reason, expected_completion, notified_at)
VALUES (:c, :s3, '2025-12-10', 'ログの追加取得', '2025-12-09', '2025-11-28 11:00+09') RETURNING deadline_change_id AS dc3 \gset
-- S4: attendance on Saturday 15 November, agreed on the 10th
SELECT pg_temp.item(:c, 'service_request', 'closed_day_attendance', 'リハーサル立会い', '2025-11-04 10:00+09', 'SNK') AS s4 \gset
UPDATE work_item SET scheduled_at = '2025-11-15 09:00+09' WHERE item_id = :s4;
SELECT pg_temp.mv(:s4, 'accepted', '2025-11-05 10:00+09');
SELECT pg_temp.ok(:s4, 'closed_day_attendance', '2025-11-10 15:00+09', '2025-11-15') IS NOT NULL AS agreed;
SELECT pg_temp.mv(:s4, 'in_progress', '2025-11-15 09:00+09'), pg_temp.mv(:s4, 'done', '2025-11-15 12:00+09');
-- F1: a major failure on Friday 14 November at 10:00 (open hours: due 10:15),
-- responded at 10:10 (met), report submitted on the 20th; two systems
SELECT pg_temp.item(:c, 'failure_recovery', 'impact_analysis', '証明書発行画面が表示されない', '2025-11-14 10:05+09', 'SJK', NULL, '2025-11-14 10:00+09') AS f1 \gset
INSERT INTO work_item_system VALUES (:f1, 'ATC');
UPDATE work_item SET severity = 'major' WHERE item_id = :f1;
SELECT pg_temp.mv(:f1, 'acknowledged', '2025-11-14 10:10+09'), pg_temp.mv(:f1, 'investigating', '2025-11-14 10:30+09');
INSERT INTO evidence (contract_id, item_id, evidence_type, reference, performed_at)
VALUES (:c, :f1, 'major_incident_report', '重大障害報告書 2025-001', '2025-11-20 17:00+09');
-- F2: Saturday 22 November 21:00 (out of hours: due 22:00), responded 22:30 (late)
SELECT pg_temp.item(:c, 'failure_recovery', 'impact_analysis', '学齢簿バッチ異常終了', '2025-11-22 21:05+09', 'GGR', NULL, '2025-11-22 21:00+09') AS f2 \gset
SELECT pg_temp.mv(:f2, 'acknowledged', '2025-11-22 22:30+09');
-- M1: a preventive fix planned at 2pd in October, in progress from 4 November
SELECT pg_temp.item(:c, 'modification', 'preventive_fix', 'バッチ再実行性の改修', '2025-10-27 09:00+09', 'SJK') AS m1 \gset
UPDATE work_item SET planned_effort = '2pd', planned_effort_set_at = '2025-10-27 09:00+09' WHERE item_id = :m1;
SELECT pg_temp.mv(:m1, 'planned', '2025-10-28 09:00+09');
SELECT pg_temp.ok(:m1, 'planned_effort', '2025-10-29 10:00+09') IS NOT NULL AS agreed;
SELECT pg_temp.mv(:m1, 'approved', '2025-10-30 09:00+09'), pg_temp.mv(:m1, 'in_progress', '2025-11-04 09:00+09');
-- an additional contract: +1pm on November's service cap, decided on the 20th
SELECT pg_temp.ok(:s2, 'cap_extension', '2025-11-20 10:00+09', '追加契約 R7-01') AS ext_ok \gset
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'month', '1pm', '[2025-11-01,2025-12-01)', '追加契約 R7-01', :ext_ok);
-- effort: October service 1pd; November service 4h + 1pd + 2h + 3h = 2pd 1h,
-- modification 6h + 4h = 1pd 2h, failure 5h, menu 30min
-- (the worker logs its own effort)
SET ROLE om_test_rep_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES
  (:s1, :wk, '2025-10-22', '1pd'),
  (:menu, :wk, '2025-11-04', '30min'), (:m1, :wk, '2025-11-04', '6h'), (:m1, :wk, '2025-11-05', '4h'),
  (:s2, :wk, '2025-11-06', '1pd'), (:s1, :wk, '2025-11-10', '4h'), (:s3, :wk, '2025-11-11', '2h'),
  (:f1, :wk, '2025-11-14', '5h'), (:s4, :wk, '2025-11-15', '3h');
RESET ROLE;
COMMIT;

-- ----------------------------------------------- the sections, as the city
SET ROLE om_test_rep_city;
SELECT category, month_used, month_cap, month_percent, term_used, term_cap, term_percent,
       term_remaining, extension, burn_rate
  FROM report_effort(:c, '2025-11');
-- service: 17h of a 3pm + 1pm = 640h cap is 2.7 %; over the term 25h of 48pm (7680h) 0.3 %;
-- burn rate (Sep + Oct + Nov) / 3 = 25h / 3 = 8h 20min; modification 10h of 1pm (160h) 6.3 %
SELECT kind, open_at_start, opened, finished, open_at_end FROM report_work_items(:c, '2025-11');
-- service: S1 open at the start; S2, S3, S4 opened; S1 finished; S2, S3, S4 open at the end
SELECT item_id - :f1 AS f, title, systems, severity, occurred_at, response_due_at, response_started_at,
       minutes_to_start, response, status, major_report, major_report_at
  FROM report_failures(:c, '2025-11');
SELECT sub_kind, opened, finished, open_at_end, effort, spec_check_effort
  FROM report_service_requests(:c, '2025-11') WHERE opened + finished + open_at_end > 0 OR effort > '0';
SELECT title, status, planned_effort, month_effort, actual_effort, actual_percent
  FROM report_modifications(:c, '2025-11');
SELECT code, title, performer, done, open_at_end, effort FROM report_menu_tasks(:c, '2025-11');
SELECT title, old_due_on, new_due_on, notified_at, late_notice, decision FROM report_deadlines(:c, '2025-11');
SELECT title, status, due_on, effective_due_on, days_overdue, change_pending FROM report_overdue(:c, '2025-11');
SELECT day, weekday, reason, attendances, agreed, effort FROM report_closed_days(:c, '2025-11');
SELECT decided_at, subject, item_title, subject_ref, decision, approver FROM report_approvals(:c, '2025-11');
SELECT name, side, change, on_date, approved_on FROM report_roster_changes(:c, '2025-11');
RESET ROLE;

-- ------------------------------- the same numbers for a reader; none for another contractor
CREATE TEMP TABLE rep_as AS SELECT 'city' AS who, monthly_report(:c, '2025-11') AS r WITH NO DATA;
GRANT INSERT, SELECT ON rep_as TO PUBLIC;
SET ROLE om_test_rep_city;   INSERT INTO rep_as SELECT 'city', monthly_report(:c, '2025-11'); RESET ROLE;
SET ROLE om_test_rep_reader; INSERT INTO rep_as SELECT 'reader', monthly_report(:c, '2025-11'); RESET ROLE;
SET ROLE om_test_rep_other;  INSERT INTO rep_as SELECT 'other', monthly_report(:c, '2025-11'); RESET ROLE;
SELECT who, r IS NOT NULL AS sees_report, jsonb_array_length(r -> 'failures') AS failures,
       r = (SELECT r FROM rep_as WHERE who = 'city') AS same_as_city
  FROM rep_as ORDER BY who;
SET ROLE om_test_rep_other;
SELECT (SELECT count(*) FROM report_effort(:c, '2025-11')) AS effort,
       (SELECT count(*) FROM report_work_items(:c, '2025-11')) AS work_items,
       (SELECT count(*) FROM report_failures(:c, '2025-11')) AS failures,
       (SELECT count(*) FROM report_service_requests(:c, '2025-11')) AS service,
       (SELECT count(*) FROM report_closed_days(:c, '2025-11')) AS closed_days,
       (SELECT count(*) FROM report_approvals(:c, '2025-11')) AS approvals,
       (SELECT count(*) FROM report_roster_changes(:c, '2025-11')) AS roster,
       monthly_report_doc(:c, '2025-11') IS NULL AS no_document;
RESET ROLE;

-- ----------------------------- the totals equal cap_status and effort_log
SET ROLE om_test_rep_city;
SELECT count(*) AS categories,
       bool_and(r.month_used = s.month_used) AS month_equals_cap_status,
       bool_and(r.term_used = s.term_used) AS term_equals_cap_status,
       bool_and(r.month_used = COALESCE((
         SELECT sum(e.effort) FROM effort_log e JOIN work_item w USING (item_id)
          WHERE w.contract_id = :c AND NOT w.internal_handover
            AND charge_category(w.kind, w.spec_check_for_modification) = r.category
            AND e.work_date >= '2025-11-01' AND e.work_date < '2025-12-01'), '0')) AS month_equals_log,
       bool_and(r.term_used = COALESCE((
         SELECT sum(e.effort) FROM effort_log e JOIN work_item w USING (item_id)
          WHERE w.contract_id = :c AND NOT w.internal_handover
            AND charge_category(w.kind, w.spec_check_for_modification) = r.category
            AND e.work_date < '2025-12-01'), '0')) AS term_equals_log,
       bool_and(r.month_cap IS NOT DISTINCT FROM s.month_cap AND r.term_cap IS NOT DISTINCT FROM s.term_cap) AS caps_equal
  FROM report_effort(:c, '2025-11') r JOIN cap_status(:c, '2025-11') s USING (category);
-- the document carries the same totals (effort in minutes)
SELECT count(*) AS rows_in_document,
       bool_and((x ->> 'month_used')::bigint = effort_minutes(s.month_used)) AS document_month_equals
  FROM jsonb_array_elements(monthly_report_doc(:c, '2025-11') -> 'sections' -> 0 -> 'rows') WITH ORDINALITY AS d(x, o)
  JOIN cap_status(:c, '2025-11') WITH ORDINALITY AS s(category, month_used, month_cap, month_enforcement,
        month_remaining, month_percent, term_used, term_cap, term_enforcement, term_remaining, term_percent, o2)
    ON s.o2 = d.o;
SELECT (x ->> 'month_used')::effort = s.month_used AS jsonb_month_equals, x ->> 'category' AS category
  FROM jsonb_array_elements(monthly_report(:c, '2025-11') -> 'effort') AS x
  JOIN cap_status(:c, '2025-11') s ON s.category = x ->> 'category'
 WHERE s.category = 'service';
RESET ROLE;

-- ------------------------------------------------ the major incident report
-- F1's report from its timeline, as the city: the same renderer (before
-- the later work below, whose changes carry the time they were made)
SET ROLE om_test_rep_city;
\pset format unaligned
\pset tuples_only on
SELECT major_incident_report(:f1, 'text');
\pset format aligned
\pset tuples_only off
SELECT major_incident_report(:f1) = render_document(major_incident_report_doc(:f1), 'markdown') AS markdown_by_default,
       major_incident_report(:f1, 'html') LIKE '<!DOCTYPE html>%' AS html;
-- refused: an item that is not a failure; a failure another contractor cannot see
SELECT wf_try(format('SELECT omledger.major_incident_report(%s)', :s1));
SELECT wf_try(format('SELECT omledger.major_incident_report(%s, ''pdf'')', :f1));
RESET ROLE;
SET ROLE om_test_rep_other;
SELECT wf_try(format('SELECT omledger.major_incident_report(%s)', :f1));
RESET ROLE;

-- A month before the term (September 2025): a report with nothing in it,
-- in every format -- the effort chart has no month to draw and is left out.
SELECT f, length(monthly_report_document(:c, '2025-09', f)) > 200 AS rendered,
       position('月別工数と月上限' IN monthly_report_document(:c, '2025-09', f)) > 0 AS effort_chart,
       position('月別工数と月上限' IN monthly_report_document(:c, '2025-11', f)) > 0 AS effort_chart_in_term
  FROM unnest('{markdown,text,html}'::text[]) f ORDER BY f;

-- ------------------------------------------------ a past month never changes
-- Rendered as the city in three formats and as jsonb ...
CREATE TEMP TABLE rep_before AS
SELECT f, monthly_report_document(:c, '2025-11', f) AS doc FROM unnest('{markdown,text,html}'::text[]) f;
INSERT INTO rep_before SELECT 'jsonb', monthly_report(:c, '2025-11')::text;
GRANT SELECT ON rep_before TO PUBLIC;
SELECT count(*) AS renderings, bool_and(length(doc) > 1000) AS not_empty FROM rep_before;
-- (the city closes the month: its report is archived, markdown and html)
SET ROLE om_test_rep_city;
SELECT close_month(:c, '2025-11') IS NOT NULL AS november_closed;
RESET ROLE;
SELECT format, month, length(document) > 1000 AS rendered, sha256 = report_sha256(document) AS hashed,
       document = (SELECT doc FROM rep_before b WHERE b.f = a.format) AS as_rendered_before
  FROM report_archive a WHERE contract_id = :c ORDER BY format;
-- ... then a month of later work: status changes, the pending deadline
-- change agreed, a title, a due date, a class and the systems changed, a correction in
-- December of a November entry, effort in December, a new extension that
-- also covers November, a roster change, the failure resolved
SELECT pg_temp.mv(:s2, 'done', '2025-12-03 17:00+09'), pg_temp.mv(:s2, 'closed', '2025-12-04 10:00+09');
SELECT pg_temp.ok(:s3, 'deadline_change', '2025-12-02 10:00+09', :'dc3') IS NOT NULL AS agreed;
UPDATE work_item SET title = '連携エラーの分析（改題）' WHERE item_id = :s3;
UPDATE work_item SET due_on = '2025-12-20' WHERE item_id = :s3;
UPDATE work_item SET failure_class = 'C' WHERE item_id = :f2;
DELETE FROM work_item_system WHERE item_id = :f1 AND system_code = 'ATC';
INSERT INTO work_item_system VALUES (:f2, 'SKT');
SELECT pg_temp.mv(:f2, 'investigating', '2025-12-01 09:00+09'), pg_temp.mv(:m1, 'testing', '2025-12-05 09:00+09');
SET ROLE om_test_rep_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort, corrects)
SELECT item_id, person_id, '2025-12-02', '-1h', entry_id FROM effort_log WHERE item_id = :s1 AND work_date = '2025-11-10';
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:s3, :wk, '2025-12-02', '5h'), (:m1, :wk, '2025-12-03', '1pd');
RESET ROLE;
SELECT pg_temp.ok(:s3, 'cap_extension', '2025-12-05 10:00+09', '追加契約 R7-02') AS ext2 \gset
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'month', '1pm', '[2025-11-01,2026-01-01)', '追加契約 R7-02', :ext2);
INSERT INTO person (contract_id, name, side, registered, approved_on, roles)
VALUES (:c, '円山 恵', 'contractor', '[2025-12-08,)', '2025-12-01', '{worker}');
-- (the current state did move: the service term usage and the month's cap)
SELECT term_used, month_cap FROM cap_status(:c, '2025-11') WHERE category = 'service';
-- rendered again, as the city and as the reader, under another time zone
-- and effort style: the same bytes
SET TimeZone = 'America/New_York';
SET omledger.effort_style = 'ja';
SET ROLE om_test_rep_city;
SELECT b.f, monthly_report_document(:c, '2025-11', b.f) = b.doc AS unchanged
  FROM rep_before b WHERE b.f <> 'jsonb' ORDER BY b.f;
SELECT monthly_report(:c, '2025-11')::text = b.doc AS jsonb_unchanged FROM rep_before b WHERE b.f = 'jsonb';
RESET ROLE;
SET ROLE om_test_rep_reader;
SELECT bool_and(monthly_report_document(:c, '2025-11', b.f) = b.doc) AS unchanged_for_reader
  FROM rep_before b WHERE b.f <> 'jsonb';
RESET ROLE;
RESET omledger.effort_style;
SET TimeZone = 'Asia/Tokyo';
-- and the archive says so
SET ROLE om_test_rep_reader;
SELECT format, unchanged, archived_sha256 = current_sha256 AS same_hash, changed_sections
  FROM report_archive_check(:c, '2025-11');
RESET ROLE;
-- December's report sees the later work
SELECT title, status, effective_due_on FROM report_overdue(:c, '2025-12');
SELECT category, month_used, month_cap FROM report_effort(:c, '2025-12') WHERE category = 'service';

-- The comparison can fail: a status change entered late and dated in
-- November (S3 done on the 28th) changes November's report.
SELECT pg_temp.mv(:s3, 'done', '2025-11-28 17:00+09');
SELECT b.f, monthly_report_document(:c, '2025-11', b.f) = b.doc AS unchanged
  FROM rep_before b WHERE b.f <> 'jsonb' ORDER BY b.f;
SELECT count(*) AS overdue_at_november_end FROM report_overdue(:c, '2025-11');
-- ... and the archive check reports it, naming the sections that moved
SELECT format, unchanged, changed_sections FROM report_archive_check(:c, '2025-11');
-- reopened with the city's approval and closed again: a new archive, which
-- the report matches; the first close's stays as it was
SELECT pg_temp.ok(:s3, 'reopen_month', '2025-12-10 10:00+09', '2025-11') AS reopen \gset
SET ROLE om_test_rep_city;
SELECT reopen_month(:c, '2025-11', :reopen);
SELECT close_month(:c, '2025-11') IS NOT NULL AS closed_again;
RESET ROLE;
SELECT dense_rank() OVER (ORDER BY close_id) AS close, format, reopened_at IS NOT NULL AS reopened, unchanged
  FROM report_archive_check(:c, '2025-11') ORDER BY close_id, format;
SELECT count(*) AS archived FROM report_archive WHERE contract_id = :c;
-- append-only, whoever asks; nobody but the owner writes it
SELECT wf_try($$UPDATE omledger.report_archive SET document = 'forged'$$);
SELECT wf_try($$DELETE FROM omledger.report_archive$$);
SELECT wf_try($$TRUNCATE omledger.report_archive$$);
SET ROLE om_test_rep_city;
SELECT wf_try(format($$INSERT INTO omledger.report_archive (contract_id, month, close_id, format, document, sha256, source)
  SELECT contract_id, month, close_id, format, 'forged', sha256, source FROM omledger.report_archive WHERE contract_id = %s LIMIT 1$$, :c));
RESET ROLE;
-- a contractor of another contract sees no archive
SET ROLE om_test_rep_other;
SELECT count(*) AS archives_seen, (SELECT count(*) FROM report_archive_check(:c, '2025-11')) AS checks FROM report_archive;
RESET ROLE;
-- a month never closed has nothing to compare with
SELECT count(*) AS december_checks FROM report_archive_check(:c, '2025-12');

-- ---------------------------------------------------------- the renderings
-- HTML escapes what it prints (the title of S2 holds <, & and quotes)
SELECT position('影響調査報告書 &lt;案&gt; &amp; &quot;見積&quot;' IN doc) > 0 AS escaped,
       position('<案>' IN doc) = 0 AS no_raw_markup,
       doc LIKE '<!DOCTYPE html>%' AND doc LIKE '%@page { size: A4%' AND doc LIKE '%<svg %' AS a4_page_with_charts
  FROM rep_before WHERE f = 'html';
\pset format unaligned
\pset tuples_only on
SELECT doc FROM rep_before WHERE f = 'text';
SELECT doc FROM rep_before WHERE f = 'markdown';
\pset format aligned
\pset tuples_only off

\c contrib_regression
DROP DATABASE om_test_reports;
DROP ROLE om_test_rep_city, om_test_rep_reader, om_test_rep_worker, om_test_rep_other,
          omledger_admin, omledger_city, omledger_contractor, omledger_reader, omledger_intake;
