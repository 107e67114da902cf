/*
 * 43_workflow.sql -- the workflow engine: the C triggers that enforce the
 * contract on the ledger (src/workflow.c), the due date in force, the
 * overdue view, and workflow_dot().  See doc/workflow.md.
 */

CREATE FUNCTION @extschema@.work_item_workflow() RETURNS trigger
  AS 'MODULE_PATHNAME', 'work_item_workflow'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.work_item_workflow() IS
  'Trigger on omledger.work_item: BEFORE INSERT/UPDATE checks the transition, its preconditions and who acts (rules 1-8, 10) and keeps the item''s clocks; AFTER INSERT/UPDATE OF status records the work_item_event';

CREATE FUNCTION @extschema@.ledger_record_guard() RETURNS trigger
  AS 'MODULE_PATHNAME', 'ledger_record_guard'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.ledger_record_guard() IS
  'BEFORE INSERT trigger on approval, evidence and deadline_change: who may record it (rule 8), the item lock, late notice (rule 9)';

CREATE FUNCTION @extschema@.ledger_history_immutable() RETURNS trigger
  AS 'MODULE_PATHNAME', 'ledger_history_immutable'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.ledger_history_immutable() IS
  'BEFORE UPDATE/DELETE/TRUNCATE trigger that refuses to change append-only history (SQLSTATE OM214)';

CREATE FUNCTION @extschema@.ledger_protect_seeded() RETURNS trigger
  AS 'MODULE_PATHNAME', 'ledger_protect_seeded'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.ledger_protect_seeded() IS
  'BEFORE trigger that keeps the rows shipped with the extension (seeded = true) read-only (SQLSTATE OM217)';

CREATE FUNCTION @extschema@.workflow_dot(kind text) RETURNS text
  AS 'MODULE_PATHNAME', 'workflow_dot'
  LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.workflow_dot(text) IS
  'The state machine of a kind of work (as the workflow tables define it now) as a Graphviz DOT digraph';

CREATE FUNCTION @extschema@.ledger_bulk_loading() RETURNS boolean
  AS 'MODULE_PATHNAME', 'ledger_bulk_loading'
  LANGUAGE C VOLATILE PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.ledger_bulk_loading() IS
  'True while a superuser''s COPY FROM is loading rows (as pg_restore does): the ledger''s triggers then take rows as history';

-- The due date in force: the latest agreed deadline change, else due_on.
CREATE FUNCTION @extschema@.work_item_due(item_id bigint) RETURNS date
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
	SELECT COALESCE(
		(SELECT d.new_due_on
		 FROM @extschema@.deadline_change AS d
		 WHERE d.item_id OPERATOR(pg_catalog.=) $1
		   AND (SELECT a.decision
				FROM @extschema@.approval AS a
				WHERE a.item_id OPERATOR(pg_catalog.=) d.item_id
				  AND a.subject OPERATOR(pg_catalog.=) 'deadline_change'
				  AND a.subject_ref OPERATOR(pg_catalog.=) d.deadline_change_id::pg_catalog.text
				ORDER BY a.decided_at DESC, a.approval_id DESC
				LIMIT 1) OPERATOR(pg_catalog.=) 'approved'
		 ORDER BY d.deadline_change_id DESC
		 LIMIT 1),
		(SELECT w.due_on FROM @extschema@.work_item AS w WHERE w.item_id OPERATOR(pg_catalog.=) $1))
$$;
COMMENT ON FUNCTION @extschema@.work_item_due(bigint) IS
  'The due date in force for a work item: the new date of its latest agreed deadline change, else its due_on (NULL if none)';

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

