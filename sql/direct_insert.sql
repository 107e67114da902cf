-- The history rows the extension writes without the executor
-- (src/direct_insert.c): a status change's work_item_event and the audit
-- rows.  They keep what the table says (defaults, CHECK constraints, the
-- audit of the event), and give way to the SQL INSERT when the table is not
-- as the extension made it (a trigger added by hand fires).  As a city
-- clerk on the roster.  In a database of its own (its ids change no other
-- test's); roles are prefixed om_test_ and dropped.
CREATE DATABASE om_direct;
\c om_direct
CREATE EXTENSION omledger;
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
\i sql/include/wf_try.sql
GRANT EXECUTE ON FUNCTION public.wf_try(text) TO PUBLIC;

CREATE ROLE om_test_direct_clerk NOLOGIN;
GRANT USAGE ON SCHEMA omledger TO om_test_direct_clerk;
GRANT SELECT, UPDATE ON work_item TO om_test_direct_clerk;
GRANT SELECT ON person, contract, workflow_status, workflow_transition, work_sub_kind,
	approval, evidence, work_item_event TO om_test_direct_clerk;
INSERT INTO contract (name, contractor, roles, term)
VALUES ('direct', 'K', '{operator}', '[2025-10-01,2028-01-01)') RETURNING contract_id AS c \gset
INSERT INTO person (contract_id, name, side, db_role, registered)
VALUES (:c, 'Clerk', 'city', 'om_test_direct_clerk', '[2025-04-01,)') RETURNING person_id AS clerk \gset
INSERT INTO work_item (contract_id, kind, title, status, occurred_at, requested_by, requested_at)
VALUES (:c, 'failure_recovery', 'direct failure', 'reported', '2026-03-02 10:00+09', :clerk, '2026-03-02 10:00+09')
RETURNING item_id AS item \gset
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-03-02 10:05+09' WHERE item_id = :item;
UPDATE work_item SET status = 'investigating', status_changed_at = '2026-03-02 10:10+09' WHERE item_id = :item;

-- the clerk moves the item: its event has the identity, recorded_at and
-- the actor; the event's audit row names the clerk's roster entry
SET ROLE om_test_direct_clerk;
SELECT wf_try($$UPDATE omledger.work_item SET status = 'mitigated' WHERE title = 'direct failure'$$);
SELECT wf_try($$UPDATE omledger.work_item SET status = 'investigating' WHERE title = 'direct failure'$$);
RESET ROLE;
SELECT count(*) AS clerk_events,
       bool_and(actor_id = :clerk) AS by_clerk,
       bool_and(event_id > 0 AND recorded_at = occurred_at) AS defaults,
       bool_and(field IS NULL) AS status_events
FROM work_item_event WHERE item_id = :item AND db_user = 'om_test_direct_clerk';
SELECT count(*) AS event_audit_rows, bool_and(person_id = :clerk) AS person_is_clerk,
       bool_and(db_user = 'om_test_direct_clerk') AS db_user_is_clerk,
       bool_and(row_key = jsonb_build_object('event_id', (new_row->>'event_id')::bigint)) AS keyed
FROM audit_log WHERE table_name = 'work_item_event' AND operation = 'INSERT'
  AND (new_row->>'item_id')::bigint = :item AND new_row->>'db_user' = 'om_test_direct_clerk';
SELECT ok, rows_checked > 0 AS checked FROM verify_audit_chain();

-- a CHECK constraint added to the history by hand (for new rows) holds
-- for the events the engine writes: the move is refused
ALTER TABLE work_item_event ADD CONSTRAINT om_test_no_mitigated CHECK (to_status <> 'mitigated') NOT VALID;
SET ROLE om_test_direct_clerk;
SELECT wf_try($$UPDATE omledger.work_item SET status = 'mitigated' WHERE title = 'direct failure'$$);
RESET ROLE;
ALTER TABLE work_item_event DROP CONSTRAINT om_test_no_mitigated;

-- a trigger added by hand fires: the event goes through the SQL INSERT
-- (the trigger marks the event it sees); once dropped, the engine writes
-- the next event itself, unmarked
CREATE FUNCTION public.om_test_saw_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.new_value := NULL;
	NEW.old_value := NULL;
	NEW.field := 'seen by a trigger';
	RETURN NEW;
END $$;
CREATE TRIGGER om_test_saw_event BEFORE INSERT ON work_item_event
  FOR EACH ROW EXECUTE FUNCTION public.om_test_saw_event();
SET ROLE om_test_direct_clerk;
SELECT wf_try($$UPDATE omledger.work_item SET status = 'mitigated' WHERE title = 'direct failure'$$);
RESET ROLE;
DROP TRIGGER om_test_saw_event ON work_item_event;
SET ROLE om_test_direct_clerk;
SELECT wf_try($$UPDATE omledger.work_item SET status = 'investigating' WHERE title = 'direct failure'$$);
RESET ROLE;
SELECT to_status, field FROM work_item_event
WHERE item_id = :item AND db_user = 'om_test_direct_clerk' ORDER BY event_id;

-- the audit rows of either path make one chain that verifies
SELECT count(*) AS audited_events FROM audit_log
WHERE table_name = 'work_item_event' AND (new_row->>'item_id')::bigint = :item;
SELECT ok, rows_checked > 0 AS checked FROM verify_audit_chain();

DROP FUNCTION public.om_test_saw_event();
DROP OWNED BY om_test_direct_clerk;
DROP FUNCTION public.wf_try(text);
DROP ROLE om_test_direct_clerk;
\c contrib_regression
DROP DATABASE om_direct;
