-- reports: what the demo month's report shows beyond the work itself.  An
-- additional contract (追加契約) raises February's and March's service cap
-- by 1pm after the February alerts; and February is closed after its
-- report meeting, which archives its report (report_archive).  The loading
-- role acts as the city's O&M desk (50_caps.sql).
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';

DO $$
DECLARE
	c bigint := (SELECT contract_id FROM omledger.contract WHERE name LIKE '令和7年度 基幹系%');
	ap bigint;
BEGIN
	-- the additional contract for the service cap, after February's alerts
	INSERT INTO omledger.approval (contract_id, subject, subject_ref, approver_id, decision, decided_at, note)
	VALUES (c, 'additional_contract', '追加契約 札デ住第2026-014号', omledger.current_person(c), 'approved',
	        '2026-02-25 15:00', 'サービス要求 月上限 +1人月（2026年2月・3月）')
	RETURNING approval_id INTO ap;
	INSERT INTO omledger.cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
	VALUES (c, 'service', 'month', '1pm', '[2026-02-01,2026-04-01)', '追加契約 札デ住第2026-014号', ap);

	-- February's report meeting is over: close the month (its report is archived)
	PERFORM omledger.close_month(c, '2026-02', '月次報告会後に締め');
END $$;
RESET TimeZone;
