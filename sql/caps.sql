-- Effort logging against contract caps: every rule both ways, as the
-- roles doc/effort-caps.md lists (sql/include/caps_roles.sql): a
-- contractor logs and corrects the effort; the city desk records
-- approvals and additional contracts, changes caps, closes and reopens
-- months.  The set-up (contracts, roster, work items), what the caps'
-- roles may not read (work_item, behind effort_entry) and what no user
-- role may do (TRUNCATE, changing an item's charge, caps_verify()) run as
-- the test's superuser.  Runs in one transaction (each statement in its
-- own savepoint) and rolls back at the end, and puts the sequences back,
-- so it leaves nothing behind (not even a gap in the identities other
-- tests see).
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
SET DateStyle = 'ISO';
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
-- (days longer than 1pd give a NOTICE: sql/caps_rules.sql tests it; here
-- months of effort are logged in 2pd days)
SET omledger.daily_effort_notice = 0;
CREATE TEMP TABLE caps_seq AS
SELECT s.oid::regclass AS seq, pg_sequence_last_value(s.oid) AS last, q.seqstart
  FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid
  JOIN pg_namespace n ON n.oid = s.relnamespace
 WHERE n.nspname = 'omledger';
BEGIN;
\set ECHO none
\i sql/include/caps_roles.sql
\set ECHO all
CREATE ROLE om_test_caps_city NOLOGIN IN ROLE omledger_city;
CREATE ROLE om_test_caps_worker NOLOGIN IN ROLE omledger_contractor;

-- ------------------------------------------------------------- fixture
-- The defaults a new contract starts with (§5.2.1.2, §5.2.3.2).
SELECT category, scope, amount, enforcement, alert_percent, seeded
  FROM effort_cap_default ORDER BY category, scope;

INSERT INTO contract (name, contractor, roles, term)
VALUES ('caps test', 'Caps KK', '{operator,vendor}', '[2025-10-01,2028-01-01)')
RETURNING contract_id AS c \gset
INSERT INTO contract (name, contractor, roles, term)
VALUES ('caps other', 'Other KK', '{operator}', '[2025-10-01,2028-01-01)')
RETURNING contract_id AS c2 \gset
-- a new contract gets the default caps
SELECT category, scope, amount, enforcement, alert_percent, seeded
  FROM effort_cap WHERE contract_id = :c ORDER BY category, scope;

-- Alice logs the contractor's effort (her role enters it, OM132)
INSERT INTO person (contract_id, name, side, registered, approved_on, db_role)
VALUES (:c, 'Alice', 'contractor', '[2025-10-01,2028-01-01)', '2025-09-01', 'om_test_caps_worker') RETURNING person_id AS alice \gset
INSERT INTO person (contract_id, name, side, registered, approved_on)
VALUES (:c, 'Bob', 'contractor', '[2025-11-01,2028-01-01)', '2025-10-20') RETURNING person_id AS bob \gset
-- Carol is the city's desk
INSERT INTO person (contract_id, name, side, registered, db_role)
VALUES (:c, 'Carol (city)', 'city', '[2025-01-01,)', 'om_test_caps_city') RETURNING person_id AS carol \gset
INSERT INTO person (contract_id, name, side, registered, approved_on)
VALUES (:c2, 'Dave (other contract)', 'contractor', '[2025-10-01,2028-01-01)', '2025-09-01') RETURNING person_id AS dave \gset
-- a crew: nobody works more than 24h a day (OM135), so a month of effort
-- takes people and days
INSERT INTO person (contract_id, name, side, registered, approved_on)
SELECT :c, 'Crew ' || g, 'contractor', '[2025-10-01,2028-01-01)', '2025-09-01' FROM generate_series(1, 4) g;
SELECT person_id AS crew1 FROM person WHERE name = 'Crew 1' \gset
SELECT person_id AS crew2 FROM person WHERE name = 'Crew 2' \gset
SELECT person_id AS crew3 FROM person WHERE name = 'Crew 3' \gset
SELECT person_id AS crew4 FROM person WHERE name = 'Crew 4' \gset
-- days(item, person, first day, effort): the effort as entries of at most
-- 2pd (16h) on consecutive days from the first
CREATE FUNCTION pg_temp.days(item bigint, person bigint, first date, total effort)
RETURNS TABLE (item_id bigint, person_id bigint, work_date date, effort effort)
LANGUAGE sql AS $$
  SELECT item, person, first + g,
         make_effort(min => least(effort_minutes(total) - 960 * g, 960))
    FROM generate_series(0, ((effort_minutes(total) - 1) / 960)::int) g
