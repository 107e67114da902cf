
-- ====================================================================
-- incident intake (new in 0.4)
-- Batch abends are detected by an automatic notifier (§5.2.2.1); other city
-- systems now put such events into the ledger themselves, over libpq:
-- report_incident() creates a failure_recovery item in the contract whose
-- term covers the time and whose scope includes the system, or, for a
-- (source, dedupe_key) already seen in that contract, returns the item
-- already made and counts the repeat (incident_notice).  0.3 had the
-- columns work_item.source and dedupe_key (unique per contract) and
-- nothing that used them.
--
-- A contract's scope is new too: contract_system lists the systems a
-- contract covers; a contract without rows there covers every system (so a
-- 0.3 contract keeps working unchanged).
--
-- Concurrency: a night batch chain sends the same notice many times, from
-- several senders at once.  A repeat is one UPDATE of its incident_notice
-- row (the row lock orders repeats of a key; previous_seen_at keeps the
-- time of the notice before, so no locking read precedes it: BENCHMARKS.md
-- "intake" has the cost of each part); a notice not seen yet takes a
-- transaction-level advisory lock on the hash of (contract, source, key),
-- looks again -- each statement of the function takes a new snapshot under
-- READ COMMITTED, so it sees an item a concurrent call committed while it
-- waited -- and only then inserts.  No duplicate, no unique-violation error,
-- and no deadlock for one call per transaction (each call takes one key
-- lock, then the alert lock, always in that order).  Measured against
-- INSERT ... ON CONFLICT: BENCHMARKS.md "intake".
--
-- Privileges: SECURITY DEFINER (reviewed: search_path pinned, every name
-- qualified, no dynamic SQL), so the omledger_intake role needs EXECUTE on
-- this one function and no right on any table; it is not executable by
-- PUBLIC.  The item is entered as by an administrator (the owner is on no
-- roster: created_by and requested_by stay NULL), and the event records the
-- calling role (session_role()).
-- ====================================================================

CREATE TABLE @extschema@.contract_system (
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	system_code			text NOT NULL REFERENCES @extschema@.system,
	PRIMARY KEY (contract_id, system_code)
);
COMMENT ON TABLE @extschema@.contract_system IS
  'The scope of a contract: the systems it covers (§3.1); a contract without rows here covers every system';
COMMENT ON COLUMN @extschema@.contract_system.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.contract_system.system_code IS 'A system the contract covers';
CREATE INDEX contract_system_system_idx ON @extschema@.contract_system (system_code);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.contract_system', '');

CREATE TABLE @extschema@.incident_notice (
	item_id				bigint PRIMARY KEY,
	contract_id			bigint NOT NULL,
	source				text NOT NULL,
	dedupe_key			text NOT NULL,
	system_code			text NOT NULL REFERENCES @extschema@.system,
	first_seen_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	last_seen_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	previous_seen_at	timestamptz,
	first_detected_at	timestamptz NOT NULL,
	last_detected_at	timestamptz NOT NULL,
	notices				bigint NOT NULL DEFAULT 1,
	CONSTRAINT incident_notice_key UNIQUE (contract_id, source, dedupe_key),
	-- the item, in its contract (one key: a second one on item_id alone
	-- would check the same row again at each new incident)
	CONSTRAINT incident_notice_item_fkey FOREIGN KEY (contract_id, item_id)
		REFERENCES @extschema@.work_item (contract_id, item_id),
	CONSTRAINT incident_notice_notices_check CHECK (notices OPERATOR(pg_catalog.>=) 1)
);
COMMENT ON TABLE @extschema@.incident_notice IS
  'The notices report_incident received for each item it made: how many, first and last seen (repeats of one (source, dedupe_key) make no second item)';
COMMENT ON COLUMN @extschema@.incident_notice.item_id IS 'The failure_recovery item the notices are about';
COMMENT ON COLUMN @extschema@.incident_notice.contract_id IS 'Its contract';
COMMENT ON COLUMN @extschema@.incident_notice.source IS 'The system that sent the notices (work_item.source)';
COMMENT ON COLUMN @extschema@.incident_notice.dedupe_key IS 'The key of the incident in the source (work_item.dedupe_key)';
COMMENT ON COLUMN @extschema@.incident_notice.system_code IS 'The system the first notice named';
COMMENT ON COLUMN @extschema@.incident_notice.first_seen_at IS 'When the first notice was received';
COMMENT ON COLUMN @extschema@.incident_notice.last_seen_at IS 'When the last notice was received';
COMMENT ON COLUMN @extschema@.incident_notice.previous_seen_at IS 'When the notice before the last one was received (NULL: one notice so far); a repeat after a quiet period raises an alert';
COMMENT ON COLUMN @extschema@.incident_notice.first_detected_at IS 'The detection time the first notice gave';
COMMENT ON COLUMN @extschema@.incident_notice.last_detected_at IS 'The latest detection time a notice gave';
COMMENT ON COLUMN @extschema@.incident_notice.notices IS 'How many notices were received (1 + the repeats)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.incident_notice', '');

