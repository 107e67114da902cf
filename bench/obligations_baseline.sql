-- bench/obligations_baseline.sql -- the baseline of bench/obligations.sh: menu_tasks_expected()
-- as first written (commit b64e0ae), matching each expected date with its own
-- search of the menu-task items (a correlated LATERAL per date).
CREATE FUNCTION public.mte_per_date(contract_id bigint, from_day date, to_day date,
                                                as_of timestamptz DEFAULT pg_catalog.now())
  RETURNS TABLE (menu_item_id bigint, code text, title text, performer text, due_on date,
                 status text, item_id bigint, done_at timestamptz)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH m AS (
    SELECT x.* FROM omledger.menu_item x
     WHERE x.contract_id OPERATOR(pg_catalog.=) mte_per_date.contract_id
       AND x.schedule OPERATOR(pg_catalog.<>) 'on_request'
       AND x.valid OPERATOR(pg_catalog.&&) pg_catalog.daterange(from_day, to_day, '[]')
  ), days AS (
    -- a week's margin before from_day: a date moved forward into the range
    SELECT d::date AS day
      FROM pg_catalog.generate_series((from_day OPERATOR(pg_catalog.-) 7)::timestamp,
                                      to_day::timestamp, interval '1 day') AS d
  ), months AS (
    SELECT g::date AS first_day
      FROM pg_catalog.generate_series(pg_catalog.date_trunc('month', from_day::timestamp),
                                      to_day::timestamp, interval '1 month') AS g
  ), due AS (
    SELECT m.menu_item_id, d.day AS due_on
      FROM m JOIN days d ON omledger.is_open_day(d.day)
     WHERE m.schedule OPERATOR(pg_catalog.=) 'open_day'
    UNION ALL
    SELECT m.menu_item_id, omledger.move_to_open_day(d.day, m.schedule_move)
      FROM m JOIN days d ON pg_catalog.date_part('dow', d.day) OPERATOR(pg_catalog.=) m.schedule_weekday
     WHERE m.schedule OPERATOR(pg_catalog.=) 'weekly'
       AND (m.schedule_move OPERATOR(pg_catalog.<>) 'none' OR omledger.is_open_day(d.day))
    UNION ALL
    SELECT m.menu_item_id,
           CASE m.schedule
             WHEN 'monthly_nth' THEN omledger.add_open_days(mo.first_day OPERATOR(pg_catalog.-) 1, m.schedule_nth)
             ELSE omledger.add_open_days((mo.first_day OPERATOR(pg_catalog.+) interval '1 month')::date, -1)
           END
      FROM m CROSS JOIN months mo
     WHERE m.schedule OPERATOR(pg_catalog.=) ANY ('{monthly_nth,monthly_last}'::text[])
    UNION ALL
    SELECT m.menu_item_id, omledger.move_to_open_day(d.day, m.schedule_move)
      FROM m JOIN days d
        ON pg_catalog.date_part('month', d.day) OPERATOR(pg_catalog.=) m.schedule_month
       AND pg_catalog.date_part('day', d.day) OPERATOR(pg_catalog.=) m.schedule_day
     WHERE m.schedule OPERATOR(pg_catalog.=) 'yearly'
       AND (m.schedule_move OPERATOR(pg_catalog.<>) 'none' OR omledger.is_open_day(d.day))
  )
  SELECT m.menu_item_id, m.code, m.title, m.performer, due.due_on,
         CASE WHEN w.done_at IS NOT NULL THEN 'met'
              WHEN (as_of AT TIME ZONE 'Asia/Tokyo')::date OPERATOR(pg_catalog.<=) due.due_on THEN 'pending'
              ELSE 'overdue' END,
         w.item_id, w.done_at
    FROM due
    JOIN m ON m.menu_item_id OPERATOR(pg_catalog.=) due.menu_item_id
    JOIN omledger.contract c ON c.contract_id OPERATOR(pg_catalog.=) m.contract_id
    LEFT JOIN LATERAL (
      -- the menu-task item of the same code scheduled (else requested) on
      -- the due date, and when it was first done, as the history knew it
      SELECT i.item_id,
             (SELECT pg_catalog.min(ev.occurred_at)
                FROM omledger.work_item_event ev
                JOIN omledger.workflow_status s
                  ON s.kind OPERATOR(pg_catalog.=) 'menu_task' AND s.status OPERATOR(pg_catalog.=) ev.to_status
               WHERE ev.item_id OPERATOR(pg_catalog.=) i.item_id
                 AND (ev.to_status OPERATOR(pg_catalog.=) 'done' OR s.is_terminal)
                 AND ev.recorded_at OPERATOR(pg_catalog.<=) as_of) AS done_at
        FROM omledger.work_item i
        JOIN omledger.menu_item im ON im.menu_item_id OPERATOR(pg_catalog.=) i.menu_item_id
       WHERE i.contract_id OPERATOR(pg_catalog.=) m.contract_id
         AND i.kind OPERATOR(pg_catalog.=) 'menu_task'
         AND im.code OPERATOR(pg_catalog.=) m.code
         AND (coalesce(i.scheduled_at, i.requested_at) AT TIME ZONE 'Asia/Tokyo')::date OPERATOR(pg_catalog.=) due.due_on
         AND i.created_at OPERATOR(pg_catalog.<=) as_of
       ORDER BY 2 NULLS LAST, i.item_id
       LIMIT 1) w ON true
   WHERE due.due_on OPERATOR(pg_catalog.>=) from_day AND due.due_on OPERATOR(pg_catalog.<=) to_day
     AND m.valid OPERATOR(pg_catalog.@>) due.due_on
     AND c.term OPERATOR(pg_catalog.@>) due.due_on
   GROUP BY m.menu_item_id, m.code, m.title, m.performer, due.due_on, w.item_id, w.done_at
   ORDER BY due.due_on, m.code
$$;
