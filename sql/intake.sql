-- intake: report_incident() and the alerts it raises, as a login role of
-- the omledger_intake group (another system); each refusal both ways
-- (refused, and the legitimate call still works), nothing written on a
-- refusal; the alert scanner raise_due_alerts() once per stage.  Times are
-- relative to now() (the intake refuses the future), so the output shows
-- booleans and counts, never times or ids.
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
SET DateStyle = 'ISO';
\set SHOW_CONTEXT never
CREATE TEMP TABLE intake_seq AS
SELECT s.oid::regclass AS seq, pg_sequence_last_value(s.oid) AS last, q.seqstart
  FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid
  JOIN pg_namespace n ON n.oid = s.relnamespace
 WHERE n.nspname = 'omledger';
BEGIN;
-- try(statement): 'ok', or the SQLSTATE and the message
CREATE FUNCTION public.intake_try(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	st text; msg text;
BEGIN
	EXECUTE stmt;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
	RETURN st || ': ' || msg;
END $$;
SELECT count(*) AS group_roles FROM create_roles();
CREATE ROLE om_test_intake LOGIN IN ROLE omledger_intake;

-- contract A covers SJK and SKT (its scope), B has no scope (every system),
-- an old contract ended in 2020; a retired system
INSERT INTO contract (name, contractor, roles, term)
VALUES ('intake A', 'A KK', '{operator,vendor}', '[2025-04-01,2030-04-01)') RETURNING contract_id AS ca \gset
INSERT INTO contract (name, contractor, roles, term)
VALUES ('intake B', 'B KK', '{vendor}', '[2025-04-01,2030-04-01)') RETURNING contract_id AS cb \gset
INSERT INTO contract (name, contractor, roles, term)
VALUES ('intake old', 'O KK', '{operator}', '[2018-04-01,2020-04-01)') RETURNING contract_id AS cold \gset
INSERT INTO contract_system (contract_id, system_code) VALUES (:ca, 'SJK'), (:ca, 'SKT');
INSERT INTO system (system_code, name_ja, name_en, retired_on)
VALUES ('OLDSYS', '旧システム', 'Old system', '2024-03-31');
CREATE FUNCTION public.intake_counts() RETURNS text LANGUAGE sql SECURITY DEFINER AS $$
	SELECT format('%s items, %s notices, %s alerts',
		(SELECT count(*) FROM omledger.work_item), (SELECT count(*) FROM omledger.incident_notice),
		(SELECT count(*) FROM omledger.alert)) $$;

SET ROLE om_test_intake;
-- a new incident, and the same notice again: one item
SELECT report_incident('jp1', 'JOB1-20261001', 'SJK', now() - interval '3 minutes',
                       'JOB1 abended RC=12', '{"rc": 12, "step": "STEP03"}') AS item \gset
SELECT report_incident('jp1', 'JOB1-20261001', 'SJK', now() - interval '2 minutes',
                       'JOB1 abended RC=12') = :item AS same_item;
-- the same key from another source, and a system outside A's scope: two more
SELECT report_incident('zabbix', 'JOB1-20261001', 'SJK', NULL, 'disk full') <> :item AS another_item;
SELECT report_incident('jp1', 'GGR-7', 'GGR', now() - interval '1 hour', 'GGR batch abended',
                       immediate => false) AS item_b \gset
-- the intake role may do nothing else
SELECT intake_try('SELECT count(*) FROM omledger.work_item');
SELECT intake_try('SELECT count(*) FROM omledger.pending_alerts(0)');
SELECT intake_try($$SELECT omledger.raise_alert('x', NULL, NULL, '{}')$$);
SELECT intake_try('SELECT omledger.raise_due_alerts()');
SELECT intake_try($$UPDATE omledger.work_item SET title = 'x'$$);
-- bad input: refused, nothing written (the counts before and after)
SELECT intake_counts();
SELECT intake_try($$SELECT omledger.report_incident('jp1', 'K2', 'SJK', now(), '  ')$$);
SELECT intake_try($$SELECT omledger.report_incident('jp1', '', 'SJK', now(), 'x')$$);
SELECT intake_try($$SELECT omledger.report_incident(NULL, 'K2', 'SJK', now(), 'x')$$);
SELECT intake_try($$SELECT omledger.report_incident('jp1', 'K2', 'SJK', now(), repeat('x', 1001))$$);
SELECT intake_try($$SELECT omledger.report_incident('jp1', 'K2', 'NOSUCH', now(), 'x')$$);
SELECT intake_try($$SELECT omledger.report_incident('jp1', 'K2', 'OLDSYS', now(), 'x')$$);
SELECT intake_try($$SELECT omledger.report_incident('jp1', 'K2', 'SJK', '2021-06-01 10:00+09', 'x')$$);
SELECT intake_try($$SELECT omledger.report_incident('jp1', 'K2', 'SJK', now() + interval '6 minutes', 'x')$$);
SELECT intake_try($$SELECT omledger.report_incident('jp1', 'K2', 'SJK', now(), 'x',
                  jsonb_build_object('log', repeat('x', 70000)))$$);
SELECT intake_counts();
-- ... and the legitimate calls next to them still work: a retired system
-- before its retirement (the old contract), a clock a little ahead (within
-- the skew: occurred_at is taken as now), a detail within the limit
SELECT intake_try($$SELECT omledger.report_incident('jp1', 'K3', 'OLDSYS', '2019-06-01 10:00+09', 'x')$$);
SELECT report_incident('jp1', 'K4', 'SJK', now() + interval '4 minutes', 'clock ahead') AS item_ahead \gset
SELECT intake_try($$SELECT omledger.report_incident('jp1', 'K5', 'SJK', now(), 'x',
                  jsonb_build_object('log', repeat('x', 60000)))$$);
SELECT intake_counts();
RESET ROLE;

-- the items: failures in status reported, in the contract of their scope,
-- the response clock stored, the system recorded, the calling role in the event
SELECT w.contract_id = :ca AS in_a, w.kind, w.status, w.title, w.performer, w.source, w.dedupe_key,
       w.response_due_at = response_due(w.occurred_at, w.immediate_response, w.performer) AS due_stored,
       w.immediate_response, w.detail IS NOT NULL AS has_detail,
       (SELECT string_agg(s.system_code, ',') FROM work_item_system s WHERE s.item_id = w.item_id) AS systems,
       (SELECT e.db_user FROM work_item_event e WHERE e.item_id = w.item_id AND e.field IS NULL) AS session_user_recorded,
       w.created_by IS NULL AS entered_as_administrator
  FROM work_item w WHERE w.source IS NOT NULL ORDER BY w.item_id;
SELECT contract_id = :cb AS in_b, performer FROM work_item WHERE item_id = :item_b;
SELECT occurred_at = requested_at AS ahead_taken_as_now, n.first_detected_at > n.first_seen_at AS detected_kept
  FROM work_item w JOIN incident_notice n USING (item_id) WHERE item_id = :item_ahead;
SELECT n.source, n.dedupe_key, n.notices, n.first_seen_at <= n.last_seen_at AS ordered,
       n.last_detected_at > n.first_detected_at AS later_detection_kept
  FROM incident_notice n WHERE n.item_id = :item;

-- alerts: one per new incident so far
SELECT alert_kind, count(*) FROM alert GROUP BY alert_kind ORDER BY alert_kind;
SELECT payload->>'source' AS source, payload->>'dedupe_key' AS dedupe_key, payload->>'system_code' AS system,
       payload ? 'response_due_at' AS has_due
  FROM alert WHERE item_id = :item;
-- a burst: the 10th repeat raises one, the 11th-99th none
SET ROLE om_test_intake;
SELECT count(DISTINCT report_incident('jp1', 'JOB1-20261001', 'SJK', now(), 'JOB1 abended RC=12')) AS items
  FROM generate_series(1, 20);
RESET ROLE;
SELECT notices FROM incident_notice WHERE item_id = :item;
SELECT alert_kind, payload->>'repeats' AS repeats, payload->>'reason' AS reason
  FROM alert WHERE alert_kind = 'incident_repeat_burst' ORDER BY alert_id;
-- a repeat after a quiet period raises one too
UPDATE incident_notice SET last_seen_at = last_seen_at - interval '2 hours' WHERE item_id = :item;
SET ROLE om_test_intake;
SELECT report_incident('jp1', 'JOB1-20261001', 'SJK', now(), 'JOB1 abended RC=12') = :item AS same_item;
RESET ROLE;
-- the repeat is counted in one UPDATE that keeps the time of the notice
-- before it (previous_seen_at: here the one moved 2 hours back)
SELECT notices, previous_seen_at < last_seen_at - interval '1 hour' AS previous_kept
  FROM incident_notice WHERE item_id = :item;
SELECT previous_seen_at IS NULL AS one_notice_no_previous FROM incident_notice WHERE item_id = :item_b;
SET ROLE om_test_intake;
SELECT report_incident('jp1', 'JOB1-20261001', 'SJK', now(), 'JOB1 abended RC=12') = :item AS same_item;
RESET ROLE;
SELECT alert_kind, payload->>'repeats' AS repeats, payload->>'reason' AS reason
  FROM alert WHERE alert_kind = 'incident_repeat_burst' ORDER BY alert_id;
-- a longer quiet period for contract A: no alert after 2 hours then
INSERT INTO alert_setting (contract_id, repeat_quiet) VALUES (:ca, '3 hours');
UPDATE incident_notice SET last_seen_at = last_seen_at - interval '2 hours' WHERE item_id = :item;
SELECT report_incident('jp1', 'JOB1-20261001', 'SJK', now(), 'JOB1 abended RC=12') = :item AS same_item;
SELECT count(*) AS bursts FROM alert WHERE alert_kind = 'incident_repeat_burst';

-- pending_alerts: what came after an id, in order
SELECT min(alert_id) AS first_alert FROM alert \gset
SELECT count(*) AS all_alerts FROM alert;
SELECT kind, item_id = :item AS about_item FROM pending_alerts(:first_alert) ORDER BY alert_id;
SELECT bool_and(a.alert_id > :first_alert) AND count(*) = (SELECT count(*) - 1 FROM alert) AS after_first
  FROM pending_alerts(:first_alert) a;

-- the scanner: each deadline once per stage
SELECT response_due_at AS due_b FROM work_item WHERE item_id = :item_b \gset
UPDATE work_item SET status = 'acknowledged', status_changed_at = now()
 WHERE source IS NOT NULL AND item_id <> :item_b;
-- (other tests may have left failures of their own: only ours are counted)
CREATE TEMP VIEW ours AS SELECT * FROM alert WHERE contract_id IN (:ca, :cb, :cold);
SELECT raise_due_alerts(:'due_b'::timestamptz - interval '20 minutes') IS NOT NULL AS scanned;
SELECT count(*) AS early FROM ours WHERE alert_kind LIKE 'response%';
SELECT raise_due_alerts(:'due_b'::timestamptz - interval '5 minutes') IS NOT NULL AS scanned;
SELECT count(*) AS soon FROM ours WHERE alert_kind LIKE 'response%';
SELECT raise_due_alerts(:'due_b'::timestamptz - interval '1 minute') IS NOT NULL AS scanned;
SELECT count(*) AS again FROM ours WHERE alert_kind LIKE 'response%';
SELECT raise_due_alerts(:'due_b'::timestamptz + interval '1 minute') IS NOT NULL AS scanned;
SELECT count(*) AS overdue FROM ours WHERE alert_kind LIKE 'response%';
SELECT raise_due_alerts(:'due_b'::timestamptz + interval '1 day') IS NOT NULL AS scanned;
SELECT count(*) AS again FROM ours WHERE alert_kind LIKE 'response%';
SELECT alert_kind, item_id = :item_b AS item_b FROM ours WHERE alert_kind LIKE 'response%' ORDER BY alert_id;
-- a response started: no more alerts for it (a fresh failure of B's, never scanned, passed)
SELECT report_incident('jp1', 'GGR-8', 'GGR', now(), 'another') AS item_b2 \gset
UPDATE work_item SET status = 'acknowledged', status_changed_at = now() WHERE item_id = :item_b2;
SELECT raise_due_alerts(now() + interval '2 days') IS NOT NULL AS scanned;
SELECT count(*) AS about_b2 FROM ours WHERE item_id = :item_b2 AND alert_kind LIKE 'response%';

-- cap thresholds: service capped at 2h a month for A, effort logged today
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles)
VALUES (:ca, 'Worker', 'contractor', current_user, '[2025-04-01,)', '2025-03-01', '{worker}') RETURNING person_id AS wk \gset
INSERT INTO work_item (contract_id, kind, sub_kind, title, status)
VALUES (:ca, 'service_request', 'investigation', 'svc', 'requested') RETURNING item_id AS svc \gset
UPDATE effort_cap SET amount = '2h' WHERE contract_id = :ca AND category = 'service' AND scope = 'month';
SELECT raise_due_alerts() IS NOT NULL AS scanned;
SELECT count(*) AS caps FROM ours WHERE alert_kind = 'cap_threshold';
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, (now() AT TIME ZONE 'Asia/Tokyo')::date, '1h45min');
SELECT raise_due_alerts() IS NOT NULL AS scanned;
SELECT count(*) AS caps_at_87_5 FROM ours WHERE alert_kind = 'cap_threshold';
SELECT raise_due_alerts() IS NOT NULL AS scanned;
SELECT count(*) AS caps_again FROM ours WHERE alert_kind = 'cap_threshold';
UPDATE effort_log SET effort = '2h' WHERE item_id = :svc;
SELECT raise_due_alerts() IS NOT NULL AS scanned;
SELECT count(*) AS caps_at_100 FROM ours WHERE alert_kind = 'cap_threshold';
SELECT contract_id = :ca AS contract_a, payload->>'category' AS category, payload->>'scope' AS scope,
       payload->>'threshold' AS threshold, payload->>'percent' AS percent, payload->>'used' AS used
  FROM ours WHERE alert_kind = 'cap_threshold' ORDER BY alert_id;