CREATE FUNCTION @extschema@.report_incident(source text, dedupe_key text, system_code text,
	detected_at timestamptz, summary text, detail jsonb DEFAULT NULL, immediate boolean DEFAULT true)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	at_time timestamptz := COALESCE($4, pg_catalog.now());
	on_day date;
	sys record;
	cand record;
	contract bigint;
	n_best integer;
	cfg @extschema@.alert_setting;
	found_item bigint;
	prev_seen timestamptz;
	key_locked boolean := false;
	total bigint;
	new_item bigint;
	due timestamptz;
	conflict text;
BEGIN
	-- what is asked for
	IF $1 IS NULL OR pg_catalog.btrim($1) OPERATOR(pg_catalog.=) ''
	   OR $2 IS NULL OR pg_catalog.btrim($2) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION 'an incident needs a source and a dedupe key'
			USING ERRCODE = 'OM701',
				  DETAIL = 'The source names the reporting system and the dedupe key names the incident in it; neither may be empty.',
				  HINT = 'Give the sender''s name as source and its job or event id as dedupe_key.';
	END IF;
	IF $5 IS NULL OR pg_catalog.btrim($5) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION 'an incident needs a summary'
			USING ERRCODE = 'OM701',
				  DETAIL = pg_catalog.format('The notice %s/%s has an empty summary.', $1, $2),
				  HINT = 'Give one line saying what failed, e.g. the job name and its return code.';
	END IF;
	IF pg_catalog.length($1) OPERATOR(pg_catalog.>) 64 OR pg_catalog.length($2) OPERATOR(pg_catalog.>) 200
	   OR pg_catalog.length($5) OPERATOR(pg_catalog.>) 1000 THEN
		RAISE EXCEPTION 'an incident''s source, dedupe key or summary is too long'
			USING ERRCODE = 'OM701',
				  DETAIL = pg_catalog.format('The source has %s characters (at most 64), the dedupe key %s (at most 200), the summary %s (at most 1000).',
											 pg_catalog.length($1), pg_catalog.length($2), pg_catalog.length($5)),
				  HINT = 'Put long text in detail.';
	END IF;

	-- the system
	on_day := (at_time AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date;
	SELECT s.system_code, s.retired_on INTO sys
	FROM @extschema@.system AS s WHERE s.system_code OPERATOR(pg_catalog.=) $3;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'unknown system "%"', $3
			USING ERRCODE = 'OM702',
				  DETAIL = pg_catalog.format('No row of omledger.system has the code %L.', $3),
				  HINT = 'Use one of the codes of omledger.system (upper case, e.g. SJK).';
	END IF;
	IF sys.retired_on OPERATOR(pg_catalog.<=) on_day THEN
		RAISE EXCEPTION 'system "%" is retired', $3
			USING ERRCODE = 'OM702',
				  DETAIL = pg_catalog.format('System %s was retired on %s; the incident was detected on %s (Japan time).',
											 $3, sys.retired_on, on_day),
				  HINT = 'Report the incident under the system that replaced it.';
	END IF;

	-- the contract: its term covers the day, its scope the system (a scope
	-- that names the system wins over a contract without a scope)
	SELECT pg_catalog.array_agg(y.contract_id ORDER BY y.contract_id) AS ids INTO cand
	FROM (SELECT c.contract_id,
				 CASE WHEN EXISTS (SELECT 1 FROM @extschema@.contract_system AS cs
								   WHERE cs.contract_id OPERATOR(pg_catalog.=) c.contract_id
									 AND cs.system_code OPERATOR(pg_catalog.=) $3) THEN 1
					  WHEN NOT EXISTS (SELECT 1 FROM @extschema@.contract_system AS cs
									   WHERE cs.contract_id OPERATOR(pg_catalog.=) c.contract_id) THEN 2
				 END AS rank
		  FROM @extschema@.contract AS c
		  WHERE c.term OPERATOR(pg_catalog.@>) on_day) AS y
	WHERE y.rank IS NOT NULL
	GROUP BY y.rank
	ORDER BY y.rank
	LIMIT 1;
	n_best := COALESCE(pg_catalog.cardinality(cand.ids), 0);
	IF n_best OPERATOR(pg_catalog.=) 0 THEN
		RAISE EXCEPTION 'no contract covers system % on %', $3, on_day
			USING ERRCODE = 'OM703',
				  DETAIL = pg_catalog.format('No contract''s term includes %s (Japan time) with a scope that includes system %s.', on_day, $3),
				  HINT = 'Check detected_at and the system code, or add the system to the contract''s scope (omledger.contract_system).';
	ELSIF n_best OPERATOR(pg_catalog.>) 1 THEN
		RAISE EXCEPTION 'several contracts cover system % on %', $3, on_day
			USING ERRCODE = 'OM703',
				  DETAIL = pg_catalog.format('Contracts %s all cover system %s on %s.', pg_catalog.array_to_string(cand.ids, ', '), $3, on_day),
				  HINT = 'Name the system in the scope (omledger.contract_system) of the one contract that covers it.';
	END IF;
	contract := cand.ids[1];
	cfg := @extschema@.alert_settings(contract);

	IF at_time OPERATOR(pg_catalog.>) (pg_catalog.now() OPERATOR(pg_catalog.+) cfg.future_skew) THEN
		RAISE EXCEPTION 'an incident cannot be detected in the future'
			USING ERRCODE = 'OM704',
				  DETAIL = pg_catalog.format('detected_at is %s, more than %s after the server''s time %s.', at_time, cfg.future_skew, pg_catalog.now()),
				  HINT = 'Check the sender''s clock (NTP), or leave detected_at out to use the time of the report.';
	END IF;
	IF $6 IS NOT NULL AND pg_catalog.octet_length($6::text) OPERATOR(pg_catalog.>) cfg.max_detail_bytes THEN
		RAISE EXCEPTION 'the detail of an incident is too large'
			USING ERRCODE = 'OM705',
				  DETAIL = pg_catalog.format('The detail has %s bytes; contract %s accepts at most %s.', pg_catalog.octet_length($6::text), contract, cfg.max_detail_bytes),
				  HINT = 'Send a reference to the log (a path or a URL) instead of the log itself.';
	END IF;

	-- a repeat: count it in one UPDATE (its row lock orders the repeats
	-- of one key; previous_seen_at keeps the last notice's time before this
	-- one, for the quiet-period burst below)
	LOOP
		UPDATE @extschema@.incident_notice AS n
		SET notices = n.notices OPERATOR(pg_catalog.+) 1,
			previous_seen_at = n.last_seen_at,
			last_seen_at = pg_catalog.now(),
			last_detected_at = GREATEST(n.last_detected_at, at_time)
		WHERE n.contract_id OPERATOR(pg_catalog.=) contract
		  AND n.source OPERATOR(pg_catalog.=) $1 AND n.dedupe_key OPERATOR(pg_catalog.=) $2
		RETURNING n.item_id, n.notices, n.previous_seen_at INTO found_item, total, prev_seen;
		EXIT WHEN FOUND OR key_locked;
		-- first seen, perhaps: wait for a concurrent first notice, look again
		PERFORM pg_catalog.pg_advisory_xact_lock(
			pg_catalog.hashtextextended($1 OPERATOR(pg_catalog.||) E'\x1f' OPERATOR(pg_catalog.||) $2, contract));
		key_locked := true;
	END LOOP;

	IF found_item IS NOT NULL THEN
		-- a burst: the 10th, 100th, 1000th ... repeat, or a repeat after a
		-- quiet period (alert_setting.repeat_quiet)
		IF (total OPERATOR(pg_catalog.-) 1)::text OPERATOR(pg_catalog.~) '^10+$'
		   OR prev_seen OPERATOR(pg_catalog.<) (pg_catalog.now() OPERATOR(pg_catalog.-) cfg.repeat_quiet) THEN
			PERFORM @extschema@.raise_alert('incident_repeat_burst', contract, found_item,
				pg_catalog.jsonb_build_object('source', $1, 'dedupe_key', $2, 'system_code', $3,
					'repeats', total OPERATOR(pg_catalog.-) 1, 'previous_seen_at', prev_seen,
					'reason', CASE WHEN prev_seen OPERATOR(pg_catalog.<) (pg_catalog.now() OPERATOR(pg_catalog.-) cfg.repeat_quiet)
								   THEN 'after_quiet' ELSE 'count' END));
		END IF;
		RETURN found_item;
	END IF;

	-- Under READ COMMITTED the advisory lock above makes a first notice
	-- wait for a concurrent one and then see it.  A snapshot taken before
	-- that one committed (REPEATABLE READ, SERIALIZABLE) cannot see it and
	-- would enter the same key again: the key's unique constraint refuses
	-- that, and the refusal is turned into a serialization failure, which
	-- callers retry (the retry counts as a repeat).
	BEGIN
		-- an item with this source and key entered otherwise (by hand, or
		-- before 0.4, when the columns existed and nothing used them): it is
		-- the item; its notices are counted from now on
		SELECT w.item_id INTO found_item
		FROM @extschema@.work_item AS w
		WHERE w.contract_id OPERATOR(pg_catalog.=) contract
		  AND w.source OPERATOR(pg_catalog.=) $1 AND w.dedupe_key OPERATOR(pg_catalog.=) $2;
		IF FOUND THEN
			INSERT INTO @extschema@.incident_notice (item_id, contract_id, source, dedupe_key,
				system_code, first_detected_at, last_detected_at)
			VALUES (found_item, contract, $1, $2, $3, at_time, at_time);
			RETURN found_item;
		END IF;

		-- a new incident.  occurred_at is never in the future (the workflow
		-- engine refuses it): a time within the skew is taken as now.
		INSERT INTO @extschema@.work_item (contract_id, kind, title, detail, performer, occurred_at,
			immediate_response, status, source, dedupe_key)
		SELECT contract, 'failure_recovery', $5,
			   CASE WHEN $6 IS NOT NULL THEN pg_catalog.jsonb_pretty($6) END,
			   CASE WHEN 'operator' OPERATOR(pg_catalog.=) ANY (c.roles) THEN 'operator' ELSE 'vendor' END,
			   LEAST(at_time, pg_catalog.now()), COALESCE($7, true), s.status, $1, $2
		FROM @extschema@.contract AS c, @extschema@.workflow_status AS s
		WHERE c.contract_id OPERATOR(pg_catalog.=) contract
		  AND s.kind OPERATOR(pg_catalog.=) 'failure_recovery' AND s.is_initial
		RETURNING work_item.item_id, work_item.response_due_at INTO new_item, due;
		INSERT INTO @extschema@.work_item_system (item_id, system_code) VALUES (new_item, $3);
		INSERT INTO @extschema@.incident_notice (item_id, contract_id, source, dedupe_key, system_code,
			first_detected_at, last_detected_at)
		VALUES (new_item, contract, $1, $2, $3, at_time, at_time);
	EXCEPTION WHEN unique_violation THEN
		GET STACKED DIAGNOSTICS conflict = CONSTRAINT_NAME;
		IF conflict IS DISTINCT FROM 'work_item_dedupe_key' AND conflict IS DISTINCT FROM 'incident_notice_key' THEN
			RAISE;
		END IF;
		RAISE EXCEPTION 'a concurrent notice of %/% entered the incident first', $1, $2
			USING ERRCODE = 'serialization_failure',
				  DETAIL = 'This transaction''s snapshot was taken before that notice committed, so it cannot count this one as its repeat.',
				  HINT = 'Retry the call in a new transaction: it will count as a repeat.';
	END;
	PERFORM @extschema@.raise_alert('incident_new', contract, new_item,
		pg_catalog.jsonb_build_object('source', $1, 'dedupe_key', $2, 'system_code', $3,
			'summary', $5, 'detected_at', at_time, 'response_due_at', due, 'immediate', COALESCE($7, true)));
	RETURN new_item;
END
$$;
COMMENT ON FUNCTION @extschema@.report_incident(text, text, text, timestamptz, text, jsonb, boolean) IS
  'intake of an incident from another system: creates a failure_recovery item (status reported, response clock stored) in the contract covering the system at detected_at (NULL: now), or returns the item already made for (source, dedupe_key) and counts the repeat; raises incident_new / incident_repeat_burst alerts; bad input: OM701-OM705, nothing written';
REVOKE ALL ON FUNCTION @extschema@.report_incident(text, text, text, timestamptz, text, jsonb, boolean) FROM PUBLIC;
