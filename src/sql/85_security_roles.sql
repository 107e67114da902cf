\echo Use "CREATE EXTENSION omledger" to load this file. \quit

-- ====================================================================
-- group roles and least privilege (new in 0.4)
-- 0.3 shipped no role model: the docs told a DBA to grant SELECT, INSERT,
-- UPDATE on the tables the workflow touches, and with those rights a
-- contractor could insert a workflow_transition accepted -> in_progress
-- with no requirements (unapproved data patches ran), update its own
-- person.side to 'city' and approve its own work, extend its own
-- registration, add a sub-kind without a procedure rule, and raise its
-- response allowance so that night deadlines moved to the next morning.
--
-- Now five group roles with documented rights, created by
-- create_roles(): an administrator calls it once (an extension script
-- creates no cluster-wide objects: roles outlive a DROP EXTENSION and are
-- shared by every database).  The rights are the rows of role_grants(),
-- the one list create_roles() runs, doc/security.md shows and
-- sql/security_roles.sql checks against the catalog:
--   omledger_admin       configuration: state machines, lookups, calendar,
--                        online hours, response allowances, cap defaults
--   omledger_city        city staff: reads all, approves, keeps the
--                        roster and its contact data, caps, extensions,
--                        closes and reopens months
--   omledger_contractor  contractor staff: work items, evidence, deadline
--                        changes, effort -- of the contracts whose roster
--                        holds them today (row-level security, 86_*)
--   omledger_reader      BI tools: reads the ledger and its views, no
--                        contact data
--   omledger_intake      other systems: report_incident() only (99_intake.sql)
-- Only the owner writes the configuration a contractor is bound by, and
-- nobody but the owner writes the history the engine writes: the workflow
-- triggers write work_item_event with the owner's rights
-- (75_workflow_invariants.sql, src/workflow_item.c), so no group role has
-- INSERT on it and no one can write an event of their own.
--
-- create_roles() runs as its caller (not SECURITY DEFINER): creating roles
-- needs CREATEROLE and granting on the extension's objects needs their
-- owner, so it is for a superuser, or the extension's owner with
-- CREATEROLE.  Running it as the owner would hand role creation to
-- whoever may execute it.  Not executable by PUBLIC.  No user input
-- reaches a statement: the role names and the objects are constants of
-- role_grants(), quoted with format('%I') and regclass / regprocedure.
-- ====================================================================

