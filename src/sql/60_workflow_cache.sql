
-- ====================================================================
-- workflow caches (new in 0.4)
-- Every status change reads the state machines (workflow_status,
-- workflow_transition), the sub-kinds (work_sub_kind) and who acts (person):
-- each session keeps a copy of the first three and the answers of the last
-- (src/workflow_def.c, src/workflow_actor.c, doc/workflow.md "Cost").  A
-- change to them must reach every session: these triggers send a relcache
-- invalidation of the changed table -- the mechanism of the caps lookup
-- cache (51_caps_lookup.sql) and of the calendar's configuration --, which
-- every session accepts before it looks, and the changing one at the end of
-- the command (and again if the change rolls back).  The library uses a
-- table's copy only while its trigger is in place and enabled always: they
-- fire also under session_replication_role = replica, as a change that
-- skipped them would leave sessions enforcing rules on facts that are gone.
-- ====================================================================

CREATE FUNCTION @extschema@.workflow_cache_changed() RETURNS trigger
  AS 'MODULE_PATHNAME', 'workflow_cache_changed'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.workflow_cache_changed() IS
  'trigger: tells every session that a state machine, a sub-kind or a roster entry the workflow trigger may have cached changed';

CREATE TRIGGER workflow_status_def_changed
  AFTER INSERT OR UPDATE OR DELETE ON @extschema@.workflow_status
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_cache_changed();
ALTER TABLE @extschema@.workflow_status ENABLE ALWAYS TRIGGER workflow_status_def_changed;
COMMENT ON TRIGGER workflow_status_def_changed ON @extschema@.workflow_status IS
  'invalidates the statuses the workflow trigger cached';

CREATE TRIGGER workflow_transition_def_changed
  AFTER INSERT OR UPDATE OR DELETE ON @extschema@.workflow_transition
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_cache_changed();
ALTER TABLE @extschema@.workflow_transition ENABLE ALWAYS TRIGGER workflow_transition_def_changed;
COMMENT ON TRIGGER workflow_transition_def_changed ON @extschema@.workflow_transition IS
  'invalidates the transitions the workflow trigger cached';

CREATE TRIGGER work_sub_kind_def_changed
  AFTER INSERT OR UPDATE OR DELETE ON @extschema@.work_sub_kind
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_cache_changed();
ALTER TABLE @extschema@.work_sub_kind ENABLE ALWAYS TRIGGER work_sub_kind_def_changed;
COMMENT ON TRIGGER work_sub_kind_def_changed ON @extschema@.work_sub_kind IS
  'invalidates the sub-kinds the workflow trigger cached';

-- Who acts (rule 8) is asked at every status change: each session keeps the
-- answers by contract, day and role (src/workflow_actor.c).  Any change to
-- the roster empties them, inserts too (a new entry may be the one).
CREATE TRIGGER person_actor_changed
  AFTER INSERT OR UPDATE OR DELETE ON @extschema@.person
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_cache_changed();
ALTER TABLE @extschema@.person ENABLE ALWAYS TRIGGER person_actor_changed;
COMMENT ON TRIGGER person_actor_changed ON @extschema@.person IS
  'invalidates the acting persons the workflow trigger cached';

-- The two reads of the procedure precondition answered by index probes
-- (src/workflow_probe.c) or left to their SQL queries, counted per session,
-- so that a test can tell which path ran (doc/workflow.md "Cost").
CREATE FUNCTION @extschema@.workflow_read_stats(OUT read text, OUT probed bigint, OUT queried bigint)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'workflow_read_stats'
  LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.workflow_read_stats() IS
  'this session''s reads of the workflow precondition (decision: the latest approval; last_change: when the fields it covers last changed): answered by an index probe (probed) or by the SQL query (queried)';
