\echo Use "CREATE EXTENSION omledger" to load this file. \quit

-- ====================================================================
-- obligations with dates: submissions and meetings (new in 0.4)
-- Beyond the work itself the contract is a calendar of things owed
-- (§9's table of submissions, the meetings of §5.2.1③ and §5.3, the
-- minutes of §7.7, the monthly report of §5.2.1④).  0.3 had the calendar
-- arithmetic (add_open_days, minutes_due) but no register of what is
-- owed: a meeting closed with no minutes and nothing knew that the
-- monthly 業務完了届 was due.  This file adds:
--   submission_rule    every row of §9's table, and the monthly report,
--                      as data: when each document is due, how "promptly"
--                      is read (open days), where a due date on a closed
--                      day moves; omledger_admin edits them
--   submission_event   what creates an obligation on a date of its own:
--                      a planned re-subcontracting, the city's date for
--                      the yearly labour reports, a request for an
--                      accident report
--   submission         what was submitted, when, by whom, accepted by whom
--   submissions_due()  the rules expanded into dated obligations on the
--                      city's calendar, each met, pending or overdue as of
--                      an instant (a report of a past month does not change)
--   meeting_kind, meeting, meeting_attendee, meetings_expected():
--                      the meetings owed and held, the minutes owed by a
--                      meeting with other vendors without the city's staff
--                      (§7.7, add_open_days) and the notice before it
-- Handover plans are in 91_handover.sql; the menu tasks' frequencies and
-- the one view of everything owed (v_obligations) in 92_obligations.sql.
-- Calendar arithmetic is the calendar's (next_open_day, add_open_days,
-- is_open_day): nothing here counts days itself.  Row-level security
-- as in 86_row_security.sql; the privileges are rows of role_grants().
-- ====================================================================

-- A due date that falls on a closed day: to the next open day, to the
-- previous one (for "before X" dates: moving forward would pass X), or kept.
CREATE FUNCTION @extschema@.move_to_open_day(day date, how text) RETURNS date
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE
           WHEN how OPERATOR(pg_catalog.=) 'none' OR @extschema@.is_open_day(day) THEN day
           WHEN how OPERATOR(pg_catalog.=) 'next' THEN @extschema@.next_open_day(day)
           WHEN how OPERATOR(pg_catalog.=) 'previous' THEN @extschema@.add_open_days(day, -1)
         END
$$;
COMMENT ON FUNCTION @extschema@.move_to_open_day(date, text) IS
  'a due date moved off a closed day: how = next (next_open_day), previous (the open day before it) or none (kept); an open day is kept';

-- Seeded configuration rows: an edited one becomes the user's (seeded =
-- false, dumped), and a user's row replaces the seeded one with the same
-- key on restore, as online_hours does (30_calendar.sql).  TG_ARGV[0]
-- names the key column (a constant of the CREATE TRIGGER below).
CREATE FUNCTION @extschema@.obligation_config_seeded() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
    NEW.seeded := false;
  ELSIF NOT NEW.seeded THEN
    EXECUTE pg_catalog.format('DELETE FROM %I.%I WHERE seeded AND %I OPERATOR(pg_catalog.=) $1',
                              TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[0])
      USING pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.->>) TG_ARGV[0];
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.obligation_config_seeded() IS
  'trigger: an edited seeded row of submission_rule or meeting_kind is the user''s; a user''s row replaces the seeded one with the same key';

-- When a row was entered decides what an obligation as of an instant counts
-- (obligations(contract_id, as_of)): so it is the ledger's, not the
-- writer's -- the transaction's start on insert, kept on update, as the
-- workflow's records keep theirs (src/workflow_records.c).  A restore
-- (ledger_bulk_loading) keeps the dumped value.  TG_ARGV[0] names the
-- column (a constant of each CREATE TRIGGER).
CREATE FUNCTION @extschema@.obligation_recorded() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
    IF NOT @extschema@.ledger_bulk_loading() THEN
      NEW := pg_catalog.jsonb_populate_record(NEW, pg_catalog.jsonb_build_object(TG_ARGV[0], pg_catalog.now()));
    END IF;
  ELSE
    NEW := pg_catalog.jsonb_populate_record(NEW, pg_catalog.jsonb_build_object(TG_ARGV[0],
             pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.->) TG_ARGV[0]));
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.obligation_recorded() IS
  'trigger: the column TG_ARGV[0] (when the row was entered) is the transaction''s start on insert (kept as dumped on a restore) and never changes: what obligations as of an instant count is not the writer''s to choose';

-- ------------------------------------------------------ submission_rule
CREATE TABLE @extschema@.submission_rule (
  rule_code          text PRIMARY KEY CHECK (rule_code OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]*$'),
  document_ja        text NOT NULL,
  document_en        text NOT NULL,
  spec_ref           text,
  timing             text NOT NULL,
  event              text,
  prompt_open_days   integer NOT NULL DEFAULT 5
    CHECK (prompt_open_days OPERATOR(pg_catalog.>=) 0 AND prompt_open_days OPERATOR(pg_catalog.<=) 60),
  day_of_month       smallint
    CHECK (day_of_month OPERATOR(pg_catalog.>=) 1 AND day_of_month OPERATOR(pg_catalog.<=) 28),
  after_statuses     text[],
  item_kinds         text[],
  closed_day_move    text NOT NULL DEFAULT 'next',
  final_month_last_day boolean NOT NULL DEFAULT false,
  final_month_move   text NOT NULL DEFAULT 'previous',
  active             boolean NOT NULL DEFAULT true,
  seeded             boolean NOT NULL DEFAULT false,
  CONSTRAINT submission_rule_timing_check
    CHECK (timing OPERATOR(pg_catalog.=) ANY ('{before_term,staff_change,monthly,monthly_day,before_event,after_event,after_item}'::text[])),
  CONSTRAINT submission_rule_event_check
    CHECK ((event IS NOT NULL) OPERATOR(pg_catalog.=) (timing OPERATOR(pg_catalog.=) ANY ('{before_event,after_event}'::text[]))),
  CONSTRAINT submission_rule_day_check
    CHECK ((day_of_month IS NOT NULL) OPERATOR(pg_catalog.=) (timing OPERATOR(pg_catalog.=) 'monthly_day')),
  CONSTRAINT submission_rule_statuses_check
    CHECK ((after_statuses IS NOT NULL AND item_kinds IS NOT NULL) OPERATOR(pg_catalog.=) (timing OPERATOR(pg_catalog.=) 'after_item')
           AND (after_statuses IS NULL) OPERATOR(pg_catalog.=) (item_kinds IS NULL)),
  CONSTRAINT submission_rule_move_check
    CHECK (closed_day_move OPERATOR(pg_catalog.=) ANY ('{next,previous,none}'::text[])
           AND final_month_move OPERATOR(pg_catalog.=) ANY ('{next,previous,none}'::text[]))
);
COMMENT ON TABLE @extschema@.submission_rule IS
  'The documents the contractor submits and when (§9''s table, the monthly report of §5.2.1④): one row per document and occasion; the seeded rows are the specification''s, omledger_admin edits them (an edited row is the user''s and is dumped)';