CREATE FUNCTION @extschema@.role_grants()
  RETURNS TABLE (grantee name, privileges text, object_type text, objects text[])
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH reads(objects) AS (VALUES (
    '{@extschema@.contract,@extschema@.person,@extschema@.menu_item,@extschema@.work_item,@extschema@.work_item_system,@extschema@.approval,@extschema@.evidence,@extschema@.deadline_change,@extschema@.work_item_event,@extschema@.effort_log,@extschema@.effort_cap,@extschema@.cap_extension,@extschema@.month_close,@extschema@.report_archive,@extschema@.effort_entry,@extschema@.effort_summary,@extschema@.overdue_items,@extschema@.system,@extschema@.work_sub_kind,@extschema@.approval_subject,@extschema@.evidence_type,@extschema@.workflow_status,@extschema@.workflow_transition,@extschema@.calendar_override,@extschema@.online_hours,@extschema@.response_allowance,@extschema@.effort_cap_default,@extschema@.submission_rule,@extschema@.submission_event,@extschema@.submission,@extschema@.meeting_kind,@extschema@.meeting,@extschema@.meeting_attendee,@extschema@.handover_plan,@extschema@.handover_item,@extschema@.handover_practice,@extschema@.handover_defect,@extschema@.handover_signoff,@extschema@.v_obligations,@extschema@.v_effort_monthly,@extschema@.v_cap_status,@extschema@.v_work_items,@extschema@.v_incidents,@extschema@.v_response_times,@extschema@.v_overdue}'::text[]))
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
    -- contact data: the city; a contractor's leads through
    -- person_contact_read(), which records each read (89_*); never the
    -- reader nor the administrator
    (10, 'omledger_city', 'SELECT, INSERT, UPDATE, DELETE', 'TABLE', '{@extschema@.person_contact}'),
    (11, 'omledger_contractor', 'EXECUTE', 'FUNCTION', '{"@extschema@.person_contact_read(bigint,text)"}'),
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
    -- effort: not entered_by / entered_at, which default to the acting role
    -- and now (a contractor cannot enter effort in another role's name, nor
    -- date its entry)
    (22, 'omledger_contractor', 'INSERT, UPDATE', 'COLUMN',
     '{@extschema@.effort_log.item_id,@extschema@.effort_log.person_id,@extschema@.effort_log.work_date,@extschema@.effort_log.effort,@extschema@.effort_log.note,@extschema@.effort_log.corrects}'),
    (23, 'omledger_contractor', 'DELETE', 'TABLE', '{@extschema@.effort_log}'),
    (24, 'omledger_city', 'EXECUTE', 'FUNCTION', '{"@extschema@.person_contact_read(bigint,text)"}'),
    -- obligations with dates (90-92_*): the administrator the rules, the
    -- city the occasions it sets and what it accepts, both sides the
    -- meetings, submissions and handover records; a signoff or a
    -- confirmation only for one's own side (the triggers check)
    (25, 'omledger_admin', 'INSERT, UPDATE, DELETE', 'TABLE',
     '{@extschema@.submission_rule,@extschema@.meeting_kind}'),
    (26, 'omledger_city', 'INSERT, UPDATE, DELETE', 'TABLE', '{@extschema@.submission_event}'),
    (27, 'omledger_city', 'INSERT, UPDATE', 'TABLE',
     '{@extschema@.submission,@extschema@.meeting,@extschema@.handover_plan,@extschema@.handover_item,@extschema@.handover_defect}'),
    (28, 'omledger_contractor', 'INSERT', 'TABLE', '{@extschema@.submission}'),
    (29, 'omledger_contractor', 'INSERT, UPDATE', 'TABLE',
     '{@extschema@.meeting,@extschema@.handover_plan,@extschema@.handover_item,@extschema@.handover_defect}'),
    (30, 'omledger_city', 'INSERT, DELETE', 'TABLE',
     '{@extschema@.meeting_attendee,@extschema@.handover_practice}'),
    (31, 'omledger_contractor', 'INSERT, DELETE', 'TABLE',
     '{@extschema@.meeting_attendee,@extschema@.handover_practice}'),
    (32, 'omledger_contractor', 'INSERT', 'TABLE', '{@extschema@.handover_signoff}'),
    -- other systems: report incidents, nothing else (99_intake.sql)
    (33, 'omledger_intake', 'EXECUTE', 'FUNCTION',
     '{"@extschema@.report_incident(text,text,text,timestamp with time zone,text,jsonb,boolean)"}'),
    -- alerts and the intake's records: read by the city and the reader; a
    -- contract's scope and alert settings kept by the city (98_*, 99_*)
    (34, 'omledger_city', 'SELECT', 'TABLE',
     '{@extschema@.alert,@extschema@.alert_setting,@extschema@.contract_system,@extschema@.incident_notice}'),
    (35, 'omledger_reader', 'SELECT', 'TABLE',
     '{@extschema@.alert,@extschema@.alert_setting,@extschema@.contract_system,@extschema@.incident_notice}'),
    (36, 'omledger_city', 'INSERT, UPDATE, DELETE', 'TABLE',
     '{@extschema@.alert_setting,@extschema@.contract_system}')
    ) g(n, grantee, privileges, object_type, objects), reads r
   ORDER BY g.n
$$;
COMMENT ON FUNCTION @extschema@.role_grants() IS
  'the privileges create_roles() grants to each group role: one row per grantee, privilege list and kind of object, with the objects';

CREATE FUNCTION @extschema@.create_roles()
  RETURNS TABLE (role_name name, created boolean)
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r record;
  g record;
  o text;
