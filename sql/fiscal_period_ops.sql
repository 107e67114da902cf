-- fiscal_period: functions, operators, series, indexes, binary I/O, wareki.
SET search_path = omledger, public;
SET omledger.period_style = iso;
SET DateStyle = ISO;

CREATE FUNCTION pg_temp.try(stmt text, OUT state text, OUT message text,
                            OUT detail text, OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE stmt;
  state := '00000';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                          detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END $$;

-- Parts.
SELECT p, fiscal_year(p), granularity(p), lower(p), upper(p), p::daterange AS days
FROM (VALUES ('FY2025'::fiscal_period), ('FY2025-H2'), ('FY2025-Q4'), ('2026-02'),
             ('FY1873'), ('FY9998-Q4')) v(p);
SELECT fiscal_year(date '2026-03-31'), fiscal_year(date '2026-04-01');
SELECT fiscal_period_text('FY2025-H2', 'wareki'), fiscal_period_text('FY2025-H2', 'ISO');

-- parent: coarser or the same granularity only.
SELECT parent('2026-02', 'quarter'), parent('2026-02', 'half'), parent('2026-02', 'year'),
       parent('2026-02', 'month'), parent('FY2025-Q2', 'half');

-- Containment and overlap.
SELECT 'FY2025'::fiscal_period @> date '2026-03-31' AS a, 'FY2025'::fiscal_period @> date '2026-04-01' AS b,
       date '2025-10-01' <@ 'FY2025-H2'::fiscal_period AS c, 'FY2025-Q1'::fiscal_period @> date 'infinity' AS d,
       'FY2025-H2'::fiscal_period @> '2026-01'::fiscal_period AS e, 'FY2025-Q3'::fiscal_period @> 'FY2025-H2'::fiscal_period AS f,
       '2026-01'::fiscal_period <@ 'FY2025-Q4'::fiscal_period AS g, 'FY2025'::fiscal_period <@ 'FY2025'::fiscal_period AS h,
       'FY2025-Q3'::fiscal_period && 'FY2025-H2'::fiscal_period AS i, 'FY2025-Q3'::fiscal_period && 'FY2025-Q4'::fiscal_period AS j;

-- Arithmetic steps by the period's own granularity.
SELECT 'FY2025'::fiscal_period + 1 AS y, 'FY2025-H2'::fiscal_period + 1 AS h, 'FY2025-Q4'::fiscal_period + 1 AS q,
       '2026-03'::fiscal_period + 1 AS m, 2 + 'FY2025-Q1'::fiscal_period AS q2, '2025-04'::fiscal_period - 1 AS m2,
       'FY2025-Q1'::fiscal_period - 5 AS q3;
SELECT 'FY2030'::fiscal_period - 'FY2025' AS years, 'FY2025-Q1'::fiscal_period - 'FY2026-Q3' AS quarters,
       '2026-03'::fiscal_period - '2025-04' AS months;
\x on
SELECT stmt, (pg_temp.try(stmt)).*
FROM unnest(ARRAY[
  $$SELECT 'FY9998'::omledger.fiscal_period + 1$$,
  $$SELECT '1873-04'::omledger.fiscal_period - 1$$,
  $$SELECT 'FY2025'::omledger.fiscal_period + 2147483647$$,
  $$SELECT 'FY2025'::omledger.fiscal_period - (-2147483647 - 1)$$,
  $$SELECT 'FY2025'::omledger.fiscal_period OPERATOR(omledger.-) '2025-04'::omledger.fiscal_period$$,
  $$SELECT omledger.parent('FY2025-Q1', 'month')$$,
  $$SELECT omledger.parent('FY2025-Q1', 'decade')$$,
  $$SELECT omledger.fiscal_period_text('FY2025', 'roman')$$,
  $$SELECT omledger.fiscal_periods('FY2025'::omledger.fiscal_period, '2026-03')$$,
  $$SELECT omledger.fiscal_periods(daterange('2025-01-01', NULL), 'month')$$,
  $$SELECT omledger.fiscal_periods(daterange('1873-01-01', '1873-06-01'), 'month')$$,
  $$SELECT omledger.fiscal_year(date '1873-03-31')$$]) AS t(stmt);
\x off

-- Series.
SELECT * FROM fiscal_periods('FY2025-Q3'::fiscal_period, 'FY2026-Q2');
SELECT count(*) FROM fiscal_periods('2025-04'::fiscal_period, '2026-03');
SELECT count(*) FROM fiscal_periods('FY2026'::fiscal_period, 'FY2025');
SELECT * FROM fiscal_periods('FY9998-H1'::fiscal_period, 'FY9998-H2');
SELECT * FROM fiscal_periods(daterange('2025-09-15', '2026-01-01'), 'quarter');
SELECT * FROM fiscal_periods(daterange('2025-09-15', '2025-10-01'), 'month');
SELECT * FROM fiscal_periods(daterange('2025-09-15', '2025-10-01', '[]'), 'month');
SELECT * FROM fiscal_periods('empty'::daterange, 'month');
SELECT p, p::daterange FROM fiscal_periods(('FY2025'::fiscal_period)::daterange, 'half') AS p;
SELECT * FROM fiscal_periods('2025-04'::fiscal_period, '2099-03') LIMIT 3;

-- Aggregates.
SELECT min(p), max(p) FROM (VALUES ('2025-05'::fiscal_period), ('FY2025'), ('FY2024-Q4'), ('2026-03')) v(p);
SELECT min(p) IS NULL AS empty_min FROM (SELECT 'FY2025'::fiscal_period WHERE false) v(p);

-- Output styles and the GUC; output is STABLE, so the same value prints per setting.
CREATE TEMP TABLE fp_style (p fiscal_period);
INSERT INTO fp_style VALUES ('FY2019'), ('FY2019-H1'), ('FY2019-Q1'), ('2019-04'), ('2019-05'), ('FY1988-Q4'), ('1989-01');
SET omledger.period_style = wareki;
SELECT p, p::text AS t FROM fp_style ORDER BY p;
SELECT '令和7年度'::fiscal_period + 1 AS next, to_wareki(lower('令和7年度第3四半期'::fiscal_period));
RESET omledger.period_style;
SELECT p FROM fp_style ORDER BY p;
SELECT p::text::fiscal_period = p AS iso_round_trip FROM fp_style GROUP BY 1;
DROP TABLE fp_style;

-- Binary send and receive.
SELECT fiscal_period_send('FY2025'), fiscal_period_send('2025-10');
CREATE TEMP TABLE fp_bin (p fiscal_period);
INSERT INTO fp_bin SELECT fiscal_periods('FY2024'::fiscal_period, 'FY2026') UNION ALL SELECT fiscal_periods('2025-01'::fiscal_period, '2025-06');
CREATE TEMP TABLE fp_bin2 (LIKE fp_bin);
DO $$
DECLARE f text := '/tmp/omledger_fp_' || pg_backend_pid() || '.bin';
BEGIN
  EXECUTE format('COPY fp_bin TO %L WITH (FORMAT binary)', f);
  EXECUTE format('COPY fp_bin2 FROM %L WITH (FORMAT binary)', f);
  EXECUTE format('COPY (SELECT 5) TO %L WITH (FORMAT binary)', f);
  BEGIN
    EXECUTE format('COPY fp_bin2 FROM %L WITH (FORMAT binary)', f);
  EXCEPTION WHEN invalid_binary_representation THEN
    RAISE NOTICE 'rejected: % (%)', SQLERRM, SQLSTATE;
  END;
  -- the program reads what COPY writes: one that exits first breaks the pipe
  EXECUTE format('COPY (SELECT 1) TO PROGRAM %L', 'cat >/dev/null; rm -f ' || f);
END $$;
SELECT count(*) AS rows, bool_and(a.p = b.p) AS same
FROM (SELECT p, row_number() OVER () AS n FROM fp_bin) a JOIN (SELECT p, row_number() OVER () AS n FROM fp_bin2) b USING (n);
DROP TABLE fp_bin, fp_bin2;

-- An index on a fiscal_period column serves equality, ranges and ordering;
-- GROUP BY can hash; joins can hash and merge.
CREATE TABLE fp_work (id int, period fiscal_period, hours int);
INSERT INTO fp_work
SELECT i, fiscal_period(date '1990-04-01' + (i % 13149), 'month'), i % 8 FROM generate_series(1, 40000) i;
CREATE INDEX fp_work_period ON fp_work (period);
ANALYZE fp_work;
-- Plans depend on statistics: assert only the node that matters.
CREATE FUNCTION pg_temp.plan_uses(q text, node text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE l text;
BEGIN
  FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    IF l LIKE '%' || node || '%' THEN RETURN true; END IF;
  END LOOP;
  RETURN false;
END $$;
SELECT pg_temp.plan_uses($q$SELECT count(*) FROM fp_work WHERE period = '2025-04'$q$, 'fp_work_period') AS uses_btree;
SELECT count(*) FROM fp_work WHERE period = '2025-04';
SELECT pg_temp.plan_uses($q$SELECT count(*) FROM fp_work WHERE period >= '2025-01' AND period < 'FY2025'$q$, 'fp_work_period') AS uses_btree;
SELECT count(*) FROM fp_work WHERE period >= '2025-01' AND period < 'FY2025';
SELECT pg_temp.plan_uses($q$SELECT period FROM fp_work ORDER BY period DESC LIMIT 1$q$, 'Backward') AS uses_btree_backward;
SELECT period FROM fp_work ORDER BY period DESC LIMIT 1;
SET enable_sort = off;
SELECT pg_temp.plan_uses($q$SELECT parent(period, 'year'), sum(hours) FROM fp_work GROUP BY 1$q$, 'HashAggregate') AS uses_hashagg;
SELECT parent(period, 'year') AS fy, sum(hours), count(*) FROM fp_work GROUP BY 1 ORDER BY 1 DESC LIMIT 3;
RESET enable_sort;
CREATE INDEX fp_work_period_hash ON fp_work USING hash (period);
SET enable_mergejoin = off;
SET enable_nestloop = off;
SELECT pg_temp.plan_uses($q$SELECT count(*) FROM fp_work a JOIN fp_work b ON a.period = b.period WHERE a.id < 10$q$, 'Hash Join') AS uses_hash_join;
RESET enable_nestloop;
SET enable_mergejoin = on;
SET enable_hashjoin = off;
SET enable_nestloop = off;
SELECT pg_temp.plan_uses($q$SELECT count(*) FROM fp_work a JOIN fp_work b ON a.period = b.period WHERE a.id < 10$q$, 'Merge Join') AS uses_merge_join;
SELECT count(*) FROM fp_work a JOIN fp_work b ON a.period = b.period WHERE a.id < 10;
RESET enable_hashjoin;
RESET enable_nestloop;
RESET enable_mergejoin;
-- The hash index alone serves equality.
DROP INDEX fp_work_period;
SELECT pg_temp.plan_uses($q$SELECT count(*) FROM fp_work WHERE period = '2025-04'$q$, 'fp_work_period_hash') AS uses_hash_index;
SELECT count(*) FROM fp_work WHERE period = '2025-04';
DROP TABLE fp_work;

-- to_wareki and wareki_date.
SELECT d, to_wareki(d) FROM (VALUES (date '2025-10-01'), ('2019-05-01'), ('2019-04-30'), ('1989-01-07'),
  ('1989-01-08'), ('1926-12-24'), ('1926-12-25'), ('1912-07-29'), ('1912-07-30'), ('1873-01-01')) v(d);
SELECT t, wareki_date(t) FROM unnest(ARRAY['令和7年10月1日', '令和元年5月1日', '平成31年4月30日', 'R7.10.1',
  'H31.4.30', 'R07/10/01', 'r1-5-1', 'Ｒ７．１０．１', '令和７年１０月１日', ' 令和 7 年 10 月 1 日 ', 'S64.1.7',
  '㍻元年1月8日', 'M6.1.1', 'R6.2.29']) AS t;
SELECT wareki_date(to_wareki(d::date)) = d AS round_trip, count(*)
FROM generate_series(date '1873-01-01', date '2200-12-31', '1 day') AS d GROUP BY 1;
\x on
SELECT stmt, (pg_temp.try(stmt)).*
FROM unnest(ARRAY[
  $$SELECT omledger.to_wareki('1872-12-31')$$,
  $$SELECT omledger.to_wareki('infinity')$$,
  $$SELECT omledger.wareki_date('令和元年4月30日')$$,
  $$SELECT omledger.wareki_date('H31.5.1')$$,
  $$SELECT omledger.wareki_date('平成32年1月1日')$$,
  $$SELECT omledger.wareki_date('令和0年1月1日')$$,
  $$SELECT omledger.wareki_date('R7.2.29')$$,
  $$SELECT omledger.wareki_date('R7.13.1')$$,
  $$SELECT omledger.wareki_date('明治5年12月2日')$$,
  $$SELECT omledger.wareki_date('2025-10-01')$$,
  $$SELECT omledger.wareki_date('R7.10/1')$$,
  $$SELECT omledger.wareki_date('令和7年10月1')$$,
  $$SELECT omledger.wareki_date('R9999999.1.1')$$]) AS t(stmt);
\x off
