/*
 * The government calendar: national holidays (computed in C), the city's
 * closed days (seed note ※4) with an override table, open-day arithmetic,
 * and the configuration the response clock (31_sla.sql) reads: online
 * hours and the out-of-hours allowance per party.  See doc/calendar.md.
 */

-- National holidays: pure functions of the date, computed by the law.

CREATE FUNCTION @extschema@.jp_holiday_name(day date) RETURNS text
  AS 'MODULE_PATHNAME', 'jp_holiday_name'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jp_holiday_name(date) IS
  'Japanese name of the national holiday on a date (振替休日 and 国民の休日 included), or NULL; NULL before 1948-07-20, an error after 2150-12-31';

CREATE FUNCTION @extschema@.is_jp_holiday(day date) RETURNS boolean
  AS 'MODULE_PATHNAME', 'is_jp_holiday'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_jp_holiday(date) IS
  'true when the date is a national holiday (jp_holiday_name is not NULL)';

CREATE FUNCTION @extschema@.jp_holidays(from_day date, to_day date,
    OUT day date, OUT name text) RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'jp_holidays'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION @extschema@.jp_holidays(date, date) IS
  'every national holiday from from_day to to_day, both included, in date order';

-- Configuration and overrides read by the closed-day and response functions.

CREATE TABLE @extschema@.calendar_override (
  day     date PRIMARY KEY CHECK (pg_catalog.isfinite(day)),
  closed  boolean NOT NULL,
  reason  text NOT NULL CHECK (reason OPERATOR(pg_catalog.<>) '')
);
COMMENT ON TABLE @extschema@.calendar_override IS
  'the city''s exceptions to the closed-day rule; a row wins over the computed answer';
COMMENT ON COLUMN @extschema@.calendar_override.day IS 'the day';
COMMENT ON COLUMN @extschema@.calendar_override.closed IS
  'true: a closed day (e.g. a new special-law holiday); false: an open day';
COMMENT ON COLUMN @extschema@.calendar_override.reason IS 'why, for the record';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar_override', '');

CREATE TABLE @extschema@.online_hours (
  weekday  smallint UNIQUE CHECK (weekday BETWEEN 0 AND 6),
  day      date UNIQUE CHECK (pg_catalog.isfinite(day)),
  opens    time NOT NULL DEFAULT '08:45',
  closes   time NOT NULL,
  seeded   boolean NOT NULL DEFAULT false,
  CHECK ((weekday IS NULL) OPERATOR(pg_catalog.<>) (day IS NULL)),
  CHECK (opens OPERATOR(pg_catalog.<) closes)
);
COMMENT ON TABLE @extschema@.online_hours IS
  'online service hours of an open day: a row per date wins over a row per weekday, which wins over 08:45-17:15';
COMMENT ON COLUMN @extschema@.online_hours.weekday IS '0 = Sunday .. 6 = Saturday (as extract(dow)); NULL on a date row';
COMMENT ON COLUMN @extschema@.online_hours.day IS 'a single date; NULL on a weekday row';
COMMENT ON COLUMN @extschema@.online_hours.opens IS 'when open hours start (the contract''s 08:45)';
COMMENT ON COLUMN @extschema@.online_hours.closes IS 'when the resident record system''s online service closes';
COMMENT ON COLUMN @extschema@.online_hours.seeded IS
  'true on the rows the extension installed and nobody changed since (not dumped)';

CREATE TABLE @extschema@.response_allowance (
  party         text PRIMARY KEY CHECK (party OPERATOR(pg_catalog.<>) ''),
  out_of_hours  interval NOT NULL
    CHECK (out_of_hours OPERATOR(pg_catalog.>=) interval '0'
           AND out_of_hours OPERATOR(pg_catalog.<=) interval '24 hours'),
  seeded        boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.response_allowance IS
  'per party: how long after an out-of-hours incident that needs an immediate response the response is due (tables 3 and 4: about 1 hour)';
COMMENT ON COLUMN @extschema@.response_allowance.party IS 'operator (業務運用業者), vendor (保守ベンダー), or another';
COMMENT ON COLUMN @extschema@.response_allowance.out_of_hours IS 'the allowance, 0 to 24 hours';
COMMENT ON COLUMN @extschema@.response_allowance.seeded IS
  'true on the rows the extension installed and nobody changed since (not dumped)';

-- Seeded rows are not dumped; an edited one becomes the user's (seeded =
-- false) and is dumped, and on restore it replaces the freshly seeded
-- default with the same key instead of colliding with it.

