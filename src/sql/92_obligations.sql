\echo Use "CREATE EXTENSION omledger" to load this file. \quit

-- ====================================================================
-- routine menu tasks on the calendar, and the one view of what is owed
-- (new in 0.4)
-- A menu item's frequency was free text ("daily", "monthly"): nothing
-- could say which routine task was missed.  It now also carries a
-- structured schedule -- every open day, weekly on a weekday, monthly on
-- the Nth open day or the last open day, yearly on a date, on request --
-- added as columns of menu_item (a change of schedule is a new revision,
-- as every change of the menu is).  menu_tasks_expected() expands the
-- schedules on the city's calendar and matches the menu-task work items.
--
-- obligations(contract_id, as_of) gathers every dated thing owed, as of
-- an instant (a report of a past month does not change when later rows
-- arrive): the submissions (90), the meetings owed, the minutes and
-- notices of meetings with other vendors (90), the handover reports,
-- defects and confirmations (91), the items' agreed deadlines and the
-- failures' response deadlines (the workflow's), the expected menu tasks.
-- v_obligations is that function for every contract the caller may see,
-- as of now.
-- ====================================================================

ALTER TABLE @extschema@.menu_item
  ADD COLUMN schedule text,
  ADD COLUMN schedule_weekday smallint,
  ADD COLUMN schedule_nth smallint,
  ADD COLUMN schedule_month smallint,
  ADD COLUMN schedule_day smallint,
  ADD COLUMN schedule_move text NOT NULL DEFAULT 'next',
  ADD CONSTRAINT menu_item_schedule_check CHECK (
    schedule OPERATOR(pg_catalog.=) ANY ('{open_day,weekly,monthly_nth,monthly_last,yearly,on_request}'::text[])
    AND (schedule_weekday IS NOT NULL) OPERATOR(pg_catalog.=) (schedule IS NOT DISTINCT FROM 'weekly')
    AND (schedule_nth IS NOT NULL) OPERATOR(pg_catalog.=) (schedule IS NOT DISTINCT FROM 'monthly_nth')
    AND (schedule_month IS NOT NULL) OPERATOR(pg_catalog.=) (schedule IS NOT DISTINCT FROM 'yearly')
    AND (schedule_day IS NOT NULL) OPERATOR(pg_catalog.=) (schedule IS NOT DISTINCT FROM 'yearly')
    AND schedule_weekday OPERATOR(pg_catalog.>=) 0 AND schedule_weekday OPERATOR(pg_catalog.<=) 6
    AND schedule_nth OPERATOR(pg_catalog.>=) 1 AND schedule_nth OPERATOR(pg_catalog.<=) 23
    AND schedule_month OPERATOR(pg_catalog.>=) 1 AND schedule_month OPERATOR(pg_catalog.<=) 12
    AND schedule_day OPERATOR(pg_catalog.>=) 1
    AND schedule_day OPERATOR(pg_catalog.<=) CASE WHEN schedule_month OPERATOR(pg_catalog.=) 2 THEN 28
                                                  WHEN schedule_month OPERATOR(pg_catalog.=) ANY ('{4,6,9,11}'::smallint[]) THEN 30
                                                  ELSE 31 END
    AND schedule_move OPERATOR(pg_catalog.=) ANY ('{next,previous,none}'::text[]));
COMMENT ON COLUMN @extschema@.menu_item.schedule IS
  'Structured frequency: open_day (every open day), weekly (on schedule_weekday), monthly_nth (the schedule_nth open day of each month), monthly_last (the last open day of each month), yearly (on schedule_month/schedule_day), on_request (none expected); NULL: only the free-text frequency';
COMMENT ON COLUMN @extschema@.menu_item.schedule_weekday IS 'For weekly: the weekday, 0 = Sunday .. 6 = Saturday (as extract(dow))';
COMMENT ON COLUMN @extschema@.menu_item.schedule_nth IS 'For monthly_nth: which open day of the month (1 to 23)';
COMMENT ON COLUMN @extschema@.menu_item.schedule_month IS 'For yearly: the month (1 to 12)';
COMMENT ON COLUMN @extschema@.menu_item.schedule_day IS 'For yearly: the day of the month (no 29 February)';
COMMENT ON COLUMN @extschema@.menu_item.schedule_move IS 'A weekly or yearly date on a closed day moves to the next open day (next, the default), the previous one (previous), or the task is not expected that time (none)';

