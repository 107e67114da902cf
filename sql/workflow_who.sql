-- Rule 8: who may request, work, record evidence, change status and approve.
-- The acting person is the roster entry whose db_role is current_user.
-- Roles are cluster-wide: they are prefixed om_test_ and dropped at the end.
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'

\i sql/include/wf_try.sql
GRANT EXECUTE ON FUNCTION public.wf_try(text) TO PUBLIC;

CREATE ROLE om_test_ledger NOLOGIN;
CREATE ROLE om_test_city_a NOLOGIN IN ROLE om_test_ledger;
CREATE ROLE om_test_city_b NOLOGIN IN ROLE om_test_ledger;
CREATE ROLE om_test_worker NOLOGIN IN ROLE om_test_ledger;
CREATE ROLE om_test_former NOLOGIN IN ROLE om_test_ledger;
CREATE ROLE om_test_outsider NOLOGIN IN ROLE om_test_ledger;
GRANT USAGE ON SCHEMA omledger TO om_test_ledger;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA omledger TO om_test_ledger;

INSERT INTO contract (name, contractor, roles, term)
VALUES ('who test', 'Contractor K', '{operator}', '[2025-10-01,2028-01-01)')
RETURNING contract_id AS c \gset
INSERT INTO person (contract_id, name, side, db_role, registered) VALUES
	(:c, 'City A', 'city', 'om_test_city_a', '[2025-04-01,)'),
	(:c, 'City B', 'city', 'om_test_city_b', '[2025-04-01,)');
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles) VALUES
	(:c, 'Worker', 'contractor', 'om_test_worker', '[2025-10-01,)', '2025-09-20', '{worker}'),
	(:c, 'Former worker', 'contractor', 'om_test_former', '[2025-10-01,2026-01-01)', '2025-09-20', '{worker}');
SELECT person_id AS city_a FROM person WHERE contract_id = :c AND name = 'City A' \gset
SELECT person_id AS city_b FROM person WHERE contract_id = :c AND name = 'City B' \gset
SELECT person_id AS wk FROM person WHERE contract_id = :c AND name = 'Worker' \gset

-- the roster: a registration never starts before the city's approval (§6),
-- and only city staff are on it without one
SELECT wf_try(format($$INSERT INTO omledger.person (contract_id, name, side, registered, approved_on) VALUES (%s, 'Too early', 'contractor', '[2025-10-01,)', '2025-10-02')$$, :c));
SELECT wf_try(format($$INSERT INTO omledger.person (contract_id, name, side, registered) VALUES (%s, 'Unapproved', 'contractor', '[2025-10-01,)')$$, :c));
SELECT wf_try(format($$INSERT INTO omledger.person (contract_id, name, side, registered, approved_on, roles) VALUES (%s, 'Bad role', 'contractor', '[2025-10-01,)', '2025-09-01', '{boss}')$$, :c));

-- current_person(): the roster entry mapped to current_user on a date
SET ROLE om_test_worker;
SELECT current_person(:c) = :wk AS worker_is_mapped, current_person(:c, '2025-09-30') IS NULL AS not_yet_registered;
-- a registered person requests: created_by and requested_by are filled in
INSERT INTO work_item (contract_id, kind, sub_kind, title, status)
VALUES (:c, 'service_request', 'investigation', 'Entered by the worker', 'requested')
RETURNING item_id AS w_item, created_by = :wk AS created_by_worker, requested_by = :wk AS requested_by_worker \gset
\echo :created_by_worker :requested_by_worker
-- and records evidence
INSERT INTO evidence (contract_id, item_id, evidence_type, reference)
VALUES (:c, :w_item, 'minutes', 'MIN-1') RETURNING recorded_by = :wk AS recorded_by_worker;
-- naming someone else as the actor is refused
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'accepted', status_changed_by = %s WHERE item_id = %s$$, :city_a, :w_item));
SELECT wf_try(format($$INSERT INTO omledger.evidence (contract_id, item_id, evidence_type, recorded_by) VALUES (%s, %s, 'minutes', %s)$$, :c, :w_item, :city_a));
-- the worker cannot approve: only the city does
SELECT wf_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, decision) VALUES (%s, %s, 'estimate', 'approved')$$, :c, :w_item));
RESET ROLE;

-- someone on no roster can do nothing
SET ROLE om_test_outsider;
SELECT current_person(:c) IS NULL AS not_mapped;
SELECT wf_try(format($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status) VALUES (%s, 'service_request', 'investigation', 'x', 'requested')$$, :c));
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'accepted' WHERE item_id = %s$$, :w_item));
SELECT wf_try(format($$UPDATE omledger.work_item SET detail = 'edited' WHERE item_id = %s$$, :w_item));
SELECT wf_try(format($$INSERT INTO omledger.evidence (contract_id, item_id, evidence_type) VALUES (%s, %s, 'minutes')$$, :c, :w_item));
RESET ROLE;