$$;
INSERT INTO menu_item (contract_id, code, title, performer, valid)
VALUES (:c, 'M-01', 'daily batch check', 'operator', '[2025-10-01,2028-01-01)') RETURNING menu_item_id AS menu \gset

-- one item of every kind, plus a spec check for a modification (§5.2.1②)
-- and a handover inside the contractor (§5.3)
CREATE TEMP TABLE it (name text PRIMARY KEY, id bigint);
WITH k(name, kind, spec, internal) AS (VALUES
  ('svc', 'service_request', false, false),
  ('svc2', 'service_request', false, false),
  ('speccheck', 'service_request', true, false),
  ('mod', 'modification', false, false),
  ('fr', 'failure_recovery', false, false),
  ('menu', 'menu_task', false, false),
  ('ho', 'handover', false, false),
  ('staffchange', 'handover', false, true)),
ins AS (
  INSERT INTO work_item (contract_id, kind, title, status, occurred_at, menu_item_id,
                         spec_check_for_modification, internal_handover)
  SELECT :c, k.kind, 'caps test ' || k.name, s.status, '2025-10-01 09:00+09',
         CASE k.kind WHEN 'menu_task' THEN :menu END, k.spec, k.internal
    FROM k JOIN workflow_status s ON s.kind = k.kind AND s.is_initial
  RETURNING item_id, title)
INSERT INTO it SELECT substr(title, 11), item_id FROM ins;
GRANT SELECT ON it TO om_test_caps_worker;
SELECT id AS svc FROM it WHERE name = 'svc' \gset
SELECT id AS svc2 FROM it WHERE name = 'svc2' \gset
SELECT id AS speccheck FROM it WHERE name = 'speccheck' \gset
SELECT id AS mod FROM it WHERE name = 'mod' \gset
SELECT id AS fr FROM it WHERE name = 'fr' \gset
SELECT id AS menuitem FROM it WHERE name = 'menu' \gset
SELECT id AS ho FROM it WHERE name = 'ho' \gset
SELECT id AS staffchange FROM it WHERE name = 'staffchange' \gset

-- ------------------------------------------------------ charge category
SELECT kind, spec, charge_category(kind, spec)
  FROM (VALUES ('menu_task', false), ('service_request', false), ('service_request', true),
               ('failure_recovery', false), ('modification', false), ('handover', false),
               ('no_such_kind', false)) AS v(kind, spec);

-- (Alice the service items, 24h; the crew the others)
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort, note)
SELECT it.id, CASE WHEN it.name IN ('svc', 'svc2', 'speccheck') THEN :alice
                   WHEN it.name IN ('mod', 'fr', 'menu') THEN :crew1 ELSE :crew2 END,
       '2025-10-01', '1pd', it.name FROM it;
-- the category each entry is charged to; the staff change is not counted
-- (effort_entry reads work_item, which the caps' roles do not: the test
-- looks as its superuser)
RESET ROLE;
SELECT note, category, counted, month, effort FROM effort_entry
 WHERE contract_id = :c ORDER BY entry_id;
-- the running totals: the spec check counts as modification, the
-- internal handover nowhere
SELECT category, month, used FROM effort_summary WHERE contract_id = :c ORDER BY category;