CREATE FUNCTION @extschema@.online_hours_seeded() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
    NEW.seeded := false;
  ELSIF NOT NEW.seeded THEN
    DELETE FROM @extschema@.online_hours h
     WHERE h.seeded AND (h.weekday OPERATOR(pg_catalog.=) NEW.weekday
                         OR h.day OPERATOR(pg_catalog.=) NEW.day);
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.online_hours_seeded() IS
  'trigger: an edited seeded row is the user''s; a user''s row replaces the seeded one with the same key';

CREATE FUNCTION @extschema@.response_allowance_seeded() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
    NEW.seeded := false;
  ELSIF NOT NEW.seeded THEN
    DELETE FROM @extschema@.response_allowance a
     WHERE a.seeded AND a.party OPERATOR(pg_catalog.=) NEW.party;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.response_allowance_seeded() IS
  'trigger: an edited seeded row is the user''s; a user''s row replaces the seeded one with the same key';

CREATE TRIGGER online_hours_seeded BEFORE INSERT OR UPDATE ON @extschema@.online_hours
  FOR EACH ROW EXECUTE FUNCTION @extschema@.online_hours_seeded();
CREATE TRIGGER response_allowance_seeded BEFORE INSERT OR UPDATE ON @extschema@.response_allowance
  FOR EACH ROW EXECUTE FUNCTION @extschema@.response_allowance_seeded();

-- Every backend keeps a copy of the three tables; a change invalidates it.
CREATE FUNCTION @extschema@.calendar_config_changed() RETURNS trigger
  AS 'MODULE_PATHNAME', 'calendar_config_changed'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.calendar_config_changed() IS
  'trigger: tells every session that the calendar configuration changed';

CREATE TRIGGER calendar_override_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.calendar_override
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_config_changed();
CREATE TRIGGER online_hours_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.online_hours
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_config_changed();
CREATE TRIGGER response_allowance_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.response_allowance
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_config_changed();

INSERT INTO @extschema@.online_hours (weekday, opens, closes, seeded)
  SELECT w, '08:45', '17:15', true FROM pg_catalog.generate_series(0, 6) AS w;
INSERT INTO @extschema@.response_allowance (party, out_of_hours, seeded) VALUES
  ('operator', interval '1 hour', true),
  ('vendor', interval '1 hour', true);

SELECT pg_catalog.pg_extension_config_dump('@extschema@.online_hours', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.response_allowance', 'WHERE NOT seeded');

-- Everybody may read the calendar (the functions below do, as the caller).
GRANT SELECT ON @extschema@.calendar_override, @extschema@.online_hours,
  @extschema@.response_allowance TO PUBLIC;

-- Closed days and open days.

CREATE FUNCTION @extschema@.is_closed_day(day date) RETURNS boolean
  AS 'MODULE_PATHNAME', 'is_closed_day'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_closed_day(date) IS
  '閉庁日: Saturday, Sunday, a national holiday, or 29 December to 3 January, unless calendar_override says otherwise';

CREATE FUNCTION @extschema@.is_open_day(day date) RETURNS boolean
  AS 'MODULE_PATHNAME', 'is_open_day'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_open_day(date) IS
  '開庁日: NOT is_closed_day(day)';

CREATE FUNCTION @extschema@.next_open_day(day date) RETURNS date
  AS 'MODULE_PATHNAME', 'next_open_day'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.next_open_day(date) IS
  'the day itself when it is open, else the next open day';

CREATE FUNCTION @extschema@.add_open_days(day date, n integer) RETURNS date
  AS 'MODULE_PATHNAME', 'add_open_days'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add_open_days(date, integer) IS
  'the nth open day after day (before it when n < 0); n = 0 gives next_open_day(day)';

CREATE FUNCTION @extschema@.open_days_between(from_day date, to_day date) RETURNS integer
  AS 'MODULE_PATHNAME', 'open_days_between'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.open_days_between(date, date) IS
  'open days in the half-open interval [from_day, to_day); negative when to_day < from_day';

CREATE FUNCTION @extschema@.minutes_due(held_on date) RETURNS date
  AS 'MODULE_PATHNAME', 'minutes_due'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.minutes_due(date) IS
  'due date of the minutes of a meeting held without the city''s staff: two open days after the meeting day (§7.7)';
