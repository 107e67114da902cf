-- The audit trail (doc/security.md): every change of a ledger table is in
-- omledger.audit_log with who made it; the log is append-only whatever the
-- role; verify_audit_chain() finds edits, deletions and reorderings made
-- behind the extension's back.  Roles are prefixed om_test_ and dropped.
-- In a database of its own, so that its rows change no other test's ids.
CREATE DATABASE om_audit;
\c om_audit
CREATE EXTENSION omledger;
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'

\i sql/include/wf_try.sql
GRANT EXECUTE ON FUNCTION public.wf_try(text) TO PUBLIC;

CREATE ROLE om_test_audit_staff NOLOGIN;
CREATE ROLE om_test_audit_city NOLOGIN IN ROLE om_test_audit_staff;
CREATE ROLE om_test_audit_worker NOLOGIN IN ROLE om_test_audit_staff;
CREATE ROLE om_test_audit_auditor NOLOGIN;
CREATE ROLE om_test_audit_admin NOLOGIN;
GRANT USAGE ON SCHEMA omledger TO om_test_audit_staff, om_test_audit_auditor, om_test_audit_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA omledger TO om_test_audit_staff;
-- the staff were granted "all tables", yet nothing on the audit log
REVOKE ALL ON audit_log, audit_chain FROM om_test_audit_staff;
-- what a city auditor needs: read the log and the chain heads
GRANT SELECT ON audit_log, audit_chain TO om_test_audit_auditor;
-- a role that holds every privilege on the log (as its owner would)
GRANT ALL ON audit_log, audit_chain, audit_log_audit_id_seq TO om_test_audit_admin;

INSERT INTO contract (name, contractor, roles, term)
VALUES ('audit test', 'Contractor A', '{operator}', '[2025-10-01,2028-01-01)')
RETURNING contract_id AS c \gset
INSERT INTO person (contract_id, name, side, db_role, registered) VALUES
	(:c, 'City auditor desk', 'city', 'om_test_audit_city', '[2025-04-01,)')
RETURNING person_id AS city \gset
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles) VALUES
	(:c, 'Worker', 'contractor', 'om_test_audit_worker', '[2025-10-01,)', '2025-09-20', '{worker}')
RETURNING person_id AS wk \gset

-- the superuser's inserts above are audited, with no person (postgres is
-- mapped to nobody)
SELECT table_name, operation, db_user = current_user AS by_me, person_id,
       row_key = jsonb_build_object('person_id', :wk) AS key_is_worker,
       new_row ->> 'name' AS new_name, old_row IS NULL AS no_old
FROM audit_log WHERE table_name = 'person' AND (new_row ->> 'contract_id')::bigint = :c
ORDER BY audit_id;

SELECT max(audit_id) AS mark FROM audit_log \gset

-- the worker enters a request, accepts it and logs effort; then corrects
-- the item's detail and deletes the effort
SET ROLE om_test_audit_worker;
INSERT INTO work_item (contract_id, kind, sub_kind, title, status)
VALUES (:c, 'service_request', 'investigation', 'Audit me', 'requested')
RETURNING item_id AS item \gset
UPDATE work_item SET status = 'accepted' WHERE item_id = :item;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:item, :wk, '2025-10-02', '2h') RETURNING entry_id AS e \gset
UPDATE work_item SET detail = 'more detail' WHERE item_id = :item;
DELETE FROM effort_log WHERE entry_id = :e;
-- the worker cannot read the log, nor write it
SELECT wf_try($$SELECT count(*) FROM omledger.audit_log$$);
SELECT wf_try($$INSERT INTO omledger.audit_log (chain, seq, logged_at, xact_id, db_user, session_role, table_name, operation, row_hash) VALUES (0, 99, now(), '1', 'x', 'x', 'x', 'INSERT', '\x00')$$);
RESET ROLE;

-- a city person changes calendar configuration (a table without contract:
-- no person) and the superuser truncates it
SET ROLE om_test_audit_city;
INSERT INTO calendar_override (day, closed, reason) VALUES ('2030-01-04', true, 'audit test');
UPDATE calendar_override SET reason = 'audit test, changed' WHERE day = '2030-01-04';
RESET ROLE;
TRUNCATE calendar_override;

-- a table without a primary key: its unique columns are the key
SET ROLE om_test_audit_city;
INSERT INTO online_hours (day, closes) VALUES ('2030-01-05', '12:00');
DELETE FROM online_hours WHERE day = '2030-01-05';
RESET ROLE;

