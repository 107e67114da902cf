
-- ====================================================================
-- alerts (new in 0.4)
-- People must be told when something needs them: a new incident reported
-- by another system, a burst of repeats of one, an effort cap passing one
-- of its alert thresholds, a response deadline about to pass or passed.
-- 0.3 had only the caps trigger's NOTIFY omledger_cap, which a listener
-- that is away at that moment never sees.  Now every alert is a row of
-- omledger.alert, and NOTIFY omledger_alert (at commit) tells listeners
-- that there is something new; pending_alerts(since) lists what was raised
-- after an alert id, so a client that was away (a server restart, a lost
-- connection) catches up and loses nothing (omctl watch does so).
--
-- Order: raise_alert takes a transaction-level advisory lock before it
-- numbers the alert, so alerts commit in the order of their ids and a
-- reader that has seen alert n has seen every committed alert below n:
-- "everything after my last id" is then exact, with no gap a later commit
-- of a lower id could fill.  The cost is that transactions raising alerts
-- commit one after the other (a new incident, not a repeat: see
-- BENCHMARKS.md "intake").
--
-- raise_due_alerts(now) is the scanner for what no statement raises: a
-- deadline passes by itself, and a cap threshold is also recorded as an
-- alert here (the caps trigger only sends omledger_cap).  Idempotent: each
-- alert it raises has a key (alert.dedupe_key), so each deadline alerts
-- once per stage and each threshold once per period, however often it
-- runs (omctl watch calls it, or cron).
-- ====================================================================

CREATE TABLE @extschema@.alert (
	alert_id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	raised_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	alert_kind			text NOT NULL,
	contract_id			bigint REFERENCES @extschema@.contract,
	item_id				bigint REFERENCES @extschema@.work_item,
	payload				jsonb NOT NULL DEFAULT '{}',
	dedupe_key			text UNIQUE,
	CONSTRAINT alert_kind_check CHECK (alert_kind OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,62}$'),
	CONSTRAINT alert_payload_check CHECK (pg_catalog.jsonb_typeof(payload) OPERATOR(pg_catalog.=) 'object')
);
COMMENT ON TABLE @extschema@.alert IS
  'Alerts raised for people (new incidents, repeat bursts, cap thresholds, response deadlines): kept, and announced by NOTIFY omledger_alert; ids commit in order (see raise_alert)';
COMMENT ON COLUMN @extschema@.alert.alert_id IS 'Identifier of the alert, increasing in the order alerts commit';
COMMENT ON COLUMN @extschema@.alert.raised_at IS 'When the alert was raised (the clock when raise_alert numbered it: in the order of the ids)';
COMMENT ON COLUMN @extschema@.alert.alert_kind IS 'What happened (named alert_kind: every column named kind is a work_kind): incident_new, incident_repeat_burst, cap_threshold, response_due_soon, response_overdue (others may be added; lower-case identifier)';
COMMENT ON COLUMN @extschema@.alert.contract_id IS 'The contract it concerns, if any';
COMMENT ON COLUMN @extschema@.alert.item_id IS 'The work item it concerns, if any';
COMMENT ON COLUMN @extschema@.alert.payload IS 'Details for the receiver (a JSON object)';
COMMENT ON COLUMN @extschema@.alert.dedupe_key IS 'Key of an alert that must be raised once only (a deadline stage, a cap threshold in a period); NULL for the others';
CREATE INDEX alert_item_idx ON @extschema@.alert (item_id) WHERE item_id IS NOT NULL;
CREATE INDEX alert_contract_idx ON @extschema@.alert (contract_id) WHERE contract_id IS NOT NULL;
SELECT pg_catalog.pg_extension_config_dump('@extschema@.alert', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.alert_alert_id_seq', '');

-- The one place alerts are stored and announced.  The payload of the
-- NOTIFY carries the alert's id and kind (and its ids); a listener reads
-- the alert itself through pending_alerts, so a payload of any size is
-- fine and a notification lost while away costs nothing.
CREATE FUNCTION @extschema@.raise_alert(kind text, contract_id bigint, item_id bigint, payload jsonb)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	new_id bigint;
BEGIN
	-- alerts commit in id order: see the header of this file
	PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('omledger.alert')::bigint);
	INSERT INTO @extschema@.alert (raised_at, alert_kind, contract_id, item_id, payload)
	VALUES (pg_catalog.clock_timestamp(), $1, $2, $3, COALESCE($4, '{}'::jsonb))
	RETURNING alert.alert_id INTO new_id;
	PERFORM pg_catalog.pg_notify('omledger_alert',
		pg_catalog.json_build_object('alert_id', new_id, 'kind', $1,
									 'contract_id', $2, 'item_id', $3)::text);
	RETURN new_id;
