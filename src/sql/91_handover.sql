\echo Use "CREATE EXTENSION omledger" to load this file. \quit

-- ====================================================================
-- handover in and out (§5.3; new in 0.4)
-- In 0.3 the handover was one evidence row (handover_report) that the
-- contractor recorded alone.  §5.3 asks for more: the predecessor's plan
-- (the menu items and processes of §5.1 and §5.2, the week each is
-- handed over, who hands over and who receives), practice on real work,
-- document defects pointed out promptly, the predecessor's final
-- confirmation of each item (§5.3.3), a weekly handover meeting, and
-- weekly and final reports agreed by BOTH contractors (§5.3.2).  The same
-- machinery serves the handover out to the next contractor.
--   handover_plan      one plan per handover (direction in or out)
--   handover_item      a menu item or process, its week, its people, its
--                      final confirmation by the handing-over side
--   handover_practice  the work items done while receiving it
--   handover_defect    document defects: found, pointed out, due, resolved
--   handover_signoff   each side's agreement to a week's report (or the
--                      final one), by a roster person of that side
--   handover_signoff(), handover_weeks(), handover_report(),
--   handover_report_doc() (the document jsonb the one renderer,
--   render_document, turns into markdown, text or html)
-- The sides: a handover in is given by the predecessor (side predecessor)
-- to the contractor; a handover out by the contractor to the successor.
-- ====================================================================

-- ------------------------------------------------------- handover_plan
CREATE TABLE @extschema@.handover_plan (
  plan_id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id        bigint NOT NULL REFERENCES @extschema@.contract,
  direction          text NOT NULL CHECK (direction OPERATOR(pg_catalog.=) ANY ('{in,out}'::text[])),
  title              text NOT NULL,
  period             daterange NOT NULL
    CHECK (NOT pg_catalog.isempty(period) AND NOT pg_catalog.lower_inf(period) AND NOT pg_catalog.upper_inf(period)),
  giver              text,
  receiver           text,
  prompt_open_days   integer NOT NULL DEFAULT 5
    CHECK (prompt_open_days OPERATOR(pg_catalog.>=) 0 AND prompt_open_days OPERATOR(pg_catalog.<=) 60),
  defect_open_days   integer NOT NULL DEFAULT 10
    CHECK (defect_open_days OPERATOR(pg_catalog.>=) 0 AND defect_open_days OPERATOR(pg_catalog.<=) 120),
  created_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
  CONSTRAINT handover_plan_contract_plan_key UNIQUE (contract_id, plan_id)
);
COMMENT ON TABLE @extschema@.handover_plan IS
  'A handover plan (引継計画, §5.3): in from the predecessor (引継元業者) or out to the next contractor; its items, practice, defects, confirmations and the reports both sides agree';
COMMENT ON COLUMN @extschema@.handover_plan.plan_id IS 'Identifier of the plan';
COMMENT ON COLUMN @extschema@.handover_plan.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.handover_plan.direction IS 'in: the predecessor (side predecessor) hands over to the contractor; out: the contractor hands over to the successor (side successor)';
COMMENT ON COLUMN @extschema@.handover_plan.title IS 'Title of the plan';
COMMENT ON COLUMN @extschema@.handover_plan.period IS 'The handover period (e.g. the contract''s handover_in: 2025-10-01 to 2025-12-31)';
COMMENT ON COLUMN @extschema@.handover_plan.giver IS 'The organisation handing over';
COMMENT ON COLUMN @extschema@.handover_plan.receiver IS 'The organisation receiving';
COMMENT ON COLUMN @extschema@.handover_plan.prompt_open_days IS '"Promptly" for pointing out a document defect (§5.3.3), in open days after it was found (5 by default)';
COMMENT ON COLUMN @extschema@.handover_plan.defect_open_days IS 'Default time the handing-over side has to resolve a defect, in open days after it was pointed out (10 by default)';
COMMENT ON COLUMN @extschema@.handover_plan.created_at IS 'When the plan was entered (set by the ledger): obligations as of an earlier instant do not include it';
CREATE INDEX handover_plan_contract_idx ON @extschema@.handover_plan (contract_id);
CREATE TRIGGER handover_plan_recorded BEFORE INSERT OR UPDATE ON @extschema@.handover_plan
  FOR EACH ROW EXECUTE FUNCTION @extschema@.obligation_recorded('created_at');
COMMENT ON TRIGGER handover_plan_recorded ON @extschema@.handover_plan IS 'created_at is when the row was entered';

-- The two sides of a plan: who hands over, who receives.
CREATE FUNCTION @extschema@.handover_sides(direction text, OUT giver_side text, OUT receiver_side text)
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE direction WHEN 'in' THEN 'predecessor' ELSE 'contractor' END,
         CASE direction WHEN 'in' THEN 'contractor' ELSE 'successor' END
