
-- ====================================================================
-- caps: status and forecast count the whole term (new in 0.4)
-- In 0.3 cap_status() and cap_forecast() summed the term only up to the
-- given month, while the trigger checks the term cap against every month
-- logged: after effort in a later month cap_status said "1pm 13pd left"
-- and logging exactly that was refused (OM102).  Now term_used / used are
-- the whole term's usage so far (every month, also after the given one),
-- and cap_status's month_remaining is what a new entry in that month may
-- still take: the smaller of the month's and the term's headroom.  Same
-- signatures and result columns.  Both read effort_summary (a view, read
-- with its owner's rights) instead of effort_total, on which users have no
-- privilege.  See doc/effort-caps.md, "Status and forecast".
-- ====================================================================

DROP FUNCTION @extschema@.cap_status(bigint, @extschema@.fiscal_period);
CREATE FUNCTION @extschema@.cap_status(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (category text, month_used @extschema@.effort, month_cap @extschema@.effort,
                 month_enforcement text, month_remaining @extschema@.effort, month_percent numeric,
                 term_used @extschema@.effort, term_cap @extschema@.effort, term_enforcement text,
                 term_remaining @extschema@.effort, term_percent numeric)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH k AS (SELECT @extschema@.caps_month(cap_status.month) AS d),
  u AS (
    SELECT s.category,
           COALESCE(pg_catalog.sum(@extschema@.effort_minutes(s.used))
                      FILTER (WHERE @extschema@.lower(s.month) OPERATOR(pg_catalog.=) k.d), 0)::bigint AS m,
           pg_catalog.sum(@extschema@.effort_minutes(s.used))::bigint AS t
      FROM @extschema@.effort_summary s, k
     WHERE s.contract_id OPERATOR(pg_catalog.=) cap_status.contract_id
     GROUP BY s.category),
  r AS (
    SELECT c.ord, c.category, COALESCE(u.m, 0) AS m, COALESCE(u.t, 0) AS t, l.month_amount, l.term_amount
      FROM k,
           (VALUES (1, 'service'), (2, 'modification'), (3, 'failure_recovery'),
                   (4, 'menu'), (5, 'handover')) AS c(ord, category)
      LEFT JOIN u ON u.category OPERATOR(pg_catalog.=) c.category,
           LATERAL @extschema@.cap_limits(cap_status.contract_id, c.category, k.d) AS l)
  SELECT r.category,
         @extschema@.make_effort(min => r.m),
         @extschema@.make_effort(min => r.month_amount),
         me.enforcement,
         @extschema@.make_effort(min => LEAST(r.month_amount OPERATOR(pg_catalog.-) r.m,
                                              r.term_amount OPERATOR(pg_catalog.-) r.t)),
         pg_catalog.round(100.0 OPERATOR(pg_catalog.*) r.m
                          OPERATOR(pg_catalog./) NULLIF(r.month_amount, 0), 1),
         @extschema@.make_effort(min => r.t),
         @extschema@.make_effort(min => r.term_amount),
         te.enforcement,
         @extschema@.make_effort(min => r.term_amount OPERATOR(pg_catalog.-) r.t),
         pg_catalog.round(100.0 OPERATOR(pg_catalog.*) r.t
                          OPERATOR(pg_catalog./) NULLIF(r.term_amount, 0), 1)
    FROM r
    LEFT JOIN @extschema@.effort_cap me
           ON me.contract_id OPERATOR(pg_catalog.=) cap_status.contract_id
          AND me.category OPERATOR(pg_catalog.=) r.category AND me.scope OPERATOR(pg_catalog.=) 'month'
    LEFT JOIN @extschema@.effort_cap te
           ON te.contract_id OPERATOR(pg_catalog.=) cap_status.contract_id
          AND te.category OPERATOR(pg_catalog.=) r.category AND te.scope OPERATOR(pg_catalog.=) 'term'
   ORDER BY r.ord
$$;
COMMENT ON FUNCTION @extschema@.cap_status(bigint, @extschema@.fiscal_period) IS
  'per category: effort used in the month and in the whole term so far, against the caps (extensions included); month_remaining is what a new entry in the month may still take';

DROP FUNCTION @extschema@.cap_forecast(bigint, text, date);
CREATE FUNCTION @extschema@.cap_forecast(contract_id bigint, category text, as_of date)
  RETURNS TABLE (burn_rate @extschema@.effort, used @extschema@.effort, term_cap @extschema@.effort,
                 remaining @extschema@.effort, months_left integer,
                 reach_month @extschema@.fiscal_period, within_term boolean)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH k AS (SELECT pg_catalog.date_trunc('month', cap_forecast.as_of)::date AS d),
  s AS (
    SELECT COALESCE(pg_catalog.sum(@extschema@.effort_minutes(e.used)) FILTER (
             WHERE @extschema@.lower(e.month) OPERATOR(pg_catalog.>=) (k.d OPERATOR(pg_catalog.-) interval '3 months')::date
               AND @extschema@.lower(e.month) OPERATOR(pg_catalog.<) k.d), 0) AS last3,
           COALESCE(pg_catalog.sum(@extschema@.effort_minutes(e.used)), 0) AS used
      FROM k LEFT JOIN @extschema@.effort_summary e
        ON e.contract_id OPERATOR(pg_catalog.=) cap_forecast.contract_id
       AND e.category OPERATOR(pg_catalog.=) cap_forecast.category
     GROUP BY k.d),
  f AS (
    SELECT k.d, (s.last3 OPERATOR(pg_catalog./) 3)::bigint AS rate, s.used::bigint AS used,
           l.term_amount AS cap,
           CASE WHEN l.term_amount IS NULL THEN NULL
                WHEN l.term_amount OPERATOR(pg_catalog.<=) s.used THEN 0
                WHEN s.last3 OPERATOR(pg_catalog.<=) 0 THEN NULL
                ELSE pg_catalog.ceil((l.term_amount OPERATOR(pg_catalog.-) s.used)
                                     OPERATOR(pg_catalog./) (s.last3 OPERATOR(pg_catalog./) 3))::integer
           END AS n
      FROM k, s, LATERAL @extschema@.cap_limits(cap_forecast.contract_id, cap_forecast.category, k.d) AS l)
  SELECT @extschema@.make_effort(min => f.rate),
         @extschema@.make_effort(min => f.used),
         @extschema@.make_effort(min => f.cap),
         @extschema@.make_effort(min => f.cap OPERATOR(pg_catalog.-) f.used),
         f.n,
         @extschema@.fiscal_period((f.d OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => f.n))::date, 'month'),
         (f.d OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => f.n))::date
           OPERATOR(pg_catalog.<) pg_catalog.upper(c.term)
    FROM f JOIN @extschema@.contract c ON c.contract_id OPERATOR(pg_catalog.=) cap_forecast.contract_id
$$;
COMMENT ON FUNCTION @extschema@.cap_forecast(bigint, text, date) IS
  'burn rate of a category over the three months before as_of''s month, the whole term''s usage so far, and the month the term cap is reached at that rate (NULL: never)';