BEGIN
  FOREACH role_name IN ARRAY
      '{omledger_admin,omledger_city,omledger_contractor,omledger_reader,omledger_intake}'::name[]
  LOOP
    SELECT a.rolcanlogin, a.rolsuper, a.rolcreaterole, a.rolcreatedb, a.rolreplication,
           a.rolbypassrls
      INTO r FROM pg_catalog.pg_roles a WHERE a.rolname OPERATOR(pg_catalog.=) role_name;
    created := NOT FOUND;
    IF created THEN
      EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', role_name);
    ELSIF r.rolcanlogin OR r.rolsuper OR r.rolcreaterole OR r.rolcreatedb
          OR r.rolreplication OR r.rolbypassrls THEN
      -- a member may SET ROLE to its group and act with these attributes;
      -- and a group role that logs in is a person the roster cannot name
      RAISE EXCEPTION 'role "%" exists and is not a plain group role', role_name
        USING ERRCODE = 'OM420',
              DETAIL = pg_catalog.format('Role %I has %s: a group role must not log in, and every member of it can SET ROLE to it and act with its attributes.',
                role_name,
                pg_catalog.concat_ws(', ',
                  CASE WHEN r.rolcanlogin THEN 'LOGIN' END, CASE WHEN r.rolsuper THEN 'SUPERUSER' END,
                  CASE WHEN r.rolcreaterole THEN 'CREATEROLE' END, CASE WHEN r.rolcreatedb THEN 'CREATEDB' END,
                  CASE WHEN r.rolreplication THEN 'REPLICATION' END, CASE WHEN r.rolbypassrls THEN 'BYPASSRLS' END)),
              HINT = pg_catalog.format('ALTER ROLE %I NOLOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS, or rename it, then call create_roles() again.', role_name);
    END IF;
    RETURN NEXT;
  END LOOP;

  FOR g IN SELECT * FROM @extschema@.role_grants() LOOP
    FOREACH o IN ARRAY g.objects LOOP
      IF g.object_type OPERATOR(pg_catalog.=) 'SCHEMA' THEN
        EXECUTE pg_catalog.format('GRANT %s ON SCHEMA %I TO %I', g.privileges, o, g.grantee);
      ELSIF g.object_type OPERATOR(pg_catalog.=) 'TABLE' THEN
        EXECUTE pg_catalog.format('GRANT %s ON TABLE %s TO %I', g.privileges, o::pg_catalog.regclass, g.grantee);
      ELSIF g.object_type OPERATOR(pg_catalog.=) 'COLUMN' THEN
        -- schema.table.column; each privilege names the column ("INSERT,
        -- UPDATE (c)" would grant INSERT on the whole table)
        EXECUTE pg_catalog.format('GRANT %s ON TABLE %s TO %I',
          (SELECT pg_catalog.string_agg(pg_catalog.format('%s (%I)', p, pg_catalog.split_part(o, '.', 3)), ', ')
             FROM pg_catalog.unnest(pg_catalog.string_to_array(g.privileges, ', ')) AS p),
          pg_catalog.concat_ws('.', pg_catalog.split_part(o, '.', 1), pg_catalog.split_part(o, '.', 2))::pg_catalog.regclass,
          g.grantee);
      ELSE
        EXECUTE pg_catalog.format('GRANT %s ON FUNCTION %s TO %I', g.privileges, o::pg_catalog.regprocedure, g.grantee);
      END IF;
    END LOOP;
  END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.create_roles() IS
  'creates the group roles omledger_admin, omledger_city, omledger_contractor, omledger_reader and omledger_intake (NOLOGIN) that do not exist and grants each what role_grants() lists; idempotent; run by a superuser or the extension''s owner with CREATEROLE; refuses (OM420) an existing one with LOGIN, SUPERUSER, CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS';
REVOKE ALL ON FUNCTION @extschema@.create_roles() FROM PUBLIC;