COMMENT ON COLUMN @extschema@.submission_rule.rule_code IS 'Short code of the rule (lower case)';
COMMENT ON COLUMN @extschema@.submission_rule.document_ja IS 'The document''s name as the specification writes it';
COMMENT ON COLUMN @extschema@.submission_rule.document_en IS 'The document''s name in English';
COMMENT ON COLUMN @extschema@.submission_rule.spec_ref IS 'Where the specification asks for it (e.g. §9)';
COMMENT ON COLUMN @extschema@.submission_rule.timing IS 'before_term (the day before the term starts), staff_change (the day before a new roster entry''s first day), monthly (prompt_open_days open days after each month), monthly_day (day_of_month of the following month), before_event (the day before a submission_event''s date), after_event (prompt_open_days open days after it, or the date the event names), after_item (prompt_open_days open days after a work item first enters one of after_statuses)';
COMMENT ON COLUMN @extschema@.submission_rule.event IS 'For before_event and after_event: the submission_event.event that creates the obligation';
COMMENT ON COLUMN @extschema@.submission_rule.prompt_open_days IS '"Promptly" (速やかに) read as this many open days (0 to 60; 5 by default: the specification gives no number)';
COMMENT ON COLUMN @extschema@.submission_rule.day_of_month IS 'For monthly_day: the day of the following month (1 to 28)';
COMMENT ON COLUMN @extschema@.submission_rule.after_statuses IS 'For after_item: the statuses whose first entry ends a task (e.g. done, released)';
COMMENT ON COLUMN @extschema@.submission_rule.item_kinds IS 'For after_item: the kinds of work whose tasks owe it (service_request and modification by default: a routine menu task delivers nothing of its own)';
COMMENT ON COLUMN @extschema@.submission_rule.closed_day_move IS 'A due date on a closed day moves to the next open day (next), to the previous one (previous: for dates before something) or stays (none)';
COMMENT ON COLUMN @extschema@.submission_rule.final_month_last_day IS 'For monthly rules: the term''s last month is due on the term''s last day (§9: 履行期間の最終月は月末日)';
COMMENT ON COLUMN @extschema@.submission_rule.final_month_move IS 'Where the term''s last day moves when it is closed: previous (default: nothing is due after the term), next or none';
COMMENT ON COLUMN @extschema@.submission_rule.active IS 'False: the rule creates no obligations (e.g. a document the contract does not need)';
COMMENT ON COLUMN @extschema@.submission_rule.seeded IS 'True on the rows the extension installed and nobody changed since (not dumped)';

INSERT INTO @extschema@.submission_rule
  (rule_code, document_ja, document_en, spec_ref, timing, event, prompt_open_days, day_of_month,
   after_statuses, item_kinds, closed_day_move, final_month_last_day, seeded) VALUES
  ('lead_designation', '業務責任者及び保護管理者指定通知書', 'Designation of the business lead and the data-protection manager', '§9', 'before_term', NULL, 5, NULL, NULL, NULL, 'previous', false, true),
  ('security_pledge', 'セキュリティ保全申出書', 'Security pledge', '§9', 'before_term', NULL, 5, NULL, NULL, NULL, 'previous', false, true),
  ('roster', '情報資産取扱者名簿（従事者名簿）', 'Roster of registered workers', '§9', 'before_term', NULL, 5, NULL, NULL, NULL, 'previous', false, true),
  ('roster_change', '情報資産取扱者名簿（従事者名簿）', 'Roster of registered workers, updated for a staff change', '§9', 'staff_change', NULL, 5, NULL, NULL, NULL, 'previous', false, true),
  ('staffing_plan', '業務従事者配置計画書', 'Staffing plan', '§9', 'before_term', NULL, 5, NULL, NULL, NULL, 'previous', false, true),
  ('controlled_area', '管理（取扱）区域指定報告書', 'Designation of the controlled (handling) areas', '§9', 'before_term', NULL, 5, NULL, NULL, NULL, 'previous', false, true),
  ('personal_data_handlers', '個人情報の取扱いに係る従事者指定通知書', 'Designation of the workers handling personal data', '§9', 'before_term', NULL, 5, NULL, NULL, NULL, 'previous', false, true),
  ('personal_data_handlers_change', '個人情報の取扱いに係る従事者指定通知書', 'Designation of the workers handling personal data, updated for a staff change', '§9', 'staff_change', NULL, 5, NULL, NULL, NULL, 'previous', false, true),
  ('completion_notice', '業務完了届', 'Notice of completion of the month''s work', '§9', 'monthly', NULL, 5, NULL, NULL, NULL, 'next', true, true),
  ('security_status_report', 'セキュリティ保全状況報告書', 'Security status report', '§9', 'monthly', NULL, 5, NULL, NULL, NULL, 'next', true, true),
  ('personal_data_status_report', '個人情報等取扱状況報告書', 'Personal data handling report', '§9', 'monthly', NULL, 5, NULL, NULL, NULL, 'next', true, true),
  ('subcontract_application', '再委託申請書', 'Application to subcontract', '§9, §8.3', 'before_event', 'subcontract', 5, NULL, NULL, NULL, 'previous', false, true),
  ('personal_data_conformity', '個人情報等取扱安全管理制度基準適合申出書', 'Declaration of conformity of personal data safeguards (with the application to subcontract)', '§9', 'before_event', 'subcontract', 5, NULL, NULL, NULL, 'previous', false, true),
  ('health_check_report', '業務従事者健康診断受診等状況報告書', 'Workers'' health check report (yearly, on the date the city sets)', '§9, 特記事項1(2)', 'after_event', 'labour_report_date', 0, NULL, NULL, NULL, 'next', false, true),
  ('wage_report', '業務従事者支給賃金状況報告書', 'Workers'' wage report (yearly, on the date the city sets)', '§9, 特記事項1(3)', 'after_event', 'labour_report_date', 0, NULL, NULL, NULL, 'next', false, true),
  ('task_deliverables', '作業関連提出書類 (「5 業務の内容」の作業による成果品を含む)', 'Deliverables of a task, after each task', '§9', 'after_item', NULL, 5, NULL, '{done,released}', '{service_request,modification}', 'next', false, true),
  ('accident_report', '事故報告書', 'Accident report, when the city asks for it', '§9', 'after_event', 'accident_report_request', 5, NULL, NULL, NULL, 'next', false, true),
  ('monthly_report', '月次報告書', 'Monthly report, before the monthly report meeting', '§5.2.1④', 'monthly_day', NULL, 5, 10, NULL, NULL, 'next', true, true);

