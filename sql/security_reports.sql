-- security_reports: what the report-like views and functions show each
-- role.  A contractor sees only its own contracts in them, as row-level
-- security does on the tables; the city, the administrator and the reader
-- see every contract.  Then the monthly security report and the personal
-- data report.
\i sql/include/security_fixture.sql
\pset null '(null)'

-- effort on both contracts
SET ROLE om_test_sec_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:ia, :wk, '2025-11-04', '3h');
-- (an item entered a year after it was requested: a late entry of A)
INSERT INTO work_item (contract_id, kind, sub_kind, title, requested_at)
VALUES (:ca, 'service_request', 'investigation', 'A: entered late', '2025-11-04 10:00+09');
RESET ROLE;
SET ROLE om_test_sec_other;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:ib, :other, '2025-11-05', '5h');
RESET ROLE;

-- (security_invoker: reads as whoever asks)
CREATE TEMP VIEW report_seen WITH (security_invoker = true) AS
SELECT (SELECT string_agg(format('%s=%s', CASE contract_id WHEN :ca THEN 'A' ELSE 'B' END, used), ', '
                          ORDER BY contract_id)
          FROM effort_summary WHERE contract_id IN (:ca, :cb) AND category = 'service') AS summary,
       (SELECT string_agg(format('%s', month_used), ', ')
          FROM cap_status(:ca, '2025-11') WHERE category = 'service') AS a_cap_status_used,
       (SELECT string_agg(format('%s', month_cap), ', ')
          FROM cap_status(:ca, '2025-11') WHERE category = 'service') AS a_month_cap,
       (SELECT count(*) FROM cap_forecast(:ca, 'service', '2025-11-20')) AS a_forecast_rows,
       (SELECT string_agg(format('%s', used), ', ')
          FROM cap_status(:cb, '2025-11') cs, LATERAL (SELECT cs.month_used AS used) u
         WHERE category = 'service') AS b_cap_status_used;
GRANT SELECT ON report_seen TO PUBLIC;
SELECT 'superuser' AS who, * FROM report_seen;
SET ROLE om_test_sec_city;   SELECT 'city' AS who, * FROM report_seen; RESET ROLE;
SET ROLE om_test_sec_admin;  SELECT 'admin' AS who, * FROM report_seen; RESET ROLE;
SET ROLE om_test_sec_reader; SELECT 'reader' AS who, * FROM report_seen; RESET ROLE;
-- the contractor of A: A's totals only; B's are zero and uncapped to it
SET ROLE om_test_sec_worker; SELECT 'worker (A)' AS who, * FROM report_seen; RESET ROLE;
-- the contractor of B: B's only
SET ROLE om_test_sec_other;  SELECT 'other (B)' AS who, * FROM report_seen; RESET ROLE;
-- on no roster today: nothing
SET ROLE om_test_sec_former; SELECT 'former (A)' AS who, * FROM report_seen; RESET ROLE;
-- a search_path of the caller's own cannot widen it
CREATE SCHEMA om_test_rep_hijack;
GRANT USAGE ON SCHEMA om_test_rep_hijack TO PUBLIC;
CREATE FUNCTION om_test_rep_hijack.visible_contracts(who name DEFAULT CURRENT_USER, holding text[] DEFAULT NULL)
  RETURNS bigint[] LANGUAGE sql AS $$ SELECT NULL::bigint[] $$;
SET ROLE om_test_sec_other;
SET search_path = om_test_rep_hijack, omledger, public;
SELECT count(*) AS a_rows_seen_by_b_hijacked FROM effort_summary WHERE contract_id = :ca;
SET search_path = omledger, public;
RESET ROLE;

