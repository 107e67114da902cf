
-- ====================================================================
-- caps: effort logging against contract caps (new in 0.2)
-- §5.2.1.2 service requests: ~48 person-months over the term, at most 3 a
-- month; §5.2.3.2 conservative modifications: ~12 over the term, about 1 a
-- month; failure recovery uncapped.  The caps are data (effort_cap, seeded
-- from effort_cap_default when a contract is created); the running totals
-- (effort_total) are kept by a C trigger on effort_log that refuses any
-- change taking a hard cap over its limit.  See doc/effort-caps.md.
-- ====================================================================

-- ------------------------------------------------------ charge category
CREATE FUNCTION @extschema@.charge_category(kind text, spec_check_for_modification boolean)
  RETURNS text
  AS 'MODULE_PATHNAME', 'charge_category' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.charge_category(text, boolean) IS
  'the cap category effort on a work item of this kind is charged to (§5.2.1②: a spec check for a modification is modification effort)';

-- --------------------------------------------------------- the effort log
CREATE TABLE @extschema@.effort_log (
  entry_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id bigint NOT NULL REFERENCES @extschema@.work_item,
  person_id bigint NOT NULL REFERENCES @extschema@.person,
  work_date date NOT NULL,
  effort @extschema@.effort NOT NULL,
  note text,
  entered_by name NOT NULL DEFAULT CURRENT_USER,
  entered_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  corrects bigint REFERENCES @extschema@.effort_log,
  CONSTRAINT effort_log_positive
    CHECK (corrects IS NOT NULL OR effort OPERATOR(@extschema@.>) '0'::@extschema@.effort),
  CONSTRAINT effort_log_nonzero
    CHECK (effort OPERATOR(@extschema@.<>) '0'::@extschema@.effort),
  CONSTRAINT effort_log_not_self CHECK (corrects OPERATOR(pg_catalog.<>) entry_id)
);
CREATE UNIQUE INDEX effort_log_one_a_day ON @extschema@.effort_log (item_id, person_id, work_date)
  WHERE corrects IS NULL;
CREATE INDEX effort_log_corrects ON @extschema@.effort_log (corrects) WHERE corrects IS NOT NULL;
CREATE INDEX effort_log_person_date ON @extschema@.effort_log (person_id, work_date);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.effort_log', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.effort_log_entry_id_seq', '');
COMMENT ON SEQUENCE @extschema@.effort_log_entry_id_seq IS 'identity of effort_log';
COMMENT ON TABLE @extschema@.effort_log IS
  'effort: one row per person per work item per day of work; corrections are extra rows that reference the entry they correct';
COMMENT ON COLUMN @extschema@.effort_log.entry_id IS 'identity of the entry';
COMMENT ON COLUMN @extschema@.effort_log.item_id IS 'the work item the effort was spent on (its kind gives the charge category)';
COMMENT ON COLUMN @extschema@.effort_log.person_id IS 'who worked: a roster entry of the item''s contract registered on work_date';
COMMENT ON COLUMN @extschema@.effort_log.work_date IS 'the day of work; its calendar month is the fiscal month the effort counts in';
COMMENT ON COLUMN @extschema@.effort_log.effort IS 'the effort (positive; a correction may be negative)';
COMMENT ON COLUMN @extschema@.effort_log.note IS 'free text';
COMMENT ON COLUMN @extschema@.effort_log.entered_by IS 'the database role that entered the row';
COMMENT ON COLUMN @extschema@.effort_log.entered_at IS 'when the row was entered';
COMMENT ON COLUMN @extschema@.effort_log.corrects IS
  'for a correction: the entry it corrects (same item and person), typically in a closed month';

CREATE VIEW @extschema@.effort_entry AS
  SELECT e.entry_id, e.item_id, e.person_id, e.work_date, e.effort, e.note,
         e.entered_by, e.entered_at, e.corrects, w.contract_id,
         @extschema@.charge_category(w.kind, w.spec_check_for_modification) AS category,
         NOT w.internal_handover AS counted,
         @extschema@.fiscal_period(e.work_date, 'month') AS month
    FROM @extschema@.effort_log e
    JOIN @extschema@.work_item w ON w.item_id OPERATOR(pg_catalog.=) e.item_id;
COMMENT ON VIEW @extschema@.effort_entry IS
  'effort_log with the contract, the charge category, whether it counts against the caps (§5.3: a staff change inside the contractor does not) and the fiscal month';
COMMENT ON COLUMN @extschema@.effort_entry.entry_id IS 'The entry (effort_log.entry_id)';
COMMENT ON COLUMN @extschema@.effort_entry.item_id IS 'The work item the effort was spent on';
COMMENT ON COLUMN @extschema@.effort_entry.person_id IS 'Who worked (a roster entry)';
COMMENT ON COLUMN @extschema@.effort_entry.work_date IS 'The day of work';
COMMENT ON COLUMN @extschema@.effort_entry.effort IS 'The effort (negative for a correction)';
COMMENT ON COLUMN @extschema@.effort_entry.note IS 'Free text';
COMMENT ON COLUMN @extschema@.effort_entry.entered_by IS 'The database role that entered the row';
COMMENT ON COLUMN @extschema@.effort_entry.entered_at IS 'When the row was entered';
COMMENT ON COLUMN @extschema@.effort_entry.corrects IS 'For a correction: the entry it corrects';
COMMENT ON COLUMN @extschema@.effort_entry.contract_id IS 'The contract of the work item';
COMMENT ON COLUMN @extschema@.effort_entry.category IS 'The charge category derived from the item (omledger.charge_category): menu, service, failure_recovery, modification or handover';
COMMENT ON COLUMN @extschema@.effort_entry.counted IS 'False for handover inside the contractor (§5.3), which is recorded but not counted against any cap';
COMMENT ON COLUMN @extschema@.effort_entry.month IS 'The fiscal month of work_date';

-- ------------------------------------------------------------------ caps
-- The columns that effort_cap_default, effort_cap and cap_extension share,
-- defined once.
CREATE DOMAIN @extschema@.charge_category_name AS text
  CHECK (VALUE OPERATOR(pg_catalog.=) ANY ('{menu,service,failure_recovery,modification,handover}'::text[]));
