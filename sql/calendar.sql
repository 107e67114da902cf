-- The government calendar: national holidays, closed days, open-day arithmetic.
SET search_path = omledger, pg_catalog;
SET DateStyle = ISO, YMD;

-- Tricky dates of every rule.
SELECT d, to_char(d, 'Dy') AS dow, jp_holiday_name(d) AS name, is_jp_holiday(d) AS holiday
  FROM unnest(ARRAY[
    '1948-07-19', '1948-09-23', '1949-04-29', '1959-04-10', '1966-02-11', '1967-02-11',
    '1973-02-12', '1973-04-30', '1988-05-04', '1989-02-24', '1990-11-12', '1993-06-09',
    '1995-07-20', '1996-07-20', '1997-05-04', '1998-05-04', '2000-01-10', '2000-01-15',
    '2006-05-04', '2007-05-04', '2008-05-06', '2009-05-06', '2026-05-06',
    '2016-08-11', '2018-12-23', '2019-12-23', '2019-02-23', '2020-02-23',
    '2019-10-14', '2019-10-21', '2019-10-22', '2020-10-12', '2021-10-11', '2022-10-10'
  ]::date[]) AS d ORDER BY d;

-- Silver Week: 2009, 2015, 2026.
SELECT * FROM jp_holidays('2009-09-19', '2009-09-23');
SELECT * FROM jp_holidays('2015-09-19', '2015-09-23');
SELECT * FROM jp_holidays('2026-09-19', '2026-09-23');

-- 2019's ten-day Golden Week: every day from 04-27 to 05-06 closed.
SELECT d::date, to_char(d, 'Dy') AS dow, jp_holiday_name(d::date), is_closed_day(d::date)
  FROM generate_series('2019-04-26'::date, '2019-05-07', '1 day') AS d;

-- The Olympic moves of 2020 and 2021.
SELECT * FROM jp_holidays('2020-07-01', '2020-08-31');
SELECT * FROM jp_holidays('2021-07-01', '2021-08-31');

-- 振替休日 after a Sunday holiday, before and after 2007.
SELECT d, to_char(d, 'Dy') AS dow, jp_holiday_name(d)
  FROM unnest(ARRAY['2005-03-20', '2005-03-21', '2006-01-01', '2006-01-02',
                    '2008-05-04', '2008-05-05', '2008-05-06', '2013-05-06']::date[]) AS d;

-- A whole year, and the boundaries of the range.
SELECT count(*) FROM jp_holidays('2026-01-01', '2026-12-31');
SELECT * FROM jp_holidays('1948-01-01', '1948-12-31');
SELECT * FROM jp_holidays('2027-01-01', '2026-12-31');  -- empty
SELECT jp_holiday_name('1900-01-01'), jp_holiday_name('2150-11-03');
SELECT jp_holiday_name('2151-01-01');
SELECT jp_holiday_name('infinity');
SELECT is_closed_day('2200-01-05');
SELECT * FROM jp_holidays('2150-12-01', '2151-01-31');
SELECT jp_holiday_name(NULL), is_closed_day(NULL);

-- Closed days: weekends, holidays, 29 December to 3 January.
SELECT d::date, to_char(d, 'Dy') AS dow, is_closed_day(d::date) AS closed, is_open_day(d::date) AS open
  FROM generate_series('2025-12-24'::date, '2026-01-06', '1 day') AS d;

-- Open-day arithmetic; the year-end closure across a weekend.
SELECT next_open_day('2025-12-27'), next_open_day('2026-01-05'),
       add_open_days('2025-12-26', 1), add_open_days('2026-01-05', -1),
       add_open_days('2025-12-28', 0), add_open_days('2025-12-26', 0),
       add_open_days('2026-11-20', 5), add_open_days('2026-11-30', -5);
-- open_days_between counts [from, to): the first day in, the last out.
SELECT open_days_between('2026-12-01', '2027-01-01') AS december,
       open_days_between('2027-01-01', '2026-12-01') AS reversed,
       open_days_between('2026-11-27', '2026-11-27') AS empty,
       open_days_between('2026-11-27', '2026-11-30') AS fri_to_mon,
       open_days_between('2025-04-01', '2026-04-01') AS fy2025;