$$;
COMMENT ON FUNCTION @extschema@.handover_sides(text) IS
  'the roster sides of a handover: in = predecessor to contractor, out = contractor to successor';

-- ------------------------------------------------------- handover_item
CREATE TABLE @extschema@.handover_item (
  handover_item_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id        bigint NOT NULL,
  plan_id            bigint NOT NULL,
  menu_item_id       bigint,
  process            text,
  title              text NOT NULL,
  planned_week       date NOT NULL CHECK (pg_catalog.date_part('isodow', planned_week) OPERATOR(pg_catalog.=) 1),
  handed_by          bigint,
  received_by        bigint,
  confirmed_at       timestamptz,
  confirmed_by       bigint,
  note               text,
  CONSTRAINT handover_item_contract_item_key UNIQUE (contract_id, handover_item_id),
  CONSTRAINT handover_item_plan_fkey FOREIGN KEY (contract_id, plan_id)
    REFERENCES @extschema@.handover_plan (contract_id, plan_id),
  CONSTRAINT handover_item_menu_item_fkey FOREIGN KEY (contract_id, menu_item_id)
    REFERENCES @extschema@.menu_item (contract_id, menu_item_id),
  CONSTRAINT handover_item_handed_by_fkey FOREIGN KEY (contract_id, handed_by)
    REFERENCES @extschema@.person (contract_id, person_id),
  CONSTRAINT handover_item_received_by_fkey FOREIGN KEY (contract_id, received_by)
    REFERENCES @extschema@.person (contract_id, person_id),
  CONSTRAINT handover_item_confirmed_by_fkey FOREIGN KEY (contract_id, confirmed_by)
    REFERENCES @extschema@.person (contract_id, person_id),
  CONSTRAINT handover_item_what_check CHECK (menu_item_id IS NOT NULL OR process IS NOT NULL),
  CONSTRAINT handover_item_confirmed_check CHECK ((confirmed_at IS NULL) OPERATOR(pg_catalog.=) (confirmed_by IS NULL))
);
COMMENT ON TABLE @extschema@.handover_item IS
  'One item of a handover plan: a menu item (§5.1) or a process (§5.2), the week it is handed over, who hands over and who receives, and the handing-over side''s final confirmation of the work done while receiving it (§5.3.3)';
COMMENT ON COLUMN @extschema@.handover_item.handover_item_id IS 'Identifier of the item';
COMMENT ON COLUMN @extschema@.handover_item.contract_id IS 'The plan''s contract';
COMMENT ON COLUMN @extschema@.handover_item.plan_id IS 'The plan';
COMMENT ON COLUMN @extschema@.handover_item.menu_item_id IS 'The menu item handed over (a revision of omledger.menu_item), or NULL for a process';
COMMENT ON COLUMN @extschema@.handover_item.process IS 'The process of §5.2 handed over (e.g. service_request/data_patch), or NULL for a menu item';
COMMENT ON COLUMN @extschema@.handover_item.title IS 'Title of the item';
COMMENT ON COLUMN @extschema@.handover_item.planned_week IS 'Monday of the week it is planned to be handed over';
COMMENT ON COLUMN @extschema@.handover_item.handed_by IS 'Roster person of the handing-over side';
COMMENT ON COLUMN @extschema@.handover_item.received_by IS 'Roster person of the receiving side';
COMMENT ON COLUMN @extschema@.handover_item.confirmed_at IS 'When the handing-over side confirmed the work done while receiving it (§5.3.3); NULL until then';
COMMENT ON COLUMN @extschema@.handover_item.confirmed_by IS 'The handing-over side''s person who confirmed it (the person mapped to current_user when it was recorded)';
COMMENT ON COLUMN @extschema@.handover_item.note IS 'Free-text note';
CREATE INDEX handover_item_plan_idx ON @extschema@.handover_item (contract_id, plan_id, planned_week);
CREATE INDEX handover_item_menu_item_idx ON @extschema@.handover_item (contract_id, menu_item_id) WHERE menu_item_id IS NOT NULL;
CREATE INDEX handover_item_handed_by_idx ON @extschema@.handover_item (contract_id, handed_by);
CREATE INDEX handover_item_received_by_idx ON @extschema@.handover_item (contract_id, received_by);
CREATE INDEX handover_item_confirmed_by_idx ON @extschema@.handover_item (contract_id, confirmed_by);

-- The final confirmation is the handing-over side's (§5.3.3), recorded by
-- that person: checked whenever the confirmation is set or changed.
CREATE FUNCTION @extschema@.handover_item_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  giver text;
  who @extschema@.person;
