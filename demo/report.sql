-- The demo's monthly report (月次報告書) for one month, from what omledger
-- holds today.  The full report functions are on the roadmap; this script
-- shows the same numbers with plain queries over the ledger.
\pset border 2
\pset null '-'
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
\set month '2026-02'

\echo
\echo '=== 月次報告書 (monthly report), demo month' :month
SET omledger.period_style = 'wareki';
SELECT c.name AS "契約 contract", c.contractor AS "受託者 contractor",
       :'month'::fiscal_period AS "対象月 month",
       parent(:'month'::fiscal_period, 'year') AS "年度 fiscal year",
       open_days_between(lower(:'month'::fiscal_period), upper(:'month'::fiscal_period)) AS "開庁日数 open days"
FROM contract c ORDER BY c.contract_id;
RESET omledger.period_style;

\echo
\echo '--- 閉庁日 (closed days other than weekends) in the month'
SELECT d::date AS day, to_wareki(d::date) AS wareki,
       coalesce(jp_holiday_name(d::date), '年末年始 (year-end closure)') AS reason
FROM generate_series(lower(:'month'::fiscal_period), upper(:'month'::fiscal_period) - 1, interval '1 day') AS d
WHERE is_closed_day(d::date) AND extract(isodow FROM d) < 6
ORDER BY 1;

\echo
\echo '--- 作業件数 (work items) by kind: opened, finished and open at month end'
WITH m AS (
	SELECT lower(:'month'::fiscal_period)::timestamptz AS from_t,
	       upper(:'month'::fiscal_period)::timestamptz AS to_t
), status_at_end AS (
	SELECT w.item_id, w.kind, w.requested_at,
	       (SELECT e.to_status FROM work_item_event e, m
	        WHERE e.item_id = w.item_id AND e.occurred_at < m.to_t
	        ORDER BY e.occurred_at DESC, e.event_id DESC LIMIT 1) AS status
	FROM work_item w
)
SELECT s.kind AS "種別 kind",
       count(*) FILTER (WHERE s.requested_at >= m.from_t AND s.requested_at < m.to_t) AS "受付 opened",
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM work_item_event e JOIN workflow_status ws ON ws.kind = s.kind AND ws.status = e.to_status
           WHERE e.item_id = s.item_id AND ws.is_terminal AND e.occurred_at >= m.from_t AND e.occurred_at < m.to_t)) AS "完了 finished",
       count(*) FILTER (WHERE s.status IS NOT NULL AND NOT ws.is_terminal) AS "月末未完了 open at end"
FROM status_at_end s CROSS JOIN m
LEFT JOIN workflow_status ws ON ws.kind = s.kind AND ws.status = s.status
GROUP BY s.kind ORDER BY s.kind;

\echo
\echo '--- 障害対応 (failures reported in the month): response against tables 3 and 4'
SELECT w.item_id AS "番号 item", w.title AS "件名 title", w.severity,
       to_char(w.occurred_at, 'MM-DD HH24:MI') AS "発生 occurred",
       to_char(w.response_due_at, 'MM-DD HH24:MI') AS "対応期限 due",
       to_char(w.response_started_at, 'MM-DD HH24:MI') AS "着手 started",
       -- judged against the due time stored when the failure was reported
       -- (rule 10), so a later calendar change does not rewrite the past
       CASE WHEN w.response_started_at IS NULL THEN 'open'
            WHEN w.response_started_at <= w.response_due_at THEN 'met'
            ELSE 'late' END AS "判定 status",
       w.status AS "状態 now"
FROM work_item w
WHERE w.kind = 'failure_recovery'
  AND w.occurred_at >= lower(:'month'::fiscal_period) AND w.occurred_at < upper(:'month'::fiscal_period)
ORDER BY w.occurred_at;

\echo
\echo '--- 計画工数 (modifications requested by the end of the month and not yet finished, with their planned effort)'
SELECT w.item_id AS "番号 item", w.sub_kind, w.title AS "件名 title", w.planned_effort AS "計画工数 planned", w.status
FROM work_item w
WHERE w.kind = 'modification' AND w.planned_effort IS NOT NULL
  AND w.requested_at < upper(:'month'::fiscal_period)
  AND w.status NOT IN ('closed', 'cancelled', 'rejected')
ORDER BY w.item_id;

\echo
\echo '--- 工数と上限 (effort against the caps): the month and the term so far'
SELECT category AS "区分 category", month_used AS "当月 month", month_cap AS "月上限 cap",
       month_percent AS "%", term_used AS "累計 term", term_cap AS "期間上限 term cap",
       term_percent AS "% "
FROM cap_status((SELECT min(contract_id) FROM contract), :'month'::fiscal_period);

\echo
\echo '--- 期限超過 (overdue today, rule 9)'
SELECT item_id, kind, title, effective_due_on, days_overdue, change_pending FROM overdue_items ORDER BY days_overdue DESC, item_id;
