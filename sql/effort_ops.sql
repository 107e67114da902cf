-- effort: operators, functions, casts, indexes and the binary format.
SET search_path = omledger, pg_catalog;
RESET omledger.effort_style;

CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  DECLARE st text; msg text;
  BEGIN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    RETURN st || ' ' || msg;
  END;
END $$;

-- Comparison: all six operators, and their commutators/negators.
SELECT a, b, a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge
FROM (VALUES ('1pd'::effort, '8h'::effort), ('1h', '61min'), ('-1min', '0'),
  ('1pm', '19pd 7h 59min')) v(a, b);
SELECT o.oprname, o.oprcom::regoperator AS commutator, o.oprnegate::regoperator AS negator,
       o.oprrest, o.oprjoin, o.oprcanhash, o.oprcanmerge
FROM pg_operator o
WHERE o.oprleft = 'effort'::regtype AND o.oprright = 'effort'::regtype
  AND o.oprresult = 'boolean'::regtype
ORDER BY o.oprname;
SELECT effort_cmp('1h', '2h'), effort_cmp('2h', '2h'), effort_cmp('2h', '1h');

-- Arithmetic.
SELECT '1h'::effort + '30min' AS plus, '1h'::effort - '90min' AS minus,
       -'2pm 3pd'::effort AS negate, - -'1min'::effort AS double_negate,
       effort_abs('-3h') AS abs;
-- Multiplication and division by numeric round half away from zero.
SELECT e, f, e * f AS e_times_f, f * e AS f_times_e, e / f AS e_over_f
FROM (VALUES ('1h'::effort, 1.5), ('1min', 0.5), ('-1min', 0.5), ('1min', 0.49999),
  ('3min', 0.5), ('-3min', 0.5), ('10min', 4), ('-10min', 4), ('10min', -4),
  ('1pm', 3), ('1pd', 0.1), ('1min', 2.5), ('5min', 2), ('5min', -2), ('0', 7))
  v(e, f);
-- The rounding is exact: no intermediate rounding tips a value near a half.
SELECT '1min'::effort / 2.0000000000000000000000000001 AS just_below_half,
       '1min'::effort / 1.9999999999999999999999999999 AS just_above_half,
       '1min'::effort * 0.4999999999999999999999999999 AS just_below_half_mul,
       '9223372036854775807min'::effort / 1 AS max_over_one,
       '2min'::effort / 'Infinity'::numeric AS over_infinity;
-- effort / effort is a numeric ratio.
SELECT '1pm'::effort / '1pd'::effort AS pd_per_pm, '1h'::effort / '3h'::effort AS third,
       '-90min'::effort / '1h'::effort AS neg;
-- Integer literals work through numeric.
SELECT '1h'::effort * 3 AS times_3, 3 * '1h'::effort AS three_times, '1pd'::effort / 8 AS per_hour;

-- Errors: overflow 22003, division by zero 22012, NaN 22023.
SELECT q, pg_temp.sqlstate_of(q) FROM (VALUES
  ('SELECT ''9223372036854775807min''::omledger.effort + ''1min'''),
  ('SELECT ''-9223372036854775808min''::omledger.effort - ''1min'''),
  ('SELECT -''-9223372036854775808min''::omledger.effort'),
  ('SELECT omledger.effort_abs(''-9223372036854775808min'')'),
  ('SELECT ''1pm''::omledger.effort * 1e30'),
  ('SELECT ''9223372036854775807min''::omledger.effort * 1.0000001'),
  ('SELECT ''9223372036854775807min''::omledger.effort / -1'),
  ('SELECT ''-9223372036854775808min''::omledger.effort / -1'),
  ('SELECT ''1min''::omledger.effort / 1e-30'),
  ('SELECT ''1h''::omledger.effort * ''Infinity''::numeric'),
  ('SELECT ''0''::omledger.effort * ''Infinity''::numeric'),
  ('SELECT ''1h''::omledger.effort * ''NaN''::numeric'),
  ('SELECT ''1h''::omledger.effort / ''NaN''::numeric'),
  ('SELECT ''1h''::omledger.effort / 0'),
  ('SELECT ''1h''::omledger.effort / 0.0'),
  ('SELECT ''1h''::omledger.effort / ''0''::omledger.effort')
) v(q);
SELECT '-9223372036854775808min'::effort + '9223372036854775807min' AS minus_one;