BEGIN
  IF NEW.confirmed_at IS NOT NULL AND NEW.confirmed_by IS NULL THEN
    NEW.confirmed_by := @extschema@.current_person(NEW.contract_id,
                          (NEW.confirmed_at AT TIME ZONE 'Asia/Tokyo')::date);
  END IF;
  IF NEW.confirmed_by IS NULL
     OR (TG_OP OPERATOR(pg_catalog.=) 'UPDATE'
         AND NEW.confirmed_by IS NOT DISTINCT FROM OLD.confirmed_by
         AND NEW.confirmed_at IS NOT DISTINCT FROM OLD.confirmed_at) THEN
    RETURN NEW;
  END IF;
  SELECT (@extschema@.handover_sides(p.direction)).giver_side INTO giver
    FROM @extschema@.handover_plan p WHERE p.plan_id OPERATOR(pg_catalog.=) NEW.plan_id;
  SELECT * INTO who FROM @extschema@.person p WHERE p.person_id OPERATOR(pg_catalog.=) NEW.confirmed_by;
  IF who.side OPERATOR(pg_catalog.<>) giver
     OR who.db_role IS DISTINCT FROM CURRENT_USER
     OR NOT who.registered OPERATOR(pg_catalog.@>) (NEW.confirmed_at AT TIME ZONE 'Asia/Tokyo')::date THEN
    RAISE EXCEPTION 'handover item % can only be confirmed by the handing-over side', NEW.handover_item_id
      USING ERRCODE = 'OM602',
            DETAIL = pg_catalog.format('The confirmation names roster entry %s (side %s, role %s) and is recorded by role %s; it must be a person of side %s, registered on %s, recording it as themselves.',
                       who.person_id, who.side, coalesce(who.db_role::text, 'none'), CURRENT_USER, giver,
                       (NEW.confirmed_at AT TIME ZONE 'Asia/Tokyo')::date),
            HINT = 'Have the handing-over side''s person record the confirmation (§5.3.3).';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.handover_item_check() IS
  'trigger on omledger.handover_item: the final confirmation is recorded by a person of the handing-over side registered that day (OM602); confirmed_by defaults to the acting person';
CREATE TRIGGER handover_item_check BEFORE INSERT OR UPDATE ON @extschema@.handover_item
  FOR EACH ROW EXECUTE FUNCTION @extschema@.handover_item_check();
COMMENT ON TRIGGER handover_item_check ON @extschema@.handover_item IS
  'The final confirmation is the handing-over side''s';

-- --------------------------------------------------- handover_practice
CREATE TABLE @extschema@.handover_practice (
  contract_id        bigint NOT NULL,
  handover_item_id   bigint NOT NULL,
  item_id            bigint NOT NULL,
  PRIMARY KEY (handover_item_id, item_id),
  CONSTRAINT handover_practice_handover_item_fkey FOREIGN KEY (contract_id, handover_item_id)
    REFERENCES @extschema@.handover_item (contract_id, handover_item_id) ON DELETE CASCADE,
  CONSTRAINT handover_practice_item_fkey FOREIGN KEY (contract_id, item_id)
    REFERENCES @extschema@.work_item (contract_id, item_id)
);
COMMENT ON TABLE @extschema@.handover_practice IS
  'Practice on real work (§5.3.1): the work items done while receiving a handover item';
COMMENT ON COLUMN @extschema@.handover_practice.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.handover_practice.handover_item_id IS 'The handover item practised';
COMMENT ON COLUMN @extschema@.handover_practice.item_id IS 'The work item done as practice';
CREATE INDEX handover_practice_item_idx ON @extschema@.handover_practice (contract_id, item_id);
CREATE INDEX handover_practice_handover_item_idx ON @extschema@.handover_practice (contract_id, handover_item_id);

-- ----------------------------------------------------- handover_defect
CREATE TABLE @extschema@.handover_defect (
  defect_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id        bigint NOT NULL,
  handover_item_id   bigint NOT NULL,
  description        text NOT NULL,
  found_on           date NOT NULL,
  pointed_out_at     timestamptz,
  due_on             date,
  resolved_at        timestamptz,
  recorded_at        timestamptz NOT NULL DEFAULT pg_catalog.now(),
  CONSTRAINT handover_defect_handover_item_fkey FOREIGN KEY (contract_id, handover_item_id)
    REFERENCES @extschema@.handover_item (contract_id, handover_item_id),
  CONSTRAINT handover_defect_due_check CHECK ((pointed_out_at IS NULL) OPERATOR(pg_catalog.=) (due_on IS NULL)),
  CONSTRAINT handover_defect_resolved_check CHECK (resolved_at IS NULL OR pointed_out_at IS NOT NULL)
);
COMMENT ON TABLE @extschema@.handover_defect IS
  'A defect in the handover documents (§5.3.3): found by the receiving side, pointed out to the handing-over side promptly, with a due date for its resolution';
