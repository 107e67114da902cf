-- bench/effort.sql -- sum() over 10 million effort values beside sum() of
-- bigint and of numeric on the same rows, in one run.
--
--   psql -X -v ON_ERROR_STOP=1 -f bench/effort.sql     (PGHOST/PGPORT set,
--                                                       omledger installed)
-- Optional: -v rows=N (default 10000000) -v reps=N (default 9).
-- Needs about 600 MB of disk for an unlogged table, dropped at the end.
-- Serial plans (no parallel workers), so the numbers compare per-row cost;
-- the three queries are interleaved in every repetition and the median of
-- the repetitions is reported, with the ratios to bigint.
\set ON_ERROR_STOP 1
-- QUICK=1 in the environment: a smoke run (make bench QUICK=1)
\getenv quick QUICK
\if :{?quick}
\if :quick
\if :{?rows}
\else
\set rows 200000
\endif
\if :{?reps}
\else
\set reps 3
\endif
\endif
\endif
\if :{?rows}
\else
\set rows 10000000
\endif
\if :{?reps}
\else
\set reps 9
\endif
CREATE EXTENSION IF NOT EXISTS omledger;
SET search_path = public, omledger;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
-- Values from -8h to +3pd, minutes; the three columns hold the same numbers.
-- The two fixed-width columns come first so that both are deformed at a
-- cached offset (a column after the varlena numeric would not be).
DROP TABLE IF EXISTS public.omledger_bench_effort;
CREATE UNLOGGED TABLE public.omledger_bench_effort AS
SELECT m::bigint AS b, omledger.make_effort(min => m) AS e, m::numeric AS n
FROM (SELECT ((g::bigint * 7919) % 1920) - 480 AS m FROM generate_series(1, :rows) g) s;
VACUUM ANALYZE public.omledger_bench_effort;
-- Warm the cache and check that the three sums agree.
SELECT omledger.effort_minutes(sum(e)) = sum(b) AND sum(b) = sum(n) AS sums_agree,
       count(*) AS rows FROM public.omledger_bench_effort;

CREATE FUNCTION pg_temp.bench(reps int) RETURNS TABLE (
  type text, median_ms numeric, min_ms numeric, ratio_to_bigint numeric)
LANGUAGE plpgsql AS $$
DECLARE
  q text[] := ARRAY['SELECT sum(e) FROM public.omledger_bench_effort',
                    'SELECT sum(b) FROM public.omledger_bench_effort',
                    'SELECT sum(n) FROM public.omledger_bench_effort'];
  names text[] := ARRAY['effort', 'bigint', 'numeric'];
  t0 timestamptz;
  ms float8[] := '{}';
  i int; k int;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS bench_times (type text, ms float8);
  TRUNCATE bench_times;
  FOR i IN 1..reps LOOP
    FOR k IN 1..3 LOOP
      t0 := clock_timestamp();
      EXECUTE q[k];
      INSERT INTO bench_times VALUES (names[k],
        extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
  END LOOP;
  RETURN QUERY
  WITH m AS (
    SELECT bt.type, percentile_cont(0.5) WITHIN GROUP (ORDER BY bt.ms) AS med,
           min(bt.ms) AS mn
    FROM bench_times bt GROUP BY bt.type)
  SELECT m.type, round(m.med::numeric, 1), round(m.mn::numeric, 1),
         round((m.med / (SELECT med FROM m WHERE m.type = 'bigint'))::numeric, 3)
  FROM m ORDER BY m.med;
END $$;
CREATE TEMP TABLE effort_bench_result AS SELECT * FROM pg_temp.bench(:reps);
SELECT * FROM effort_bench_result;
-- BENCH_RESULTS in the environment: append the contract's lines (bench/results.sh)
\getenv bench_results BENCH_RESULTS
\if :{?bench_results}
\copy (SELECT 'effort', 'sum() of ' || r.type || ' over ' || (SELECT count(*) FROM public.omledger_bench_effort) || ' rows', 1, r.median_ms, 'ms', 'sum() of bigint', b.median_ms, round(b.median_ms / r.median_ms, 3) FROM effort_bench_result r, effort_bench_result b WHERE b.type = 'bigint' AND r.type <> 'bigint' ORDER BY r.type) TO PROGRAM 'cat >> "$BENCH_RESULTS"'
\endif
DROP TABLE public.omledger_bench_effort;
