
-- ====================================================================
-- response clock: "promptly" and entries recorded late (new in 0.4)
-- Tables 3 and 4 say a failure in open hours is responded to promptly
-- (速やかに).  0.3 read that as "at once": the due time was the occurrence
-- itself, so a failure acknowledged three minutes later was late.  The
-- city's reading is an allowance per party, 15 minutes by default
-- (response_allowance.in_hours, configurable).  Failures reported from now
-- on store the new due time; stored ones keep theirs (rule 10).
--
-- Times people enter can name the past (paper records).  They stay
-- accepted, but an entry recorded more than contract.late_entry_open_days
-- open days after the time it names is reported: late_entries lists them,
-- and the response status of a failure acknowledged that way is
-- met_recorded_late / late_recorded_late.  A time before the item was
-- requested or occurred is refused (OM216).
-- ====================================================================

ALTER TABLE @extschema@.response_allowance
	ADD COLUMN in_hours interval NOT NULL DEFAULT interval '15 minutes',
	ADD CONSTRAINT response_allowance_in_hours_check
		CHECK (in_hours OPERATOR(pg_catalog.>=) interval '0'
			   AND in_hours OPERATOR(pg_catalog.<=) interval '24 hours');
COMMENT ON COLUMN @extschema@.response_allowance.in_hours IS
  'during open hours the response is due promptly (速やかに, tables 3 and 4): within this allowance after the occurrence; 15 minutes is the city''s reading, 0 means at once';
COMMENT ON TABLE @extschema@.response_allowance IS
  'per party: how long after an incident its response is due -- in open hours (in_hours, promptly) and out of hours when an immediate response is needed (out_of_hours, tables 3 and 4: about 1 hour)';

COMMENT ON FUNCTION @extschema@.response_due(timestamptz, boolean, text) IS
  'when the response to an incident is due: in open hours promptly (occurred_at + the party''s in_hours allowance); otherwise at the next opening, or occurred_at + the party''s out_of_hours allowance if immediate and earlier';