COMMENT ON DOMAIN @extschema@.charge_category_name IS
  'a charge category: menu, service, failure_recovery, modification or handover';
CREATE DOMAIN @extschema@.cap_scope AS text
  CHECK (VALUE OPERATOR(pg_catalog.=) ANY ('{month,term}'::text[]));
COMMENT ON DOMAIN @extschema@.cap_scope IS
  'what a cap limits: month (every fiscal month) or term (the whole contract)';
CREATE DOMAIN @extschema@.cap_enforcement AS text
  CHECK (VALUE OPERATOR(pg_catalog.=) ANY ('{hard,soft}'::text[]));
COMMENT ON DOMAIN @extschema@.cap_enforcement IS
  'hard: changes over the limit are refused; soft: accepted with a NOTICE';
CREATE DOMAIN @extschema@.cap_alert_percents AS integer[]
  CHECK (pg_catalog.cardinality(VALUE) OPERATOR(pg_catalog.<=) 8
         AND 0 OPERATOR(pg_catalog.<) ALL (VALUE)
         AND 100 OPERATOR(pg_catalog.>=) ALL (VALUE));
COMMENT ON DOMAIN @extschema@.cap_alert_percents IS
  'alert thresholds in percent of a cap: at most 8, each in 1..100';

CREATE TABLE @extschema@.effort_cap_default (
  category @extschema@.charge_category_name NOT NULL,
  scope @extschema@.cap_scope NOT NULL,
  amount @extschema@.effort NOT NULL CHECK (amount OPERATOR(@extschema@.>=) '0'::@extschema@.effort),
  enforcement @extschema@.cap_enforcement NOT NULL,
  alert_percent @extschema@.cap_alert_percents NOT NULL DEFAULT '{80,90}',
  seeded boolean NOT NULL DEFAULT false,
  PRIMARY KEY (category, scope)
);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.effort_cap_default', '');
COMMENT ON TABLE @extschema@.effort_cap_default IS
  'the caps a new contract starts with (copied into effort_cap when a contract is inserted)';
COMMENT ON COLUMN @extschema@.effort_cap_default.category IS 'charge category';
COMMENT ON COLUMN @extschema@.effort_cap_default.scope IS 'month (every fiscal month) or term (the whole contract)';
COMMENT ON COLUMN @extschema@.effort_cap_default.amount IS 'the limit';
COMMENT ON COLUMN @extschema@.effort_cap_default.enforcement IS 'hard: changes over the limit are refused; soft: they are accepted with a NOTICE';
COMMENT ON COLUMN @extschema@.effort_cap_default.alert_percent IS 'thresholds (percent of the limit) whose crossing sends NOTIFY omledger_cap';
COMMENT ON COLUMN @extschema@.effort_cap_default.seeded IS 'true while the row is the one omledger shipped, unchanged';

INSERT INTO @extschema@.effort_cap_default (category, scope, amount, enforcement, seeded) VALUES
  ('service', 'month', '3pm', 'hard', true),          -- §5.2.1.2 上限は3人月
  ('service', 'term', '48pm', 'hard', true),          -- §5.2.1.2 48人月程度
  ('modification', 'month', '1pm', 'soft', true),     -- §5.2.3.2 おおよそ1人月
  ('modification', 'term', '12pm', 'hard', true);     -- §5.2.3.2 12人月程度

CREATE TABLE @extschema@.effort_cap (
  contract_id bigint NOT NULL REFERENCES @extschema@.contract ON DELETE CASCADE,
  category @extschema@.charge_category_name NOT NULL,
  scope @extschema@.cap_scope NOT NULL,
  amount @extschema@.effort NOT NULL CHECK (amount OPERATOR(@extschema@.>=) '0'::@extschema@.effort),
  enforcement @extschema@.cap_enforcement NOT NULL,
  alert_percent @extschema@.cap_alert_percents NOT NULL DEFAULT '{80,90}',
  seeded boolean NOT NULL DEFAULT false,
  PRIMARY KEY (contract_id, category, scope)
);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.effort_cap', '');
COMMENT ON TABLE @extschema@.effort_cap IS
  'the caps of a contract: per category a monthly and a term limit, hard or soft, with alert thresholds';
COMMENT ON COLUMN @extschema@.effort_cap.contract_id IS 'the contract';
COMMENT ON COLUMN @extschema@.effort_cap.category IS 'charge category';
COMMENT ON COLUMN @extschema@.effort_cap.scope IS 'month (every fiscal month) or term (the whole contract)';
COMMENT ON COLUMN @extschema@.effort_cap.amount IS 'the limit before extensions (cap_extension adds to it)';
COMMENT ON COLUMN @extschema@.effort_cap.enforcement IS 'hard: changes over the limit are refused (OM101, OM102); soft: accepted with a NOTICE';
COMMENT ON COLUMN @extschema@.effort_cap.alert_percent IS 'thresholds (percent of the limit) whose crossing sends NOTIFY omledger_cap';
COMMENT ON COLUMN @extschema@.effort_cap.seeded IS 'true while the row is the default copied at contract creation, unchanged';

CREATE TABLE @extschema@.cap_extension (
  extension_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id bigint NOT NULL REFERENCES @extschema@.contract ON DELETE CASCADE,
  category @extschema@.charge_category_name NOT NULL,
  scope @extschema@.cap_scope NOT NULL,
  extra @extschema@.effort NOT NULL CHECK (extra OPERATOR(@extschema@.>) '0'::@extschema@.effort),
  months daterange NOT NULL
    CHECK (NOT pg_catalog.isempty(months) AND NOT pg_catalog.lower_inf(months)
           AND NOT pg_catalog.upper_inf(months)
           AND pg_catalog.lower(months) OPERATOR(pg_catalog.=) pg_catalog.date_trunc('month', pg_catalog.lower(months))::date
           AND pg_catalog.upper(months) OPERATOR(pg_catalog.=) pg_catalog.date_trunc('month', pg_catalog.upper(months))::date),
  reference text NOT NULL,
  approval_id bigint NOT NULL REFERENCES @extschema@.approval,
  created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  created_by name NOT NULL DEFAULT CURRENT_USER
);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.cap_extension', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.cap_extension_extension_id_seq', '');
COMMENT ON SEQUENCE @extschema@.cap_extension_extension_id_seq IS 'identity of cap_extension';
COMMENT ON TABLE @extschema@.cap_extension IS
  'an additional contract (追加契約) raising a cap: scope month adds extra to the monthly cap of every month in months, scope term adds extra to the term cap';
