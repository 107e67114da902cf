
-- ====================================================================
-- the history of work items cannot be forged (new in 0.4)
-- Until now the workflow engine wrote work_item_event as the current user,
-- so omledger_city and omledger_contractor held INSERT on it -- and with it
-- could insert an event of their own, naming any actor and db_user.  Now
-- every writer of the history writes with the owner's rights and names the
-- acting role itself:
--   - status events: the C trigger (src/workflow_item.c) switches to the
--     owner of work_item_event around its insert and passes db_user, the
--     role acting before the switch;
--   - field events (work_item_field_events) and system events (moved out
--     of work_item_system_change into the AFTER trigger
--     work_item_system_events): SECURITY DEFINER trigger functions that
--     take the acting role from session_role() (SET ROLE, else the login
--     role; current_user is the owner in there) and its roster entry from
--     acting_person().  A trigger function cannot be called but as a
--     trigger, so no one can make them write an event of their choosing.
-- role_grants() no longer lists INSERT on work_item_event: a direct insert
-- by any group role is refused (permission denied).  create_roles() never
-- revokes; a database where an earlier 0.4 build of it ran is fixed with
-- REVOKE INSERT ON work_item_event FROM omledger_city, omledger_contractor
-- (doc/security.md).  No release granted it (create_roles() is new in 0.4).
-- ====================================================================

