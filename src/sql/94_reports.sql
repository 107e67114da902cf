\echo Use "CREATE EXTENSION omledger" to load this file. \quit

-- ====================================================================
-- the monthly report (月次報告書) inside the database (new in 0.4)
-- Each section of the report is a set-returning function with typed
-- columns taking (contract_id, month): report_effort, report_work_items,
-- report_failures, report_service_requests, report_modifications,
-- report_menu_tasks, report_deadlines, report_overdue, report_closed_days,
-- report_approvals, report_roster_changes.  monthly_report() gathers them
-- as jsonb for programs, monthly_report_doc() as a document (93_render.sql)
-- and monthly_report_document() renders it.  See doc/reports.md.
--
-- A report of a past month never changes: every section is computed as of
-- the month's end in Japan time (T) from the history, never from the
-- current status or today:
--   * a status is the last status event (work_item_event, field NULL)
--     that happened before T (its occurred_at: the time the change names);
--   * a field the engine records (title, severity, class, planned effort,
--     due date, scheduled day, systems, ...) is the old value of its first
--     change after T, else the current value; changes made in the
--     transaction that entered the item are part of entering it (a paper
--     record entered late keeps its content);
--   * the due date in force is the latest deadline change agreed (approval
--     decided) before T; caps count the extensions decided before T;
--   * effort counts by its day of work (work_date), as the caps do; a
--     correction counts in the month of its own work_date.
-- So later work (status changes, deadline changes, corrections logged in
-- later months) leaves the report as it was; what can still change it is
-- entering the past late (an effort entry in a month not yet closed, a
-- status change backdated into the month) -- which a closed month refuses
-- for effort, and which report_archive_check() reveals (95_*).
--
-- Every function is STABLE, writes nothing and runs as its caller
-- (SECURITY INVOKER): row-level security applies, so a contractor of
-- another contract gets empty sections.  Names are qualified with the
-- extension's schema; built-in operators are written plainly: the bodies
-- run with search_path = pg_catalog, pg_temp, and pg_temp is never
-- searched for operators or functions, so they resolve to pg_catalog's.
-- The functions that gather many sections (monthly_report,
-- monthly_report_doc) and the sections whose plans are estimated on a
-- long history (report_closed_days, report_obligations) run with jit off:
-- those estimates are far above what a month reads, and compiling cost
-- more than the query (440 ms of report_closed_days' 470 on ten years of
-- history, for ten closed days; BENCHMARKS.md).
-- ====================================================================

-- ------------------------------------------------------------ helpers
CREATE FUNCTION @extschema@.report_window(month @extschema@.fiscal_period,
    OUT first_day date, OUT next_day date, OUT from_t timestamptz, OUT to_t timestamptz)
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT k.d, (k.d + interval '1 month')::date,
         k.d::timestamp AT TIME ZONE 'Asia/Tokyo',
         (k.d + interval '1 month')::date::timestamp AT TIME ZONE 'Asia/Tokyo'
    FROM (SELECT @extschema@.caps_month($1) AS d) AS k
$$;
COMMENT ON FUNCTION @extschema@.report_window(@extschema@.fiscal_period) IS
  'a fiscal month as its first day, the first day after it, and their starts in Japan time (the report''s "as of" is to_t)';

