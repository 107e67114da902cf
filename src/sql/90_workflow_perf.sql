-- ====================================================================
-- workflow: what a status change costs (new in 0.4): it invalidates the
-- caps' copy of work_item only when the caps' decision can change, and no
-- longer evaluates the trigger that records changes of other fields
-- The cap trigger keeps, per session, a work item's status for one rule:
-- no effort entered on an item once cancelled or rejected (OM134, with the
-- time it was withdrawn: status_changed_at).  70_caps_rules.sql made every
-- change of status or status_changed_at send a relcache invalidation of
-- work_item; an invalidation makes every session rebuild work_item's
-- relcache entry and re-plan every cached plan on it (the workflow
-- engine's, the foreign keys'), which halved the speed of a status change.
-- Now the statement trigger covers the other columns, and a row trigger
-- fires for status and status_changed_at only when the row enters, leaves
-- or stays in a withdrawn status (cancelled, rejected): the only changes
-- after which the cached "withdrawn, since when" is not what a fresh read
-- says.  (The cached status of an item not withdrawn may then be stale;
-- it is read only when the item is withdrawn, in the refusal's message.)
-- A session uses its cache only while both triggers fire always.
-- work_item_field_events (75_workflow_invariants.sql) fired on every update
-- of work_item: its WHEN clause (fifteen columns compared) was read and
-- compiled for every statement, a quarter of a status change's cost; it
-- now fires on updates that name one of those columns.  The same changes
-- are recorded: the only BEFORE row triggers of work_item that change the
-- row (the workflow engine's) set none of them.
-- A move that requires an approval asks when the fields the approval
-- covers last changed (wf_approval_window_start()): a partial index on the
-- field events finds them without reading the item's status events (an
-- item collects one per status change; no entry for them).
-- See doc/workflow.md "Cost".
-- ====================================================================

DROP TRIGGER work_item_caps_lookup ON @extschema@.work_item;
CREATE TRIGGER work_item_caps_lookup
  AFTER DELETE OR UPDATE OF item_id, contract_id, kind, spec_check_for_modification,
        internal_handover ON @extschema@.work_item
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.caps_lookup_changed();
ALTER TABLE @extschema@.work_item ENABLE ALWAYS TRIGGER work_item_caps_lookup;
COMMENT ON TRIGGER work_item_caps_lookup ON @extschema@.work_item IS
  'invalidates the work items the effort_log cap trigger cached (contract, charge category, counted); the status: work_item_caps_withdrawn';

CREATE TRIGGER work_item_caps_withdrawn
  AFTER UPDATE OF status, status_changed_at ON @extschema@.work_item
  FOR EACH ROW
  WHEN (OLD.status IN ('cancelled', 'rejected') OR NEW.status IN ('cancelled', 'rejected'))
  EXECUTE FUNCTION @extschema@.caps_lookup_changed();
ALTER TABLE @extschema@.work_item ENABLE ALWAYS TRIGGER work_item_caps_withdrawn;
COMMENT ON TRIGGER work_item_caps_withdrawn ON @extschema@.work_item IS
  'invalidates the work items the effort_log cap trigger cached when an item is withdrawn (cancelled, rejected), or no longer, or its withdrawal moves';

CREATE INDEX work_item_event_field_idx ON @extschema@.work_item_event (item_id, field, occurred_at)
  WHERE field IS NOT NULL;
COMMENT ON INDEX @extschema@.work_item_event_field_idx IS
  'the changes of an item''s fields (not its status events): when an approval''s subject last changed';
