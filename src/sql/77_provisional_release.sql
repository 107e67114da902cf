
-- ====================================================================
-- provisional fixes in production (new in 0.4)
-- A provisional program fix put into production during a failure (spec
-- 5.2.2 with 5.2.4 (6)) passes the same release gate as a modification
-- (staging test, Jenkins run, inspection, release approval, all after the
-- last change), checked by the workflow trigger when a failure of sub-kind
-- provisional_fix with release material enters mitigated, resolved or
-- closed.  Or, where the city chose it for the contract
-- (contract.emergency_release_open_days, 75_workflow_invariants.sql), the
-- emergency path: the fix goes in first and the release approval is
-- recorded within that many open days; this view lists the fixes whose
-- approval is overdue.
-- ====================================================================

CREATE VIEW @extschema@.release_gate_overdue AS
SELECT w.item_id, w.contract_id, w.title, w.status, w.release_ref, p.in_production_at,
	   @extschema@.add_open_days((p.in_production_at AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date,
								 c.emergency_release_open_days) AS approval_due_on
FROM @extschema@.work_item AS w
JOIN @extschema@.contract AS c ON c.contract_id OPERATOR(pg_catalog.=) w.contract_id
CROSS JOIN LATERAL (
	SELECT pg_catalog.min(e.occurred_at) AS in_production_at
	FROM @extschema@.work_item_event AS e
	WHERE e.item_id OPERATOR(pg_catalog.=) w.item_id
	  AND e.field IS NULL
	  AND e.to_status OPERATOR(pg_catalog.=) ANY ('{mitigated,resolved,closed}'::pg_catalog.text[])
	  AND e.occurred_at OPERATOR(pg_catalog.>=) w.content_changed_at) AS p
WHERE w.kind OPERATOR(pg_catalog.=) 'failure_recovery'
  AND w.sub_kind OPERATOR(pg_catalog.=) 'provisional_fix'
  AND w.release_ref IS NOT NULL
  AND c.emergency_release_open_days IS NOT NULL
  AND p.in_production_at IS NOT NULL
  AND NOT EXISTS (
	SELECT 1 FROM @extschema@.approval AS a
	WHERE a.item_id OPERATOR(pg_catalog.=) w.item_id
	  AND a.subject OPERATOR(pg_catalog.=) 'release'
	  AND a.decision OPERATOR(pg_catalog.=) 'approved'
	  AND a.decided_at OPERATOR(pg_catalog.>) w.content_changed_at)
  AND @extschema@.add_open_days((p.in_production_at AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date,
								c.emergency_release_open_days)
	  OPERATOR(pg_catalog.<) (pg_catalog.now() AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date;
COMMENT ON VIEW @extschema@.release_gate_overdue IS
  'Provisional fixes put into production on the emergency path (contract.emergency_release_open_days) whose release approval was not recorded within that many open days';
COMMENT ON COLUMN @extschema@.release_gate_overdue.item_id IS 'The failure whose provisional fix is in production';
COMMENT ON COLUMN @extschema@.release_gate_overdue.contract_id IS 'Its contract';
COMMENT ON COLUMN @extschema@.release_gate_overdue.title IS 'Its title';
COMMENT ON COLUMN @extschema@.release_gate_overdue.status IS 'Its status';
COMMENT ON COLUMN @extschema@.release_gate_overdue.release_ref IS 'The release material in production';
COMMENT ON COLUMN @extschema@.release_gate_overdue.in_production_at IS 'When it entered production (first entered mitigated, resolved or closed since the last change)';
COMMENT ON COLUMN @extschema@.release_gate_overdue.approval_due_on IS 'The last open day the release approval was due on';
