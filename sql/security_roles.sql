-- security_roles: the group roles create_roles() makes, the privileges
-- they hold (exactly role_grants(), which doc/security.md shows), and
-- what each role tries: a contractor changing a rule that binds it or its
-- own roster entry (0.3 let it), a reader writing, anyone calling an
-- internal function -- refused; each role's own work -- allowed.
\i sql/include/security_fixture.sql

-- create_roles() again: the roles are kept, nothing changes
SELECT * FROM create_roles();

-- The privileges: what role_grants() lists is granted, and the five group
-- roles hold nothing else on the extension's objects.  (Names compared
-- qualified: the schema off the search_path for this part.)
SET search_path = pg_catalog, public;
CREATE TEMP VIEW sec_listed AS
SELECT g.grantee, p.privilege, g.object_type, o.object
  FROM omledger.role_grants() g, unnest(g.objects) o(object),
       unnest(string_to_array(g.privileges, ', ')) p(privilege);
CREATE TEMP VIEW sec_held AS
SELECT r.rolname AS grantee, a.privilege_type AS privilege, 'TABLE' AS object_type,
       c.oid::regclass::text AS object
  FROM pg_class c, aclexplode(c.relacl) a, pg_roles r
 WHERE c.relnamespace = 'omledger'::regnamespace AND r.oid = a.grantee
UNION ALL
SELECT r.rolname, a.privilege_type, 'FUNCTION', f.oid::regprocedure::text
  FROM pg_proc f, aclexplode(f.proacl) a, pg_roles r
 WHERE f.pronamespace = 'omledger'::regnamespace AND r.oid = a.grantee
UNION ALL
SELECT r.rolname, a.privilege_type, 'COLUMN', t.attrelid::regclass::text || '.' || t.attname
  FROM pg_attribute t JOIN pg_class c ON c.oid = t.attrelid, aclexplode(t.attacl) a, pg_roles r
 WHERE c.relnamespace = 'omledger'::regnamespace AND r.oid = a.grantee
UNION ALL
SELECT r.rolname, a.privilege_type, 'SCHEMA', n.nspname::text
  FROM pg_namespace n, aclexplode(n.nspacl) a, pg_roles r
 WHERE n.nspname = 'omledger' AND r.oid = a.grantee;
-- (the checks ran: the list and the catalog both have rows for every group)
SELECT l.grantee, count(*) AS listed,
       (SELECT count(*) FROM sec_held h WHERE h.grantee = l.grantee) AS held
  FROM sec_listed l GROUP BY 1 ORDER BY 1;
SELECT * FROM sec_listed EXCEPT SELECT * FROM sec_held;   -- listed, not granted: none
SELECT * FROM sec_held WHERE grantee LIKE 'omledger\_%'
EXCEPT SELECT * FROM sec_listed;                         -- granted, not listed: none
-- no grant option, no membership between the groups
SELECT count(*) AS grant_options
  FROM pg_class c, aclexplode(c.relacl) a, pg_roles r
 WHERE c.relnamespace = 'omledger'::regnamespace AND r.oid = a.grantee
   AND r.rolname LIKE 'omledger\_%' AND a.is_grantable;
SELECT count(*) AS memberships_between_groups
  FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
 WHERE g.rolname LIKE 'omledger\_%' AND u.rolname LIKE 'omledger\_%';
SET search_path = omledger, public;

-- A group role with attributes a member could SET ROLE to use is refused.
ALTER ROLE omledger_intake BYPASSRLS LOGIN;
SELECT wf_try('SELECT * FROM omledger.create_roles()');
ALTER ROLE omledger_intake NOBYPASSRLS NOLOGIN;
SELECT count(*) AS roles_ok FROM create_roles();
-- and only an administrator runs it
SET ROLE om_test_sec_city;
SELECT wf_try('SELECT * FROM omledger.create_roles()');
RESET ROLE;