-- ------------------------------------------------------------- roster
SET ROLE om_test_caps_worker;
-- Bob is registered from 2025-11-01 only
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:svc, :bob, '2025-10-31', '1h');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:svc, :bob, '2025-11-01', '1h');
-- a person of another contract's roster
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:svc, :dave, '2025-10-02', '1h');
\echo :LAST_ERROR_SQLSTATE
-- a whole statement is refused if one row breaks the rule
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:fr, :alice, '2025-11-02', '1h'), (:fr, :bob, '2025-10-30', '1h');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM effort_log WHERE item_id = :fr AND work_date IN ('2025-11-02', '2025-10-30');
-- one row per person, item and day
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:svc, :alice, '2025-10-01', '1h');
\echo :LAST_ERROR_SQLSTATE
-- effort is positive (only a correction may be negative)
\set VERBOSITY terse
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:svc, :alice, '2025-10-02', '-1h');
\set VERBOSITY default
\echo :LAST_ERROR_SQLSTATE

-- ------------------------------------------------------ the monthly cap
-- service: 2pd used in 2025-10; fill up to exactly 3pm (accepted) ...
INSERT INTO effort_log (item_id, person_id, work_date, effort)
SELECT * FROM pg_temp.days(:svc, :crew1, '2025-10-02', '2pm')
UNION ALL SELECT * FROM pg_temp.days(:svc2, :crew2, '2025-10-02', '18pd');
SELECT used FROM effort_summary WHERE contract_id = :c AND category = 'service' AND month = '2025-10';
-- ... and one more minute is refused
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:svc, :alice, '2025-10-03', '1min');
\echo :LAST_ERROR_SQLSTATE
-- so is moving effort into the full month from another one
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:svc, :alice, '2025-11-03', '1pd');
UPDATE effort_log SET work_date = '2025-10-31' WHERE item_id = :svc AND person_id = :alice AND work_date = '2025-11-03';
\echo :LAST_ERROR_SQLSTATE
-- while a decrease in the full month is always accepted
UPDATE effort_log SET effort = '1pd' WHERE item_id = :svc2 AND work_date = '2025-10-02';
SELECT used FROM effort_summary WHERE contract_id = :c AND category = 'service' AND month = '2025-10';
UPDATE effort_log SET effort = '2pd' WHERE item_id = :svc2 AND work_date = '2025-10-02';
UPDATE effort_log SET effort = '2pd 1min' WHERE item_id = :svc2 AND work_date = '2025-10-02';
\echo :LAST_ERROR_SQLSTATE

-- ----------------------------------------------------- cap extensions
-- an additional contract needs the city's approval
SET ROLE om_test_caps_city;
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'month', '10pd', 'FY2025-Q3'::fiscal_period::daterange, 'AC-2025-001', 1);
\echo :LAST_ERROR_SQLSTATE
-- (a city role records its own person's approvals; the test's superuser,
-- on no roster, names the approver: a contractor's person is refused)
RESET ROLE;
INSERT INTO approval (contract_id, subject, subject_ref, approver_id, decision, decided_at)
VALUES (:c, 'cap_extension', 'AC-2025-001', :alice, 'approved', '2025-10-20 10:00+09');
\echo :LAST_ERROR_SQLSTATE
SET ROLE om_test_caps_city;
INSERT INTO approval (contract_id, subject, subject_ref, approver_id, decision, decided_at)
VALUES (:c, 'cap_extension', 'AC-2025-001', :carol, 'approved', '2025-10-20 10:00+09')
RETURNING approval_id AS ext_ok \gset
INSERT INTO approval (contract_id, subject, subject_ref, approver_id, decision, decided_at)
VALUES (:c, 'cap_extension', 'AC-2025-002', :carol, 'rejected', '2025-10-20 10:00+09')
RETURNING approval_id AS ext_rejected \gset
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'month', '10pd', 'FY2025-Q3'::fiscal_period::daterange, 'AC-2025-002', :ext_rejected);
\echo :LAST_ERROR_SQLSTATE
-- months must be whole months
\set VERBOSITY terse
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'month', '10pd', '[2025-10-05,2025-11-01)', 'AC-2025-001', :ext_ok);
\set VERBOSITY default
\echo :LAST_ERROR_SQLSTATE
-- +10pd a month for October to December 2025
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'month', '10pd', 'FY2025-Q3'::fiscal_period::daterange, 'AC-2025-001', :ext_ok);
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
SELECT * FROM pg_temp.days(:svc, :crew3, '2025-10-03', '10pd');
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:svc, :alice, '2025-10-06', '1min');
\echo :LAST_ERROR_SQLSTATE
SET ROLE om_test_caps_city;
-- removing the extension would leave October over its cap
DELETE FROM cap_extension WHERE reference = 'AC-2025-001';
\echo :LAST_ERROR_SQLSTATE
-- a cap row goes only with its contract (the city may not delete one; the
-- owner is refused by the rule)
DELETE FROM effort_cap WHERE contract_id = :c AND category = 'service' AND scope = 'month';
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
DELETE FROM effort_cap WHERE contract_id = :c AND category = 'service' AND scope = 'month';
\echo :LAST_ERROR_SQLSTATE

