-- ====================================================================
-- The audit trail covers the tables 0.4 added (new in 0.4)
-- 80_audit.sql puts its triggers on the ledger tables that existed before
-- it; the tables the later files of 0.4 create are ledger tables too, or
-- configuration that binds the parties, and every insert, update and
-- delete of them belongs in the trail (doc/security.md "What is
-- audited"): the contracts' scope and alert settings, the notices other
-- systems sent, the handover, the meetings, the submissions and their
-- rules, and the archived monthly reports.  This file runs last, after
-- every table it names exists.  Left out, as derived data the extension
-- itself appends: alert (raised from audited changes and deadlines).
-- ====================================================================

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['contract_system', 'alert_setting', 'incident_notice',
		'handover_plan', 'handover_item', 'handover_practice', 'handover_defect', 'handover_signoff',
		'meeting_kind', 'meeting', 'meeting_attendee',
		'submission_rule', 'submission_event', 'submission', 'report_archive']
	LOOP
		EXECUTE pg_catalog.format('CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON @extschema@.%I '
								  'FOR EACH ROW EXECUTE FUNCTION @extschema@.audit_row()', t);
		EXECUTE pg_catalog.format('COMMENT ON TRIGGER audit_row ON @extschema@.%I IS %L', t,
								  'writes every inserted, updated and deleted row into omledger.audit_log');
		EXECUTE pg_catalog.format('CREATE TRIGGER audit_truncate AFTER TRUNCATE ON @extschema@.%I '
								  'FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.audit_truncate()', t);
		EXECUTE pg_catalog.format('COMMENT ON TRIGGER audit_truncate ON @extschema@.%I IS %L', t,
								  'writes a TRUNCATE of the table into omledger.audit_log');
	END LOOP;
	-- audited since 89_security_reports.sql, their TRUNCATE refused there:
	-- the trigger that would record one, so that every audited table has both
	FOREACH t IN ARRAY ARRAY['personal_data_read', 'denied_attempt']
	LOOP
		EXECUTE pg_catalog.format('CREATE TRIGGER audit_truncate AFTER TRUNCATE ON @extschema@.%I '
								  'FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.audit_truncate()', t);
		EXECUTE pg_catalog.format('COMMENT ON TRIGGER audit_truncate ON @extschema@.%I IS %L', t,
								  'writes a TRUNCATE of the table into omledger.audit_log');
	END LOOP;
END
$$;
