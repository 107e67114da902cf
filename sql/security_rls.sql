-- security_rls: row-level security.  A contractor (omledger_contractor)
-- sees and writes only the rows of the contracts whose roster holds it
-- today; the city, the administrator and the reader see every row; contact
-- data only the city and the contract's leads.  The engines decide as
-- before under it (the workflow trigger, the cap trigger's one-row and
-- SQL paths), and a caller's search_path cannot redirect what decides.
\i sql/include/security_fixture.sql
-- (security_invoker: the view reads as whoever asks, not as its owner)
CREATE TEMP VIEW sec_seen WITH (security_invoker = true) AS
SELECT (SELECT count(*) FROM contract WHERE contract_id IN (:ca, :cb)) AS contracts,
       (SELECT count(*) FROM person WHERE contract_id IN (:ca, :cb)) AS roster,
       (SELECT count(*) FROM work_item WHERE contract_id IN (:ca, :cb)) AS items,
       (SELECT count(*) FROM effort_cap WHERE contract_id IN (:ca, :cb)) AS caps,
       (SELECT string_agg(title, ', ' ORDER BY title) FROM work_item WHERE contract_id IN (:ca, :cb)) AS titles;
GRANT SELECT ON sec_seen TO PUBLIC;

-- Who sees what.  (Contract A: the city desk, the lead, the worker, the
-- former worker; contract B: the city desk, the other contractor.)
SELECT 'superuser' AS who, * FROM sec_seen;
SET ROLE om_test_sec_city;   SELECT 'city' AS who, * FROM sec_seen; RESET ROLE;
SET ROLE om_test_sec_admin;  SELECT 'admin' AS who, * FROM sec_seen; RESET ROLE;
SET ROLE om_test_sec_reader; SELECT 'reader' AS who, * FROM sec_seen; RESET ROLE;
SET ROLE om_test_sec_worker; SELECT 'worker (A)' AS who, * FROM sec_seen; RESET ROLE;
SET ROLE om_test_sec_other;  SELECT 'other (B)' AS who, * FROM sec_seen; RESET ROLE;
-- registered until 2025-06-30: on no roster today, sees nothing
SET ROLE om_test_sec_former; SELECT 'former (A)' AS who, * FROM sec_seen; RESET ROLE;
-- the group role itself (a member may SET ROLE to it): on no roster
SET ROLE omledger_contractor; SELECT 'omledger_contractor' AS who, * FROM sec_seen; RESET ROLE;
-- a contractor also granted the reader role stays a contractor
GRANT omledger_reader TO om_test_sec_worker;
SET ROLE om_test_sec_worker; SELECT 'worker + reader' AS who, * FROM sec_seen; RESET ROLE;
REVOKE omledger_reader FROM om_test_sec_worker;
-- on two rosters: both contracts
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles)
VALUES (:ca, 'Other contractor (also on A)', 'contractor', 'om_test_sec_other', '[2025-04-01,)', '2025-03-01', '{worker}')
RETURNING person_id AS other_on_a \gset
SET ROLE om_test_sec_other;  SELECT 'other (A and B)' AS who, * FROM sec_seen; RESET ROLE;
DELETE FROM person WHERE person_id = :other_on_a;
-- the helper functions answer for the caller only: logged in as the
-- worker (the session's user, not a superuser that SET ROLE), asking about
-- another role gets nothing
SET SESSION AUTHORIZATION om_test_sec_worker;
SELECT visible_contracts() = ARRAY[:ca]::bigint[] AS own_contracts,
       visible_contracts('om_test_sec_other') = '{}' AS not_anothers,
       visible_contracts('om_test_sec_city') IS NULL AS the_city_sees_all,
       roster_item(:ia) AS own_item, roster_item(:ib) AS anothers_item,
       roster_item(:ib, 'om_test_sec_other') AS anothers_item_asked_for_it;
RESET SESSION AUTHORIZATION;

-- A contractor cannot touch another contract's rows: an update finds
-- nothing, an insert is refused, whatever the trigger would say.
SET ROLE om_test_sec_worker;
UPDATE work_item SET detail = 'seen by A' WHERE item_id = :ib;
SELECT wf_try(format($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status) VALUES (%s, 'service_request', 'investigation', 'into B', 'requested')$$, :cb));
SELECT wf_try(format($$INSERT INTO omledger.evidence (contract_id, item_id, evidence_type, reference) VALUES (%s, %s, 'minutes', 'MIN-B')$$, :cb, :ib));
SELECT wf_try(format($$INSERT INTO omledger.work_item_system (item_id, system_code) VALUES (%s, 'SJK')$$, :ib));
SELECT wf_try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-11-04', '1h')$$, :ib, :wk));
-- nor move an item of its own to another contract (not its column to change)
SELECT wf_try(format($$UPDATE omledger.work_item SET contract_id = %s WHERE item_id = %s$$, :cb, :ia));
RESET ROLE;
SELECT detail IS NULL AS b_untouched FROM work_item WHERE item_id = :ib;
SELECT count(*) AS b_items FROM work_item WHERE contract_id = :cb;