CREATE TRIGGER submission_rule_seeded BEFORE INSERT OR UPDATE ON @extschema@.submission_rule
  FOR EACH ROW EXECUTE FUNCTION @extschema@.obligation_config_seeded('rule_code');
COMMENT ON TRIGGER submission_rule_seeded ON @extschema@.submission_rule IS
  'An edited seeded rule is the user''s; a user''s rule replaces the seeded one with the same code';

-- ----------------------------------------------------- submission_event
CREATE TABLE @extschema@.submission_event (
  event_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id  bigint NOT NULL REFERENCES @extschema@.contract,
  event        text NOT NULL CHECK (event OPERATOR(pg_catalog.<>) ''),
  event_on     date NOT NULL,
  due_on       date,
  note         text,
  recorded_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
  CONSTRAINT submission_event_contract_event_key UNIQUE (contract_id, event_id)
);
COMMENT ON TABLE @extschema@.submission_event IS
  'An occasion that creates submissions due on a date of its own: subcontract (a planned re-subcontracting: its application is due before event_on), labour_report_date (the date the city sets for the yearly labour reports), accident_report_request (the city asks for an accident report)';
COMMENT ON COLUMN @extschema@.submission_event.event_id IS 'Identifier of the occasion';
COMMENT ON COLUMN @extschema@.submission_event.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.submission_event.event IS 'What happens; the rules whose event is this expand it (submission_rule.event)';
COMMENT ON COLUMN @extschema@.submission_event.event_on IS 'The date of the occasion: the first day of the subcontracting, the day the city asked';
COMMENT ON COLUMN @extschema@.submission_event.due_on IS 'A due date the city sets itself; when set, it replaces the rule''s computed date (still moved off a closed day as the rule says)';
COMMENT ON COLUMN @extschema@.submission_event.note IS 'Free-text note';
COMMENT ON COLUMN @extschema@.submission_event.recorded_at IS 'When the occasion was entered (set by the ledger): obligations as of an earlier instant do not include it';
CREATE INDEX submission_event_contract_idx ON @extschema@.submission_event (contract_id, event);
CREATE TRIGGER submission_event_recorded BEFORE INSERT OR UPDATE ON @extschema@.submission_event
  FOR EACH ROW EXECUTE FUNCTION @extschema@.obligation_recorded('recorded_at');
COMMENT ON TRIGGER submission_event_recorded ON @extschema@.submission_event IS 'recorded_at is when the row was entered';

-- ----------------------------------------------------------- submission
CREATE TABLE @extschema@.submission (
  submission_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id    bigint NOT NULL REFERENCES @extschema@.contract,
  rule_code      text NOT NULL REFERENCES @extschema@.submission_rule ON UPDATE CASCADE,
  period         date,
  person_id      bigint,
  event_id       bigint,
  item_id        bigint,
  submitted_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
  submitted_by   bigint,
  reference      text,
  accepted_at    timestamptz,
  accepted_by    bigint,
  recorded_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
  note           text,
  CONSTRAINT submission_person_fkey FOREIGN KEY (contract_id, person_id)
    REFERENCES @extschema@.person (contract_id, person_id),
  CONSTRAINT submission_submitted_by_fkey FOREIGN KEY (contract_id, submitted_by)
    REFERENCES @extschema@.person (contract_id, person_id),
  CONSTRAINT submission_accepted_by_fkey FOREIGN KEY (contract_id, accepted_by)
    REFERENCES @extschema@.person (contract_id, person_id),
  CONSTRAINT submission_event_fkey FOREIGN KEY (contract_id, event_id)
    REFERENCES @extschema@.submission_event (contract_id, event_id),
  CONSTRAINT submission_item_fkey FOREIGN KEY (contract_id, item_id)
    REFERENCES @extschema@.work_item (contract_id, item_id),
  CONSTRAINT submission_recorded_check CHECK (submitted_at OPERATOR(pg_catalog.<=) recorded_at),
  CONSTRAINT submission_period_check
    CHECK (pg_catalog.date_part('day', period) OPERATOR(pg_catalog.=) 1),
  CONSTRAINT submission_accepted_check
    CHECK ((accepted_at IS NULL) OPERATOR(pg_catalog.=) (accepted_by IS NULL)
           AND accepted_at OPERATOR(pg_catalog.>=) submitted_at)
);
COMMENT ON TABLE @extschema@.submission IS
  'A document submitted to the city under a submission_rule: what, for which occasion, when, by whom, accepted by whom';