COMMENT ON COLUMN @extschema@.handover_defect.defect_id IS 'Identifier of the defect';
COMMENT ON COLUMN @extschema@.handover_defect.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.handover_defect.handover_item_id IS 'The handover item whose documents are defective';
COMMENT ON COLUMN @extschema@.handover_defect.description IS 'What is missing or wrong';
COMMENT ON COLUMN @extschema@.handover_defect.found_on IS 'When it was found: pointing it out is due the plan''s prompt_open_days open days later';
COMMENT ON COLUMN @extschema@.handover_defect.pointed_out_at IS 'When it was pointed out to the handing-over side; NULL until then';
COMMENT ON COLUMN @extschema@.handover_defect.due_on IS 'When the handing-over side is to resolve it: set when it is pointed out (by default the plan''s defect_open_days open days later)';
COMMENT ON COLUMN @extschema@.handover_defect.resolved_at IS 'When it was resolved; NULL while open';
COMMENT ON COLUMN @extschema@.handover_defect.recorded_at IS 'When it was entered (set by the ledger): obligations as of an earlier instant do not include it';
CREATE INDEX handover_defect_item_idx ON @extschema@.handover_defect (contract_id, handover_item_id);
CREATE TRIGGER handover_defect_recorded BEFORE INSERT OR UPDATE ON @extschema@.handover_defect
  FOR EACH ROW EXECUTE FUNCTION @extschema@.obligation_recorded('recorded_at');
COMMENT ON TRIGGER handover_defect_recorded ON @extschema@.handover_defect IS 'recorded_at is when the row was entered';

CREATE FUNCTION @extschema@.handover_defect_due() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.pointed_out_at IS NOT NULL AND NEW.due_on IS NULL THEN
    SELECT @extschema@.add_open_days((NEW.pointed_out_at AT TIME ZONE 'Asia/Tokyo')::date, p.defect_open_days)
      INTO NEW.due_on
      FROM @extschema@.handover_item i
      JOIN @extschema@.handover_plan p ON p.plan_id OPERATOR(pg_catalog.=) i.plan_id
     WHERE i.handover_item_id OPERATOR(pg_catalog.=) NEW.handover_item_id;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.handover_defect_due() IS
  'trigger on omledger.handover_defect: a defect pointed out without a due date is due the plan''s defect_open_days open days later';
CREATE TRIGGER handover_defect_due BEFORE INSERT OR UPDATE ON @extschema@.handover_defect
  FOR EACH ROW EXECUTE FUNCTION @extschema@.handover_defect_due();
COMMENT ON TRIGGER handover_defect_due ON @extschema@.handover_defect IS
  'A defect pointed out gets its default due date';

-- ---------------------------------------------------- handover_signoff
CREATE TABLE @extschema@.handover_signoff (
  signoff_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id        bigint NOT NULL,
  plan_id            bigint NOT NULL,
  week_of            date CHECK (pg_catalog.date_part('isodow', week_of) OPERATOR(pg_catalog.=) 1),
  side               text NOT NULL,
  person_id          bigint NOT NULL,
  signed_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
  note               text,
  CONSTRAINT handover_signoff_once_key UNIQUE NULLS NOT DISTINCT (plan_id, week_of, side),
  CONSTRAINT handover_signoff_plan_fkey FOREIGN KEY (contract_id, plan_id)
    REFERENCES @extschema@.handover_plan (contract_id, plan_id),
  CONSTRAINT handover_signoff_person_fkey FOREIGN KEY (contract_id, person_id)
    REFERENCES @extschema@.person (contract_id, person_id)
);
COMMENT ON TABLE @extschema@.handover_signoff IS
  'One side''s agreement to a handover report (§5.3.2): the weekly report of week_of, or the final one (week_of NULL); a report is agreed when both sides of the plan have signed';
COMMENT ON COLUMN @extschema@.handover_signoff.signoff_id IS 'Identifier of the signature';
COMMENT ON COLUMN @extschema@.handover_signoff.contract_id IS 'The plan''s contract';
COMMENT ON COLUMN @extschema@.handover_signoff.plan_id IS 'The plan';
COMMENT ON COLUMN @extschema@.handover_signoff.week_of IS 'Monday of the week reported on; NULL for the final report';
COMMENT ON COLUMN @extschema@.handover_signoff.side IS 'The side that agrees: predecessor or contractor (handover in), contractor or successor (handover out)';
COMMENT ON COLUMN @extschema@.handover_signoff.person_id IS 'The roster person of that side who signed (the person mapped to current_user)';
COMMENT ON COLUMN @extschema@.handover_signoff.signed_at IS 'When it was signed (entered: set by the ledger)';
COMMENT ON COLUMN @extschema@.handover_signoff.note IS 'Free-text note';
CREATE INDEX handover_signoff_plan_idx ON @extschema@.handover_signoff (contract_id, plan_id);
CREATE INDEX handover_signoff_person_idx ON @extschema@.handover_signoff (contract_id, person_id);
-- (named to fire before handover_signoff_check, which reads signed_at:
-- BEFORE triggers fire in name order)
CREATE TRIGGER handover_signoff_at BEFORE INSERT OR UPDATE ON @extschema@.handover_signoff
  FOR EACH ROW EXECUTE FUNCTION @extschema@.obligation_recorded('signed_at');
