-- test/scripts/hostile.sql -- helpers of hostile.sh (loaded into its own
-- throwaway database, schema hostile).  Builds a list of calls -- every
-- function and aggregate of the extension with NULL and extreme arguments,
-- casts of hostile text to the extension's types, and INSERT/UPDATE/DELETE
-- of every table of the extension with each column NULL or extreme -- and a
-- procedure that runs them one by one, each rolled back, committing the
-- SQLSTATE of each so that a call that crashes the server is the first one
-- left without a result.
CREATE SCHEMA hostile;
SET search_path = hostile, pg_catalog;

-- SQL expressions of a type: the first non-NULL one is an ordinary value
-- (used for the other arguments when a function has too many combinations).
CREATE TABLE hostile.val (typ regtype NOT NULL, expr text NOT NULL, ord serial);
INSERT INTO hostile.val (typ, expr) VALUES
 ('boolean', 'true'), ('boolean', 'false'),
 ('smallint', '1::int2'), ('smallint', '0::int2'), ('smallint', '(-1)::int2'),
 ('smallint', '(-32768)::int2'), ('smallint', '32767::int2'),
 ('integer', '1'), ('integer', '0'), ('integer', '-1'),
 ('integer', '(-2147483648)::int4'), ('integer', '2147483647'),
 ('bigint', '1::int8'), ('bigint', '0::int8'), ('bigint', '(-1)::int8'), ('bigint', '2::int8'),
 ('bigint', '(-9223372036854775808)::int8'), ('bigint', '9223372036854775807::int8'),
 ('numeric', '1.5::numeric'), ('numeric', '0::numeric'), ('numeric', '(-1)::numeric'),
 ('numeric', '''NaN''::numeric'), ('numeric', '''Infinity''::numeric'),
 ('numeric', '''-Infinity''::numeric'), ('numeric', '''1e1000''::numeric'),
 ('numeric', '''-1e1000''::numeric'), ('numeric', '''1e-1000''::numeric'),
 ('numeric', '9223372036854775808::numeric'),
 ('text', '''month'''), ('text', ''''''), ('text', 'repeat(''x'', 100000)'),
 ('text', '''invalid'''), ('text', $$'it''s \ "quoted" \\'$$), ('text', $$E'\t\n '$$),
 ('text', '''year'''), ('text', '''half'''), ('text', '''quarter'''), ('text', '''年度'''),
 ('text', '''iso'''), ('text', '''wareki'''), ('text', '''operator'''), ('text', '''vendor'''),
 ('text', '''failure_recovery'''), ('text', '''service_request'''), ('text', '''modification'''),
 ('text', '''令和元年5月1日'''), ('text', '''明治元年1月1日'''), ('text', '''令和99999999999999999999年1月1日'''),
 ('text', '''FY2025'''), ('text', '''1pm 2pd'''), ('text', '''令'' || repeat(''和'', 20000)'),
 ('name', '''x''::name'), ('name', '''''::name'), ('name', 'repeat(''n'', 63)::name'),
 ('date', '''2026-01-13''::date'), ('date', '''-infinity''::date'), ('date', '''infinity''::date'),
 ('date', '''4713-01-01 BC''::date'), ('date', '''5874897-12-31''::date'),
 ('date', '''1873-03-31''::date'), ('date', '''9999-04-01''::date'), ('date', '''2019-04-30''::date'),
 ('time without time zone', '''09:00''::time'), ('time without time zone', '''00:00''::time'),
 ('time without time zone', '''24:00''::time'), ('time without time zone', '''23:59:59.999999''::time'),
 ('timestamp with time zone', '''2026-01-13 02:10+09''::timestamptz'),
 ('timestamp with time zone', '''-infinity''::timestamptz'),
 ('timestamp with time zone', '''infinity''::timestamptz'),
 ('timestamp with time zone', '''4714-11-24 00:00:00+00 BC''::timestamptz'),
 ('timestamp with time zone', '''294276-12-31 23:59:59.999999+00''::timestamptz'),
 ('timestamp with time zone', '''2019-04-30 23:59:59.999999+09''::timestamptz'),
 ('interval', '''1 hour''::interval'), ('interval', '''0''::interval'), ('interval', '''-1 hour''::interval'),
 ('interval', '''178000000 years''::interval'), ('interval', '''-178000000 years''::interval'),
 ('interval', '''2147483647 days 2562047788 hours''::interval'), ('interval', '''1 microsecond''::interval'),
 ('daterange', '''[2025-10-01,2026-04-01)''::daterange'), ('daterange', '''empty''::daterange'),
 ('daterange', '''(,)''::daterange'), ('daterange', '''[2026-01-01,)''::daterange'),
 ('daterange', '''(,2026-01-01)''::daterange'), ('daterange', '''[-infinity,infinity]''::daterange'),
 ('daterange', '''[4713-01-01 BC,5874897-12-30]''::daterange'),
 ('daterange', '''[2026-01-13,2026-01-13]''::daterange'),
 ('omledger.effort', '''1pm 2pd 3h 4min''::omledger.effort'), ('omledger.effort', '''0min''::omledger.effort'),
 ('omledger.effort', '''-1min''::omledger.effort'),
 ('omledger.effort', '''9223372036854775807min''::omledger.effort'),
 ('omledger.effort', '''-9223372036854775808min''::omledger.effort'),
 ('omledger.fiscal_period', '''FY2025''::omledger.fiscal_period'),
 ('omledger.fiscal_period', '''FY1873''::omledger.fiscal_period'),
 ('omledger.fiscal_period', '''FY9998''::omledger.fiscal_period'),
 ('omledger.fiscal_period', 'omledger.fiscal_period(''1873-04-01'', ''month'')'),
 ('omledger.fiscal_period', 'omledger.fiscal_period(''9999-03-31'', ''month'')'),
 ('omledger.fiscal_period', 'omledger.fiscal_period(''2025-10-01'', ''quarter'')'),
 ('omledger.fiscal_period', 'omledger.fiscal_period(''2025-10-01'', ''half'')'),
 ('bytea', 'sha256(''x''::bytea)'), ('bytea', '''\x''::bytea'), ('bytea', 'decode(repeat(''ff'', 100000), ''hex'')'),
 ('jsonb', '''{"chain": 1}''::jsonb'), ('jsonb', '''{}''::jsonb'), ('jsonb', '''null''::jsonb'),
 ('jsonb', $$'[1, "x\u00e9", {"a": null, "b": [true, 1e300]}]'::jsonb$$),
 ('jsonb', 'to_jsonb(repeat(''令'', 100000))'),
 ('xid8', '''1''::xid8'), ('xid8', '''0''::xid8'), ('xid8', '''18446744073709551615''::xid8');

-- The values of any type: listed ones; enums' labels; domains' base type;
-- arrays built from their element type's values.
CREATE FUNCTION hostile.vals(t regtype) RETURNS TABLE (expr text, ord int)
LANGUAGE plpgsql STABLE AS $$
DECLARE ty pg_type;
BEGIN
  SELECT * INTO ty FROM pg_type WHERE oid = t;
  RETURN QUERY SELECT v.expr, v.ord FROM hostile.val v WHERE v.typ = t;
  RETURN QUERY SELECT format('%L::%s', e.enumlabel, t), e.enumsortorder::int
                 FROM pg_enum e WHERE e.enumtypid = t;
  IF ty.typtype = 'd' THEN
    RETURN QUERY SELECT format('(%s)::%s', b.expr, t), b.ord FROM hostile.vals(ty.typbasetype) b;
  ELSIF ty.typcategory = 'A' AND ty.typelem <> 0 AND hostile.has_vals(ty.typelem) THEN
    RETURN QUERY SELECT format('%L::%s', '{}', t), 0;
    RETURN QUERY SELECT format('ARRAY[NULL]::%s', t), 1;
    RETURN QUERY SELECT format('ARRAY[%s]::%s', string_agg(x.expr, ', ' ORDER BY x.ord), t), 2
                   FROM hostile.vals(ty.typelem) x;
  END IF;
END $$;

CREATE FUNCTION hostile.has_vals(t regtype) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN EXISTS (SELECT FROM hostile.vals(t)); END $$;

-- NULL first, then the values.
CREATE FUNCTION hostile.vals_and_null(t regtype) RETURNS TABLE (expr text, ord int)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY SELECT format('NULL::%s', t), -1;
  RETURN QUERY SELECT * FROM hostile.vals(t);
END $$;

CREATE TABLE hostile.call (
  id serial PRIMARY KEY,
  label text NOT NULL,
  sql text NOT NULL,
  result text,
  ms double precision
);
CREATE TABLE hostile.missing (what text NOT NULL);

CREATE FUNCTION hostile.ext_procs() RETURNS SETOF pg_proc
LANGUAGE sql STABLE AS $$
  SELECT p.* FROM pg_proc p
    JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'omledger'
$$;

-- Every callable function: all combinations of NULL and values when there
-- are few, otherwise each argument in turn over them (the others ordinary),
-- plus all NULL.
CREATE FUNCTION hostile.plan_functions() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  p record; i int; j int; n int; combos numeric; callee text;
  args text[]; base text[]; v record;
BEGIN
  FOR p IN SELECT * FROM hostile.ext_procs() f
            WHERE f.prokind = 'f'
              AND f.prorettype NOT IN ('trigger'::regtype, 'internal'::regtype, 'cstring'::regtype)
              AND NOT ('internal'::regtype = ANY (f.proargtypes::oid[]) OR 'cstring'::regtype = ANY (f.proargtypes::oid[]))
            ORDER BY f.oid::regprocedure::text LOOP
    n := p.pronargs;
    callee := format('%I.%I', p.pronamespace::regnamespace, p.proname);
    IF EXISTS (SELECT FROM unnest(p.proargtypes::oid[]) a WHERE NOT hostile.has_vals(a)) THEN
      INSERT INTO hostile.missing
      SELECT format('values of type %s (argument of %s)', a::regtype, p.oid::regprocedure)
        FROM unnest(p.proargtypes::oid[]) a WHERE NOT hostile.has_vals(a);
      CONTINUE;
    END IF;
    IF n = 0 THEN
      INSERT INTO hostile.call (label, sql)
      VALUES (format('%s()', callee), format('SELECT (%s())::text', callee));
      CONTINUE;
    END IF;
    SELECT exp(sum(ln((SELECT count(*) FROM hostile.vals_and_null(a)))))
      INTO combos FROM unnest(p.proargtypes::oid[]) a;
    IF combos <= 1200 THEN
      -- all combinations, as a recursive cross join of the argument lists
      INSERT INTO hostile.call (label, sql)
      WITH RECURSIVE c(k, args) AS (
        SELECT 0, ARRAY[]::text[]
        UNION ALL
        SELECT c.k + 1, c.args || x.expr
          FROM c, LATERAL hostile.vals_and_null((p.proargtypes::oid[])[c.k]) x
         WHERE c.k < n)
      SELECT format('%s(%s)', callee, array_to_string(c.args, ', ')),
             format('SELECT count(r) FROM (SELECT (%s(%s))::text AS r) s', callee, array_to_string(c.args, ', '))
        FROM c WHERE c.k = n;
    ELSE
      base := ARRAY(SELECT (SELECT x.expr FROM hostile.vals(a) x ORDER BY x.ord LIMIT 1)
                      FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(a, o) ORDER BY o);
      FOR i IN 1 .. n LOOP
        FOR v IN SELECT * FROM hostile.vals_and_null((p.proargtypes::oid[])[i - 1]) LOOP
          args := base;
          args[i] := v.expr;
          INSERT INTO hostile.call (label, sql)
          VALUES (format('%s(%s)', callee, array_to_string(args, ', ')),
                  format('SELECT count(r) FROM (SELECT (%s(%s))::text AS r) s', callee, array_to_string(args, ', ')));
        END LOOP;
      END LOOP;
      args := ARRAY(SELECT format('NULL::%s', a::regtype) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(a, o) ORDER BY o);
      INSERT INTO hostile.call (label, sql)
      VALUES (format('%s(%s)', callee, array_to_string(args, ', ')),
              format('SELECT count(r) FROM (SELECT (%s(%s))::text AS r) s', callee, array_to_string(args, ', ')));
    END IF;
  END LOOP;

  -- Aggregates (one argument): over pairs of values, with NULLs, and as a
  -- moving window (the inverse transition function).
  FOR p IN SELECT * FROM hostile.ext_procs() f WHERE f.prokind = 'a' AND f.pronargs = 1
            ORDER BY f.oid::regprocedure::text LOOP
    callee := format('%I.%I', p.pronamespace::regnamespace, p.proname);
    INSERT INTO hostile.call (label, sql)
    SELECT format('%s over (%s), (%s), (%s)', callee, a.expr, b.expr, a.expr),
           format('SELECT (%1$s(x))::text, count(w) FROM (SELECT x, (%1$s(x) OVER (ORDER BY n ROWS BETWEEN 1 PRECEDING AND CURRENT ROW))::text AS w FROM (VALUES (1, %2$s), (2, %3$s), (3, %2$s)) t(n, x)) s',
                  callee, a.expr, b.expr)
      FROM hostile.vals_and_null(p.proargtypes[0]) a, hostile.vals_and_null(p.proargtypes[0]) b;
  END LOOP;

  -- Text input of the extension's base types.
  INSERT INTO hostile.call (label, sql)
  SELECT format('CAST(%s AS %s)', tv.expr, t.oid::regtype),
         format('SELECT (CAST(%s AS %s))::text', tv.expr, t.oid::regtype)
    FROM pg_type t
    JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'omledger',
         hostile.vals_and_null('text') tv
   WHERE t.typtype = 'b' AND t.typcategory <> 'A';
END $$;

-- Up to four distinct values a column holds, as expressions.
CREATE FUNCTION hostile.held(rel regclass, col name, typ regtype) RETURNS TABLE (expr text, ord int)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY EXECUTE format(
    'SELECT format(''%%L::%%s'', v::text, %L), 100 FROM (SELECT DISTINCT %I AS v FROM %s WHERE %I IS NOT NULL LIMIT 4) s',
    typ, col, rel, col);
END $$;

-- Every table of the extension, on rows the fixture left in it (up to three
-- a table): INSERT a copy with one column NULL or extreme, UPDATE one column
-- to NULL or extreme, DELETE.  Columns filled from a sequence or identity are
-- left to their default in the copies.
CREATE FUNCTION hostile.plan_tables() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t record; r record; col record; v record; sel text; ins_cols text; over boolean;
BEGIN
  FOR t IN SELECT c.oid::regclass AS rel FROM pg_class c
             JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
             JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'omledger'
            WHERE c.relkind IN ('r', 'p') ORDER BY c.oid::regclass::text LOOP
    -- the first row (often seeded by the extension) and the last three (the fixtures')
    FOR r IN EXECUTE format('(SELECT ctid::text AS tid FROM %1$s ORDER BY ctid LIMIT 1) UNION (SELECT ctid::text FROM %1$s ORDER BY ctid DESC LIMIT 3) ORDER BY 1', t.rel) LOOP
      FOR col IN SELECT a.attname, a.atttypid::regtype AS typ, a.attidentity,
                        pg_get_expr(ad.adbin, ad.adrelid) AS def
                   FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                  WHERE a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                  ORDER BY a.attnum LOOP
        IF NOT hostile.has_vals(col.typ) THEN
          INSERT INTO hostile.missing VALUES (format('values of type %s (column %s.%s)', col.typ, t.rel, col.attname));
        END IF;
        -- the copy's columns: all but sequence-filled ones, the tested one always
        SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum),
               string_agg(CASE WHEN a.attname = col.attname THEN '%1$s' ELSE format('%I', a.attname) END, ', ' ORDER BY a.attnum),
               bool_or(a.attidentity = 'a' AND a.attname = col.attname)
          INTO ins_cols, sel, over
          FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
         WHERE a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
           AND (a.attname = col.attname
                OR NOT (a.attidentity <> '' OR coalesce(pg_get_expr(ad.adbin, ad.adrelid), '') LIKE 'nextval(%'));
        -- NULL, the type's values, and values other rows hold (valid keys,
        -- statuses to move to)
        FOR v IN SELECT * FROM hostile.vals_and_null(col.typ)
                 UNION ALL
                 SELECT * FROM hostile.held(t.rel, col.attname, col.typ) LOOP
          INSERT INTO hostile.call (label, sql) VALUES
           (format('INSERT INTO %s a copy of row %s with %I = %s', t.rel, r.tid, col.attname, v.expr),
            format('INSERT INTO %s (%s) %s SELECT %s FROM %s WHERE ctid = %L',
                   t.rel, ins_cols, CASE WHEN coalesce(over, false) THEN 'OVERRIDING SYSTEM VALUE' ELSE '' END,
                   format(sel, v.expr), t.rel, r.tid)),
           (format('UPDATE %s SET %I = %s on row %s', t.rel, col.attname, v.expr, r.tid),
            format('UPDATE %s SET %I = %s WHERE ctid = %L', t.rel, col.attname, v.expr, r.tid));
        END LOOP;
      END LOOP;
      INSERT INTO hostile.call (label, sql) VALUES
        (format('DELETE FROM %s row %s', t.rel, r.tid), format('DELETE FROM %s WHERE ctid = %L', t.rel, r.tid));
    END LOOP;
  END LOOP;
END $$;

-- Run the calls without a result, each rolled back, committing each result.
-- QUERY_CANCELED is not caught (statement_timeout ends the run).
CREATE PROCEDURE hostile.run() LANGUAGE plpgsql AS $$
DECLARE c record; st text; t0 timestamptz;
BEGIN
  FOR c IN SELECT id, sql FROM hostile.call WHERE result IS NULL ORDER BY id LOOP
    t0 := clock_timestamp();
    BEGIN
      EXECUTE c.sql;
      RAISE EXCEPTION USING ERRCODE = 'HO000', MESSAGE = 'roll back';
    EXCEPTION WHEN OTHERS THEN
      st := CASE WHEN SQLSTATE = 'HO000' THEN 'ok' ELSE SQLSTATE || ' ' || left(SQLERRM, 300) END;
    END;
    UPDATE hostile.call SET result = st, ms = 1000 * extract(epoch FROM clock_timestamp() - t0) WHERE id = c.id;
    COMMIT;
  END LOOP;
END $$;
