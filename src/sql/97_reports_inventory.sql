
-- ====================================================================
-- the weekly incident inventory and incident statistics (new in 0.4)
-- §5.2.1③: every week the city and the contractor go through every open
-- failure and service request (インシデント等棚卸し会).  weekly_inventory()
-- lists them as they stood at the end of the week -- computed from the
-- history (work_item_event, approvals of deadline changes), not from the
-- current status or today, so a past week's inventory does not change when
-- work goes on -- with what changed since the week before.
-- incident_statistics() counts the failures of a range of months and the
-- mean and 90th percentile of the time to respond and to resolve, by
-- system, month and class, as of the end of the range.
-- Both are STABLE, write nothing, and read with the caller's rights (row
-- level security applies).  See doc/reports.md.
-- ====================================================================

-- The week of an inventory: Monday to Sunday, and its start and end (the
-- next Monday 00:00) in Japan time -- one definition for the inventory of
-- the items and for the obligations of the same meeting.
CREATE FUNCTION @extschema@.inventory_week(week_of date,
    OUT first_day date, OUT next_day date, OUT from_t timestamptz, OUT to_t timestamptz)
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT w.d, w.d OPERATOR(pg_catalog.+) 7,
         w.d::timestamp AT TIME ZONE 'Asia/Tokyo',
         (w.d OPERATOR(pg_catalog.+) 7)::timestamp AT TIME ZONE 'Asia/Tokyo'
    FROM (SELECT $1 OPERATOR(pg_catalog.-) (EXTRACT(isodow FROM $1)::integer OPERATOR(pg_catalog.-) 1) AS d) AS w
$$;
COMMENT ON FUNCTION @extschema@.inventory_week(date) IS
  'the week (Monday to Sunday) holding week_of: its first day, the day after it, and their starts in Japan time (an inventory is as of to_t)';

