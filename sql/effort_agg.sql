-- effort: min, max, sum and avg -- exact, NULL-aware, parallel, and as
-- moving window aggregates.
SET search_path = omledger, pg_catalog;
RESET omledger.effort_style;

SELECT min(e), max(e), sum(e), avg(e), count(e)
FROM (VALUES ('1h'::effort), ('2h'), ('30min'), (NULL), ('-15min')) v(e);
-- No rows, or only NULLs: NULL, like sum(bigint).
SELECT min(e), max(e), sum(e), avg(e) FROM (VALUES (NULL::effort)) v(e);
SELECT sum(e), avg(e) FROM (VALUES ('1h'::effort)) v(e) WHERE false;

-- avg rounds half away from zero to the minute.
SELECT avg(e) AS avg_1_2, avg(-e) AS avg_neg FROM (VALUES ('1min'::effort), ('2min')) v(e);
SELECT avg(e) AS one_third FROM (VALUES ('1min'::effort), ('0'), ('0')) v(e);
SELECT avg(e) AS two_thirds FROM (VALUES ('1min'::effort), ('1min'), ('0')) v(e);

-- Exact: no intermediate overflow, only a final sum outside the range fails.
SELECT sum(e) AS cancels_out, avg(e) AS avg_of_extremes
FROM (VALUES ('9223372036854775807min'::effort), ('9223372036854775807min'),
  ('-9223372036854775807min'), ('-9223372036854775807min'), ('5min')) v(e);
SELECT avg(e) AS avg_at_max
FROM (VALUES ('9223372036854775807min'::effort), ('9223372036854775807min')) v(e);
SELECT avg(e) AS avg_at_min
FROM (VALUES ('-9223372036854775808min'::effort), ('-9223372036854775808min')) v(e);
SELECT sum(e) FROM (VALUES ('9223372036854775807min'::effort), ('1min')) v(e);
SELECT sum(e) FROM (VALUES ('-9223372036854775808min'::effort), ('-1min')) v(e);

-- The same totals as exact numeric arithmetic on the minutes, per group.
CREATE TABLE effort_agg_t AS
SELECT g, make_effort(min => ((g * 7919) % 20000) - 7000) AS e
FROM generate_series(1, 200000) g;
INSERT INTO effort_agg_t VALUES (0, NULL), (-1, NULL);
ANALYZE effort_agg_t;
SELECT g % 4 AS grp,
       sum(e) AS total,
       effort_minutes(sum(e)) = sum(effort_minutes(e)) AS sum_exact,
       avg(e) AS mean,
       effort_minutes(avg(e)) = round(avg(effort_minutes(e)::numeric)) AS avg_exact,
       min(e), max(e)
FROM effort_agg_t GROUP BY 1 ORDER BY 1;

-- Parallel: partial aggregates in workers, combined (and serialized) in the leader.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT sum(e), avg(e), min(e), max(e) FROM effort_agg_t;
SELECT sum(e), avg(e), min(e), max(e) FROM effort_agg_t;
SELECT sum(e) = make_effort(min => (SELECT sum(effort_minutes(e)) FROM effort_agg_t)) AS parallel_sum_exact,
       avg(e) = make_effort(min => (SELECT round(avg(effort_minutes(e)::numeric)) FROM effort_agg_t)) AS parallel_avg_exact
FROM effort_agg_t;
SET force_parallel_mode = on;
EXPLAIN (COSTS OFF) SELECT sum(e), avg(e) FROM effort_agg_t WHERE g % 3 = 0;
SELECT sum(e), avg(e) FROM effort_agg_t WHERE g % 3 = 0;
SELECT sum(effort_minutes(e)), round(avg(effort_minutes(e)::numeric)) FROM effort_agg_t WHERE g % 3 = 0;
RESET force_parallel_mode;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
-- Every function that takes or returns effort (the aggregates and their
-- support functions among them) is parallel safe.
SELECT p.oid::regprocedure AS func, p.proparallel
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'omledger'
WHERE p.proparallel <> 's' AND p.prorettype <> 'trigger'::regtype
  AND ('omledger.effort'::regtype IN (p.prorettype, p.proargtypes[0], p.proargtypes[1])
       OR p.proname LIKE 'effort%')
ORDER BY 1;
SELECT a.aggfnoid::regprocedure AS agg, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn,
       a.aggminvtransfn, a.aggsortop::regoperator AS sortop
FROM pg_aggregate a
WHERE a.aggfnoid::regproc::text LIKE 'omledger.%' AND a.aggfnoid::regprocedure::text LIKE '%(effort)'
ORDER BY 1;

-- min and max use the btree index (SORTOP).
CREATE INDEX ON effort_agg_t (e);
EXPLAIN (COSTS OFF) SELECT min(e), max(e) FROM effort_agg_t;
SELECT min(e), max(e) FROM effort_agg_t;
DROP TABLE effort_agg_t;

-- Moving windows use the inverse transition and give the same results.
SELECT i, e, sum(e) OVER w AS moving_sum, avg(e) OVER w AS moving_avg,
       count(e) OVER w AS n
FROM (VALUES (1, '1h'::effort), (2, '2h'), (3, NULL), (4, '-30min'), (5, '-1pd'),
  (6, '9223372036854775807min'), (7, '-9223372036854775807min'), (8, '1min'),
  (9, NULL), (10, NULL)) v(i, e)
WINDOW w AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
ORDER BY i;
SELECT i, sum(e) OVER (ORDER BY i) AS running_sum,
       sum(e) OVER (ORDER BY i ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS remaining
FROM (VALUES (1, '1h'::effort), (2, '2h'), (3, NULL), (4, '-30min'), (5, '1pd')) v(i, e)
ORDER BY i;
-- RANGE frames with an effort offset (in_range support).
SELECT e, count(*) OVER (ORDER BY e RANGE BETWEEN '1h' PRECEDING AND '30min' FOLLOWING)
FROM (VALUES ('0'::effort), ('30min'), ('1h'), ('1h 30min'), ('3h')) v(e);
-- Hash aggregation groups by effort.
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT e, count(*) FROM (VALUES ('1h'::effort), ('60min'), ('2h')) v(e) GROUP BY e;
SELECT e, count(*) FROM (VALUES ('1h'::effort), ('60min'), ('2h')) v(e) GROUP BY e ORDER BY e;
RESET enable_sort;
