\echo Use "CREATE EXTENSION omledger" to load this file. \quit

-- ====================================================================
-- row-level security: a contractor sees its own contracts (new in 0.4)
-- In 0.3 every role that could read the ledger read every contract's
-- rows.  Now a member of omledger_contractor (and of neither
-- omledger_city nor omledger_admin) sees and changes only the rows of the
-- contracts whose roster holds it today (person.db_role = current_user,
-- registered @> today in Japan time).  Everyone else sees every row, as
-- before: the city and the administrator by design, the reader (BI) too
-- unless it is also a contractor, and roles outside the groups keep 0.3's
-- behaviour (their grants alone decide) so that an update does not hide a
-- deployment's data from the roles it already uses.  Grant contractor
-- staff omledger_contractor, never table privileges of their own.
--
-- The policies call two functions, both PL/pgSQL (their queries' plans
-- are kept for the session; a SQL function that cannot be inlined, as a
-- SECURITY DEFINER or SET one cannot, is planned again on every call --
-- 70-90 us a call, measured; see BENCHMARKS.md "row-level security"):
--   visible_contracts()  once per statement (an uncorrelated sub-select):
--     NULL, all contracts, for a role that is not restricted; else the
--     contracts whose roster holds it today;
--   roster_item()  per row of the two tables that know their contract
--     through their work item only (effort_log, work_item_system): when a
--     restricted role reads, and for every row written.
-- Both SECURITY DEFINER, reviewed: the policy of person needs the roster,
-- and a query of person under that policy would evaluate the policy again
-- without end; and the item's contract must be read without SELECT on
-- work_item (the caps' documented contractor logs effort without it).
-- Each answers only for a role the session's user may become (itself, or
-- a role it is a member of; a superuser, any), so it tells nobody about
-- another role's roster; search_path pinned, every name qualified.  Both
-- executable by PUBLIC: policies run them as the querying user.
-- The triggers keep working as before: the workflow trigger reads the
-- roster, approvals, evidence and the item of the row's own contract,
-- which its contractor sees; the cap trigger reads as the owner of
-- effort_log (the owner is not subject to the policies: no FORCE) and
-- its one-row path by index probes, so its decisions do not change.
-- Foreign-key checks bypass row security as always.
-- The views effort_entry and overdue_items read their tables with the
-- caller's rights now (security_invoker), so the policies apply to them;
-- effort_summary keeps reading the running totals as its owner (nobody
-- else may read effort_total), so its per-contract totals stay visible to
-- whoever may read it.
-- ====================================================================

CREATE FUNCTION @extschema@.visible_contracts(who name DEFAULT CURRENT_USER,
                                              holding text[] DEFAULT NULL)
  RETURNS bigint[]
  LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  -- restricted: a member of omledger_contractor without the privileges of
  -- omledger_city or omledger_admin (a group that does not exist counts as
  -- none: to_regrole() is NULL).  Membership is cached by the server.
  IF NOT coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_contractor'), 'MEMBER'), false)
     OR coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_city'), 'USAGE'), false)
     OR coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_admin'), 'USAGE'), false) THEN
    RETURN NULL;
  END IF;
  -- another role's roster is none of the caller's business
  IF NOT pg_catalog.pg_has_role(SESSION_USER, who, 'MEMBER') THEN
    RETURN '{}';
  END IF;
  RETURN (SELECT coalesce(pg_catalog.array_agg(DISTINCT p.contract_id), '{}')
            FROM @extschema@.person p
           WHERE p.db_role OPERATOR(pg_catalog.=) who
             AND p.registered OPERATOR(pg_catalog.@>) (pg_catalog.now() AT TIME ZONE 'Asia/Tokyo')::date
             AND (holding IS NULL OR p.roles OPERATOR(pg_catalog.&&) holding));
END
$$;
COMMENT ON FUNCTION @extschema@.visible_contracts(name, text[]) IS
  'what row-level security lets the role see: NULL (every contract) unless it is a member of omledger_contractor with the privileges of neither omledger_city nor omledger_admin; then the contracts whose roster holds it today (Japan time), in one of the designated roles given (any entry if NULL) -- none for a role the session''s user may not become';