-- ---------------------------------------------------------------------
-- A contractor tries what 0.3 let it do: each refused, nothing changed.
SET ROLE om_test_sec_worker;
-- a transition accepted -> in_progress without requirements (data patches
-- would run unapproved)
SELECT wf_try($$INSERT INTO omledger.workflow_transition (kind, from_status, to_status, requires, description) VALUES ('service_request', 'accepted', 'in_progress', '{}', 'no rules')$$);
SELECT wf_try($$UPDATE omledger.workflow_transition SET requires = '{}' WHERE kind = 'service_request' AND to_status = 'in_progress'$$);
-- becoming city staff (and then approving its own work)
SELECT wf_try($$UPDATE omledger.person SET side = 'city' WHERE db_role = current_user$$);
-- extending its own registration
SELECT wf_try($$UPDATE omledger.person SET registered = '[2025-04-01,)' WHERE db_role = current_user$$);
SELECT wf_try($$INSERT INTO omledger.person (contract_id, name, side, db_role, registered, approved_on) VALUES ($$ || :ca || $$, 'Me again', 'city', current_user, '[2025-01-01,)', NULL)$$);
-- a sub-kind with no procedure rule; an evidence type; an approval subject
SELECT wf_try($$INSERT INTO omledger.work_sub_kind (kind, sub_kind, title_ja, title_en) VALUES ('service_request', 'quick_patch', 'パッチ', 'Quick patch')$$);
SELECT wf_try($$UPDATE omledger.work_sub_kind SET requires_procedure = false WHERE sub_kind = 'data_patch'$$);
SELECT wf_try($$INSERT INTO omledger.evidence_type (evidence_type, description) VALUES ('trust_me', 'x')$$);
-- a response allowance of 24 hours (night deadlines would move to 08:45)
SELECT wf_try($$UPDATE omledger.response_allowance SET out_of_hours = '24 hours'$$);
SELECT wf_try($$INSERT INTO omledger.response_allowance (party, out_of_hours) VALUES ('operator', '24 hours')$$);
-- the calendar, online hours, cap defaults, caps, extensions
SELECT wf_try($$INSERT INTO omledger.calendar_override (day, closed, reason) VALUES ('2026-12-01', true, 'day off')$$);
SELECT wf_try($$DELETE FROM omledger.online_hours$$);
SELECT wf_try($$UPDATE omledger.effort_cap_default SET enforcement = 'soft'$$);
SELECT wf_try($$UPDATE omledger.effort_cap SET enforcement = 'soft'$$);
-- moving the agreed due date (rule 9: an agreed deadline_change does
-- that), turning a data patch into an investigation (rule 1), a major
-- incident into a normal one (rule 4), re-classifying a failure (rule 6)
SELECT wf_try(format($$UPDATE omledger.work_item SET due_on = '2030-01-01' WHERE item_id = %s$$, :ia));
SELECT wf_try(format($$UPDATE omledger.work_item SET sub_kind = 'investigation' WHERE item_id = %s$$, :patch));
SELECT wf_try(format($$UPDATE omledger.work_item SET severity = 'normal' WHERE item_id = %s$$, :ia));
SELECT wf_try(format($$UPDATE omledger.work_item SET failure_class = 'A' WHERE item_id = %s$$, :ia));
SELECT wf_try(format($$UPDATE omledger.work_item SET internal_handover = true WHERE item_id = %s$$, :ia));
-- approving (the trigger would refuse a contractor too, OM210)
SELECT wf_try($$INSERT INTO omledger.approval (contract_id, item_id, subject, decision) VALUES ($$ || :ca || ', ' || :patch || $$, 'procedure', 'approved')$$);
-- closing a month; the caps' internals
SELECT wf_try($$SELECT omledger.close_month($$ || :ca || $$, '2025-11', 'x')$$);
SELECT wf_try($$SELECT omledger.caps_resync($$ || :ca || $$)$$);
SELECT wf_try($$SELECT omledger.caps_rebuild()$$);
SELECT wf_try($$UPDATE omledger.effort_total SET used = 0$$);
-- asking the engine's roster answers, read as the owner, about another role
SELECT wf_try($$SELECT omledger.acting_person(1, 'postgres')$$);
-- rewriting history
SELECT wf_try($$DELETE FROM omledger.work_item_event$$);
SELECT wf_try($$TRUNCATE omledger.evidence$$);
RESET ROLE;
SELECT side, registered FROM person WHERE person_id = :wk;
SELECT requires FROM workflow_transition
 WHERE kind = 'service_request' AND from_status = 'accepted' AND to_status = 'in_progress';
SELECT count(*) AS sub_kinds_added FROM work_sub_kind WHERE NOT seeded;
SELECT party, out_of_hours FROM response_allowance ORDER BY party;

-- ... and its own work is allowed: take the item, record evidence, name
-- the system, log effort
SET ROLE om_test_sec_worker;
UPDATE work_item SET status = 'accepted' WHERE item_id = :ia;
SELECT status, status_changed_by = :wk AS by_worker FROM work_item WHERE item_id = :ia;
INSERT INTO evidence (contract_id, item_id, evidence_type, reference)
VALUES (:ca, :ia, 'minutes', 'MIN-1') RETURNING recorded_by = :wk AS recorded_by_worker;
INSERT INTO work_item_system (item_id, system_code) VALUES (:ia, 'SJK');
UPDATE work_item SET detail = 'The nightly batch stops at step 3.', performer = 'operator',
       planned_effort = '2h' WHERE item_id = :ia RETURNING detail, performer, planned_effort;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:ia, :wk, '2025-11-04', '3h') RETURNING effort;
-- ... but not write the history itself: the engine writes it with the
-- owner's rights, and nobody else may insert an event -- not one of its own
-- contracts naming the city, not one of another contract
SELECT wf_try(format($$INSERT INTO omledger.work_item_event (contract_id, item_id, from_status, to_status, occurred_at, actor_id, db_user) VALUES (%s, %s, 'accepted', 'done', now(), %s, 'om_test_sec_city')$$, :ca, :ia, :city));
SELECT wf_try(format($$INSERT INTO omledger.work_item_event (contract_id, item_id, to_status, occurred_at) VALUES (%s, %s, 'done', now())$$, :cb, :ib));
SELECT status FROM work_item WHERE item_id = :ia;
-- the rule it tried to remove still holds: no approved procedure, no patch
UPDATE work_item SET status = 'accepted' WHERE item_id = :patch;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'in_progress' WHERE item_id = %s$$, :patch));
RESET ROLE;

