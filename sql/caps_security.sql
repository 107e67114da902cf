-- Effort caps as the city desk, a contractor and a reader would use them:
-- nobody holds a privilege on the caps' internals (effort_total,
-- cap_guard, caps_resync, caps_rebuild), yet recording an additional
-- contract and changing a cap work, and the cap holds (doc/effort-caps.md,
-- "Privileges").  caps_rebuild() refuses to leave a month over a hard cap.
-- Only close_month() and reopen_month() write month_close.
\i sql/include/caps_fixture.sql

-- ------------------------------------------------ no rights on internals
-- (the fixture's cap change above ran caps_resync as the extension owner)
SELECT r.rolname, t.tbl,
       has_table_privilege(r.rolname, t.tbl, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') AS any_privilege
  FROM (VALUES ('omledger.effort_total'), ('omledger.cap_guard')) t(tbl), pg_roles r
 WHERE r.rolname LIKE 'om\_test\_caps\_%' OR r.rolname LIKE 'omledger\_%'
 ORDER BY 1, 2;
-- no ACL entry but the owner's (none listed)
SELECT t.tbl AS granted_on, a.grantee::regrole AS grantee, a.privilege_type
  FROM (VALUES ('omledger.effort_total'::regclass), ('omledger.cap_guard')) t(tbl)
  JOIN pg_class c ON c.oid = t.tbl, aclexplode(c.relacl) a
 WHERE a.grantee <> c.relowner;
SELECT p.oid::regprocedure AS internal_function,
       has_function_privilege('om_test_caps_city', p.oid, 'EXECUTE') AS city,
       has_function_privilege('om_test_caps_worker', p.oid, 'EXECUTE') AS contractor,
       has_function_privilege('om_test_caps_reader', p.oid, 'EXECUTE') AS reader
  FROM pg_proc p
 WHERE p.pronamespace = 'omledger'::regnamespace
   AND p.proname IN ('caps_resync', 'caps_rebuild', 'caps_rebuild_totals', 'caps_excess',
                     'cap_changed', 'effort_log_truncate', 'close_month', 'reopen_month')
 ORDER BY 1::text;

-- ------------------------------------- the contractor logs up to the cap
SET ROLE om_test_caps_worker;
-- not in another role's name, nor with an entry time of its own choosing
INSERT INTO effort_log (item_id, person_id, work_date, effort, entered_by)
VALUES (:svc, :wk, '2025-11-04', '1h', 'om_test_caps_city');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO effort_log (item_id, person_id, work_date, effort, entered_at)
VALUES (:svc, :wk, '2025-11-04', '1h', '2025-11-04 18:00+09');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2025-11-04', '1pd'), (:svc, :wk2, '2025-11-04', '1pd')
RETURNING entered_by, entered_at = now() AS entered_now;
-- one minute more is over the monthly cap
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2025-11-05', '1min');
\echo :LAST_ERROR_SQLSTATE
-- and the internals are out of reach: zeroing the total, the guard, a resync, a rebuild
UPDATE effort_total SET used = 0 WHERE contract_id = :c;
\echo :LAST_ERROR_SQLSTATE
UPDATE cap_guard SET grants = 0;
\echo :LAST_ERROR_SQLSTATE
SELECT caps_resync(:c);
\echo :LAST_ERROR_SQLSTATE
SELECT caps_rebuild();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM caps_excess(NULL);
\echo :LAST_ERROR_SQLSTATE
-- nor can the owner's trigger functions be attached to a table of one's own
CREATE TEMP TABLE caps_mine (contract_id bigint);
CREATE TRIGGER caps_mine_truncate AFTER TRUNCATE ON caps_mine
  FOR EACH STATEMENT EXECUTE FUNCTION omledger.effort_log_truncate();
\echo :LAST_ERROR_SQLSTATE
CREATE TRIGGER caps_mine_changed AFTER INSERT ON caps_mine
  FOR EACH ROW EXECUTE FUNCTION omledger.cap_changed();
\echo :LAST_ERROR_SQLSTATE
DROP TABLE caps_mine;
-- nor record an additional contract or an approval, nor change a cap
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'month', '1pd', '[2025-11-01,2025-12-01)', 'AC-X', 1);
\echo :LAST_ERROR_SQLSTATE
UPDATE effort_cap SET amount = '99pm' WHERE contract_id = :c;
\echo :LAST_ERROR_SQLSTATE
-- the cap held: still one minute too many
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2025-11-05', '1min');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT category, month, used FROM effort_summary WHERE contract_id = :c ORDER BY 1, 2;

-- -------------------------- the city records an additional contract (追加契約)
SET ROLE om_test_caps_city;
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c, 'additional_contract', 'AC-2025-11', 'approved')
RETURNING approval_id AS ac, approver_id = :city AS decided_by_city_desk \gset
\echo :decided_by_city_desk
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'month', '2h', '[2025-11-01,2025-12-01)', 'AC-2025-11', :ac)
RETURNING category, scope, extra, created_by;
-- and changes a cap (not below what is used: OM106)
UPDATE effort_cap SET amount = '1pd' WHERE contract_id = :c AND category = 'service' AND scope = 'month';
\echo :LAST_ERROR_SQLSTATE
UPDATE effort_cap SET alert_percent = '{50,80,90}' WHERE contract_id = :c AND category = 'service' AND scope = 'month'
RETURNING scope, amount, alert_percent;
-- and caps a category that had none
INSERT INTO effort_cap (contract_id, category, scope, amount, enforcement)
VALUES (:c, 'failure_recovery', 'month', '1pm', 'hard') RETURNING category, scope, amount;
SELECT category, month_cap, month_enforcement FROM cap_status(:c, '2025-11')
 WHERE category = 'failure_recovery';