COMMENT ON COLUMN @extschema@.cap_extension.extension_id IS 'identity';
COMMENT ON COLUMN @extschema@.cap_extension.contract_id IS 'the contract whose cap is raised';
COMMENT ON COLUMN @extschema@.cap_extension.category IS 'charge category';
COMMENT ON COLUMN @extschema@.cap_extension.scope IS 'month: raises each monthly cap in months; term: raises the term cap';
COMMENT ON COLUMN @extschema@.cap_extension.extra IS 'the extra effort';
COMMENT ON COLUMN @extschema@.cap_extension.months IS
  'whole months it applies to, e.g. ''FY2025-Q4''::fiscal_period::daterange or ''[2026-01-01,2026-04-01)''';
COMMENT ON COLUMN @extschema@.cap_extension.reference IS 'the additional contract''s reference (document number)';
COMMENT ON COLUMN @extschema@.cap_extension.approval_id IS 'the city''s approval (subject cap_extension)';
COMMENT ON COLUMN @extschema@.cap_extension.created_at IS 'when it was recorded';
COMMENT ON COLUMN @extschema@.cap_extension.created_by IS 'who recorded it';

-- ----------------------------------------------------------- month close
CREATE TABLE @extschema@.month_close (
  close_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id bigint NOT NULL REFERENCES @extschema@.contract ON DELETE CASCADE,
  month date NOT NULL
    CHECK (month OPERATOR(pg_catalog.=) pg_catalog.date_trunc('month', month)::date),
  closed_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  closed_by name NOT NULL DEFAULT CURRENT_USER,
  note text,
  reopened_at timestamptz,
  reopened_by name,
  reopen_approval_id bigint UNIQUE REFERENCES @extschema@.approval,
  CHECK ((reopened_at IS NULL) OPERATOR(pg_catalog.=) (reopen_approval_id IS NULL))
);
CREATE UNIQUE INDEX month_close_open ON @extschema@.month_close (contract_id, month)
  WHERE reopened_at IS NULL;