-- The menu: a revision is a new row; the previous one is kept and closed.
CREATE FUNCTION @extschema@.menu_item_revise() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	prev @extschema@.menu_item;
BEGIN
	-- pg_restore: the rows come back as they were, in heap order
	IF @extschema@.ledger_bulk_loading() THEN
		RETURN NEW;
	END IF;
	IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
		SELECT m.* INTO prev
		FROM @extschema@.menu_item AS m
		WHERE m.contract_id OPERATOR(pg_catalog.=) NEW.contract_id
		  AND m.code OPERATOR(pg_catalog.=) NEW.code
		ORDER BY m.revision DESC
		LIMIT 1
		FOR UPDATE;
		IF NOT FOUND THEN
			NEW.revision := 1;
			NEW.supersedes_id := NULL;
			RETURN NEW;
		END IF;
		IF pg_catalog.lower(NEW.valid) OPERATOR(pg_catalog.<=) pg_catalog.lower(prev.valid) THEN
			RAISE EXCEPTION 'revision of menu task % must start after revision % (%)',
				NEW.code, prev.revision, pg_catalog.lower(prev.valid)
				USING ERRCODE = 'OM214',
					  DETAIL = 'A revision replaces the previous one from its first day on; the previous one is kept.',
					  HINT = 'Give the new revision a validity starting later.';
		END IF;
		NEW.revision := prev.revision OPERATOR(pg_catalog.+) 1;
		NEW.supersedes_id := prev.menu_item_id;
		IF pg_catalog.upper_inf(prev.valid)
		   OR pg_catalog.upper(prev.valid) OPERATOR(pg_catalog.>) pg_catalog.lower(NEW.valid) THEN
			UPDATE @extschema@.menu_item
			SET valid = pg_catalog.daterange(pg_catalog.lower(prev.valid), pg_catalog.lower(NEW.valid))
			WHERE menu_item_id OPERATOR(pg_catalog.=) prev.menu_item_id;
		END IF;
		RETURN NEW;
	END IF;
	-- only the closing of a validity by a new revision (just above)
	IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' AND pg_catalog.pg_trigger_depth() OPERATOR(pg_catalog.>) 1
	   AND ROW(NEW.menu_item_id, NEW.contract_id, NEW.code, NEW.revision, NEW.title, NEW.performer,
			   NEW.system_code, NEW.procedure_ref, NEW.frequency, NEW.supersedes_id, NEW.created_at)
		   IS NOT DISTINCT FROM
		   ROW(OLD.menu_item_id, OLD.contract_id, OLD.code, OLD.revision, OLD.title, OLD.performer,
			   OLD.system_code, OLD.procedure_ref, OLD.frequency, OLD.supersedes_id, OLD.created_at) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'rows of omledger.menu_item cannot be % directly',
		CASE TG_OP WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END
		USING ERRCODE = 'OM214',
			  DETAIL = 'The menu keeps every revision: a change is a new revision.',
			  HINT = 'Insert a new row with the same code; it becomes the next revision and closes the previous one.';
END
$$;
COMMENT ON FUNCTION @extschema@.menu_item_revise() IS
  'Trigger on omledger.menu_item: numbers a new revision, closes the previous one; refuses other changes (OM214)';

-- ------------------------------------------------------------- triggers
CREATE TRIGGER work_item_workflow_before
  BEFORE INSERT OR UPDATE ON @extschema@.work_item
  FOR EACH ROW EXECUTE FUNCTION @extschema@.work_item_workflow();
COMMENT ON TRIGGER work_item_workflow_before ON @extschema@.work_item IS
  'Enforces the state machine, its preconditions and who acts; keeps the clocks';
CREATE TRIGGER work_item_workflow_after
  AFTER INSERT OR UPDATE OF status ON @extschema@.work_item
  FOR EACH ROW EXECUTE FUNCTION @extschema@.work_item_workflow();
COMMENT ON TRIGGER work_item_workflow_after ON @extschema@.work_item IS
  'Records every status change in omledger.work_item_event';

CREATE TRIGGER approval_guard BEFORE INSERT ON @extschema@.approval
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record_guard();
COMMENT ON TRIGGER approval_guard ON @extschema@.approval IS
  'Only a registered city person approves, never their own request';