-- but cannot reach the internals either
UPDATE effort_total SET used = 0 WHERE contract_id = :c;
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

-- the contractor may now log the 2h, not a minute more
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2025-11-05', '2h 1min');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2025-11-05', '2h') RETURNING effort;
RESET ROLE;

-- corrects an entry and deletes one (decreases are always accepted)...
SET ROLE om_test_caps_worker;
UPDATE effort_log SET effort = '1h' WHERE item_id = :svc AND work_date = '2025-11-05' RETURNING effort;
DELETE FROM effort_log WHERE item_id = :svc AND work_date = '2025-11-05' RETURNING effort;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2025-11-05', '2h') RETURNING effort;
RESET ROLE;
-- ...and the city removes an extension only while the effort still fits
SET ROLE om_test_caps_city;
DELETE FROM cap_extension WHERE approval_id = :ac;
\echo :LAST_ERROR_SQLSTATE
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c, 'additional_contract', 'AC-2026-02', 'approved') RETURNING approval_id AS ac_feb \gset
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'month', '1pd', '[2026-02-01,2026-03-01)', 'AC-2026-02', :ac_feb);
DELETE FROM cap_extension WHERE approval_id = :ac_feb RETURNING reference;
RESET ROLE;

-- a reader sees the status, not the internals
SET ROLE om_test_caps_reader;
SELECT category, month_used, month_cap, month_remaining, term_used, term_cap, term_remaining
  FROM cap_status(:c, '2025-11') WHERE category = 'service';
SELECT used, term_cap, remaining FROM cap_forecast(:c, 'service', '2025-11-20');
SELECT category, month, used FROM effort_summary WHERE contract_id = :c ORDER BY 1, 2;
SELECT count(*) FROM effort_total;
\echo :LAST_ERROR_SQLSTATE
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2025-11-06', '1min');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

-- ------------------------- caps_rebuild never leaves a month over a cap
-- (as the owner: nobody else may run it)
SELECT caps_rebuild();
SELECT * FROM caps_verify();
-- effort loaded past the triggers (as a restore with --disable-triggers
-- would) takes the month over its hard cap: the rebuild refuses, naming it
SET session_replication_role = replica;
INSERT INTO effort_log (item_id, person_id, work_date, effort, entered_by)
VALUES (:svc, :wk2, '2025-11-05', '1h', 'om_test_caps_worker');
RESET session_replication_role;
SELECT caps_rebuild();
\echo :LAST_ERROR_SQLSTATE
-- the totals were left as they were (the hour is not in them)
SELECT contract_id = :c AS this_contract, category, month, summary, logged FROM caps_verify();
-- over the term cap too (the hour gone, 2pd 2h in November and 7h in
-- December: 3pd 1h against 3pd)
SET session_replication_role = replica;
DELETE FROM effort_log WHERE item_id = :svc AND person_id = :wk2 AND work_date = '2025-11-05';
INSERT INTO effort_log (item_id, person_id, work_date, effort, entered_by)
VALUES (:svc, :wk, '2025-12-02', '6h', 'om_test_caps_worker'), (:svc, :wk, '2025-12-03', '1h', 'om_test_caps_worker');
RESET session_replication_role;
SELECT caps_rebuild();
\echo :LAST_ERROR_SQLSTATE
-- the excess removed, the rebuild goes through and the totals are exact
SET session_replication_role = replica;
DELETE FROM effort_log WHERE item_id = :svc AND work_date = '2025-12-03';
RESET session_replication_role;
SELECT caps_rebuild();
SELECT * FROM caps_verify();
SELECT category, month, used FROM effort_summary WHERE contract_id = :c ORDER BY 1, 2;