-- Writing without a registration today: refused.
SET ROLE om_test_sec_former;
SELECT wf_try(format($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status) VALUES (%s, 'service_request', 'investigation', 'after leaving', 'requested')$$, :ca));
SELECT wf_try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-05-07', '1h')$$, :ia, :former));
RESET ROLE;

-- Contact data: the city and the contract's leads; not a worker, not the
-- reader, not the administrator.
SET ROLE om_test_sec_city;
SELECT p.name, c.phone, c.email FROM person_contact c JOIN person p USING (person_id)
 WHERE c.contract_id IN (:ca, :cb) ORDER BY p.name;
UPDATE person_contact SET phone = '011-211-0009' WHERE person_id = :wk RETURNING phone;
RESET ROLE;
-- (a contractor reads them through person_contact_read(), which records
-- the read: sql/security_reports.sql)
SET ROLE om_test_sec_lead;
SELECT name, phone, email FROM person_contact_read(:ca, 'rls test') ORDER BY name;
SELECT wf_try(format($$SELECT * FROM omledger.person_contact_read(%s, 'rls test')$$, :cb));
SELECT wf_try('SELECT count(*) FROM omledger.person_contact');
SELECT wf_try(format($$UPDATE omledger.person_contact SET phone = '0' WHERE person_id = %s$$, :wk));
RESET ROLE;
SET ROLE om_test_sec_other;
SELECT name, email FROM person_contact_read(:cb, 'rls test') ORDER BY name;
SELECT wf_try(format($$SELECT * FROM omledger.person_contact_read(%s, 'rls test')$$, :ca));
RESET ROLE;
SET ROLE om_test_sec_worker;
SELECT wf_try(format($$SELECT * FROM omledger.person_contact_read(%s, 'rls test')$$, :ca));
RESET ROLE;
SET ROLE om_test_sec_reader;
SELECT wf_try('SELECT count(*) FROM omledger.person_contact');
RESET ROLE;
SET ROLE om_test_sec_admin;
SELECT wf_try('SELECT count(*) FROM omledger.person_contact');
RESET ROLE;
-- the contact data goes with its roster entry
SELECT count(*) AS contacts_before FROM person_contact WHERE person_id = :former;
INSERT INTO person_contact (contract_id, person_id, email) VALUES (:ca, :former, 'former@a.example');
SELECT wf_try(format($$INSERT INTO omledger.person_contact (contract_id, person_id, email) VALUES (%s, %s, 'not an address')$$, :ca, :lead));
-- (a roster entry of contract A filed under contract B: no such entry)
SELECT split_part(wf_try(format($$INSERT INTO omledger.person_contact (contract_id, person_id, email) VALUES (%s, %s, 'x@b.example')$$, :cb, :city2)), ':', 1) AS wrong_contract;
DELETE FROM person WHERE person_id = :former;
SELECT count(*) AS contacts_after FROM person_contact WHERE person_id = :former;

-- The cap trigger decides as before under row-level security: a hard
-- monthly cap of 2pd on contract A's service effort; the worker logs one
-- row at a time (the one-row path) and several at once (the SQL path).
SET ROLE om_test_sec_city;
UPDATE effort_cap SET amount = '2pd', enforcement = 'hard'
 WHERE contract_id = :ca AND category = 'service' AND scope = 'month';