CREATE FUNCTION @extschema@.acting_person(contract_id bigint, acting name)
  RETURNS bigint
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
	SELECT p.person_id
	FROM @extschema@.person AS p
	WHERE p.contract_id OPERATOR(pg_catalog.=) $1
	  AND p.db_role OPERATOR(pg_catalog.=) $2
	  AND p.registered OPERATOR(pg_catalog.@>) (pg_catalog.now() AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date
	ORDER BY p.person_id
	LIMIT 1
$$;
COMMENT ON FUNCTION @extschema@.acting_person(bigint, name) IS
  'The roster entry of the contract whose db_role is the given role and that is registered today in Japan, or NULL: current_person() for a role other than current_user (the history''s writers run as the owner)';

-- ------------------------------------------------------ field events
DROP TRIGGER work_item_field_events ON @extschema@.work_item;
DROP FUNCTION @extschema@.work_item_field_events();
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
DROP TRIGGER work_item_system_change ON @extschema@.work_item_system;
DROP FUNCTION @extschema@.work_item_system_change();
CREATE FUNCTION @extschema@.work_item_system_change() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	item bigint;
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
		-- The change is a change of the item's content: this UPDATE goes
		-- through the item's trigger, which checks who acts (rule 8) and
		-- the rules of the item's status against the moved content time.
		-- The systems of an item entered in this transaction are part of
		-- entering it (a paper record keeps its dates).
		UPDATE @extschema@.work_item AS w
		SET content_changed_at = CASE WHEN w.content_changed_at OPERATOR(pg_catalog.>) pg_catalog.now()
										OR w.created_at OPERATOR(pg_catalog.=) pg_catalog.now()
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
DROP FUNCTION @extschema@.role_grants();
CREATE FUNCTION @extschema@.role_grants()
  RETURNS TABLE (grantee name, privileges text, object_type text, objects text[])
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH reads(objects) AS (VALUES (
    '{@extschema@.contract,@extschema@.person,@extschema@.menu_item,@extschema@.work_item,@extschema@.work_item_system,@extschema@.approval,@extschema@.evidence,@extschema@.deadline_change,@extschema@.work_item_event,@extschema@.effort_log,@extschema@.effort_cap,@extschema@.cap_extension,@extschema@.month_close,@extschema@.effort_entry,@extschema@.effort_summary,@extschema@.overdue_items,@extschema@.system,@extschema@.work_sub_kind,@extschema@.approval_subject,@extschema@.evidence_type,@extschema@.workflow_status,@extschema@.workflow_transition,@extschema@.calendar_override,@extschema@.online_hours,@extschema@.response_allowance,@extschema@.effort_cap_default}'::text[]))
  SELECT g.grantee, g.privileges, g.object_type, coalesce(g.objects, r.objects)
    FROM (VALUES
    -- everyone: the schema
    (1, 'omledger_admin'::name, 'USAGE', 'SCHEMA', '{@extschema@}'::text[]),
    (2, 'omledger_city', 'USAGE', 'SCHEMA', '{@extschema@}'),
    (3, 'omledger_contractor', 'USAGE', 'SCHEMA', '{@extschema@}'),
    (4, 'omledger_reader', 'USAGE', 'SCHEMA', '{@extschema@}'),
    (5, 'omledger_intake', 'USAGE', 'SCHEMA', '{@extschema@}'),
    -- every group but intake reads the ledger, its views and its
    -- configuration (the workflow trigger reads them as the current user);
    -- row-level security narrows a contractor to its own contracts.
    -- (NULL: the objects are "reads", the same list for the four)
    (6, 'omledger_admin', 'SELECT', 'TABLE', NULL),
    (7, 'omledger_city', 'SELECT', 'TABLE', NULL),
    (8, 'omledger_contractor', 'SELECT', 'TABLE', NULL),
    (9, 'omledger_reader', 'SELECT', 'TABLE', NULL),
    -- contact data: the city; a contractor's leads through row-level
    -- security (87_*); never the reader nor the administrator
    (10, 'omledger_city', 'SELECT, INSERT, UPDATE, DELETE', 'TABLE', '{@extschema@.person_contact}'),
    (11, 'omledger_contractor', 'SELECT', 'TABLE', '{@extschema@.person_contact}'),
    -- the administrator: the rules a contractor and the city are bound by
    (12, 'omledger_admin', 'INSERT, UPDATE, DELETE', 'TABLE',
     '{@extschema@.workflow_status,@extschema@.workflow_transition,@extschema@.system,@extschema@.work_sub_kind,@extschema@.approval_subject,@extschema@.evidence_type,@extschema@.calendar_override,@extschema@.online_hours,@extschema@.response_allowance,@extschema@.effort_cap_default}'),
    -- the city: contracts, their menus and rosters, work items (it requests
    -- work too), approvals, evidence (inspections, confirmations),
    -- deadline changes it is told of, caps and additional contracts
    (13, 'omledger_city', 'INSERT, UPDATE', 'TABLE',
     '{@extschema@.contract,@extschema@.menu_item,@extschema@.person,@extschema@.work_item,@extschema@.effort_cap}'),
    (14, 'omledger_city', 'INSERT, DELETE', 'TABLE', '{@extschema@.work_item_system}'),
    -- (not work_item_event: the workflow engine writes the history with
    -- the owner's rights, so that nobody can insert an event of their own)
    (15, 'omledger_city', 'INSERT', 'TABLE',
     '{@extschema@.approval,@extschema@.evidence,@extschema@.deadline_change}'),
    (16, 'omledger_city', 'INSERT, UPDATE, DELETE', 'TABLE', '{@extschema@.cap_extension}'),
    (17, 'omledger_city', 'EXECUTE', 'FUNCTION',
     '{"@extschema@.close_month(bigint,@extschema@.fiscal_period,text)","@extschema@.reopen_month(bigint,@extschema@.fiscal_period,bigint)"}'),
    -- the contractor: its work items, evidence, deadline changes, effort.
    -- Of an item it updates only the columns of its own work (UPDATE on
    -- one column also lets an evidence lock its item FOR SHARE); not the
    -- ones a rule turns on: due_on (changed by an agreed deadline_change,
    -- rule 9), sub_kind (rules 1 and 5), severity (rule 4), failure_class
    -- and parent_id (rule 6), the charge flags, the clock (rule 10), who
    -- requested it.  It sets them when it enters an item; later changes
    -- are the city's.  content_changed_at: a change of the item's systems
    -- (work_item_system) moves it by an UPDATE of the item, as the acting
    -- role, so that who acts and the item's rules are checked.
    (18, 'omledger_contractor', 'INSERT', 'TABLE', '{@extschema@.work_item}'),
    (19, 'omledger_contractor', 'UPDATE', 'COLUMN',
     '{@extschema@.work_item.status,@extschema@.work_item.status_changed_at,@extschema@.work_item.title,@extschema@.work_item.detail,@extschema@.work_item.performer,@extschema@.work_item.scheduled_at,@extschema@.work_item.planned_effort,@extschema@.work_item.release_ref,@extschema@.work_item.content_changed_at}'),
    (20, 'omledger_contractor', 'INSERT, DELETE', 'TABLE', '{@extschema@.work_item_system}'),
    (21, 'omledger_contractor', 'INSERT', 'TABLE',
     '{@extschema@.evidence,@extschema@.deadline_change}'),
    (22, 'omledger_contractor', 'INSERT, UPDATE, DELETE', 'TABLE', '{@extschema@.effort_log}')
    ) g(n, grantee, privileges, object_type, objects), reads r
   ORDER BY g.n
$$;
COMMENT ON FUNCTION @extschema@.role_grants() IS
  'the privileges create_roles() grants to each group role: one row per grantee, privilege list and kind of object, with the objects';