SELECT pg_catalog.pg_extension_config_dump('@extschema@.month_close', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.month_close_close_id_seq', '');
COMMENT ON SEQUENCE @extschema@.month_close_close_id_seq IS 'identity of month_close';
COMMENT ON TABLE @extschema@.month_close IS
  'closes and reopenings of fiscal months; a month is closed while it has a row with reopened_at NULL';
COMMENT ON COLUMN @extschema@.month_close.close_id IS 'identity';
COMMENT ON COLUMN @extschema@.month_close.contract_id IS 'the contract';
COMMENT ON COLUMN @extschema@.month_close.month IS 'the first day of the closed month';
COMMENT ON COLUMN @extschema@.month_close.closed_at IS 'when close_month() closed it';
COMMENT ON COLUMN @extschema@.month_close.closed_by IS 'who closed it';
COMMENT ON COLUMN @extschema@.month_close.note IS 'free text (e.g. the report it was closed after)';
COMMENT ON COLUMN @extschema@.month_close.reopened_at IS 'when reopen_month() reopened it';
COMMENT ON COLUMN @extschema@.month_close.reopened_by IS 'who reopened it';
COMMENT ON COLUMN @extschema@.month_close.reopen_approval_id IS 'the city''s approval of the reopening (subject reopen_month)';

-- ---------------------------------------------- running totals (derived)
-- Not dumped: rebuilt by the effort_log triggers as pg_restore loads the log.
CREATE TABLE @extschema@.effort_total (
  contract_id bigint NOT NULL,
  category text NOT NULL,
  month date NOT NULL,
  stripe integer NOT NULL,
  used bigint NOT NULL,
  allowance bigint CHECK (allowance OPERATOR(pg_catalog.>=) 0),
  PRIMARY KEY (contract_id, category, month, stripe)
) WITH (fillfactor = 50);
COMMENT ON TABLE @extschema@.effort_total IS
  'running totals in minutes per contract, category, fiscal month and stripe, kept by the effort_log triggers (read effort_summary)';
COMMENT ON COLUMN @extschema@.effort_total.contract_id IS 'the contract';
COMMENT ON COLUMN @extschema@.effort_total.category IS 'charge category';
COMMENT ON COLUMN @extschema@.effort_total.month IS 'first day of the fiscal month';
COMMENT ON COLUMN @extschema@.effort_total.stripe IS 'the backend (MyBackendId) that owns this share of the total, so that concurrent writers do not queue on one row';
COMMENT ON COLUMN @extschema@.effort_total.used IS 'minutes of effort counted in this stripe';
COMMENT ON COLUMN @extschema@.effort_total.allowance IS
  'minutes of cap headroom this stripe holds in reserve (NULL: the category is not capped)';

CREATE TABLE @extschema@.cap_guard (
  guard integer PRIMARY KEY CHECK (guard OPERATOR(pg_catalog.=) 1),
  grants bigint NOT NULL
);
INSERT INTO @extschema@.cap_guard VALUES (1, 0);
COMMENT ON TABLE @extschema@.cap_guard IS
  'a single row updated by every transaction that grants cap headroom or adds a summary row: it serialises them (and makes a stale repeatable-read snapshot fail instead of over-granting)';
COMMENT ON COLUMN @extschema@.cap_guard.guard IS 'always 1';
COMMENT ON COLUMN @extschema@.cap_guard.grants IS 'how many times headroom was granted (a counter, for monitoring)';

CREATE VIEW @extschema@.effort_summary AS
  SELECT t.contract_id, t.category, @extschema@.fiscal_period(t.month, 'month') AS month,
         @extschema@.make_effort(min => pg_catalog.sum(t.used)) AS used
    FROM @extschema@.effort_total t
   GROUP BY t.contract_id, t.category, t.month;
COMMENT ON VIEW @extschema@.effort_summary IS
  'the running total of counted effort per contract, charge category and fiscal month';
COMMENT ON COLUMN @extschema@.effort_summary.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.effort_summary.category IS 'The charge category';
COMMENT ON COLUMN @extschema@.effort_summary.month IS 'The fiscal month';
COMMENT ON COLUMN @extschema@.effort_summary.used IS 'Counted effort logged in that month and category (all stripes added up)';

-- ----------------------------------------------------- the C triggers
CREATE FUNCTION @extschema@.effort_log_caps() RETURNS trigger
  AS 'MODULE_PATHNAME', 'effort_log_caps' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.effort_log_caps() IS
  'statement trigger on effort_log: roster and month-close checks, running totals, cap enforcement and alerts';

CREATE TRIGGER effort_log_caps_insert AFTER INSERT ON @extschema@.effort_log
  REFERENCING NEW TABLE AS caps_new
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.effort_log_caps();
CREATE TRIGGER effort_log_caps_update AFTER UPDATE ON @extschema@.effort_log
  REFERENCING OLD TABLE AS caps_old NEW TABLE AS caps_new
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.effort_log_caps();
CREATE TRIGGER effort_log_caps_delete AFTER DELETE ON @extschema@.effort_log
  REFERENCING OLD TABLE AS caps_old
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.effort_log_caps();

-- TRUNCATE bypasses row triggers: refuse it while a month is closed, and
-- clear the totals after it.
CREATE FUNCTION @extschema@.effort_log_truncate() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_WHEN OPERATOR(pg_catalog.=) 'BEFORE' THEN
    IF EXISTS (SELECT 1 FROM @extschema@.month_close c WHERE c.reopened_at IS NULL) THEN
      RAISE EXCEPTION 'cannot truncate effort_log while a month is closed'
        USING ERRCODE = 'OM103',
              DETAIL = 'Truncating would remove effort from closed months.',
              HINT = 'Delete the effort of open months with DELETE, or reopen the closed months first.';
    END IF;
  ELSE
    DELETE FROM @extschema@.effort_total;
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.effort_log_truncate() IS
  'TRUNCATE on effort_log: refused while a month is closed; clears the running totals';
CREATE TRIGGER effort_log_truncate_before BEFORE TRUNCATE ON @extschema@.effort_log
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.effort_log_truncate();
CREATE TRIGGER effort_log_truncate_after AFTER TRUNCATE ON @extschema@.effort_log
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.effort_log_truncate();

-- The limits in force for one category and month, in minutes, extensions
-- included; NULL amounts where there is no cap.  Called by the C trigger.
CREATE FUNCTION @extschema@.cap_limits(contract_id bigint, category text, month date,
    OUT month_amount bigint, OUT month_hard boolean, OUT month_alerts integer[],
    OUT term_amount bigint, OUT term_hard boolean, OUT term_alerts integer[])
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT m.amount, m.hard, m.alerts, t.amount, t.hard, t.alerts
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT @extschema@.effort_minutes(c.amount) OPERATOR(pg_catalog.+) COALESCE((
               SELECT pg_catalog.sum(@extschema@.effort_minutes(x.extra))::bigint
                 FROM @extschema@.cap_extension x
                WHERE x.contract_id OPERATOR(pg_catalog.=) $1
                  AND x.category OPERATOR(pg_catalog.=) $2
                  AND x.scope OPERATOR(pg_catalog.=) 'month'
                  AND x.months OPERATOR(pg_catalog.@>) $3), 0) AS amount,
             c.enforcement OPERATOR(pg_catalog.=) 'hard' AS hard, c.alert_percent AS alerts
        FROM @extschema@.effort_cap c
       WHERE c.contract_id OPERATOR(pg_catalog.=) $1 AND c.category OPERATOR(pg_catalog.=) $2
         AND c.scope OPERATOR(pg_catalog.=) 'month') AS m ON true
    LEFT JOIN LATERAL (
      SELECT @extschema@.effort_minutes(c.amount) OPERATOR(pg_catalog.+) COALESCE((
               SELECT pg_catalog.sum(@extschema@.effort_minutes(x.extra))::bigint
                 FROM @extschema@.cap_extension x
                WHERE x.contract_id OPERATOR(pg_catalog.=) $1
                  AND x.category OPERATOR(pg_catalog.=) $2
                  AND x.scope OPERATOR(pg_catalog.=) 'term'), 0) AS amount,
             c.enforcement OPERATOR(pg_catalog.=) 'hard' AS hard, c.alert_percent AS alerts
        FROM @extschema@.effort_cap c
       WHERE c.contract_id OPERATOR(pg_catalog.=) $1 AND c.category OPERATOR(pg_catalog.=) $2
         AND c.scope OPERATOR(pg_catalog.=) 'term') AS t ON true
$$;
COMMENT ON FUNCTION @extschema@.cap_limits(bigint, text, date) IS
  'the monthly and term limits (minutes, extensions included), enforcement and alert thresholds of a category in a month';

-- ------------------------------------------- caps: seeding and changes
CREATE FUNCTION @extschema@.contract_seed_caps() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  INSERT INTO @extschema@.effort_cap (contract_id, category, scope, amount, enforcement, alert_percent, seeded)
  SELECT NEW.contract_id, d.category, d.scope, d.amount, d.enforcement, d.alert_percent, true
    FROM @extschema@.effort_cap_default d;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.contract_seed_caps() IS
  'a new contract gets the caps of effort_cap_default';
CREATE TRIGGER contract_seed_caps AFTER INSERT ON @extschema@.contract
  FOR EACH ROW EXECUTE FUNCTION @extschema@.contract_seed_caps();

