
-- ====================================================================
-- caps: the rules of an effort row (new in 0.4)
-- Every rule of an effort_log row is decided by one C function, whatever
-- the statement (src/caps_rules.c); 0.4 adds: an entry plus its corrections
-- never below zero (OM130), counted effort only of the contractor's side
-- (OM131), entered_by a person of the contract on the roster on the day of
-- entry or city staff (OM132), the work date within the contract's term
-- and not after today in Japan (OM133), no effort entered on an item once
-- cancelled or rejected (OM134), at most 24h of a person's effort on one
-- day (OM135, a NOTICE above the setting omledger.daily_effort_notice);
-- the roster refusal is the workflow engine's (OM209, OM104 is no longer
-- raised).  The facts come from the
-- session's lookup cache, so what the new rules read must invalidate it:
-- a work item's withdrawal, a person's side and db_role, a contract's term.
-- caps_verify() lists the existing rows that break a rule, decided by the
-- trigger's own functions (caps_entry_problems()); an update keeps them:
-- they are to be corrected by people, not by the upgrade.
-- caps_cache_stats() says how often the cache answered.
-- See doc/effort-caps.md.
-- ====================================================================

-- An item's status matters to the caps only into, out of or within a
-- withdrawal (cancelled, rejected): a row trigger with a WHEN clause
-- invalidates then, so that an ordinary status change costs no session a
-- relcache rebuild of work_item and a re-plan of every plan on it
-- (work_item_caps_lookup keeps its 0.3 columns, 62_work_kind.sql).  The
-- cached status of an item not withdrawn may then be stale; it is read
-- only when the item is withdrawn.  A session uses its cache only while
-- both triggers fire always.
CREATE TRIGGER work_item_caps_withdrawn
  AFTER UPDATE OF status, status_changed_at ON @extschema@.work_item
  FOR EACH ROW
  WHEN (OLD.status IN ('cancelled', 'rejected') OR NEW.status IN ('cancelled', 'rejected'))
  EXECUTE FUNCTION @extschema@.caps_lookup_changed();
ALTER TABLE @extschema@.work_item ENABLE ALWAYS TRIGGER work_item_caps_withdrawn;
COMMENT ON TRIGGER work_item_caps_withdrawn ON @extschema@.work_item IS
  'invalidates the work items the effort_log cap trigger cached when an item is withdrawn (cancelled, rejected), or no longer, or its withdrawal moves';

DROP TRIGGER person_caps_lookup ON @extschema@.person;
CREATE TRIGGER person_caps_lookup
  AFTER DELETE OR UPDATE OF person_id, contract_id, registered, side, db_role ON @extschema@.person
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.caps_lookup_changed();
ALTER TABLE @extschema@.person ENABLE ALWAYS TRIGGER person_caps_lookup;
COMMENT ON TRIGGER person_caps_lookup ON @extschema@.person IS
  'invalidates the roster entries and role mappings the effort_log cap trigger cached (contract, registered, side, db_role)';

-- Not inserts: a contract is cached only once its insert committed.
CREATE TRIGGER contract_caps_lookup
  AFTER DELETE OR UPDATE OF contract_id, term ON @extschema@.contract
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.caps_lookup_changed();
ALTER TABLE @extschema@.contract ENABLE ALWAYS TRIGGER contract_caps_lookup;
COMMENT ON TRIGGER contract_caps_lookup ON @extschema@.contract IS
  'invalidates the contract terms the effort_log cap trigger cached';

COMMENT ON COLUMN @extschema@.effort_log.person_id IS
  'who worked: a roster entry of the item''s contract registered on work_date; of the contractor''s side when the item counts';
COMMENT ON COLUMN @extschema@.effort_log.work_date IS
  'the day of work, within the contract''s term and not after today in Japan; its calendar month is the fiscal month the effort counts in';
COMMENT ON COLUMN @extschema@.effort_log.entered_by IS
  'the database role that entered the row: the db_role of a person of the item''s contract on the roster on the day of entry, or of its city staff';
COMMENT ON COLUMN @extschema@.effort_log.corrects IS
  'for a correction: the entry it corrects (same item and person), typically in a closed month; the entry plus its corrections is never below zero';

-- ------------------------------------------------------ cache statistics
CREATE FUNCTION @extschema@.caps_cache_stats(OUT cache text, OUT hits bigint, OUT misses bigint)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'caps_cache_stats'
  LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.caps_cache_stats() IS
  'this session''s lookups of the effort_log cap trigger per cache (items, roster, months, contracts, roles, stripes): answered from the cache (hits) or read (misses)';

-- ---------------------------------------------------------------- verify
CREATE FUNCTION @extschema@.caps_entry_problems(OUT entry_id bigint, OUT problem text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'caps_entry_problems'
  LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.caps_entry_problems() IS
  'every effort_log row that breaks a rule of the row (decided by the cap trigger''s own functions), with the SQLSTATE and the rule; needs SELECT on effort_log, work_item, person and contract';

DROP FUNCTION @extschema@.caps_verify();
CREATE FUNCTION @extschema@.caps_verify()
  RETURNS TABLE (contract_id bigint, category text, month @extschema@.fiscal_period,
                 summary @extschema@.effort, logged @extschema@.effort,
                 entry_id bigint, problem text)
  LANGUAGE sql STABLE PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH s AS (
    SELECT t.contract_id, t.category, t.month, pg_catalog.sum(t.used)::bigint AS used
      FROM @extschema@.effort_total t GROUP BY 1, 2, 3),
  l AS (
    SELECT w.contract_id, @extschema@.charge_category(w.kind, w.spec_check_for_modification) AS category,
           pg_catalog.date_trunc('month', e.work_date)::date AS month,
           pg_catalog.sum(@extschema@.effort_minutes(e.effort))::bigint AS used
      FROM @extschema@.effort_log e
      JOIN @extschema@.work_item w ON w.item_id OPERATOR(pg_catalog.=) e.item_id
     WHERE NOT w.internal_handover
     GROUP BY 1, 2, 3)
  SELECT COALESCE(s.contract_id, l.contract_id), COALESCE(s.category, l.category),
         @extschema@.fiscal_period(COALESCE(s.month, l.month), 'month'),
         @extschema@.make_effort(min => s.used), @extschema@.make_effort(min => l.used),
         NULL::bigint, 'running total differs from effort_log'::text
    FROM s FULL JOIN l
      ON s.contract_id OPERATOR(pg_catalog.=) l.contract_id
     AND s.category OPERATOR(pg_catalog.=) l.category AND s.month OPERATOR(pg_catalog.=) l.month
   WHERE COALESCE(s.used, 0) OPERATOR(pg_catalog.<>) COALESCE(l.used, 0)
  UNION ALL
  SELECT w.contract_id, @extschema@.charge_category(w.kind, w.spec_check_for_modification),
         CASE WHEN pg_catalog.isfinite(e.work_date) THEN @extschema@.fiscal_period(e.work_date, 'month') END,
         NULL, e.effort, p.entry_id, p.problem
    FROM @extschema@.caps_entry_problems() p
    JOIN @extschema@.effort_log e ON e.entry_id OPERATOR(pg_catalog.=) p.entry_id
    JOIN @extschema@.work_item w ON w.item_id OPERATOR(pg_catalog.=) e.item_id
   ORDER BY 1, 2, 3, 6, 7
$$;
COMMENT ON FUNCTION @extschema@.caps_verify() IS
  'rows where the running totals differ from the sums recomputed from effort_log, and entries that break a rule of effort_log (entry_id and the rule in problem, from caps_entry_problems()); none when all is well';
