/* omledger 0.2 -> 0.3: assembled by the Makefile from the concept files new in 0.3. */
\echo Use "ALTER EXTENSION omledger UPDATE TO '0.3'" to load this file. \quit

-- ====================================================================
-- caps lookup cache (new in 0.3)
-- The cap trigger's one-row path keeps, per session, what it reads for
-- every effort entry: a work item's contract, charge category and whether
-- it counts; a person's contract and registration; which months are closed
-- (src/caps_direct.c, doc/effort-caps.md "The one-row path").  A change to
-- what it keeps must reach every session: these triggers send a relcache
-- invalidation of the changed table, which every session accepts before it
-- looks, and the changing one at the end of the command (and again if the
-- change rolls back).  The library uses the cache of a table only while its
-- trigger is in place and enabled always.  They fire also under
-- session_replication_role = replica (ENABLE ALWAYS): a change that skips
-- them would leave a session logging effort against stale facts.
-- ====================================================================

CREATE FUNCTION @extschema@.caps_lookup_changed() RETURNS trigger
  AS 'MODULE_PATHNAME', 'caps_lookup_changed'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.caps_lookup_changed() IS
  'trigger: tells every session that a work item, a roster entry or a month close the cap trigger may have cached changed';

-- Only the columns the cache keeps: a status change is not one of them.
-- Not inserts either: the cache keeps only rows whose inserting transaction
-- has committed, never an absent item or person, and an id is not reused
-- without a DELETE (or an UPDATE of the id), which invalidates.  So a new
-- incident costs no session anything.  A closed month is an insert.
CREATE TRIGGER work_item_caps_lookup
  AFTER DELETE OR UPDATE OF item_id, contract_id, kind, spec_check_for_modification,
        internal_handover ON @extschema@.work_item
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.caps_lookup_changed();
ALTER TABLE @extschema@.work_item ENABLE ALWAYS TRIGGER work_item_caps_lookup;
COMMENT ON TRIGGER work_item_caps_lookup ON @extschema@.work_item IS
  'invalidates the work items the effort_log cap trigger cached (contract, charge category, counted)';

CREATE TRIGGER person_caps_lookup
  AFTER DELETE OR UPDATE OF person_id, contract_id, registered ON @extschema@.person
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.caps_lookup_changed();
ALTER TABLE @extschema@.person ENABLE ALWAYS TRIGGER person_caps_lookup;
COMMENT ON TRIGGER person_caps_lookup ON @extschema@.person IS
  'invalidates the roster entries the effort_log cap trigger cached (contract, registered)';

CREATE TRIGGER month_close_caps_lookup
  AFTER INSERT OR UPDATE OR DELETE ON @extschema@.month_close
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.caps_lookup_changed();
ALTER TABLE @extschema@.month_close ENABLE ALWAYS TRIGGER month_close_caps_lookup;
COMMENT ON TRIGGER month_close_caps_lookup ON @extschema@.month_close IS
  'invalidates the open and closed months the effort_log cap trigger cached';
