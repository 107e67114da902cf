-- Shared by the caps tests run as the roles a city desk and a contractor
-- use (included with \i, so the sql/ schedule does not pick it up as a test
-- of its own).  Runs inside the test's transaction: the roles, grants and
-- rows vanish with its ROLLBACK; the sequences are put back after it.
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
SET DateStyle = 'ISO';
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
CREATE TEMP TABLE caps_seq AS
SELECT s.oid::regclass AS seq, pg_sequence_last_value(s.oid) AS last, q.seqstart
  FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid
  JOIN pg_namespace n ON n.oid = s.relnamespace
 WHERE n.nspname = 'omledger';
BEGIN;
-- the privileges doc/effort-caps.md lists, and nothing else (not echoed,
-- so that editing its comments changes no expected output; an error in it
-- would still show)
\set ECHO none
\i sql/include/caps_roles.sql
\set ECHO all
SELECT r.rolname AS group_role,
       (SELECT count(*) FROM information_schema.role_table_grants g
         WHERE g.grantee = r.rolname) AS table_privileges,
       (SELECT count(*) FROM information_schema.role_routine_grants g
         WHERE g.grantee = r.rolname) AS function_privileges
  FROM pg_roles r WHERE r.rolname IN ('omledger_reader', 'omledger_contractor', 'omledger_city')
 ORDER BY 1;
CREATE ROLE om_test_caps_city NOLOGIN IN ROLE omledger_city;
CREATE ROLE om_test_caps_worker NOLOGIN IN ROLE omledger_contractor;
CREATE ROLE om_test_caps_reader NOLOGIN IN ROLE omledger_reader;

INSERT INTO contract (name, contractor, roles, term)
VALUES ('caps roles', 'Roles KK', '{operator,vendor}', '[2025-10-01,2028-01-01)')
RETURNING contract_id AS c \gset
INSERT INTO contract (name, contractor, roles, term)
VALUES ('caps roles other', 'Other KK', '{operator}', '[2025-10-01,2028-01-01)')
RETURNING contract_id AS c2 \gset
INSERT INTO person (contract_id, name, side, db_role, registered)
VALUES (:c, 'City desk', 'city', 'om_test_caps_city', '[2025-01-01,)') RETURNING person_id AS city \gset
INSERT INTO person (contract_id, name, side, db_role, registered)
VALUES (:c2, 'City desk (other contract)', 'city', 'om_test_caps_city', '[2025-01-01,)') RETURNING person_id AS city_c2 \gset
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles)
VALUES (:c, 'Worker', 'contractor', 'om_test_caps_worker', '[2025-10-01,2028-01-01)', '2025-09-01', '{worker}')
RETURNING person_id AS wk \gset
INSERT INTO person (contract_id, name, side, registered, approved_on, roles)
VALUES (:c, 'Second worker', 'contractor', '[2025-10-01,2028-01-01)', '2025-09-01', '{worker}')
RETURNING person_id AS wk2 \gset
INSERT INTO work_item (contract_id, kind, title, status)
VALUES (:c, 'service_request', 'caps roles svc', 'requested') RETURNING item_id AS svc \gset
-- small caps, so that a few days of work reach them: service 2pd a month
-- and 3pd over the term, both hard
UPDATE effort_cap SET amount = CASE scope WHEN 'month' THEN '2pd'::effort ELSE '3pd' END
 WHERE contract_id = :c AND category = 'service';
SELECT category, scope, amount, enforcement FROM effort_cap
 WHERE contract_id = :c AND category = 'service' ORDER BY scope;