SELECT add_open_days('2150-12-30', 3);
SELECT add_open_days('2026-01-05', 2147483647);
SELECT open_days_between('2026-01-01', 'infinity');

-- Minutes of a meeting without the city's staff: two open days after (§7.7).
SELECT held_on, to_char(held_on, 'Dy') AS dow, minutes_due(held_on)
  FROM unnest(ARRAY['2026-11-26', '2026-11-27', '2026-11-28', '2025-12-26',
                    '2019-04-26']::date[]) AS held_on;

-- Overrides win, and the very next statement sees a change.
SELECT is_closed_day('2026-12-28'), next_open_day('2026-12-26');
INSERT INTO calendar_override VALUES ('2026-12-28', true, 'test: an extra closed day');
SELECT is_closed_day('2026-12-28'), next_open_day('2026-12-26');
INSERT INTO calendar_override VALUES ('2026-12-26', false, 'test: Saturday work day');
SELECT is_closed_day('2026-12-26'), next_open_day('2026-12-26'), add_open_days('2026-12-25', 1);
BEGIN;
UPDATE calendar_override SET closed = NOT closed;
SELECT is_closed_day('2026-12-26'), is_closed_day('2026-12-28');
ROLLBACK;
SELECT is_closed_day('2026-12-26'), is_closed_day('2026-12-28');
TRUNCATE calendar_override;
SELECT is_closed_day('2026-12-26'), is_closed_day('2026-12-28');
-- In a function that loops, each statement sees the previous one's change.
DO $$
BEGIN
  INSERT INTO omledger.calendar_override VALUES ('2026-11-27', true, 'test: in a DO block');
  RAISE NOTICE 'closed after insert: %', omledger.is_closed_day('2026-11-27');
  DELETE FROM omledger.calendar_override WHERE day = '2026-11-27';
  RAISE NOTICE 'closed after delete: %', omledger.is_closed_day('2026-11-27');
END $$;
-- Bad overrides.
INSERT INTO calendar_override VALUES ('infinity', true, 'never');
INSERT INTO calendar_override VALUES ('2026-11-27', true, '');
INSERT INTO calendar_override (day, closed) VALUES ('2026-11-27', true);

-- Parallel workers load the configuration too.
SET force_parallel_mode = on;
INSERT INTO calendar_override VALUES ('2026-11-27', true, 'test: parallel');
SELECT is_closed_day('2026-11-27'), is_open_day('2026-11-26');
RESET force_parallel_mode;
DELETE FROM calendar_override;

-- 100 years of closed days agree with a table built from jp_holidays().
SELECT count(*) AS disagreements
  FROM generate_series('2000-01-01'::date, '2099-12-31', '1 day') AS g(d)
  LEFT JOIN jp_holidays('2000-01-01', '2099-12-31') AS h ON h.day = g.d::date
 WHERE is_closed_day(g.d::date) IS DISTINCT FROM
       (extract(isodow FROM g.d) >= 6 OR h.day IS NOT NULL
        OR to_char(g.d, 'MM-DD') >= '12-29' OR to_char(g.d, 'MM-DD') <= '01-03');

-- Volatility and parallel safety as documented.
SELECT proname, provolatile, proparallel, proisstrict
  FROM pg_proc WHERE pronamespace = 'omledger'::regnamespace
   AND proname IN ('jp_holiday_name', 'is_jp_holiday', 'jp_holidays', 'is_closed_day',
                   'is_open_day', 'next_open_day', 'add_open_days', 'open_days_between',
                   'minutes_due')
 ORDER BY proname;

-- A configuration table gone from under the extension: OM001 naming it,
-- and the calendar works again once it is back.
BEGIN;
ALTER TABLE online_hours RENAME TO online_hours_away;
SELECT is_open_day('2026-11-30');
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
SELECT is_open_day('2026-11-30') AS open_again;