CREATE FUNCTION @extschema@.roster_item(item_id bigint, who name DEFAULT CURRENT_USER)
  RETURNS boolean
  LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  -- not restricted: as in visible_contracts() (inlined: a nested call of a
  -- SECURITY DEFINER function would double the cost of a one-row insert)
  IF NOT coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_contractor'), 'MEMBER'), false)
     OR coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_city'), 'USAGE'), false)
     OR coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_admin'), 'USAGE'), false) THEN
    RETURN true;
  END IF;
  IF NOT pg_catalog.pg_has_role(SESSION_USER, who, 'MEMBER') THEN
    RETURN false;
  END IF;
  RETURN EXISTS (
    SELECT 1
      FROM @extschema@.work_item w
      JOIN @extschema@.person p ON p.contract_id OPERATOR(pg_catalog.=) w.contract_id
     WHERE w.item_id OPERATOR(pg_catalog.=) roster_item.item_id
       AND p.db_role OPERATOR(pg_catalog.=) who
       AND p.registered OPERATOR(pg_catalog.@>) (pg_catalog.now() AT TIME ZONE 'Asia/Tokyo')::date);
END
$$;
COMMENT ON FUNCTION @extschema@.roster_item(bigint, name) IS
  'whether row-level security lets the role see and write the rows of the work item in effort_log and work_item_system: true unless it is restricted (see visible_contracts()); then whether the item belongs to a contract whose roster holds it today (Japan time), for a role the session''s user may become (else false)';

-- One policy per table, for every command: the same rows to read and to
-- write (USING and WITH CHECK), so a contractor can neither change a row of
-- another contract nor move a row to one.  A table that carries its
-- contract: coalesce(contract_id = ANY (visible), true) -- visible NULL
-- (not restricted) makes the comparison NULL, hence true, and costs one
-- call per statement.  The two that know it through their work item only:
-- to read, visible IS NULL, else roster_item() per row; to write (WITH
-- CHECK: an insert, the new row of an update), roster_item() alone, which
-- answers true at once for a role that is not restricted -- one call for a
-- one-row insert.  (Generated: one condition per kind, written once.)
DO $$
DECLARE
  t text;
  by_item boolean;
BEGIN
  FOR t, by_item IN
    SELECT x.t, x.t OPERATOR(pg_catalog.=) ANY ('{work_item_system,effort_log}'::text[])
      FROM pg_catalog.unnest('{contract,person,menu_item,work_item,approval,evidence,deadline_change,work_item_event,effort_cap,cap_extension,month_close,work_item_system,effort_log}'::text[]) x(t)
  LOOP
    EXECUTE pg_catalog.format('CREATE POLICY contract_rows ON %I.%I USING (%s)', '@extschema@', t,
      CASE WHEN by_item
           THEN pg_catalog.format('(SELECT %1$I.visible_contracts()) IS NULL OR %1$I.roster_item(item_id)) WITH CHECK (%1$I.roster_item(item_id)', '@extschema@')
           ELSE pg_catalog.format('coalesce(contract_id OPERATOR(pg_catalog.=) ANY ((SELECT %I.visible_contracts())::bigint[]), true)', '@extschema@')
      END);
    EXECUTE pg_catalog.format('COMMENT ON POLICY contract_rows ON %I.%I IS %L', '@extschema@', t,
      CASE WHEN by_item
           THEN 'a contractor (omledger_contractor, neither city nor admin) sees and writes the rows of the work items of the contracts whose roster holds it today; everyone else every row'
           ELSE 'a contractor (omledger_contractor, neither city nor admin) sees and writes the rows of the contracts whose roster holds it today; everyone else every row'
      END);
    EXECUTE pg_catalog.format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', '@extschema@', t);
  END LOOP;
END
$$;

-- The views read their tables as the caller, so the policies apply.
ALTER VIEW @extschema@.effort_entry SET (security_invoker = true);
ALTER VIEW @extschema@.overdue_items SET (security_invoker = true);