RESET ROLE;
SET ROLE om_test_sec_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:ia, :wk, '2025-11-04', '1pd') RETURNING effort;
SELECT wf_try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-11-05', '1pd 1min')$$, :ia, :wk));
SELECT wf_try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-11-05', '4h'), (%s, %s, '2025-11-06', '4h 1min')$$, :ia, :wk, :ia, :wk));
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:ia, :wk, '2025-11-05', '4h'), (:ia, :wk, '2025-11-06', '4h') RETURNING work_date, effort;
-- nor move its effort to another contract's item (the policy checks the
-- new row too)
SELECT wf_try(format($$UPDATE omledger.effort_log SET item_id = %s WHERE item_id = %s$$, :ib, :ia));
-- before its registration (2025-04-01): not on the roster that day
SELECT wf_try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-03-31', '1h')$$, :ia, :wk));
-- its own effort, and only that contract's, in the views
SELECT month, used FROM effort_summary WHERE contract_id = :ca AND category = 'service';
SELECT count(*) AS entries, sum(effort) AS total FROM effort_entry WHERE contract_id IN (:ca, :cb);
RESET ROLE;
SELECT month, used FROM effort_summary WHERE contract_id = :ca AND category = 'service';

-- search_path: a same-named function and operator in an earlier schema
-- change nothing the extension decides (its functions pin search_path and
-- qualify every name; the policies hold resolved objects).
CREATE SCHEMA om_test_hijack;
GRANT USAGE ON SCHEMA om_test_hijack TO PUBLIC;
CREATE FUNCTION om_test_hijack.visible_contracts(who name DEFAULT CURRENT_USER, holding text[] DEFAULT NULL)
  RETURNS bigint[] LANGUAGE sql AS $$ SELECT NULL::bigint[] $$;
CREATE FUNCTION om_test_hijack.roster_item(bigint, name DEFAULT CURRENT_USER) RETURNS boolean
  LANGUAGE sql AS $$ SELECT true $$;
CREATE FUNCTION om_test_hijack.current_person(bigint, date DEFAULT NULL) RETURNS bigint
  LANGUAGE sql AS $$ SELECT -1::bigint $$;
CREATE FUNCTION om_test_hijack.always(bigint, bigint) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE OPERATOR om_test_hijack.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = om_test_hijack.always);
CREATE FUNCTION om_test_hijack.always(name, name) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE OPERATOR om_test_hijack.= (LEFTARG = name, RIGHTARG = name, FUNCTION = om_test_hijack.always);
CREATE FUNCTION om_test_hijack.pg_has_role(name, oid, text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
SET SESSION AUTHORIZATION om_test_sec_worker;
SET search_path = om_test_hijack, pg_catalog, omledger, public;
SELECT 1::bigint = 2::bigint AS hijacked_operator_is_live;
SELECT 'worker, hijacked' AS who, * FROM pg_temp.sec_seen;
SELECT omledger.current_person(:ca) = :wk AS current_person_unchanged,
       omledger.visible_contracts() = ARRAY[:ca]::bigint[] AS visible_contracts_unchanged,
       omledger.visible_contracts('om_test_sec_other') = '{}' AS still_not_anothers,
       omledger.roster_item(:ib) AS still_not_anothers_item;
INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status)
VALUES (:ca, 'service_request', 'investigation', 'A: entered under a hostile path', 'requested')
RETURNING created_by = :wk AS created_by_worker;
SELECT wf_try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-11-07', '1min')$$, :ia, :wk));
RESET SESSION AUTHORIZATION;
-- an administrator's create_roles() under the same path grants the same
SELECT count(*) AS privileges_before FROM information_schema.role_table_grants
 WHERE grantee LIKE 'omledger\_%' \gset
SET search_path = om_test_hijack, pg_catalog, omledger, public;
SELECT count(*) AS roles FROM omledger.create_roles();
SELECT :privileges_before > 100 AS some_privileges, count(*) = :privileges_before AS same_privileges
  FROM information_schema.role_table_grants WHERE grantee LIKE 'omledger\_%';
SET search_path = omledger, public;
DROP SCHEMA om_test_hijack CASCADE;

\i sql/include/security_fixture_end.sql
