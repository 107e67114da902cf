
-- ====================================================================
-- caps: nobody needs rights on the internals (new in 0.4)
-- In 0.3 recording an additional contract (INSERT INTO cap_extension) or
-- changing a cap as an ordinary role failed with "permission denied for
-- function caps_resync": the trigger that resynchronises the running totals
-- ran as the user, so the user needed EXECUTE on caps_resync and UPDATE on
-- cap_guard and effort_total -- and with UPDATE on effort_total anyone
-- could zero a total and log past a hard cap.  Now the two trigger
-- functions that write the totals run as the extension's owner (SECURITY
-- DEFINER, search_path pinned, every name qualified), as the C trigger on
-- effort_log already does with SetUserIdAndSecContext, and no other role
-- has any privilege on effort_total or cap_guard.  Reviewed:
--   cap_changed() is a trigger function (it cannot be called directly);
--     what it does is fixed by the row the user was allowed to change: it
--     refuses deleting a cap row and calls caps_resync() for that row's
--     contract, which only takes reservations back and checks the limits.
--   effort_log_truncate() is a trigger function; it refuses a TRUNCATE
--     while a month is closed and clears the totals after one the user was
--     allowed to do.
--   Neither is executable by PUBLIC: run as the owner from a trigger a user
--     attached to a table of their own, they would resynchronise or clear
--     the totals at will.
-- caps_resync() and caps_rebuild() stay revoked from PUBLIC: only their
-- owner (and superusers) run them.  caps_rebuild() now refuses to leave a
-- month or a term over a hard cap (OM111); caps_resync() and it share
-- caps_excess().  See doc/effort-caps.md, "Privileges".
-- ====================================================================