CREATE FUNCTION @extschema@.weekly_inventory(contract_id bigint, week_of date)
  RETURNS TABLE (item_id bigint, kind text, sub_kind text, title text, severity text,
				 status text, previous_status text, open boolean, change text,
				 requested_at timestamptz, age_open_days integer,
				 due_on date, overdue boolean, days_overdue integer,
				 last_event_at timestamptz, last_event text,
				 week_start date, week_end date)
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	-- the week: Monday to Sunday; its end is the next Monday 00:00 in Japan
	w0 date := (@extschema@.inventory_week(week_of)).first_day;
	w1 date := (@extschema@.inventory_week(week_of)).next_day;
	t_end timestamptz := (@extschema@.inventory_week(week_of)).to_t;
	t_prev timestamptz := (@extschema@.inventory_week(week_of)).from_t;
	c bigint := weekly_inventory.contract_id;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM @extschema@.contract AS k WHERE k.contract_id OPERATOR(pg_catalog.=) c) THEN
		RAISE EXCEPTION 'contract % does not exist', c
			USING ERRCODE = 'OM550',
				  DETAIL = pg_catalog.format('No contract %s is visible to role %s: it does not exist, or row-level security hides it.', c, CURRENT_USER),
				  HINT = 'Pass the contract_id of a contract you may read (omledger.contract).';
	END IF;
	RETURN QUERY
	WITH cand AS (
		-- alive at the end of the week before or of this week: requested
		-- before the end, and either with a status entered since the week
		-- began, or unfinished now (a status entered before the week and
		-- terminal now has been the status all along).  Two disjoint parts,
		-- each read by an index of the contract's items.
		SELECT w.item_id, w.kind, w.sub_kind, w.title, w.severity, w.requested_at, w.due_on
		FROM @extschema@.work_item AS w
		WHERE w.contract_id OPERATOR(pg_catalog.=) c
		  AND w.requested_at OPERATOR(pg_catalog.<) t_end
		  AND w.status_changed_at OPERATOR(pg_catalog.>=) t_prev
		  AND w.kind OPERATOR(pg_catalog.=) ANY ('{failure_recovery,service_request}'::text[])
		UNION ALL
		SELECT w.item_id, w.kind, w.sub_kind, w.title, w.severity, w.requested_at, w.due_on
		FROM @extschema@.work_item AS w
		JOIN @extschema@.workflow_status AS s
		  ON s.kind OPERATOR(pg_catalog.=) w.kind AND s.status OPERATOR(pg_catalog.=) w.status
		WHERE w.contract_id OPERATOR(pg_catalog.=) c
		  AND w.requested_at OPERATOR(pg_catalog.<) t_end
		  AND w.status_changed_at OPERATOR(pg_catalog.<) t_prev
		  AND NOT s.is_terminal
		  -- seeded terminal statuses (read-only): the partial index of unfinished items
		  AND w.status OPERATOR(pg_catalog.<>) ALL ('{closed,cancelled,rejected}'::text[])
		  AND w.kind OPERATOR(pg_catalog.=) ANY ('{failure_recovery,service_request}'::text[])
	),
	x AS (
		SELECT w.item_id, w.kind::text AS kind, w.sub_kind, w.title, w.severity, w.requested_at,
			   w.due_on AS due_now, st.status AS st_t, st.at AS st_t_at, sp.status AS st_p,
			   coalesce(ts.is_terminal, false) AS term_t,
			   coalesce(ps.is_terminal, false) AS term_p,
			   w.requested_at OPERATOR(pg_catalog.>=) t_prev AS is_new,
			   EXISTS (SELECT 1 FROM @extschema@.work_item_event AS e
					   WHERE e.item_id OPERATOR(pg_catalog.=) w.item_id AND e.field IS NULL
						 AND e.from_status IS NOT NULL
						 AND e.occurred_at OPERATOR(pg_catalog.>=) t_prev
						 AND e.occurred_at OPERATOR(pg_catalog.<) t_end) AS moved,
			   fd.found AS due_changed_after, fd.old_value AS due_then,
			   dc.new_due_on AS agreed_due,
			   le.occurred_at AS le_at, le.field AS le_field, le.from_status AS le_from,
			   le.to_status AS le_to, le.old_value AS le_old, le.new_value AS le_new
		FROM cand AS w
		-- the status at the end of the week and at the end of the week before
		LEFT JOIN LATERAL (
			SELECT e.to_status AS status, e.occurred_at AS at
			FROM @extschema@.work_item_event AS e
			WHERE e.item_id OPERATOR(pg_catalog.=) w.item_id AND e.field IS NULL
			  AND e.occurred_at OPERATOR(pg_catalog.<) t_end
			ORDER BY e.occurred_at DESC, e.event_id DESC
			LIMIT 1) AS st ON true
		LEFT JOIN LATERAL (
			SELECT e.to_status AS status
			FROM @extschema@.work_item_event AS e
			WHERE e.item_id OPERATOR(pg_catalog.=) w.item_id AND e.field IS NULL
			  AND e.occurred_at OPERATOR(pg_catalog.<) t_prev
			ORDER BY e.occurred_at DESC, e.event_id DESC
			LIMIT 1) AS sp ON true
		LEFT JOIN @extschema@.workflow_status AS ts
		  ON ts.kind OPERATOR(pg_catalog.=) w.kind AND ts.status OPERATOR(pg_catalog.=) st.status
		LEFT JOIN @extschema@.workflow_status AS ps
		  ON ps.kind OPERATOR(pg_catalog.=) w.kind AND ps.status OPERATOR(pg_catalog.=) sp.status
		-- due_on then: the old value of its first change after the end, else today's
		LEFT JOIN LATERAL (
			SELECT true AS found, e.old_value
			FROM @extschema@.work_item_event AS e
			WHERE e.item_id OPERATOR(pg_catalog.=) w.item_id
			  AND e.field OPERATOR(pg_catalog.=) 'due_on'
			  AND e.occurred_at OPERATOR(pg_catalog.>=) t_end
			ORDER BY e.occurred_at, e.event_id
			LIMIT 1) AS fd ON true
		-- the latest deadline change agreed by then (as work_item_due)
		LEFT JOIN LATERAL (
			SELECT d.new_due_on
			FROM @extschema@.deadline_change AS d
			WHERE d.item_id OPERATOR(pg_catalog.=) w.item_id
			  AND (SELECT a.decision
				   FROM @extschema@.approval AS a
				   WHERE a.item_id OPERATOR(pg_catalog.=) d.item_id
					 AND a.subject OPERATOR(pg_catalog.=) 'deadline_change'
					 AND a.subject_ref OPERATOR(pg_catalog.=) d.deadline_change_id::text
					 AND a.decided_at OPERATOR(pg_catalog.<) t_end
				   ORDER BY a.decided_at DESC, a.approval_id DESC
				   LIMIT 1) OPERATOR(pg_catalog.=) 'approved'
			ORDER BY d.deadline_change_id DESC
			LIMIT 1) AS dc ON true
		-- the last event before the end
		LEFT JOIN LATERAL (
			SELECT e.occurred_at, e.field, e.from_status, e.to_status, e.old_value, e.new_value
			FROM @extschema@.work_item_event AS e
			WHERE e.item_id OPERATOR(pg_catalog.=) w.item_id
			  AND e.occurred_at OPERATOR(pg_catalog.<) t_end
			ORDER BY e.occurred_at DESC, e.event_id DESC
			LIMIT 1) AS le ON true
	),
	y AS (
		SELECT x.*, NOT x.term_t AS is_open,
			   coalesce(x.agreed_due,
						CASE WHEN x.due_changed_after THEN x.due_then::date ELSE x.due_now END) AS due
		FROM x
		WHERE x.st_t IS NOT NULL
	)
	SELECT y.item_id, y.kind, y.sub_kind, y.title, y.severity,
		   y.st_t, y.st_p, y.is_open,
		   CASE WHEN y.is_new THEN CASE WHEN y.is_open THEN 'opened' ELSE 'opened_closed' END
				WHEN y.term_p THEN 'reopened'
				WHEN NOT y.is_open THEN 'closed'
				WHEN y.moved THEN 'status_changed'
				ELSE 'unchanged' END,
		   y.requested_at,
		   @extschema@.open_days_between((y.requested_at AT TIME ZONE 'Asia/Tokyo')::date,
			   CASE WHEN y.is_open THEN w1 ELSE (y.st_t_at AT TIME ZONE 'Asia/Tokyo')::date END),
		   y.due,
		   coalesce(y.is_open AND y.due OPERATOR(pg_catalog.<) w1, false),
		   CASE WHEN y.is_open AND y.due OPERATOR(pg_catalog.<) w1 THEN w1 OPERATOR(pg_catalog.-) y.due END,
		   y.le_at,
		   CASE WHEN y.le_field IS NULL AND y.le_from IS NULL THEN 'created: ' OPERATOR(pg_catalog.||) y.le_to
				WHEN y.le_field IS NULL THEN pg_catalog.format('status: %s -> %s', y.le_from, y.le_to)
				ELSE pg_catalog.format('%s: %s -> %s', y.le_field, coalesce(y.le_old, '(none)'),
									   coalesce(y.le_new, '(none)')) END,
		   w0, w1 OPERATOR(pg_catalog.-) 1
	FROM y
	WHERE y.is_open OR (NOT y.term_p AND NOT (y.st_p IS NULL AND NOT y.is_new))
	ORDER BY y.kind, y.item_id;
