\echo Use "CREATE EXTENSION omledger" to load this file. \quit

-- ====================================================================
-- the monthly security reports (new in 0.4)
-- §9 asks for two reports after every month: the セキュリティ保全状況報告書
-- (how the security annex was kept: who was registered, changes of the
-- roster, handling of personal data, refusals, incidents) and the
-- 個人情報等取扱状況報告書 (the handling of personal data: data
-- extractions and data patches with their approvals).  0.3 could answer
-- neither: nobody recorded reads of personal data, nor refusals.
--
-- Reads of personal data.  The contact data of the roster (person_contact,
-- 87_*) is the personal data the ledger itself holds.  A contractor reads
-- it only through person_contact_read(contract, purpose), which returns
-- what the table's policy lets the caller see and records one row per
-- contact returned in personal_data_read (who, when, whose, why), in the
-- reading transaction: the read and its record commit together.  The
-- contractor group loses its direct SELECT on person_contact (role_grants()
-- row 11 is now EXECUTE on the function): a direct SELECT cannot be
-- recorded (PostgreSQL has no SELECT trigger), so a record of reads is
-- complete only if the function is the only way.  The city keeps its direct
-- rights: it owns the data, and the report is about the contractor's
-- handling.  The function is VOLATILE (it writes): it does not run on a
-- hot standby, the reports do.
--
-- Refusals.  A refused statement rolls back its transaction, and with it
-- anything it wrote: no table in the database can hold it without an
-- autonomous transaction (dblink, or a background worker needing
-- shared_preload_libraries).  The refusals are in the server's log: with
-- log_destination = 'csvlog' (logging_collector = on) each error is a row
-- with the time, user, database, SQLSTATE, message and statement.  The
-- city's DBA loads the month's refusals (SQLSTATE 42501, 42xxx and the
-- extension's OMxxx) into denied_attempt with a documented INSERT ...
-- SELECT from a file_fdw foreign table over the csv log (doc/security.md,
-- "Refusals"); nothing is needed at server start but csvlog.  The report
-- lists the month's rows of the roles on the contract's roster, and says
-- when nothing was loaded for the month.
--
-- Who may read the reports: the city, the administrator and the reader
-- (BI) every contract; a contractor only the contracts where it is today a
-- lead (business_lead, site_lead, deputy_site_lead, data_protection_
-- manager): the report is the contractor's to submit.  Roles in none of
-- the groups: none (OM440).  The section functions read the audit log,
-- personal_data_read and denied_attempt, which nobody but the owner may
-- read, so they are SECURITY DEFINER (search_path pinned, every name
-- qualified: reviewed) and check the caller first
-- (security_report_check(), with session_role(): inside them
-- current_user is the owner).  personal_data_report() reads only tables
-- the groups read, so it runs as the caller and row-level security
-- narrows it as it narrows the tables.  All the reports are STABLE (they
-- run on a hot standby).
-- ====================================================================

-- (person_contact, personal_data_read and denied_attempt are audited like
-- every ledger table: 99_zz_audit_coverage.sql holds the one list.)

-- ------------------------------------------------ reads of personal data
CREATE TABLE @extschema@.personal_data_read (
	read_id				bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	read_at				timestamptz NOT NULL DEFAULT pg_catalog.now(),
	db_user				name NOT NULL,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	reader_id			bigint,
	subject_id			bigint NOT NULL,
	purpose				text NOT NULL CHECK (pg_catalog.btrim(purpose) OPERATOR(pg_catalog.<>) ''),
	CONSTRAINT personal_data_read_reader_fkey FOREIGN KEY (contract_id, reader_id)
		REFERENCES @extschema@.person (contract_id, person_id),
	CONSTRAINT personal_data_read_subject_fkey FOREIGN KEY (contract_id, subject_id)
		REFERENCES @extschema@.person (contract_id, person_id)
);
COMMENT ON TABLE @extschema@.personal_data_read IS
  'one row per roster entry whose contact data was read through person_contact_read(): written by that function only, append-only, read by the security report';
COMMENT ON COLUMN @extschema@.personal_data_read.read_id IS 'Identifier';
COMMENT ON COLUMN @extschema@.personal_data_read.read_at IS 'When it was read (the reading transaction''s time)';
COMMENT ON COLUMN @extschema@.personal_data_read.db_user IS 'The role that read (session_role(): SET ROLE, else the login role)';
COMMENT ON COLUMN @extschema@.personal_data_read.contract_id IS 'The contract whose roster was read';
COMMENT ON COLUMN @extschema@.personal_data_read.reader_id IS 'The reader''s roster entry on that contract, registered that day (NULL: city staff on no roster of it, an administrator)';
COMMENT ON COLUMN @extschema@.personal_data_read.subject_id IS 'The roster entry whose contact data was read';
COMMENT ON COLUMN @extschema@.personal_data_read.purpose IS 'Why it was read, as the reader gave it';
CREATE INDEX personal_data_read_contract_idx ON @extschema@.personal_data_read (contract_id, read_at);
CREATE INDEX personal_data_read_subject_idx ON @extschema@.personal_data_read (contract_id, subject_id);
REVOKE ALL ON @extschema@.personal_data_read FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('@extschema@.personal_data_read', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.personal_data_read_read_id_seq', '');
CREATE TRIGGER personal_data_read_immutable BEFORE UPDATE OR DELETE ON @extschema@.personal_data_read
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER personal_data_read_immutable ON @extschema@.personal_data_read IS
  'A record of a read is never changed nor removed (OM214): a roster entry whose contact data was read is kept (its registration ends instead), as one that approved something is';
CREATE TRIGGER personal_data_read_no_truncate BEFORE TRUNCATE ON @extschema@.personal_data_read
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER personal_data_read_no_truncate ON @extschema@.personal_data_read IS
  'A record of a read is never changed nor removed (OM214)';

-- The contact data the caller may read, each row returned recorded.  The
-- same rows as a SELECT under the policy contact_rows: the city (and a
-- role in no group that holds SELECT on person_contact) every row of the
-- contract, a contractor those of a contract where it is a lead today, the
-- reader and the administrator nothing (refused, as a SELECT would be).
-- SECURITY DEFINER, reviewed: it reads person_contact and writes
-- personal_data_read as the owner after deciding as above from the
-- session's role; no input reaches a statement but as a parameter.
CREATE FUNCTION @extschema@.person_contact_read(contract_id bigint, purpose text)
  RETURNS TABLE (person_id bigint, name text, roles text[], phone text, email text)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  who name := @extschema@.session_role();
  leads bigint[];
  city boolean;
BEGIN
  IF purpose IS NULL OR pg_catalog.btrim(purpose) OPERATOR(pg_catalog.=) '' THEN
    RAISE EXCEPTION 'a read of contact data needs its purpose'
      USING ERRCODE = 'OM441',
            DETAIL = 'Every read of personal data is recorded with why it was made (security annex 2).',
            HINT = 'Give the purpose, e.g. ''call the site lead about the night batch''.';
  END IF;
  city := coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_city'), 'USAGE'), false)
       OR (NOT coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_contractor'), 'MEMBER'), false)
           AND NOT coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_admin'), 'USAGE'), false)
           AND NOT coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_reader'), 'USAGE'), false)
           AND pg_catalog.has_table_privilege(who, '@extschema@.person_contact', 'SELECT'));
  IF NOT city THEN
    leads := @extschema@.visible_contracts(who, '{site_lead,business_lead,deputy_site_lead}');
    IF leads IS NULL OR NOT (person_contact_read.contract_id OPERATOR(pg_catalog.=) ANY (leads)) THEN
      RAISE EXCEPTION 'role "%" may not read the contact data of contract %', who, person_contact_read.contract_id
        USING ERRCODE = 'OM442',
              DETAIL = 'Contact data is read by the city and by the contract''s leads (business_lead, site_lead, deputy_site_lead) registered today.',
              HINT = 'Ask the city or a lead of the contract.';
    END IF;
  END IF;
  RETURN QUERY
  WITH r AS (
    INSERT INTO @extschema@.personal_data_read (db_user, contract_id, reader_id, subject_id, purpose)
    SELECT who, c.contract_id,
           (SELECT q.person_id FROM @extschema@.person q
             WHERE q.contract_id OPERATOR(pg_catalog.=) c.contract_id
               AND q.db_role OPERATOR(pg_catalog.=) who
               AND q.registered OPERATOR(pg_catalog.@>) (pg_catalog.now() AT TIME ZONE 'Asia/Tokyo')::date
             ORDER BY q.person_id LIMIT 1),
           c.person_id, person_contact_read.purpose
      FROM @extschema@.person_contact c
     WHERE c.contract_id OPERATOR(pg_catalog.=) person_contact_read.contract_id
    RETURNING subject_id)
  SELECT p.person_id, p.name, p.roles, c.phone, c.email
    FROM r
    JOIN @extschema@.person_contact c ON c.person_id OPERATOR(pg_catalog.=) r.subject_id
    JOIN @extschema@.person p ON p.person_id OPERATOR(pg_catalog.=) c.person_id
   ORDER BY p.person_id;
END
$$;
COMMENT ON FUNCTION @extschema@.person_contact_read(bigint, text) IS
  'the contact data of a contract''s roster the caller may read (the city; a lead of the contract today), each entry returned recorded in personal_data_read with the purpose; OM441 without a purpose, OM442 for anyone else';
-- granted by create_roles() (role_grants(): the city, the contractor)
REVOKE ALL ON FUNCTION @extschema@.person_contact_read(bigint, text) FROM PUBLIC;

-- ------------------------------------------------------------- refusals
CREATE TABLE @extschema@.denied_attempt (
	attempt_id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	logged_at			timestamptz NOT NULL,
	db_user				name NOT NULL,
	database			name,
	sqlstate			text NOT NULL CHECK (sqlstate OPERATOR(pg_catalog.~) '^[0-9A-Z]{5}$'),
	message				text NOT NULL,
	statement			text,
	loaded_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	loaded_by			name NOT NULL DEFAULT CURRENT_USER,
	CONSTRAINT denied_attempt_key UNIQUE (logged_at, db_user, sqlstate, message)
);
COMMENT ON TABLE @extschema@.denied_attempt IS
  'refused statements (permission denied, the extension''s rules) loaded from the server''s csv log by the city''s DBA (doc/security.md "Refusals"); a refusal rolls back its own transaction, so the log is where it is kept';
COMMENT ON COLUMN @extschema@.denied_attempt.attempt_id IS 'Identifier';
COMMENT ON COLUMN @extschema@.denied_attempt.logged_at IS 'When the server logged the error (csvlog log_time)';
COMMENT ON COLUMN @extschema@.denied_attempt.db_user IS 'The session''s user (csvlog user_name)';
COMMENT ON COLUMN @extschema@.denied_attempt.database IS 'The database (csvlog database_name)';
COMMENT ON COLUMN @extschema@.denied_attempt.sqlstate IS 'The SQLSTATE (csvlog sql_state_code): 42501, another 42xxx, or an OMxxx of the extension';
COMMENT ON COLUMN @extschema@.denied_attempt.message IS 'The error message';
COMMENT ON COLUMN @extschema@.denied_attempt.statement IS 'The statement refused (csvlog query), if logged';
COMMENT ON COLUMN @extschema@.denied_attempt.loaded_at IS 'When the row was loaded';
COMMENT ON COLUMN @extschema@.denied_attempt.loaded_by IS 'Who loaded it';
CREATE INDEX denied_attempt_time_idx ON @extschema@.denied_attempt (logged_at);
REVOKE ALL ON @extschema@.denied_attempt FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('@extschema@.denied_attempt', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.denied_attempt_attempt_id_seq', '');
CREATE TRIGGER denied_attempt_immutable BEFORE UPDATE OR DELETE ON @extschema@.denied_attempt
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER denied_attempt_immutable ON @extschema@.denied_attempt IS
  'A loaded refusal is never changed nor removed (OM214)';
CREATE TRIGGER denied_attempt_no_truncate BEFORE TRUNCATE ON @extschema@.denied_attempt
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER denied_attempt_no_truncate ON @extschema@.denied_attempt IS
  'A loaded refusal is never changed nor removed (OM214)';

-- ------------------------------------------------------ who may read it
-- Raises OM440 unless the session's role may read the security report of
-- the contract: the city, the administrator, the reader; a contractor that
-- is today a lead of it.  Plain (no SECURITY DEFINER): it is called from
-- the report functions, where current_user is the owner, and decides on
-- session_role().
CREATE FUNCTION @extschema@.security_report_check(contract_id bigint)
  RETURNS void
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  who name := @extschema@.session_role();
  visible bigint[];
BEGIN
  IF coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_city'), 'USAGE'), false)
     OR coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_admin'), 'USAGE'), false)
     OR (coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_reader'), 'USAGE'), false)
         AND NOT coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_contractor'), 'MEMBER'), false))
     OR pg_catalog.pg_has_role(who, (SELECT e.extowner FROM pg_catalog.pg_extension e
                                      WHERE e.extname OPERATOR(pg_catalog.=) 'omledger'), 'USAGE') THEN
    RETURN;
  END IF;
  IF coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole('omledger_contractor'), 'MEMBER'), false) THEN
    visible := @extschema@.visible_contracts(who, '{business_lead,site_lead,deputy_site_lead,data_protection_manager}');
    IF security_report_check.contract_id OPERATOR(pg_catalog.=) ANY (visible) THEN
      RETURN;
    END IF;
  END IF;
  RAISE EXCEPTION 'role "%" may not read the security report of contract %', who, security_report_check.contract_id
    USING ERRCODE = 'OM440',
          DETAIL = 'The security reports are read by the city, the administrator and the reader, and by the contract''s leads (business_lead, site_lead, deputy_site_lead, data_protection_manager) registered today.',
          HINT = 'Ask a lead of the contract or the city.';
END
$$;
COMMENT ON FUNCTION @extschema@.security_report_check(bigint) IS
  'raises OM440 unless the session''s role may read the security report of the contract: the city, the administrator, the reader (not also a contractor), the extension''s owner; a contractor that is today a lead on its roster';

-- ------------------------------------------------------------- sections
CREATE FUNCTION @extschema@.security_report_roster(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (person_id bigint, name text, organisation text, side text, roles text[],
                 registered daterange, approved_on date, db_role name)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM @extschema@.security_report_check(security_report_roster.contract_id);
  RETURN QUERY
  SELECT p.person_id, p.name, p.organisation, p.side, p.roles, p.registered, p.approved_on, p.db_role
    FROM @extschema@.person p
   WHERE p.contract_id OPERATOR(pg_catalog.=) security_report_roster.contract_id
     AND p.side OPERATOR(pg_catalog.<>) 'city'
     AND p.registered OPERATOR(pg_catalog.&&) @extschema@.fiscal_period_daterange(security_report_roster.month)
   ORDER BY p.side, p.name, p.person_id;
END
$$;
COMMENT ON FUNCTION @extschema@.security_report_roster(bigint, @extschema@.fiscal_period) IS
  'security report: who was on the roster (情報資産取扱者名簿) of the contract on any day of the period, city staff aside';

CREATE FUNCTION @extschema@.security_report_roster_changes(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (changed_at timestamptz, operation text, person_id bigint, name text,
                 changed text[], registered daterange, approved_on date,
                 entered_by name, entered_by_person bigint)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM @extschema@.security_report_check(security_report_roster_changes.contract_id);
  RETURN QUERY
  SELECT a.logged_at, a.operation,
         (coalesce(a.new_row, a.old_row) OPERATOR(pg_catalog.->>) 'person_id')::bigint,
         coalesce(a.new_row, a.old_row) OPERATOR(pg_catalog.->>) 'name',
         CASE WHEN a.operation OPERATOR(pg_catalog.=) 'UPDATE' THEN
           (SELECT pg_catalog.array_agg(n.key ORDER BY n.key)
              FROM pg_catalog.jsonb_each(a.new_row) n
             WHERE n.value IS DISTINCT FROM (a.old_row OPERATOR(pg_catalog.->) n.key)) END,
         (coalesce(a.new_row, a.old_row) OPERATOR(pg_catalog.->>) 'registered')::daterange,
         (coalesce(a.new_row, a.old_row) OPERATOR(pg_catalog.->>) 'approved_on')::date,
         a.db_user, a.person_id
    FROM @extschema@.audit_log a
   WHERE a.table_name OPERATOR(pg_catalog.=) 'person'
     AND (coalesce(a.new_row, a.old_row) OPERATOR(pg_catalog.->>) 'contract_id')::bigint
         OPERATOR(pg_catalog.=) security_report_roster_changes.contract_id
     AND coalesce(a.new_row, a.old_row) OPERATOR(pg_catalog.->>) 'side' OPERATOR(pg_catalog.<>) 'city'
     AND (a.logged_at AT TIME ZONE 'Asia/Tokyo')::date
         OPERATOR(pg_catalog.<@) @extschema@.fiscal_period_daterange(security_report_roster_changes.month)
   ORDER BY a.audit_id;
END
$$;
COMMENT ON FUNCTION @extschema@.security_report_roster_changes(bigint, @extschema@.fiscal_period) IS
  'security report: the changes of the contract''s roster entered in the period (from the audit log): when, which entry, the columns changed, the city''s approval date (approved_on), who entered it';

CREATE FUNCTION @extschema@.security_report_contact_reads(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (read_at timestamptz, db_user name, reader_id bigint, reader text,
                 subject_id bigint, subject text, purpose text)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM @extschema@.security_report_check(security_report_contact_reads.contract_id);
  RETURN QUERY
  SELECT r.read_at, r.db_user, r.reader_id, rp.name, r.subject_id, sp.name, r.purpose
    FROM @extschema@.personal_data_read r
    LEFT JOIN @extschema@.person rp ON rp.person_id OPERATOR(pg_catalog.=) r.reader_id
    JOIN @extschema@.person sp ON sp.person_id OPERATOR(pg_catalog.=) r.subject_id
   WHERE r.contract_id OPERATOR(pg_catalog.=) security_report_contact_reads.contract_id
     AND (r.read_at AT TIME ZONE 'Asia/Tokyo')::date
         OPERATOR(pg_catalog.<@) @extschema@.fiscal_period_daterange(security_report_contact_reads.month)
   ORDER BY r.read_id;
END
$$;
COMMENT ON FUNCTION @extschema@.security_report_contact_reads(bigint, @extschema@.fiscal_period) IS
  'security report: the reads of the roster''s contact data in the period (person_contact_read()), who read whose and why';

CREATE FUNCTION @extschema@.security_report_denied(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (logged_at timestamptz, db_user name, person_id bigint, name text,
                 sqlstate text, message text, statement text)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM @extschema@.security_report_check(security_report_denied.contract_id);
  RETURN QUERY
  SELECT d.logged_at, d.db_user, p.person_id, p.name, d.sqlstate, d.message, d.statement
    FROM @extschema@.denied_attempt d
    JOIN @extschema@.person p
      ON p.contract_id OPERATOR(pg_catalog.=) security_report_denied.contract_id
     AND p.db_role OPERATOR(pg_catalog.=) d.db_user
     AND p.registered OPERATOR(pg_catalog.&&) @extschema@.fiscal_period_daterange(security_report_denied.month)
   WHERE (d.logged_at AT TIME ZONE 'Asia/Tokyo')::date
         OPERATOR(pg_catalog.<@) @extschema@.fiscal_period_daterange(security_report_denied.month)
   ORDER BY d.logged_at, d.attempt_id;
END
$$;
COMMENT ON FUNCTION @extschema@.security_report_denied(bigint, @extschema@.fiscal_period) IS
  'security report: the refusals of the period (loaded from the server log into denied_attempt) of the roles on the contract''s roster in it';

CREATE FUNCTION @extschema@.security_report_incidents(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (item_id bigint, sub_kind text, title text, occurred_at timestamptz,
                 response_due_at timestamptz, reported_at timestamptz, minutes_late bigint,
                 status text, closed_at timestamptz)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM @extschema@.security_report_check(security_report_incidents.contract_id);
  RETURN QUERY
  SELECT w.item_id, w.sub_kind, w.title, w.occurred_at, w.response_due_at, w.response_started_at,
         CASE WHEN w.response_started_at IS NOT NULL THEN
           GREATEST(0::float8, pg_catalog.ceil(pg_catalog.date_part('epoch',
             w.response_started_at OPERATOR(pg_catalog.-) w.response_due_at) OPERATOR(pg_catalog./) 60::float8))::bigint END,
         w.status,
         CASE WHEN s.is_terminal THEN w.status_changed_at END
    FROM @extschema@.work_item w
    JOIN @extschema@.workflow_status s
      ON s.kind OPERATOR(pg_catalog.=) w.kind AND s.status OPERATOR(pg_catalog.=) w.status
   WHERE w.contract_id OPERATOR(pg_catalog.=) security_report_incidents.contract_id
     AND w.kind OPERATOR(pg_catalog.=) 'security_incident'
     AND (w.occurred_at AT TIME ZONE 'Asia/Tokyo')::date
         OPERATOR(pg_catalog.<@) @extschema@.fiscal_period_daterange(security_report_incidents.month)
   ORDER BY w.occurred_at, w.item_id;
END
$$;
COMMENT ON FUNCTION @extschema@.security_report_incidents(bigint, @extschema@.fiscal_period) IS
  'security report: the information security incidents that occurred in the period, when they were reported to the city against the due time, their status now';

CREATE FUNCTION @extschema@.security_report_audit(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (chain_ok boolean, first_bad_id bigint, rows_checked bigint, contract_changes bigint)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM @extschema@.security_report_check(security_report_audit.contract_id);
  RETURN QUERY
  SELECT v.ok, v.first_bad_id, v.rows_checked,
         (SELECT pg_catalog.count(*)
            FROM @extschema@.audit_log a
           WHERE (coalesce(a.new_row, a.old_row) OPERATOR(pg_catalog.->>) 'contract_id')::bigint
                 OPERATOR(pg_catalog.=) security_report_audit.contract_id
             AND (a.logged_at AT TIME ZONE 'Asia/Tokyo')::date
                 OPERATOR(pg_catalog.<@) @extschema@.fiscal_period_daterange(security_report_audit.month))
    FROM @extschema@.verify_audit_chain() v;
END
$$;
COMMENT ON FUNCTION @extschema@.security_report_audit(bigint, @extschema@.fiscal_period) IS
  'security report: the state of the audit trail now (verify_audit_chain() over the whole log) and the number of audited changes of the contract''s rows in the period';

-- Whether any refusal was loaded for the period (of anyone): an empty
-- section means "none" only if the log of the period was loaded.
CREATE FUNCTION @extschema@.security_report_loaded(month @extschema@.fiscal_period)
  RETURNS TABLE (loaded_at timestamptz)
  LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT pg_catalog.max(d.loaded_at)
    FROM @extschema@.denied_attempt d
   WHERE (d.logged_at AT TIME ZONE 'Asia/Tokyo')::date
         OPERATOR(pg_catalog.<@) @extschema@.fiscal_period_daterange($1)
  HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 0
$$;
COMMENT ON FUNCTION @extschema@.security_report_loaded(@extschema@.fiscal_period) IS
  'when refusals of the period were last loaded from the server log (no row: none loaded); says nothing about who';

-- ------------------------------------------------------------ overview
CREATE FUNCTION @extschema@.security_report(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (section text, title_ja text, entries bigint, note text)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT 'roster', '情報資産取扱者名簿（当月の登録者）',
         (SELECT pg_catalog.count(*) FROM @extschema@.security_report_roster($1, $2)), NULL::text
  UNION ALL
  SELECT 'roster_changes', '従事者の変更',
         (SELECT pg_catalog.count(*) FROM @extschema@.security_report_roster_changes($1, $2)), NULL
  UNION ALL
  SELECT 'contact_reads', '個人情報（連絡先）の閲覧',
         (SELECT pg_catalog.count(*) FROM @extschema@.security_report_contact_reads($1, $2)), NULL
  UNION ALL
  SELECT 'denied', '拒否された操作',
         (SELECT pg_catalog.count(*) FROM @extschema@.security_report_denied($1, $2)),
         CASE WHEN NOT EXISTS (SELECT 1 FROM @extschema@.security_report_loaded($2))
              THEN 'no refusals were loaded from the server log for the period' END
  UNION ALL
  SELECT 'incidents', '情報セキュリティインシデント',
         (SELECT pg_catalog.count(*) FROM @extschema@.security_report_incidents($1, $2)), NULL
  UNION ALL
  SELECT 'audit', '監査証跡',
         (SELECT a.contract_changes FROM @extschema@.security_report_audit($1, $2) a),
         (SELECT CASE WHEN a.chain_ok THEN pg_catalog.format('audit chain verified: %s rows', a.rows_checked)
                      ELSE pg_catalog.format('AUDIT CHAIN BROKEN at audit_id %s', a.first_bad_id) END
            FROM @extschema@.security_report_audit($1, $2) a)
$$;
COMMENT ON FUNCTION @extschema@.security_report(bigint, @extschema@.fiscal_period) IS
  'the monthly セキュリティ保全状況報告書 of a contract, one row per section with its number of entries (the sections: security_report_roster, _roster_changes, _contact_reads, _denied, _incidents, _audit); OM440 for a caller who may not read it';


-- The document of the report, in the shape of the renderer
-- (render_document(doc, format)): a title, meta, one section per part,
-- each with its columns and rows.
CREATE FUNCTION @extschema@.security_report_doc(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT pg_catalog.jsonb_build_object(
    'title', 'セキュリティ保全状況報告書',
    'subtitle', pg_catalog.format('%s %s', c.name, $2::text),
    'meta', pg_catalog.jsonb_build_array(
      pg_catalog.jsonb_build_array('契約', c.name),
      pg_catalog.jsonb_build_array('受託者', c.contractor),
      pg_catalog.jsonb_build_array('対象期間', $2::text),
      pg_catalog.jsonb_build_array('作成日時', pg_catalog.to_char(pg_catalog.now() AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI'))),
    'sections', pg_catalog.jsonb_build_array(
      pg_catalog.jsonb_build_object(
        'heading', '1. 情報資産取扱者名簿（当月の登録者）',
        'columns', '[{"key":"name","label":"氏名","type":"text"},{"key":"organisation","label":"所属","type":"text"},{"key":"side","label":"区分","type":"text"},{"key":"roles","label":"役割","type":"text"},{"key":"registered","label":"登録期間","type":"text"},{"key":"approved_on","label":"承認日","type":"date"}]'::jsonb,
        'rows', (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                   'name', r.name, 'organisation', r.organisation, 'side', r.side,
                   'roles', pg_catalog.array_to_string(r.roles, ', '), 'registered', r.registered::text,
                   'approved_on', r.approved_on)), '[]')
                   FROM @extschema@.security_report_roster($1, $2) r)),
      pg_catalog.jsonb_build_object(
        'heading', '2. 従事者の変更',
        'paragraphs', pg_catalog.jsonb_build_array('名簿の変更は事前に本市の承認を得る（承認日）。入力者は監査証跡による。'),
        'columns', '[{"key":"changed_at","label":"変更日時","type":"timestamp"},{"key":"operation","label":"操作","type":"text"},{"key":"name","label":"氏名","type":"text"},{"key":"changed","label":"変更項目","type":"text"},{"key":"approved_on","label":"承認日","type":"date"},{"key":"entered_by","label":"入力者","type":"text"}]'::jsonb,
        'rows', (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                   'changed_at', r.changed_at, 'operation', r.operation, 'name', r.name,
                   'changed', pg_catalog.array_to_string(r.changed, ', '), 'approved_on', r.approved_on,
                   'entered_by', r.entered_by)), '[]')
                   FROM @extschema@.security_report_roster_changes($1, $2) r)),
      pg_catalog.jsonb_build_object(
        'heading', '3. 個人情報（連絡先）の閲覧',
        'columns', '[{"key":"read_at","label":"閲覧日時","type":"timestamp"},{"key":"reader","label":"閲覧者","type":"text"},{"key":"subject","label":"対象者","type":"text"},{"key":"purpose","label":"目的","type":"text"}]'::jsonb,
        'rows', (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                   'read_at', r.read_at, 'reader', coalesce(r.reader, r.db_user::text),
                   'subject', r.subject, 'purpose', r.purpose)), '[]')
                   FROM @extschema@.security_report_contact_reads($1, $2) r)),
      pg_catalog.jsonb_build_object(
        'heading', '4. 拒否された操作',
        'paragraphs', CASE WHEN EXISTS (SELECT 1 FROM @extschema@.security_report_loaded($2))
                           THEN '[]'::jsonb
                           ELSE pg_catalog.jsonb_build_array('当月のサーバーログは取り込まれていない（no refusals were loaded from the server log for the period）。') END,
        'columns', '[{"key":"logged_at","label":"日時","type":"timestamp"},{"key":"name","label":"氏名","type":"text"},{"key":"sqlstate","label":"SQLSTATE","type":"text"},{"key":"message","label":"内容","type":"text"}]'::jsonb,
        'rows', (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                   'logged_at', r.logged_at, 'name', r.name, 'sqlstate', r.sqlstate, 'message', r.message)), '[]')
                   FROM @extschema@.security_report_denied($1, $2) r)),
      pg_catalog.jsonb_build_object(
        'heading', '5. 情報セキュリティインシデント',
        'columns', '[{"key":"occurred_at","label":"発生・検知","type":"timestamp"},{"key":"title","label":"件名","type":"text"},{"key":"sub_kind","label":"種別","type":"text"},{"key":"reported_at","label":"本市への報告","type":"timestamp"},{"key":"minutes_late","label":"遅延（分）","type":"int"},{"key":"status","label":"状態","type":"text"}]'::jsonb,
        'rows', (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                   'occurred_at', r.occurred_at, 'title', r.title, 'sub_kind', r.sub_kind,
                   'reported_at', r.reported_at, 'minutes_late', r.minutes_late, 'status', r.status)), '[]')
                   FROM @extschema@.security_report_incidents($1, $2) r)),
      pg_catalog.jsonb_build_object(
        'heading', '6. 監査証跡',
        'paragraphs', (SELECT pg_catalog.jsonb_build_array(
                         CASE WHEN a.chain_ok THEN pg_catalog.format('監査証跡のハッシュチェーンを検証した（%s 行、異常なし）。', a.rows_checked)
                              ELSE pg_catalog.format('監査証跡のハッシュチェーンに異常がある（audit_id %s）。', a.first_bad_id) END,
                         pg_catalog.format('当月の本契約の変更記録: %s 件。', a.contract_changes))
                         FROM @extschema@.security_report_audit($1, $2) a))))
    FROM @extschema@.contract c
   WHERE c.contract_id OPERATOR(pg_catalog.=) $1