COMMENT ON COLUMN @extschema@.submission.submission_id IS 'Identifier of the submission';
COMMENT ON COLUMN @extschema@.submission.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.submission.rule_code IS 'The rule it answers (omledger.submission_rule)';
COMMENT ON COLUMN @extschema@.submission.period IS 'For a monthly rule: the first day of the month reported on; NULL otherwise';
COMMENT ON COLUMN @extschema@.submission.person_id IS 'For a staff_change rule: the new roster entry; NULL otherwise';
COMMENT ON COLUMN @extschema@.submission.event_id IS 'For an event rule: the occasion (omledger.submission_event); NULL otherwise';
COMMENT ON COLUMN @extschema@.submission.item_id IS 'For an after_item rule: the work item whose deliverables these are; NULL otherwise';
COMMENT ON COLUMN @extschema@.submission.submitted_at IS 'When it was submitted (may be earlier than recorded_at for a paper submission)';
COMMENT ON COLUMN @extschema@.submission.submitted_by IS 'Roster entry that submitted it (defaults to the person mapped to current_user)';
COMMENT ON COLUMN @extschema@.submission.reference IS 'Where it is: a document id, a path, a URL';
COMMENT ON COLUMN @extschema@.submission.accepted_at IS 'When the city accepted it (受理); NULL until then';
COMMENT ON COLUMN @extschema@.submission.accepted_by IS 'The city person who accepted it';
COMMENT ON COLUMN @extschema@.submission.recorded_at IS 'When it was entered (set by the ledger): obligations as of an earlier instant do not count it';
COMMENT ON COLUMN @extschema@.submission.note IS 'Free-text note';
CREATE INDEX submission_rule_idx ON @extschema@.submission (contract_id, rule_code);
CREATE INDEX submission_rule_code_idx ON @extschema@.submission (rule_code);
CREATE INDEX submission_person_idx ON @extschema@.submission (contract_id, person_id) WHERE person_id IS NOT NULL;
CREATE INDEX submission_submitted_by_idx ON @extschema@.submission (contract_id, submitted_by);
CREATE INDEX submission_accepted_by_idx ON @extschema@.submission (contract_id, accepted_by) WHERE accepted_by IS NOT NULL;
CREATE INDEX submission_event_idx ON @extschema@.submission (contract_id, event_id) WHERE event_id IS NOT NULL;
CREATE INDEX submission_item_idx ON @extschema@.submission (contract_id, item_id) WHERE item_id IS NOT NULL;
CREATE TRIGGER submission_recorded BEFORE INSERT OR UPDATE ON @extschema@.submission
  FOR EACH ROW EXECUTE FUNCTION @extschema@.obligation_recorded('recorded_at');
COMMENT ON TRIGGER submission_recorded ON @extschema@.submission IS 'recorded_at is when the row was entered';

-- A submission names exactly the occasion its rule is about (so that it
-- meets that obligation and no other), and only a city person accepts it.
-- Checked on the row's final state, whatever column changed.
CREATE FUNCTION @extschema@.submission_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  r @extschema@.submission_rule;
  want text;
  has text;
BEGIN
  SELECT * INTO r FROM @extschema@.submission_rule s WHERE s.rule_code OPERATOR(pg_catalog.=) NEW.rule_code;
  want := CASE r.timing
            WHEN 'monthly' THEN 'period' WHEN 'monthly_day' THEN 'period'
            WHEN 'staff_change' THEN 'person_id'
            WHEN 'before_event' THEN 'event_id' WHEN 'after_event' THEN 'event_id'
            WHEN 'after_item' THEN 'item_id' ELSE 'nothing' END;
  has := pg_catalog.concat_ws(', ',
           CASE WHEN NEW.period IS NOT NULL THEN 'period' END,
           CASE WHEN NEW.person_id IS NOT NULL THEN 'person_id' END,
           CASE WHEN NEW.event_id IS NOT NULL THEN 'event_id' END,
           CASE WHEN NEW.item_id IS NOT NULL THEN 'item_id' END);
  IF has OPERATOR(pg_catalog.<>) pg_catalog.replace(want, 'nothing', '')
     OR (NEW.event_id IS NOT NULL AND NOT EXISTS (
           SELECT FROM @extschema@.submission_event e
            WHERE e.event_id OPERATOR(pg_catalog.=) NEW.event_id
              AND e.event OPERATOR(pg_catalog.=) r.event)) THEN
    RAISE EXCEPTION 'submission of % does not name the occasion its rule is about', NEW.rule_code
      USING ERRCODE = 'OM603',
            DETAIL = pg_catalog.format('Rule %s (timing %s) needs %s; the submission names %s.',
                       NEW.rule_code, r.timing,
                       CASE want WHEN 'nothing' THEN 'no occasion'
                                 WHEN 'event_id' THEN pg_catalog.format('an event_id of a "%s" event', r.event)
                                 ELSE want END,
                       coalesce(nullif(has, ''), 'none')),
            HINT = 'Set the column the rule needs (period: the first day of the month reported on; person_id: the new roster entry; event_id: the occasion; item_id: the work item) and no other.';
  END IF;
  IF NEW.submitted_by IS NULL THEN
    NEW.submitted_by := @extschema@.current_person(NEW.contract_id,
                          (NEW.submitted_at AT TIME ZONE 'Asia/Tokyo')::date);
  END IF;
  IF NEW.accepted_by IS NOT NULL AND NOT EXISTS (
       SELECT FROM @extschema@.person p
        WHERE p.person_id OPERATOR(pg_catalog.=) NEW.accepted_by
          AND p.side OPERATOR(pg_catalog.=) 'city') THEN
    RAISE EXCEPTION 'submission % can only be accepted by the city', NEW.submission_id
      USING ERRCODE = 'OM604',
            DETAIL = pg_catalog.format('Roster entry %s, who is named as accepting it, is not a person of the city.', NEW.accepted_by),
            HINT = 'The city''s O&M staff accept submissions: set accepted_by to the city person who accepted it.';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.submission_check() IS
  'trigger on omledger.submission: the row names exactly the occasion its rule needs (OM603); submitted_by defaults to the acting person; only a city person accepts (OM604)';
CREATE TRIGGER submission_check BEFORE INSERT OR UPDATE ON @extschema@.submission
  FOR EACH ROW EXECUTE FUNCTION @extschema@.submission_check();