COMMENT ON TRIGGER handover_signoff_at ON @extschema@.handover_signoff IS 'signed_at is when the signature was entered';

CREATE FUNCTION @extschema@.handover_signoff_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  p @extschema@.handover_plan;
  s record;
  who @extschema@.person;
  signed_on date := (NEW.signed_at AT TIME ZONE 'Asia/Tokyo')::date;
BEGIN
  SELECT * INTO p FROM @extschema@.handover_plan x WHERE x.plan_id OPERATOR(pg_catalog.=) NEW.plan_id;
  s := @extschema@.handover_sides(p.direction);
  SELECT * INTO who FROM @extschema@.person x WHERE x.person_id OPERATOR(pg_catalog.=) NEW.person_id;
  IF NEW.side OPERATOR(pg_catalog.<>) ALL (ARRAY[s.giver_side, s.receiver_side]) THEN
    RAISE EXCEPTION 'side % does not sign the reports of handover plan %', NEW.side, NEW.plan_id
      USING ERRCODE = 'OM601',
            DETAIL = pg_catalog.format('Plan %s hands over %s: its reports are agreed by the sides %s and %s.',
                       NEW.plan_id, p.direction, s.giver_side, s.receiver_side),
            HINT = 'Sign for one of the plan''s two sides.';
  END IF;
  IF who.side OPERATOR(pg_catalog.<>) NEW.side
     OR who.db_role IS DISTINCT FROM CURRENT_USER
     OR NOT who.registered OPERATOR(pg_catalog.@>) signed_on THEN
    RAISE EXCEPTION 'handover report of plan % can only be signed for side % by a person of that side', NEW.plan_id, NEW.side
      USING ERRCODE = 'OM601',
            DETAIL = pg_catalog.format('The signature names roster entry %s (side %s, role %s) and is recorded by role %s; it must be a person of side %s, registered on %s, signing as themselves.',
                       who.person_id, who.side, coalesce(who.db_role::text, 'none'), CURRENT_USER, NEW.side, signed_on),
            HINT = 'Each side signs for itself: call omledger.handover_signoff(plan, week_of, side) as a roster person of that side.';
  END IF;
  IF NEW.week_of IS NOT NULL AND NOT p.period OPERATOR(pg_catalog.&&)
       pg_catalog.daterange(NEW.week_of, NEW.week_of OPERATOR(pg_catalog.+) 7) THEN
    RAISE EXCEPTION 'week of % is not in the period of handover plan %', NEW.week_of, NEW.plan_id
      USING ERRCODE = 'OM601',
            DETAIL = pg_catalog.format('Plan %s runs over %s.', NEW.plan_id, p.period),
            HINT = 'Give the Monday of a week of the plan''s period, or NULL for the final report.';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.handover_signoff_check() IS
  'trigger on omledger.handover_signoff: the side is one of the plan''s two, the signer a person of that side registered that day and mapped to current_user, the week one of the plan''s period (OM601)';
CREATE TRIGGER handover_signoff_check BEFORE INSERT OR UPDATE ON @extschema@.handover_signoff
  FOR EACH ROW EXECUTE FUNCTION @extschema@.handover_signoff_check();
COMMENT ON TRIGGER handover_signoff_check ON @extschema@.handover_signoff IS
  'A side signs for itself, within the plan''s period';

CREATE FUNCTION @extschema@.handover_signoff(plan bigint, week_of date, side text)
  RETURNS bigint
  LANGUAGE sql
  SET search_path = pg_catalog, pg_temp
AS $$
  INSERT INTO @extschema@.handover_signoff (contract_id, plan_id, week_of, side, person_id)
  SELECT p.contract_id, p.plan_id, handover_signoff.week_of, handover_signoff.side,
         @extschema@.current_person(p.contract_id, (pg_catalog.now() AT TIME ZONE 'Asia/Tokyo')::date)
    FROM @extschema@.handover_plan p
   WHERE p.plan_id OPERATOR(pg_catalog.=) handover_signoff.plan
  RETURNING signoff_id
$$;
COMMENT ON FUNCTION @extschema@.handover_signoff(bigint, date, text) IS
  'records the acting person''s agreement, for their side, to the weekly report of week_of (a Monday; NULL: the final report) of the plan; returns the signature''s id (OM601 if the person is not of that side)';

