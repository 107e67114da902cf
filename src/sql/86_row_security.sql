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
-- The policies call three functions:
--   rls_unrestricted()  once per statement (an uncorrelated sub-select);
--     runs as the caller, reads pg_roles only;
--   roster_contracts()  once per statement; SECURITY DEFINER, reviewed:
--     the policy of person needs the roster, and a query of person under
--     that policy would evaluate the policy again without end.  It reads
--     only the roster entries of the role it is given, and only for a role
--     the session's user may become (itself, or a role it is a member of),
--     so it tells nobody anything about another role.  search_path pinned,
--     every name qualified;
--   roster_item()  per row of the two tables that know their contract
--     through their work item only (effort_log, work_item_system), for a
--     contractor; SECURITY DEFINER for the same reason, with the same
--     guard, and so that the policy needs no SELECT on work_item.
-- All three are executable by PUBLIC: policies run them as the querying
-- user.
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

CREATE FUNCTION @extschema@.rls_unrestricted() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT NOT EXISTS (
           SELECT 1 FROM pg_catalog.pg_roles r
            WHERE r.rolname OPERATOR(pg_catalog.=) 'omledger_contractor'
              AND pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER'))
      OR EXISTS (
           SELECT 1 FROM pg_catalog.pg_roles r
            WHERE r.rolname OPERATOR(pg_catalog.=) ANY ('{omledger_city,omledger_admin}'::name[])
              AND pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'USAGE'))
$$;
COMMENT ON FUNCTION @extschema@.rls_unrestricted() IS
  'true unless current_user is a member of omledger_contractor and has the privileges of neither omledger_city nor omledger_admin: whether row-level security lets it see every contract';

CREATE FUNCTION @extschema@.roster_contracts(who name DEFAULT CURRENT_USER,
                                             holding text[] DEFAULT NULL)
  RETURNS bigint[]
  LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT coalesce(pg_catalog.array_agg(DISTINCT p.contract_id), '{}')
    FROM @extschema@.person p
   WHERE p.db_role OPERATOR(pg_catalog.=) who
     AND p.registered OPERATOR(pg_catalog.@>) (pg_catalog.now() AT TIME ZONE 'Asia/Tokyo')::date
     AND (holding IS NULL OR p.roles OPERATOR(pg_catalog.&&) holding)
     AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                  WHERE r.rolname OPERATOR(pg_catalog.=) who
                    AND pg_catalog.pg_has_role(SESSION_USER, r.oid, 'MEMBER'))
$$;
COMMENT ON FUNCTION @extschema@.roster_contracts(name, text[]) IS
  'the contracts whose roster holds the role today (Japan time), in one of the designated roles given (any entry if NULL), for a role the session''s user may become (else none); what row-level security lets a contractor see';

-- Whether a work item belongs to one of those contracts: for the two
-- tables that know their contract only through their item.  SECURITY
-- DEFINER for the same reason and with the same guard (through
-- roster_contracts()), and because the policy must not need SELECT on
-- work_item: a role that logs effort has none in the caps' documented
-- grants.  It tells the caller only whether an item is of its own
-- contracts.
CREATE FUNCTION @extschema@.roster_item(item_id bigint, who name DEFAULT CURRENT_USER)
  RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT EXISTS (SELECT 1 FROM @extschema@.work_item w
                  WHERE w.item_id OPERATOR(pg_catalog.=) roster_item.item_id
                    AND w.contract_id OPERATOR(pg_catalog.=) ANY (@extschema@.roster_contracts(who)))
$$;
COMMENT ON FUNCTION @extschema@.roster_item(bigint, name) IS
  'whether the work item belongs to a contract whose roster holds the role today (roster_contracts()); what row-level security lets a contractor see of effort_log and work_item_system';

-- One policy per table, for every command: the same rows to read and to
-- write (USING and WITH CHECK), so a contractor can neither change a row of
-- another contract nor move a row to one.  The tables that carry their
-- contract test contract_id; the two that know it through their work item
-- only, roster_item().  (Generated: one condition, written once.)
DO $$
DECLARE
  t text;
  by_item boolean;
BEGIN
  FOR t, by_item IN
    SELECT x.t, x.t OPERATOR(pg_catalog.=) ANY ('{work_item_system,effort_log}'::text[])
      FROM pg_catalog.unnest('{contract,person,menu_item,work_item,approval,evidence,deadline_change,work_item_event,effort_cap,cap_extension,month_close,work_item_system,effort_log}'::text[]) x(t)
  LOOP
    EXECUTE pg_catalog.format('CREATE POLICY contract_rows ON %I.%I USING ((SELECT %I.rls_unrestricted()) OR %s)',
      '@extschema@', t, '@extschema@',
      CASE WHEN by_item
           THEN pg_catalog.format('%I.roster_item(item_id)', '@extschema@')
           ELSE pg_catalog.format('contract_id OPERATOR(pg_catalog.=) ANY ((SELECT %I.roster_contracts())::bigint[])', '@extschema@')
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
