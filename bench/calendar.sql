-- bench/calendar.sql -- is_closed_day over 100 years of dates (2000-2099,
-- 36,525 days) against the same rule in SQL with a lookup in a holiday table
-- built from jp_holidays(), in one run.  Starts nothing: run it against a
-- server with omledger installed, e.g.
--   psql -X -q -d postgres -f bench/calendar.sql
-- Each query runs 10 times (QUICK=1: 3); the best time is reported, per query
-- and per day, and with BENCH_RESULTS set the median goes there.
\set ON_ERROR_STOP 1
SET client_min_messages = notice;
SET max_parallel_workers_per_gather = 0;
-- QUICK=1 in the environment: 3 runs of each query instead of 10
\getenv quick QUICK
\set loops 10
\if :{?quick}
\if :quick
\set loops 3
\endif
\endif
SET bench.loops = :'loops';
CREATE TEMP TABLE bench_times (label text, ms float8);
CREATE TEMP TABLE bench_days AS
  SELECT d::date AS day FROM generate_series('2000-01-01'::date, '2099-12-31', '1 day') AS d;
CREATE TEMP TABLE bench_holidays AS
  SELECT day, name FROM omledger.jp_holidays('2000-01-01', '2099-12-31');
ALTER TABLE bench_holidays ADD PRIMARY KEY (day);
ANALYZE bench_days, bench_holidays;
\o /dev/null

CREATE FUNCTION pg_temp.bench(label text, query text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  best interval;
  t0 timestamptz;
  t interval;
  n bigint;
  days bigint;
BEGIN
  SELECT count(*) INTO days FROM bench_days;
  FOR i IN 1..current_setting('bench.loops')::int LOOP
    t0 := clock_timestamp();
    EXECUTE query INTO n;
    t := clock_timestamp() - t0;
    IF best IS NULL OR t < best THEN best := t; END IF;
    INSERT INTO bench_times VALUES (label, extract(epoch FROM t) * 1000);
  END LOOP;
  RAISE NOTICE '% | % ms | % ns/day | result %', rpad(label, 46),
    lpad(to_char(extract(epoch FROM best) * 1000, 'FM9990.00'), 8),
    lpad(to_char(extract(epoch FROM best) * 1e9 / days, 'FM99990'), 5), n;
END $$;

SELECT pg_temp.bench('baseline: count(*) over the days',
  'SELECT count(*) FROM bench_days');
SELECT pg_temp.bench('is_closed_day(day) (C, with overrides)',
  'SELECT count(*) FROM bench_days WHERE omledger.is_closed_day(day)');
SELECT pg_temp.bench('same rule in SQL, holiday table lookup',
  $q$SELECT count(*) FROM bench_days d
      WHERE extract(isodow FROM d.day) >= 6
         OR to_char(d.day, 'MM-DD') NOT BETWEEN '01-04' AND '12-28'
         OR EXISTS (SELECT 1 FROM bench_holidays h WHERE h.day = d.day)$q$);
SELECT pg_temp.bench('is_jp_holiday(day) (C, pure)',
  'SELECT count(*) FROM bench_days WHERE omledger.is_jp_holiday(day)');
SELECT pg_temp.bench('holiday table lookup alone (hash join)',
  'SELECT count(*) FROM bench_days d JOIN bench_holidays h USING (day)');
SELECT pg_temp.bench('jp_holiday_name(day) IS NOT NULL (C)',
  'SELECT count(*) FROM bench_days WHERE omledger.jp_holiday_name(day) IS NOT NULL');
SELECT pg_temp.bench('jp_holidays() over the 100 years (SRF)',
  $q$SELECT count(*) FROM omledger.jp_holidays('2000-01-01', '2099-12-31')$q$);
SELECT pg_temp.bench('open_days_between over the 100 years',
  $q$SELECT omledger.open_days_between('2000-01-01', '2100-01-01')$q$);

-- The cost of reloading the cached configuration: 1000 rounds of an UPDATE
-- of no rows (its statement trigger invalidates the copy) followed by a
-- call, against the same rounds without the call and the calls alone.
CREATE FUNCTION pg_temp.reload_rounds(with_update boolean, with_call boolean) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE n bigint := 0;
BEGIN
  FOR i IN 1..1000 LOOP
    IF with_update THEN
      UPDATE omledger.calendar_override SET reason = reason WHERE false;
    END IF;
    IF with_call AND omledger.is_closed_day('2026-01-05'::date + i) THEN n := n + 1; END IF;
  END LOOP;
  RETURN n;
END $$;
SELECT pg_temp.bench('1000 calls, cached', 'SELECT pg_temp.reload_rounds(false, true)');
SELECT pg_temp.bench('1000 no-op UPDATEs', 'SELECT pg_temp.reload_rounds(true, false)');
SELECT pg_temp.bench('1000 no-op UPDATEs + calls (reload each)', 'SELECT pg_temp.reload_rounds(true, true)');
\o
-- BENCH_RESULTS in the environment: append the contract's lines (bench/results.sh),
-- medians of the runs of each query
\getenv bench_results BENCH_RESULTS
\if :{?bench_results}
CREATE TEMP TABLE bench_median AS SELECT label, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms FROM bench_times GROUP BY label;
\copy (SELECT 'calendar', c.label, 1, round(c.ms::numeric, 3), 'ms', b.label, round(b.ms::numeric, 3), round((b.ms / c.ms)::numeric, 3) FROM (VALUES ('is_closed_day(day) (C, with overrides)', 'same rule in SQL, holiday table lookup'), ('is_jp_holiday(day) (C, pure)', 'holiday table lookup alone (hash join)'), ('jp_holiday_name(day) IS NOT NULL (C)', 'holiday table lookup alone (hash join)')) AS p(c, b) JOIN bench_median c ON c.label = p.c JOIN bench_median b ON b.label = p.b) TO PROGRAM 'cat >> "$BENCH_RESULTS"'
\endif