-- caps_entry_problems() (and caps_verify() on it) reads effort_log past the
-- policies (a heap scan), so it applies them itself.  A row of A that
-- breaks a rule (the former worker's, after its registration), loaded
-- around the triggers:
SET session_replication_role = replica;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:ia, :former, '2025-11-04', '1h') RETURNING entry_id AS bad \gset
SET session_replication_role = origin;
SELECT problem FROM caps_entry_problems() WHERE entry_id = :bad ORDER BY 1;
SET ROLE om_test_sec_city;   SELECT 'city' AS who, count(*) FILTER (WHERE entry_id = :bad) AS problems_of_a FROM caps_entry_problems(); RESET ROLE;
SET ROLE om_test_sec_reader; SELECT 'reader' AS who, count(*) FILTER (WHERE entry_id = :bad) AS problems_of_a FROM caps_entry_problems(); RESET ROLE;
SET ROLE om_test_sec_worker; SELECT 'worker (A)' AS who, count(*) FILTER (WHERE entry_id = :bad) AS problems_of_a FROM caps_entry_problems(); RESET ROLE;
SET ROLE om_test_sec_other;  SELECT 'other (B)' AS who, count(*) AS problems_seen FROM caps_entry_problems(); RESET ROLE;

-- late_entries and release_gate_overdue read as the caller: granted to the
-- other contractor (no group has them), they show it only its own rows
SELECT c.relname, c.reloptions FROM pg_class c
 WHERE c.relnamespace = 'omledger'::regnamespace
   AND c.relname IN ('late_entries', 'release_gate_overdue', 'effort_entry', 'overdue_items', 'effort_summary')
 ORDER BY 1;
GRANT SELECT ON late_entries, release_gate_overdue TO om_test_sec_other, om_test_sec_city;
SET ROLE om_test_sec_city;
SELECT count(*) FILTER (WHERE contract_id = :ca) > 0 AS city_sees_a_late_entries FROM late_entries;
RESET ROLE;
SET ROLE om_test_sec_other;
SELECT count(*) AS a_late_entries_seen_by_b FROM late_entries WHERE contract_id = :ca;
RESET ROLE;


-- ---------------------------------------------------------------------
-- Reads of personal data: through person_contact_read(), recorded.
-- (this month, Japan time: the audit log and the reads are dated now)
SELECT fiscal_period((now() AT TIME ZONE 'Asia/Tokyo')::date, 'month') AS m \gset
SET ROLE om_test_sec_lead;
SELECT name, roles, phone, email FROM person_contact_read(:ca, 'call the worker about the night batch');
-- a direct SELECT is no longer the contractor's: it could not be recorded
SELECT wf_try('SELECT count(*) FROM omledger.person_contact');
-- a read needs its purpose
SELECT wf_try(format($$SELECT * FROM omledger.person_contact_read(%s, '  ')$$, :ca));
-- nor may a lead read or write the record of reads
SELECT wf_try('SELECT count(*) FROM omledger.personal_data_read');
SELECT wf_try(format($$INSERT INTO omledger.personal_data_read (db_user, contract_id, subject_id, purpose) VALUES ('x', %s, %s, 'forged')$$, :ca, :wk));
RESET ROLE;
-- a worker is no lead; the other contractor leads B, not A
SET ROLE om_test_sec_worker;
SELECT wf_try(format($$SELECT * FROM omledger.person_contact_read(%s, 'curious')$$, :ca));
RESET ROLE;
SET ROLE om_test_sec_other;
SELECT wf_try(format($$SELECT * FROM omledger.person_contact_read(%s, 'curious')$$, :ca));
SELECT name, email FROM person_contact_read(:cb, 'own roster');
RESET ROLE;
-- the reader and the administrator: not theirs at all
SET ROLE om_test_sec_reader;
SELECT wf_try(format($$SELECT * FROM omledger.person_contact_read(%s, 'bi')$$, :ca));
RESET ROLE;
SET ROLE om_test_sec_admin;
SELECT wf_try(format($$SELECT * FROM omledger.person_contact_read(%s, 'admin')$$, :ca));
RESET ROLE;
-- the city reads through it too, recorded as well
SET ROLE om_test_sec_city;
SELECT count(*) AS contacts_read_by_city FROM person_contact_read(:ca, 'roster check');
RESET ROLE;
-- the record: who read whose, and why (the refused reads left nothing)
SELECT r.db_user, rp.name AS reader, sp.name AS subject, r.purpose
  FROM personal_data_read r LEFT JOIN person rp ON rp.person_id = r.reader_id
  JOIN person sp ON sp.person_id = r.subject_id
 ORDER BY r.read_id;