-- An explicit row replaces a seeded one with the same key (this is also
-- what lets pg_restore load the dumped rows over the ones seeded while the
-- contracts were restored); editing a seeded row makes it the user's.
-- (A cap row that replaces a seeded one updates it in place: the insert
-- counts as 0 rows.)
CREATE FUNCTION @extschema@.cap_row_replace_seeded() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
    -- the seeded row takes the inserted values; the insert itself is dropped
    IF TG_TABLE_NAME OPERATOR(pg_catalog.=) 'effort_cap' THEN
      UPDATE @extschema@.effort_cap c
         SET amount = NEW.amount, enforcement = NEW.enforcement,
             alert_percent = NEW.alert_percent, seeded = NEW.seeded
       WHERE c.contract_id OPERATOR(pg_catalog.=) NEW.contract_id
         AND c.category OPERATOR(pg_catalog.=) NEW.category
         AND c.scope OPERATOR(pg_catalog.=) NEW.scope AND c.seeded;
    ELSE
      UPDATE @extschema@.effort_cap_default c
         SET amount = NEW.amount, enforcement = NEW.enforcement,
             alert_percent = NEW.alert_percent, seeded = NEW.seeded
       WHERE c.category OPERATOR(pg_catalog.=) NEW.category
         AND c.scope OPERATOR(pg_catalog.=) NEW.scope AND c.seeded;
    END IF;
    IF FOUND THEN
      RETURN NULL;
    END IF;
  ELSIF OLD.seeded AND NEW.seeded
        AND (NEW.amount::text, NEW.enforcement, NEW.alert_percent)
            IS DISTINCT FROM (OLD.amount::text, OLD.enforcement, OLD.alert_percent)
        AND pg_catalog.pg_trigger_depth() OPERATOR(pg_catalog.=) 1 THEN
    NEW.seeded := false;
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.cap_row_replace_seeded() IS
  'an inserted cap row replaces a seeded one with the same key; an edited seeded row stops being seeded';
CREATE TRIGGER effort_cap_replace_seeded BEFORE INSERT OR UPDATE ON @extschema@.effort_cap
  FOR EACH ROW EXECUTE FUNCTION @extschema@.cap_row_replace_seeded();
CREATE TRIGGER effort_cap_default_replace_seeded BEFORE INSERT OR UPDATE ON @extschema@.effort_cap_default
  FOR EACH ROW EXECUTE FUNCTION @extschema@.cap_row_replace_seeded();

-- A cap or an extension changed: take back every reservation of the
-- contract (waiting for writers that hold one) and check that no hard
-- limit is now below what is already used.
CREATE FUNCTION @extschema@.caps_resync(contract_id bigint) RETURNS void
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r record;
BEGIN
  UPDATE @extschema@.cap_guard SET grants = grants OPERATOR(pg_catalog.+) 1;
  UPDATE @extschema@.effort_total t
     SET allowance = CASE WHEN EXISTS (
           SELECT 1 FROM @extschema@.effort_cap c
            WHERE c.contract_id OPERATOR(pg_catalog.=) t.contract_id
              AND c.category OPERATOR(pg_catalog.=) t.category) THEN 0 END
   WHERE t.contract_id OPERATOR(pg_catalog.=) caps_resync.contract_id;
  FOR r IN
    SELECT s.category, s.month, s.used, s.term_used, l.*
      FROM (SELECT t.category, t.month, pg_catalog.sum(t.used)::bigint AS used,
                   pg_catalog.sum(pg_catalog.sum(t.used)) OVER (PARTITION BY t.category)::bigint AS term_used
              FROM @extschema@.effort_total t
             WHERE t.contract_id OPERATOR(pg_catalog.=) caps_resync.contract_id
             GROUP BY t.category, t.month) s,
           LATERAL @extschema@.cap_limits(caps_resync.contract_id, s.category, s.month) l
     ORDER BY s.category, s.month
  LOOP
    IF r.month_hard AND r.used OPERATOR(pg_catalog.>) r.month_amount THEN
      RAISE EXCEPTION 'hard monthly % cap of contract % would be below the effort already logged in %',
          r.category, contract_id, pg_catalog.to_char(r.month, 'YYYY-MM')
        USING ERRCODE = 'OM106',
              DETAIL = pg_catalog.format('%s is used in %s, the cap would be %s.',
                @extschema@.make_effort(min => r.used), pg_catalog.to_char(r.month, 'YYYY-MM'),
                @extschema@.make_effort(min => r.month_amount)),
              HINT = 'Correct the effort first, or keep the cap (or its extension) as it is.';
    END IF;
    IF r.term_hard AND r.term_used OPERATOR(pg_catalog.>) r.term_amount THEN
      RAISE EXCEPTION 'hard term % cap of contract % would be below the effort already logged',
          r.category, contract_id
        USING ERRCODE = 'OM106',
              DETAIL = pg_catalog.format('%s is used in the term, the cap would be %s.',
                @extschema@.make_effort(min => r.term_used), @extschema@.make_effort(min => r.term_amount)),
              HINT = 'Correct the effort first, or keep the cap (or its extension) as it is.';
    END IF;
  END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.caps_resync(bigint) IS
  'after a cap or extension change: take back reserved headroom and check no hard limit is below the effort used';

CREATE FUNCTION @extschema@.cap_changed() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP OPERATOR(pg_catalog.=) 'DELETE' AND TG_TABLE_NAME OPERATOR(pg_catalog.=) 'effort_cap'
     AND EXISTS (SELECT 1 FROM @extschema@.contract c
                  WHERE c.contract_id OPERATOR(pg_catalog.=) OLD.contract_id) THEN
    RAISE EXCEPTION 'cannot delete the % % cap of contract %', OLD.scope, OLD.category, OLD.contract_id
      USING ERRCODE = 'OM106',
            DETAIL = 'A cap row is removed only with its contract.',
            HINT = 'Make it soft or raise its amount with UPDATE.';
  END IF;
  IF TG_OP OPERATOR(pg_catalog.<>) 'INSERT' THEN
    PERFORM @extschema@.caps_resync(OLD.contract_id);
  END IF;
  IF TG_OP OPERATOR(pg_catalog.<>) 'DELETE'
     AND (TG_OP OPERATOR(pg_catalog.=) 'INSERT' OR NEW.contract_id OPERATOR(pg_catalog.<>) OLD.contract_id) THEN
    PERFORM @extschema@.caps_resync(NEW.contract_id);
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.cap_changed() IS
  'after a change of effort_cap or cap_extension: resynchronise the running totals of the contract';