END
$$;
COMMENT ON FUNCTION @extschema@.weekly_inventory(bigint, date) IS
  'the weekly incident inventory (§5.2.1③) of the week (Monday to Sunday) holding week_of: every failure and service request open at the end of the week (next Monday 00:00 Japan time), with its status, age in open days, due date in force and overdue flag then, and its last event; plus those closed during the week; change says what happened since the week before (opened, opened_closed, closed, reopened, status_changed, unchanged). Computed from the history, so a past week does not change; OM550 for a contract that does not exist or is not visible';

-- What the weekly inventory meeting also goes through (§5.2.1③ with
-- doc/obligations.md): every obligation due in the week, and every one due
-- before it and still not met at its end, as of the week's end (next
-- Monday 00:00 Japan time) -- obligations() counts only what was recorded
-- by then, so a past week's list does not change.
CREATE FUNCTION @extschema@.weekly_obligations(contract_id bigint, week_of date)
  RETURNS TABLE (obligation text, subject text, ref_id bigint, due_on date, due_at timestamptz,
                 owner_side text, status text, done_at timestamptz, late boolean,
                 week_start date, week_end date)
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT o.obligation, o.subject, o.ref_id, o.due_on, o.due_at, o.owner_side, o.status,
         o.done_at, o.late, w.first_day, w.next_day OPERATOR(pg_catalog.-) 1
    FROM @extschema@.inventory_week($2) AS w
    CROSS JOIN LATERAL @extschema@.obligations($1, w.to_t, NULL, w.next_day OPERATOR(pg_catalog.-) 1) AS o
   WHERE o.due_on OPERATOR(pg_catalog.>=) w.first_day OR o.status OPERATOR(pg_catalog.=) 'overdue'
   ORDER BY o.due_on, o.obligation, o.subject, o.ref_id