-- ----------------------- month_close: only close_month and reopen_month
SET ROLE om_test_caps_worker;
SELECT close_month(:c, '2025-11');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SET ROLE om_test_caps_city;
SELECT close_month(:c, '2025-11', 'monthly report accepted') IS NOT NULL AS closed;
SELECT month, closed_by, note, reopened_at IS NULL AS still_closed FROM month_close WHERE contract_id = :c;
-- the city's rights do not include writing month_close directly
UPDATE month_close SET reopened_at = now(), reopen_approval_id = :ac WHERE contract_id = :c;
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
-- the month is closed for the contractor
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2025-11-06', '1min');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
-- a role granted write privileges on month_close still cannot bypass the
-- functions (nor can the owner): the trigger refuses, whoever writes
GRANT INSERT, UPDATE, DELETE, TRUNCATE ON month_close TO om_test_caps_city;
SET ROLE om_test_caps_city;
UPDATE month_close SET reopened_at = now(), reopen_approval_id = :ac WHERE contract_id = :c;
\echo :LAST_ERROR_SQLSTATE
SET omledger_caps.month_close_writer = on;
UPDATE month_close SET reopened_at = now(), reopen_approval_id = :ac WHERE contract_id = :c;
\echo :LAST_ERROR_SQLSTATE
RESET omledger_caps.month_close_writer;
DELETE FROM month_close WHERE contract_id = :c;
\echo :LAST_ERROR_SQLSTATE
INSERT INTO month_close (contract_id, month) VALUES (:c, '2025-12-01');
\echo :LAST_ERROR_SQLSTATE
TRUNCATE month_close;
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON month_close FROM om_test_caps_city;
UPDATE month_close SET reopened_at = now(), reopen_approval_id = :ac WHERE contract_id = :c;
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS still_one_close, bool_and(reopened_at IS NULL) AS still_closed
  FROM month_close WHERE contract_id = :c;

-- reopening needs the city's reopen_month approval for that contract and month
SET ROLE om_test_caps_city;
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c, 'reopen_month', '2025-12', 'approved') RETURNING approval_id AS reopen_dec \gset
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c2, 'reopen_month', '2025-11', 'approved') RETURNING approval_id AS reopen_c2 \gset
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c, 'reopen_month', '2025-11', 'rejected') RETURNING approval_id AS reopen_no \gset
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c, 'reopen_month', '2025-11', 'approved') RETURNING approval_id AS reopen_nov \gset
SELECT reopen_month(:c, '2025-11', :ac);          -- an additional_contract approval
\echo :LAST_ERROR_SQLSTATE
SELECT reopen_month(:c, '2025-11', :reopen_dec);  -- another month
\echo :LAST_ERROR_SQLSTATE
SELECT reopen_month(:c, '2025-11', :reopen_c2);   -- another contract
\echo :LAST_ERROR_SQLSTATE
SELECT reopen_month(:c, '2025-11', :reopen_no);   -- rejected
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SET ROLE om_test_caps_worker;
SELECT reopen_month(:c, '2025-11', :reopen_nov);  -- not the contractor's to do
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SET ROLE om_test_caps_city;
SELECT reopen_month(:c, '2025-11', :reopen_nov);
SELECT month, closed_by, reopened_by, reopen_approval_id = :reopen_nov AS by_its_approval
  FROM month_close WHERE contract_id = :c;
-- the approval reopens once: closed again, it does not reopen a second time
SELECT close_month(:c, '2025-11') IS NOT NULL AS closed_again;
SELECT reopen_month(:c, '2025-11', :reopen_nov);
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS closes, count(*) FILTER (WHERE reopened_at IS NULL) AS open_closes
  FROM month_close WHERE contract_id = :c;
RESET ROLE;
-- a contract deleted takes its closes with it (the cascade passes the trigger)
INSERT INTO contract (name, contractor, roles, term)
VALUES ('caps roles short-lived', 'Short KK', '{operator}', '[2025-10-01,2026-04-01)')
RETURNING contract_id AS c3 \gset
SELECT close_month(:c3, '2025-10') IS NOT NULL AS closed;
DELETE FROM month_close WHERE contract_id = :c3;
\echo :LAST_ERROR_SQLSTATE
DELETE FROM contract WHERE contract_id = :c3;
SELECT count(*) AS closes_left FROM month_close WHERE contract_id = :c3;

\i sql/include/caps_fixture_end.sql