-- proof that it ran: the number of audit rows these statements wrote
SELECT count(*) AS audit_rows FROM audit_log WHERE audit_id > :mark;
-- and what they say, in the order they were written
SELECT table_name, operation, db_user, session_role = session_user AS session_ok,
       CASE person_id WHEN :wk THEN 'worker' WHEN :city THEN 'city' ELSE coalesce(person_id::text, '(null)') END AS person,
       CASE table_name
         WHEN 'work_item' THEN row_key = jsonb_build_object('item_id', :item)
         WHEN 'effort_log' THEN row_key = jsonb_build_object('entry_id', :e)
         WHEN 'work_item_event' THEN row_key ? 'event_id'
         WHEN 'calendar_override' THEN row_key = '{"day": "2030-01-04"}'
         WHEN 'online_hours' THEN row_key = '{"day": "2030-01-05", "weekday": null}'
       END AS key_ok,
       concat_ws(' -> ', coalesce(old_row ->> 'status', old_row ->> 'detail', old_row ->> 'effort', old_row ->> 'reason', old_row ->> 'closes'),
                 coalesce(new_row ->> 'to_status', new_row ->> 'status', new_row ->> 'effort', new_row ->> 'reason', new_row ->> 'closes')) AS change,
       (old_row ->> 'detail') IS DISTINCT FROM (new_row ->> 'detail') AS detail_changed
FROM audit_log WHERE audit_id > :mark
ORDER BY audit_id;
-- the chain of this session: consecutive, each row linked to the previous
SELECT bool_and(seq = prev_seq + 1 AND prev_hash = prev_row_hash) AS linked,
       count(DISTINCT chain) AS chains
FROM (SELECT chain, seq, prev_hash, lag(seq) OVER w AS prev_seq, lag(row_hash) OVER w AS prev_row_hash, audit_id
      FROM audit_log WHERE chain <> 0 WINDOW w AS (PARTITION BY chain ORDER BY seq)) s
WHERE audit_id > :mark;

-- a rolled-back change leaves nothing; a rolled-back savepoint neither
SELECT count(*) AS before_rollback FROM audit_log \gset
BEGIN;
INSERT INTO system (system_code, name_ja, name_en) VALUES ('AUDX', '監査', 'Audit X');
ROLLBACK;
BEGIN;
INSERT INTO system (system_code, name_ja, name_en) VALUES ('AUDY', '監査', 'Audit Y');
SAVEPOINT s;
UPDATE system SET name_en = 'Audit Y2' WHERE system_code = 'AUDY';
ROLLBACK TO SAVEPOINT s;
DELETE FROM system WHERE system_code = 'AUDY';
COMMIT;
SELECT count(*) AS rows_added, array_agg(operation || ' ' || (row_key ->> 'system_code') ORDER BY audit_id) AS operations
FROM audit_log WHERE audit_id > :mark AND table_name = 'system';
SELECT count(*) - :before_rollback AS rows_added_in_all FROM audit_log;

-- COPY FROM as a superuser is a restore (pg_restore): not audited again;
-- as an ordinary role it is audited like an INSERT
SELECT count(*) AS before_copy FROM audit_log \gset
COPY response_allowance (party, out_of_hours) FROM stdin;
audit_copy_su	00:30:00
\.
SELECT count(*) - :before_copy AS rows_for_superuser_copy FROM audit_log;
SET ROLE om_test_audit_city;
COPY response_allowance (party, out_of_hours) FROM stdin;
audit_copy_city	00:45:00
\.
RESET ROLE;
SELECT count(*) - :before_copy AS rows_for_city_copy FROM audit_log;
SELECT new_row ->> 'party' AS party, db_user FROM audit_log
WHERE audit_id > :mark AND table_name = 'response_allowance' ORDER BY audit_id;
DELETE FROM response_allowance WHERE party IN ('audit_copy_su', 'audit_copy_city');

SELECT count(*) AS before_refusals FROM audit_log \gset