END
$$;
COMMENT ON FUNCTION @extschema@.raise_alert(text, bigint, bigint, jsonb) IS
  'stores an alert and sends NOTIFY omledger_alert (at commit) with {"alert_id", "kind", "contract_id", "item_id"}; returns the alert id';
REVOKE ALL ON FUNCTION @extschema@.raise_alert(text, bigint, bigint, jsonb) FROM PUBLIC;

CREATE FUNCTION @extschema@.pending_alerts(since bigint DEFAULT 0)
  RETURNS TABLE (alert_id bigint, raised_at timestamptz, kind text, contract_id bigint,
				 item_id bigint, payload jsonb)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
	SELECT a.alert_id, a.raised_at, a.alert_kind, a.contract_id, a.item_id, a.payload
	FROM @extschema@.alert AS a
	WHERE a.alert_id OPERATOR(pg_catalog.>) COALESCE($1, 0)
	ORDER BY a.alert_id
$$;
COMMENT ON FUNCTION @extschema@.pending_alerts(bigint) IS
  'the alerts raised after alert id `since` (0: all), in the order they were raised and committed';

-- An alert of the scanner, once for its key.  The key is looked up under
-- the same lock raise_alert takes, so two scanners never raise one twice.
CREATE FUNCTION @extschema@.raise_alert_once(dedupe_key text, kind text, contract_id bigint,
	item_id bigint, payload jsonb)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	new_id bigint;
BEGIN
	PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('omledger.alert')::bigint);
	IF EXISTS (SELECT 1 FROM @extschema@.alert AS a
			   WHERE a.dedupe_key OPERATOR(pg_catalog.=) $1) THEN
		RETURN NULL;
	END IF;
	new_id := @extschema@.raise_alert($2, $3, $4, $5);
	UPDATE @extschema@.alert AS a SET dedupe_key = $1
	WHERE a.alert_id OPERATOR(pg_catalog.=) new_id;
	RETURN new_id;
END
$$;
COMMENT ON FUNCTION @extschema@.raise_alert_once(text, text, bigint, bigint, jsonb) IS
  'raise_alert unless an alert with this dedupe_key exists; returns the new alert id, or NULL when it was raised before';
REVOKE ALL ON FUNCTION @extschema@.raise_alert_once(text, text, bigint, bigint, jsonb) FROM PUBLIC;

-- How long before a response is due "about to pass" starts, per contract
-- (alert_setting; a contract without a row takes the defaults).  The
-- intake settings are in the same row (99_intake.sql).
CREATE TABLE @extschema@.alert_setting (
	contract_id			bigint PRIMARY KEY REFERENCES @extschema@.contract,
	response_warning	interval NOT NULL DEFAULT interval '10 minutes',
	repeat_quiet		interval NOT NULL DEFAULT interval '1 hour',
	future_skew			interval NOT NULL DEFAULT interval '5 minutes',
	max_detail_bytes	integer NOT NULL DEFAULT 65536,
	CONSTRAINT alert_setting_response_warning_check
		CHECK (response_warning OPERATOR(pg_catalog.>=) interval '0'
			   AND response_warning OPERATOR(pg_catalog.<=) interval '24 hours'),
	CONSTRAINT alert_setting_repeat_quiet_check
		CHECK (repeat_quiet OPERATOR(pg_catalog.>) interval '0'),
	CONSTRAINT alert_setting_future_skew_check
		CHECK (future_skew OPERATOR(pg_catalog.>=) interval '0'
			   AND future_skew OPERATOR(pg_catalog.<=) interval '1 hour'),
	CONSTRAINT alert_setting_max_detail_bytes_check
		CHECK (max_detail_bytes OPERATOR(pg_catalog.>) 0
			   AND max_detail_bytes OPERATOR(pg_catalog.<=) 1048576)
);
COMMENT ON TABLE @extschema@.alert_setting IS
  'Per contract: the settings of alerts and of incident intake; a contract without a row takes the column defaults';