-- ---------------------------------------------------------- term cap
SET ROLE om_test_caps_city;
-- lower the service term cap to 4pm (the term has 3pm 11pd 1h so far)
UPDATE effort_cap SET amount = '4pm' WHERE contract_id = :c AND category = 'service' AND scope = 'term';
SELECT category, scope, amount, seeded FROM effort_cap
 WHERE contract_id = :c AND category = 'service' ORDER BY scope;
-- not below what is used
UPDATE effort_cap SET amount = '3pm' WHERE contract_id = :c AND category = 'service' AND scope = 'term';
\echo :LAST_ERROR_SQLSTATE
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
SELECT * FROM pg_temp.days(:svc2, :alice, '2025-12-01', '8pd');
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:svc2, :alice, '2025-12-05', '1pd');
\echo :LAST_ERROR_SQLSTATE
-- a term extension raises it
SET ROLE om_test_caps_city;
INSERT INTO approval (contract_id, subject, subject_ref, approver_id, decision, decided_at)
VALUES (:c, 'cap_extension', 'AC-2025-003', :carol, 'approved', '2025-12-01 10:00+09')
RETURNING approval_id AS ext_term \gset
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'term', '2pm', '[2025-12-01,2028-01-01)', 'AC-2025-003', :ext_term);
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:svc2, :alice, '2025-12-05', '1pd');

-- ------------------------------------------------------------ soft cap
-- modification: 1pm a month is soft (NOTICE, accepted); 12pm a term is hard
INSERT INTO effort_log (item_id, person_id, work_date, effort)
SELECT * FROM pg_temp.days(:mod, :crew4, '2025-10-02', '17pd');
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:mod, :alice, '2025-10-03', '2pd');
SELECT used FROM effort_summary WHERE contract_id = :c AND category = 'modification' AND month = '2025-10';
SET ROLE om_test_caps_city;
UPDATE effort_cap SET amount = '1pm 1pd' WHERE contract_id = :c AND category = 'modification' AND scope = 'term';
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:mod, :alice, '2025-11-03', '1pd');
\echo :LAST_ERROR_SQLSTATE
-- failure recovery is never capped
INSERT INTO effort_log (item_id, person_id, work_date, effort)
SELECT * FROM pg_temp.days(:fr, :alice, '2025-10-04', '2pm');