-- append-only, even for a superuser
SELECT wf_try('UPDATE omledger.personal_data_read SET purpose = ''nothing''');
SELECT wf_try('DELETE FROM omledger.personal_data_read');
-- nor does it go with a roster entry: one whose contact data was read is
-- kept (its registration ends instead)
SELECT wf_try(format($$DELETE FROM omledger.person WHERE person_id = %s$$, :lead))
       ~ '^23503: .* violates foreign key constraint "personal_data_read_\w+_fkey" on table "personal_data_read"' AS lead_kept_by_its_reads;
-- and in the audit trail, hash-chained
SELECT count(*) AS audited_reads FROM audit_log WHERE table_name = 'personal_data_read';

-- ---------------------------------------------------------------------
-- The month's material: a roster change by the city, an incident, the
-- refusals the DBA loaded from the server log, a data patch.
SET ROLE om_test_sec_city;
UPDATE person SET registered = '[2025-04-01,2027-01-01)' WHERE person_id = :wk;
RESET ROLE;
SET ROLE om_test_sec_worker;
INSERT INTO work_item (contract_id, kind, sub_kind, title, occurred_at, requested_at)
VALUES (:ca, 'security_incident', 'loss', 'A: IC card lost', now() - interval '30 minutes', now() - interval '20 minutes')
RETURNING item_id AS inc \gset
UPDATE work_item SET status = 'reported_to_city', status_changed_at = now() - interval '10 minutes' WHERE item_id = :inc;
RESET ROLE;
INSERT INTO denied_attempt (logged_at, db_user, database, sqlstate, message, statement) VALUES
  (now() - interval '1 hour', 'om_test_sec_worker', 'contrib_regression', '42501', 'permission denied for table approval', 'INSERT INTO omledger.approval ...'),
  (now() - interval '1 hour', 'om_test_sec_other', 'contrib_regression', 'OM209', 'role "om_test_sec_other" is not on the roster of contract 1 on 2026-11-29', 'INSERT INTO omledger.work_item ...');
SELECT wf_try('DELETE FROM omledger.denied_attempt');
-- the data patch: accepted, its procedure approved by a city desk that did
-- not request it, executed
SET ROLE om_test_sec_worker;
UPDATE work_item SET status = 'accepted' WHERE item_id = :patch;
SELECT wf_try(format($$UPDATE omledger.work_item SET status = 'in_progress' WHERE item_id = %s$$, :patch));
RESET ROLE;
SET ROLE om_test_sec_city2;
INSERT INTO approval (contract_id, item_id, subject, decision) VALUES (:ca, :patch, 'procedure', 'approved');
RESET ROLE;
SET ROLE om_test_sec_worker;
UPDATE work_item SET status = 'in_progress' WHERE item_id = :patch;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:patch, :wk, (now() AT TIME ZONE 'Asia/Tokyo')::date, '2h');
RESET ROLE;

-- ---------------------------------------------------------------------
-- The security report, as the site lead of A would submit it
SET ROLE om_test_sec_lead;
SELECT section, title_ja, entries,
       CASE WHEN section = 'audit' THEN note ~ '^audit chain verified: \d+ rows$' ELSE note IS NULL END AS note_as_expected
  FROM security_report(:ca, :'m');
SELECT name, side, roles, approved_on FROM security_report_roster(:ca, :'m');
-- in May the former worker was still registered
SELECT name FROM security_report_roster(:ca, '2025-05');
SELECT operation, name, changed, approved_on, entered_by FROM security_report_roster_changes(:ca, :'m');
SELECT db_user, reader, subject, purpose FROM security_report_contact_reads(:ca, :'m');
-- the refusals of A's people only (the other contractor's is B's)
SELECT db_user, name, sqlstate, message FROM security_report_denied(:ca, :'m');
SELECT sub_kind, title, reported_at - occurred_at AS took, minutes_late, status FROM security_report_incidents(:ca, :'m');
SELECT chain_ok, first_bad_id, contract_changes > 0 AS changes_audited FROM security_report_audit(:ca, :'m');
-- a month whose log was not loaded says so
SELECT section, entries, note FROM security_report(:ca, '2025-11') WHERE section = 'denied';
RESET ROLE;
-- the document, for the renderer
SET ROLE om_test_sec_lead;
SELECT d->>'title' AS title, jsonb_array_length(d->'meta') AS meta,
       (SELECT jsonb_agg(jsonb_build_array(s->>'heading', jsonb_array_length(coalesce(s->'rows', '[]'))) ORDER BY o)
          FROM jsonb_array_elements(d->'sections') WITH ORDINALITY AS x(s, o)) AS sections
  FROM security_report_doc(:ca, :'m') AS d;