$$;
COMMENT ON FUNCTION @extschema@.security_report_doc(bigint, @extschema@.fiscal_period) IS
  'the セキュリティ保全状況報告書 of a contract and period as a document for render_document() (title, meta, six sections with columns and rows); OM440 for a caller who may not read it';

-- ------------------------------------------ 個人情報等取扱状況報告書
-- The data extractions and data patches of a contract (service requests
-- and failure recoveries of those sub-kinds: they touch the residents'
-- data) with anything recorded in the period, with their procedure
-- approvals.  Runs as the caller: row-level security narrows it as it
-- narrows the tables.
CREATE FUNCTION @extschema@.personal_data_report(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (item_id bigint, kind @extschema@.work_kind, sub_kind text, title text,
                 requested_at timestamptz, requested_by text, systems text,
                 procedure_decision text, procedure_decided_at timestamptz, procedure_approver text,
                 executed_at timestamptz, status text, effort @extschema@.effort)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH m AS (SELECT @extschema@.fiscal_period_daterange($2) AS days),
  i AS (
    SELECT w.*
      FROM @extschema@.work_item w, m
     WHERE w.contract_id OPERATOR(pg_catalog.=) $1
       AND w.sub_kind OPERATOR(pg_catalog.=) ANY ('{data_extraction,data_patch}'::text[])
       AND ((w.requested_at AT TIME ZONE 'Asia/Tokyo')::date OPERATOR(pg_catalog.<@) m.days
            OR EXISTS (SELECT 1 FROM @extschema@.work_item_event e
                        WHERE e.item_id OPERATOR(pg_catalog.=) w.item_id
                          AND (e.occurred_at AT TIME ZONE 'Asia/Tokyo')::date OPERATOR(pg_catalog.<@) m.days)))
  SELECT i.item_id, i.kind, i.sub_kind, i.title, i.requested_at, rq.name,
         (SELECT pg_catalog.string_agg(s.system_code, ', ' ORDER BY s.system_code)
            FROM @extschema@.work_item_system s WHERE s.item_id OPERATOR(pg_catalog.=) i.item_id),
         pa.decision, pa.decided_at, ap.name,
         x.executed_at, i.status,
         (SELECT @extschema@.sum(l.effort) FROM @extschema@.effort_log l, m
           WHERE l.item_id OPERATOR(pg_catalog.=) i.item_id AND l.work_date OPERATOR(pg_catalog.<@) m.days)
    FROM i
    LEFT JOIN @extschema@.person rq ON rq.person_id OPERATOR(pg_catalog.=) i.requested_by
    -- executed: the first move through a transition that requires the
    -- approved procedure (rule 1)
    LEFT JOIN LATERAL (
      SELECT pg_catalog.min(e.occurred_at) AS executed_at
        FROM @extschema@.work_item_event e
        JOIN @extschema@.workflow_transition t
          ON t.kind OPERATOR(pg_catalog.=) i.kind AND t.from_status OPERATOR(pg_catalog.=) e.from_status
         AND t.to_status OPERATOR(pg_catalog.=) e.to_status AND t.enabled
         AND 'procedure_approved' OPERATOR(pg_catalog.=) ANY (t.requires)
       WHERE e.item_id OPERATOR(pg_catalog.=) i.item_id AND e.field IS NULL) x ON true
    -- the procedure decision in force then (or now, before execution)
    LEFT JOIN LATERAL (
      SELECT a.decision, a.decided_at, a.approver_id
        FROM @extschema@.approval a
       WHERE a.item_id OPERATOR(pg_catalog.=) i.item_id
         AND a.subject OPERATOR(pg_catalog.=) 'procedure'
         AND a.decided_at OPERATOR(pg_catalog.<=) coalesce(x.executed_at, 'infinity')
       ORDER BY a.decided_at DESC, a.approval_id DESC
       LIMIT 1) pa ON true
    LEFT JOIN @extschema@.person ap ON ap.person_id OPERATOR(pg_catalog.=) pa.approver_id
   ORDER BY i.requested_at, i.item_id
$$;
COMMENT ON FUNCTION @extschema@.personal_data_report(bigint, @extschema@.fiscal_period) IS
  'the 個人情報等取扱状況報告書 of a contract: its data extractions and data patches with anything recorded in the period, the procedure decision in force when each was executed (§5.2.1⑥, §5.2.4⑤), who approved it, when it was executed, the effort of the period; runs as the caller (row-level security applies)';

CREATE FUNCTION @extschema@.personal_data_report_doc(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT pg_catalog.jsonb_build_object(
    'title', '個人情報等取扱状況報告書',
    'subtitle', pg_catalog.format('%s %s', c.name, $2::text),
    'meta', pg_catalog.jsonb_build_array(
      pg_catalog.jsonb_build_array('契約', c.name),
      pg_catalog.jsonb_build_array('受託者', c.contractor),
      pg_catalog.jsonb_build_array('対象期間', $2::text)),
    'sections', pg_catalog.jsonb_build_array(
      pg_catalog.jsonb_build_object(
        'heading', 'データ抽出・データパッチ',
        'paragraphs', pg_catalog.jsonb_build_array('作業手順書は実施前に本市の承認を得る（仕様書 5.2.1⑥、5.2.4⑤）。'),
        'columns', '[{"key":"requested_at","label":"依頼日時","type":"timestamp"},{"key":"sub_kind","label":"種別","type":"text"},{"key":"title","label":"件名","type":"text"},{"key":"systems","label":"システム","type":"text"},{"key":"procedure","label":"手順書の承認","type":"text"},{"key":"approver","label":"承認者","type":"text"},{"key":"executed_at","label":"実施日時","type":"timestamp"},{"key":"status","label":"状態","type":"text"},{"key":"effort","label":"当月工数","type":"effort"}]'::jsonb,
        'rows', (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                   'requested_at', r.requested_at, 'sub_kind', r.sub_kind, 'title', r.title,
                   'systems', r.systems,
                   'procedure', CASE WHEN r.procedure_decision IS NULL THEN NULL
                                     ELSE pg_catalog.format('%s %s', r.procedure_decision,
                                            pg_catalog.to_char(r.procedure_decided_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI')) END,
                   'approver', r.procedure_approver, 'executed_at', r.executed_at,
                   'status', r.status, 'effort', r.effort::text)), '[]')
                   FROM @extschema@.personal_data_report($1, $2) r))))
    FROM @extschema@.contract c
   WHERE c.contract_id OPERATOR(pg_catalog.=) $1
$$;
COMMENT ON FUNCTION @extschema@.personal_data_report_doc(bigint, @extschema@.fiscal_period) IS
  'the 個人情報等取扱状況報告書 of a contract and period as a document for render_document(); NULL for a contract the caller cannot see';