-- ------------------------------------------------- status and forecast
SET ROLE om_test_caps_city;
SELECT * FROM cap_status(:c, '2025-10');
SELECT * FROM cap_status(:c, '2025-12');
SELECT * FROM cap_status(:c, 'FY2025');
\echo :LAST_ERROR_SQLSTATE
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
SELECT * FROM pg_temp.days(:svc2, :bob, '2026-01-05', '10pd')
UNION ALL SELECT * FROM pg_temp.days(:svc2, :bob, '2026-02-05', '10pd')
UNION ALL SELECT * FROM pg_temp.days(:svc2, :bob, '2026-03-05', '10pd');
-- burn over Jan-Mar 2026: 10pd a month; 9pd 7h are left of the term cap
-- (4pm + 2pm), so it is reached in the month after April
SET ROLE om_test_caps_city;
SELECT * FROM cap_forecast(:c, 'service', '2026-04-10');
SELECT * FROM cap_forecast(:c, 'modification', '2026-04-10');
SELECT * FROM cap_forecast(:c, 'failure_recovery', '2026-04-10');

-- ---------------------------------------------------------- month close
SELECT close_month(:c, '2025-10', 'after the October report') > 0 AS closed;
SELECT close_month(:c, '2025-10');
\echo :LAST_ERROR_SQLSTATE
SELECT close_month(:c, 'FY2025-Q3');
\echo :LAST_ERROR_SQLSTATE
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:fr, :crew3, '2025-10-20', '1h');
\echo :LAST_ERROR_SQLSTATE
UPDATE effort_log SET note = 'edited' WHERE item_id = :fr AND work_date = '2025-10-04';
\echo :LAST_ERROR_SQLSTATE
DELETE FROM effort_log WHERE item_id = :fr AND work_date = '2025-10-04';
\echo :LAST_ERROR_SQLSTATE
-- moving effort out of a closed month is refused too
UPDATE effort_log SET work_date = '2025-11-04' WHERE item_id = :fr AND work_date = '2025-10-04';
\echo :LAST_ERROR_SQLSTATE
-- the staff change is not counted, but its month is closed all the same
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:staffchange, :alice, '2025-10-21', '1h');
\echo :LAST_ERROR_SQLSTATE
-- another contract's October is still open
SET ROLE om_test_caps_city;
SELECT close_month(:c2, '2025-11') > 0 AS closed;
-- TRUNCATE would remove closed effort (no user role may truncate; even
-- the owner is refused)
RESET ROLE;
TRUNCATE effort_log;
\echo :LAST_ERROR_SQLSTATE

-- ---------------------------------------------------------- corrections
SET ROLE om_test_caps_worker;
SELECT entry_id AS fr_oct FROM effort_log WHERE item_id = :fr AND work_date = '2025-10-04' \gset
-- a correction of October's failure recovery, dated in open November
INSERT INTO effort_log (item_id, person_id, work_date, effort, note, corrects)
VALUES (:fr, :alice, '2025-11-05', '-1pd', 'October 4 was 1pd, not 2pd', :fr_oct);
-- a second correction on the same day is fine (one row a day is for entries)
INSERT INTO effort_log (item_id, person_id, work_date, effort, note, corrects)
VALUES (:fr, :alice, '2025-11-05', '2h', 'and 2h were missing', :fr_oct);
-- a correction must be for the same item and person
INSERT INTO effort_log (item_id, person_id, work_date, effort, corrects)
VALUES (:svc, :alice, '2025-11-05', '-1h', :fr_oct);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO effort_log (item_id, person_id, work_date, effort, corrects)
VALUES (:fr, :bob, '2025-11-05', '-1h', :fr_oct);
\echo :LAST_ERROR_SQLSTATE
-- a correction dated in the closed month is refused like any entry
INSERT INTO effort_log (item_id, person_id, work_date, effort, corrects)
VALUES (:fr, :alice, '2025-10-31', '-1h', :fr_oct);
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT e.note, e.effort, e.month, c.work_date AS corrects_date
  FROM effort_entry e JOIN effort_log c ON c.entry_id = e.corrects
 WHERE e.contract_id = :c ORDER BY e.entry_id;