$$;
COMMENT ON FUNCTION @extschema@.weekly_obligations(bigint, date) IS
  'the obligations (obligations()) the weekly inventory meeting goes through for the week (Monday to Sunday) holding week_of: those due in the week and those overdue at its end, each met, pending or overdue as of the week''s end (next Monday 00:00 Japan time)';

CREATE FUNCTION @extschema@.incident_statistics(contract_id bigint,
		from_period @extschema@.fiscal_period, to_period @extschema@.fiscal_period)
  RETURNS TABLE (dimension text, system_code text, month_start date, month text,
				 failure_class text, incidents bigint, cancelled bigint,
				 responded bigint, responded_in_time bigint,
				 respond_mean_minutes numeric, respond_p90_minutes numeric,
				 resolved bigint, resolve_mean_minutes numeric, resolve_p90_minutes numeric)
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	d0 date := @extschema@.lower(from_period);
	d1 date := @extschema@.upper(to_period);
	t_end timestamptz := d1::timestamp AT TIME ZONE 'Asia/Tokyo';
	c bigint := incident_statistics.contract_id;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM @extschema@.contract AS k WHERE k.contract_id OPERATOR(pg_catalog.=) c) THEN
		RAISE EXCEPTION 'contract % does not exist', c
			USING ERRCODE = 'OM550',
				  DETAIL = pg_catalog.format('No contract %s is visible to role %s: it does not exist, or row-level security hides it.', c, CURRENT_USER),
				  HINT = 'Pass the contract_id of a contract you may read (omledger.contract).';
	END IF;
	IF d1 OPERATOR(pg_catalog.<=) d0 THEN
		RAISE EXCEPTION 'period % ends before period % begins', to_period, from_period
			USING ERRCODE = 'OM551',
				  DETAIL = pg_catalog.format('The range would run from %s to %s.', d0, d1 OPERATOR(pg_catalog.-) 1),
				  HINT = 'Pass the earlier period first.';
	END IF;
	RETURN QUERY
	WITH f AS (
		-- the failures that occurred in the range, as they stood at its end
		SELECT w.item_id,
			   pg_catalog.date_trunc('month', w.occurred_at AT TIME ZONE 'Asia/Tokyo')::date AS m,
			   CASE WHEN fc.found THEN fc.old_value ELSE w.failure_class END AS cls,
			   CASE WHEN w.response_started_at OPERATOR(pg_catalog.<) t_end
					THEN EXTRACT(epoch FROM w.response_started_at OPERATOR(pg_catalog.-) w.occurred_at)
						 OPERATOR(pg_catalog./) 60 END AS respond,
			   w.response_started_at OPERATOR(pg_catalog.<) t_end
				 AND w.response_started_at OPERATOR(pg_catalog.<=) w.response_due_at AS in_time,
			   EXTRACT(epoch FROM ev.resolved_at OPERATOR(pg_catalog.-) w.occurred_at)
				 OPERATOR(pg_catalog./) 60 AS resolve,
			   coalesce(ev.cancelled, false) AS cancelled
		FROM @extschema@.work_item AS w
		LEFT JOIN LATERAL (
			SELECT pg_catalog.min(e.occurred_at) FILTER (
					 WHERE e.to_status OPERATOR(pg_catalog.=) ANY ('{resolved,closed}'::text[])) AS resolved_at,
				   pg_catalog.bool_or(e.to_status OPERATOR(pg_catalog.=) 'cancelled') AS cancelled
			FROM @extschema@.work_item_event AS e
			WHERE e.item_id OPERATOR(pg_catalog.=) w.item_id AND e.field IS NULL
			  AND e.occurred_at OPERATOR(pg_catalog.<) t_end) AS ev ON true
		-- the class then: the old value of its first change after the end
		LEFT JOIN LATERAL (
			SELECT true AS found, e.old_value
			FROM @extschema@.work_item_event AS e
			WHERE e.item_id OPERATOR(pg_catalog.=) w.item_id
			  AND e.field OPERATOR(pg_catalog.=) 'failure_class'
			  AND e.occurred_at OPERATOR(pg_catalog.>=) t_end
			ORDER BY e.occurred_at, e.event_id
			LIMIT 1) AS fc ON true
		WHERE w.contract_id OPERATOR(pg_catalog.=) c
		  AND w.kind OPERATOR(pg_catalog.=) 'failure_recovery'
		  AND pg_catalog.date_trunc('month', w.occurred_at AT TIME ZONE 'Asia/Tokyo')::date OPERATOR(pg_catalog.>=) d0
		  AND pg_catalog.date_trunc('month', w.occurred_at AT TIME ZONE 'Asia/Tokyo')::date OPERATOR(pg_catalog.<) d1
		  AND w.requested_at OPERATOR(pg_catalog.<) t_end
	),
	g AS (
		-- the whole range, each month, each class: every failure once
		SELECT CASE WHEN GROUPING(f.m) OPERATOR(pg_catalog.=) 0 THEN 'month'
					WHEN GROUPING(f.cls) OPERATOR(pg_catalog.=) 0 THEN 'class'
					ELSE 'total' END AS grp,
			   NULL::text AS sys, f.m, f.cls,
			   pg_catalog.count(*) FILTER (WHERE NOT f.cancelled) AS n,
			   pg_catalog.count(*) FILTER (WHERE f.cancelled) AS n_cancelled,
			   pg_catalog.count(f.respond) FILTER (WHERE NOT f.cancelled) AS n_resp,
			   pg_catalog.count(*) FILTER (WHERE f.in_time AND NOT f.cancelled) AS n_in_time,
			   pg_catalog.avg(f.respond) FILTER (WHERE NOT f.cancelled) AS resp_mean,
			   pg_catalog.percentile_cont(0.9) WITHIN GROUP (ORDER BY f.respond::float8)
				 FILTER (WHERE NOT f.cancelled) AS resp_p90,
			   pg_catalog.count(f.resolve) FILTER (WHERE NOT f.cancelled) AS n_res,
			   pg_catalog.avg(f.resolve) FILTER (WHERE NOT f.cancelled) AS res_mean,
			   pg_catalog.percentile_cont(0.9) WITHIN GROUP (ORDER BY f.resolve::float8)
				 FILTER (WHERE NOT f.cancelled) AS res_p90
		FROM f
		GROUP BY GROUPING SETS ((), (f.m), (f.cls))
		UNION ALL
		-- each system: a failure of two systems counts in both
		SELECT 'system', s.system_code, NULL::date, NULL::text,
			   pg_catalog.count(*) FILTER (WHERE NOT f.cancelled),
			   pg_catalog.count(*) FILTER (WHERE f.cancelled),
			   pg_catalog.count(f.respond) FILTER (WHERE NOT f.cancelled),
			   pg_catalog.count(*) FILTER (WHERE f.in_time AND NOT f.cancelled),
			   pg_catalog.avg(f.respond) FILTER (WHERE NOT f.cancelled),
			   pg_catalog.percentile_cont(0.9) WITHIN GROUP (ORDER BY f.respond::float8)
				 FILTER (WHERE NOT f.cancelled),
			   pg_catalog.count(f.resolve) FILTER (WHERE NOT f.cancelled),
			   pg_catalog.avg(f.resolve) FILTER (WHERE NOT f.cancelled),
			   pg_catalog.percentile_cont(0.9) WITHIN GROUP (ORDER BY f.resolve::float8)
				 FILTER (WHERE NOT f.cancelled)
		FROM f
		LEFT JOIN @extschema@.work_item_system AS s ON s.item_id OPERATOR(pg_catalog.=) f.item_id
		GROUP BY s.system_code
	)
	SELECT g.grp, g.sys, g.m, pg_catalog.to_char(g.m, 'YYYY-MM'), g.cls,
		   g.n, g.n_cancelled, g.n_resp, g.n_in_time,
		   pg_catalog.round(g.resp_mean, 1), pg_catalog.round(g.resp_p90::numeric, 1),
		   g.n_res,
		   pg_catalog.round(g.res_mean, 1), pg_catalog.round(g.res_p90::numeric, 1)
	FROM g
	ORDER BY CASE g.grp WHEN 'total' THEN 1 WHEN 'month' THEN 2 WHEN 'system' THEN 3 ELSE 4 END,
			 g.m, g.sys, g.cls;
END
$$;
COMMENT ON FUNCTION @extschema@.incident_statistics(bigint, @extschema@.fiscal_period, @extschema@.fiscal_period) IS
  'failures that occurred (Japan time) from the first month of from_period to the last of to_period: counts, and mean and 90th percentile of the minutes to respond (response_started_at) and to resolve (first resolved or closed), in total and by month, system and class (dimension says which), as they stood at the end of the range; cancelled failures are counted apart and left out of the rest; OM550 for a contract that does not exist or is not visible, OM551 for a range that ends before it begins';