-- ------------------------------------------------- menu_tasks_expected
CREATE FUNCTION @extschema@.menu_tasks_expected(contract_id bigint, from_day date, to_day date,
                                                as_of timestamptz DEFAULT pg_catalog.now())
  RETURNS TABLE (menu_item_id bigint, code text, title text, performer text, due_on date,
                 status text, item_id bigint, done_at timestamptz)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH m AS (
    SELECT x.* FROM @extschema@.menu_item x
     WHERE x.contract_id OPERATOR(pg_catalog.=) menu_tasks_expected.contract_id
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
      FROM m JOIN days d ON @extschema@.is_open_day(d.day)
     WHERE m.schedule OPERATOR(pg_catalog.=) 'open_day'
    UNION ALL
    SELECT m.menu_item_id, @extschema@.move_to_open_day(d.day, m.schedule_move)
      FROM m JOIN days d ON pg_catalog.date_part('dow', d.day) OPERATOR(pg_catalog.=) m.schedule_weekday
     WHERE m.schedule OPERATOR(pg_catalog.=) 'weekly'
       AND (m.schedule_move OPERATOR(pg_catalog.<>) 'none' OR @extschema@.is_open_day(d.day))
    UNION ALL
    SELECT m.menu_item_id,
           CASE m.schedule
             WHEN 'monthly_nth' THEN @extschema@.add_open_days(mo.first_day OPERATOR(pg_catalog.-) 1, m.schedule_nth)
             ELSE @extschema@.add_open_days((mo.first_day OPERATOR(pg_catalog.+) interval '1 month')::date, -1)
           END
      FROM m CROSS JOIN months mo
     WHERE m.schedule OPERATOR(pg_catalog.=) ANY ('{monthly_nth,monthly_last}'::text[])
    UNION ALL
    SELECT m.menu_item_id, @extschema@.move_to_open_day(d.day, m.schedule_move)
      FROM m JOIN days d
        ON pg_catalog.date_part('month', d.day) OPERATOR(pg_catalog.=) m.schedule_month
       AND pg_catalog.date_part('day', d.day) OPERATOR(pg_catalog.=) m.schedule_day
     WHERE m.schedule OPERATOR(pg_catalog.=) 'yearly'
       AND (m.schedule_move OPERATOR(pg_catalog.<>) 'none' OR @extschema@.is_open_day(d.day))
  ), done AS (
    -- the contract's menu-task items by code and day (scheduled, else
    -- requested, in Japan time) with when each was first done (entered
    -- done or a terminal status) as the history knew it; per code and day
    -- the first done, else the first entered.  One pass over the items,
    -- joined to the expected dates by hash, not one search per date.
    SELECT DISTINCT ON (im.code, x.day) im.code, x.day, i.item_id, f.done_at
      FROM @extschema@.work_item i
      JOIN @extschema@.menu_item im ON im.menu_item_id OPERATOR(pg_catalog.=) i.menu_item_id
      CROSS JOIN LATERAL (
        SELECT (coalesce(i.scheduled_at, i.requested_at) AT TIME ZONE 'Asia/Tokyo')::date AS day) x
      CROSS JOIN LATERAL (
        SELECT pg_catalog.min(ev.occurred_at) AS done_at
          FROM @extschema@.work_item_event ev
          JOIN @extschema@.workflow_status s
            ON s.kind OPERATOR(pg_catalog.=) 'menu_task' AND s.status OPERATOR(pg_catalog.=) ev.to_status
         WHERE ev.item_id OPERATOR(pg_catalog.=) i.item_id
           AND (ev.to_status OPERATOR(pg_catalog.=) 'done' OR s.is_terminal)
           AND ev.recorded_at OPERATOR(pg_catalog.<=) as_of) f
     WHERE i.contract_id OPERATOR(pg_catalog.=) menu_tasks_expected.contract_id
       AND i.kind OPERATOR(pg_catalog.=) 'menu_task'
       AND i.created_at OPERATOR(pg_catalog.<=) as_of
       AND x.day OPERATOR(pg_catalog.>=) from_day AND x.day OPERATOR(pg_catalog.<=) to_day
     ORDER BY im.code, x.day, f.done_at NULLS LAST, i.item_id
  )
  SELECT m.menu_item_id, m.code, m.title, m.performer, due.due_on,
         CASE WHEN w.done_at IS NOT NULL THEN 'met'
              WHEN (as_of AT TIME ZONE 'Asia/Tokyo')::date OPERATOR(pg_catalog.<=) due.due_on THEN 'pending'
              ELSE 'overdue' END,
         w.item_id, w.done_at
    FROM (SELECT DISTINCT * FROM due) due
    JOIN m ON m.menu_item_id OPERATOR(pg_catalog.=) due.menu_item_id
    JOIN @extschema@.contract c ON c.contract_id OPERATOR(pg_catalog.=) m.contract_id
    LEFT JOIN done w
      ON w.code OPERATOR(pg_catalog.=) m.code AND w.day OPERATOR(pg_catalog.=) due.due_on
   WHERE due.due_on OPERATOR(pg_catalog.>=) from_day AND due.due_on OPERATOR(pg_catalog.<=) to_day
     AND m.valid OPERATOR(pg_catalog.@>) due.due_on
     AND c.term OPERATOR(pg_catalog.@>) due.due_on
   ORDER BY due.due_on, m.code
