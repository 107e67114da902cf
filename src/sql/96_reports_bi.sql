
-- ====================================================================
-- views for BI tools (new in 0.4)
-- A BI tool (or a spreadsheet) reads the ledger through plain views whose
-- column names are stable and documented (doc/reports.md, "BI views") and
-- whose columns have only built-in SQL types: a tool cannot sum an
-- `effort` or sort a `fiscal_period`, so effort is given in minutes
-- (bigint) and person-months (numeric) beside its text rendering, and a
-- month as its first day (date) and as text ('YYYY-MM').  Times are
-- timestamptz; days and months of a time are Japan's.
--   v_effort_monthly  counted effort per contract, fiscal month, category
--   v_cap_status      every month of every contract's term x category,
--                     against the caps (extensions included)
--   v_work_items      every work item, with its systems and effort
--   v_incidents       every failure: clock, milestones, report
--   v_response_times  every failure's response against its due time
--   v_overdue         unfinished items past the due date in force, today
-- No personal data: no names, no contact data (roster ids only where the
-- ledger's own tables have them, and not even those here).
-- Every view reads its tables with the caller's rights (security_invoker),
-- so row-level security applies: a contractor sees its own contracts.
-- v_effort_monthly and v_cap_status read the running totals through
-- effort_summary, which reads effort_total as its owner; they apply the
-- contract policy's own condition (visible_contracts()) themselves.
-- The indexes below make one month of one contract read only that month
-- (BENCHMARKS.md, "reports: BI views and weekly inventory").
-- ====================================================================

-- ------------------------------------------------------------ indexes
-- one month of work items and of failures, by Japan's calendar month
CREATE INDEX work_item_requested_month_idx ON @extschema@.work_item
  (contract_id, (pg_catalog.date_trunc('month', requested_at AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date));
COMMENT ON INDEX @extschema@.work_item_requested_month_idx IS
  'one contract''s work items requested in a month (Japan time): v_work_items for a month';
CREATE INDEX work_item_occurred_month_idx ON @extschema@.work_item
  (contract_id, (pg_catalog.date_trunc('month', occurred_at AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date))
  WHERE kind OPERATOR(pg_catalog.=) 'failure_recovery';
COMMENT ON INDEX @extschema@.work_item_occurred_month_idx IS
  'one contract''s failures that occurred in a month (Japan time): v_incidents, v_response_times, incident_statistics';
-- the effort of one item (all its entries, corrections included)
CREATE INDEX effort_log_item_idx ON @extschema@.effort_log (item_id, work_date);
COMMENT ON INDEX @extschema@.effort_log_item_idx IS
  'the effort of one work item, corrections included: v_work_items';
-- the items of a contract alive at a time: requested before it, changed
-- status after it (weekly_inventory)
CREATE INDEX work_item_alive_idx ON @extschema@.work_item (contract_id, requested_at, status_changed_at);
COMMENT ON INDEX @extschema@.work_item_alive_idx IS
  'one contract''s items requested before a time whose status changed after it: weekly_inventory';
-- the unfinished items of a contract (closed, cancelled and rejected are
-- seeded terminal statuses, read-only: a city's own terminal statuses are
-- in the index too, and the queries check workflow_status as well)
CREATE INDEX work_item_unfinished_idx ON @extschema@.work_item (contract_id, kind)
  WHERE status OPERATOR(pg_catalog.<>) ALL ('{closed,cancelled,rejected}'::text[]);
COMMENT ON INDEX @extschema@.work_item_unfinished_idx IS
  'one contract''s items not in a seeded terminal status: weekly_inventory, v_overdue';
-- the status of an item at a time: its last status event before it
CREATE INDEX work_item_event_status_idx ON @extschema@.work_item_event (item_id, occurred_at)
  WHERE field IS NULL;
COMMENT ON INDEX @extschema@.work_item_event_status_idx IS
  'the status events of an item by time (not its field events): the status of an item as of a time';

-- ----------------------------------------------------- v_effort_monthly
CREATE VIEW @extschema@.v_effort_monthly WITH (security_invoker = true) AS
SELECT s.contract_id,
	   @extschema@.lower(s.month) AS month_start,
	   pg_catalog.to_char(@extschema@.lower(s.month), 'YYYY-MM') AS month,
	   @extschema@.fiscal_year(s.month) AS fiscal_year,
	   s.category,
	   @extschema@.effort_minutes(s.used) AS effort_minutes,
	   @extschema@.effort_pd(s.used) AS effort_person_days,
	   @extschema@.effort_pm(s.used) AS effort_person_months,
	   s.used::pg_catalog.text AS effort_text
FROM @extschema@.effort_summary AS s
WHERE coalesce(s.contract_id OPERATOR(pg_catalog.=) ANY ((SELECT @extschema@.visible_contracts())::bigint[]), true);
COMMENT ON VIEW @extschema@.v_effort_monthly IS
  'BI: counted effort (what the caps count) per contract, fiscal month and charge category, from the running totals; one row per month and category with effort';
COMMENT ON COLUMN @extschema@.v_effort_monthly.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.v_effort_monthly.month_start IS 'First day of the month';
COMMENT ON COLUMN @extschema@.v_effort_monthly.month IS 'The month as text, YYYY-MM';
COMMENT ON COLUMN @extschema@.v_effort_monthly.fiscal_year IS 'The fiscal year (年度) of the month, e.g. 2025 for 2026-02';
COMMENT ON COLUMN @extschema@.v_effort_monthly.category IS 'Charge category: service, modification, failure_recovery, menu or handover';
COMMENT ON COLUMN @extschema@.v_effort_monthly.effort_minutes IS 'Counted effort in minutes (1 person-day = 480, 1 person-month = 9600)';
COMMENT ON COLUMN @extschema@.v_effort_monthly.effort_person_days IS 'The same in person-days (人日)';
COMMENT ON COLUMN @extschema@.v_effort_monthly.effort_person_months IS 'The same in person-months (人月)';
COMMENT ON COLUMN @extschema@.v_effort_monthly.effort_text IS 'The same as the effort type prints it (omledger.effort_style)';

-- --------------------------------------------------------- v_cap_status
CREATE VIEW @extschema@.v_cap_status WITH (security_invoker = true) AS
SELECT c.contract_id, m.month_start,
	   pg_catalog.to_char(m.month_start, 'YYYY-MM') AS month,
	   @extschema@.fiscal_year(m.month_start) AS fiscal_year,
	   k.category,
	   u.month_minutes AS month_used_minutes,
	   @extschema@.effort_pm(@extschema@.make_effort(min => u.month_minutes)) AS month_used_person_months,
	   @extschema@.make_effort(min => u.month_minutes)::pg_catalog.text AS month_used_text,
	   l.month_amount AS month_cap_minutes,
	   @extschema@.effort_pm(@extschema@.make_effort(min => l.month_amount)) AS month_cap_person_months,
	   @extschema@.make_effort(min => l.month_amount)::pg_catalog.text AS month_cap_text,
	   me.enforcement AS month_enforcement,
	   pg_catalog.round(100.0 OPERATOR(pg_catalog.*) u.month_minutes
						OPERATOR(pg_catalog./) NULLIF(l.month_amount, 0), 1) AS month_percent,
	   u.term_minutes AS term_used_minutes,
	   @extschema@.effort_pm(@extschema@.make_effort(min => u.term_minutes)) AS term_used_person_months,
	   @extschema@.make_effort(min => u.term_minutes)::pg_catalog.text AS term_used_text,
	   l.term_amount AS term_cap_minutes,
	   @extschema@.effort_pm(@extschema@.make_effort(min => l.term_amount)) AS term_cap_person_months,
	   @extschema@.make_effort(min => l.term_amount)::pg_catalog.text AS term_cap_text,
	   te.enforcement AS term_enforcement,
	   pg_catalog.round(100.0 OPERATOR(pg_catalog.*) u.term_minutes
						OPERATOR(pg_catalog./) NULLIF(l.term_amount, 0), 1) AS term_percent
FROM @extschema@.contract AS c
CROSS JOIN LATERAL (
	SELECT g::pg_catalog.date AS month_start
	FROM pg_catalog.generate_series(pg_catalog.date_trunc('month', pg_catalog.lower(c.term)::pg_catalog.timestamp),
									(pg_catalog.upper(c.term) OPERATOR(pg_catalog.-) 1)::pg_catalog.timestamp,
									interval '1 month') AS g) AS m
CROSS JOIN (VALUES (1, 'service'), (2, 'modification'), (3, 'failure_recovery'),
				   (4, 'menu'), (5, 'handover')) AS k(ord, category)
CROSS JOIN LATERAL (
	SELECT coalesce(pg_catalog.sum(@extschema@.effort_minutes(s.used))
					  FILTER (WHERE @extschema@.lower(s.month) OPERATOR(pg_catalog.=) m.month_start), 0)::bigint AS month_minutes,
		   coalesce(pg_catalog.sum(@extschema@.effort_minutes(s.used)), 0)::bigint AS term_minutes
	FROM @extschema@.effort_summary AS s
	WHERE s.contract_id OPERATOR(pg_catalog.=) c.contract_id
	  AND s.category OPERATOR(pg_catalog.=) k.category
	  AND @extschema@.lower(s.month) OPERATOR(pg_catalog.<=) m.month_start) AS u
CROSS JOIN LATERAL @extschema@.cap_limits(c.contract_id, k.category, m.month_start) AS l
LEFT JOIN @extschema@.effort_cap AS me
  ON me.contract_id OPERATOR(pg_catalog.=) c.contract_id
 AND me.category OPERATOR(pg_catalog.=) k.category AND me.scope OPERATOR(pg_catalog.=) 'month'
LEFT JOIN @extschema@.effort_cap AS te
  ON te.contract_id OPERATOR(pg_catalog.=) c.contract_id
 AND te.category OPERATOR(pg_catalog.=) k.category AND te.scope OPERATOR(pg_catalog.=) 'term';
COMMENT ON VIEW @extschema@.v_cap_status IS
  'BI: every month of every contract''s term and every charge category: counted effort of the month and of the term up to that month, against the monthly and term caps in force in that month (extensions included); NULL caps where the category has none';
COMMENT ON COLUMN @extschema@.v_cap_status.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.v_cap_status.month_start IS 'First day of the month (every month of the term)';
COMMENT ON COLUMN @extschema@.v_cap_status.month IS 'The month as text, YYYY-MM';
COMMENT ON COLUMN @extschema@.v_cap_status.fiscal_year IS 'The fiscal year (年度) of the month';
COMMENT ON COLUMN @extschema@.v_cap_status.category IS 'Charge category: service, modification, failure_recovery, menu or handover';
COMMENT ON COLUMN @extschema@.v_cap_status.month_used_minutes IS 'Counted effort of the month, in minutes';
COMMENT ON COLUMN @extschema@.v_cap_status.month_used_person_months IS 'Counted effort of the month, in person-months';
COMMENT ON COLUMN @extschema@.v_cap_status.month_used_text IS 'Counted effort of the month as the effort type prints it';
COMMENT ON COLUMN @extschema@.v_cap_status.month_cap_minutes IS 'Monthly cap in force in the month, extensions included, in minutes; NULL: none';
COMMENT ON COLUMN @extschema@.v_cap_status.month_cap_person_months IS 'Monthly cap in person-months; NULL: none';
COMMENT ON COLUMN @extschema@.v_cap_status.month_cap_text IS 'Monthly cap as the effort type prints it; NULL: none';
COMMENT ON COLUMN @extschema@.v_cap_status.month_enforcement IS 'hard or soft for the monthly cap; NULL: none';
COMMENT ON COLUMN @extschema@.v_cap_status.month_percent IS 'month_used as a percentage of month_cap, one decimal; NULL: no cap';
COMMENT ON COLUMN @extschema@.v_cap_status.term_used_minutes IS 'Counted effort of the term from its first month up to and including this month, in minutes';
COMMENT ON COLUMN @extschema@.v_cap_status.term_used_person_months IS 'The same in person-months';
COMMENT ON COLUMN @extschema@.v_cap_status.term_used_text IS 'The same as the effort type prints it';
COMMENT ON COLUMN @extschema@.v_cap_status.term_cap_minutes IS 'Term cap, extensions included, in minutes; NULL: none';
COMMENT ON COLUMN @extschema@.v_cap_status.term_cap_person_months IS 'Term cap in person-months; NULL: none';
COMMENT ON COLUMN @extschema@.v_cap_status.term_cap_text IS 'Term cap as the effort type prints it; NULL: none';
COMMENT ON COLUMN @extschema@.v_cap_status.term_enforcement IS 'hard or soft for the term cap; NULL: none';
COMMENT ON COLUMN @extschema@.v_cap_status.term_percent IS 'term_used as a percentage of term_cap, one decimal; NULL: no cap';

-- ---------------------------------------------------------- v_work_items
-- effective_due_on is work_item_due() written out: a SQL function with a
-- SET clause is not inlined and is planned again on every call (about
-- 70 us, BENCHMARKS.md "row-level security"), once per row of a month.
CREATE VIEW @extschema@.v_work_items WITH (security_invoker = true) AS
SELECT w.item_id, w.contract_id, w.kind::pg_catalog.text AS kind, w.sub_kind, w.title,
	   w.status, s.is_terminal AS finished, w.performer, w.severity, w.failure_class,
	   y.systems, w.parent_id,
	   w.requested_at,
	   (w.requested_at AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date AS requested_on,
	   pg_catalog.date_trunc('month', w.requested_at AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date AS requested_month_start,
	   pg_catalog.to_char(w.requested_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM') AS requested_month,
	   w.occurred_at, w.scheduled_at, w.due_on,
	   coalesce((SELECT d.new_due_on
				 FROM @extschema@.deadline_change AS d
				 WHERE d.item_id OPERATOR(pg_catalog.=) w.item_id
				   AND (SELECT a.decision
						FROM @extschema@.approval AS a
						WHERE a.item_id OPERATOR(pg_catalog.=) d.item_id
						  AND a.subject OPERATOR(pg_catalog.=) 'deadline_change'
						  AND a.subject_ref OPERATOR(pg_catalog.=) d.deadline_change_id::pg_catalog.text
						ORDER BY a.decided_at DESC, a.approval_id DESC
						LIMIT 1) OPERATOR(pg_catalog.=) 'approved'
				 ORDER BY d.deadline_change_id DESC
				 LIMIT 1), w.due_on) AS effective_due_on,
	   w.status_changed_at,
	   CASE WHEN s.is_terminal THEN w.status_changed_at END AS finished_at,
	   @extschema@.effort_minutes(w.planned_effort) AS planned_effort_minutes,
	   @extschema@.effort_pm(w.planned_effort) AS planned_effort_person_months,
	   w.planned_effort::pg_catalog.text AS planned_effort_text,
	   coalesce(e.minutes, 0) AS actual_effort_minutes,
	   @extschema@.effort_pm(@extschema@.make_effort(min => coalesce(e.minutes, 0))) AS actual_effort_person_months,
	   @extschema@.make_effort(min => coalesce(e.minutes, 0))::pg_catalog.text AS actual_effort_text,
	   @extschema@.charge_category(w.kind, w.spec_check_for_modification) AS charge_category,
	   NOT w.internal_handover AS counted
FROM @extschema@.work_item AS w
JOIN @extschema@.workflow_status AS s
  ON s.kind OPERATOR(pg_catalog.=) w.kind AND s.status OPERATOR(pg_catalog.=) w.status
LEFT JOIN LATERAL (
	SELECT pg_catalog.string_agg(x.system_code, ',' ORDER BY x.system_code) AS systems
	FROM @extschema@.work_item_system AS x
	WHERE x.item_id OPERATOR(pg_catalog.=) w.item_id) AS y ON true
LEFT JOIN LATERAL (
	SELECT pg_catalog.sum(@extschema@.effort_minutes(l.effort))::bigint AS minutes
	FROM @extschema@.effort_log AS l
	WHERE l.item_id OPERATOR(pg_catalog.=) w.item_id) AS e ON true;
COMMENT ON VIEW @extschema@.v_work_items IS
  'BI: every work item with its status, systems, dates (months in Japan time), due date in force and planned and actual effort';
COMMENT ON COLUMN @extschema@.v_work_items.item_id IS 'The work item';
COMMENT ON COLUMN @extschema@.v_work_items.contract_id IS 'Its contract';
COMMENT ON COLUMN @extschema@.v_work_items.kind IS 'menu_task, service_request, failure_recovery, modification or handover';
COMMENT ON COLUMN @extschema@.v_work_items.sub_kind IS 'Sub-kind (omledger.work_sub_kind), e.g. data_patch';
COMMENT ON COLUMN @extschema@.v_work_items.title IS 'Short title';
COMMENT ON COLUMN @extschema@.v_work_items.status IS 'Current status';
COMMENT ON COLUMN @extschema@.v_work_items.finished IS 'True when the current status is a terminal one (closed, cancelled, rejected)';
COMMENT ON COLUMN @extschema@.v_work_items.performer IS 'operator or vendor; NULL if not assigned';
COMMENT ON COLUMN @extschema@.v_work_items.severity IS 'normal or major';
COMMENT ON COLUMN @extschema@.v_work_items.failure_class IS 'For a failure: class A-D of table 1, NULL while unclassified';
COMMENT ON COLUMN @extschema@.v_work_items.systems IS 'The codes of the systems the item concerns, comma-separated in order; NULL if none';
COMMENT ON COLUMN @extschema@.v_work_items.parent_id IS 'The item this one arises from, if any';
COMMENT ON COLUMN @extschema@.v_work_items.requested_at IS 'When the work was requested or reported';
COMMENT ON COLUMN @extschema@.v_work_items.requested_on IS 'The day it was requested (Japan time)';
COMMENT ON COLUMN @extschema@.v_work_items.requested_month_start IS 'First day of the month it was requested (Japan time)';
COMMENT ON COLUMN @extschema@.v_work_items.requested_month IS 'The month it was requested as text, YYYY-MM (Japan time)';
COMMENT ON COLUMN @extschema@.v_work_items.occurred_at IS 'For a failure: when it occurred or was detected';
COMMENT ON COLUMN @extschema@.v_work_items.scheduled_at IS 'When the work is scheduled, if it is';
COMMENT ON COLUMN @extschema@.v_work_items.due_on IS 'The originally agreed due date';
COMMENT ON COLUMN @extschema@.v_work_items.effective_due_on IS 'The due date in force: the new date of the latest agreed deadline change, else due_on';
COMMENT ON COLUMN @extschema@.v_work_items.status_changed_at IS 'When the current status was entered';
COMMENT ON COLUMN @extschema@.v_work_items.finished_at IS 'When the item entered its terminal status; NULL while unfinished';
COMMENT ON COLUMN @extschema@.v_work_items.planned_effort_minutes IS 'Planned effort in minutes (modifications); NULL if none';
COMMENT ON COLUMN @extschema@.v_work_items.planned_effort_person_months IS 'Planned effort in person-months; NULL if none';
COMMENT ON COLUMN @extschema@.v_work_items.planned_effort_text IS 'Planned effort as the effort type prints it; NULL if none';
COMMENT ON COLUMN @extschema@.v_work_items.actual_effort_minutes IS 'Effort logged on the item so far, corrections included, in minutes';
COMMENT ON COLUMN @extschema@.v_work_items.actual_effort_person_months IS 'The same in person-months';
COMMENT ON COLUMN @extschema@.v_work_items.actual_effort_text IS 'The same as the effort type prints it';
COMMENT ON COLUMN @extschema@.v_work_items.charge_category IS 'The cap category its effort is charged to (omledger.charge_category)';
COMMENT ON COLUMN @extschema@.v_work_items.counted IS 'False for handover inside the contractor (§5.3): its effort counts against no cap';

-- ----------------------------------------------------------- v_incidents
CREATE VIEW @extschema@.v_incidents WITH (security_invoker = true) AS
SELECT w.item_id, w.contract_id, w.sub_kind, w.title, w.status, s.is_terminal AS finished,
	   w.severity, w.failure_class, y.systems, w.performer,
	   w.occurred_at,
	   (w.occurred_at AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date AS occurred_on,
	   pg_catalog.date_trunc('month', w.occurred_at AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date AS occurred_month_start,
	   pg_catalog.to_char(w.occurred_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM') AS occurred_month,
	   w.requested_at AS reported_at,
	   w.response_due_at, w.response_started_at,
	   w.response_started_at OPERATOR(pg_catalog.<=) w.response_due_at AS response_met,
	   pg_catalog.round(EXTRACT(epoch FROM w.response_started_at OPERATOR(pg_catalog.-) w.occurred_at)
						OPERATOR(pg_catalog./) 60, 1) AS minutes_to_respond,
	   t.mitigated_at, t.resolved_at,
	   CASE WHEN s.is_terminal AND w.status OPERATOR(pg_catalog.<>) 'cancelled' THEN w.status_changed_at END AS closed_at,
	   w.status OPERATOR(pg_catalog.=) 'cancelled' AS cancelled,
	   pg_catalog.round(EXTRACT(epoch FROM t.resolved_at OPERATOR(pg_catalog.-) w.occurred_at)
						OPERATOR(pg_catalog./) 60, 1) AS minutes_to_resolve,
	   r.major_incident_report_at,
	   (SELECT pg_catalog.count(*) FROM @extschema@.work_item AS c
		WHERE c.parent_id OPERATOR(pg_catalog.=) w.item_id
		  AND c.kind OPERATOR(pg_catalog.=) 'modification') AS modifications
FROM @extschema@.work_item AS w
JOIN @extschema@.workflow_status AS s
  ON s.kind OPERATOR(pg_catalog.=) w.kind AND s.status OPERATOR(pg_catalog.=) w.status
LEFT JOIN LATERAL (
	SELECT pg_catalog.string_agg(x.system_code, ',' ORDER BY x.system_code) AS systems
	FROM @extschema@.work_item_system AS x
	WHERE x.item_id OPERATOR(pg_catalog.=) w.item_id) AS y ON true
LEFT JOIN LATERAL (
	SELECT pg_catalog.min(e.occurred_at) FILTER (WHERE e.to_status OPERATOR(pg_catalog.=) 'mitigated') AS mitigated_at,
		   pg_catalog.min(e.occurred_at) FILTER (WHERE e.to_status OPERATOR(pg_catalog.=) ANY ('{resolved,closed}'::text[])) AS resolved_at
	FROM @extschema@.work_item_event AS e
	WHERE e.item_id OPERATOR(pg_catalog.=) w.item_id AND e.field IS NULL) AS t ON true
LEFT JOIN LATERAL (
	SELECT pg_catalog.min(v.performed_at) AS major_incident_report_at
	FROM @extschema@.evidence AS v
	WHERE v.item_id OPERATOR(pg_catalog.=) w.item_id
	  AND v.evidence_type OPERATOR(pg_catalog.=) 'major_incident_report') AS r ON true
WHERE w.kind OPERATOR(pg_catalog.=) 'failure_recovery';
COMMENT ON VIEW @extschema@.v_incidents IS
  'BI: every failure (failure_recovery item) with its clock (occurred, reported, response due and started), its milestones from the history (first mitigated, first resolved, closed) and its major incident report';
COMMENT ON COLUMN @extschema@.v_incidents.item_id IS 'The failure (a work item)';
COMMENT ON COLUMN @extschema@.v_incidents.contract_id IS 'Its contract';
COMMENT ON COLUMN @extschema@.v_incidents.sub_kind IS 'Sub-kind: impact_analysis, provisional_fix, recovery_procedure, data_extraction or data_patch';
COMMENT ON COLUMN @extschema@.v_incidents.title IS 'Short title';
COMMENT ON COLUMN @extschema@.v_incidents.status IS 'Current status';
COMMENT ON COLUMN @extschema@.v_incidents.finished IS 'True when the current status is terminal (closed or cancelled)';
COMMENT ON COLUMN @extschema@.v_incidents.severity IS 'normal or major (重大障害)';
COMMENT ON COLUMN @extschema@.v_incidents.failure_class IS 'Class A-D of table 1; NULL while unclassified';
COMMENT ON COLUMN @extschema@.v_incidents.systems IS 'The codes of the systems affected, comma-separated in order; NULL if none recorded';
COMMENT ON COLUMN @extschema@.v_incidents.performer IS 'operator or vendor; NULL if not assigned';
COMMENT ON COLUMN @extschema@.v_incidents.occurred_at IS 'When the failure occurred or was detected';
COMMENT ON COLUMN @extschema@.v_incidents.occurred_on IS 'The day it occurred (Japan time)';
COMMENT ON COLUMN @extschema@.v_incidents.occurred_month_start IS 'First day of the month it occurred (Japan time)';
COMMENT ON COLUMN @extschema@.v_incidents.occurred_month IS 'The month it occurred as text, YYYY-MM (Japan time)';
COMMENT ON COLUMN @extschema@.v_incidents.reported_at IS 'When it was reported (requested_at)';
COMMENT ON COLUMN @extschema@.v_incidents.response_due_at IS 'When the response had to start (stored when reported; tables 3 and 4)';
COMMENT ON COLUMN @extschema@.v_incidents.response_started_at IS 'When the response started (acknowledged); NULL while not started';
COMMENT ON COLUMN @extschema@.v_incidents.response_met IS 'True if the response started by its due time, false if later; NULL while not started';
COMMENT ON COLUMN @extschema@.v_incidents.minutes_to_respond IS 'Minutes from occurrence to the start of the response, one decimal; NULL while not started';
COMMENT ON COLUMN @extschema@.v_incidents.mitigated_at IS 'When it was first mitigated (services restored); NULL if never';
COMMENT ON COLUMN @extschema@.v_incidents.resolved_at IS 'When it was first resolved (or closed without a resolved status); NULL if not yet';
COMMENT ON COLUMN @extschema@.v_incidents.closed_at IS 'When it was closed; NULL while open or if cancelled';
COMMENT ON COLUMN @extschema@.v_incidents.cancelled IS 'True if it was cancelled (not a failure)';
COMMENT ON COLUMN @extschema@.v_incidents.minutes_to_resolve IS 'Minutes from occurrence to resolved_at, one decimal; NULL if not resolved';
COMMENT ON COLUMN @extschema@.v_incidents.major_incident_report_at IS 'When the first major incident report (重大障害報告書) evidence was performed; NULL if none';
COMMENT ON COLUMN @extschema@.v_incidents.modifications IS 'How many modifications arise from it (parent_id)';

-- ------------------------------------------------------ v_response_times
CREATE VIEW @extschema@.v_response_times WITH (security_invoker = true) AS
SELECT w.item_id, w.contract_id, w.severity, y.systems, w.performer,
	   w.occurred_at,
	   pg_catalog.date_trunc('month', w.occurred_at AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date AS occurred_month_start,
	   pg_catalog.to_char(w.occurred_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM') AS occurred_month,
	   @extschema@.is_open_hours(w.occurred_at) AS in_open_hours,
	   w.immediate_response,
	   w.response_due_at, w.response_started_at,
	   pg_catalog.round(EXTRACT(epoch FROM w.response_due_at OPERATOR(pg_catalog.-) w.occurred_at)
						OPERATOR(pg_catalog./) 60, 1) AS minutes_allowed,
	   pg_catalog.round(EXTRACT(epoch FROM w.response_started_at OPERATOR(pg_catalog.-) w.occurred_at)
						OPERATOR(pg_catalog./) 60, 1) AS minutes_to_respond,
	   pg_catalog.round(GREATEST(EXTRACT(epoch FROM w.response_started_at OPERATOR(pg_catalog.-) w.response_due_at), 0)
						OPERATOR(pg_catalog./) 60, 1) AS minutes_late,
	   CASE WHEN w.response_started_at IS NULL THEN 'open'
			ELSE CASE WHEN w.response_started_at OPERATOR(pg_catalog.<=) w.response_due_at
					  THEN 'met' ELSE 'late' END
				 OPERATOR(pg_catalog.||)
				 CASE WHEN EXISTS (
						SELECT 1
						FROM @extschema@.work_item_event AS e
						WHERE e.item_id OPERATOR(pg_catalog.=) w.item_id
						  AND e.field IS NULL
						  AND e.occurred_at OPERATOR(pg_catalog.=) w.response_started_at
						  AND (e.recorded_at AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date OPERATOR(pg_catalog.>)
							  @extschema@.add_open_days((e.occurred_at AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date,
														c.late_entry_open_days))
					  THEN '_recorded_late' ELSE '' END
	   END AS response_status
FROM @extschema@.work_item AS w
JOIN @extschema@.contract AS c ON c.contract_id OPERATOR(pg_catalog.=) w.contract_id
LEFT JOIN LATERAL (
	SELECT pg_catalog.string_agg(x.system_code, ',' ORDER BY x.system_code) AS systems
	FROM @extschema@.work_item_system AS x
	WHERE x.item_id OPERATOR(pg_catalog.=) w.item_id) AS y ON true
WHERE w.kind OPERATOR(pg_catalog.=) 'failure_recovery'
  AND w.response_due_at IS NOT NULL;
COMMENT ON VIEW @extschema@.v_response_times IS
  'BI: every failure''s response against its due time (tables 3 and 4): allowed, taken, late, and the status of omledger.work_item_response_status';
COMMENT ON COLUMN @extschema@.v_response_times.item_id IS 'The failure (a work item)';
COMMENT ON COLUMN @extschema@.v_response_times.contract_id IS 'Its contract';
COMMENT ON COLUMN @extschema@.v_response_times.severity IS 'normal or major';
COMMENT ON COLUMN @extschema@.v_response_times.systems IS 'The codes of the systems affected, comma-separated in order; NULL if none recorded';
COMMENT ON COLUMN @extschema@.v_response_times.performer IS 'operator or vendor (the party whose allowance applies); NULL if not assigned';
COMMENT ON COLUMN @extschema@.v_response_times.occurred_at IS 'When the failure occurred or was detected (the clock starts)';
COMMENT ON COLUMN @extschema@.v_response_times.occurred_month_start IS 'First day of the month it occurred (Japan time)';
COMMENT ON COLUMN @extschema@.v_response_times.occurred_month IS 'The month it occurred as text, YYYY-MM (Japan time)';
COMMENT ON COLUMN @extschema@.v_response_times.in_open_hours IS 'Whether it occurred during open hours (is_open_hours)';
COMMENT ON COLUMN @extschema@.v_response_times.immediate_response IS 'Whether an immediate response was needed';
COMMENT ON COLUMN @extschema@.v_response_times.response_due_at IS 'When the response had to start (stored when reported)';
COMMENT ON COLUMN @extschema@.v_response_times.response_started_at IS 'When it started; NULL while not started';
COMMENT ON COLUMN @extschema@.v_response_times.minutes_allowed IS 'Minutes from occurrence to the due time, one decimal';
COMMENT ON COLUMN @extschema@.v_response_times.minutes_to_respond IS 'Minutes from occurrence to the start, one decimal; NULL while not started';
COMMENT ON COLUMN @extschema@.v_response_times.minutes_late IS 'Minutes the start came after the due time (0 if in time), one decimal; NULL while not started';
COMMENT ON COLUMN @extschema@.v_response_times.response_status IS 'open, met or late, with _recorded_late when the start was entered later than the contract''s late_entry_open_days allow (as work_item_response_status)';

-- ------------------------------------------------------------- v_overdue
-- (overdue_items in built-in types; work_item_due() written out as above)
CREATE VIEW @extschema@.v_overdue WITH (security_invoker = true) AS
SELECT w.item_id, w.contract_id, w.kind::pg_catalog.text AS kind, w.sub_kind, w.title, w.status,
	   w.due_on, d.effective_due_on, t.today AS as_of,
	   (t.today OPERATOR(pg_catalog.-) d.effective_due_on) AS days_overdue,
	   @extschema@.open_days_between(d.effective_due_on OPERATOR(pg_catalog.+) 1,
									 t.today OPERATOR(pg_catalog.+) 1) AS open_days_overdue,
	   EXISTS (SELECT 1 FROM @extschema@.deadline_change AS c
			   WHERE c.item_id OPERATOR(pg_catalog.=) w.item_id
				 AND c.new_due_on OPERATOR(pg_catalog.>) d.effective_due_on) AS change_pending
FROM @extschema@.work_item AS w
JOIN @extschema@.workflow_status AS s
  ON s.kind OPERATOR(pg_catalog.=) w.kind AND s.status OPERATOR(pg_catalog.=) w.status
CROSS JOIN LATERAL (
	SELECT coalesce((SELECT dc.new_due_on
					 FROM @extschema@.deadline_change AS dc
					 WHERE dc.item_id OPERATOR(pg_catalog.=) w.item_id
					   AND (SELECT a.decision
							FROM @extschema@.approval AS a
							WHERE a.item_id OPERATOR(pg_catalog.=) dc.item_id
							  AND a.subject OPERATOR(pg_catalog.=) 'deadline_change'
							  AND a.subject_ref OPERATOR(pg_catalog.=) dc.deadline_change_id::pg_catalog.text
							ORDER BY a.decided_at DESC, a.approval_id DESC
							LIMIT 1) OPERATOR(pg_catalog.=) 'approved'
					 ORDER BY dc.deadline_change_id DESC
					 LIMIT 1), w.due_on) AS effective_due_on) AS d
CROSS JOIN LATERAL (SELECT (pg_catalog.now() AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date AS today) AS t
WHERE NOT s.is_terminal
  -- seeded terminal statuses (read-only): the partial index of unfinished items
  AND w.status OPERATOR(pg_catalog.<>) ALL ('{closed,cancelled,rejected}'::text[])
  AND d.effective_due_on OPERATOR(pg_catalog.<) t.today;
COMMENT ON VIEW @extschema@.v_overdue IS
  'BI: unfinished work items past the due date in force today (Japan time), as overdue_items; a report of a past week or month uses weekly_inventory or the report functions, which compute as of their end';
COMMENT ON COLUMN @extschema@.v_overdue.item_id IS 'The work item';
COMMENT ON COLUMN @extschema@.v_overdue.contract_id IS 'Its contract';
COMMENT ON COLUMN @extschema@.v_overdue.kind IS 'Its kind';
COMMENT ON COLUMN @extschema@.v_overdue.sub_kind IS 'Its sub-kind';
COMMENT ON COLUMN @extschema@.v_overdue.title IS 'Its title';
COMMENT ON COLUMN @extschema@.v_overdue.status IS 'Its status (not a terminal one)';
COMMENT ON COLUMN @extschema@.v_overdue.due_on IS 'The originally agreed due date';
COMMENT ON COLUMN @extschema@.v_overdue.effective_due_on IS 'The due date in force (latest agreed deadline change, else due_on)';
COMMENT ON COLUMN @extschema@.v_overdue.as_of IS 'Today in Japan: the day the view was read';
COMMENT ON COLUMN @extschema@.v_overdue.days_overdue IS 'Calendar days from the due date in force to today';
COMMENT ON COLUMN @extschema@.v_overdue.open_days_overdue IS 'Open days (開庁日) after the due date in force up to and including today';
COMMENT ON COLUMN @extschema@.v_overdue.change_pending IS 'A later deadline change is recorded but not (yet) agreed';
