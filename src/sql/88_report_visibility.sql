\echo Use "CREATE EXTENSION omledger" to load this file. \quit

-- ====================================================================
-- reports see what row-level security lets the caller see (new in 0.4)
-- Row-level security (86_row_security.sql) narrows a contractor to the
-- contracts whose roster holds it today, but three views read their
-- tables with their owner's rights, and the owner is not subject to the
-- policies:
--   effort_summary  reads the running totals (effort_total, on which
--                   nobody else has a privilege): every reader of it saw
--                   every contract's effort per category and month, and
--                   so did cap_status() and cap_forecast(), which read it;
--   late_entries, release_gate_overdue  read work_item_event, approval,
--                   evidence, deadline_change, work_item and contract: no
--                   group role is granted them today, but whoever is would
--                   have read every contract's entries.
-- effort_summary keeps its owner's rights (the totals stay unreadable
-- otherwise) and filters the rows itself with the policies' own
-- condition: coalesce(contract_id = ANY (visible_contracts()), true),
-- visible_contracts() taking the caller (CURRENT_USER in a view is the
-- querying role, not the owner).  The view has no grants of the
-- extension's own (create_roles() grants it), and no object depends on it
-- in the catalog (cap_status and cap_forecast are SQL functions with
-- string bodies), so it is dropped and created again with the same
-- columns and comments.  The other two read as the caller
-- (security_invoker), as effort_entry and overdue_items do since 86.
-- cap_status(other contract) now shows no effort and no caps (the caps
-- are read as the caller, under their policy); cap_forecast(other
-- contract) no row (it joins contract).
-- ====================================================================

DROP VIEW @extschema@.effort_summary;
CREATE VIEW @extschema@.effort_summary AS
  SELECT t.contract_id, t.category, @extschema@.fiscal_period(t.month, 'month') AS month,
         @extschema@.make_effort(min => pg_catalog.sum(t.used)) AS used
    FROM @extschema@.effort_total t
   WHERE coalesce(t.contract_id OPERATOR(pg_catalog.=) ANY ((SELECT @extschema@.visible_contracts())::bigint[]), true)
   GROUP BY t.contract_id, t.category, t.month;
COMMENT ON VIEW @extschema@.effort_summary IS
  'the running total of counted effort per contract, charge category and fiscal month; a contractor sees its own contracts only (the row-level security rule, applied by the view, which reads the totals as its owner)';
COMMENT ON COLUMN @extschema@.effort_summary.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.effort_summary.category IS 'The charge category';
COMMENT ON COLUMN @extschema@.effort_summary.month IS 'The fiscal month';
COMMENT ON COLUMN @extschema@.effort_summary.used IS 'Counted effort logged in that month and category (all stripes added up)';

ALTER VIEW @extschema@.late_entries SET (security_invoker = true);
ALTER VIEW @extschema@.release_gate_overdue SET (security_invoker = true);