$$;
COMMENT ON FUNCTION @extschema@.menu_tasks_expected(bigint, date, date, timestamptz) IS
  'the routine menu tasks the contract''s menu schedules from from_day to to_day (both included; the revision in force on each date, within the term), each with the menu-task work item of the same code scheduled (else requested) that day and whether it was done (entered done or a terminal status) as of as_of: met, pending or overdue (missed)';

-- ---------------------------------------------------------- obligations
CREATE FUNCTION @extschema@.obligations(contract_id bigint, as_of timestamptz DEFAULT pg_catalog.now(),
                                        from_day date DEFAULT NULL, to_day date DEFAULT NULL)
  RETURNS TABLE (contract_id bigint, obligation text, subject text, ref_id bigint,
                 due_on date, due_at timestamptz, owner_side text, status text,
                 done_at timestamptz, late boolean)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH c AS (
    SELECT k.contract_id, (as_of AT TIME ZONE 'Asia/Tokyo')::date AS today,
           coalesce(from_day, pg_catalog.lower(k.term) OPERATOR(pg_catalog.-) 31) AS f,
           coalesce(to_day, GREATEST(pg_catalog.upper(k.term), pg_catalog.upper(k.handover_out))
                            OPERATOR(pg_catalog.+) 31) AS t
      FROM @extschema@.contract k
     WHERE k.contract_id OPERATOR(pg_catalog.=) obligations.contract_id
  ), plans AS (
    SELECT p.*, (@extschema@.handover_sides(p.direction)).*
      FROM @extschema@.handover_plan p, c
     WHERE p.contract_id OPERATOR(pg_catalog.=) c.contract_id
       AND p.created_at OPERATOR(pg_catalog.<=) as_of
  ), o AS (
    -- submissions (§9, §5.2.1④)
    SELECT 'submission'::text AS obligation,
           s.document_ja || coalesce(' ' || pg_catalog.to_char(s.period, 'YYYY-MM'), '') AS subject,
           coalesce(s.person_id, s.event_id, s.item_id) AS ref_id,
           s.due_on, NULL::timestamptz AS due_at, 'contractor'::text AS owner_side,
           s.submitted_at AS done_at
      FROM c, @extschema@.submissions_due(c.contract_id, c.f, c.t, as_of) s
    UNION ALL
    -- meetings owed by their cadence (§5.2.1③, §5.3)
    SELECT 'meeting', e.title_ja || ' ' || pg_catalog.lower(e.period)::text, e.meeting_id,
           e.due_on, NULL, 'contractor', e.held_at
      FROM c, @extschema@.meetings_expected(c.contract_id, c.f, c.t, as_of) e
    UNION ALL
    -- minutes of a meeting with other vendors without the city (§7.7)
    SELECT 'minutes', m.title, m.meeting_id,
           @extschema@.add_open_days(m.held_on, m.minutes_open_days), NULL, 'contractor',
           CASE WHEN m.minutes_submitted_at OPERATOR(pg_catalog.<=) as_of THEN m.minutes_submitted_at END
      FROM c, @extschema@.meeting_facts(c.contract_id) m
     WHERE NOT m.cancelled AND m.other_vendors AND NOT m.city_attended
       AND m.held_at OPERATOR(pg_catalog.<=) as_of AND m.recorded_at OPERATOR(pg_catalog.<=) as_of
    UNION ALL
    -- the notice to the city before a meeting with other vendors (§7.7);
    -- not owed when the city's staff attend it, nor for a routine meeting
    -- the city allowed in advance
    SELECT 'meeting_notice', m.title, m.meeting_id,
           ((m.held_at OPERATOR(pg_catalog.-) m.notice_before) AT TIME ZONE 'Asia/Tokyo')::date,
           m.held_at OPERATOR(pg_catalog.-) m.notice_before, 'contractor',
           CASE WHEN m.notified_at OPERATOR(pg_catalog.<=) as_of THEN m.notified_at END
      FROM c, @extschema@.meeting_facts(c.contract_id) m
     WHERE NOT m.cancelled AND m.other_vendors AND NOT m.city_attended AND NOT m.routine_approved
       AND m.recorded_at OPERATOR(pg_catalog.<=) as_of
    UNION ALL
    -- the handover reports agreed by both sides (§5.3.2)
    SELECT CASE WHEN w.final THEN 'handover_final_report' ELSE 'handover_report' END,
           p.title || coalesce(' ' || w.week_of::text, ''), p.plan_id, w.due_on, NULL, 'both', w.agreed_at
      FROM plans p CROSS JOIN LATERAL @extschema@.handover_weeks(p.plan_id, as_of) w
    UNION ALL
    -- each item's final confirmation by the handing-over side (§5.3.3),
    -- due with the final report
    SELECT 'handover_confirmation', i.title, i.handover_item_id,
           @extschema@.next_open_day(pg_catalog.upper(p.period)), NULL, p.giver_side,
           CASE WHEN i.confirmed_at OPERATOR(pg_catalog.<=) as_of THEN i.confirmed_at END
      FROM plans p JOIN @extschema@.handover_item i ON i.plan_id OPERATOR(pg_catalog.=) p.plan_id
    UNION ALL
    -- document defects: pointed out promptly by the receiving side, and
    -- resolved by their due date by the handing-over side (§5.3.3)
    SELECT 'handover_defect_notice', d.description, d.defect_id,
           @extschema@.add_open_days(d.found_on, p.prompt_open_days), NULL, p.receiver_side,
           CASE WHEN d.pointed_out_at OPERATOR(pg_catalog.<=) as_of THEN d.pointed_out_at END
      FROM plans p
      JOIN @extschema@.handover_item i ON i.plan_id OPERATOR(pg_catalog.=) p.plan_id
      JOIN @extschema@.handover_defect d ON d.handover_item_id OPERATOR(pg_catalog.=) i.handover_item_id
     WHERE d.recorded_at OPERATOR(pg_catalog.<=) as_of
    UNION ALL
    SELECT 'handover_defect', d.description, d.defect_id, d.due_on, NULL, p.giver_side,
           CASE WHEN d.resolved_at OPERATOR(pg_catalog.<=) as_of THEN d.resolved_at END
      FROM plans p
      JOIN @extschema@.handover_item i ON i.plan_id OPERATOR(pg_catalog.=) p.plan_id
      JOIN @extschema@.handover_defect d ON d.handover_item_id OPERATOR(pg_catalog.=) i.handover_item_id
     WHERE d.recorded_at OPERATOR(pg_catalog.<=) as_of
       AND d.pointed_out_at OPERATOR(pg_catalog.<=) as_of
    UNION ALL
    -- work items' due dates in force (rule 9): done when the item first
    -- entered a terminal status, as the history knew it
    SELECT 'item_deadline', w.title, w.item_id, @extschema@.work_item_due(w.item_id), NULL, 'contractor',
           (SELECT pg_catalog.min(ev.occurred_at)
              FROM @extschema@.work_item_event ev
              JOIN @extschema@.workflow_status s
                ON s.kind OPERATOR(pg_catalog.=) w.kind AND s.status OPERATOR(pg_catalog.=) ev.to_status
             WHERE ev.item_id OPERATOR(pg_catalog.=) w.item_id AND s.is_terminal
               AND ev.recorded_at OPERATOR(pg_catalog.<=) as_of)
      FROM c JOIN @extschema@.work_item w ON w.contract_id OPERATOR(pg_catalog.=) c.contract_id
     WHERE w.kind OPERATOR(pg_catalog.<>) 'menu_task'
       AND w.created_at OPERATOR(pg_catalog.<=) as_of
       AND @extschema@.work_item_due(w.item_id) IS NOT NULL
    UNION ALL
    -- failures' response deadlines (tables 3 and 4, rule 10)
    SELECT 'response_deadline', w.title, w.item_id,
           (w.response_due_at AT TIME ZONE 'Asia/Tokyo')::date, w.response_due_at, 'contractor',
           (SELECT pg_catalog.min(ev.occurred_at)
              FROM @extschema@.work_item_event ev
              JOIN @extschema@.workflow_status s
                ON s.kind OPERATOR(pg_catalog.=) w.kind AND s.status OPERATOR(pg_catalog.=) ev.to_status
             WHERE ev.item_id OPERATOR(pg_catalog.=) w.item_id AND s.starts_response
               AND ev.recorded_at OPERATOR(pg_catalog.<=) as_of)
      FROM c JOIN @extschema@.work_item w ON w.contract_id OPERATOR(pg_catalog.=) c.contract_id
     WHERE w.response_due_at IS NOT NULL
       AND w.created_at OPERATOR(pg_catalog.<=) as_of
    UNION ALL
    -- the routine menu tasks (§5.1)
    SELECT 'menu_task', e.code || ' ' || e.title, e.menu_item_id, e.due_on, NULL, 'contractor', e.done_at
      FROM c, @extschema@.menu_tasks_expected(c.contract_id, c.f, c.t, as_of) e
  )
  SELECT c.contract_id, o.obligation, o.subject, o.ref_id, o.due_on, o.due_at, o.owner_side,
         CASE WHEN o.done_at IS NOT NULL THEN 'met'
              WHEN o.due_at IS NOT NULL AND as_of OPERATOR(pg_catalog.<=) o.due_at THEN 'pending'
              WHEN o.due_at IS NULL AND c.today OPERATOR(pg_catalog.<=) o.due_on THEN 'pending'
              ELSE 'overdue' END,
         o.done_at,
         CASE WHEN o.done_at IS NULL THEN NULL
              WHEN o.due_at IS NOT NULL THEN o.done_at OPERATOR(pg_catalog.>) o.due_at
              ELSE (o.done_at AT TIME ZONE 'Asia/Tokyo')::date OPERATOR(pg_catalog.>) o.due_on END
    FROM o CROSS JOIN c
   WHERE o.due_on OPERATOR(pg_catalog.>=) c.f AND o.due_on OPERATOR(pg_catalog.<=) c.t
   ORDER BY o.due_on, o.obligation, o.subject, o.ref_id
