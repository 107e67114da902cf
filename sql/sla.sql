-- The response clock (tables 3 and 4), in Japan time whatever TimeZone is.
SET search_path = omledger, pg_catalog;
SET DateStyle = ISO, YMD;
SET IntervalStyle = postgres;

-- Default configuration.
SELECT weekday, day, opens, closes, seeded FROM online_hours ORDER BY weekday;
SELECT party, out_of_hours, seeded FROM response_allowance ORDER BY party;

-- Every branch, in three session time zones.  Thursday 2026-11-26 is an open
-- day; 2026-11-23 a holiday; 2026-11-28 a Saturday; 2025-12-29..2026-01-04
-- the year-end closure.
CREATE TEMP TABLE sla_cases (occurred_at timestamptz, immediate boolean, note text);
INSERT INTO sla_cases VALUES
  ('2026-11-26 10:00+09', true,  'open hours'),
  ('2026-11-26 08:45+09', true,  'opening instant'),
  ('2026-11-26 17:14:59+09', false, 'last second of open hours'),
  ('2026-11-26 17:15+09', true,  'closing instant, immediate'),
  ('2026-11-26 17:15+09', false, 'closing instant, not immediate'),
  ('2026-11-26 08:00+09', true,  'under way at 08:45'),
  ('2026-11-26 07:00+09', true,  'early, immediate'),
  ('2026-11-26 07:00+09', false, 'early, not immediate'),
  ('2026-11-26 23:30+09', true,  'night, immediate, across midnight'),
  ('2026-11-27 20:00+09', false, 'Friday night, not immediate'),
  ('2026-11-28 10:00+09', true,  'Saturday, immediate'),
  ('2026-11-23 12:00+09', false, 'holiday, not immediate'),
  ('2025-12-26 18:00+09', false, 'year end, not immediate'),
  ('2025-12-31 23:30+09', true,  'new year''s eve, immediate');

SET TimeZone = 'UTC';
SELECT note, occurred_at, immediate, is_open_hours(occurred_at) AS open_hours,
       response_due(occurred_at, immediate) AS due
  FROM sla_cases ORDER BY occurred_at, immediate;
SET TimeZone = 'America/Los_Angeles';
SELECT note, occurred_at, immediate, is_open_hours(occurred_at) AS open_hours,
       response_due(occurred_at, immediate) AS due
  FROM sla_cases ORDER BY occurred_at, immediate;
SET TimeZone = 'Asia/Tokyo';
SELECT note, occurred_at, immediate, is_open_hours(occurred_at) AS open_hours,
       response_due(occurred_at, immediate) AS due
  FROM sla_cases ORDER BY occurred_at, immediate;
-- The same instants whatever the zone.
SET TimeZone = 'Pacific/Kiritimati';
CREATE TEMP TABLE sla_due AS
  SELECT note, response_due(occurred_at, immediate) AS due FROM sla_cases;
SET TimeZone = 'America/St_Johns';
SELECT count(*) AS zone_dependent FROM sla_cases c JOIN sla_due d USING (note)
 WHERE response_due(c.occurred_at, c.immediate) <> d.due;
RESET TimeZone;

-- Defaults: immediate, operator.
SET TimeZone = 'Asia/Tokyo';
SELECT response_due('2026-11-28 10:00'), response_due('2026-11-28 10:00', false),
       response_due('2026-11-28 10:00', party => 'vendor');

-- Per-party allowance.
UPDATE response_allowance SET out_of_hours = '30 minutes' WHERE party = 'vendor';
SELECT party, out_of_hours, seeded FROM response_allowance ORDER BY party;
SELECT response_due('2026-11-28 10:00', true, 'vendor'), response_due('2026-11-28 10:00', true, 'operator');
INSERT INTO response_allowance VALUES ('network', '2 hours');
SELECT response_due('2026-11-28 10:00', true, 'network');
SELECT response_due('2026-11-26 08:00', true, 'network');
DELETE FROM response_allowance WHERE party = 'network';
UPDATE response_allowance SET out_of_hours = '1 hour' WHERE party = 'vendor';
SELECT response_due('2026-11-28 10:00', true, 'nobody');
\echo :LAST_ERROR_SQLSTATE
SELECT response_due('2026-11-28 10:00', true, 'Operator');
INSERT INTO response_allowance VALUES ('slow', '2 days');
INSERT INTO response_allowance VALUES ('negative', '-1 minute');

