\echo Use "CREATE EXTENSION omledger" to load this file. \quit

-- ====================================================================
-- work_kind: the one list of the kinds of work (new in 0.4)
-- The five kinds (menu_task §5.1, service_request §5.2.1,
-- failure_recovery §5.2.2, modification §5.2.3, handover §5.3) were spelled
-- out in a CHECK constraint of each table that has a kind (work_item,
-- workflow_status, work_sub_kind; workflow_transition had none of its own
-- and relied on its foreign keys).  They are now one domain, the type of
-- every such column; the three CHECK constraints go.  A bad kind is now
-- refused as a value of the domain (SQLSTATE 23514 still), whichever table
-- it is written to.
--
-- A column's type cannot change while a view or a trigger with an UPDATE OF
-- column list names it: the two views over work_item.kind (overdue_items,
-- effort_entry) and the two triggers that list it (work_item_charge_frozen,
-- work_item_caps_lookup) are dropped first and created again below exactly
-- as 0.3 made them (definitions, comments, ENABLE ALWAYS; the views have no
-- grants).  The view columns named kind become work_kind too.
--
-- Updating a 0.3 database rewrites the four tables (a domain with a
-- constraint is checked row by row) under an ACCESS EXCLUSIVE lock: they
-- are small (a ledger's work items, the seeded state machines).
-- ====================================================================

CREATE DOMAIN @extschema@.work_kind AS text
  CONSTRAINT work_kind_check
  CHECK (VALUE OPERATOR(pg_catalog.=) ANY ('{menu_task,service_request,failure_recovery,modification,handover}'::text[]));
COMMENT ON DOMAIN @extschema@.work_kind IS
  'a kind of work: menu_task (§5.1), service_request (§5.2.1), failure_recovery (§5.2.2), modification (§5.2.3) or handover (§5.3)';

DROP VIEW @extschema@.effort_entry;
DROP VIEW @extschema@.overdue_items;
DROP TRIGGER work_item_charge_frozen ON @extschema@.work_item;
DROP TRIGGER work_item_caps_lookup ON @extschema@.work_item;

ALTER TABLE @extschema@.work_sub_kind
  DROP CONSTRAINT work_sub_kind_kind_check,
  ALTER COLUMN kind TYPE @extschema@.work_kind;
ALTER TABLE @extschema@.workflow_status
  DROP CONSTRAINT workflow_status_kind_check,
  ALTER COLUMN kind TYPE @extschema@.work_kind;
ALTER TABLE @extschema@.workflow_transition
  ALTER COLUMN kind TYPE @extschema@.work_kind;
ALTER TABLE @extschema@.work_item
  DROP CONSTRAINT work_item_kind_check,
  ALTER COLUMN kind TYPE @extschema@.work_kind;

-- As in 50_caps.sql (0.2).
CREATE TRIGGER work_item_charge_frozen
  BEFORE UPDATE OF contract_id, kind, spec_check_for_modification, internal_handover
  ON @extschema@.work_item
  FOR EACH ROW EXECUTE FUNCTION @extschema@.work_item_charge_frozen();

-- As in 51_caps_lookup.sql (0.3); a withdrawal is work_item_caps_withdrawn's
-- (70_caps_rules.sql).
CREATE TRIGGER work_item_caps_lookup
  AFTER DELETE OR UPDATE OF item_id, contract_id, kind, spec_check_for_modification,
        internal_handover ON @extschema@.work_item
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.caps_lookup_changed();
ALTER TABLE @extschema@.work_item ENABLE ALWAYS TRIGGER work_item_caps_lookup;
COMMENT ON TRIGGER work_item_caps_lookup ON @extschema@.work_item IS
  'invalidates the work items the effort_log cap trigger cached (contract, charge category, counted); the status: work_item_caps_withdrawn';

-- As in 43_workflow.sql (0.2).
CREATE VIEW @extschema@.overdue_items AS
SELECT w.item_id, w.contract_id, w.kind, w.sub_kind, w.title, w.status,
	   w.due_on,
	   d.effective_due_on,
	   (t.today OPERATOR(pg_catalog.-) d.effective_due_on) AS days_overdue,
	   EXISTS (SELECT 1 FROM @extschema@.deadline_change AS c
			   WHERE c.item_id OPERATOR(pg_catalog.=) w.item_id
				 AND c.new_due_on OPERATOR(pg_catalog.>) d.effective_due_on) AS change_pending
FROM @extschema@.work_item AS w
JOIN @extschema@.workflow_status AS s
  ON s.kind OPERATOR(pg_catalog.=) w.kind AND s.status OPERATOR(pg_catalog.=) w.status
CROSS JOIN LATERAL (SELECT @extschema@.work_item_due(w.item_id) AS effective_due_on) AS d
CROSS JOIN LATERAL (SELECT (pg_catalog.now() AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date AS today) AS t
WHERE NOT s.is_terminal
  AND d.effective_due_on OPERATOR(pg_catalog.<) t.today;
COMMENT ON VIEW @extschema@.overdue_items IS
  'Rule 9: unfinished work items past the due date in force (today in Japan time) with no agreed change';
COMMENT ON COLUMN @extschema@.overdue_items.item_id IS 'The work item';
COMMENT ON COLUMN @extschema@.overdue_items.contract_id IS 'Its contract';
COMMENT ON COLUMN @extschema@.overdue_items.kind IS 'Its kind';
COMMENT ON COLUMN @extschema@.overdue_items.sub_kind IS 'Its sub-kind';
COMMENT ON COLUMN @extschema@.overdue_items.title IS 'Its title';
COMMENT ON COLUMN @extschema@.overdue_items.status IS 'Its status (not a terminal one)';
COMMENT ON COLUMN @extschema@.overdue_items.due_on IS 'The originally agreed due date';
COMMENT ON COLUMN @extschema@.overdue_items.effective_due_on IS 'The due date in force (omledger.work_item_due)';
COMMENT ON COLUMN @extschema@.overdue_items.days_overdue IS 'Calendar days since the due date in force';
COMMENT ON COLUMN @extschema@.overdue_items.change_pending IS 'A later deadline change is recorded but not (yet) agreed';

-- As in 50_caps.sql (0.2).
CREATE VIEW @extschema@.effort_entry AS
  SELECT e.entry_id, e.item_id, e.person_id, e.work_date, e.effort, e.note,
         e.entered_by, e.entered_at, e.corrects, w.contract_id,
         @extschema@.charge_category(w.kind, w.spec_check_for_modification) AS category,
         NOT w.internal_handover AS counted,
         @extschema@.fiscal_period(e.work_date, 'month') AS month
    FROM @extschema@.effort_log e
    JOIN @extschema@.work_item w ON w.item_id OPERATOR(pg_catalog.=) e.item_id;
COMMENT ON VIEW @extschema@.effort_entry IS
  'effort_log with the contract, the charge category, whether it counts against the caps (§5.3: a staff change inside the contractor does not) and the fiscal month';
COMMENT ON COLUMN @extschema@.effort_entry.entry_id IS 'The entry (effort_log.entry_id)';
COMMENT ON COLUMN @extschema@.effort_entry.item_id IS 'The work item the effort was spent on';
COMMENT ON COLUMN @extschema@.effort_entry.person_id IS 'Who worked (a roster entry)';
COMMENT ON COLUMN @extschema@.effort_entry.work_date IS 'The day of work';
COMMENT ON COLUMN @extschema@.effort_entry.effort IS 'The effort (negative for a correction)';
COMMENT ON COLUMN @extschema@.effort_entry.note IS 'Free text';
COMMENT ON COLUMN @extschema@.effort_entry.entered_by IS 'The database role that entered the row';
COMMENT ON COLUMN @extschema@.effort_entry.entered_at IS 'When the row was entered';
COMMENT ON COLUMN @extschema@.effort_entry.corrects IS 'For a correction: the entry it corrects';
COMMENT ON COLUMN @extschema@.effort_entry.contract_id IS 'The contract of the work item';
COMMENT ON COLUMN @extschema@.effort_entry.category IS 'The charge category derived from the item (omledger.charge_category): menu, service, failure_recovery, modification or handover';
COMMENT ON COLUMN @extschema@.effort_entry.counted IS 'False for handover inside the contractor (§5.3), which is recorded but not counted against any cap';
COMMENT ON COLUMN @extschema@.effort_entry.month IS 'The fiscal month of work_date';