-- --------------------------------------------------- the weeks, agreed
-- Each week of the plan's period that has an open day owes a report, due
-- on its last open day in the period; the final one is due on the first
-- open day after the period.  Agreed when both sides signed by as_of.
CREATE FUNCTION @extschema@.handover_weeks(plan bigint, as_of timestamptz DEFAULT pg_catalog.now())
  RETURNS TABLE (week_of date, final boolean, due_on date, giver_signed_at timestamptz,
                 receiver_signed_at timestamptz, agreed boolean, agreed_at timestamptz)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH p AS (
    SELECT x.*, (@extschema@.handover_sides(x.direction)).*
      FROM @extschema@.handover_plan x WHERE x.plan_id OPERATOR(pg_catalog.=) handover_weeks.plan
  ), reports AS (
    SELECT w::date AS week_of, false AS final,
           @extschema@.add_open_days(pg_catalog.upper(p.period OPERATOR(pg_catalog.*)
             pg_catalog.daterange(w::date, w::date OPERATOR(pg_catalog.+) 7)), -1) AS due_on,
           p.period OPERATOR(pg_catalog.*) pg_catalog.daterange(w::date, w::date OPERATOR(pg_catalog.+) 7) AS span
      FROM p, pg_catalog.generate_series(pg_catalog.date_trunc('week', pg_catalog.lower(p.period)::timestamp),
                                         (pg_catalog.upper(p.period) OPERATOR(pg_catalog.-) 1)::timestamp,
                                         interval '7 days') AS w
    UNION ALL
    SELECT NULL, true, @extschema@.next_open_day(pg_catalog.upper(p.period)), NULL FROM p
  )
  SELECT r.week_of, r.final, r.due_on, g.signed_at, v.signed_at,
         g.signed_at IS NOT NULL AND v.signed_at IS NOT NULL,
         CASE WHEN g.signed_at IS NOT NULL AND v.signed_at IS NOT NULL
              THEN GREATEST(g.signed_at, v.signed_at) END
    FROM reports r CROSS JOIN p
    LEFT JOIN @extschema@.handover_signoff g
      ON g.plan_id OPERATOR(pg_catalog.=) p.plan_id AND g.week_of IS NOT DISTINCT FROM r.week_of
     AND g.side OPERATOR(pg_catalog.=) p.giver_side AND g.signed_at OPERATOR(pg_catalog.<=) as_of
    LEFT JOIN @extschema@.handover_signoff v
      ON v.plan_id OPERATOR(pg_catalog.=) p.plan_id AND v.week_of IS NOT DISTINCT FROM r.week_of
     AND v.side OPERATOR(pg_catalog.=) p.receiver_side AND v.signed_at OPERATOR(pg_catalog.<=) as_of
   WHERE r.final OR r.due_on OPERATOR(pg_catalog.<@) r.span
   ORDER BY r.final, r.week_of
$$;
COMMENT ON FUNCTION @extschema@.handover_weeks(bigint, timestamptz) IS
  'the reports a handover plan owes: one per week of its period with an open day (due on the week''s last open day in the period) and the final one (week_of NULL, due on the first open day after the period), with each side''s signature as of as_of and whether both agreed';

-- ----------------------------------------------------- handover_report
-- The report of a week: the items planned up to that week (all of them
-- for the final report), each with its practice, its defects and its
-- confirmation, as of the instant given.
CREATE FUNCTION @extschema@.handover_report(plan bigint, week_of date,
                                            as_of timestamptz DEFAULT pg_catalog.now())
  RETURNS TABLE (handover_item_id bigint, title text, menu_code text, process text,
                 planned_week date, handed_by text, received_by text, practice_items integer,
                 defects integer, defects_open integer, confirmed_at timestamptz, state text)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT i.handover_item_id, i.title, m.code, i.process, i.planned_week, hb.name, rb.name,
         (SELECT pg_catalog.count(*)::integer FROM @extschema@.handover_practice x
           WHERE x.handover_item_id OPERATOR(pg_catalog.=) i.handover_item_id),
         (SELECT pg_catalog.count(*)::integer FROM @extschema@.handover_defect d
           WHERE d.handover_item_id OPERATOR(pg_catalog.=) i.handover_item_id
             AND d.recorded_at OPERATOR(pg_catalog.<=) as_of),
         (SELECT pg_catalog.count(*)::integer FROM @extschema@.handover_defect d
           WHERE d.handover_item_id OPERATOR(pg_catalog.=) i.handover_item_id
             AND d.recorded_at OPERATOR(pg_catalog.<=) as_of
             AND (d.resolved_at IS NULL OR d.resolved_at OPERATOR(pg_catalog.>) as_of)),
         CASE WHEN i.confirmed_at OPERATOR(pg_catalog.<=) as_of THEN i.confirmed_at END,
         CASE WHEN i.confirmed_at OPERATOR(pg_catalog.<=) as_of THEN 'confirmed'
              WHEN EXISTS (SELECT FROM @extschema@.handover_practice x
                            WHERE x.handover_item_id OPERATOR(pg_catalog.=) i.handover_item_id) THEN 'practising'
              ELSE 'planned' END
    FROM @extschema@.handover_item i
    LEFT JOIN @extschema@.menu_item m ON m.menu_item_id OPERATOR(pg_catalog.=) i.menu_item_id
    LEFT JOIN @extschema@.person hb ON hb.person_id OPERATOR(pg_catalog.=) i.handed_by
    LEFT JOIN @extschema@.person rb ON rb.person_id OPERATOR(pg_catalog.=) i.received_by
   WHERE i.plan_id OPERATOR(pg_catalog.=) handover_report.plan
     AND (handover_report.week_of IS NULL OR i.planned_week OPERATOR(pg_catalog.<=) handover_report.week_of)
   ORDER BY i.planned_week, i.handover_item_id