CREATE TRIGGER effort_cap_changed AFTER INSERT OR UPDATE OR DELETE ON @extschema@.effort_cap
  FOR EACH ROW EXECUTE FUNCTION @extschema@.cap_changed();
CREATE TRIGGER cap_extension_changed AFTER INSERT OR UPDATE OR DELETE ON @extschema@.cap_extension
  FOR EACH ROW EXECUTE FUNCTION @extschema@.cap_changed();

CREATE FUNCTION @extschema@.cap_extension_check() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (
      SELECT 1 FROM @extschema@.approval a
        JOIN @extschema@.person p ON p.person_id OPERATOR(pg_catalog.=) a.approver_id
       WHERE a.approval_id OPERATOR(pg_catalog.=) NEW.approval_id
         AND a.contract_id OPERATOR(pg_catalog.=) NEW.contract_id
         AND a.subject OPERATOR(pg_catalog.=) 'cap_extension'
         AND a.decision OPERATOR(pg_catalog.=) 'approved'
         AND p.side OPERATOR(pg_catalog.=) 'city') THEN
    RAISE EXCEPTION 'cap extension of contract % is not approved by the city', NEW.contract_id
      USING ERRCODE = 'OM109',
            DETAIL = pg_catalog.format('Approval %s is not an approved cap_extension decision of a city person on contract %s.',
                                       NEW.approval_id, NEW.contract_id),
            HINT = 'Record the city''s approval (subject cap_extension, decision approved) and reference it.';
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.cap_extension_check() IS
  'a cap extension needs an approved cap_extension decision of a city person of the same contract';
CREATE TRIGGER cap_extension_check BEFORE INSERT OR UPDATE ON @extschema@.cap_extension
  FOR EACH ROW EXECUTE FUNCTION @extschema@.cap_extension_check();

-- Effort keeps the category it was logged under: an item's charge cannot
-- change once effort is logged on it.
CREATE FUNCTION @extschema@.work_item_charge_frozen() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF (NEW.contract_id, @extschema@.charge_category(NEW.kind, NEW.spec_check_for_modification), NEW.internal_handover)
     IS NOT DISTINCT FROM
     (OLD.contract_id, @extschema@.charge_category(OLD.kind, OLD.spec_check_for_modification), OLD.internal_handover) THEN
    RETURN NEW;
  END IF;
  -- Effort being logged holds a key-share lock on the item (its foreign
  -- key): taking the row lock in exclusive mode waits for such writers, and
  -- makes later ones wait for this change, so the check below sees all
  -- effort and no effort is charged by the category being replaced.
  PERFORM 1 FROM @extschema@.work_item w WHERE w.item_id OPERATOR(pg_catalog.=) OLD.item_id FOR UPDATE;
  IF EXISTS (SELECT 1 FROM @extschema@.effort_log e WHERE e.item_id OPERATOR(pg_catalog.=) OLD.item_id) THEN
    RAISE EXCEPTION 'work item % has effort logged: its charge category cannot change', OLD.item_id
      USING ERRCODE = 'OM108',
            DETAIL = pg_catalog.format('Its effort is charged as %s%s; the change would charge it as %s%s.',
                       @extschema@.charge_category(OLD.kind, OLD.spec_check_for_modification),
                       CASE WHEN OLD.internal_handover THEN ' (not counted)' ELSE '' END,
                       @extschema@.charge_category(NEW.kind, NEW.spec_check_for_modification),
                       CASE WHEN NEW.internal_handover THEN ' (not counted)' ELSE '' END),
            HINT = 'Delete the item''s effort (or correct it in an open month), change the item, then log the effort again.';
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.work_item_charge_frozen() IS
  'refuses changing the contract, kind, spec-check or internal-handover flag of a work item with effort logged';
CREATE TRIGGER work_item_charge_frozen
  BEFORE UPDATE OF contract_id, kind, spec_check_for_modification, internal_handover
  ON @extschema@.work_item
  FOR EACH ROW EXECUTE FUNCTION @extschema@.work_item_charge_frozen();

-- --------------------------------------------------------- month close
CREATE FUNCTION @extschema@.caps_month(period @extschema@.fiscal_period) RETURNS date
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF @extschema@.granularity(period) OPERATOR(pg_catalog.<>) 'month' THEN
    RAISE EXCEPTION 'fiscal period % is not a month', period
      USING ERRCODE = '22023',
            HINT = 'Pass a month such as ''2025-10'' or fiscal_period(date, ''month'').';
  END IF;
  RETURN @extschema@.lower(period);
END
$$;
COMMENT ON FUNCTION @extschema@.caps_month(@extschema@.fiscal_period) IS
  'the first day of a fiscal month (22023 for a period that is not a month)';

CREATE FUNCTION @extschema@.close_month(contract_id bigint, month @extschema@.fiscal_period,
                                        note text DEFAULT NULL) RETURNS bigint
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  d date := @extschema@.caps_month(month);
  id bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM @extschema@.contract c
                  WHERE c.contract_id OPERATOR(pg_catalog.=) close_month.contract_id) THEN
    RAISE EXCEPTION 'contract % does not exist', contract_id USING ERRCODE = '22023';
  END IF;
  IF EXISTS (SELECT 1 FROM @extschema@.month_close c
              WHERE c.contract_id OPERATOR(pg_catalog.=) close_month.contract_id
                AND c.month OPERATOR(pg_catalog.=) d AND c.reopened_at IS NULL) THEN
    RAISE EXCEPTION 'month % of contract % is already closed', month, contract_id
      USING ERRCODE = 'OM110';
  END IF;
  -- Wait for every writer of effort in flight; writers after us wait for
  -- our commit and then see the close (see doc/effort-caps.md).
  LOCK TABLE @extschema@.effort_log IN SHARE MODE;
  INSERT INTO @extschema@.month_close (contract_id, month, note)
  VALUES (close_month.contract_id, d, close_month.note)
  RETURNING close_id INTO id;
  RETURN id;
EXCEPTION WHEN unique_violation THEN
  RAISE EXCEPTION 'month % of contract % is already closed', month, contract_id
    USING ERRCODE = 'OM110';
