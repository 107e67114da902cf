-- Shared by the security tests (included with \i, so the sql/ schedule does
-- not pick it up as a test of its own).  Runs inside the test's
-- transaction: the group roles create_roles() makes, the login roles, the
-- grants and the rows vanish with its ROLLBACK; the sequences are put back
-- after it (sql/include/security_fixture_end.sql).
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
SET DateStyle = 'ISO';
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
CREATE TEMP TABLE sec_seq AS
SELECT s.oid::regclass AS seq, pg_sequence_last_value(s.oid) AS last, q.seqstart
  FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid
  JOIN pg_namespace n ON n.oid = s.relnamespace
 WHERE n.nspname = 'omledger';
BEGIN;
\i sql/include/wf_try.sql
-- an administrator creates the group roles, once
SELECT * FROM create_roles();
-- one login role per person (NOLOGIN here: the tests SET ROLE to them)
CREATE ROLE om_test_sec_city NOLOGIN IN ROLE omledger_city;
CREATE ROLE om_test_sec_city2 NOLOGIN IN ROLE omledger_city;
CREATE ROLE om_test_sec_lead NOLOGIN IN ROLE omledger_contractor;
CREATE ROLE om_test_sec_worker NOLOGIN IN ROLE omledger_contractor;
CREATE ROLE om_test_sec_other NOLOGIN IN ROLE omledger_contractor;
CREATE ROLE om_test_sec_former NOLOGIN IN ROLE omledger_contractor;
CREATE ROLE om_test_sec_reader NOLOGIN IN ROLE omledger_reader;
CREATE ROLE om_test_sec_admin NOLOGIN IN ROLE omledger_admin;
CREATE ROLE om_test_sec_intake NOLOGIN IN ROLE omledger_intake;

-- two contracts: A (the lead, the worker, a former worker) and B (another
-- contractor); the city desk is on both rosters
INSERT INTO contract (name, contractor, roles, term)
VALUES ('security A', 'A KK', '{operator,vendor}', '[2025-04-01,2029-04-01)')
RETURNING contract_id AS ca \gset
INSERT INTO contract (name, contractor, roles, term)
VALUES ('security B', 'B KK', '{operator}', '[2025-04-01,2029-04-01)')
RETURNING contract_id AS cb \gset
INSERT INTO person (contract_id, name, side, db_role, registered)
VALUES (:ca, 'City desk', 'city', 'om_test_sec_city', '[2025-01-01,)') RETURNING person_id AS city \gset
INSERT INTO person (contract_id, name, side, db_role, registered)
VALUES (:ca, 'City desk 2', 'city', 'om_test_sec_city2', '[2025-01-01,)') RETURNING person_id AS city2 \gset
INSERT INTO person (contract_id, name, side, db_role, registered)
VALUES (:cb, 'City desk (B)', 'city', 'om_test_sec_city', '[2025-01-01,)') RETURNING person_id AS city_b \gset
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles)
VALUES (:ca, 'Site lead', 'contractor', 'om_test_sec_lead', '[2025-04-01,)', '2025-03-01', '{site_lead}')
RETURNING person_id AS lead \gset
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles)
VALUES (:ca, 'Worker', 'contractor', 'om_test_sec_worker', '[2025-04-01,)', '2025-03-01', '{worker}')
RETURNING person_id AS wk \gset
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles)
VALUES (:ca, 'Former worker', 'contractor', 'om_test_sec_former', '[2025-04-01,2025-07-01)', '2025-03-01', '{worker}')
RETURNING person_id AS former \gset
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles)
VALUES (:cb, 'Other contractor', 'contractor', 'om_test_sec_other', '[2025-04-01,)', '2025-03-01', '{site_lead,worker}')
RETURNING person_id AS other \gset
INSERT INTO person_contact (contract_id, person_id, phone, email) VALUES
  (:ca, :lead, '011-211-0001', 'lead@a.example'),
  (:ca, :wk, '011-211-0002', 'worker@a.example'),
  (:cb, :other, '011-211-0003', 'other@b.example');

-- the city requests work on both contracts
SET ROLE om_test_sec_city;
INSERT INTO work_item (contract_id, kind, sub_kind, title, status)
VALUES (:ca, 'service_request', 'investigation', 'A: look into the batch', 'requested')
RETURNING item_id AS ia \gset
INSERT INTO work_item (contract_id, kind, sub_kind, title, status)
VALUES (:ca, 'service_request', 'data_patch', 'A: patch the addresses', 'requested')
RETURNING item_id AS patch \gset
INSERT INTO work_item (contract_id, kind, sub_kind, title, status)
VALUES (:cb, 'service_request', 'investigation', 'B: look into the report', 'requested')
RETURNING item_id AS ib \gset
RESET ROLE;