COMMENT ON COLUMN @extschema@.alert_setting.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.alert_setting.response_warning IS 'A response_due_soon alert is raised this long before a failure''s response is due (0: none)';
COMMENT ON COLUMN @extschema@.alert_setting.repeat_quiet IS 'A repeat of an incident after this long without one raises an incident_repeat_burst alert';
COMMENT ON COLUMN @extschema@.alert_setting.future_skew IS 'report_incident accepts a detected_at at most this far in the future (clocks of other systems drift)';
COMMENT ON COLUMN @extschema@.alert_setting.max_detail_bytes IS 'report_incident refuses a detail larger than this (bytes of its JSON text)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.alert_setting', '');

-- The settings of a contract: its row, or the defaults.  PL/pgSQL, not
-- SQL: a SQL function with SET search_path is never inlined, and its body
-- is parsed and planned again at each call (report_incident calls it once
-- per notice); PL/pgSQL keeps the plan for the session (BENCHMARKS.md
-- "intake").
CREATE FUNCTION @extschema@.alert_settings(contract_id bigint)
  RETURNS @extschema@.alert_setting
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	cfg @extschema@.alert_setting;
BEGIN
	SELECT a.contract_id, a.response_warning, a.repeat_quiet, a.future_skew, a.max_detail_bytes
	INTO cfg
	FROM @extschema@.alert_setting AS a
	WHERE a.contract_id OPERATOR(pg_catalog.=) $1;
	IF NOT FOUND THEN
		cfg := ROW($1, interval '10 minutes', interval '1 hour', interval '5 minutes', 65536);
	END IF;
	RETURN cfg;
END
$$;
COMMENT ON FUNCTION @extschema@.alert_settings(bigint) IS
  'the alert and intake settings of a contract: its alert_setting row, or the defaults';