END
$$;
COMMENT ON FUNCTION @extschema@.close_month(bigint, @extschema@.fiscal_period, text) IS
  'freezes a fiscal month of a contract: its effort can no longer be inserted, updated or deleted';

CREATE FUNCTION @extschema@.reopen_month(contract_id bigint, month @extschema@.fiscal_period,
                                         approval_id bigint) RETURNS void
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  d date := @extschema@.caps_month(month);
  n bigint;
BEGIN
  IF NOT EXISTS (
      SELECT 1 FROM @extschema@.approval a
        JOIN @extschema@.person p ON p.person_id OPERATOR(pg_catalog.=) a.approver_id
       WHERE a.approval_id OPERATOR(pg_catalog.=) reopen_month.approval_id
         AND a.contract_id OPERATOR(pg_catalog.=) reopen_month.contract_id
         AND a.subject OPERATOR(pg_catalog.=) 'reopen_month'
         AND a.decision OPERATOR(pg_catalog.=) 'approved'
         AND p.side OPERATOR(pg_catalog.=) 'city'
         AND a.subject_ref OPERATOR(pg_catalog.=) ANY (ARRAY[
               pg_catalog.to_char(d, 'YYYY-MM'),
               @extschema@.fiscal_period_text(reopen_month.month, 'iso')])) THEN
    RAISE EXCEPTION 'reopening month % of contract % is not approved by the city', month, contract_id
      USING ERRCODE = 'OM107',
            DETAIL = pg_catalog.format('Approval %s is not an approved reopen_month decision of a city person on contract %s for %s.',
                                       approval_id, contract_id, pg_catalog.to_char(d, 'YYYY-MM')),
            HINT = pg_catalog.format('Record the city''s approval with subject reopen_month and subject_ref ''%s''.',
                                     pg_catalog.to_char(d, 'YYYY-MM'));
  END IF;
  UPDATE @extschema@.month_close c
     SET reopened_at = pg_catalog.now(), reopened_by = CURRENT_USER,
         reopen_approval_id = reopen_month.approval_id
   WHERE c.contract_id OPERATOR(pg_catalog.=) reopen_month.contract_id
     AND c.month OPERATOR(pg_catalog.=) d AND c.reopened_at IS NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n OPERATOR(pg_catalog.=) 0 THEN
    RAISE EXCEPTION 'month % of contract % is not closed', month, contract_id
      USING ERRCODE = 'OM110';
  END IF;
EXCEPTION WHEN unique_violation THEN
  RAISE EXCEPTION 'approval % was already used to reopen a month', approval_id
    USING ERRCODE = 'OM107';
END
$$;
COMMENT ON FUNCTION @extschema@.reopen_month(bigint, @extschema@.fiscal_period, bigint) IS
  'reopens a closed fiscal month, given the city''s approval (subject reopen_month, subject_ref ''YYYY-MM'')';

-- ---------------------------------------------------- status, forecast
CREATE FUNCTION @extschema@.cap_status(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (category text, month_used @extschema@.effort, month_cap @extschema@.effort,
                 month_enforcement text, month_remaining @extschema@.effort, month_percent numeric,
                 term_used @extschema@.effort, term_cap @extschema@.effort, term_enforcement text,
                 term_remaining @extschema@.effort, term_percent numeric)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH k AS (SELECT @extschema@.caps_month(cap_status.month) AS d),
  u AS (
    SELECT t.category,
           COALESCE(pg_catalog.sum(t.used) FILTER (WHERE t.month OPERATOR(pg_catalog.=) k.d), 0)::bigint AS m,
           pg_catalog.sum(t.used)::bigint AS s
      FROM @extschema@.effort_total t, k
     WHERE t.contract_id OPERATOR(pg_catalog.=) cap_status.contract_id
       AND t.month OPERATOR(pg_catalog.<=) k.d
     GROUP BY t.category)
  SELECT c.category,
         @extschema@.make_effort(min => COALESCE(u.m, 0)),
         @extschema@.make_effort(min => l.month_amount),
         me.enforcement,
         @extschema@.make_effort(min => l.month_amount OPERATOR(pg_catalog.-) COALESCE(u.m, 0)),
         pg_catalog.round(100.0 OPERATOR(pg_catalog.*) COALESCE(u.m, 0)
                          OPERATOR(pg_catalog./) NULLIF(l.month_amount, 0), 1),
         @extschema@.make_effort(min => COALESCE(u.s, 0)),
         @extschema@.make_effort(min => l.term_amount),
         te.enforcement,
         @extschema@.make_effort(min => l.term_amount OPERATOR(pg_catalog.-) COALESCE(u.s, 0)),
         pg_catalog.round(100.0 OPERATOR(pg_catalog.*) COALESCE(u.s, 0)
                          OPERATOR(pg_catalog./) NULLIF(l.term_amount, 0), 1)
    FROM k,
         (VALUES (1, 'service'), (2, 'modification'), (3, 'failure_recovery'),
                 (4, 'menu'), (5, 'handover')) AS c(ord, category)
    LEFT JOIN u ON u.category OPERATOR(pg_catalog.=) c.category
    LEFT JOIN @extschema@.effort_cap me
           ON me.contract_id OPERATOR(pg_catalog.=) cap_status.contract_id
          AND me.category OPERATOR(pg_catalog.=) c.category AND me.scope OPERATOR(pg_catalog.=) 'month'
    LEFT JOIN @extschema@.effort_cap te
           ON te.contract_id OPERATOR(pg_catalog.=) cap_status.contract_id
          AND te.category OPERATOR(pg_catalog.=) c.category AND te.scope OPERATOR(pg_catalog.=) 'term',
         LATERAL @extschema@.cap_limits(cap_status.contract_id, c.category, k.d) AS l
   ORDER BY c.ord
$$;
COMMENT ON FUNCTION @extschema@.cap_status(bigint, @extschema@.fiscal_period) IS
  'per category: effort used in the month and in the term up to its end, against the caps (extensions included)';

CREATE FUNCTION @extschema@.cap_forecast(contract_id bigint, category text, as_of date)
  RETURNS TABLE (burn_rate @extschema@.effort, used @extschema@.effort, term_cap @extschema@.effort,
                 remaining @extschema@.effort, months_left integer,
                 reach_month @extschema@.fiscal_period, within_term boolean)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH k AS (SELECT pg_catalog.date_trunc('month', cap_forecast.as_of)::date AS d),
  s AS (
    SELECT COALESCE(pg_catalog.sum(t.used) FILTER (
             WHERE t.month OPERATOR(pg_catalog.>=) (k.d OPERATOR(pg_catalog.-) interval '3 months')::date
               AND t.month OPERATOR(pg_catalog.<) k.d), 0) AS last3,
           COALESCE(pg_catalog.sum(t.used), 0) AS used
      FROM k LEFT JOIN @extschema@.effort_total t
        ON t.contract_id OPERATOR(pg_catalog.=) cap_forecast.contract_id
       AND t.category OPERATOR(pg_catalog.=) cap_forecast.category
       AND t.month OPERATOR(pg_catalog.<=) k.d
     GROUP BY k.d),
  f AS (
    SELECT k.d, (s.last3 OPERATOR(pg_catalog./) 3)::bigint AS rate, s.used::bigint AS used,
           l.term_amount AS cap,
           CASE WHEN l.term_amount IS NULL THEN NULL
                WHEN l.term_amount OPERATOR(pg_catalog.<=) s.used THEN 0
                WHEN s.last3 OPERATOR(pg_catalog.<=) 0 THEN NULL
                ELSE pg_catalog.ceil((l.term_amount OPERATOR(pg_catalog.-) s.used)
                                     OPERATOR(pg_catalog./) (s.last3 OPERATOR(pg_catalog./) 3))::integer
           END AS n
      FROM k, s, LATERAL @extschema@.cap_limits(cap_forecast.contract_id, cap_forecast.category, k.d) AS l)
  SELECT @extschema@.make_effort(min => f.rate),
         @extschema@.make_effort(min => f.used),
         @extschema@.make_effort(min => f.cap),
         @extschema@.make_effort(min => f.cap OPERATOR(pg_catalog.-) f.used),
         f.n,
         @extschema@.fiscal_period((f.d OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => f.n))::date, 'month'),
         (f.d OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => f.n))::date
           OPERATOR(pg_catalog.<) pg_catalog.upper(c.term)
    FROM f JOIN @extschema@.contract c ON c.contract_id OPERATOR(pg_catalog.=) cap_forecast.contract_id
