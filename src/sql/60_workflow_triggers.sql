/*
 * 60_workflow_triggers.sql -- one C function per trigger of the workflow
 * engine (new in 0.4).
 *
 * Until 0.3, work_item_workflow() served the BEFORE and the AFTER trigger of
 * work_item, and ledger_record_guard() the BEFORE INSERT triggers of three
 * tables, dispatching on the table's name.  Each trigger now calls its own
 * function (src/workflow_item.c, src/workflow_records.c): the triggers are
 * dropped and created again on them, with the same names, events and
 * comments, and the two old functions are dropped.  The library keeps the
 * old C symbols (as thin dispatchers) for a database whose schema is not
 * updated yet: the install scripts of 0.1-0.3 name them.
 */

CREATE FUNCTION @extschema@.work_item_workflow_before() RETURNS trigger
  AS 'MODULE_PATHNAME', 'work_item_workflow_before'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.work_item_workflow_before() IS
  'BEFORE INSERT OR UPDATE trigger on omledger.work_item: checks the transition, its preconditions and who acts (rules 1-8, 10) and keeps the item''s clocks';

CREATE FUNCTION @extschema@.work_item_workflow_after() RETURNS trigger
  AS 'MODULE_PATHNAME', 'work_item_workflow_after'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.work_item_workflow_after() IS
  'AFTER INSERT OR UPDATE OF status trigger on omledger.work_item: records the work_item_event of a new item or a status change';

CREATE FUNCTION @extschema@.approval_guard() RETURNS trigger
  AS 'MODULE_PATHNAME', 'approval_guard'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.approval_guard() IS
  'BEFORE INSERT trigger on omledger.approval: only a registered city person approves (rule 8), never their own request; locks the item';

CREATE FUNCTION @extschema@.evidence_guard() RETURNS trigger
  AS 'MODULE_PATHNAME', 'evidence_guard'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.evidence_guard() IS
  'BEFORE INSERT trigger on omledger.evidence: only a registered person records evidence (rule 8); locks the item';

CREATE FUNCTION @extschema@.deadline_change_guard() RETURNS trigger
  AS 'MODULE_PATHNAME', 'deadline_change_guard'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.deadline_change_guard() IS
  'BEFORE INSERT trigger on omledger.deadline_change: who records it (rule 8), the due date it replaces, late notice (rule 9); locks the item';

DROP TRIGGER work_item_workflow_before ON @extschema@.work_item;
CREATE TRIGGER work_item_workflow_before
  BEFORE INSERT OR UPDATE ON @extschema@.work_item
  FOR EACH ROW EXECUTE FUNCTION @extschema@.work_item_workflow_before();
COMMENT ON TRIGGER work_item_workflow_before ON @extschema@.work_item IS
  'Enforces the state machine, its preconditions and who acts; keeps the clocks';

DROP TRIGGER work_item_workflow_after ON @extschema@.work_item;
CREATE TRIGGER work_item_workflow_after
  AFTER INSERT OR UPDATE OF status ON @extschema@.work_item
  FOR EACH ROW EXECUTE FUNCTION @extschema@.work_item_workflow_after();
COMMENT ON TRIGGER work_item_workflow_after ON @extschema@.work_item IS
  'Records every status change in omledger.work_item_event';

DROP TRIGGER approval_guard ON @extschema@.approval;
CREATE TRIGGER approval_guard BEFORE INSERT ON @extschema@.approval
  FOR EACH ROW EXECUTE FUNCTION @extschema@.approval_guard();
COMMENT ON TRIGGER approval_guard ON @extschema@.approval IS
  'Only a registered city person approves, never their own request';

DROP TRIGGER evidence_guard ON @extschema@.evidence;
CREATE TRIGGER evidence_guard BEFORE INSERT ON @extschema@.evidence
  FOR EACH ROW EXECUTE FUNCTION @extschema@.evidence_guard();
COMMENT ON TRIGGER evidence_guard ON @extschema@.evidence IS
  'Only a registered person records evidence';

DROP TRIGGER deadline_change_guard ON @extschema@.deadline_change;
CREATE TRIGGER deadline_change_guard BEFORE INSERT ON @extschema@.deadline_change
  FOR EACH ROW EXECUTE FUNCTION @extschema@.deadline_change_guard();
COMMENT ON TRIGGER deadline_change_guard ON @extschema@.deadline_change IS
  'Fills in the old due date and marks late notice (rule 9)';

DROP FUNCTION @extschema@.work_item_workflow();
DROP FUNCTION @extschema@.ledger_record_guard();
