-- test/tap/crash_setup.sql -- the ledger the crash test's clients work on
-- (test/tap/t/001_crash.pl).  Run once by a superuser in a fresh database.
--
-- One contract with low hard caps (so that clients are refused as well as
-- accepted), the city desk and a site lead on its roster, one login role per
-- worker (each enters its own effort, as a contractor's staff does), twelve
-- service requests to log effort on and 24 failure-recovery items with their
-- recovery procedure approved, in "investigating", whose status the status
-- clients flip.  Every client logs in as a role mapped in person.db_role:
-- nothing runs as superuser but the setup and the checks.
SET client_min_messages = warning;
CREATE EXTENSION omledger;
SELECT count(*) FROM omledger.create_roles();
CREATE ROLE crash_city LOGIN IN ROLE omledger_city;
CREATE ROLE crash_lead LOGIN IN ROLE omledger_contractor;
CREATE ROLE crash_worker1 LOGIN IN ROLE omledger_contractor;
CREATE ROLE crash_worker2 LOGIN IN ROLE omledger_contractor;
CREATE ROLE crash_worker3 LOGIN IN ROLE omledger_contractor;
CREATE ROLE crash_intake LOGIN IN ROLE omledger_intake;
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
INSERT INTO contract (name, contractor, roles, term)
VALUES ('crash test', 'Crash KK', '{operator,vendor}', '[2025-04-01,2029-04-01)');
-- low caps: a month of service work holds 12pd, the term 40pd (the
-- approving client raises them by an hour or two at a time)
UPDATE effort_cap SET amount = '12pd', enforcement = 'hard' WHERE category = 'service' AND scope = 'month';
UPDATE effort_cap SET amount = '40pd', enforcement = 'hard' WHERE category = 'service' AND scope = 'term';
INSERT INTO person (contract_id, name, side, db_role, registered) VALUES
  (1, 'City desk', 'city', 'crash_city', '[2025-01-01,)'),
  (1, 'City desk 2', 'city', NULL, '[2025-01-01,)');
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles) VALUES
  (1, 'Site lead', 'contractor', 'crash_lead', '[2025-04-01,)', '2025-03-01', '{site_lead}'),
  (1, 'Worker 1', 'contractor', 'crash_worker1', '[2025-04-01,)', '2025-03-01', '{worker}'),
  (1, 'Worker 2', 'contractor', 'crash_worker2', '[2025-04-01,)', '2025-03-01', '{worker}'),
  (1, 'Worker 3', 'contractor', 'crash_worker3', '[2025-04-01,)', '2025-03-01', '{worker}');
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_by, requested_at)
SELECT 1, 'service_request', 'investigation', 'crash: service ' || g, 'requested', 1, '2025-09-01 10:00+09'
  FROM generate_series(1, 12) g;
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, occurred_at, requested_by, requested_at)
SELECT 1, 'failure_recovery', 'recovery_procedure', 'crash: failure ' || g, 'reported',
       '2026-01-05 10:00+09', 1, '2026-01-05 10:00+09'
  FROM generate_series(1, 24) g;
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
SELECT 1, item_id, 'procedure', 2, 'approved', '2026-01-05 10:30+09'
  FROM work_item WHERE kind = 'failure_recovery';
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-01-05 10:05+09'
 WHERE kind = 'failure_recovery';
UPDATE work_item SET status = 'investigating', status_changed_at = '2026-01-05 11:00+09'
 WHERE kind = 'failure_recovery';