$$;
COMMENT ON FUNCTION @extschema@.cap_forecast(bigint, text, date) IS
  'burn rate of a category over the three months before as_of''s month, and the month the term cap is reached at that rate (NULL: never)';

-- ------------------------------------------------------ verify, rebuild
CREATE FUNCTION @extschema@.caps_verify()
  RETURNS TABLE (contract_id bigint, category text, month @extschema@.fiscal_period,
                 summary @extschema@.effort, logged @extschema@.effort)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH s AS (
    SELECT t.contract_id, t.category, t.month, pg_catalog.sum(t.used)::bigint AS used
      FROM @extschema@.effort_total t GROUP BY 1, 2, 3),
  l AS (
    SELECT w.contract_id, @extschema@.charge_category(w.kind, w.spec_check_for_modification) AS category,
           pg_catalog.date_trunc('month', e.work_date)::date AS month,
           pg_catalog.sum(@extschema@.effort_minutes(e.effort))::bigint AS used
      FROM @extschema@.effort_log e
      JOIN @extschema@.work_item w ON w.item_id OPERATOR(pg_catalog.=) e.item_id
     WHERE NOT w.internal_handover
     GROUP BY 1, 2, 3)
  SELECT COALESCE(s.contract_id, l.contract_id), COALESCE(s.category, l.category),
         @extschema@.fiscal_period(COALESCE(s.month, l.month), 'month'),
         @extschema@.make_effort(min => s.used), @extschema@.make_effort(min => l.used)
    FROM s FULL JOIN l
      ON s.contract_id OPERATOR(pg_catalog.=) l.contract_id
     AND s.category OPERATOR(pg_catalog.=) l.category AND s.month OPERATOR(pg_catalog.=) l.month
   WHERE COALESCE(s.used, 0) OPERATOR(pg_catalog.<>) COALESCE(l.used, 0)
   ORDER BY 1, 2, 3
$$;
COMMENT ON FUNCTION @extschema@.caps_verify() IS
  'rows where the running totals differ from the sums recomputed from effort_log (none when all is well)';

CREATE FUNCTION @extschema@.caps_rebuild() RETURNS void
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  LOCK TABLE @extschema@.effort_log IN SHARE MODE;
  UPDATE @extschema@.cap_guard SET grants = grants OPERATOR(pg_catalog.+) 1;
  DELETE FROM @extschema@.effort_total;
  INSERT INTO @extschema@.effort_total (contract_id, category, month, stripe, used, allowance)
  SELECT w.contract_id, @extschema@.charge_category(w.kind, w.spec_check_for_modification),
         pg_catalog.date_trunc('month', e.work_date)::date, 0,
         pg_catalog.sum(@extschema@.effort_minutes(e.effort))::bigint,
         CASE WHEN EXISTS (SELECT 1 FROM @extschema@.effort_cap c
                            WHERE c.contract_id OPERATOR(pg_catalog.=) w.contract_id
                              AND c.category OPERATOR(pg_catalog.=)
                                  @extschema@.charge_category(w.kind, w.spec_check_for_modification))
              THEN 0 END
    FROM @extschema@.effort_log e
    JOIN @extschema@.work_item w ON w.item_id OPERATOR(pg_catalog.=) e.item_id
   WHERE NOT w.internal_handover
   GROUP BY 1, 2, 3, 6;
END
$$;
COMMENT ON FUNCTION @extschema@.caps_rebuild() IS
  'recomputes the running totals from effort_log (after a restore with --disable-triggers, say); does not check caps';
REVOKE ALL ON FUNCTION @extschema@.caps_rebuild() FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.caps_resync(bigint) FROM PUBLIC;