$$;
COMMENT ON FUNCTION @extschema@.handover_report(bigint, date, timestamptz) IS
  'the handover report of a plan''s week (a Monday; NULL: the final report) as rows: each item planned up to that week with its practice, its defects (open as of as_of), its confirmation and its state (planned, practising, confirmed)';

CREATE FUNCTION @extschema@.handover_report_doc(plan bigint, week_of date,
                                                     as_of timestamptz DEFAULT pg_catalog.now())
  RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH p AS (
    SELECT x.*, c.name AS contract_name, (@extschema@.handover_sides(x.direction)).*
      FROM @extschema@.handover_plan x
      JOIN @extschema@.contract c ON c.contract_id OPERATOR(pg_catalog.=) x.contract_id
     WHERE x.plan_id OPERATOR(pg_catalog.=) handover_report_doc.plan
  ), w AS (
    SELECT * FROM @extschema@.handover_weeks(handover_report_doc.plan, as_of) hw
     WHERE hw.week_of IS NOT DISTINCT FROM handover_report_doc.week_of
  ), s AS (
    SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
             'side', g.side, 'name', pe.name,
             'signed_at', pg_catalog.to_char(g.signed_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI'))
             ORDER BY g.side) AS rows
      FROM @extschema@.handover_signoff g
      JOIN @extschema@.person pe ON pe.person_id OPERATOR(pg_catalog.=) g.person_id
     WHERE g.plan_id OPERATOR(pg_catalog.=) handover_report_doc.plan
       AND g.week_of IS NOT DISTINCT FROM handover_report_doc.week_of
       AND g.signed_at OPERATOR(pg_catalog.<=) as_of
  ), items AS (
    SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(r) ORDER BY r.planned_week, r.handover_item_id) AS rows
      FROM @extschema@.handover_report(handover_report_doc.plan, handover_report_doc.week_of, as_of) r
  ), defects AS (
    SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
             'item', i.title, 'description', d.description, 'found_on', d.found_on,
             'pointed_out_on', (d.pointed_out_at AT TIME ZONE 'Asia/Tokyo')::date,
             'due_on', d.due_on,
             'resolved_on', CASE WHEN d.resolved_at OPERATOR(pg_catalog.<=) as_of
                                 THEN (d.resolved_at AT TIME ZONE 'Asia/Tokyo')::date END)
             ORDER BY d.found_on, d.defect_id) AS rows
      FROM @extschema@.handover_defect d
      JOIN @extschema@.handover_item i ON i.handover_item_id OPERATOR(pg_catalog.=) d.handover_item_id
     WHERE i.plan_id OPERATOR(pg_catalog.=) handover_report_doc.plan
       AND d.recorded_at OPERATOR(pg_catalog.<=) as_of
       AND (handover_report_doc.week_of IS NULL
            OR d.found_on OPERATOR(pg_catalog.<) (handover_report_doc.week_of OPERATOR(pg_catalog.+) 7))
  )
  SELECT pg_catalog.jsonb_build_object(
    'title', CASE WHEN handover_report_doc.week_of IS NULL THEN '引継ぎ完了報告書'
                  ELSE '引継ぎ状況報告書（週次）' END,
    'subtitle', p.title,
    'meta', pg_catalog.jsonb_build_array(
      pg_catalog.jsonb_build_array('契約', p.contract_name),
      pg_catalog.jsonb_build_array('引継ぎ', CASE p.direction WHEN 'in' THEN '引継ぎを受ける（in）' ELSE '引継ぎを行う（out）' END),
      pg_catalog.jsonb_build_array('期間', pg_catalog.lower(p.period)::text || ' - ' || (pg_catalog.upper(p.period) OPERATOR(pg_catalog.-) 1)::text),
      pg_catalog.jsonb_build_array('対象週', coalesce(handover_report_doc.week_of::text, '最終')),
      pg_catalog.jsonb_build_array('提出期限', (SELECT w.due_on::text FROM w)),
      pg_catalog.jsonb_build_array('双方合意', CASE WHEN (SELECT w.agreed FROM w) THEN '合意済' ELSE '未合意' END)),
    'sections', pg_catalog.jsonb_build_array(
      pg_catalog.jsonb_build_object(
        'heading', '引継ぎ項目',
        'columns', pg_catalog.jsonb_build_array(
          pg_catalog.jsonb_build_object('key', 'title', 'label', '項目', 'type', 'text'),
          pg_catalog.jsonb_build_object('key', 'menu_code', 'label', 'メニュー', 'type', 'text'),
          pg_catalog.jsonb_build_object('key', 'process', 'label', 'プロセス', 'type', 'text'),
          pg_catalog.jsonb_build_object('key', 'planned_week', 'label', '予定週', 'type', 'date'),
          pg_catalog.jsonb_build_object('key', 'handed_by', 'label', '引継元', 'type', 'text'),
          pg_catalog.jsonb_build_object('key', 'received_by', 'label', '引継先', 'type', 'text'),
          pg_catalog.jsonb_build_object('key', 'practice_items', 'label', '実地作業', 'type', 'int'),
          pg_catalog.jsonb_build_object('key', 'defects_open', 'label', '未解決の不備', 'type', 'int'),
          pg_catalog.jsonb_build_object('key', 'confirmed_at', 'label', '最終確認', 'type', 'timestamp'),
          pg_catalog.jsonb_build_object('key', 'state', 'label', '状態', 'type', 'text')),
        'rows', coalesce((SELECT items.rows FROM items), '[]'::jsonb)),
      pg_catalog.jsonb_build_object(
        'heading', 'ドキュメントの不備',
        'columns', pg_catalog.jsonb_build_array(
          pg_catalog.jsonb_build_object('key', 'item', 'label', '項目', 'type', 'text'),
          pg_catalog.jsonb_build_object('key', 'description', 'label', '内容', 'type', 'text'),
          pg_catalog.jsonb_build_object('key', 'found_on', 'label', '発見日', 'type', 'date'),
          pg_catalog.jsonb_build_object('key', 'pointed_out_on', 'label', '指摘日', 'type', 'date'),
          pg_catalog.jsonb_build_object('key', 'due_on', 'label', '期限', 'type', 'date'),
          pg_catalog.jsonb_build_object('key', 'resolved_on', 'label', '解決日', 'type', 'date')),
        'rows', coalesce((SELECT defects.rows FROM defects), '[]'::jsonb)),
      pg_catalog.jsonb_build_object(
        'heading', '双方確認・合意',
        'paragraphs', pg_catalog.jsonb_build_array(
          '引継ぎ状況を引継元業者と双方で確認・合意した（§5.3.2）。両者の署名がそろって合意とする。'),
        'columns', pg_catalog.jsonb_build_array(
          pg_catalog.jsonb_build_object('key', 'side', 'label', '側', 'type', 'text'),
          pg_catalog.jsonb_build_object('key', 'name', 'label', '署名者', 'type', 'text'),
          pg_catalog.jsonb_build_object('key', 'signed_at', 'label', '署名日時', 'type', 'text')),
        'rows', coalesce((SELECT s.rows FROM s), '[]'::jsonb))))
    FROM p
