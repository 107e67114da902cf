-- ledger: a contract like Sapporo's 令和7年度 基幹系システム運用保守業務
-- (住民記録等) with its roster, its O&M menu and six months of work
-- (October 2025 to March 2026) of every kind, entered as paper records are:
-- by an administrator naming the persons, with the times they happened.
-- All names of companies and people are fictitious.
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';

INSERT INTO contract (name, contractor, roles, term, handover_in, previous_contractor, next_contractor)
VALUES ('令和7年度 基幹系システム運用保守業務（住民記録等）', '北星情報システム株式会社',
		'{operator,vendor}', '[2025-10-01,2028-01-01)', '[2025-10-01,2026-01-01)',
		'大通データサービス株式会社', NULL);

INSERT INTO person (contract_id, name, organisation, side, db_role, registered, approved_on, roles)
SELECT c.contract_id, p.name, p.org, p.side, NULL, p.reg::daterange, p.approved::date, p.roles::text[]
FROM contract c,
(VALUES
	('石狩 美咲', '札幌市 デジタル戦略推進局 住民情報課', 'city', '[2025-04-01,)', NULL, '{}'),
	('豊平 健一', '札幌市 デジタル戦略推進局 住民情報課', 'city', '[2025-04-01,)', NULL, '{}'),
	('白石 由紀', '札幌市 デジタル戦略推進局 住民情報課', 'city', '[2025-04-01,)', NULL, '{}'),
	('北村 大輔', '北星情報システム株式会社', 'contractor', '[2025-10-01,)', '2025-09-12', '{business_lead,data_protection_manager}'),
	('南 さくら', '北星情報システム株式会社', 'contractor', '[2025-10-01,)', '2025-09-12', '{site_lead,worker}'),
	('東 拓海', '北星情報システム株式会社', 'contractor', '[2025-10-01,)', '2025-09-12', '{deputy_site_lead,worker}'),
	('西田 翔', '北星情報システム株式会社', 'contractor', '[2025-10-01,)', '2025-09-12', '{worker}'),
	('中島 彩', '北星情報システム株式会社', 'contractor', '[2026-01-05,)', '2025-12-22', '{worker}'),
	('大通 修', '大通データサービス株式会社', 'predecessor', '[2025-09-01,2026-01-01)', '2025-08-25', '{worker}'),
	('円山 恵', '大通データサービス株式会社', 'predecessor', '[2025-09-01,2026-01-01)', '2025-08-25', '{worker}'),
	('藻岩 誠', '藻岩ソフト開発株式会社', 'modification_vendor', '[2025-11-01,2026-04-01)', '2025-10-20', '{worker}')
) AS p(name, org, side, reg, approved, roles);

-- The O&M menu (a few of its tasks); one was revised in January.
INSERT INTO menu_item (contract_id, code, title, performer, system_code, procedure_ref, frequency, valid)
SELECT contract_id, m.code, m.title, m.performer, m.sys, m.proc, m.freq, '[2025-10-01,)'
FROM contract,
(VALUES
	('SJK-D-01', '夜間バッチ処理結果の確認', 'operator', 'SJK', 'SJK-手順-001 第3版', 'daily'),
	('SJK-M-01', '月次統計データの作成', 'operator', 'SKT', 'SKT-手順-010 第2版', 'monthly'),
	('ATC-M-01', '市民情報抽出ファイルの配信', 'operator', 'ATC', 'ATC-手順-004 第1版', 'monthly'),
	('GGR-Y-01', '学齢簿の年次更新', 'vendor', 'GGR', 'GGR-手順-002 第5版', 'yearly'),
	('SNK-E-01', '選挙人名簿の抄本作成', 'operator', 'SNK', 'SNK-手順-007 第4版', 'on request')
) AS m(code, title, performer, sys, proc, freq);
INSERT INTO menu_item (contract_id, code, title, performer, system_code, procedure_ref, frequency, valid)
SELECT contract_id, 'SJK-D-01', '夜間バッチ処理結果とOMEログの確認', 'operator', 'SJK', 'SJK-手順-001 第4版', 'daily', '[2026-01-05,)'
FROM contract;