-- rendered through the one renderer: every section heading in each format
SELECT f AS format, bool_and(position(s->>'heading' IN security_report_document(:ca, :'m', f)) > 0) AS every_heading,
       count(*) AS sections
  FROM unnest('{markdown,text,html}'::text[]) AS f,
       jsonb_array_elements(security_report_doc(:ca, :'m')->'sections') AS s
 GROUP BY f ORDER BY f;
RESET ROLE;
-- who may read it: the city, the administrator, the reader; a lead of
-- the contract; not a worker, not another contract's lead, not intake
SET ROLE om_test_sec_city;   SELECT 'city' AS who, string_agg(section || '=' || entries, ', ') AS entries FROM security_report(:ca, :'m') WHERE section <> 'audit'; RESET ROLE;
SET ROLE om_test_sec_admin;  SELECT 'admin' AS who, string_agg(section || '=' || entries, ', ') AS entries FROM security_report(:ca, :'m') WHERE section <> 'audit'; RESET ROLE;
SET ROLE om_test_sec_reader; SELECT 'reader' AS who, string_agg(section || '=' || entries, ', ') AS entries FROM security_report(:ca, :'m') WHERE section <> 'audit'; RESET ROLE;
SET ROLE om_test_sec_worker;
SELECT wf_try(format($$SELECT * FROM omledger.security_report(%s, %L)$$, :ca, :'m'));
SELECT wf_try(format($$SELECT * FROM omledger.security_report_contact_reads(%s, %L)$$, :ca, :'m'));
RESET ROLE;
SET ROLE om_test_sec_other;
SELECT wf_try(format($$SELECT * FROM omledger.security_report_roster_changes(%s, %L)$$, :ca, :'m'));
SELECT section, entries FROM security_report(:cb, :'m') WHERE section IN ('roster', 'denied');
RESET ROLE;
SET ROLE om_test_sec_intake;
SELECT wf_try(format($$SELECT * FROM omledger.security_report_denied(%s, %L)$$, :ca, :'m'));
RESET ROLE;
CREATE ROLE om_test_sec_nobody NOLOGIN;
GRANT USAGE ON SCHEMA omledger TO om_test_sec_nobody;
SET ROLE om_test_sec_nobody;
SELECT wf_try(format($$SELECT * FROM omledger.security_report(%s, %L)$$, :ca, :'m'));
RESET ROLE;

-- ---------------------------------------------------------------------
-- The personal data report: the data patch with its approval
SET ROLE om_test_sec_lead;
SELECT sub_kind, title, requested_by, procedure_decision, procedure_approver,
       executed_at IS NOT NULL AS executed, procedure_decided_at <= executed_at AS approved_before,
       status, effort
  FROM personal_data_report(:ca, :'m');
SELECT d->>'title' AS title, jsonb_array_length(d->'sections'->0->'rows') AS rows,
       d->'sections'->0->'rows'->0->>'approver' AS approver
  FROM personal_data_report_doc(:ca, :'m') AS d;
SELECT personal_data_report_document(:ca, :'m', 'markdown') LIKE '# 個人情報等取扱状況報告書%' AS markdown_title;
RESET ROLE;
-- nothing in 2025-11; the other contractor sees none of A's
SELECT count(*) AS rows_2025_11 FROM personal_data_report(:ca, '2025-11');
SET ROLE om_test_sec_other;
SELECT count(*) AS a_rows_seen_by_b FROM personal_data_report(:ca, :'m');
SELECT personal_data_report_doc(:ca, :'m') IS NULL AS no_document_for_b;
RESET ROLE;
SET ROLE om_test_sec_city;
SELECT count(*) AS a_rows_seen_by_city FROM personal_data_report(:ca, :'m');
RESET ROLE;

\i sql/include/security_fixture_end.sql