$$;
COMMENT ON FUNCTION @extschema@.handover_report_doc(bigint, date, timestamptz) IS
  'the handover report of a plan''s week (NULL: the final report) as a document (jsonb: title, meta, sections with columns and rows) for omledger.render_document: the items, the document defects, each side''s signature and whether both agreed, as of as_of';

-- ------------------------------------------------------- pg_dump, RLS
SELECT pg_catalog.pg_extension_config_dump('@extschema@.handover_plan', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.handover_item', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.handover_practice', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.handover_defect', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.handover_signoff', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.handover_plan_plan_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.handover_item_handover_item_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.handover_defect_defect_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.handover_signoff_signoff_id_seq', '');

-- A contractor sees and writes the rows of the contracts whose roster
-- holds it today, as on the ledger's tables (86_row_security.sql): the
-- obligations' tables (90) and the handover's, in one place.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY '{submission_event,submission,meeting,meeting_attendee,handover_plan,handover_item,handover_practice,handover_defect,handover_signoff}'::text[] LOOP
    EXECUTE pg_catalog.format('CREATE POLICY contract_rows ON %I.%I USING (coalesce(contract_id OPERATOR(pg_catalog.=) ANY ((SELECT %I.visible_contracts())::bigint[]), true))',
                              '@extschema@', t, '@extschema@');
    EXECUTE pg_catalog.format('COMMENT ON POLICY contract_rows ON %I.%I IS %L', '@extschema@', t,
      'a contractor (omledger_contractor, neither city nor admin) sees and writes the rows of the contracts whose roster holds it today; everyone else every row');
    EXECUTE pg_catalog.format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', '@extschema@', t);
  END LOOP;
END
$$;