SELECT category, month, used FROM effort_summary
 WHERE contract_id = :c AND category = 'failure_recovery' ORDER BY month;

-- ------------------------------------------------------------- reopen
-- needs an approved reopen_month decision of a city person for that month
SET ROLE om_test_caps_city;
SELECT reopen_month(:c, '2025-10', 999999);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO approval (contract_id, subject, subject_ref, approver_id, decision, decided_at)
VALUES (:c, 'reopen_month', '2025-09', :carol, 'approved', '2025-11-10 10:00+09')
RETURNING approval_id AS reopen_wrong \gset
SELECT reopen_month(:c, '2025-10', :reopen_wrong);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO approval (contract_id, subject, subject_ref, approver_id, decision, decided_at)
VALUES (:c, 'reopen_month', '2025-10', :carol, 'approved', '2025-11-10 10:00+09')
RETURNING approval_id AS reopen_ok \gset
SELECT reopen_month(:c, '2025-10', :reopen_ok);
-- open again: effort can be logged
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:fr, :crew3, '2025-10-20', '1h');
-- the same approval does not reopen twice, and an open month is not reopened
SET ROLE om_test_caps_city;
SELECT close_month(:c, '2025-10') > 0 AS closed_again;
SELECT reopen_month(:c, '2025-10', :reopen_ok);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO approval (contract_id, subject, subject_ref, approver_id, decision, decided_at)
VALUES (:c, 'reopen_month', '2025-11', :carol, 'approved', '2025-11-10 10:00+09')
RETURNING approval_id AS reopen_nov \gset
SELECT reopen_month(:c, '2025-11', :reopen_nov);
\echo :LAST_ERROR_SQLSTATE
SELECT month, closed_by IS NOT NULL AS has_closer, note, reopened_at IS NOT NULL AS reopened,
       reopen_approval_id = :reopen_ok AS by_approval
  FROM month_close WHERE contract_id = :c ORDER BY close_id;

-- ------------------------------------------------- the item's charge is fixed
-- (no role of the caps may update work_item: the owner tries)
RESET ROLE;
UPDATE work_item SET spec_check_for_modification = true WHERE item_id = :svc;
\echo :LAST_ERROR_SQLSTATE
UPDATE work_item SET internal_handover = true WHERE item_id = :ho;
\echo :LAST_ERROR_SQLSTATE
-- an item without effort may change
INSERT INTO work_item (contract_id, kind, title, status)
VALUES (:c, 'service_request', 'caps test idle', 'requested') RETURNING item_id AS idle \gset
UPDATE work_item SET spec_check_for_modification = true WHERE item_id = :idle;

-- ------------------------------- a writer's search_path is not the trigger's
-- A domain named like a type the trigger's queries cast to, ahead of
-- pg_catalog in the writer's path: the trigger does not see it.
CREATE SCHEMA caps_hijack;
CREATE DOMAIN caps_hijack.date AS pg_catalog.date CHECK (VALUE IS NULL);
GRANT USAGE ON SCHEMA caps_hijack TO om_test_caps_worker;
SET ROLE om_test_caps_worker;
SET LOCAL search_path = caps_hijack, pg_catalog, omledger, public;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:fr, :alice, '2025-11-04', '1h') RETURNING effort;
DELETE FROM effort_log WHERE item_id = :fr AND work_date = '2025-11-04' AND effort = '1h' RETURNING effort;
SET LOCAL search_path = omledger, public;
RESET ROLE;

-- ------------------------------------------------- the totals are exact
SELECT * FROM caps_verify();
SELECT category, month, used FROM effort_summary WHERE contract_id = :c ORDER BY category, month;

ROLLBACK;
SELECT bool_and(pg_catalog.setval(seq, COALESCE(last, seqstart), last IS NOT NULL) IS NOT NULL)
       AS sequences_restored
  FROM caps_seq;
DROP TABLE caps_seq;