ALTER FUNCTION @extschema@.cap_changed() SECURITY DEFINER;
ALTER FUNCTION @extschema@.effort_log_truncate() SECURITY DEFINER;
-- Nobody else may attach them to a table of their own (CREATE TRIGGER
-- needs EXECUTE; firing the extension's triggers does not).
REVOKE ALL ON FUNCTION @extschema@.cap_changed(), @extschema@.effort_log_truncate() FROM PUBLIC;
REVOKE ALL ON TABLE @extschema@.effort_total, @extschema@.cap_guard FROM PUBLIC;

-- Hard limits exceeded by the running totals: one row per month over its
-- hard monthly cap, and one per category over its hard term cap (month
-- NULL), ordered by contract, category, month (term last).
CREATE FUNCTION @extschema@.caps_excess(for_contract bigint)
  RETURNS TABLE (contract_id bigint, category text, month date, used bigint, cap bigint)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH s AS (
    SELECT t.contract_id, t.category, t.month, pg_catalog.sum(t.used)::bigint AS used,
           pg_catalog.sum(pg_catalog.sum(t.used))
             OVER (PARTITION BY t.contract_id, t.category)::bigint AS term_used,
           pg_catalog.row_number()
             OVER (PARTITION BY t.contract_id, t.category ORDER BY t.month) AS n
      FROM @extschema@.effort_total t
     WHERE for_contract IS NULL OR t.contract_id OPERATOR(pg_catalog.=) for_contract
     GROUP BY t.contract_id, t.category, t.month),
  x AS (
    SELECT s.contract_id, s.category, s.month, s.used, l.month_amount AS cap
      FROM s, LATERAL @extschema@.cap_limits(s.contract_id, s.category, s.month) l
     WHERE l.month_hard AND s.used OPERATOR(pg_catalog.>) l.month_amount
    UNION ALL
    SELECT s.contract_id, s.category, NULL::date, s.term_used, l.term_amount
      FROM s, LATERAL @extschema@.cap_limits(s.contract_id, s.category, s.month) l
     WHERE s.n OPERATOR(pg_catalog.=) 1
       AND l.term_hard AND s.term_used OPERATOR(pg_catalog.>) l.term_amount)
  SELECT * FROM x ORDER BY 1, 2, 3 NULLS LAST
$$;
COMMENT ON FUNCTION @extschema@.caps_excess(bigint) IS
  'months and terms whose running total is over a hard cap (month NULL: the term), of one contract or of all (NULL); none when all is well';
REVOKE ALL ON FUNCTION @extschema@.caps_excess(bigint) FROM PUBLIC;

DROP FUNCTION @extschema@.caps_resync(bigint);
CREATE FUNCTION @extschema@.caps_resync(contract_id bigint) RETURNS void
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r record;
BEGIN
  UPDATE @extschema@.cap_guard SET grants = grants OPERATOR(pg_catalog.+) 1;
  UPDATE @extschema@.effort_total t
     SET allowance = CASE WHEN EXISTS (
           SELECT 1 FROM @extschema@.effort_cap c
            WHERE c.contract_id OPERATOR(pg_catalog.=) t.contract_id
              AND c.category OPERATOR(pg_catalog.=) t.category) THEN 0 END
   WHERE t.contract_id OPERATOR(pg_catalog.=) caps_resync.contract_id;
  SELECT * INTO r FROM @extschema@.caps_excess(caps_resync.contract_id) LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF r.month IS NOT NULL THEN
    RAISE EXCEPTION 'hard monthly % cap of contract % would be below the effort already logged in %',
        r.category, contract_id, pg_catalog.to_char(r.month, 'YYYY-MM')
      USING ERRCODE = 'OM106',
            DETAIL = pg_catalog.format('%s is used in %s, the cap would be %s.',
              @extschema@.make_effort(min => r.used), pg_catalog.to_char(r.month, 'YYYY-MM'),
              @extschema@.make_effort(min => r.cap)),
            HINT = 'Correct the effort first, or keep the cap (or its extension) as it is.';
  END IF;
  RAISE EXCEPTION 'hard term % cap of contract % would be below the effort already logged',
      r.category, contract_id
    USING ERRCODE = 'OM106',
          DETAIL = pg_catalog.format('%s is used in the term, the cap would be %s.',
            @extschema@.make_effort(min => r.used), @extschema@.make_effort(min => r.cap)),
          HINT = 'Correct the effort first, or keep the cap (or its extension) as it is.';
END
$$;
COMMENT ON FUNCTION @extschema@.caps_resync(bigint) IS
  'after a cap or extension change: take back reserved headroom and check no hard limit is below the effort used';
REVOKE ALL ON FUNCTION @extschema@.caps_resync(bigint) FROM PUBLIC;

-- 0.3's caps_rebuild() recomputed the totals without a look at the caps:
-- effort loaded past the triggers over a hard cap stayed over it, silently.
-- It keeps recomputing (renamed caps_rebuild_totals(), owner only); the new
-- caps_rebuild() then refuses (the whole rebuild rolled back, the totals as
-- they were) while any month or term would be over a hard cap, naming it.
ALTER FUNCTION @extschema@.caps_rebuild() RENAME TO caps_rebuild_totals;
COMMENT ON FUNCTION @extschema@.caps_rebuild_totals() IS
  'recomputes the running totals from effort_log without checking the caps (the first step of caps_rebuild)';
CREATE FUNCTION @extschema@.caps_rebuild() RETURNS void
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r record;
BEGIN
  PERFORM @extschema@.caps_rebuild_totals();
  SELECT x.*, pg_catalog.count(*) OVER () AS n INTO r FROM @extschema@.caps_excess(NULL) x LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF r.month IS NOT NULL THEN
    RAISE EXCEPTION 'the % effort of contract % logged in % is over its hard monthly cap',
        r.category, r.contract_id, pg_catalog.to_char(r.month, 'YYYY-MM')
      USING ERRCODE = 'OM111',
            DETAIL = pg_catalog.format('%s is logged in %s against a cap of %s. Months or terms over a hard cap: %s. The running totals were left as they were.',
              @extschema@.make_effort(min => r.used), pg_catalog.to_char(r.month, 'YYYY-MM'),
              @extschema@.make_effort(min => r.cap), r.n),
            HINT = 'Delete or correct the excess effort past the triggers (session_replication_role = replica), or record an additional contract in cap_extension, then rebuild again.';
  END IF;
  RAISE EXCEPTION 'the % effort of contract % is over its hard term cap', r.category, r.contract_id
    USING ERRCODE = 'OM111',
          DETAIL = pg_catalog.format('%s is logged in the term against a cap of %s. Months or terms over a hard cap: %s. The running totals were left as they were.',
            @extschema@.make_effort(min => r.used), @extschema@.make_effort(min => r.cap), r.n),
          HINT = 'Delete or correct the excess effort past the triggers (session_replication_role = replica), or record an additional contract in cap_extension, then rebuild again.';
END
$$;
COMMENT ON FUNCTION @extschema@.caps_rebuild() IS
  'recomputes the running totals from effort_log (after a restore with --disable-triggers, say); refused (OM111) while any month or term would be over a hard cap';
REVOKE ALL ON FUNCTION @extschema@.caps_rebuild() FROM PUBLIC;