-- an item with a source and key entered otherwise (by hand, or in 0.3):
-- the intake takes it as the item, and counts its notices from then
INSERT INTO work_item (contract_id, kind, title, status, occurred_at, source, dedupe_key)
VALUES (:ca, 'failure_recovery', 'entered by hand', 'reported', now(), 'jp1', 'BYHAND-1')
RETURNING item_id AS by_hand \gset
SET ROLE om_test_intake;
SELECT report_incident('jp1', 'BYHAND-1', 'SJK', now(), 'by hand') = :by_hand AS same_item;
SELECT report_incident('jp1', 'BYHAND-1', 'SJK', now(), 'by hand') = :by_hand AS same_item;
RESET ROLE;
SELECT notices, (SELECT count(*) FROM work_item WHERE dedupe_key = 'BYHAND-1') AS items
  FROM incident_notice WHERE item_id = :by_hand;

-- several contracts covering a system without naming it: refused, until a
-- scope names it
INSERT INTO contract (name, contractor, roles, term)
VALUES ('intake C', 'C KK', '{operator}', '[2025-04-01,2030-04-01)') RETURNING contract_id AS cc \gset
SELECT intake_try($$SELECT omledger.report_incident('jp1', 'K9', 'GGR', '2026-06-01 10:00+09', 'x')$$);
INSERT INTO contract_system (contract_id, system_code) VALUES (:cc, 'GGR');
SELECT report_incident('jp1', 'K9', 'GGR', '2026-06-01 10:00+09', 'x') AS item_c \gset
SELECT contract_id = :cc AS in_c FROM work_item WHERE item_id = :item_c;