COMMENT ON TRIGGER submission_check ON @extschema@.submission IS
  'The submission names the occasion of its rule; only the city accepts';

-- ------------------------------------------------------ submissions_due
-- One row per obligation of the rules, due within [from_day, to_day]
-- (both included), with its status as of the instant given: met (a
-- submission recorded by then), pending (not yet, due today or later in
-- Japan time) or overdue.  late: met, but submitted after the due date.
CREATE FUNCTION @extschema@.submissions_due(contract_id bigint, from_day date, to_day date,
                                            as_of timestamptz DEFAULT pg_catalog.now())
  RETURNS TABLE (rule_code text, document_ja text, period date, person_id bigint,
                 event_id bigint, item_id bigint, due_on date, status text,
                 submission_id bigint, submitted_at timestamptz, late boolean)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH c AS (
    SELECT k.contract_id, pg_catalog.lower(k.term) AS first_day,
           pg_catalog.upper(k.term) OPERATOR(pg_catalog.-) 1 AS last_day,
           (as_of AT TIME ZONE 'Asia/Tokyo')::date AS today
      FROM @extschema@.contract k
     WHERE k.contract_id OPERATOR(pg_catalog.=) submissions_due.contract_id
  ), r AS (
    SELECT * FROM @extschema@.submission_rule s WHERE s.active
  ), months AS (
    SELECT m::date AS period,
           (m OPERATOR(pg_catalog.+) interval '1 month' OPERATOR(pg_catalog.-) interval '1 day')::date AS month_end
      FROM c, pg_catalog.generate_series(pg_catalog.date_trunc('month', c.first_day::timestamp),
                                         c.last_day::timestamp, interval '1 month') AS m
  ), due AS (
    -- before the term starts: the day before its first day
    SELECT r.rule_code, r.document_ja, NULL::date AS period, NULL::bigint AS person_id,
           NULL::bigint AS event_id, NULL::bigint AS item_id,
           @extschema@.move_to_open_day(c.first_day OPERATOR(pg_catalog.-) 1, r.closed_day_move) AS due_on
      FROM r, c WHERE r.timing OPERATOR(pg_catalog.=) 'before_term'
    UNION ALL
    -- a staff change: a contractor's roster entry that starts after the
    -- term's first day owes the updated roster before that day (entries
    -- known as of the instant)
    SELECT r.rule_code, r.document_ja, NULL, p.person_id, NULL, NULL,
           @extschema@.move_to_open_day(pg_catalog.lower(p.registered) OPERATOR(pg_catalog.-) 1, r.closed_day_move)
      FROM r, c JOIN @extschema@.person p ON p.contract_id OPERATOR(pg_catalog.=) c.contract_id
     WHERE r.timing OPERATOR(pg_catalog.=) 'staff_change'
       AND p.side OPERATOR(pg_catalog.=) 'contractor'
       AND pg_catalog.lower(p.registered) OPERATOR(pg_catalog.>) c.first_day
       AND pg_catalog.lower(p.registered) OPERATOR(pg_catalog.<=) c.last_day
       AND p.created_at OPERATOR(pg_catalog.<=) as_of
    UNION ALL
    -- monthly: promptly after the month, or on a day of the next month;
    -- the term's last month on the term's last day
    SELECT r.rule_code, r.document_ja, m.period, NULL, NULL, NULL,
           CASE WHEN r.final_month_last_day AND m.month_end OPERATOR(pg_catalog.>=) c.last_day
                THEN @extschema@.move_to_open_day(c.last_day, r.final_month_move)
                WHEN r.timing OPERATOR(pg_catalog.=) 'monthly'
                THEN @extschema@.add_open_days(m.month_end, r.prompt_open_days)
                ELSE @extschema@.move_to_open_day(
                       (m.period OPERATOR(pg_catalog.+) interval '1 month')::date
                         OPERATOR(pg_catalog.+) (r.day_of_month OPERATOR(pg_catalog.-) 1),
                       r.closed_day_move)
           END
      FROM r, c, months m
     WHERE r.timing OPERATOR(pg_catalog.=) ANY ('{monthly,monthly_day}'::text[])
    UNION ALL
    -- occasions: before the event's date, or promptly after it, or on the
    -- date the city set
    SELECT r.rule_code, r.document_ja, NULL, NULL, e.event_id, NULL,
           @extschema@.move_to_open_day(
             coalesce(e.due_on,
                      CASE WHEN r.timing OPERATOR(pg_catalog.=) 'before_event'
                           THEN e.event_on OPERATOR(pg_catalog.-) 1
                           ELSE @extschema@.add_open_days(e.event_on, r.prompt_open_days) END),
             r.closed_day_move)
      FROM r, c JOIN @extschema@.submission_event e ON e.contract_id OPERATOR(pg_catalog.=) c.contract_id
     WHERE r.timing OPERATOR(pg_catalog.=) ANY ('{before_event,after_event}'::text[])
       AND e.event OPERATOR(pg_catalog.=) r.event
       AND e.recorded_at OPERATOR(pg_catalog.<=) as_of
    UNION ALL
    -- after each task: promptly after the item first entered a finishing
    -- status (as the history knew it at the instant)
    SELECT r.rule_code, r.document_ja, NULL, NULL, NULL, f.item_id,
           @extschema@.add_open_days(f.finished_on, r.prompt_open_days)
      FROM r CROSS JOIN c
      CROSS JOIN LATERAL (
        SELECT ev.item_id, (pg_catalog.min(ev.occurred_at) AT TIME ZONE 'Asia/Tokyo')::date AS finished_on
          FROM @extschema@.work_item_event ev
          JOIN @extschema@.work_item w ON w.item_id OPERATOR(pg_catalog.=) ev.item_id
         WHERE ev.contract_id OPERATOR(pg_catalog.=) c.contract_id
           AND w.kind::text OPERATOR(pg_catalog.=) ANY (r.item_kinds)
           AND ev.to_status OPERATOR(pg_catalog.=) ANY (r.after_statuses)
           AND ev.recorded_at OPERATOR(pg_catalog.<=) as_of
         GROUP BY ev.item_id) f
     WHERE r.timing OPERATOR(pg_catalog.=) 'after_item'
  )
  SELECT d.rule_code, d.document_ja, d.period, d.person_id, d.event_id, d.item_id, d.due_on,
         CASE WHEN s.submission_id IS NOT NULL THEN 'met'
              WHEN c.today OPERATOR(pg_catalog.<=) d.due_on THEN 'pending'
              ELSE 'overdue' END,
         s.submission_id, s.submitted_at,
         (s.submitted_at AT TIME ZONE 'Asia/Tokyo')::date OPERATOR(pg_catalog.>) d.due_on
    FROM due d CROSS JOIN c
    LEFT JOIN LATERAL (
      SELECT x.submission_id, x.submitted_at
        FROM @extschema@.submission x
       WHERE x.contract_id OPERATOR(pg_catalog.=) c.contract_id
         AND x.rule_code OPERATOR(pg_catalog.=) d.rule_code
         AND x.period IS NOT DISTINCT FROM d.period
         AND x.person_id IS NOT DISTINCT FROM d.person_id
         AND x.event_id IS NOT DISTINCT FROM d.event_id
         AND x.item_id IS NOT DISTINCT FROM d.item_id
         AND x.recorded_at OPERATOR(pg_catalog.<=) as_of
       ORDER BY x.submitted_at, x.submission_id
       LIMIT 1) s ON true
   WHERE d.due_on OPERATOR(pg_catalog.>=) from_day AND d.due_on OPERATOR(pg_catalog.<=) to_day
   ORDER BY d.due_on, d.rule_code, d.period, d.person_id, d.event_id, d.item_id