CREATE TRIGGER evidence_guard BEFORE INSERT ON @extschema@.evidence
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record_guard();
COMMENT ON TRIGGER evidence_guard ON @extschema@.evidence IS
  'Only a registered person records evidence';
CREATE TRIGGER deadline_change_guard BEFORE INSERT ON @extschema@.deadline_change
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record_guard();
COMMENT ON TRIGGER deadline_change_guard ON @extschema@.deadline_change IS
  'Fills in the old due date and marks late notice (rule 9)';

CREATE TRIGGER approval_immutable BEFORE UPDATE OR DELETE ON @extschema@.approval
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER approval_immutable ON @extschema@.approval IS 'Decided approvals are immutable';
CREATE TRIGGER approval_no_truncate BEFORE TRUNCATE ON @extschema@.approval
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER approval_no_truncate ON @extschema@.approval IS 'Decided approvals are immutable';
CREATE TRIGGER evidence_immutable BEFORE UPDATE OR DELETE ON @extschema@.evidence
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER evidence_immutable ON @extschema@.evidence IS 'Evidence is append-only';
CREATE TRIGGER evidence_no_truncate BEFORE TRUNCATE ON @extschema@.evidence
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER evidence_no_truncate ON @extschema@.evidence IS 'Evidence is append-only';
CREATE TRIGGER deadline_change_immutable BEFORE UPDATE OR DELETE ON @extschema@.deadline_change
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER deadline_change_immutable ON @extschema@.deadline_change IS 'Deadline changes are append-only';
CREATE TRIGGER deadline_change_no_truncate BEFORE TRUNCATE ON @extschema@.deadline_change
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER deadline_change_no_truncate ON @extschema@.deadline_change IS 'Deadline changes are append-only';
CREATE TRIGGER work_item_event_immutable BEFORE UPDATE OR DELETE ON @extschema@.work_item_event
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER work_item_event_immutable ON @extschema@.work_item_event IS 'The status history is append-only';
CREATE TRIGGER work_item_event_no_truncate BEFORE TRUNCATE ON @extschema@.work_item_event
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER work_item_event_no_truncate ON @extschema@.work_item_event IS 'The status history is append-only';

CREATE TRIGGER menu_item_revise BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.menu_item
  FOR EACH ROW EXECUTE FUNCTION @extschema@.menu_item_revise();
COMMENT ON TRIGGER menu_item_revise ON @extschema@.menu_item IS
  'A revision is a new row; the old one is kept';

CREATE TRIGGER system_protect_seeded BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.system
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_protect_seeded();
COMMENT ON TRIGGER system_protect_seeded ON @extschema@.system IS 'Seeded rows are read-only';
CREATE TRIGGER work_sub_kind_protect_seeded BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.work_sub_kind
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_protect_seeded();
COMMENT ON TRIGGER work_sub_kind_protect_seeded ON @extschema@.work_sub_kind IS 'Seeded rows are read-only';
CREATE TRIGGER approval_subject_protect_seeded BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.approval_subject
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_protect_seeded();
COMMENT ON TRIGGER approval_subject_protect_seeded ON @extschema@.approval_subject IS 'Seeded rows are read-only';
CREATE TRIGGER evidence_type_protect_seeded BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.evidence_type
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_protect_seeded();
COMMENT ON TRIGGER evidence_type_protect_seeded ON @extschema@.evidence_type IS 'Seeded rows are read-only';
CREATE TRIGGER workflow_status_protect_seeded BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.workflow_status
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_protect_seeded();
COMMENT ON TRIGGER workflow_status_protect_seeded ON @extschema@.workflow_status IS 'Seeded rows are read-only';
CREATE TRIGGER workflow_transition_protect_seeded BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.workflow_transition
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_protect_seeded();
COMMENT ON TRIGGER workflow_transition_protect_seeded ON @extschema@.workflow_transition IS 'Seeded rows are read-only';
