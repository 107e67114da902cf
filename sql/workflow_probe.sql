-- workflow_probe: the procedure precondition (rule 1) gives the same
-- answers to the superuser, the city desk and the contractor's site lead
-- (the last two under the policies of row-level security on their own
-- queries): the engine reads as the ledger's owner, so its two reads are
-- index probes (src/workflow_probe.c) for all three -- counted by
-- workflow_read_stats() --, and the SQL queries where a probe cannot
-- answer (the index gone) give the same answers: the latest decision
-- wins, of two decided at the same moment the one recorded last, and a
-- change of the sub-kind or the detail moves the window.  Each status
-- change is tried by the three and undone, so all three try the same
-- state.
\i sql/include/security_fixture.sql

-- probe_try(statement): 'ok' (and undone), or SQLSTATE and message
CREATE FUNCTION public.probe_try(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	BEGIN
		EXECUTE stmt;
		RAISE EXCEPTION 'undo' USING ERRCODE = 'P0099';
	EXCEPTION WHEN SQLSTATE 'P0099' THEN
		RETURN 'ok';
	END;
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || regexp_replace(SQLERRM, 'item \d+', 'item #');
END $$;
CREATE FUNCTION public.probe_rls() RETURNS boolean
LANGUAGE sql AS $$
SELECT row_security_active('omledger.approval') AND row_security_active('omledger.work_item_event')
$$;
-- the three actors try the move investigating -> mitigated at the time given;
-- policies: whether row-level security applies to the actor's own queries
-- of approval and work_item_event (the engine's reads are the owner's)
CREATE FUNCTION public.probe_all(item bigint, at text) RETURNS TABLE (who text, policies boolean, result text)
LANGUAGE plpgsql AS $$
DECLARE
	stmt text := format('UPDATE omledger.work_item SET status = %L, status_changed_at = %L WHERE item_id = %s',
						'mitigated', at, item);
BEGIN
	who := 'superuser'; policies := public.probe_rls(); result := public.probe_try(stmt); RETURN NEXT;
	SET LOCAL ROLE om_test_sec_city;
	who := 'city desk'; policies := public.probe_rls(); result := public.probe_try(stmt); RETURN NEXT;
	SET LOCAL ROLE om_test_sec_lead;
	who := 'site lead'; policies := public.probe_rls(); result := public.probe_try(stmt); RETURN NEXT;
	RESET ROLE;
END $$;
GRANT EXECUTE ON FUNCTION public.probe_try(text), public.probe_rls(), public.probe_all(bigint, text) TO PUBLIC;

INSERT INTO work_item (contract_id, kind, sub_kind, title, status, occurred_at, requested_by, requested_at, severity)
VALUES (:ca, 'failure_recovery', 'recovery_procedure', 'Batch abended (probe test)', 'reported',
		'2026-02-10 02:10', :lead, '2026-02-10 02:15', 'normal')
RETURNING item_id AS it \gset
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-02-10 02:40' WHERE item_id = :it;
UPDATE work_item SET status = 'investigating', status_changed_at = '2026-02-10 03:00' WHERE item_id = :it;
-- the three see the item (the test ran: one row each)
SET ROLE om_test_sec_city; SELECT count(*) AS city_sees FROM work_item WHERE item_id = :it; RESET ROLE;
SET ROLE om_test_sec_lead; SELECT count(*) AS lead_sees FROM work_item WHERE item_id = :it; RESET ROLE;

-- no approval: refused by all three
SELECT * FROM probe_all(:it, '2026-02-10 05:00');
-- the three tries were answered by probes, none by a query
SELECT read, probed >= 3 AS probed, queried FROM workflow_read_stats() ORDER BY read;
-- approved and rejected at the same moment, the rejection recorded last:
-- the rejection is the latest decision
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:ca, :it, 'procedure', :city, 'approved', '2026-02-10 04:00');
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:ca, :it, 'procedure', :city, 'rejected', '2026-02-10 04:00');
SELECT * FROM probe_all(:it, '2026-02-10 05:00');
-- approved later: allowed for all three; a move dated before that approval
-- still sees the rejection
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:ca, :it, 'procedure', :city, 'approved', '2026-02-10 04:30');
SELECT * FROM probe_all(:it, '2026-02-10 05:00');
SELECT * FROM probe_all(:it, '2026-02-10 04:15');
-- the detail changes after the approval (the change is dated when it is
-- entered: now): the window moves, refused again
UPDATE work_item SET detail = 'restore from the 02:00 backup instead', content_changed_at = '2026-02-10 04:40'
 WHERE item_id = :it;
SELECT count(*) AS detail_events, bool_and(occurred_at = now()) AS dated_now
  FROM work_item_event WHERE item_id = :it AND field = 'detail';
SELECT * FROM probe_all(:it, '2026-02-10 05:00');
-- an approval decided before the change does not cover it
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:ca, :it, 'procedure', :city, 'approved', '2026-02-10 04:50');
SELECT * FROM probe_all(:it, now()::text);
-- approved again since the change: allowed
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:ca, :it, 'procedure', :city, 'approved', now());
SELECT * FROM probe_all(:it, now()::text);
-- the same answers from the SQL queries: without the index a probe cannot
-- answer (counted as queried), for all three alike
CREATE TEMP TABLE stats_before AS SELECT * FROM workflow_read_stats();
SAVEPOINT no_index;
DROP INDEX omledger.approval_item_idx;
SELECT * FROM probe_all(:it, now()::text);
SELECT * FROM probe_all(:it, '2026-02-10 04:15');
ROLLBACK TO SAVEPOINT no_index;
SELECT s.read, s.queried - b.queried AS queried_now
  FROM workflow_read_stats() s JOIN stats_before b USING (read) WHERE s.read = 'decision';
-- and the move itself, as the site lead: recorded
SET ROLE om_test_sec_lead;
UPDATE work_item SET status = 'mitigated', status_changed_at = now() WHERE item_id = :it;
RESET ROLE;
SELECT status FROM work_item WHERE item_id = :it;

\i sql/include/security_fixture_end.sql
