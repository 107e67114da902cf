
-- ====================================================================
-- workflow invariants (new in 0.4)
-- The rules of the workflow hold on the item's state whatever column
-- changes, not only when its status moves (doc/workflow.md, "Columns that
-- decide the rules").  This file adds what the engine needs for that:
--   * work_item_event records every change of a column that decides which
--     rules apply (field, old_value, new_value), not only status changes;
--   * the approval subject `classification`: a contractor sets or changes a
--     failure's class (table 1) only with the city's approval;
--   * work_item.third_party_remedy: table 1's exception to class A (the
--     city claims remedy from a third party, 履行の追完請求) as data;
--   * contract.emergency_release_open_days: the city's choice per contract
--     of an emergency path for a provisional fix in production (approval
--     recorded afterwards), and contract.late_entry_open_days, the lag
--     after which an entry counts as recorded late;
--   * the systems of an item (work_item_system) are content: a change
--     moves content_changed_at, goes through the item's rules and who acts
--     (rule 8), and is an event.
-- The checks themselves are in the C trigger (src/workflow*.c).
-- ====================================================================

-- ------------------------------------------------- the history of fields
ALTER TABLE @extschema@.work_item_event
	ADD COLUMN field text,
	ADD COLUMN old_value text,
	ADD COLUMN new_value text,
	ADD CONSTRAINT work_item_event_field_check
		CHECK (field IS NOT NULL OR (old_value IS NULL AND new_value IS NULL));
COMMENT ON COLUMN @extschema@.work_item_event.field IS
  'NULL for a status change (or the creation); else the column (or ''systems'') whose change the event records, the status staying to_status';
COMMENT ON COLUMN @extschema@.work_item_event.old_value IS
  'The value of field before the change, as text (NULL: it was empty)';
COMMENT ON COLUMN @extschema@.work_item_event.new_value IS
  'The value of field after the change, as text (NULL: it was emptied)';
COMMENT ON TABLE @extschema@.work_item_event IS
  'The history of every work item: each status change and each change of a column that decides its rules, written by the workflow triggers; append-only';

-- ------------------------------------------------------- classification
COMMENT ON COLUMN @extschema@.approval.subject_ref IS
  'Identifies a non-item subject (e.g. 2025-10 for reopen_month) or a part of the item: the deadline_change_id of a deadline_change, the class (A-D) of a classification, the day (2026-03-21) of a closed_day_attendance';
INSERT INTO @extschema@.approval_subject (subject, description, seeded) VALUES
	('classification', 'The class (A-D of table 1) a contractor gives a failure: table 1 is the city''s and the contractor''s joint judgement, so a contractor''s classification needs the city''s approval', true);

ALTER TABLE @extschema@.work_item
	ADD COLUMN third_party_remedy boolean NOT NULL DEFAULT false,
	ADD CONSTRAINT work_item_third_party_remedy_check
		CHECK (NOT third_party_remedy OR failure_class OPERATOR(pg_catalog.=) 'A');
COMMENT ON COLUMN @extschema@.work_item.third_party_remedy IS
  'For a class A failure: the city claims remedy from a third party (履行の追完請求, table 1), so it is not modified under this contract; set by the city';

-- ------------------------------------------------- per-contract settings
ALTER TABLE @extschema@.contract
	ADD COLUMN late_entry_open_days integer NOT NULL DEFAULT 1,
	ADD COLUMN emergency_release_open_days integer,
	ADD CONSTRAINT contract_late_entry_open_days_check
		CHECK (late_entry_open_days OPERATOR(pg_catalog.>=) 0),
	ADD CONSTRAINT contract_emergency_release_open_days_check
		CHECK (emergency_release_open_days OPERATOR(pg_catalog.>) 0);
COMMENT ON COLUMN @extschema@.contract.late_entry_open_days IS
  'An entry (status change, approval, evidence) recorded more than this many open days after the time it names is kept but reported as recorded late (late_entries)';
COMMENT ON COLUMN @extschema@.contract.emergency_release_open_days IS
  'NULL: a provisional fix put into production during a failure passes the release gate first; n: the city allows it in an emergency with the release approval recorded within n open days (overdue in release_gate_overdue until then)';

-- -------------------------------------------------- field change events
-- A move that requires an approval asks when the fields the approval covers
-- last changed (wf_approval_window_start()): a partial index finds the
-- field events without reading the item's status events.
CREATE INDEX work_item_event_field_idx ON @extschema@.work_item_event (item_id, field, occurred_at)
  WHERE field IS NOT NULL;