-- Is an entry that names `named` and was recorded at `recorded` late for
-- the contract?  Late: recorded on a day (Japan time) after the
-- late_entry_open_days-th open day after the named day.
CREATE FUNCTION @extschema@.recorded_late(contract_id bigint, named timestamptz, recorded timestamptz)
  RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
	SELECT ($3 AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date OPERATOR(pg_catalog.>)
		   @extschema@.add_open_days(($2 AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date, c.late_entry_open_days)
	FROM @extschema@.contract AS c
	WHERE c.contract_id OPERATOR(pg_catalog.=) $1
$$;
COMMENT ON FUNCTION @extschema@.recorded_late(bigint, timestamptz, timestamptz) IS
  'true when an entry naming the time `named` was recorded after the contract''s late_entry_open_days-th open day after that day (Japan time)';

-- response_status with the time the start was entered: met or late, with
-- _recorded_late when it was entered more than lag_open_days open days
-- after the time it names.
CREATE FUNCTION @extschema@.response_status(occurred_at timestamptz, started_at timestamptz,
    immediate boolean, party text, started_recorded_at timestamptz, lag_open_days integer DEFAULT 1)
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE
		WHEN s.status OPERATOR(pg_catalog.=) ANY ('{met,late}'::pg_catalog.text[])
		 AND ($5 AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date OPERATOR(pg_catalog.>)
			 @extschema@.add_open_days(($2 AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date, $6)
		THEN s.status OPERATOR(pg_catalog.||) '_recorded_late'
		ELSE s.status END
	FROM (SELECT @extschema@.response_status($1, $2, $3, $4) AS status) AS s
$$;
COMMENT ON FUNCTION @extschema@.response_status(timestamptz, timestamptz, boolean, text, timestamptz, integer) IS
  '''open'', ''met'' or ''late'' as response_status(occurred_at, started_at, immediate, party), with _recorded_late when the start was entered (started_recorded_at) more than lag_open_days open days after the day it names';

CREATE FUNCTION @extschema@.work_item_response_status(item_id bigint) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE
		WHEN w.response_started_at IS NULL THEN 'open'
		ELSE CASE WHEN w.response_started_at OPERATOR(pg_catalog.<=) w.response_due_at
				  THEN 'met' ELSE 'late' END
			 OPERATOR(pg_catalog.||)
			 CASE WHEN EXISTS (
					SELECT 1 FROM @extschema@.work_item_event AS e
					WHERE e.item_id OPERATOR(pg_catalog.=) w.item_id
					  AND e.field IS NULL
					  AND e.occurred_at OPERATOR(pg_catalog.=) w.response_started_at
					  AND @extschema@.recorded_late(w.contract_id, e.occurred_at, e.recorded_at))
				  THEN '_recorded_late' ELSE '' END
		END
	FROM @extschema@.work_item AS w
	WHERE w.item_id OPERATOR(pg_catalog.=) $1
	  AND w.response_due_at IS NOT NULL
$$;
COMMENT ON FUNCTION @extschema@.work_item_response_status(bigint) IS
  'The response status of a failure against its stored due time: open, met or late, with _recorded_late when the start of the response was entered later than the contract''s late_entry_open_days allow; NULL for other items';

CREATE VIEW @extschema@.late_entries AS
SELECT x.contract_id, x.item_id, x.record, x.record_id, x.what, x.named_at, x.recorded_at,
	   x.recorded_by, x.db_user
FROM (
	SELECT e.contract_id, e.item_id, 'work_item_event'::pg_catalog.text AS record, e.event_id AS record_id,
		   COALESCE(e.field, e.to_status) AS what, e.occurred_at AS named_at, e.recorded_at,
		   e.actor_id AS recorded_by, e.db_user
	FROM @extschema@.work_item_event AS e
	UNION ALL
	SELECT a.contract_id, a.item_id, 'approval', a.approval_id, a.subject, a.decided_at, a.recorded_at,
		   a.approver_id, NULL::pg_catalog.name
	FROM @extschema@.approval AS a
	UNION ALL
	SELECT v.contract_id, v.item_id, 'evidence', v.evidence_id, v.evidence_type, v.performed_at, v.recorded_at,
		   v.recorded_by, NULL::pg_catalog.name
	FROM @extschema@.evidence AS v
	UNION ALL
	SELECT d.contract_id, d.item_id, 'deadline_change', d.deadline_change_id, 'deadline_change', d.notified_at,
		   d.recorded_at, d.recorded_by, NULL::pg_catalog.name
	FROM @extschema@.deadline_change AS d
) AS x
WHERE @extschema@.recorded_late(x.contract_id, x.named_at, x.recorded_at);
COMMENT ON VIEW @extschema@.late_entries IS
  'Entries recorded later than the contract''s late_entry_open_days after the time they name (status changes, field changes, approvals, evidence, deadline changes): kept, but to be explained';
COMMENT ON COLUMN @extschema@.late_entries.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.late_entries.item_id IS 'The work item (NULL for an approval of a non-item subject)';
COMMENT ON COLUMN @extschema@.late_entries.record IS 'The table of the entry: work_item_event, approval, evidence or deadline_change';
COMMENT ON COLUMN @extschema@.late_entries.record_id IS 'The entry''s identifier in that table';
COMMENT ON COLUMN @extschema@.late_entries.what IS 'The status entered, the field changed, the approval subject or the evidence type';
COMMENT ON COLUMN @extschema@.late_entries.named_at IS 'The time the entry names (occurred_at, decided_at, performed_at, notified_at)';
COMMENT ON COLUMN @extschema@.late_entries.recorded_at IS 'When it was entered';
COMMENT ON COLUMN @extschema@.late_entries.recorded_by IS 'The roster entry that acted or recorded it (NULL: an administrator)';
COMMENT ON COLUMN @extschema@.late_entries.db_user IS 'The database role, where the entry keeps it (events)';

-- Times people enter on an item are not before the item.
CREATE FUNCTION @extschema@.ledger_entry_time() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	named timestamptz;
	floor_at timestamptz;
	what text;
BEGIN
	IF @extschema@.ledger_bulk_loading() OR NEW.item_id IS NULL THEN
		RETURN NEW;
	END IF;
	CASE TG_TABLE_NAME
		WHEN 'approval' THEN named := NEW.decided_at; what := 'decided_at';
		WHEN 'evidence' THEN named := NEW.performed_at; what := 'performed_at';
		ELSE RETURN NEW;
	END CASE;
	SELECT CASE WHEN w.occurred_at OPERATOR(pg_catalog.<) w.requested_at THEN w.occurred_at
				ELSE w.requested_at END
	INTO floor_at
	FROM @extschema@.work_item AS w
	WHERE w.item_id OPERATOR(pg_catalog.=) NEW.item_id;
	IF named OPERATOR(pg_catalog.<) floor_at THEN
		RAISE EXCEPTION '% of % for work item % lies before the item', what, TG_TABLE_NAME, NEW.item_id
			USING ERRCODE = 'OM216',
				  DETAIL = pg_catalog.format('It is %s; the item was requested (or occurred) at %s.', named, floor_at),
				  HINT = 'Give the time it happened, after the item was requested; a decision from before it does not cover it.';
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.ledger_entry_time() IS
  'BEFORE INSERT trigger on approval and evidence: the time entered (decided_at, performed_at) is not before the item was requested or occurred (OM216)';
CREATE TRIGGER approval_time_floor BEFORE INSERT ON @extschema@.approval
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_entry_time();
COMMENT ON TRIGGER approval_time_floor ON @extschema@.approval IS
  'An approval is not decided before its item was requested';
CREATE TRIGGER evidence_time_floor BEFORE INSERT ON @extschema@.evidence
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_entry_time();
COMMENT ON TRIGGER evidence_time_floor ON @extschema@.evidence IS
  'Evidence is not performed before its item was requested or occurred';