-- The scanner.  Stages of a failure's response deadline (while the
-- response has not started and the item is not in a terminal status):
-- response_due_soon from response_due_at - response_warning, and
-- response_overdue from response_due_at; a deadline already passed when
-- first scanned alerts as overdue only.  Cap thresholds: every
-- alert_percent of the cap rows and 100, for the month that `now` falls in
-- (Japan time) and for the term, once per threshold and period.
CREATE FUNCTION @extschema@.raise_due_alerts(now timestamptz DEFAULT pg_catalog.now())
  RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r record;
	n integer := 0;
	today date := ($1 AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date;
	month @extschema@.fiscal_period;
BEGIN
	-- response deadlines
	FOR r IN
		SELECT w.item_id, w.contract_id, w.title, w.response_due_at,
			   CASE WHEN w.response_due_at OPERATOR(pg_catalog.<=) $1 THEN 'response_overdue'
					ELSE 'response_due_soon' END AS stage
		FROM @extschema@.work_item AS w
		JOIN @extschema@.workflow_status AS s
		  ON s.kind OPERATOR(pg_catalog.=) w.kind AND s.status OPERATOR(pg_catalog.=) w.status
		WHERE w.kind OPERATOR(pg_catalog.=) ANY ('{failure_recovery,security_incident}'::text[])
		  AND w.response_started_at IS NULL
		  AND w.response_due_at IS NOT NULL
		  AND NOT s.is_terminal
		  AND (w.response_due_at OPERATOR(pg_catalog.-) (@extschema@.alert_settings(w.contract_id)).response_warning)
			  OPERATOR(pg_catalog.<=) $1
		ORDER BY w.response_due_at, w.item_id
	LOOP
		IF @extschema@.raise_alert_once(r.stage OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) r.item_id,
				r.stage, r.contract_id, r.item_id,
				pg_catalog.jsonb_build_object('title', r.title, 'response_due_at', r.response_due_at))
		   IS NOT NULL THEN
			n := n OPERATOR(pg_catalog.+) 1;
		END IF;
	END LOOP;

	-- cap thresholds, for the contracts whose term covers the day
	month := @extschema@.fiscal_period(today, 'month');
	FOR r IN
		SELECT c.contract_id, st.category, x.scope, x.used, x.cap, x.pct, t.threshold
		FROM @extschema@.contract AS c,
			 LATERAL @extschema@.cap_status(c.contract_id, month) AS st,
			 LATERAL (VALUES ('month', st.month_used, st.month_cap, st.month_percent),
							 ('term', st.term_used, st.term_cap, st.term_percent)) AS x(scope, used, cap, pct),
			 @extschema@.effort_cap AS ec,
			 LATERAL (SELECT DISTINCT u.threshold
					  FROM pg_catalog.unnest(ec.alert_percent::integer[] OPERATOR(pg_catalog.||) 100) AS u(threshold)) AS t
		WHERE c.term OPERATOR(pg_catalog.@>) today
		  AND ec.contract_id OPERATOR(pg_catalog.=) c.contract_id
		  AND ec.category OPERATOR(pg_catalog.=) st.category
		  AND ec.scope OPERATOR(pg_catalog.=) x.scope
		  AND x.pct IS NOT NULL
		  AND x.pct OPERATOR(pg_catalog.>=) t.threshold
		ORDER BY c.contract_id, st.category, x.scope, t.threshold
	LOOP
		IF @extschema@.raise_alert_once(
				pg_catalog.concat_ws(':', 'cap', r.contract_id, r.category, r.scope,
									 CASE WHEN r.scope OPERATOR(pg_catalog.=) 'month' THEN month::text ELSE 'term' END,
									 r.threshold),
				'cap_threshold', r.contract_id, NULL,
				pg_catalog.jsonb_build_object('category', r.category, 'scope', r.scope,
					'period', CASE WHEN r.scope OPERATOR(pg_catalog.=) 'month' THEN month::text ELSE 'term' END,
					'used', r.used::text, 'cap', r.cap::text, 'percent', r.pct, 'threshold', r.threshold))
		   IS NOT NULL THEN
			n := n OPERATOR(pg_catalog.+) 1;
		END IF;
	END LOOP;

	-- obligations overdue (doc/obligations.md), of the contracts whose term
	-- covers the day or ended within the last 90 days (the last month's
	-- documents fall due after the term): once per obligation
	FOR r IN
		SELECT o.contract_id, o.obligation, o.subject, o.ref_id, o.due_on, o.due_at, o.owner_side
		FROM @extschema@.contract AS c,
			 LATERAL @extschema@.obligations(c.contract_id, $1) AS o
		WHERE c.term OPERATOR(pg_catalog.&&)
			  pg_catalog.daterange(today OPERATOR(pg_catalog.-) 90, today, '[]')
		  AND o.status OPERATOR(pg_catalog.=) 'overdue'
		ORDER BY o.contract_id, o.due_on, o.obligation, o.subject
	LOOP
		IF @extschema@.raise_alert_once(
				pg_catalog.concat_ws(':', 'obligation_overdue', r.contract_id, r.obligation,
									 COALESCE(r.ref_id::text, ''), r.due_on, r.subject),
				'obligation_overdue', r.contract_id, NULL,
				pg_catalog.jsonb_build_object('obligation', r.obligation, 'subject', r.subject,
					'ref_id', r.ref_id, 'due_on', r.due_on, 'due_at', r.due_at, 'owner_side', r.owner_side))
		   IS NOT NULL THEN
			n := n OPERATOR(pg_catalog.+) 1;
		END IF;
	END LOOP;
	RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.raise_due_alerts(timestamptz) IS
  'the alert scanner: raises response_due_soon / response_overdue for failures and security incidents whose response has not started, cap_threshold for caps past an alert threshold, and obligation_overdue for every obligation (obligations()) past its due date, each once (idempotent); returns how many it raised; for omctl watch or cron';
REVOKE ALL ON FUNCTION @extschema@.raise_due_alerts(timestamptz) FROM PUBLIC;

-- An information security incident is reported to the city at once
-- (security annex 5): its entry raises an alert in the same transaction,
-- whoever enters it (the alert table is the owner's, hence SECURITY
-- DEFINER; the function reads nothing but the new row).
CREATE FUNCTION @extschema@.security_incident_alert()
  RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.raise_alert('security_incident', NEW.contract_id, NEW.item_id,
		pg_catalog.jsonb_build_object('title', NEW.title, 'sub_kind', NEW.sub_kind,
			'occurred_at', NEW.occurred_at, 'response_due_at', NEW.response_due_at));
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.security_incident_alert() IS
  'trigger: raises a security_incident alert (NOTIFY omledger_alert) when an information security incident is entered';
REVOKE ALL ON FUNCTION @extschema@.security_incident_alert() FROM PUBLIC;
CREATE TRIGGER work_item_security_incident_alert
  AFTER INSERT ON @extschema@.work_item
  FOR EACH ROW WHEN (NEW.kind OPERATOR(pg_catalog.=) 'security_incident')
  EXECUTE FUNCTION @extschema@.security_incident_alert();