-- a person whose registration ended acts only for the dates it covered
SET ROLE om_test_former;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'accepted' WHERE item_id = %s$$, :w_item));
RESET ROLE;
SET ROLE om_test_worker;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'accepted' WHERE item_id = %s$$, :w_item));
SELECT status_changed_by = :wk AS changed_by_worker FROM work_item WHERE item_id = :w_item;
SELECT actor_id = :wk AS actor_is_worker, db_user FROM work_item_event WHERE item_id = :w_item ORDER BY event_id;
RESET ROLE;

-- segregation of duties: City A requests; City A cannot approve it, City B can
SET ROLE om_test_city_a;
INSERT INTO work_item (contract_id, kind, sub_kind, title, status)
VALUES (:c, 'service_request', 'data_extraction', 'List the residents who moved in March', 'requested')
RETURNING item_id AS a_item \gset
SELECT wf_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, decision) VALUES (%s, %s, 'procedure', 'approved')$$, :c, :a_item));
RESET ROLE;
SET ROLE om_test_city_b;
-- approving in someone else's name is refused
SELECT wf_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, approver_id, decision) VALUES (%s, %s, 'procedure', %s, 'approved')$$, :c, :a_item, :city_a));
INSERT INTO approval (contract_id, item_id, subject, decision)
VALUES (:c, :a_item, 'procedure', 'approved') RETURNING approver_id = :city_b AS approved_by_b;
-- nor can an approval be changed or withdrawn, by anyone
SELECT wf_try(format($$UPDATE omledger.approval SET decision = 'rejected' WHERE item_id = %s$$, :a_item));
RESET ROLE;
SELECT wf_try(format($$DELETE FROM omledger.approval WHERE item_id = %s$$, :a_item));
SELECT wf_try($$TRUNCATE omledger.work_item_event$$);

-- a superuser on no roster enters records on behalf of a person it names;
-- the named person meets the same rules
SELECT wf_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, decision) VALUES (%s, %s, 'estimate', 'approved')$$, :c, :a_item));
SELECT wf_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, approver_id, decision) VALUES (%s, %s, 'estimate', %s, 'approved')$$, :c, :a_item, :city_a));
SELECT wf_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, approver_id, decision, decided_at) VALUES (%s, %s, 'estimate', %s, 'approved', '2025-03-01')$$, :c, :a_item, :city_b));
SELECT wf_try(format($$INSERT INTO omledger.approval (contract_id, item_id, subject, approver_id, decision) VALUES (%s, %s, 'estimate', %s, 'approved')$$, :c, :a_item, :city_b));

-- COPY: rows a superuser loads with COPY are history (pg_restore): taken
-- as they are, no event recorded; anyone else's COPY goes through the rules
SELECT count(*) AS events_before FROM work_item_event WHERE contract_id = :c \gset
-- (COPY data cannot hold psql variables: the contract comes from a default)
-- (set through a DO block, so the output does not show the contract's id)
SELECT set_config('om_test.contract', :'c', false) IS NOT NULL AS contract_set;
DO $$ BEGIN
	EXECUTE format('ALTER TABLE omledger.work_item ALTER contract_id SET DEFAULT %s',
				   current_setting('om_test.contract')::bigint);
END $$;
COPY work_item (kind, sub_kind, title, status, status_changed_at, content_changed_at) FROM stdin;
service_request	investigation	Loaded as history	closed	2026-01-05 10:00+09	2026-01-05 10:00+09
\.
SELECT title, status, created_by IS NULL AS no_creator FROM work_item WHERE contract_id = :c AND title = 'Loaded as history';
SELECT count(*) = :events_before AS no_event_recorded FROM work_item_event WHERE contract_id = :c;
SET ROLE om_test_worker;
\set VERBOSITY sqlstate
COPY work_item (kind, sub_kind, title, status, status_changed_at, content_changed_at) FROM stdin;
service_request	investigation	Smuggled	closed	2026-01-05 10:00+09	2026-01-05 10:00+09
\.
\set VERBOSITY default
RESET ROLE;
ALTER TABLE omledger.work_item ALTER contract_id DROP DEFAULT;

-- clean up
SET session_replication_role = replica;
DELETE FROM work_item_event WHERE contract_id = :c;
DELETE FROM evidence WHERE contract_id = :c;
DELETE FROM approval WHERE contract_id = :c;
DELETE FROM work_item WHERE contract_id = :c;
DELETE FROM person WHERE contract_id = :c;
DELETE FROM contract WHERE contract_id = :c;
RESET session_replication_role;
REVOKE ALL ON ALL TABLES IN SCHEMA omledger FROM om_test_ledger;
REVOKE USAGE ON SCHEMA omledger FROM om_test_ledger;
DROP ROLE om_test_city_a, om_test_city_b, om_test_worker, om_test_former, om_test_outsider;
DROP ROLE om_test_ledger;
DROP FUNCTION public.wf_try(text);