-- ---------------------------------------------------------------------
-- The city: approves (not its own request), keeps the roster, closes
-- months; does not change the rules either.
SET ROLE om_test_sec_city2;
INSERT INTO approval (contract_id, item_id, subject, decision)
VALUES (:ca, :patch, 'procedure', 'approved') RETURNING approver_id = :city2 AS approved_by_city2;
UPDATE person SET registered = '[2025-04-01,2026-04-01)' WHERE person_id = :former RETURNING name, registered;
UPDATE person SET registered = '[2025-04-01,2025-07-01)' WHERE person_id = :former;
UPDATE work_item SET title = 'A: the nightly batch stops' WHERE item_id = :ia RETURNING title;
SELECT wf_try(format($$INSERT INTO omledger.work_item_event (contract_id, item_id, from_status, to_status, occurred_at, actor_id) VALUES (%s, %s, 'accepted', 'closed', now(), %s)$$, :ca, :ia, :city2));
SELECT count(*) AS closed FROM close_month(:ca, '2025-10', 'October done');
SELECT wf_try($$INSERT INTO omledger.workflow_transition (kind, from_status, to_status, requires, description) VALUES ('service_request', 'accepted', 'in_progress', '{}', 'no rules')$$);
SELECT wf_try($$UPDATE omledger.response_allowance SET out_of_hours = '24 hours'$$);
RESET ROLE;

-- The history of item A as the engine wrote it: the city's request (a
-- status event), the contractor's acceptance, its systems and fields, the
-- city's new title -- each naming the role that acted and its roster
-- entry, although the owner wrote every row; no forged event among them.
SELECT count(*) AS events_of_a FROM work_item_event WHERE item_id = :ia;
SELECT coalesce(field, coalesce(from_status, '(new)') || ' -> ' || to_status) AS event, db_user,
       CASE actor_id WHEN :wk THEN 'worker' WHEN :city THEN 'city' WHEN :city2 THEN 'city2'
                     ELSE coalesce(actor_id::text, '(null)') END AS actor
FROM work_item_event WHERE item_id = :ia ORDER BY event_id;
SET ROLE om_test_sec_worker;
-- with the procedure approved the patch runs
UPDATE work_item SET status = 'in_progress' WHERE item_id = :patch RETURNING status;
RESET ROLE;

-- The administrator: configures (a city's own sub-kind, a transition of
-- its own, the calendar), and is not a city desk nor a contractor.
SET ROLE om_test_sec_admin;
INSERT INTO work_sub_kind (kind, sub_kind, title_ja, title_en, requires_procedure)
VALUES ('service_request', 'bulk_print', '一括印刷', 'Bulk print', true) RETURNING sub_kind, requires_procedure;
INSERT INTO calendar_override (day, closed, reason) VALUES ('2026-12-28', true, 'year end') RETURNING day;
DELETE FROM calendar_override WHERE day = '2026-12-28';
DELETE FROM work_sub_kind WHERE sub_kind = 'bulk_print';
SELECT wf_try($$UPDATE omledger.person SET side = 'city'$$);
SELECT wf_try($$INSERT INTO omledger.approval (contract_id, item_id, subject, decision) VALUES ($$ || :ca || ', ' || :ia || $$, 'estimate', 'approved')$$);
SELECT wf_try($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status) VALUES ($$ || :ca || $$, 'service_request', 'investigation', 'x', 'requested')$$);
SELECT wf_try($$SELECT omledger.close_month($$ || :ca || $$, '2025-11', 'x')$$);
RESET ROLE;

-- The reader (a BI tool): reads the ledger and its views, writes nothing.
SET ROLE om_test_sec_reader;
SELECT count(*) >= 3 AS reads_items FROM work_item;
SELECT count(*) >= 1 AS reads_effort FROM effort_entry;
SELECT count(*) >= 0 AS reads_overdue FROM overdue_items;
SELECT wf_try($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status) VALUES ($$ || :ca || $$, 'service_request', 'investigation', 'x', 'requested')$$);
SELECT wf_try($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES ($$ || :ia || ', ' || :wk || $$, '2025-11-05', '1h')$$);
RESET ROLE;

-- Intake (other systems): the schema, nothing else yet.
SET ROLE om_test_sec_intake;
SELECT wf_try('SELECT count(*) FROM omledger.work_item');
SELECT wf_try($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status) VALUES ($$ || :ca || $$, 'service_request', 'investigation', 'x', 'requested')$$);
SELECT omledger.is_open_day('2026-12-01') AS public_functions_run;
RESET ROLE;

\i sql/include/security_fixture_end.sql