-- make_effort: exact, never rounds.
SELECT make_effort() AS zero, make_effort(1, 2, 3, 4) AS all_four,
       make_effort(pm => 1.5) AS pm, make_effort(pd => 0.5) AS pd, make_effort(h => 0.1) AS h,
       make_effort(min => 90) AS min, make_effort(pm => 1, min => -1) AS mixed,
       make_effort(h => 1.005, min => 0.7) AS adds_to_whole,
       make_effort(pm => -0.5) AS negative,
       make_effort(min => 9223372036854775807) AS max,
       make_effort(h => NULL) AS strict_null;
SELECT q, pg_temp.sqlstate_of(q) FROM (VALUES
  ('SELECT omledger.make_effort(h => 0.001)'),
  ('SELECT omledger.make_effort(pm => 0.0001)'),
  ('SELECT omledger.make_effort(min => 0.5)'),
  ('SELECT omledger.make_effort(min => 9223372036854775808)'),
  ('SELECT omledger.make_effort(pm => 1e20)'),
  ('SELECT omledger.make_effort(h => ''NaN'')'),
  ('SELECT omledger.make_effort(pd => ''Infinity'')')
) v(q);
SELECT make_effort(h => 0.001);

-- Unit views: exact numeric where a finite decimal exists.
SELECT e, effort_pm(e) AS pm, effort_pd(e) AS pd, effort_hours(e) AS hours,
       effort_minutes(e) AS minutes
FROM (VALUES ('2pm 3pd 4h 30min'::effort), ('1.5pm'), ('-1pd'), ('1min'), ('3min'),
  ('0'), ('9223372036854775807min'), ('-9223372036854775808min')) v(e);
-- They round-trip through make_effort whenever they are exact.
SELECT make_effort(pm => effort_pm('2pm 3pd 4h 30min')) AS via_pm,
       make_effort(pd => effort_pd('2pm 3pd 4h 30min')) AS via_pd,
       make_effort(h => effort_hours('2pm 3pd 4h 30min')) AS via_hours;

-- Casts: interval -> effort (clock time, whole minutes) and back.
SELECT i, i::effort AS effort FROM (VALUES ('2 hours 30 minutes'::interval), ('90 minutes'),
  ('-45 minutes'), ('160:00:00'), ('0'), ('1 hour 120 seconds')) v(i);
SELECT e, e::interval AS i FROM (VALUES ('1pd'::effort), ('1pm'), ('-1h 30min'), ('0')) v(e);
SELECT q, pg_temp.sqlstate_of(q) FROM (VALUES
  ('SELECT ''1 day''::interval::omledger.effort'),
  ('SELECT ''1 month''::interval::omledger.effort'),
  ('SELECT ''1 day -24 hours''::interval::omledger.effort'),
  ('SELECT ''30 seconds''::interval::omledger.effort'),
  ('SELECT ''1 minute 0.5 seconds''::interval::omledger.effort'),
  ('SELECT ''9223372036854775807min''::omledger.effort::interval')
) v(q);
SELECT '1 day'::interval::effort;
-- No implicit casts: an interval day is not a person-day.
SELECT castsource::regtype, casttarget::regtype, castcontext, castmethod
FROM pg_cast WHERE castsource = 'effort'::regtype OR casttarget = 'effort'::regtype
ORDER BY 1, 2;
SELECT pg_temp.sqlstate_of('SELECT ''1h''::omledger.effort + interval ''1 hour''');
SELECT pg_temp.sqlstate_of('SELECT 60::bigint::omledger.effort');

