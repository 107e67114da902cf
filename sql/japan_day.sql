-- The date in Japan of an instant (src/japan_time.c japan_date()), which the
-- roster's rules use: whoever requests work must be registered on the day
-- the request was made, in Japan, whatever the session's TimeZone.  The
-- backend remembers the instants of the last day it converted; these
-- statements, in one session, cross that day's first and last microsecond
-- both ways, and a day of the 1949 summer time (23 hours) whose instants
-- are not remembered as a day.  In a database of its own.
CREATE DATABASE om_japan_day;
\c om_japan_day
CREATE EXTENSION omledger;
SET search_path = omledger, public;
SET TimeZone = 'America/New_York';
INSERT INTO contract (name, contractor, roles, term)
VALUES ('japan day', 'K', '{operator}', '[1949-01-01,2028-01-01)') RETURNING contract_id AS c \gset
-- registered for 2026-01-05 only, and for 1949-04-03 only
INSERT INTO person (contract_id, name, side, registered)
VALUES (:c, 'One day', 'city', '[2026-01-05,2026-01-06)') RETURNING person_id AS p \gset
INSERT INTO person (contract_id, name, side, registered)
VALUES (:c, 'Summer day', 'city', '[1949-04-03,1949-04-04)') RETURNING person_id AS s \gset
CREATE FUNCTION pg_temp.request(who bigint, at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO omledger.work_item (contract_id, kind, title, status, requested_by, requested_at)
	VALUES ((SELECT contract_id FROM omledger.contract WHERE name = 'japan day'),
	        'service_request', 'requested at ' || at, 'requested', who, at);
	RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
	RETURN 'refused: ' || SQLERRM;
END $$;
SELECT t AS requested_at_jst, pg_temp.request(:p, t::timestamptz) AS outcome
  FROM unnest(ARRAY[
	'2026-01-05 12:00:00+09',			-- the day is remembered
	'2026-01-05 23:59:59.999999+09',	-- its last microsecond
	'2026-01-06 00:00:00+09',			-- the next day's first: refused
	'2026-01-05 23:59:59.999999+09',	-- back
	'2026-01-05 00:00:00+09',			-- the day's first microsecond
	'2026-01-04 23:59:59.999999+09',	-- the day before: refused
	'2026-01-05 00:00:00.000001+09'
  ]) WITH ORDINALITY AS u(t, n) ORDER BY n;
-- 1949-04-03 began at 01:00 summer time (+10): its first instant is
-- 1949-04-02 15:00 UTC; an hour earlier it was still 1949-04-02 in Japan
SELECT t AS requested_at, pg_temp.request(:s, t::timestamptz) AS outcome
  FROM unnest(ARRAY[
	'1949-04-03 12:00:00+10',
	'1949-04-02 15:00:00+00',
	'1949-04-02 14:59:59.999999+00',
	'1949-04-03 23:59:59.999999+10',
	'1949-04-03 15:00:00+00'
  ]) WITH ORDINALITY AS u(t, n) ORDER BY n;
-- it ran: five and three accepted
SELECT count(*) FILTER (WHERE requested_by = :p) AS one_day,
       count(*) FILTER (WHERE requested_by = :s) AS summer_day
  FROM work_item;
\c contrib_regression
DROP DATABASE om_japan_day;