-- append-only: an ordinary role without privileges is refused by the
-- privilege system; a role holding every privilege, and a superuser, by
-- the guard (OM401, OM402)
SET ROLE om_test_audit_worker;
SELECT wf_try($$UPDATE omledger.audit_log SET db_user = 'someone else'$$);
SELECT wf_try($$DELETE FROM omledger.audit_log$$);
SELECT wf_try($$TRUNCATE omledger.audit_log$$);
RESET ROLE;
SET ROLE om_test_audit_admin;
SELECT wf_try($$UPDATE omledger.audit_log SET db_user = 'someone else'$$);
SELECT wf_try($$DELETE FROM omledger.audit_log$$);
SELECT wf_try($$TRUNCATE omledger.audit_log$$);
SELECT wf_try($$INSERT INTO omledger.audit_log (chain, seq, logged_at, xact_id, db_user, session_role, table_name, operation, row_hash) VALUES (0, 99, now(), '1', 'x', 'x', 'x', 'INSERT', '\x00')$$);
SELECT wf_try($$UPDATE omledger.audit_chain SET last_seq = last_seq + 1$$);
SELECT wf_try($$DELETE FROM omledger.audit_chain$$);
SELECT wf_try($$TRUNCATE omledger.audit_chain$$);
RESET ROLE;
SELECT wf_try($$UPDATE omledger.audit_log SET db_user = 'someone else'$$);
SELECT wf_try($$DELETE FROM omledger.audit_log WHERE audit_id = (SELECT max(audit_id) FROM omledger.audit_log)$$);
SELECT wf_try($$TRUNCATE omledger.audit_log$$);
SELECT wf_try($$INSERT INTO omledger.audit_log (chain, seq, logged_at, xact_id, db_user, session_role, table_name, operation, row_hash) VALUES (0, 99, now(), '1', 'x', 'x', 'x', 'INSERT', '\x00')$$);
SELECT wf_try($$UPDATE omledger.audit_chain SET last_seq = last_seq + 1$$);
SELECT wf_try($$DELETE FROM omledger.audit_chain$$);
SELECT wf_try($$TRUNCATE omledger.audit_chain$$);
SELECT count(*) = :before_refusals AS nothing_changed FROM audit_log;

-- the auditor verifies; a role without SELECT on the log cannot
SET ROLE om_test_audit_auditor;
SELECT ok, first_bad_id, rows_checked = (SELECT count(*) FROM omledger.audit_log) AS all_rows_checked,
       rows_checked > 20 AS many_rows
FROM verify_audit_chain();
RESET ROLE;
SET ROLE om_test_audit_worker;
SELECT wf_try($$SELECT * FROM omledger.verify_audit_chain()$$);
RESET ROLE;

-- Tampering behind the extension's back: a superuser with the triggers
-- off (session_replication_role = replica).  Each case in a transaction
-- rolled back afterwards.  Ids of this session's chain, in chain order:
SELECT chain AS my_chain FROM audit_log WHERE audit_id = :mark + 1 \gset
SELECT array_agg(audit_id ORDER BY seq) AS ids FROM audit_log WHERE chain = :my_chain \gset
SELECT (:'ids'::bigint[])[3] AS third, (:'ids'::bigint[])[4] AS fourth,
       (:'ids'::bigint[])[array_length(:'ids'::bigint[], 1) - 1] AS second_last,
       (:'ids'::bigint[])[array_length(:'ids'::bigint[], 1)] AS last \gset

-- an edited row: the row itself
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE audit_log SET new_row = jsonb_set(new_row, '{title}', '"Innocent"') WHERE audit_id = :fourth;
SELECT ok, first_bad_id = :fourth AS found_the_edited_row FROM verify_audit_chain();
ROLLBACK;
-- an edit that recomputes the row's own hash: its successor's link breaks
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE audit_log SET db_user = 'someone_else',
       row_hash = audit_row_hash(prev_hash, audit_id, chain, seq, logged_at, xact_id, 'someone_else',
                                 session_role, person_id, table_name, operation, row_key, old_row, new_row)
WHERE audit_id = :third;
SELECT ok, first_bad_id = (:'ids'::bigint[])[4] AS found_the_next_row FROM verify_audit_chain();
ROLLBACK;
-- a deleted row in the middle: the row after the gap
BEGIN;
SET LOCAL session_replication_role = replica;
DELETE FROM audit_log WHERE audit_id = :third;
SELECT ok, first_bad_id = :fourth AS found_the_gap FROM verify_audit_chain();
ROLLBACK;
-- the last two rows of the chain deleted: the chain head names the last
BEGIN;
SET LOCAL session_replication_role = replica;
DELETE FROM audit_log WHERE audit_id IN (:second_last, :last);
SELECT ok, first_bad_id = :last AS found_the_missing_tail FROM verify_audit_chain();
ROLLBACK;
-- ... and the head moved back to the surviving row too: caught by the
-- register only if the whole chain goes; here the tail is plausibly
-- shorter, which only an anchor kept outside the database shows
-- (doc/security.md, "Limits")
BEGIN;
SET LOCAL session_replication_role = replica;
DELETE FROM audit_log WHERE audit_id IN (:second_last, :last);
UPDATE audit_chain h SET last_seq = a.seq, last_id = a.audit_id, last_hash = a.row_hash
FROM audit_log a WHERE h.chain = :my_chain AND a.chain = h.chain
  AND a.seq = (SELECT max(seq) FROM audit_log WHERE chain = :my_chain);
