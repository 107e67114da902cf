-- effort: text input in every documented spelling, canonical output in both
-- styles, and every rejection with its SQLSTATE.
SET search_path = omledger, pg_catalog;
RESET omledger.effort_style;

-- Every unit spelling, case-insensitive, with and without spaces.
SELECT s, s::effort AS effort, effort_minutes(s::effort) AS minutes
FROM (VALUES
  ('1pm'), ('1 PM'), ('1person-month'), ('2 person-months'), ('1 Person-Month'),
  ('1mm'), ('1 MM'), ('1man-month'), ('2 man-months'), ('1人月'), ('1 人月'),
  ('1pd'), ('1 Pd'), ('1 person-day'), ('2 person-days'), ('1md'), ('1 man-day'),
  ('2 MAN-DAYS'), ('1人日'), ('3 人日'),
  ('1h'), ('1 H'), ('1hr'), ('1 HR'), ('1 hour'), ('2 hours'), ('2 Hours'), ('1時間'),
  ('1min'), ('1 MIN'), ('1 minute'), ('2 minutes'), ('1分'), ('90 分')
) v(s);

-- Several terms add up, in any order, with or without spaces between them.
SELECT s, s::effort AS effort
FROM (VALUES
  ('2pm 3pd 4h 30min'), ('2pm3pd4h30min'), ('1人月2人日'), ('2人月3人日4時間30分'),
  ('30min 4h 3pd 2pm'), ('1h 1h 1h'), ('25pd'), ('90min'), ('  1h  '),
  (E'\t1h\n30min '), ('1h　30分'), ('1 h 30 min')
) v(s);

-- Decimal fractions, exact only: each term must be a whole number of minutes.
SELECT s, s::effort AS effort
FROM (VALUES
  ('1.5pm'), ('0.5pm'), ('1.25 人日'), ('0.1h'), ('.5h'), ('0.0003125pm'),
  ('1.50000000000000000000h'), ('00001h'), ('1.0min'), ('0.5h0.5h')
) v(s);

-- Full-width digits, point and minus; the ideographic space.
SELECT s, s::effort AS effort
FROM (VALUES ('１．５人月'), ('３人日'), ('１２時間３０分'), ('－２時間'), ('１.５h'))
  v(s);

-- A leading minus applies to the whole value; zero is 0.
SELECT s, s::effort AS effort
FROM (VALUES ('-2h'), ('-2pm 3pd 4h 30min'), ('- 1h 30min'), ('0'), ('-0'),
  ('0h'), ('0pm 0min'), ('0.0'), ('０'))
  v(s);

-- The range ends: all of int8's minutes.
SELECT '9223372036854775807min'::effort AS max, '-9223372036854775808min'::effort AS min;
SELECT '960767920505705pm 16pd 2h 7min'::effort = '9223372036854775807min'::effort AS same_max;

-- Output styles: en (the default) and ja, both read back exactly.
SELECT e, e::text AS en FROM (VALUES ('2pm 3pd 4h 30min'::effort), ('-1min'), ('0'),
  ('1pm'), ('20pd'), ('8h'), ('60min'), ('9223372036854775807min'),
  ('-9223372036854775808min')) v(e);
SET omledger.effort_style = 'ja';
SELECT e, e::text::effort = e AS round_trips FROM (VALUES ('2pm 3pd 4h 30min'::effort),
  ('-1min'), ('0'), ('1pm'), ('20pd'), ('8h'), ('60min'),
  ('9223372036854775807min'), ('-9223372036854775808min')) v(e);
RESET omledger.effort_style;
-- effort_out is STABLE (it reads the setting), effort_in IMMUTABLE.
SELECT p.proname, p.provolatile FROM pg_proc p
WHERE p.oid IN ('omledger.effort_in'::regproc, 'omledger.effort_out'::regproc)
ORDER BY 1;

-- Rejections: 22P02 with the offending text, 22003 out of range.
CREATE FUNCTION pg_temp.try_effort(s text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  RETURN s::omledger.effort::text;
EXCEPTION WHEN OTHERS THEN
  DECLARE st text; msg text; det text;
  BEGIN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ' ' || msg || ' | ' || det;
  END;
END $$;
SELECT s, pg_temp.try_effort(s) AS result
FROM (VALUES
  (''), ('   '), ('-'), ('5'), ('1h 5'), ('1.5'), ('h'), ('pm'), ('1 parsec'), ('2hrs'),
  ('2 hx'), ('1 m'), ('1 mins'), ('1h -30min'), ('--1h'), ('+1h'), ('1h,30min'),
  ('1.001h'), ('0.1min'), ('1.5min'), ('0.5min 0.5min'), ('0.00000001pm'), ('0.0000001pm'), ('1.h'),
  ('1..5h'), ('1e3min'), ('1 person month'), ('1人'), ('1時'), ('1 日'), ('１ｈ'),
  ('0 0'), ('1h0'), ('1hour s'), ('NaN'), ('infinity'),
  ('9223372036854775808min'), ('-9223372036854775809min'), ('960767920505706pm'),
  ('99999999999999999999999pm'), ('9223372036854775807min 1min'),
  ('-9223372036854775807min 2min')
) v(s);

-- The error report in full: message, detail and hint.

SELECT '1.001h'::effort;
SELECT '5 parsecs'::effort;
SELECT '9223372036854775808min'::effort;