-- Online hours: per weekday, per date.
UPDATE online_hours SET closes = '19:00' WHERE weekday = 5;
INSERT INTO online_hours (day, closes) VALUES ('2026-11-26', '12:00');
SELECT weekday, day, opens, closes, seeded FROM online_hours ORDER BY weekday, day;
SELECT is_open_hours('2026-11-27 18:30'), is_open_hours('2026-11-26 12:30'),
       is_open_hours('2026-11-25 12:30'), response_due('2026-11-26 12:30', false);
-- A row for a weekday replaces the seeded one.
INSERT INTO online_hours (weekday, closes) VALUES (1, '18:00');
SELECT weekday, day, opens, closes, seeded FROM online_hours ORDER BY weekday, day;
SELECT is_open_hours('2026-11-30 17:30');
-- Hours do not open a closed day.
SELECT is_open_hours('2026-11-28 12:00');
-- Bad rows.
INSERT INTO online_hours (weekday, day, closes) VALUES (2, '2026-12-01', '18:00');
INSERT INTO online_hours (closes) VALUES ('18:00');
INSERT INTO online_hours (weekday, opens, closes) VALUES (7, '08:45', '18:00');
INSERT INTO online_hours (day, opens, closes) VALUES ('2026-12-02', '18:00', '09:00');
-- Back to the defaults.
DELETE FROM online_hours WHERE NOT seeded;
INSERT INTO online_hours (weekday, opens, closes, seeded) VALUES
  (1, '08:45', '17:15', true), (5, '08:45', '17:15', true);
SELECT weekday, day, opens, closes, seeded FROM online_hours ORDER BY weekday, day;

-- An override opens a Saturday: 08:45-17:15 apply.
INSERT INTO calendar_override VALUES ('2026-11-28', false, 'test: Saturday work day');
SELECT is_open_hours('2026-11-28 12:00'), response_due('2026-11-28 12:00');
DELETE FROM calendar_override;

-- Status and lateness.
SELECT response_status('2026-11-28 10:00', NULL) AS not_started,
       response_status('2026-11-28 10:00', '2026-11-28 11:00') AS on_the_hour,
       response_status('2026-11-28 10:00', '2026-11-28 11:00:01') AS a_second_late,
       response_status('2026-11-26 10:00', '2026-11-26 10:00') AS at_once,
       response_status('2026-11-27 20:00', '2026-11-30 08:45', false) AS monday,
       response_status('2026-11-27 20:00', '2026-11-30 09:00', false, 'vendor') AS vendor_late;
SELECT minutes_late('2026-11-28 10:00', NULL) AS not_started,
       minutes_late('2026-11-28 10:00', '2026-11-28 10:30') AS met,
       minutes_late('2026-11-28 10:00', '2026-11-28 11:00:01') AS one_second,
       minutes_late('2026-11-28 10:00', '2026-11-28 12:30') AS ninety,
       minutes_late('2026-11-26 10:00', '2026-11-26 10:20', party => 'vendor') AS five;
SELECT response_status(NULL, now()), response_status(now(), now(), NULL), minutes_late(now(), now(), true, NULL);
-- The first and last finite timestamps lie farther apart than int64 microseconds.
SELECT minutes_late('4714-11-25 00:00:00+00 BC', '294276-12-31 23:59:59+00') AS across_all_time;
-- A response cannot have started at infinity (NULL means not yet started).
SELECT minutes_late('2026-11-28 10:00', 'infinity');
SELECT response_status('2026-11-28 10:00', 'infinity');
SELECT response_status('2026-11-28 10:00', '2026-11-28 09:00');
SELECT response_status('2026-11-28 10:00', NULL, true, 'nobody');
SELECT response_due('infinity');
SELECT response_due('2150-12-31 20:00', false);
RESET TimeZone;

SELECT proname, provolatile, proparallel, proisstrict
  FROM pg_proc WHERE pronamespace = 'omledger'::regnamespace
   AND proname IN ('is_open_hours', 'response_due', 'response_status', 'minutes_late')
 ORDER BY proname;