SELECT ok AS undetected_without_anchor FROM verify_audit_chain();
ROLLBACK;
-- two rows swapped in the chain's order: the earlier of the two
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE audit_log SET seq = -seq WHERE audit_id IN (:third, :fourth);
UPDATE audit_log SET seq = CASE audit_id WHEN :third THEN -seq + 1 ELSE -seq - 1 END
WHERE audit_id IN (:third, :fourth);
SELECT ok, first_bad_id = :third AS found_the_swap FROM verify_audit_chain();
ROLLBACK;
-- two rows' contents swapped under their ids
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE audit_log a SET table_name = b.table_name, operation = b.operation, row_key = b.row_key,
       old_row = b.old_row, new_row = b.new_row
FROM audit_log b
WHERE (a.audit_id, b.audit_id) IN ((:third, :fourth), (:fourth, :third));
SELECT ok, first_bad_id = :third AS found_the_swap FROM verify_audit_chain();
ROLLBACK;
-- the whole chain gone, head and all: the register names it
BEGIN;
SET LOCAL session_replication_role = replica;
DELETE FROM audit_log WHERE chain = :my_chain;
DELETE FROM audit_chain WHERE chain = :my_chain;
SELECT ok, first_bad_id = (SELECT audit_id FROM audit_log WHERE chain = 0 AND new_row = jsonb_build_object('chain', :my_chain)) AS found_by_the_register
FROM verify_audit_chain();
ROLLBACK;
-- a forged row appended after the head
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO audit_log (chain, seq, logged_at, xact_id, db_user, session_role, table_name, operation, prev_hash, row_hash)
SELECT :my_chain, max(seq) + 1, now(), '1', 'x', 'x', 'x', 'INSERT', NULL, '\x00' FROM audit_log WHERE chain = :my_chain
RETURNING audit_id AS forged \gset
SELECT ok, first_bad_id = :forged AS found_the_forged_row FROM verify_audit_chain();
ROLLBACK;
-- all undone: the chain verifies again
SELECT ok, first_bad_id FROM verify_audit_chain();

-- hash: every column counts, and NULL is not the empty string
SELECT audit_row_hash(NULL, 1, 1, 1, '2026-01-01', '1', 'a', 'b', NULL, 't', 'INSERT', NULL, NULL, '{}')
     <> audit_row_hash('\x', 1, 1, 1, '2026-01-01', '1', 'a', 'b', NULL, 't', 'INSERT', NULL, NULL, '{}') AS null_is_not_empty,
       audit_row_hash(NULL, 1, 1, 1, '2026-01-01', '1', 'ab', 'c', NULL, 't', 'INSERT', NULL, NULL, '{}')
     <> audit_row_hash(NULL, 1, 1, 1, '2026-01-01', '1', 'a', 'bc', NULL, 't', 'INSERT', NULL, NULL, '{}') AS fields_framed,
       length(audit_row_hash(NULL, 1, 1, 1, '2026-01-01', '1', 'a', 'b', NULL, 't', 'INSERT', NULL, NULL, NULL)) AS sha256_bytes;
-- the encoding is fixed (doc/security.md): a known row, a known hash
-- (the same as a Python sha256 of the documented frames gives)
SELECT encode(audit_row_hash(NULL, 1, 0, 1, '2000-01-01 00:00:00+00', '1', 'postgres', 'postgres', NULL,
                             'audit_chain', 'INSERT', '{"chain": 3}', NULL, '{"chain": 3}'), 'hex') AS known_hash;

-- the trigger protocol
SELECT wf_try($$SELECT omledger.audit_row()$$);

DROP OWNED BY om_test_audit_staff, om_test_audit_auditor, om_test_audit_admin;
DROP FUNCTION public.wf_try(text);
DROP ROLE om_test_audit_city, om_test_audit_worker, om_test_audit_staff, om_test_audit_auditor, om_test_audit_admin;
\c contrib_regression
DROP DATABASE om_audit;