CREATE FUNCTION @extschema@.status_ja(status text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT COALESCE(CASE $1
    WHEN 'reported' THEN '報告済' WHEN 'acknowledged' THEN '着手' WHEN 'investigating' THEN '調査中'
    WHEN 'mitigated' THEN '暫定対応済' WHEN 'resolved' THEN '解決' WHEN 'closed' THEN '完了'
    WHEN 'cancelled' THEN '取消' WHEN 'rejected' THEN '却下' WHEN 'proposed' THEN '提案'
    WHEN 'planned' THEN '計画' WHEN 'approved' THEN '計画承認済' WHEN 'in_progress' THEN '作業中'
    WHEN 'testing' THEN '試験中' WHEN 'release_approved' THEN 'リリース承認済' WHEN 'released' THEN 'リリース済'
    WHEN 'requested' THEN '依頼' WHEN 'accepted' THEN '受付' WHEN 'done' THEN '実施済'
    WHEN 'scheduled' THEN '予定' END, $1)
$$;
COMMENT ON FUNCTION @extschema@.status_ja(text) IS
  'the Japanese name of a status of the seeded state machines for reports (a city''s own status: its name)';

CREATE FUNCTION @extschema@.label_ja(what text, code text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT COALESCE(CASE $1
    WHEN 'kind' THEN CASE $2 WHEN 'menu_task' THEN '運用・保守メニュー' WHEN 'service_request' THEN 'サービス要求'
      WHEN 'failure_recovery' THEN '障害回復要求' WHEN 'modification' THEN '保守的システム改修' WHEN 'handover' THEN '引継ぎ' END
    WHEN 'category' THEN CASE $2 WHEN 'service' THEN 'サービス要求' WHEN 'modification' THEN '保守的システム改修'
      WHEN 'failure_recovery' THEN '障害回復要求' WHEN 'menu' THEN '運用・保守メニュー' WHEN 'handover' THEN '引継ぎ' END
    WHEN 'subject' THEN CASE $2 WHEN 'procedure' THEN '作業手順' WHEN 'planned_effort' THEN '計画工数'
      WHEN 'release' THEN 'リリース' WHEN 'estimate' THEN '見積' WHEN 'closed_day_attendance' THEN '閉庁日作業立会'
      WHEN 'deadline_change' THEN '期限変更' WHEN 'class_b_decision' THEN '分類B改修判断'
      WHEN 'reopen_month' THEN '月次締め解除' WHEN 'cap_extension' THEN '追加契約' WHEN 'additional_contract' THEN '追加契約'
      WHEN 'roster_change' THEN '名簿変更'
      WHEN 'classification' THEN '障害分類' END
    WHEN 'decision' THEN CASE $2 WHEN 'approved' THEN '承認' WHEN 'rejected' THEN '却下' WHEN 'pending' THEN '未決' END
    WHEN 'response' THEN CASE $2 WHEN 'met' THEN '期限内' WHEN 'late' THEN '超過' WHEN 'open' THEN '未着手' END
    WHEN 'major_report' THEN CASE $2 WHEN 'not_required' THEN '対象外' WHEN 'pending' THEN '未提出' WHEN 'submitted' THEN '提出済' END
    WHEN 'side' THEN CASE $2 WHEN 'city' THEN '本市' WHEN 'contractor' THEN '受託者' WHEN 'predecessor' THEN '引継元業者'
      WHEN 'successor' THEN '次期受託者' WHEN 'modification_vendor' THEN '改修業者' WHEN 'both' THEN '双方' END
    WHEN 'roster' THEN CASE $2 WHEN 'registered' THEN '登録' WHEN 'deregistered' THEN '登録終了' END
    WHEN 'severity' THEN CASE $2 WHEN 'major' THEN '重大' WHEN 'normal' THEN '通常' END
    WHEN 'performer' THEN CASE $2 WHEN 'operator' THEN '業務運用業者' WHEN 'vendor' THEN '保守ベンダー' END
    WHEN 'obligation' THEN CASE $2 WHEN 'submission' THEN '提出書類' WHEN 'meeting' THEN '会議'
      WHEN 'minutes' THEN '議事録' WHEN 'meeting_notice' THEN '会議の事前連絡' WHEN 'handover_report' THEN '週次引継報告' WHEN 'handover_final_report' THEN '最終引継報告'
      WHEN 'handover_confirmation' THEN '引継確認' WHEN 'handover_defect_notice' THEN '引継資料不備の指摘'
      WHEN 'handover_defect' THEN '引継資料不備の修正' END
    WHEN 'obligation_status' THEN CASE $2 WHEN 'met' THEN '済' WHEN 'pending' THEN '未了' WHEN 'overdue' THEN '期限超過' END
  END, $2)
$$;
COMMENT ON FUNCTION @extschema@.label_ja(text, text) IS
  'the Japanese label reports print for a code (what: kind, category, subject, decision, response, major_report, side, roster, severity, performer); the code itself when there is none';

-- The work items of a contract as they stood at `at`: those requested
-- before it and not finished before `since`, with their fields, systems,
-- status and due date in force as of `at` (see the header).
CREATE FUNCTION @extschema@.report_items_at(contract_id bigint, at timestamptz, since timestamptz,
                                            only_kind text DEFAULT NULL)
  RETURNS TABLE (item_id bigint, kind text, sub_kind text, title text, severity text,
                 failure_class text, performer text, planned_effort @extschema@.effort,
                 due_on date, scheduled_at timestamptz, parent_id bigint, menu_item_id bigint,
                 spec_check_for_modification boolean, requested_at timestamptz,
                 occurred_at timestamptz, response_due_at timestamptz,
                 response_started_at timestamptz, systems text[],
                 status_at_since text, terminal_at_since boolean,
                 status text, terminal boolean, effective_due_on date)
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
  SET jit = off
AS $$
DECLARE
  cand bigint[];
BEGIN
  -- The candidates, found by index: the items open now (their kind's
  -- non-terminal statuses, work_item_status_idx) and those whose status
  -- changed since `since` (work_item_status_changed_idx).  Any other item
  -- is in a terminal status it entered before `since`: finished then.
  -- (OFFSET 0 keeps one index lookup per open status: the statistics cannot
  -- tell how rare the open statuses are among a long history's.)  The
  -- queries' texts are constants, run by EXECUTE so that they are planned
  -- with this call's values: a cached generic plan cannot tell that a
  -- month's items are a handful among a long history's (it read them all,
  -- and the history of each).  Those estimates are still far too high:
  -- jit is off, or compiling would cost more than the query (150 ms).
  EXECUTE $q$
    SELECT COALESCE(array_agg(c.item_id), '{}')
      FROM (SELECT x.item_id
              FROM @extschema@.workflow_status AS s
              CROSS JOIN LATERAL (
                SELECT o.item_id FROM @extschema@.work_item AS o
                 WHERE o.contract_id = $1 AND o.kind = s.kind AND o.status = s.status
                OFFSET 0) AS x
             WHERE NOT s.is_terminal AND ($3 IS NULL OR s.kind = $3)
            UNION
            SELECT o.item_id
              FROM @extschema@.work_item AS o
             WHERE o.contract_id = $1 AND o.status_changed_at >= $2 AND ($3 IS NULL OR o.kind = $3)) AS c
  $q$ INTO cand USING contract_id, since, only_kind;
  RETURN QUERY EXECUTE $q$
  SELECT w.item_id, w.kind::text,
         CASE WHEN h.was ? 'sub_kind' THEN h.was ->> 'sub_kind' ELSE w.sub_kind END,
         CASE WHEN h.was ? 'title' THEN h.was ->> 'title' ELSE w.title END,
         CASE WHEN h.was ? 'severity' THEN h.was ->> 'severity' ELSE w.severity END,
         CASE WHEN h.was ? 'failure_class' THEN h.was ->> 'failure_class' ELSE w.failure_class END,
         CASE WHEN h.was ? 'performer' THEN h.was ->> 'performer' ELSE w.performer END,
         CASE WHEN h.was ? 'planned_effort' THEN (h.was ->> 'planned_effort')::@extschema@.effort ELSE w.planned_effort END,
         f.due_on,
         CASE WHEN h.was ? 'scheduled_at' THEN (h.was ->> 'scheduled_at')::timestamptz ELSE w.scheduled_at END,
         CASE WHEN h.was ? 'parent_id' THEN (h.was ->> 'parent_id')::bigint ELSE w.parent_id END,
         CASE WHEN h.was ? 'menu_item_id' THEN (h.was ->> 'menu_item_id')::bigint ELSE w.menu_item_id END,
         w.spec_check_for_modification,
         w.requested_at, w.occurred_at, w.response_due_at,
         CASE WHEN w.response_started_at < $2 THEN w.response_started_at END,
         (SELECT array_agg(x.code ORDER BY x.code)
            FROM (SELECT s.system_code AS code FROM @extschema@.work_item_system AS s
                   WHERE s.item_id = w.item_id
                  UNION
                  SELECT e.old_value FROM @extschema@.work_item_event AS e
                   WHERE e.item_id = w.item_id AND e.field = 'systems' AND e.occurred_at >= $2
                     AND e.occurred_at <> w.created_at AND e.old_value IS NOT NULL) AS x
           WHERE COALESCE((SELECT e.old_value IS NOT DISTINCT FROM x.code
                             FROM @extschema@.work_item_event AS e
                            WHERE e.item_id = w.item_id AND e.field = 'systems' AND e.occurred_at >= $2
                              AND e.occurred_at <> w.created_at
                              AND x.code IN (e.old_value, e.new_value)
                            ORDER BY e.occurred_at, e.event_id LIMIT 1), true)),
         s0.status, COALESCE(t0.is_terminal, false),
         s1.status, COALESCE(t1.is_terminal, false),
         COALESCE((SELECT d.new_due_on FROM @extschema@.deadline_change AS d
                    WHERE d.item_id = w.item_id
                      AND (SELECT a.decision FROM @extschema@.approval AS a
                            WHERE a.item_id = d.item_id AND a.subject = 'deadline_change'
                              AND a.subject_ref = d.deadline_change_id::text AND a.decided_at < $2
                            ORDER BY a.decided_at DESC, a.approval_id DESC LIMIT 1) = 'approved'
                    ORDER BY d.deadline_change_id DESC LIMIT 1),
                  f.due_on)
    FROM unnest($5::bigint[]) AS cand(item_id)
    JOIN @extschema@.work_item AS w ON w.item_id = cand.item_id
    -- the first change after `at` of each field: its old value is the value at `at`
    CROSS JOIN LATERAL (
      SELECT jsonb_object_agg(c.field, c.old_value) AS was
        FROM (SELECT DISTINCT ON (e.field) e.field, e.old_value
                FROM @extschema@.work_item_event AS e
               WHERE e.item_id = w.item_id AND e.field IS NOT NULL AND e.field <> 'systems'
                 AND e.occurred_at >= $2 AND e.occurred_at <> w.created_at
               ORDER BY e.field, e.occurred_at, e.event_id) AS c) AS h
    CROSS JOIN LATERAL (SELECT CASE WHEN h.was ? 'due_on' THEN (h.was ->> 'due_on')::date ELSE w.due_on END AS due_on) AS f
    LEFT JOIN LATERAL (
      SELECT e.to_status AS status FROM @extschema@.work_item_event AS e
       WHERE e.item_id = w.item_id AND e.field IS NULL AND e.occurred_at < $3
       ORDER BY e.occurred_at DESC, e.event_id DESC LIMIT 1) AS s0 ON true
    LEFT JOIN @extschema@.workflow_status AS t0 ON t0.kind = w.kind AND t0.status = s0.status
    LEFT JOIN LATERAL (
      SELECT e.to_status AS status FROM @extschema@.work_item_event AS e
       WHERE e.item_id = w.item_id AND e.field IS NULL AND e.occurred_at < $2
       ORDER BY e.occurred_at DESC, e.event_id DESC LIMIT 1) AS s1 ON true
    LEFT JOIN @extschema@.workflow_status AS t1 ON t1.kind = w.kind AND t1.status = s1.status
   WHERE w.requested_at < $2
     AND NOT COALESCE(t0.is_terminal, false)
$q$ USING contract_id, at, since, only_kind, cand;
END
$$;
COMMENT ON FUNCTION @extschema@.report_items_at(bigint, timestamptz, timestamptz, text) IS
  'the contract''s work items (of one kind, if given) requested before `at` and not finished before `since`, as they stood at `at` (fields, systems, status, due date in force) from the history: the base of the monthly report''s sections';

CREATE INDEX work_item_status_changed_idx ON @extschema@.work_item (contract_id, status_changed_at);
COMMENT ON INDEX @extschema@.work_item_status_changed_idx IS
  'the items whose status changed since a time (report_items_at: the items a month''s report needs besides the open ones)';

-- The sections read a month's effort by its day of work, across the
-- contract's items: without this index every report read the whole log
-- (and report_closed_days once per closed day).
CREATE INDEX effort_log_work_date_idx ON @extschema@.effort_log (work_date);
COMMENT ON INDEX @extschema@.effort_log_work_date_idx IS
  'the effort of a period by day of work, whichever item (the monthly report''s sections)';

-- ------------------------------------------------------------ sections
CREATE FUNCTION @extschema@.report_effort(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (category text, month_used @extschema@.effort, month_cap @extschema@.effort,
                 month_percent numeric, term_used @extschema@.effort, term_cap @extschema@.effort,
                 term_percent numeric, term_remaining @extschema@.effort,
                 extension @extschema@.effort, burn_rate @extschema@.effort,
                 reach_month @extschema@.fiscal_period, within_term boolean)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH k AS (SELECT * FROM @extschema@.report_window($2)),
  c AS (SELECT c.contract_id, c.term FROM @extschema@.contract AS c WHERE c.contract_id = $1),
  -- counted effort by month up to the report's month (the running totals,
  -- which equal the effort_log sums: caps_verify())
  u AS (
    SELECT s.category,
           COALESCE(sum(@extschema@.effort_minutes(s.used)) FILTER (WHERE @extschema@.lower(s.month) = k.first_day), 0)::bigint AS m,
           sum(@extschema@.effort_minutes(s.used))::bigint AS t,
           COALESCE(sum(@extschema@.effort_minutes(s.used))
                      FILTER (WHERE @extschema@.lower(s.month) >= (k.first_day - interval '2 months')::date), 0) AS last3
      FROM @extschema@.effort_summary AS s, k, c
     WHERE s.contract_id = c.contract_id AND @extschema@.lower(s.month) < k.next_day
     GROUP BY s.category),
  -- the caps as they stood: extensions the city decided before the month's end
  x AS (
    SELECT e.category,
           COALESCE(sum(@extschema@.effort_minutes(e.extra)) FILTER (WHERE e.scope = 'month' AND e.months @> k.first_day), 0)::bigint AS mx,
           COALESCE(sum(@extschema@.effort_minutes(e.extra)) FILTER (WHERE e.scope = 'term'), 0)::bigint AS tx
      FROM @extschema@.cap_extension AS e
      JOIN @extschema@.approval AS a ON a.approval_id = e.approval_id, k, c
     WHERE e.contract_id = c.contract_id AND a.decided_at < k.to_t
     GROUP BY e.category),
  r AS (
    SELECT cat.ord, cat.category, COALESCE(u.m, 0) AS m, COALESCE(u.t, 0) AS t, COALESCE(u.last3, 0) AS last3,
           @extschema@.effort_minutes(mc.amount) + COALESCE(x.mx, 0) AS mcap,
           @extschema@.effort_minutes(tc.amount) + COALESCE(x.tx, 0) AS tcap,
           CASE WHEN mc.amount IS NULL AND tc.amount IS NULL THEN NULL
                ELSE COALESCE(x.mx, 0) + COALESCE(x.tx, 0) END AS ext,
           c.term, k.next_day
      FROM c, k,
           (VALUES (1, 'service'), (2, 'modification'), (3, 'failure_recovery'),
                   (4, 'menu'), (5, 'handover')) AS cat(ord, category)
      LEFT JOIN u ON u.category = cat.category
      LEFT JOIN x ON x.category = cat.category
      LEFT JOIN @extschema@.effort_cap AS mc
             ON mc.contract_id = $1 AND mc.category = cat.category AND mc.scope = 'month'
      LEFT JOIN @extschema@.effort_cap AS tc
             ON tc.contract_id = $1 AND tc.category = cat.category AND tc.scope = 'term'),
  -- the forecast as cap_forecast(contract, category, next_day) computes it
  f AS (
    SELECT r.*, (r.last3 / 3)::bigint AS rate,
           CASE WHEN r.tcap IS NULL THEN NULL
                WHEN r.tcap <= r.t THEN 0
                WHEN r.last3 <= 0 THEN NULL
                ELSE ceil((r.tcap - r.t) / (r.last3 / 3))::integer END AS n
      FROM r)
  SELECT f.category,
         @extschema@.make_effort(min => f.m),
         @extschema@.make_effort(min => f.mcap),
         round(100.0 * f.m / NULLIF(f.mcap, 0), 1),
         @extschema@.make_effort(min => f.t),
         @extschema@.make_effort(min => f.tcap),
         round(100.0 * f.t / NULLIF(f.tcap, 0), 1),
         @extschema@.make_effort(min => f.tcap - f.t),
         @extschema@.make_effort(min => f.ext),
         @extschema@.make_effort(min => f.rate),
         @extschema@.fiscal_period((f.next_day + make_interval(months => f.n))::date, 'month'),
         (f.next_day + make_interval(months => f.n))::date < upper(f.term)
    FROM f
   ORDER BY f.ord
$$;
COMMENT ON FUNCTION @extschema@.report_effort(bigint, @extschema@.fiscal_period) IS
  'monthly report: counted effort per charge category in the month and over the term up to its end, against the caps as they stood (extensions decided before the month''s end), with the burn rate of the last three months and the month the term cap is reached at that rate';

CREATE FUNCTION @extschema@.report_work_items(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (kind text, open_at_start bigint, opened bigint, finished bigint, open_at_end bigint)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH k AS (SELECT * FROM @extschema@.report_window($2)),
  i AS (SELECT x.* FROM k, @extschema@.report_items_at($1, k.to_t, k.from_t) AS x)
  SELECT kd.kind,
         count(i.item_id) FILTER (WHERE i.requested_at < k.from_t AND i.status_at_since IS NOT NULL AND NOT i.terminal_at_since),
         count(i.item_id) FILTER (WHERE i.requested_at >= k.from_t),
         count(i.item_id) FILTER (WHERE i.terminal),
         count(i.item_id) FILTER (WHERE NOT i.terminal)
    FROM k, @extschema@.contract AS c,
         (VALUES (1, 'menu_task'), (2, 'service_request'), (3, 'failure_recovery'),
                 (4, 'modification'), (5, 'handover')) AS kd(ord, kind)
    LEFT JOIN i ON i.kind = kd.kind
   WHERE c.contract_id = $1
   GROUP BY kd.ord, kd.kind
   ORDER BY kd.ord
$$;
COMMENT ON FUNCTION @extschema@.report_work_items(bigint, @extschema@.fiscal_period) IS
  'monthly report: work items per kind open at the month''s start, opened (requested) in it, finished (entered a terminal status) in it and open at its end; open_at_start + opened - finished = open_at_end';

CREATE FUNCTION @extschema@.report_failures(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (item_id bigint, title text, systems text[], severity text, failure_class text,
                 occurred_at timestamptz, requested_at timestamptz, response_due_at timestamptz,
                 response_started_at timestamptz, minutes_to_start integer, response text,
                 status text, major_report text, major_report_at timestamptz)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT i.item_id, i.title, i.systems, i.severity, i.failure_class,
         i.occurred_at, i.requested_at, i.response_due_at, i.response_started_at,
         (extract(epoch FROM i.response_started_at - i.occurred_at) / 60)::integer,
         CASE WHEN i.response_started_at IS NULL THEN 'open'
              WHEN i.response_started_at <= i.response_due_at THEN 'met' ELSE 'late' END,
         i.status,
         CASE WHEN i.severity IS DISTINCT FROM 'major' THEN 'not_required'
              WHEN r.performed_at IS NULL THEN 'pending' ELSE 'submitted' END,
         r.performed_at
    FROM @extschema@.report_window($2) AS k
    CROSS JOIN LATERAL @extschema@.report_items_at($1, k.to_t, k.from_t, 'failure_recovery') AS i
    LEFT JOIN LATERAL (
      SELECT min(v.performed_at) AS performed_at FROM @extschema@.evidence AS v
       WHERE v.item_id = i.item_id AND v.evidence_type = 'major_incident_report'
         AND v.performed_at < k.to_t) AS r ON true
   WHERE i.kind = 'failure_recovery' AND i.occurred_at >= k.from_t AND i.occurred_at < k.to_t
   ORDER BY i.occurred_at, i.item_id
$$;
COMMENT ON FUNCTION @extschema@.report_failures(bigint, @extschema@.fiscal_period) IS
  'monthly report: failures that occurred in the month, with the response due time stored when reported (rule 10), the start of the response, the verdict (met, late, open at the month''s end), class, severity, status at the month''s end and whether the major incident report (重大障害報告書) was submitted by then';

CREATE FUNCTION @extschema@.report_service_requests(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (sub_kind text, title_ja text, opened bigint, finished bigint, open_at_end bigint,
                 effort @extschema@.effort, spec_check_effort @extschema@.effort)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH k AS (SELECT * FROM @extschema@.report_window($2)),
  i AS (SELECT x.* FROM k, @extschema@.report_items_at($1, k.to_t, k.from_t, 'service_request') AS x),
  e AS (
    SELECT w.sub_kind,
           sum(@extschema@.effort_minutes(l.effort)) FILTER (WHERE NOT w.spec_check_for_modification) AS svc,
           sum(@extschema@.effort_minutes(l.effort)) FILTER (WHERE w.spec_check_for_modification) AS spec
      FROM @extschema@.effort_log AS l
      JOIN @extschema@.work_item AS w ON w.item_id = l.item_id, k
     WHERE w.contract_id = $1 AND w.kind = 'service_request'
       AND l.work_date >= k.first_day AND l.work_date < k.next_day
     GROUP BY w.sub_kind),
  s AS (
    SELECT sk.sub_kind, sk.title_ja, sk.spec_ref FROM @extschema@.work_sub_kind AS sk
     WHERE sk.kind = 'service_request'
    UNION ALL
    SELECT NULL, '（未分類）', NULL
     WHERE EXISTS (SELECT 1 FROM i WHERE i.sub_kind IS NULL) OR EXISTS (SELECT 1 FROM e WHERE e.sub_kind IS NULL))
  SELECT s.sub_kind, s.title_ja,
         (SELECT count(*) FROM i, k WHERE i.sub_kind IS NOT DISTINCT FROM s.sub_kind AND i.requested_at >= k.from_t),
         (SELECT count(*) FROM i WHERE i.sub_kind IS NOT DISTINCT FROM s.sub_kind AND i.terminal),
         (SELECT count(*) FROM i WHERE i.sub_kind IS NOT DISTINCT FROM s.sub_kind AND NOT i.terminal),
         @extschema@.make_effort(min => COALESCE((SELECT e.svc FROM e WHERE e.sub_kind IS NOT DISTINCT FROM s.sub_kind), 0)),
         @extschema@.make_effort(min => COALESCE((SELECT e.spec FROM e WHERE e.sub_kind IS NOT DISTINCT FROM s.sub_kind), 0))
    FROM s, @extschema@.contract AS c
   WHERE c.contract_id = $1
   ORDER BY s.spec_ref NULLS LAST, s.sub_kind NULLS LAST
$$;
COMMENT ON FUNCTION @extschema@.report_service_requests(bigint, @extschema@.fiscal_period) IS
  'monthly report: service requests (§5.2.1) per sub-kind opened, finished and open at the month''s end, with the month''s effort charged to the service cap and that of specification checks for a modification (charged to the modification cap, §5.2.1②)';

CREATE FUNCTION @extschema@.report_modifications(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (item_id bigint, sub_kind text, title text, parent_id bigint, status text,
                 planned_effort @extschema@.effort, month_effort @extschema@.effort,
                 actual_effort @extschema@.effort, actual_percent numeric)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT i.item_id, i.sub_kind, i.title, i.parent_id, i.status, i.planned_effort,
         @extschema@.make_effort(min => COALESCE(e.m, 0)),
         @extschema@.make_effort(min => COALESCE(e.t, 0)),
         round(100.0 * COALESCE(e.t, 0) / NULLIF(@extschema@.effort_minutes(i.planned_effort), 0), 1)
    FROM @extschema@.report_window($2) AS k
    CROSS JOIN LATERAL @extschema@.report_items_at($1, k.to_t, k.from_t, 'modification') AS i
    LEFT JOIN LATERAL (
      SELECT sum(@extschema@.effort_minutes(l.effort)) FILTER (WHERE l.work_date >= k.first_day) AS m,
             sum(@extschema@.effort_minutes(l.effort)) AS t
        FROM @extschema@.effort_log AS l
       WHERE l.item_id = i.item_id AND l.work_date < k.next_day) AS e ON true
   WHERE i.kind = 'modification'
   ORDER BY i.item_id
$$;
COMMENT ON FUNCTION @extschema@.report_modifications(bigint, @extschema@.fiscal_period) IS
  'monthly report: conservative modifications (§5.2.3) open at some time in the month, with their stage at its end, the planned effort presented to the city, and the actual effort in the month and up to its end';

CREATE FUNCTION @extschema@.report_menu_tasks(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (code text, revision integer, title text, system_code text, performer text,
                 done bigint, open_at_end bigint, effort @extschema@.effort)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH k AS (SELECT * FROM @extschema@.report_window($2)),
  i AS (
    SELECT x.*, EXISTS (SELECT 1 FROM @extschema@.work_item_event AS e
                         WHERE e.item_id = x.item_id AND e.field IS NULL AND e.to_status = 'done'
                           AND e.occurred_at >= k.from_t AND e.occurred_at < k.to_t) AS done_in_month
      FROM k, @extschema@.report_items_at($1, k.to_t, k.from_t, 'menu_task') AS x)
  SELECT m.code, m.revision, m.title, m.system_code, m.performer,
         count(*) FILTER (WHERE i.done_in_month),
         count(*) FILTER (WHERE NOT i.terminal AND i.status IS DISTINCT FROM 'done'),
         @extschema@.make_effort(min => COALESCE(sum((
           SELECT sum(@extschema@.effort_minutes(l.effort)) FROM @extschema@.effort_log AS l
            WHERE l.item_id = i.item_id AND l.work_date >= k.first_day AND l.work_date < k.next_day)), 0))
    FROM i
    JOIN @extschema@.menu_item AS m ON m.menu_item_id = i.menu_item_id, k
   GROUP BY m.code, m.revision, m.title, m.system_code, m.performer
  HAVING count(*) FILTER (WHERE i.done_in_month) > 0
      OR count(*) FILTER (WHERE NOT i.terminal AND i.status IS DISTINCT FROM 'done') > 0
   ORDER BY m.code, m.revision
$$;
COMMENT ON FUNCTION @extschema@.report_menu_tasks(bigint, @extschema@.fiscal_period) IS
  'monthly report: O&M menu tasks (§5.1) per menu task and revision: how many were performed (entered done) in the month, how many were still to do at its end, and the month''s effort on them';

CREATE FUNCTION @extschema@.report_deadlines(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (deadline_change_id bigint, item_id bigint, title text, old_due_on date,
                 new_due_on date, expected_completion date, reason text, notified_at timestamptz,
                 late_notice boolean, decision text, decided_at timestamptz)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT d.deadline_change_id, d.item_id,
         COALESCE((SELECT e.old_value FROM @extschema@.work_item_event AS e
                    WHERE e.item_id = w.item_id AND e.field = 'title' AND e.occurred_at >= k.to_t
                      AND e.occurred_at <> w.created_at
                    ORDER BY e.occurred_at, e.event_id LIMIT 1), w.title),
         d.old_due_on, d.new_due_on, d.expected_completion, d.reason, d.notified_at, d.late_notice,
         COALESCE(a.decision, 'pending'), a.decided_at
    FROM @extschema@.report_window($2) AS k
    JOIN @extschema@.deadline_change AS d ON d.notified_at >= k.from_t AND d.notified_at < k.to_t
    JOIN @extschema@.work_item AS w ON w.item_id = d.item_id
    LEFT JOIN LATERAL (
      SELECT x.decision, x.decided_at FROM @extschema@.approval AS x
       WHERE x.item_id = d.item_id AND x.subject = 'deadline_change'
         AND x.subject_ref = d.deadline_change_id::text AND x.decided_at < k.to_t
       ORDER BY x.decided_at DESC, x.approval_id DESC LIMIT 1) AS a ON true
   WHERE d.contract_id = $1
   ORDER BY d.notified_at, d.deadline_change_id
$$;
COMMENT ON FUNCTION @extschema@.report_deadlines(bigint, @extschema@.fiscal_period) IS
  'monthly report: deadline changes (§5.2.4⑨) the city was told of in the month, with whether the notice came after the old date and the city''s decision as of the month''s end';

CREATE FUNCTION @extschema@.report_overdue(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (item_id bigint, kind text, title text, status text, due_on date,
                 effective_due_on date, days_overdue integer, change_pending boolean)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT i.item_id, i.kind, i.title, i.status, i.due_on, i.effective_due_on,
         k.next_day - i.effective_due_on,
         EXISTS (SELECT 1 FROM @extschema@.deadline_change AS c
                  WHERE c.item_id = i.item_id AND c.notified_at < k.to_t
                    AND c.new_due_on > i.effective_due_on)
    FROM @extschema@.report_window($2) AS k
    CROSS JOIN LATERAL @extschema@.report_items_at($1, k.to_t, k.from_t) AS i
   WHERE NOT i.terminal AND i.effective_due_on < k.next_day
   ORDER BY k.next_day - i.effective_due_on DESC, i.item_id
$$;
COMMENT ON FUNCTION @extschema@.report_overdue(bigint, @extschema@.fiscal_period) IS
  'monthly report: work items unfinished at the month''s end past the due date then in force (rule 9, as overdue_items would have said on the first day of the next month), and whether a later deadline change was told but not yet agreed';

CREATE FUNCTION @extschema@.report_closed_days(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (day date, weekday text, reason text, attendances bigint, attendance_items text,
                 agreed boolean, effort @extschema@.effort)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
  SET jit = off
AS $$
  WITH k AS (SELECT * FROM @extschema@.report_window($2)),
  c AS (SELECT c.contract_id FROM @extschema@.contract AS c WHERE c.contract_id = $1),
  a AS (
    SELECT i.item_id, i.title, i.status, (i.scheduled_at AT TIME ZONE 'Asia/Tokyo')::date AS day,
           EXISTS (SELECT 1 FROM @extschema@.approval AS x
                    WHERE x.item_id = i.item_id AND x.subject = 'closed_day_attendance'
                      AND x.decision = 'approved' AND x.decided_at < LEAST(i.scheduled_at, k.to_t)) AS agreed
      FROM k, @extschema@.report_items_at($1, k.to_t, k.from_t, 'service_request') AS i
     WHERE i.sub_kind = 'closed_day_attendance'
       AND i.scheduled_at >= k.from_t AND i.scheduled_at < k.to_t
       AND i.status IS DISTINCT FROM 'cancelled' AND i.status IS DISTINCT FROM 'rejected')
  SELECT g.d::date,
         (ARRAY['月','火','水','木','金','土','日'])[extract(isodow FROM g.d)::integer],
         COALESCE(o.reason, @extschema@.jp_holiday_name(g.d::date),
                  CASE WHEN to_char(g.d, 'MM-DD') >= '12-29' OR to_char(g.d, 'MM-DD') <= '01-03' THEN '年末年始' END,
                  CASE extract(isodow FROM g.d) WHEN 6 THEN '土曜日' WHEN 7 THEN '日曜日' END),
         (SELECT count(*) FROM a WHERE a.day = g.d::date),
         (SELECT string_agg(format('#%s %s（%s）', a.item_id, a.title, @extschema@.status_ja(a.status)), '、' ORDER BY a.item_id)
            FROM a WHERE a.day = g.d::date),
         (SELECT bool_and(a.agreed) FROM a WHERE a.day = g.d::date),
         @extschema@.make_effort(min => COALESCE((
           SELECT sum(@extschema@.effort_minutes(l.effort))
             FROM @extschema@.effort_log AS l JOIN @extschema@.work_item AS w ON w.item_id = l.item_id
            WHERE w.contract_id = c.contract_id AND l.work_date = g.d::date), 0))
    FROM k, c, generate_series(k.first_day, k.next_day - 1, interval '1 day') AS g(d)
    LEFT JOIN @extschema@.calendar_override AS o ON o.day = g.d::date
   WHERE @extschema@.is_closed_day(g.d::date)
   ORDER BY 1
$$;
COMMENT ON FUNCTION @extschema@.report_closed_days(bigint, @extschema@.fiscal_period) IS
  'monthly report: the closed days (閉庁日) of the month with their reason, the closed-day attendances (§5.2.1⑤) scheduled on each, whether each was agreed before the day, and the effort logged on the day';

CREATE FUNCTION @extschema@.report_approvals(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (approval_id bigint, decided_at timestamptz, subject text, item_id bigint,
                 item_title text, subject_ref text, decision text, approver text,
                 recorded_late boolean)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT a.approval_id, a.decided_at, a.subject, a.item_id,
         CASE WHEN w.item_id IS NOT NULL THEN
           COALESCE((SELECT e.old_value FROM @extschema@.work_item_event AS e
                      WHERE e.item_id = w.item_id AND e.field = 'title' AND e.occurred_at >= k.to_t
                        AND e.occurred_at <> w.created_at
                      ORDER BY e.occurred_at, e.event_id LIMIT 1), w.title) END,
         a.subject_ref, a.decision, p.name,
         @extschema@.recorded_late(a.contract_id, a.decided_at, a.recorded_at)
    FROM @extschema@.report_window($2) AS k
    JOIN @extschema@.approval AS a ON a.decided_at >= k.from_t AND a.decided_at < k.to_t
    LEFT JOIN @extschema@.work_item AS w ON w.item_id = a.item_id
    LEFT JOIN @extschema@.person AS p ON p.person_id = a.approver_id
   WHERE a.contract_id = $1
   ORDER BY a.decided_at, a.approval_id
$$;
COMMENT ON FUNCTION @extschema@.report_approvals(bigint, @extschema@.fiscal_period) IS
  'monthly report: the decisions the city made in the month (approvals and rejections of procedures, plans, releases, deadline changes, ...), who decided, and whether the decision was recorded late';

CREATE FUNCTION @extschema@.report_roster_changes(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (person_id bigint, name text, organisation text, side text, change text,
                 on_date date, approved_on date, roles text[])
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.person_id, p.name, p.organisation, p.side, x.change, x.on_date, p.approved_on, p.roles
    FROM @extschema@.report_window($2) AS k
    JOIN @extschema@.person AS p ON p.contract_id = $1
    CROSS JOIN LATERAL (VALUES ('registered', lower(p.registered)),
                               ('deregistered', upper(p.registered) - 1)) AS x(change, on_date)
   WHERE x.on_date >= k.first_day AND x.on_date < k.next_day
     AND (x.change = 'registered' OR NOT upper_inf(p.registered))
   ORDER BY x.on_date, p.person_id, x.change DESC
$$;
COMMENT ON FUNCTION @extschema@.report_roster_changes(bigint, @extschema@.fiscal_period) IS
  'monthly report: changes of the roster (情報資産取扱者名簿, §6) in the month: registrations starting (with the city''s approval date) and ending (the last registered day); no contact data';

-- The documents and meetings owed (doc/obligations.md): what fell due in
-- the month, and what fell due before and was still not met at its end,
-- each with its state at the month's end -- obligations() counts only what
-- was recorded by then, so the section does not change afterwards.  The
-- item, response and menu-task deadlines have their own sections.
CREATE FUNCTION @extschema@.report_obligations(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (obligation text, subject text, due_on date, owner_side text, status text,
                 done_at timestamptz, late boolean)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
  SET jit = off
AS $$
  SELECT o.obligation, o.subject, o.due_on, o.owner_side, o.status, o.done_at, o.late
    FROM @extschema@.report_window($2) AS k
    CROSS JOIN LATERAL @extschema@.obligations($1, k.to_t, NULL, k.next_day - 1) AS o
   WHERE o.obligation <> ALL (ARRAY['item_deadline', 'response_deadline', 'menu_task'])
     AND (o.due_on >= k.first_day OR o.status = 'overdue')
   ORDER BY o.due_on, o.obligation, o.subject
$$;
COMMENT ON FUNCTION @extschema@.report_obligations(bigint, @extschema@.fiscal_period) IS
  'monthly report: the documents, meetings, minutes, notices and handover records owed (obligations()) that fell due in the month or were overdue at its end, each met, pending or overdue as of the month''s end';

-- ------------------------------------------------------- the whole report
-- For programs: every section's rows as jsonb, in a rendering that does
-- not depend on the session (times in Japan time, effort in the canonical
-- English spelling, periods in ISO style).
CREATE FUNCTION @extschema@.monthly_report(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
  SET jit = off
  SET TimeZone = 'Asia/Tokyo'
  SET omledger.effort_style = 'en'
  SET omledger.period_style = 'iso'
AS $$
  SELECT jsonb_build_object(
    'contract_id', c.contract_id,
    'contract', c.name,
    'contractor', c.contractor,
    'month', @extschema@.fiscal_period_text($2, 'iso'),
    'first_day', k.first_day,
    'last_day', k.next_day - 1,
    'as_of', k.to_t,
    'effort', COALESCE((SELECT jsonb_agg(to_jsonb(r)) FROM @extschema@.report_effort($1, $2) AS r), '[]'),
    'work_items', COALESCE((SELECT jsonb_agg(to_jsonb(r)) FROM @extschema@.report_work_items($1, $2) AS r), '[]'),
    'failures', COALESCE((SELECT jsonb_agg(to_jsonb(r)) FROM @extschema@.report_failures($1, $2) AS r), '[]'),
    'service_requests', COALESCE((SELECT jsonb_agg(to_jsonb(r)) FROM @extschema@.report_service_requests($1, $2) AS r), '[]'),
    'modifications', COALESCE((SELECT jsonb_agg(to_jsonb(r)) FROM @extschema@.report_modifications($1, $2) AS r), '[]'),
    'menu_tasks', COALESCE((SELECT jsonb_agg(to_jsonb(r)) FROM @extschema@.report_menu_tasks($1, $2) AS r), '[]'),
    'deadlines', COALESCE((SELECT jsonb_agg(to_jsonb(r)) FROM @extschema@.report_deadlines($1, $2) AS r), '[]'),
    'overdue', COALESCE((SELECT jsonb_agg(to_jsonb(r)) FROM @extschema@.report_overdue($1, $2) AS r), '[]'),
    'closed_days', COALESCE((SELECT jsonb_agg(to_jsonb(r)) FROM @extschema@.report_closed_days($1, $2) AS r), '[]'),
    'approvals', COALESCE((SELECT jsonb_agg(to_jsonb(r)) FROM @extschema@.report_approvals($1, $2) AS r), '[]'),
    'roster_changes', COALESCE((SELECT jsonb_agg(to_jsonb(r)) FROM @extschema@.report_roster_changes($1, $2) AS r), '[]'),
    'obligations', COALESCE((SELECT jsonb_agg(to_jsonb(r)) FROM @extschema@.report_obligations($1, $2) AS r), '[]'))
    FROM @extschema@.report_window($2) AS k, @extschema@.contract AS c
   WHERE c.contract_id = $1
$$;
COMMENT ON FUNCTION @extschema@.monthly_report(bigint, @extschema@.fiscal_period) IS
  'the monthly report of a contract for programs: every section (report_*) as an array of rows, keyed by section; NULL for a contract the caller cannot see';

-- The monthly report as a document (93_render.sql), in Japanese.
CREATE FUNCTION @extschema@.monthly_report_doc(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS jsonb
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
  SET jit = off
AS $$
DECLARE
  k record;
  c record;
  secs jsonb := '[]';
  chart jsonb;
  paras jsonb;
  t_from date;
  eff jsonb;
BEGIN
  SELECT * INTO k FROM @extschema@.report_window(month);
  SELECT x.contract_id, x.name, x.contractor, x.term INTO c
    FROM @extschema@.contract AS x WHERE x.contract_id = monthly_report_doc.contract_id;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  t_from := lower(c.term);

  -- 1. effort against the caps, and its chart over the term so far
  SELECT jsonb_agg(jsonb_build_object(
           'category', @extschema@.label_ja('category', r.category),
           'month_used', @extschema@.effort_minutes(r.month_used),
           'month_cap', @extschema@.effort_minutes(r.month_cap),
           'month_percent', r.month_percent,
           'term_used', @extschema@.effort_minutes(r.term_used),
           'term_cap', @extschema@.effort_minutes(r.term_cap),
           'term_percent', r.term_percent,
           'term_remaining', @extschema@.effort_minutes(r.term_remaining),
           'extension', @extschema@.effort_minutes(r.extension),
           'burn_rate', @extschema@.effort_minutes(r.burn_rate),
           'reach_month', CASE WHEN r.reach_month IS NULL THEN NULL
                               ELSE @extschema@.fiscal_period_text(r.reach_month, 'iso')
                                    || CASE WHEN r.within_term THEN '（期間内）' ELSE '' END END)),
         jsonb_agg(to_jsonb(format('%s: 当月 %s（月上限の%s%%）、期間累計 %s（期間上限の%s%%）',
                     @extschema@.label_ja('category', r.category), @extschema@.effort_ja(r.month_used),
                     r.month_percent, @extschema@.effort_ja(r.term_used), r.term_percent)))
           FILTER (WHERE r.month_cap IS NOT NULL OR r.term_cap IS NOT NULL)
    INTO eff, paras
    FROM @extschema@.report_effort(c.contract_id, month) AS r;
  -- every month of the term up to the report's (a month after the term
  -- ends: the whole term; before it starts: none)
  WITH m AS (
    SELECT p AS month, @extschema@.lower(p) AS d
      FROM @extschema@.fiscal_periods(@extschema@.fiscal_period(t_from, 'month'),
                                      LEAST(month, @extschema@.fiscal_period(upper(c.term) - 1, 'month'))) AS p
     WHERE @extschema@.lower(month) >= date_trunc('month', t_from)::date),
  u AS (
    SELECT @extschema@.lower(s.month) AS d, s.category, @extschema@.effort_minutes(s.used) AS used
      FROM @extschema@.effort_summary AS s
     WHERE s.contract_id = c.contract_id AND @extschema@.lower(s.month) <= k.first_day),
  caps AS (
    SELECT m.d, cap.category,
           @extschema@.effort_minutes(cap.amount) + COALESCE((
             SELECT sum(@extschema@.effort_minutes(x.extra)) FROM @extschema@.cap_extension AS x
               JOIN @extschema@.approval AS a ON a.approval_id = x.approval_id
              WHERE x.contract_id = c.contract_id AND x.category = cap.category AND x.scope = 'month'
                AND x.months @> m.d AND a.decided_at < k.to_t), 0) AS amount
      FROM m JOIN @extschema@.effort_cap AS cap
        ON cap.contract_id = c.contract_id AND cap.scope = 'month'
       AND cap.category IN ('service', 'modification'))
  SELECT jsonb_build_object(
           'type', 'bar', 'title', '月別工数と月上限（人日）', 'unit', '人日',
           'labels', jsonb_agg(to_char(m.d, 'YYYY-MM') ORDER BY m.d),
           'series', jsonb_build_array(
             jsonb_build_object('name', 'サービス要求', 'values',
               jsonb_agg(round(COALESCE((SELECT u.used FROM u WHERE u.d = m.d AND u.category = 'service'), 0) / 480.0, 2) ORDER BY m.d)),
             jsonb_build_object('name', '保守的システム改修', 'values',
               jsonb_agg(round(COALESCE((SELECT u.used FROM u WHERE u.d = m.d AND u.category = 'modification'), 0) / 480.0, 2) ORDER BY m.d)),
             jsonb_build_object('name', '障害回復要求', 'values',
               jsonb_agg(round(COALESCE((SELECT u.used FROM u WHERE u.d = m.d AND u.category = 'failure_recovery'), 0) / 480.0, 2) ORDER BY m.d))),
           'lines', jsonb_build_array(
             jsonb_build_object('name', 'サービス要求 月上限', 'values',
               jsonb_agg(round((SELECT x.amount FROM caps AS x WHERE x.d = m.d AND x.category = 'service') / 480.0, 2) ORDER BY m.d)),
             jsonb_build_object('name', '改修 月上限', 'values',
               jsonb_agg(round((SELECT x.amount FROM caps AS x WHERE x.d = m.d AND x.category = 'modification') / 480.0, 2) ORDER BY m.d))))
    INTO chart
    FROM m;
  -- a month before the term has no month of the term to draw
  IF jsonb_typeof(chart -> 'labels') IS DISTINCT FROM 'array' THEN
    chart := NULL;
  END IF;
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '1. 工数と上限',
    'paragraphs', COALESCE(paras, '[]'),
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'category', 'label', '区分', 'type', 'text'),
      jsonb_build_object('key', 'month_used', 'label', '当月', 'type', 'effort'),
      jsonb_build_object('key', 'month_cap', 'label', '月上限', 'type', 'effort'),
      jsonb_build_object('key', 'month_percent', 'label', '月%', 'type', 'numeric'),
      jsonb_build_object('key', 'term_used', 'label', '期間累計', 'type', 'effort'),
      jsonb_build_object('key', 'term_cap', 'label', '期間上限', 'type', 'effort'),
      jsonb_build_object('key', 'term_percent', 'label', '期間%', 'type', 'numeric'),
      jsonb_build_object('key', 'extension', 'label', '追加契約', 'type', 'effort'),
      jsonb_build_object('key', 'burn_rate', 'label', '月平均(3か月)', 'type', 'effort'),
      jsonb_build_object('key', 'reach_month', 'label', '上限到達見込', 'type', 'text')),
    'rows', COALESCE(eff, '[]'),
    'chart', chart));

  -- 2. work items by kind
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '2. 作業件数',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'kind', 'label', '種別', 'type', 'text'),
      jsonb_build_object('key', 'open_at_start', 'label', '前月末未完了', 'type', 'int'),
      jsonb_build_object('key', 'opened', 'label', '当月受付', 'type', 'int'),
      jsonb_build_object('key', 'finished', 'label', '当月完了', 'type', 'int'),
      jsonb_build_object('key', 'open_at_end', 'label', '月末未完了', 'type', 'int')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object(
              'kind', @extschema@.label_ja('kind', r.kind), 'open_at_start', r.open_at_start,
              'opened', r.opened, 'finished', r.finished, 'open_at_end', r.open_at_end))
              FROM @extschema@.report_work_items(c.contract_id, month) AS r), '[]')));

  -- 3. failures, with the failures per system in the fiscal year so far
  --    (a period, not the whole history) and the response times
  SELECT jsonb_build_object(
           'type', 'bar', 'title', 'システム別障害件数（年度累計・当月）', 'unit', '件',
           'labels', COALESCE(jsonb_agg(q.code ORDER BY q.code), '[]'),
           'series', jsonb_build_array(
             jsonb_build_object('name', '年度累計', 'values', COALESCE(jsonb_agg(q.year ORDER BY q.code), '[]')),
             jsonb_build_object('name', '当月', 'values', COALESCE(jsonb_agg(q.month ORDER BY q.code), '[]'))))
    INTO chart
    FROM (SELECT sy.system_code AS code,
                 count(i.item_id) AS year,
                 count(i.item_id) FILTER (WHERE i.occurred_at >= k.from_t) AS month
            FROM @extschema@.system AS sy
            LEFT JOIN (SELECT x.* FROM @extschema@.report_items_at(c.contract_id, k.to_t,
                                        @extschema@.lower(@extschema@.parent(month, 'year'))::timestamp AT TIME ZONE 'Asia/Tokyo',
                                        'failure_recovery') AS x
                        WHERE x.occurred_at >= @extschema@.lower(@extschema@.parent(month, 'year'))::timestamp AT TIME ZONE 'Asia/Tokyo') AS i
              ON sy.system_code = ANY (i.systems)
           WHERE sy.retired_on IS NULL OR sy.retired_on > k.first_day
           GROUP BY sy.system_code) AS q;
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '3. 障害対応',
    'paragraphs', jsonb_build_array('対応期限は障害の報告時に表3・表4により定まった時刻（規則10）、判定は月末時点の記録による。'),
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'item_id', 'label', '番号', 'type', 'int'),
      jsonb_build_object('key', 'title', 'label', '件名', 'type', 'text'),
      jsonb_build_object('key', 'systems', 'label', 'システム', 'type', 'text'),
      jsonb_build_object('key', 'severity', 'label', '重大度', 'type', 'text'),
      jsonb_build_object('key', 'failure_class', 'label', '分類', 'type', 'text'),
      jsonb_build_object('key', 'occurred_at', 'label', '発生', 'type', 'timestamp'),
      jsonb_build_object('key', 'response_due_at', 'label', '対応期限', 'type', 'timestamp'),
      jsonb_build_object('key', 'response_started_at', 'label', '着手', 'type', 'timestamp'),
      jsonb_build_object('key', 'response', 'label', '判定', 'type', 'text'),
      jsonb_build_object('key', 'status', 'label', '月末状態', 'type', 'text'),
      jsonb_build_object('key', 'major_report', 'label', '重大障害報告書', 'type', 'text')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object(
              'item_id', r.item_id, 'title', r.title, 'systems', to_jsonb(r.systems),
              'severity', @extschema@.label_ja('severity', r.severity), 'failure_class', r.failure_class,
              'occurred_at', r.occurred_at, 'response_due_at', r.response_due_at,
              'response_started_at', r.response_started_at,
              'response', @extschema@.label_ja('response', r.response),
              'status', @extschema@.status_ja(r.status),
              'major_report', @extschema@.label_ja('major_report', r.major_report)
                              || COALESCE('（' || to_char(r.major_report_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD') || '）', ''))
              ORDER BY r.occurred_at, r.item_id)
              FROM @extschema@.report_failures(c.contract_id, month) AS r), '[]'),
    'empty', '当月に発生した障害はない。',
    'chart', chart));
  SELECT jsonb_build_object(
           'type', 'bar', 'title', '障害の対応着手までの時間（分）', 'unit', '分',
           'labels', jsonb_agg('#' || r.item_id ORDER BY r.occurred_at, r.item_id),
           'series', jsonb_build_array(jsonb_build_object('name', '着手まで',
             'values', jsonb_agg(r.minutes_to_start ORDER BY r.occurred_at, r.item_id))),
           'lines', jsonb_build_array(jsonb_build_object('name', '対応期限',
             'values', jsonb_agg((extract(epoch FROM r.response_due_at - r.occurred_at) / 60)::integer
                                 ORDER BY r.occurred_at, r.item_id))))
    INTO chart
    FROM @extschema@.report_failures(c.contract_id, month) AS r
   HAVING count(*) > 0;
  IF chart IS NOT NULL THEN
    secs := secs || jsonb_build_array(jsonb_build_object('heading', '3.1 対応時間', 'chart', chart,
      'paragraphs', jsonb_build_array('棒は発生から対応着手までの分数、破線は対応期限までの分数。')));
  END IF;

  -- 4. service requests by sub-kind
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '4. サービス要求',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'title_ja', 'label', '区分', 'type', 'text'),
      jsonb_build_object('key', 'opened', 'label', '当月受付', 'type', 'int'),
      jsonb_build_object('key', 'finished', 'label', '当月完了', 'type', 'int'),
      jsonb_build_object('key', 'open_at_end', 'label', '月末未完了', 'type', 'int'),
      jsonb_build_object('key', 'effort', 'label', '当月工数', 'type', 'effort'),
      jsonb_build_object('key', 'spec_check_effort', 'label', 'うち改修計上', 'type', 'effort')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object(
              'title_ja', r.title_ja, 'opened', r.opened, 'finished', r.finished, 'open_at_end', r.open_at_end,
              'effort', @extschema@.effort_minutes(r.effort),
              'spec_check_effort', @extschema@.effort_minutes(r.spec_check_effort)))
              FROM @extschema@.report_service_requests(c.contract_id, month) AS r), '[]')));

  -- 5. modifications
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '5. 保守的システム改修',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'item_id', 'label', '番号', 'type', 'int'),
      jsonb_build_object('key', 'title', 'label', '件名', 'type', 'text'),
      jsonb_build_object('key', 'status', 'label', '月末工程', 'type', 'text'),
      jsonb_build_object('key', 'planned_effort', 'label', '計画工数', 'type', 'effort'),
      jsonb_build_object('key', 'month_effort', 'label', '当月実績', 'type', 'effort'),
      jsonb_build_object('key', 'actual_effort', 'label', '累計実績', 'type', 'effort'),
      jsonb_build_object('key', 'actual_percent', 'label', '計画比%', 'type', 'numeric')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object(
              'item_id', r.item_id, 'title', r.title, 'status', @extschema@.status_ja(r.status),
              'planned_effort', @extschema@.effort_minutes(r.planned_effort),
              'month_effort', @extschema@.effort_minutes(r.month_effort),
              'actual_effort', @extschema@.effort_minutes(r.actual_effort),
              'actual_percent', r.actual_percent) ORDER BY r.item_id)
              FROM @extschema@.report_modifications(c.contract_id, month) AS r), '[]'),
    'empty', '当月に対象となる改修はない。'));

  -- 6. menu tasks
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '6. 運用・保守メニュー',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'code', 'label', 'コード', 'type', 'text'),
      jsonb_build_object('key', 'title', 'label', '作業', 'type', 'text'),
      jsonb_build_object('key', 'performer', 'label', '実施者', 'type', 'text'),
      jsonb_build_object('key', 'done', 'label', '実施件数', 'type', 'int'),
      jsonb_build_object('key', 'open_at_end', 'label', '月末未実施', 'type', 'int'),
      jsonb_build_object('key', 'effort', 'label', '当月工数', 'type', 'effort')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object(
              'code', r.code || CASE WHEN r.revision > 1 THEN ' 第' || r.revision || '版' ELSE '' END,
              'title', r.title, 'performer', @extschema@.label_ja('performer', r.performer),
              'done', r.done, 'open_at_end', r.open_at_end, 'effort', @extschema@.effort_minutes(r.effort))
              ORDER BY r.code, r.revision)
              FROM @extschema@.report_menu_tasks(c.contract_id, month) AS r), '[]'),
    'empty', '当月に実施したメニュー作業はない。'));

  -- 7. deadlines: changes told in the month, and items overdue at its end
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '7. 期限変更',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'item_id', 'label', '番号', 'type', 'int'),
      jsonb_build_object('key', 'title', 'label', '件名', 'type', 'text'),
      jsonb_build_object('key', 'old_due_on', 'label', '旧期限', 'type', 'date'),
      jsonb_build_object('key', 'new_due_on', 'label', '新期限', 'type', 'date'),
      jsonb_build_object('key', 'reason', 'label', '理由', 'type', 'text'),
      jsonb_build_object('key', 'notified_at', 'label', '連絡', 'type', 'timestamp'),
      jsonb_build_object('key', 'late_notice', 'label', '期限後連絡', 'type', 'text'),
      jsonb_build_object('key', 'decision', 'label', '本市判断', 'type', 'text')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object(
              'item_id', r.item_id, 'title', r.title, 'old_due_on', r.old_due_on, 'new_due_on', r.new_due_on,
              'reason', r.reason, 'notified_at', r.notified_at, 'late_notice', r.late_notice,
              'decision', @extschema@.label_ja('decision', r.decision))
              ORDER BY r.notified_at, r.deadline_change_id)
              FROM @extschema@.report_deadlines(c.contract_id, month) AS r), '[]'),
    'empty', '当月に連絡された期限変更はない。'));
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '8. 期限超過（月末時点）',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'item_id', 'label', '番号', 'type', 'int'),
      jsonb_build_object('key', 'kind', 'label', '種別', 'type', 'text'),
      jsonb_build_object('key', 'title', 'label', '件名', 'type', 'text'),
      jsonb_build_object('key', 'status', 'label', '状態', 'type', 'text'),
      jsonb_build_object('key', 'effective_due_on', 'label', '期限', 'type', 'date'),
      jsonb_build_object('key', 'days_overdue', 'label', '超過日数', 'type', 'int'),
      jsonb_build_object('key', 'change_pending', 'label', '変更協議中', 'type', 'text')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object(
              'item_id', r.item_id, 'kind', @extschema@.label_ja('kind', r.kind), 'title', r.title,
              'status', @extschema@.status_ja(r.status), 'effective_due_on', r.effective_due_on,
              'days_overdue', r.days_overdue, 'change_pending', r.change_pending)
              ORDER BY r.days_overdue DESC, r.item_id)
              FROM @extschema@.report_overdue(c.contract_id, month) AS r), '[]'),
    'empty', '月末時点で期限を超過した作業はない。'));

  -- 9. closed days and attendances
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '9. 閉庁日と閉庁日作業立会',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'day', 'label', '日付', 'type', 'date'),
      jsonb_build_object('key', 'weekday', 'label', '曜日', 'type', 'text'),
      jsonb_build_object('key', 'reason', 'label', '閉庁理由', 'type', 'text'),
      jsonb_build_object('key', 'attendance_items', 'label', '作業立会', 'type', 'text'),
      jsonb_build_object('key', 'agreed', 'label', '事前合意', 'type', 'text'),
      jsonb_build_object('key', 'effort', 'label', '工数', 'type', 'effort')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object(
              'day', r.day, 'weekday', r.weekday, 'reason', r.reason, 'attendance_items', r.attendance_items,
              'agreed', r.agreed, 'effort', @extschema@.effort_minutes(r.effort)) ORDER BY r.day)
              FROM @extschema@.report_closed_days(c.contract_id, month) AS r), '[]')));

  -- 10. approvals
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '10. 本市の承認',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'decided_at', 'label', '日時', 'type', 'timestamp'),
      jsonb_build_object('key', 'subject', 'label', '対象', 'type', 'text'),
      jsonb_build_object('key', 'item', 'label', '作業', 'type', 'text'),
      jsonb_build_object('key', 'decision', 'label', '判断', 'type', 'text'),
      jsonb_build_object('key', 'approver', 'label', '承認者', 'type', 'text'),
      jsonb_build_object('key', 'recorded_late', 'label', '記録遅延', 'type', 'text')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object(
              'decided_at', r.decided_at, 'subject', @extschema@.label_ja('subject', r.subject),
              'item', CASE WHEN r.item_id IS NOT NULL THEN '#' || r.item_id || ' ' || r.item_title ELSE r.subject_ref END,
              'decision', @extschema@.label_ja('decision', r.decision), 'approver', r.approver,
              'recorded_late', r.recorded_late) ORDER BY r.decided_at, r.approval_id)
              FROM @extschema@.report_approvals(c.contract_id, month) AS r), '[]'),
    'empty', '当月の承認はない。'));

  -- 11. roster changes
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '11. 情報資産取扱者名簿の変更',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'on_date', 'label', '日付', 'type', 'date'),
      jsonb_build_object('key', 'change', 'label', '変更', 'type', 'text'),
      jsonb_build_object('key', 'name', 'label', '氏名', 'type', 'text'),
      jsonb_build_object('key', 'organisation', 'label', '所属', 'type', 'text'),
      jsonb_build_object('key', 'side', 'label', '立場', 'type', 'text'),
      jsonb_build_object('key', 'approved_on', 'label', '本市承認日', 'type', 'date')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object(
              'on_date', r.on_date, 'change', @extschema@.label_ja('roster', r.change), 'name', r.name,
              'organisation', r.organisation, 'side', @extschema@.label_ja('side', r.side),
              'approved_on', r.approved_on) ORDER BY r.on_date, r.person_id, r.change DESC)
              FROM @extschema@.report_roster_changes(c.contract_id, month) AS r), '[]'),
    'empty', '当月の名簿の変更はない。'));

  -- 12. documents and meetings owed
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '12. 提出書類・会議',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'due_on', 'label', '期限', 'type', 'date'),
      jsonb_build_object('key', 'obligation', 'label', '種別', 'type', 'text'),
      jsonb_build_object('key', 'subject', 'label', '件名', 'type', 'text'),
      jsonb_build_object('key', 'owner_side', 'label', '担当', 'type', 'text'),
      jsonb_build_object('key', 'status', 'label', '状況', 'type', 'text')),
    -- each code's label computed once (label_ja per row cost 180 ms for
    -- the 7,000 obligations a long history leaves overdue; they name a
    -- dozen codes)
    'rows', COALESCE((WITH r AS MATERIALIZED (SELECT * FROM @extschema@.report_obligations(c.contract_id, month)),
              l AS (SELECT d.what, d.code, @extschema@.label_ja(d.what, d.code) AS label
                      FROM (SELECT DISTINCT 'obligation' AS what, x.obligation AS code FROM r AS x
                            UNION SELECT 'side', x.owner_side FROM r AS x
                            UNION SELECT 'obligation_status', x.status FROM r AS x) AS d)
            SELECT jsonb_agg(jsonb_build_object(
              'due_on', r.due_on, 'obligation', lo.label,
              'subject', r.subject, 'owner_side', ls.label,
              'status', lt.label || CASE WHEN r.late THEN '（遅延）' ELSE '' END)
              ORDER BY r.due_on, r.obligation, r.subject)
              FROM r
              LEFT JOIN l AS lo ON lo.what = 'obligation' AND lo.code = r.obligation
              LEFT JOIN l AS ls ON ls.what = 'side' AND ls.code = r.owner_side
              LEFT JOIN l AS lt ON lt.what = 'obligation_status' AND lt.code = r.status), '[]'),
    'empty', '当月に期限の来る提出書類・会議はない。'));

  RETURN jsonb_build_object(
    'title', '月次報告書',
    'subtitle', @extschema@.fiscal_period_text(month, 'wareki') || '分（' || to_char(k.first_day, 'YYYY年FMMM月') || '）',
    'meta', jsonb_build_array(
      jsonb_build_array('業務名', c.name),
      jsonb_build_array('受託者', c.contractor),
      jsonb_build_array('対象月', @extschema@.fiscal_period_text(month, 'wareki') || '（' || @extschema@.fiscal_period_text(month, 'iso') || '）'),
      jsonb_build_array('年度', @extschema@.fiscal_period_text(@extschema@.parent(month, 'year'), 'wareki')),
      jsonb_build_array('集計期間', to_char(k.first_day, 'YYYY-MM-DD') || ' ～ ' || to_char(k.next_day - 1, 'YYYY-MM-DD')),
      jsonb_build_array('開庁日数', @extschema@.open_days_between(k.first_day, k.next_day) || '日'),
      jsonb_build_array('基準', '月末（' || to_char(k.next_day, 'YYYY-MM-DD') || ' 0:00 日本時間）時点の履歴による')),
    'sections', secs);
END
$$;
COMMENT ON FUNCTION @extschema@.monthly_report_doc(bigint, @extschema@.fiscal_period) IS
  'the monthly report (月次報告書) of a contract as a document for render_document(): every section in Japanese, with charts of the effort against the caps for every month of the term so far, the failures per system in the fiscal year and the month, and the response times; NULL for a contract the caller cannot see';

CREATE FUNCTION @extschema@.monthly_report_document(contract_id bigint, month @extschema@.fiscal_period,
                                                    format text DEFAULT 'markdown')
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT @extschema@.render_document(@extschema@.monthly_report_doc($1, $2), $3)
$$;
COMMENT ON FUNCTION @extschema@.monthly_report_document(bigint, @extschema@.fiscal_period, text) IS
  'the monthly report (月次報告書) rendered as markdown, text or html: render_document(monthly_report_doc(contract_id, month), format)';