-- A city's own evidence type.
INSERT INTO evidence_type (evidence_type, description) VALUES ('ome_job_registration', 'OME へのジョブ登録結果');

CREATE FUNCTION pg_temp.pid(n text) RETURNS bigint LANGUAGE sql AS
$$ SELECT person_id FROM omledger.person WHERE name = n $$;
CREATE FUNCTION pg_temp.mv(item bigint, st text, at timestamptz) RETURNS void LANGUAGE sql AS
$$ UPDATE omledger.work_item SET status = st, status_changed_at = at WHERE item_id = item $$;
CREATE FUNCTION pg_temp.ok(item bigint, subject text, at timestamptz, who text DEFAULT '豊平 健一') RETURNS void LANGUAGE sql AS
$$ INSERT INTO omledger.approval (contract_id, item_id, subject, approver_id, decision, decided_at)
   SELECT contract_id, item, subject, pg_temp.pid(who), 'approved', at FROM omledger.work_item WHERE item_id = item $$;
CREATE FUNCTION pg_temp.ev(item bigint, type text, result text, at timestamptz, ref text, who text DEFAULT '南 さくら') RETURNS void LANGUAGE sql AS
$$ INSERT INTO omledger.evidence (contract_id, item_id, evidence_type, reference, result, performed_at, recorded_by)
   SELECT contract_id, item, type, ref, result, at, pg_temp.pid(who) FROM omledger.work_item WHERE item_id = item $$;
CREATE FUNCTION pg_temp.item(kind text, sub text, title text, at timestamptz, requester text, sys text,
							 due date DEFAULT NULL, occurred timestamptz DEFAULT NULL,
							 perf text DEFAULT NULL, parent bigint DEFAULT NULL) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	id bigint;
	st text := (SELECT status FROM omledger.workflow_status s WHERE s.kind = item.kind AND is_initial);
BEGIN
	INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status, requested_by, requested_at, due_on, occurred_at, performer, parent_id)
	SELECT contract_id, kind, sub, title, st, pg_temp.pid(requester), at, due, occurred, perf, parent FROM omledger.contract
	RETURNING item_id INTO id;
	INSERT INTO omledger.work_item_system VALUES (id, sys);
	RETURN id;
END $$;

DO $$
DECLARE
	d date;
	id bigint;
	f bigint;
	mi bigint;
	t timestamptz;
	n int := 0;
