-- ====================================================================
-- The audited tables (new in 0.4): the one list of them
-- Every ledger table, configuration included: every insert, update and
-- delete of it belongs in the trail of 80_audit.sql (doc/security.md
-- "What is audited") -- the tables of 0.3 and those the later files of
-- 0.4 create: the contracts' scope and alert settings, the notices other
-- systems sent, the handover, the meetings, the submissions and their
-- rules, the archived monthly reports.  This file runs last, after every
-- table it names exists.  Left out: the caps' running totals (derived
-- from the audited effort_log) and alert (raised by the extension from
-- audited changes and deadlines); sql/zz_catalog.sql lists the exceptions.
-- ====================================================================

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['contract', 'system', 'person', 'menu_item', 'work_sub_kind',
		'workflow_status', 'workflow_transition', 'work_item', 'work_item_system',
		'approval_subject', 'approval', 'evidence_type', 'evidence', 'deadline_change',
		'work_item_event', 'effort_log', 'effort_cap_default', 'effort_cap', 'cap_extension',
		'month_close', 'calendar_override', 'online_hours', 'response_allowance',
		'person_contact', 'personal_data_read', 'denied_attempt',
		'contract_system', 'alert_setting', 'incident_notice',
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
END
$$;