-- Indexes: btree (with deduplication) and hash, both used.
CREATE TABLE effort_ops_t (id int, e effort);
INSERT INTO effort_ops_t SELECT g, make_effort(min => (g % 500) * 15 - 2000)
FROM generate_series(1, 5000) g;
CREATE INDEX effort_ops_bt ON effort_ops_t (e);
CREATE INDEX effort_ops_h ON effort_ops_t USING hash (e);
ANALYZE effort_ops_t;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM effort_ops_t WHERE e BETWEEN '1h' AND '2h';
SELECT count(*) FROM effort_ops_t WHERE e BETWEEN '1h' AND '2h';
EXPLAIN (COSTS OFF) SELECT * FROM effort_ops_t ORDER BY e DESC LIMIT 3;
SELECT e FROM effort_ops_t ORDER BY e DESC LIMIT 3;
DROP INDEX effort_ops_bt;
EXPLAIN (COSTS OFF) SELECT count(*) FROM effort_ops_t WHERE e = '1h 40min';
SELECT count(*) FROM effort_ops_t WHERE e = '1h 40min';
RESET enable_seqscan;
RESET enable_bitmapscan;
RESET enable_indexscan;
-- Merge and hash joins.
SET enable_hashjoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM effort_ops_t a JOIN effort_ops_t b USING (e);
SELECT count(*) FROM effort_ops_t a JOIN effort_ops_t b USING (e);
RESET enable_hashjoin;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM effort_ops_t a JOIN effort_ops_t b USING (e);
SELECT count(*) FROM effort_ops_t a JOIN effort_ops_t b USING (e);
RESET enable_mergejoin;
RESET enable_nestloop;
SELECT count(DISTINCT e) AS distinct_values, count(*) FILTER (WHERE e < '0') AS negative
FROM effort_ops_t;
-- The hash functions are int8's: equal minutes, equal hashes.
SELECT effort_hash('1h') = hashint8(60) AS hash_is_int8,
       effort_hash_extended('1h', 42) = hashint8extended(60, 42) AS ext_hash_is_int8;
DROP TABLE effort_ops_t;

-- The binary format: the minutes as a big-endian int8, as bigint sends it.
SELECT e, effort_send(e) AS bytes, effort_send(e) = int8send(effort_minutes(e)) AS like_int8
FROM (VALUES ('1h'::effort), ('-1min'), ('2pm 3pd 4h 30min'),
  ('-9223372036854775808min')) v(e);
-- A COPY BINARY round trip through a file (server-side; removed on read).
CREATE TABLE effort_bin_src (id int, e effort);
INSERT INTO effort_bin_src VALUES (1, '2pm 3pd 4h 30min'), (2, '-1min'), (3, '0'), (4, NULL),
  (5, '9223372036854775807min'), (6, '-9223372036854775808min');
SELECT format('/tmp/omledger_effort_binary_%s.dat', pg_backend_pid()) AS binfile,
       format('cat /tmp/omledger_effort_binary_%1$s.dat && rm -f /tmp/omledger_effort_binary_%1$s.dat',
              pg_backend_pid()) AS readcmd \gset
COPY effort_bin_src TO :'binfile' (FORMAT binary);
-- The first row's effort field: length 8, then 2pm 3pd 4h 30min = 20910 minutes.
SELECT position('\x0000000800000000000051ae'::bytea IN pg_read_binary_file(:'binfile')) > 0
  AS holds_int8_minutes;
CREATE TABLE effort_bin_dst (LIKE effort_bin_src);
COPY effort_bin_dst FROM PROGRAM :'readcmd' (FORMAT binary);
SELECT s.id, s.e, d.e AS copied, s.e IS NOT DISTINCT FROM d.e AS same
FROM effort_bin_src s JOIN effort_bin_dst d USING (id) ORDER BY id;
DROP TABLE effort_bin_src, effort_bin_dst;

-- Every effort object of the extension carries a comment.
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS uncommented
FROM pg_depend d JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'omledger'
WHERE d.deptype = 'e'
  AND pg_describe_object(d.classid, d.objid, d.objsubid) LIKE '%effort%'
  AND obj_description(d.objid, d.classid::regclass::text) IS NULL;