$$;
COMMENT ON FUNCTION @extschema@.submissions_due(bigint, date, date, timestamptz) IS
  'the submissions the contract owes, due from from_day to to_day (both included) on the city''s calendar, each met (a submission recorded by as_of), pending or overdue (Japan time) as of as_of (default now); late: submitted after the due date';

-- --------------------------------------------------------- meeting_kind
CREATE TABLE @extschema@.meeting_kind (
  meeting_kind       text PRIMARY KEY CHECK (meeting_kind OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]*$'),
  title_ja           text NOT NULL,
  title_en           text NOT NULL,
  spec_ref           text,
  cadence            text CHECK (cadence OPERATOR(pg_catalog.=) ANY ('{weekly,monthly}'::text[])),
  during             text NOT NULL DEFAULT 'term'
    CHECK (during OPERATOR(pg_catalog.=) ANY ('{term,handover}'::text[])),
  minutes_open_days  integer NOT NULL DEFAULT 2
    CHECK (minutes_open_days OPERATOR(pg_catalog.>=) 0 AND minutes_open_days OPERATOR(pg_catalog.<=) 60),
  notice_before      interval NOT NULL DEFAULT '0'
    CHECK (notice_before OPERATOR(pg_catalog.>=) interval '0'),
  seeded             boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.meeting_kind IS
  'Kinds of meeting (§5.2.1③, §5.3, §7.7): how often one is owed, and what a meeting with other vendors owes; omledger_admin edits them (an edited seeded row is the user''s)';
COMMENT ON COLUMN @extschema@.meeting_kind.meeting_kind IS 'Name of the kind';
COMMENT ON COLUMN @extschema@.meeting_kind.title_ja IS 'Japanese title';
COMMENT ON COLUMN @extschema@.meeting_kind.title_en IS 'English title';
COMMENT ON COLUMN @extschema@.meeting_kind.spec_ref IS 'Where the specification asks for it';
COMMENT ON COLUMN @extschema@.meeting_kind.cadence IS 'weekly (one a week, Monday to Sunday) or monthly (one a calendar month) is owed; NULL: held as needed';
COMMENT ON COLUMN @extschema@.meeting_kind.during IS 'When the cadence applies: term (the contract''s term) or handover (the contract''s handover_in and handover_out periods)';
COMMENT ON COLUMN @extschema@.meeting_kind.minutes_open_days IS 'A meeting of this kind held with other vendors without the city''s staff owes minutes within this many open days (§7.7: 2)';
COMMENT ON COLUMN @extschema@.meeting_kind.notice_before IS 'A meeting with other vendors is told to the city at least this long before it starts (§7.7: beforehand; 0 = any time before)';
COMMENT ON COLUMN @extschema@.meeting_kind.seeded IS 'True on the rows the extension installed and nobody changed since (not dumped)';
INSERT INTO @extschema@.meeting_kind (meeting_kind, title_ja, title_en, spec_ref, cadence, during, seeded) VALUES
  ('weekly_inventory', 'インシデント等棚卸し会', 'Weekly incident inventory', '§5.2.1③', 'weekly', 'term', true),
  ('monthly_report', '月次報告会', 'Monthly report meeting', '§5.2.1③', 'monthly', 'term', true),
  ('handover', '引継会', 'Weekly handover meeting', '§5.3', 'weekly', 'handover', true),
  ('vendor_coordination', '他業者との打ち合わせ', 'Coordination with other vendors', '§7.7', NULL, 'term', true),
  ('ad_hoc', '随時の打ち合わせ', 'Ad-hoc meeting', '§5.2.1③', NULL, 'term', true);
CREATE TRIGGER meeting_kind_seeded BEFORE INSERT OR UPDATE ON @extschema@.meeting_kind
  FOR EACH ROW EXECUTE FUNCTION @extschema@.obligation_config_seeded('meeting_kind');
COMMENT ON TRIGGER meeting_kind_seeded ON @extschema@.meeting_kind IS
  'An edited seeded kind is the user''s; a user''s kind replaces the seeded one with the same name';

-- -------------------------------------------------------------- meeting
CREATE TABLE @extschema@.meeting (
  meeting_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id       bigint NOT NULL REFERENCES @extschema@.contract,
  meeting_kind      text NOT NULL REFERENCES @extschema@.meeting_kind ON UPDATE CASCADE,
  title             text NOT NULL,
  held_at           timestamptz NOT NULL,
  cancelled         boolean NOT NULL DEFAULT false,
  routine_approved  boolean NOT NULL DEFAULT false,
  notified_at       timestamptz,
  minutes_submitted_at timestamptz,
  minutes_ref       text,
  recorded_by       bigint,
  recorded_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
  CONSTRAINT meeting_contract_meeting_key UNIQUE (contract_id, meeting_id),
  CONSTRAINT meeting_recorded_by_fkey FOREIGN KEY (contract_id, recorded_by)
    REFERENCES @extschema@.person (contract_id, person_id),
  CONSTRAINT meeting_minutes_check
    CHECK (minutes_submitted_at OPERATOR(pg_catalog.>=) held_at)
);
COMMENT ON TABLE @extschema@.meeting IS
  'A meeting planned or held (§5.2.1③, §5.3, §7.7): its kind, when, who attended (meeting_attendee), the notice to the city and the minutes';
COMMENT ON COLUMN @extschema@.meeting.meeting_id IS 'Identifier of the meeting';
COMMENT ON COLUMN @extschema@.meeting.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.meeting.meeting_kind IS 'weekly_inventory, monthly_report, handover, vendor_coordination, ad_hoc, or a kind of the city''s (omledger.meeting_kind)';
COMMENT ON COLUMN @extschema@.meeting.title IS 'Title or agenda';
COMMENT ON COLUMN @extschema@.meeting.held_at IS 'When it starts (planned, or held once the time has passed)';
COMMENT ON COLUMN @extschema@.meeting.cancelled IS 'True: it did not take place';
COMMENT ON COLUMN @extschema@.meeting.routine_approved IS 'A routine meeting with other vendors the city allowed in advance: no notice owed (§7.7 ただし書)';
COMMENT ON COLUMN @extschema@.meeting.notified_at IS 'When the city was told of a meeting with other vendors (§7.7)';
COMMENT ON COLUMN @extschema@.meeting.minutes_submitted_at IS 'When the minutes were submitted to the city; not before the meeting';
COMMENT ON COLUMN @extschema@.meeting.minutes_ref IS 'Where the minutes are';
COMMENT ON COLUMN @extschema@.meeting.recorded_by IS 'Roster entry that entered the meeting (defaults to the person mapped to current_user)';
COMMENT ON COLUMN @extschema@.meeting.recorded_at IS 'When it was entered (set by the ledger): obligations as of an earlier instant do not count it';
CREATE INDEX meeting_contract_idx ON @extschema@.meeting (contract_id, meeting_kind, held_at);
CREATE INDEX meeting_kind_idx ON @extschema@.meeting (meeting_kind);
CREATE INDEX meeting_recorded_by_idx ON @extschema@.meeting (contract_id, recorded_by);
CREATE TRIGGER meeting_recorded BEFORE INSERT OR UPDATE ON @extschema@.meeting
  FOR EACH ROW EXECUTE FUNCTION @extschema@.obligation_recorded('recorded_at');
COMMENT ON TRIGGER meeting_recorded ON @extschema@.meeting IS 'recorded_at is when the row was entered';

CREATE TABLE @extschema@.meeting_attendee (
  attendee_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id     bigint NOT NULL,
  meeting_id      bigint NOT NULL,
  person_id       bigint,
  outside_party   text,
  CONSTRAINT meeting_attendee_meeting_fkey FOREIGN KEY (contract_id, meeting_id)
    REFERENCES @extschema@.meeting (contract_id, meeting_id) ON DELETE CASCADE,
  CONSTRAINT meeting_attendee_person_fkey FOREIGN KEY (contract_id, person_id)
    REFERENCES @extschema@.person (contract_id, person_id),
  CONSTRAINT meeting_attendee_who_check
    CHECK ((person_id IS NULL) OPERATOR(pg_catalog.<>) (outside_party IS NULL)
           AND outside_party OPERATOR(pg_catalog.<>) '')
);
COMMENT ON TABLE @extschema@.meeting_attendee IS
  'Who attended a meeting: a roster person (the city''s staff are persons of side city) or an outside party by name; the city attended when a city person did, other vendors when an outside party or a person of another vendor did';
COMMENT ON COLUMN @extschema@.meeting_attendee.attendee_id IS 'Identifier of the attendance';
COMMENT ON COLUMN @extschema@.meeting_attendee.contract_id IS 'The meeting''s contract';
COMMENT ON COLUMN @extschema@.meeting_attendee.meeting_id IS 'The meeting';
COMMENT ON COLUMN @extschema@.meeting_attendee.person_id IS 'A roster person who attended; NULL for an outside party';
COMMENT ON COLUMN @extschema@.meeting_attendee.outside_party IS 'An attendee not on the roster (name and organisation: another vendor); NULL for a roster person';
CREATE INDEX meeting_attendee_meeting_idx ON @extschema@.meeting_attendee (contract_id, meeting_id);
CREATE INDEX meeting_attendee_person_idx ON @extschema@.meeting_attendee (contract_id, person_id) WHERE person_id IS NOT NULL;

CREATE FUNCTION @extschema@.meeting_recorder() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.recorded_by IS NULL THEN
    NEW.recorded_by := @extschema@.current_person(NEW.contract_id,
                         (pg_catalog.now() AT TIME ZONE 'Asia/Tokyo')::date);
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.meeting_recorder() IS
  'trigger on omledger.meeting: recorded_by defaults to the acting person';
CREATE TRIGGER meeting_recorder BEFORE INSERT ON @extschema@.meeting
  FOR EACH ROW EXECUTE FUNCTION @extschema@.meeting_recorder();
COMMENT ON TRIGGER meeting_recorder ON @extschema@.meeting IS 'recorded_by defaults to the acting person';

-- What a meeting owes, derived from its attendees (one truth: the list of
-- who was there), as of an instant.
CREATE FUNCTION @extschema@.meeting_facts(contract_id bigint)
  RETURNS TABLE (meeting_id bigint, kind text, title text, held_at timestamptz, held_on date,
                 cancelled boolean, city_attended boolean, other_vendors boolean,
                 routine_approved boolean, notified_at timestamptz,
                 minutes_submitted_at timestamptz, minutes_open_days integer,
                 notice_before interval, recorded_at timestamptz)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT m.meeting_id, m.meeting_kind, m.title, m.held_at, (m.held_at AT TIME ZONE 'Asia/Tokyo')::date,
         m.cancelled,
         EXISTS (SELECT FROM @extschema@.meeting_attendee a
                   JOIN @extschema@.person p ON p.person_id OPERATOR(pg_catalog.=) a.person_id
                  WHERE a.meeting_id OPERATOR(pg_catalog.=) m.meeting_id
                    AND p.side OPERATOR(pg_catalog.=) 'city'),
         EXISTS (SELECT FROM @extschema@.meeting_attendee a
                   LEFT JOIN @extschema@.person p ON p.person_id OPERATOR(pg_catalog.=) a.person_id
                  WHERE a.meeting_id OPERATOR(pg_catalog.=) m.meeting_id
                    AND (a.outside_party IS NOT NULL
                         OR p.side OPERATOR(pg_catalog.=) ANY ('{modification_vendor,predecessor,successor}'::text[]))),
         m.routine_approved, m.notified_at, m.minutes_submitted_at, k.minutes_open_days,
         k.notice_before, m.recorded_at
    FROM @extschema@.meeting m
    JOIN @extschema@.meeting_kind k ON k.meeting_kind OPERATOR(pg_catalog.=) m.meeting_kind
   WHERE m.contract_id OPERATOR(pg_catalog.=) meeting_facts.contract_id
$$;
COMMENT ON FUNCTION @extschema@.meeting_facts(bigint) IS
  'the contract''s meetings with what their attendees make of them: city_attended (a city person attended), other_vendors (an outside party or a person of another vendor attended), and the kind''s minutes and notice settings';

-- ---------------------------------------------------- meetings_expected
CREATE FUNCTION @extschema@.meetings_expected(contract_id bigint, from_day date, to_day date,
                                              as_of timestamptz DEFAULT pg_catalog.now())
  RETURNS TABLE (kind text, title_ja text, period daterange, due_on date, status text,
                 meeting_id bigint, held_at timestamptz)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH k AS (
    SELECT * FROM @extschema@.meeting_kind WHERE cadence IS NOT NULL
  ), spans AS (
    -- where each kind's cadence applies: the term, or the handover periods
    SELECT k.meeting_kind AS kind, k.title_ja, k.cadence, s.span
      FROM k JOIN @extschema@.contract c ON c.contract_id OPERATOR(pg_catalog.=) meetings_expected.contract_id
      CROSS JOIN LATERAL (VALUES (c.term), (c.handover_in), (c.handover_out)) AS s(span)
     WHERE s.span IS NOT NULL
       AND (k.during OPERATOR(pg_catalog.=) 'term') OPERATOR(pg_catalog.=) (s.span IS NOT DISTINCT FROM c.term)
  ), periods AS (
    -- each week (Monday to Sunday) or month, cut to the span
    SELECT sp.kind, sp.title_ja,
           sp.span OPERATOR(pg_catalog.*)
             pg_catalog.daterange(g::date, (g OPERATOR(pg_catalog.+)
               CASE sp.cadence WHEN 'weekly' THEN interval '7 days' ELSE interval '1 month' END)::date) AS period
      FROM spans sp
      CROSS JOIN LATERAL pg_catalog.generate_series(
        pg_catalog.date_trunc(CASE sp.cadence WHEN 'weekly' THEN 'week' ELSE 'month' END,
                              pg_catalog.lower(sp.span)::timestamp),
        (pg_catalog.upper(sp.span) OPERATOR(pg_catalog.-) 1)::timestamp,
        CASE sp.cadence WHEN 'weekly' THEN interval '7 days' ELSE interval '1 month' END) AS g
  ), owed AS (
    -- due on the period's last open day; a period with no open day (the
    -- year-end closure) owes no meeting
    SELECT p.kind, p.title_ja, p.period,
           @extschema@.add_open_days(pg_catalog.upper(p.period), -1) AS due_on
      FROM periods p
     WHERE NOT pg_catalog.isempty(p.period)
  )
  SELECT o.kind, o.title_ja, o.period, o.due_on,
         CASE WHEN h.meeting_id IS NOT NULL THEN 'met'
              WHEN (as_of AT TIME ZONE 'Asia/Tokyo')::date OPERATOR(pg_catalog.<=) o.due_on THEN 'pending'
              ELSE 'overdue' END,
         h.meeting_id, h.held_at
    FROM owed o
    LEFT JOIN LATERAL (
      SELECT m.meeting_id, m.held_at
        FROM @extschema@.meeting m
       WHERE m.contract_id OPERATOR(pg_catalog.=) meetings_expected.contract_id
         AND m.meeting_kind OPERATOR(pg_catalog.=) o.kind
         AND NOT m.cancelled
         AND o.period OPERATOR(pg_catalog.@>) (m.held_at AT TIME ZONE 'Asia/Tokyo')::date
         AND m.held_at OPERATOR(pg_catalog.<=) as_of
         AND m.recorded_at OPERATOR(pg_catalog.<=) as_of
       ORDER BY m.held_at, m.meeting_id
       LIMIT 1) h ON true
   WHERE o.due_on OPERATOR(pg_catalog.<@) o.period
     AND o.due_on OPERATOR(pg_catalog.>=) from_day AND o.due_on OPERATOR(pg_catalog.<=) to_day
   ORDER BY o.due_on, o.kind
$$;
COMMENT ON FUNCTION @extschema@.meetings_expected(bigint, date, date, timestamptz) IS
  'the meetings the contract owes by their kind''s cadence (weekly: Monday to Sunday; monthly: a calendar month; during the term or the handover periods), due on the last open day of the period and from from_day to to_day (both included), each met (a meeting of the kind held in the period, recorded by as_of), pending or overdue as of as_of; a period without an open day owes none';

-- ------------------------------------------------------- pg_dump, RLS
SELECT pg_catalog.pg_extension_config_dump('@extschema@.submission_rule', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.meeting_kind', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.submission_event', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.submission', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.meeting', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.meeting_attendee', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.submission_event_event_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.submission_submission_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.meeting_meeting_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.meeting_attendee_attendee_id_seq', '');

-- Row-level security of these tables: with the handover's, in 91_handover.sql.