COMMENT ON INDEX @extschema@.work_item_event_field_idx IS
  'the changes of an item''s fields (not its status events): when an approval''s subject last changed';

-- The history is written with the owner's rights (SECURITY DEFINER trigger
-- functions naming the acting role from session_role(); the status events
-- by the C trigger, src/workflow_item.c): no user needs INSERT on
-- work_item_event, so no one can write an event of their choosing.  The
-- field-events trigger fires on updates that name one of its columns (a
-- WHEN clause alone was compiled for every statement, a quarter of a
-- status change's cost); no BEFORE trigger of the extension changes them.
CREATE FUNCTION @extschema@.acting_person(contract_id bigint, acting name)
  RETURNS bigint
  AS 'MODULE_PATHNAME', 'acting_person'
  LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.acting_person(bigint, name) IS
  'The roster entry of the contract whose db_role is the given role and that is registered today in Japan, or NULL: current_person() for a role other than current_user (the history''s writers run as the owner); the workflow''s kept answers of who acts, read as the ledger''s owner';

-- It reads the roster as the owner, whatever policies hide from the
-- caller: only the owner's trigger functions call it.
REVOKE ALL ON FUNCTION @extschema@.acting_person(bigint, name) FROM PUBLIC;

CREATE FUNCTION @extschema@.require_on_roster(contract_id bigint)
  RETURNS bigint
  AS 'MODULE_PATHNAME', 'require_on_roster'
  LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.require_on_roster(bigint) IS
  'Rule 8 for a change of an item made without its trigger: the roster entry of the contract mapped to current_user today (Japan time), NULL for a superuser on no roster; refuses anyone else (OM209) as the item''s own update would';

CREATE FUNCTION @extschema@.work_item_field_events() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	-- the role acting (current_user is the owner in here)
	acting name := @extschema@.session_role();
BEGIN
	IF @extschema@.ledger_bulk_loading() THEN
		RETURN NULL;
	END IF;
	INSERT INTO @extschema@.work_item_event
		(contract_id, item_id, from_status, to_status, occurred_at, actor_id, db_user, field, old_value, new_value)
	SELECT NEW.contract_id, NEW.item_id, NEW.status, NEW.status, pg_catalog.now(),
		   @extschema@.acting_person(NEW.contract_id, acting), acting,
		   f.field, f.o, f.n
	FROM (VALUES
		('sub_kind', OLD.sub_kind, NEW.sub_kind),
		('title', OLD.title, NEW.title),
		('detail', OLD.detail, NEW.detail),
		('severity', OLD.severity, NEW.severity),
		('failure_class', OLD.failure_class, NEW.failure_class),
		('third_party_remedy', OLD.third_party_remedy::pg_catalog.text, NEW.third_party_remedy::pg_catalog.text),
		('performer', OLD.performer, NEW.performer),
		('release_ref', OLD.release_ref, NEW.release_ref),
		('planned_effort', OLD.planned_effort::pg_catalog.text, NEW.planned_effort::pg_catalog.text),
		('parent_id', OLD.parent_id::pg_catalog.text, NEW.parent_id::pg_catalog.text),
		('menu_item_id', OLD.menu_item_id::pg_catalog.text, NEW.menu_item_id::pg_catalog.text),
		('scheduled_at', OLD.scheduled_at::pg_catalog.text, NEW.scheduled_at::pg_catalog.text),
		('due_on', OLD.due_on::pg_catalog.text, NEW.due_on::pg_catalog.text),
		('spec_check_for_modification', OLD.spec_check_for_modification::pg_catalog.text,
		 NEW.spec_check_for_modification::pg_catalog.text),
		('internal_handover', OLD.internal_handover::pg_catalog.text, NEW.internal_handover::pg_catalog.text)
	) AS f(field, o, n)
	WHERE f.o IS DISTINCT FROM f.n
	ORDER BY f.field;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.work_item_field_events() IS
  'AFTER UPDATE trigger on omledger.work_item: one work_item_event per changed column that decides the item''s rules (field, old, new, who, when); writes as the owner (SECURITY DEFINER), recording the acting role (session_role()) and its roster entry';

CREATE TRIGGER work_item_field_events
  AFTER UPDATE OF sub_kind, title, detail, severity, failure_class, third_party_remedy,
        performer, release_ref, planned_effort, parent_id, menu_item_id, scheduled_at,
        due_on, spec_check_for_modification, internal_handover ON @extschema@.work_item
  FOR EACH ROW
  WHEN (OLD.sub_kind IS DISTINCT FROM NEW.sub_kind
		OR OLD.title IS DISTINCT FROM NEW.title
		OR OLD.detail IS DISTINCT FROM NEW.detail
		OR OLD.severity IS DISTINCT FROM NEW.severity
		OR OLD.failure_class IS DISTINCT FROM NEW.failure_class
		OR OLD.third_party_remedy IS DISTINCT FROM NEW.third_party_remedy
		OR OLD.performer IS DISTINCT FROM NEW.performer
		OR OLD.release_ref IS DISTINCT FROM NEW.release_ref
		OR OLD.planned_effort IS DISTINCT FROM NEW.planned_effort
		OR OLD.parent_id IS DISTINCT FROM NEW.parent_id
		OR OLD.menu_item_id IS DISTINCT FROM NEW.menu_item_id
		OR OLD.scheduled_at IS DISTINCT FROM NEW.scheduled_at
		OR OLD.due_on IS DISTINCT FROM NEW.due_on
		OR OLD.spec_check_for_modification IS DISTINCT FROM NEW.spec_check_for_modification
		OR OLD.internal_handover IS DISTINCT FROM NEW.internal_handover)
  EXECUTE FUNCTION @extschema@.work_item_field_events();
COMMENT ON TRIGGER work_item_field_events ON @extschema@.work_item IS
  'Records each change of a column that decides the item''s rules in omledger.work_item_event (fires on updates naming one of them: no BEFORE trigger of the extension changes them)';

-- ------------------------------------------------------ system events
-- The BEFORE trigger keeps moving the item as the acting role (who acts and
-- the item's rules are checked); the event is written after the change by
-- a trigger function of the owner's.
CREATE FUNCTION @extschema@.work_item_system_change() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	item bigint;
	contract bigint;
	was text;
	now_is text;
BEGIN
	IF @extschema@.ledger_bulk_loading() THEN
		RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
	END IF;
	FOR item, was, now_is IN
		SELECT x.item_id, x.was, x.now_is FROM (VALUES
			(CASE WHEN TG_OP OPERATOR(pg_catalog.<>) 'INSERT' THEN OLD.item_id END,
			 CASE WHEN TG_OP OPERATOR(pg_catalog.<>) 'INSERT' THEN OLD.system_code END, NULL::pg_catalog.text),
			(CASE WHEN TG_OP OPERATOR(pg_catalog.<>) 'DELETE' THEN NEW.item_id END,
			 NULL::pg_catalog.text, CASE WHEN TG_OP OPERATOR(pg_catalog.<>) 'DELETE' THEN NEW.system_code END)
		) AS x(item_id, was, now_is)
		WHERE x.item_id IS NOT NULL
	LOOP
		-- The systems of an item entered in this transaction are part of
		-- entering it (a paper record keeps its dates): its content time
		-- stays, and only who acts (rule 8) is checked -- the item's rules
		-- held when it was entered and nothing of it changes.
		SELECT w.contract_id INTO contract
		FROM @extschema@.work_item AS w
		WHERE w.item_id OPERATOR(pg_catalog.=) item
		  AND w.created_at OPERATOR(pg_catalog.=) pg_catalog.now();
		IF FOUND THEN
			PERFORM @extschema@.require_on_roster(contract);
			CONTINUE;
		END IF;
		-- Otherwise the change is a change of the item's content: this
		-- UPDATE goes through the item's trigger, which checks who acts
		-- (rule 8) and the rules of the item's status against the moved
		-- content time.
		UPDATE @extschema@.work_item AS w
		SET content_changed_at = CASE WHEN w.content_changed_at OPERATOR(pg_catalog.>) pg_catalog.now()
									 THEN w.content_changed_at ELSE pg_catalog.now() END
		WHERE w.item_id OPERATOR(pg_catalog.=) item;
	END LOOP;
	RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION @extschema@.work_item_system_change() IS
  'BEFORE trigger on omledger.work_item_system: a change of an item''s systems is a change of its content (content_changed_at, rules, who acts); work_item_system_events records it';

CREATE TRIGGER work_item_system_change
  BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.work_item_system
  FOR EACH ROW EXECUTE FUNCTION @extschema@.work_item_system_change();
COMMENT ON TRIGGER work_item_system_change ON @extschema@.work_item_system IS
  'A change of the systems is a change of the item: who acts, its rules, content_changed_at';

CREATE FUNCTION @extschema@.work_item_system_events() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	-- the role acting (current_user is the owner in here)
	acting name := @extschema@.session_role();
	item bigint;
	contract bigint;
	st text;
	was text;
	now_is text;
BEGIN
	IF @extschema@.ledger_bulk_loading() THEN
		RETURN NULL;
	END IF;
	FOR item, was, now_is IN
		SELECT x.item_id, x.was, x.now_is FROM (VALUES
			(CASE WHEN TG_OP OPERATOR(pg_catalog.<>) 'INSERT' THEN OLD.item_id END,
			 CASE WHEN TG_OP OPERATOR(pg_catalog.<>) 'INSERT' THEN OLD.system_code END, NULL::pg_catalog.text),
			(CASE WHEN TG_OP OPERATOR(pg_catalog.<>) 'DELETE' THEN NEW.item_id END,
			 NULL::pg_catalog.text, CASE WHEN TG_OP OPERATOR(pg_catalog.<>) 'DELETE' THEN NEW.system_code END)
		) AS x(item_id, was, now_is)
		WHERE x.item_id IS NOT NULL
	LOOP
		SELECT w.contract_id, w.status INTO contract, st
		FROM @extschema@.work_item AS w
		WHERE w.item_id OPERATOR(pg_catalog.=) item;
		-- no item: it is being deleted
		IF FOUND THEN
			INSERT INTO @extschema@.work_item_event
				(contract_id, item_id, from_status, to_status, occurred_at, actor_id, db_user,
				 field, old_value, new_value)
			VALUES (contract, item, st, st, pg_catalog.now(),
					@extschema@.acting_person(contract, acting), acting,
					'systems', was, now_is);
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.work_item_system_events() IS
  'AFTER trigger on omledger.work_item_system: the event of a change of an item''s systems (field systems, old, new), written as the owner (SECURITY DEFINER), recording the acting role (session_role()) and its roster entry';

CREATE TRIGGER work_item_system_events
  AFTER INSERT OR UPDATE OR DELETE ON @extschema@.work_item_system
  FOR EACH ROW EXECUTE FUNCTION @extschema@.work_item_system_events();
COMMENT ON TRIGGER work_item_system_events ON @extschema@.work_item_system IS
  'The event of a change of an item''s systems, written with the owner''s rights';

-- ------------------------------------------------------ who may insert

COMMENT ON COLUMN @extschema@.work_item.content_changed_at IS 'The last change to the item (rule 3): requested_at on creation; bumped to now() when title, detail, sub_kind, release_ref or the item''s systems (work_item_system) change and to the status time when the item enters a status marked bumps_content (rework); release evidence and the release approval must be later';

-- ------------------------------------------------ the menu: who writes it
-- Rule 8 for every table people write: a new menu revision is entered by a
-- person on the contract's roster (a superuser on no roster enters records
-- as an administrator, as elsewhere).  A contract that does not exist is
-- left to the foreign key.
CREATE FUNCTION @extschema@.menu_item_roster() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	today date := (pg_catalog.now() AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date;
BEGIN
	IF @extschema@.ledger_bulk_loading()
	   OR NOT EXISTS (SELECT 1 FROM @extschema@.contract AS c
					  WHERE c.contract_id OPERATOR(pg_catalog.=) NEW.contract_id)
	   OR @extschema@.current_person(NEW.contract_id, today) IS NOT NULL
	   OR (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r
		   WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'role "%" is not on the roster of contract % on %', CURRENT_USER, NEW.contract_id, today
		USING ERRCODE = 'OM209',
			  DETAIL = 'Only a person registered on the roster on that date may revise the menu.',
			  HINT = 'Register the person in omledger.person (after the city''s approval) and map the database role through db_role.';
END
$$;
COMMENT ON FUNCTION @extschema@.menu_item_roster() IS
  'BEFORE INSERT trigger on omledger.menu_item: a menu revision is entered by a person on the contract''s roster (rule 8)';
CREATE TRIGGER menu_item_actor BEFORE INSERT ON @extschema@.menu_item
  FOR EACH ROW EXECUTE FUNCTION @extschema@.menu_item_roster();
COMMENT ON TRIGGER menu_item_actor ON @extschema@.menu_item IS
  'Only a person on the roster enters a menu revision';