-- who reads the alerts: the city and the reader; not a contractor (alerts
-- name every contract) nor the administrator
CREATE ROLE om_test_intake_city NOLOGIN IN ROLE omledger_city;
CREATE ROLE om_test_intake_reader NOLOGIN IN ROLE omledger_reader;
CREATE ROLE om_test_intake_worker NOLOGIN IN ROLE omledger_contractor;
CREATE ROLE om_test_intake_admin NOLOGIN IN ROLE omledger_admin;
SET ROLE om_test_intake_city;
SELECT count(*) > 0 AS city_reads FROM pending_alerts(0);
SELECT intake_try(format($$INSERT INTO omledger.alert_setting (contract_id, future_skew) VALUES (%s, '1 minute')$$, :cb)) AS city_sets;
RESET ROLE;
SET ROLE om_test_intake_reader;
SELECT count(*) > 0 AS reader_reads FROM pending_alerts(0);
SELECT intake_try($$DELETE FROM omledger.contract_system$$) AS reader_writes;
RESET ROLE;
SET ROLE om_test_intake_worker;
SELECT intake_try('SELECT count(*) FROM omledger.pending_alerts(0)') AS contractor_reads;
RESET ROLE;
SET ROLE om_test_intake_admin;
SELECT intake_try('SELECT count(*) FROM omledger.incident_notice') AS admin_reads;
RESET ROLE;
ROLLBACK;
SELECT bool_and(pg_catalog.setval(seq, COALESCE(last, seqstart), last IS NOT NULL) IS NOT NULL)
       AS sequences_restored
  FROM intake_seq;
DROP TABLE intake_seq;
SELECT count(*) AS roles_left FROM pg_roles WHERE rolname LIKE 'omledger\_%' OR rolname LIKE 'om\_test\_intake%';