BEGIN
	-- Menu: the nightly batch check on every open day; during the handover
	-- the predecessor confirms each week's checks.
	FOR d IN SELECT g::date FROM generate_series('2025-10-01'::date, '2026-03-31', '1 day') g
			 WHERE omledger.is_open_day(g::date)
	LOOP
		SELECT menu_item_id INTO mi FROM omledger.menu_item
		WHERE code = 'SJK-D-01' AND valid @> d;
		t := d + time '08:30';
		INSERT INTO omledger.work_item (contract_id, kind, title, status, menu_item_id, performer, requested_by, requested_at)
		SELECT contract_id, 'menu_task', '夜間バッチ確認 ' || d, 'scheduled', mi, 'operator', pg_temp.pid('南 さくら'), t
		FROM omledger.contract RETURNING item_id INTO id;
		INSERT INTO omledger.work_item_system VALUES (id, 'SJK');
		PERFORM pg_temp.mv(id, 'in_progress', t + interval '15 minutes');
		PERFORM pg_temp.mv(id, 'done', t + interval '45 minutes');
		IF d < '2026-01-01' THEN
			PERFORM pg_temp.ev(id, 'predecessor_confirmation', 'pass', t + interval '2 hours', '引継確認票 ' || d, '大通 修');
		END IF;
		PERFORM pg_temp.mv(id, 'closed', t + interval '3 hours');
	END LOOP;

	-- Menu: the monthly statistics on the first open day of each month.
	FOR d IN SELECT omledger.next_open_day(g::date) FROM generate_series('2025-10-01'::date, '2026-03-01', '1 month') g
	LOOP
		t := d + time '10:00';
		INSERT INTO omledger.work_item (contract_id, kind, title, status, menu_item_id, performer, requested_by, requested_at, due_on)
		SELECT c.contract_id, 'menu_task', '月次統計 ' || to_char(d, 'YYYY-MM'), 'scheduled', m.menu_item_id, 'operator',
			   pg_temp.pid('南 さくら'), t, omledger.add_open_days(d, 3)
		FROM omledger.contract c JOIN omledger.menu_item m ON m.contract_id = c.contract_id AND m.code = 'SJK-M-01'
		RETURNING item_id INTO id;
		INSERT INTO omledger.work_item_system VALUES (id, 'SKT');
		PERFORM pg_temp.mv(id, 'in_progress', t + interval '1 hour');
		CONTINUE WHEN d >= '2026-03-01';		-- March's is still running
		PERFORM pg_temp.mv(id, 'done', t + interval '1 day');
		IF d < '2026-01-01' THEN
			PERFORM pg_temp.ev(id, 'predecessor_confirmation', 'pass', t + interval '1 day 2 hours', '引継確認票 月次統計', '円山 恵');
		END IF;
		PERFORM pg_temp.mv(id, 'closed', t + interval '1 day 3 hours');
	END LOOP;

	-- Handover: one item per system, weekly reports, the predecessor's confirmation.
	FOR d, f IN SELECT '2025-10-06'::date + (i * 7), i FROM generate_series(0, 7) i
	LOOP
		id := pg_temp.item('handover', 'handover_in',
			'引継ぎ: ' || (ARRAY['SJK','SKT','ATC','ATE','GGR','GTU','GSK','SNK'])[f + 1] || ' の運用手順',
			d + time '10:00', '石狩 美咲', (ARRAY['SJK','SKT','ATC','ATE','GGR','GTU','GSK','SNK'])[f + 1]);
		PERFORM pg_temp.mv(id, 'in_progress', d + time '13:00');
		PERFORM pg_temp.ev(id, 'handover_report', 'pass', d + 4 + time '16:00', '週次引継報告書 ' || d, '東 拓海');
		-- agreed by both: the predecessor records its own agreement (§5.3.2)
		PERFORM pg_temp.ev(id, 'handover_report', 'pass', d + 4 + time '16:30', '週次引継報告書 ' || d || ' 合意', '大通 修');
		PERFORM pg_temp.mv(id, 'reported', d + 4 + time '17:00');
		PERFORM pg_temp.ev(id, 'predecessor_confirmation', 'pass', d + 11 + time '15:00', '引継完了確認書', '大通 修');
		PERFORM pg_temp.mv(id, 'closed', d + 11 + time '16:00');
	END LOOP;
	-- a staff change inside the contractor: recorded, not counted
	id := pg_temp.item('handover', 'handover_in', '担当者交代（西田→中島）の社内引継ぎ', '2026-01-05 10:00', '北村 大輔', 'SJK');
	UPDATE omledger.work_item SET internal_handover = true WHERE item_id = id;
	PERFORM pg_temp.mv(id, 'in_progress', '2026-01-05 10:30');

	-- Service requests of every sub-kind.
	id := pg_temp.item('service_request', 'investigation', '転入届の処理件数が前年より少ない理由の調査', '2025-10-14 09:30', '白石 由紀', 'SJK', '2025-10-24');
	PERFORM pg_temp.mv(id, 'accepted', '2025-10-14 10:00');
	PERFORM pg_temp.mv(id, 'in_progress', '2025-10-15 09:00');
	PERFORM pg_temp.mv(id, 'done', '2025-10-22 17:00');
	PERFORM pg_temp.ev(id, 'predecessor_confirmation', 'pass', '2025-10-23 11:00', '確認済', '円山 恵');
	PERFORM pg_temp.mv(id, 'closed', '2025-10-23 15:00');

	id := pg_temp.item('service_request', 'meeting', 'インシデント等棚卸し会（週次）', '2025-11-05 10:00', '石狩 美咲', 'SJK');
	PERFORM pg_temp.mv(id, 'accepted', '2025-11-05 10:05');
	PERFORM pg_temp.mv(id, 'in_progress', '2025-11-05 14:00');
	PERFORM pg_temp.ev(id, 'minutes', NULL, '2025-11-06 17:00', '議事録 2025-11-05', '東 拓海');
	PERFORM pg_temp.mv(id, 'done', '2025-11-06 17:10');
	PERFORM pg_temp.ev(id, 'predecessor_confirmation', 'pass', '2025-11-07 10:00', '確認済', '大通 修');
	PERFORM pg_temp.mv(id, 'closed', '2025-11-07 11:00');

	id := pg_temp.item('service_request', 'document', '月次報告書（2026年1月分）', '2026-02-02 09:00', '石狩 美咲', 'SJK', '2026-02-06');
	PERFORM pg_temp.mv(id, 'accepted', '2026-02-02 09:10');
	PERFORM pg_temp.mv(id, 'in_progress', '2026-02-02 13:00');
	PERFORM pg_temp.ev(id, 'monthly_report', NULL, '2026-02-05 16:00', '月次報告書 2026-01', '北村 大輔');
	PERFORM pg_temp.mv(id, 'done', '2026-02-05 16:30');
	PERFORM pg_temp.mv(id, 'closed', '2026-02-09 10:00');

	id := pg_temp.item('service_request', 'closed_day_attendance', '選挙システムのリハーサル立会い（土曜）', '2026-01-26 10:00', '豊平 健一', 'SNK');
	UPDATE omledger.work_item SET scheduled_at = '2026-02-14 09:00' WHERE item_id = id;
	PERFORM pg_temp.mv(id, 'accepted', '2026-01-26 11:00');
	-- the agreement names the day it covers
	INSERT INTO omledger.approval (contract_id, item_id, subject, subject_ref, approver_id, decision, decided_at)
	SELECT contract_id, id, 'closed_day_attendance', '2026-02-14', pg_temp.pid('石狩 美咲'), 'approved', '2026-01-30 15:00'
	FROM omledger.work_item WHERE item_id = id;
	PERFORM pg_temp.mv(id, 'in_progress', '2026-02-14 09:00');
	PERFORM pg_temp.mv(id, 'done', '2026-02-14 15:00');
	PERFORM pg_temp.mv(id, 'closed', '2026-02-16 10:00');

	id := pg_temp.item('service_request', 'data_extraction', '3月の転出者一覧の抽出', '2026-03-02 09:00', '白石 由紀', 'ATC', '2026-03-06');
	PERFORM pg_temp.mv(id, 'accepted', '2026-03-02 09:30');
	PERFORM pg_temp.ev(id, 'procedure_document', NULL, '2026-03-02 15:00', '抽出手順書 ATC-2026-05');
	PERFORM pg_temp.ok(id, 'procedure', '2026-03-03 10:00');
	PERFORM pg_temp.mv(id, 'in_progress', '2026-03-03 13:00');
	PERFORM pg_temp.mv(id, 'done', '2026-03-03 16:00');
	PERFORM pg_temp.mv(id, 'closed', '2026-03-04 09:00');

	id := pg_temp.item('service_request', 'modification_vendor_support', '改修業者への仕様確認回答（外字対応）', '2025-12-01 10:00', '豊平 健一', 'SJK', '2025-12-12');
	UPDATE omledger.work_item SET spec_check_for_modification = true WHERE item_id = id;
	PERFORM pg_temp.mv(id, 'accepted', '2025-12-01 11:00');
	PERFORM pg_temp.mv(id, 'in_progress', '2025-12-02 09:00');
	-- the deadline will be missed: told in time, agreed
	INSERT INTO omledger.deadline_change (contract_id, item_id, new_due_on, reason, expected_completion, notified_at, recorded_by)
	SELECT contract_id, id, '2025-12-19', '外字データの調査範囲が拡大', '2025-12-18', '2025-12-10 16:00', pg_temp.pid('南 さくら')
	FROM omledger.contract;
	INSERT INTO omledger.approval (contract_id, item_id, subject, subject_ref, approver_id, decision, decided_at)
	SELECT contract_id, id, 'deadline_change', (SELECT max(deadline_change_id)::text FROM omledger.deadline_change), pg_temp.pid('石狩 美咲'), 'approved', '2025-12-11 10:00'
	FROM omledger.contract;
	PERFORM pg_temp.mv(id, 'done', '2025-12-18 17:00');
	PERFORM pg_temp.ev(id, 'predecessor_confirmation', 'pass', '2025-12-19 10:00', '確認済', '大通 修');
	PERFORM pg_temp.mv(id, 'closed', '2025-12-19 11:00');

	-- an investigation still open, due in March: overdue, its change told late
	id := pg_temp.item('service_request', 'investigation', '住基ネット連携エラーの傾向分析', '2026-03-09 09:00', '白石 由紀', 'SJK', '2026-03-19');
	PERFORM pg_temp.mv(id, 'accepted', '2026-03-09 10:00');
	PERFORM pg_temp.mv(id, 'in_progress', '2026-03-10 09:00');
	INSERT INTO omledger.deadline_change (contract_id, item_id, new_due_on, reason, expected_completion, notified_at, recorded_by)
	SELECT contract_id, id, '2026-03-31', 'ログの保存期間外のデータが必要', '2026-03-30', '2026-03-23 11:00', pg_temp.pid('東 拓海')
	FROM omledger.contract;

	-- Failures: a night batch abend (class A) fixed permanently by a
	-- modification; a major incident with its report; class B, C, D ones.
	f := pg_temp.item('failure_recovery', 'data_patch', '夜間バッチ異常終了（住民異動連携）', '2025-11-18 02:20', '豊平 健一', 'SJK', NULL, '2025-11-18 02:14', 'vendor');
	UPDATE omledger.work_item SET source = 'abend-notifier', dedupe_key = 'SJK-JOB-0451-20251118', failure_class = 'A' WHERE item_id = f;
	PERFORM pg_temp.mv(f, 'acknowledged', '2025-11-18 02:50');
	PERFORM pg_temp.mv(f, 'investigating', '2025-11-18 03:10');
	PERFORM pg_temp.ev(f, 'procedure_document', NULL, '2025-11-18 07:00', 'データパッチ手順書 SJK-P-2025-031', '東 拓海');
	PERFORM pg_temp.ok(f, 'procedure', '2025-11-18 08:50', '石狩 美咲');
	PERFORM pg_temp.mv(f, 'mitigated', '2025-11-18 09:30');
	PERFORM pg_temp.mv(f, 'resolved', '2025-11-19 17:00');
	PERFORM pg_temp.ev(f, 'predecessor_confirmation', 'pass', '2025-11-20 10:00', '確認済', '大通 修');
	PERFORM pg_temp.mv(f, 'closed', '2025-11-20 11:00');

	id := pg_temp.item('modification', 'permanent_fix', '住民異動連携バッチの再実行性の改修', '2025-11-20 13:00', '豊平 健一', 'SJK', NULL, NULL, NULL, f);
	UPDATE omledger.work_item SET planned_effort = '8pd', planned_effort_set_at = '2025-11-21 10:00', performer = 'vendor' WHERE item_id = id;
	PERFORM pg_temp.mv(id, 'planned', '2025-11-21 11:00');
	PERFORM pg_temp.ok(id, 'planned_effort', '2025-11-25 10:00', '石狩 美咲');
	PERFORM pg_temp.mv(id, 'approved', '2025-11-25 11:00');
	PERFORM pg_temp.mv(id, 'in_progress', '2025-12-01 09:00');
	UPDATE omledger.work_item SET release_ref = 'sjk-batch-2025.12.2', content_changed_at = '2025-12-08 18:00' WHERE item_id = id;
	PERFORM pg_temp.mv(id, 'testing', '2025-12-09 09:00');
	PERFORM pg_temp.ev(id, 'staging_test', 'pass', '2025-12-10 15:00', 'テスト結果 ST-2025-118');
	PERFORM pg_temp.ev(id, 'jenkins_run', 'fail', '2025-12-10 16:00', 'Jenkins #2291');
	PERFORM pg_temp.ev(id, 'jenkins_run', 'pass', '2025-12-11 10:00', 'Jenkins #2294');
	PERFORM pg_temp.ev(id, 'inspection', 'pass', '2025-12-11 14:00', 'インスペクション記録 IN-88', '北村 大輔');
	PERFORM pg_temp.ok(id, 'release', '2025-12-12 10:00', '石狩 美咲');
	PERFORM pg_temp.mv(id, 'release_approved', '2025-12-12 10:30');
	PERFORM pg_temp.mv(id, 'released', '2025-12-15 20:00');
	PERFORM pg_temp.ev(id, 'predecessor_confirmation', 'pass', '2025-12-17 10:00', '確認済', '大通 修');
	PERFORM pg_temp.mv(id, 'closed', '2025-12-17 11:00');

	f := pg_temp.item('failure_recovery', 'provisional_fix', '証明書発行画面が全区役所で表示されない', '2026-02-16 09:02', '白石 由紀', 'SJK', NULL, '2026-02-16 09:00', 'operator');
	UPDATE omledger.work_item SET severity = 'major', failure_class = 'A' WHERE item_id = f;
	PERFORM pg_temp.mv(f, 'acknowledged', '2026-02-16 09:03');
	PERFORM pg_temp.mv(f, 'investigating', '2026-02-16 09:10');
	PERFORM pg_temp.mv(f, 'mitigated', '2026-02-16 10:40');
	PERFORM pg_temp.mv(f, 'resolved', '2026-02-16 15:00');
	PERFORM pg_temp.ev(f, 'major_incident_report', NULL, '2026-02-18 17:00', '重大障害報告書 2026-002', '北村 大輔');
	PERFORM pg_temp.mv(f, 'closed', '2026-02-20 10:00');
	-- its permanent fix (table 1, class A), planned and approved in February
	id := pg_temp.item('modification', 'permanent_fix', '証明書発行画面の設定読込処理の改修', '2026-02-19 10:00', '白石 由紀', 'SJK', NULL, NULL, 'vendor', f);
	UPDATE omledger.work_item SET planned_effort = '4pd', planned_effort_set_at = '2026-02-19 10:00',
		detail = '設定ファイルの読込失敗時に既定値で起動せず停止する不具合の恒久対応' WHERE item_id = id;
	PERFORM pg_temp.mv(id, 'planned', '2026-02-20 11:00');
	PERFORM pg_temp.ok(id, 'planned_effort', '2026-02-24 10:00', '石狩 美咲');
	PERFORM pg_temp.mv(id, 'approved', '2026-02-24 11:00');
	PERFORM pg_temp.mv(id, 'in_progress', '2026-03-02 09:00');

	f := pg_temp.item('failure_recovery', 'impact_analysis', '学齢簿の転校処理で通知書の宛名が旧住所', '2026-01-20 10:00', '豊平 健一', 'GGR', NULL, '2026-01-20 09:40', 'vendor');
	UPDATE omledger.work_item SET failure_class = 'B' WHERE item_id = f;
	PERFORM pg_temp.mv(f, 'acknowledged', '2026-01-20 10:00');
	PERFORM pg_temp.mv(f, 'investigating', '2026-01-20 10:30');
	PERFORM pg_temp.mv(f, 'resolved', '2026-01-23 17:00');
	PERFORM pg_temp.mv(f, 'closed', '2026-01-26 10:00');
	id := pg_temp.item('modification', 'permanent_fix', '転校時の通知書宛名の改修', '2026-01-26 11:00', '豊平 健一', 'GGR', NULL, NULL, NULL, f);
	UPDATE omledger.work_item SET planned_effort = '5pd', planned_effort_set_at = '2026-01-28 10:00' WHERE item_id = id;
	PERFORM pg_temp.ok(id, 'class_b_decision', '2026-01-27 16:00', '石狩 美咲');
	PERFORM pg_temp.mv(id, 'planned', '2026-01-28 11:00');
	PERFORM pg_temp.ok(id, 'planned_effort', '2026-02-02 10:00', '石狩 美咲');
	PERFORM pg_temp.mv(id, 'approved', '2026-02-02 11:00');
	PERFORM pg_temp.mv(id, 'in_progress', '2026-03-02 09:00');

	f := pg_temp.item('failure_recovery', 'impact_analysis', '他課閲覧で福祉システムの項目が空欄', '2026-02-03 14:00', '白石 由紀', 'ATE', NULL, '2026-02-03 13:30', 'operator');
	UPDATE omledger.work_item SET failure_class = 'C' WHERE item_id = f;
	PERFORM pg_temp.mv(f, 'acknowledged', '2026-02-03 14:05');
	PERFORM pg_temp.mv(f, 'investigating', '2026-02-03 14:30');
	PERFORM pg_temp.mv(f, 'resolved', '2026-02-05 17:00');
	PERFORM pg_temp.mv(f, 'closed', '2026-02-06 10:00');
	-- class C: no modification; the recurring workaround is service work
	id := pg_temp.item('service_request', 'investigation', '福祉システム連携項目の月次突合（暫定運用）', '2026-02-06 11:00', '白石 由紀', 'ATE', NULL, NULL, NULL, f);
	PERFORM pg_temp.mv(id, 'accepted', '2026-02-06 13:00');

	f := pg_temp.item('failure_recovery', 'impact_analysis', '法改正により選挙人名簿の様式が変更', '2026-03-05 10:00', '豊平 健一', 'SNK', NULL, '2026-03-05 09:00', 'vendor');
	UPDATE omledger.work_item SET failure_class = 'D' WHERE item_id = f;
	PERFORM pg_temp.mv(f, 'acknowledged', '2026-03-05 10:10');
	PERFORM pg_temp.mv(f, 'investigating', '2026-03-05 11:00');
	id := pg_temp.item('modification', 'external_change', '選挙人名簿様式の法改正対応', '2026-03-09 10:00', '豊平 健一', 'SNK', NULL, NULL, NULL, f);

	-- A preventive fix still in testing, and a release waiting for Jenkins.
	id := pg_temp.item('modification', 'security_patch_verification', '2026年3月OSセキュリティパッチ適用後の検証', '2026-03-10 09:00', '石狩 美咲', 'GTU');
	UPDATE omledger.work_item SET planned_effort = '2pd', planned_effort_set_at = '2026-03-10 10:00' WHERE item_id = id;
	PERFORM pg_temp.mv(id, 'planned', '2026-03-10 11:00');
	PERFORM pg_temp.ok(id, 'planned_effort', '2026-03-11 09:30', '豊平 健一');
	PERFORM pg_temp.mv(id, 'approved', '2026-03-11 10:00');
	PERFORM pg_temp.mv(id, 'in_progress', '2026-03-16 09:00');
	PERFORM pg_temp.mv(id, 'testing', '2026-03-18 09:00');
	PERFORM pg_temp.ev(id, 'staging_test', 'pass', '2026-03-18 15:00', 'ST-2026-031');
END $$;

DROP FUNCTION pg_temp.item(text, text, text, timestamptz, text, text, date, timestamptz, text, bigint);
DROP FUNCTION pg_temp.ev(bigint, text, text, timestamptz, text, text);
DROP FUNCTION pg_temp.ok(bigint, text, timestamptz, text);
DROP FUNCTION pg_temp.mv(bigint, text, timestamptz);
DROP FUNCTION pg_temp.pid(text);
RESET TimeZone;
SET search_path = omledger, public;
