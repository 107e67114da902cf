-- Edge cases of the work_item trigger: missing values are reported by the
-- table's constraints (never a crash), a missing status means the initial
-- one, and a failure cannot be reported as having occurred in the future.
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
\set VERBOSITY terse

INSERT INTO contract (name, contractor, roles, term)
VALUES ('workflow edge test', 'Contractor E', '{operator}', '[2025-10-01,2028-01-01)')
RETURNING contract_id AS c \gset
INSERT INTO person (contract_id, name, organisation, side, registered)
VALUES (:c, 'Edge requester', 'City', 'city', '[2025-04-01,)') RETURNING person_id AS req \gset

-- No status: the item starts in its kind's initial status.
INSERT INTO work_item (contract_id, kind, title, requested_by, requested_at, occurred_at)
VALUES (:c, 'failure_recovery', 'no status given', :req, '2026-02-02 10:00', '2026-02-02 09:30')
RETURNING status, response_due_at;
INSERT INTO work_item (contract_id, kind, title, requested_by, requested_at)
VALUES (:c, 'service_request', 'no status given', :req, '2026-02-02 10:00')
RETURNING status;

-- Missing or NULLed required values: the constraints speak.
INSERT INTO work_item (contract_id, title, requested_by) VALUES (:c, 'no kind', :req);
INSERT INTO work_item (kind, title, requested_by) VALUES ('service_request', 'no contract', :req);
UPDATE work_item SET status = NULL WHERE contract_id = :c AND kind = 'service_request';
INSERT INTO work_item (contract_id, kind, title, requested_by, requested_at)
VALUES (:c, 'failure_recovery', 'no occurred_at', :req, '2026-02-02 10:00');

-- A NULL request time is the constraint's to report (not "not on the
-- roster on 2000-01-01").
INSERT INTO work_item (contract_id, kind, title, requested_by, requested_at)
VALUES (:c, 'service_request', 'no requested_at', :req, NULL);

-- A new failure cannot bring its own response start (OM213, worded for an
-- INSERT; the item id is masked).
SELECT set_config('edge.c', :'c', false), set_config('edge.req', :'req', false) \g /dev/null
DO $$
BEGIN
  INSERT INTO omledger.work_item (contract_id, kind, title, requested_by, requested_at, occurred_at, response_started_at)
  VALUES (current_setting('edge.c')::bigint, 'failure_recovery', 'started already', current_setting('edge.req')::bigint,
		  '2026-02-02 10:00', '2026-02-02 09:30', '2026-02-02 09:45');
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE '% %', SQLSTATE, regexp_replace(SQLERRM, '\d+', 'N');
END $$;

-- A failure that "occurred" in the future is refused (OM216).
\set VERBOSITY sqlstate
INSERT INTO work_item (contract_id, kind, title, requested_by, occurred_at)
VALUES (:c, 'failure_recovery', 'from the future', :req, now() + interval '2 days');
\set VERBOSITY terse

-- Approvals, evidence and deadline changes missing a value their rules
-- read: the constraints speak (no crash, no rule run on a NULL).
SELECT item_id AS item FROM work_item WHERE contract_id = :c AND kind = 'service_request' \gset
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision)
VALUES (:c, :item, NULL, :req, 'approved');
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:c, :item, 'procedure', :req, 'approved', NULL);
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision)
VALUES (NULL, :item, 'procedure', :req, 'approved');
INSERT INTO evidence (contract_id, item_id, evidence_type) VALUES (:c, NULL, 'inspection');
INSERT INTO evidence (contract_id, item_id, evidence_type, performed_at) VALUES (:c, :item, 'inspection', NULL);
INSERT INTO deadline_change (contract_id, item_id, new_due_on, reason, expected_completion)
VALUES (:c, :item, NULL, 'waiting', '2026-03-01');
INSERT INTO deadline_change (contract_id, item_id, new_due_on, reason, expected_completion, notified_at)
VALUES (:c, :item, '2026-03-02', 'waiting', '2026-03-01', NULL);

-- Clean up (history tables are append-only: remove the contract's rows as
-- the table owner with the triggers out of the way).
SET session_replication_role = replica;
DELETE FROM work_item_event WHERE contract_id = :c;
DELETE FROM work_item WHERE contract_id = :c;
DELETE FROM person WHERE contract_id = :c;
DELETE FROM contract WHERE contract_id = :c;
RESET session_replication_role;