$$;
COMMENT ON FUNCTION @extschema@.obligations(bigint, timestamptz, date, date) IS
  'every dated thing the contract owes, due from from_day to to_day (default: the term with a month either side), as of as_of (default now; rows recorded later do not count, so a past month''s answer does not change): submissions, meetings, minutes and notices of meetings with other vendors, handover reports, confirmations and defects, items'' due dates, response deadlines, routine menu tasks; each met, pending or overdue (Japan time), with its owner side and whether it was met late';

CREATE VIEW @extschema@.v_obligations WITH (security_invoker = true) AS
SELECT o.*
  FROM @extschema@.contract c
  CROSS JOIN LATERAL @extschema@.obligations(c.contract_id) o;
COMMENT ON VIEW @extschema@.v_obligations IS
  'Every dated thing owed, for every contract the caller may see, as of now (omledger.obligations): feeds the weekly inventory, the monthly report''s documents and meetings, and the checks';
COMMENT ON COLUMN @extschema@.v_obligations.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.v_obligations.obligation IS 'submission, meeting, minutes, meeting_notice, handover_report, handover_final_report, handover_confirmation, handover_defect_notice, handover_defect, item_deadline, response_deadline or menu_task';
COMMENT ON COLUMN @extschema@.v_obligations.subject IS 'What is owed: the document and its month, the meeting, the item''s title, the menu task';
COMMENT ON COLUMN @extschema@.v_obligations.ref_id IS 'The row it is about: the roster entry, event or work item of a submission; the meeting; the handover plan, item or defect; the work item; the menu revision';
COMMENT ON COLUMN @extschema@.v_obligations.due_on IS 'The due date on the city''s calendar (Japan time)';
COMMENT ON COLUMN @extschema@.v_obligations.due_at IS 'The due instant, for obligations due at a time (response deadlines, notices); NULL when due by the end of due_on';
COMMENT ON COLUMN @extschema@.v_obligations.owner_side IS 'Who owes it: contractor, predecessor, successor, or both (a handover report both sides agree)';
COMMENT ON COLUMN @extschema@.v_obligations.status IS 'met, pending (not yet due) or overdue';
COMMENT ON COLUMN @extschema@.v_obligations.done_at IS 'When it was met (submitted, held, agreed, confirmed, resolved, started, done)';
COMMENT ON COLUMN @extschema@.v_obligations.late IS 'Met after its due date (due instant); NULL while not met';
