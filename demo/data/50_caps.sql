-- caps: the effort logged on the demo contract's work, October 2025 to
-- March 2026.  Every item gets a few days of work by the contractor's
-- staff registered on those days (open days only, on the city's
-- calendar); February 2026 is a heavy month for service requests, at 93 %
-- of the 3pm monthly cap (both alert thresholds crossed).  October to
-- January are closed after their reports; a correction of a January entry
-- is logged in February.
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';

-- The effort sheets are keyed in by the city's O&M desk: the loading role is
-- city staff of the contract (effort is entered by a person on the roster
-- or by the city's staff).
INSERT INTO omledger.person (contract_id, name, organisation, side, db_role, registered)
SELECT contract_id, '運用窓口（デモ入力）', '札幌市 デジタル戦略推進局', 'city', current_user, '[2025-04-01,)'
FROM omledger.contract WHERE name LIKE '令和7年度 基幹系%';

DO $$
DECLARE
	c bigint := (SELECT contract_id FROM omledger.contract WHERE name LIKE '令和7年度 基幹系%');
	workers bigint[];
	r record;
	d date;
	n int;
	left_min bigint;
	feb_item bigint;
	e omledger.effort;
	w bigint;
	room bigint;
BEGIN
	-- a few days of work on every item, from the day it was requested
	FOR r IN
		SELECT w.item_id, w.kind, (w.requested_at AT TIME ZONE 'Asia/Tokyo')::date AS day0
		  FROM omledger.work_item w
		 WHERE w.contract_id = c AND NOT w.internal_handover
		 ORDER BY w.item_id
	LOOP
		d := omledger.next_open_day(r.day0);
		FOR n IN 0 .. 1 + r.item_id % 4 LOOP
			EXIT WHEN d >= '2026-03-20';
			SELECT array_agg(p.person_id ORDER BY p.person_id) INTO workers
			  FROM omledger.person p
			 WHERE p.contract_id = c AND p.side = 'contractor' AND p.registered @> d;
			e := omledger.make_effort(h => 2 + (r.item_id * 7 + n * 3) % 5);
			-- the worker whose turn it is, or the next one with room that day
			-- (a day's work is at most 1pd: omledger.daily_effort_notice)
			SELECT u.p INTO w
			  FROM unnest(workers) WITH ORDINALITY AS u(p, i)
			 WHERE COALESCE((SELECT sum(x.effort) FROM omledger.effort_log x
			                  WHERE x.person_id = u.p AND x.work_date = d), '0') + e <= '1pd'
			 ORDER BY (u.i - 1 - (r.item_id + n) % cardinality(workers) + cardinality(workers)) % cardinality(workers)
			 LIMIT 1;
			IF w IS NOT NULL THEN
				INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, note)
				VALUES (r.item_id, w, d, e,
						CASE r.kind WHEN 'menu_task' THEN '定常作業' ELSE '対応' END)
				ON CONFLICT DO NOTHING;
			END IF;
			d := omledger.add_open_days(d, 1);
		END LOOP;
	END LOOP;

	-- February 2026: the data reconciliation work brings service effort to
	-- 2pm 16pd (93 % of the 3pm monthly cap)
	SELECT w.item_id INTO feb_item FROM omledger.work_item w
	 WHERE w.contract_id = c AND w.title = '福祉システム連携項目の月次突合（暫定運用）';
	SELECT omledger.effort_minutes('2pm 16pd') - COALESCE(omledger.effort_minutes(s.used), 0) INTO left_min
	  FROM (SELECT 1) one LEFT JOIN omledger.effort_summary s
	    ON s.contract_id = c AND s.category = 'service' AND s.month = '2026-02';
	d := omledger.next_open_day('2026-02-09');
	WHILE left_min > 0 AND d < '2026-03-01' LOOP
		FOR r IN
			SELECT p.person_id FROM omledger.person p
			 WHERE p.contract_id = c AND p.side = 'contractor' AND p.registered @> d
			   AND NOT EXISTS (SELECT 1 FROM omledger.effort_log x
			                    WHERE x.item_id = feb_item AND x.person_id = p.person_id AND x.work_date = d)
			 ORDER BY p.person_id
		LOOP
			EXIT WHEN left_min <= 0;
			-- what is left of the person's day (at most 1pd in all)
			room := 480 - COALESCE((SELECT omledger.effort_minutes(sum(x.effort)) FROM omledger.effort_log x
			                         WHERE x.person_id = r.person_id AND x.work_date = d), 0);
			CONTINUE WHEN room <= 0;
			e := omledger.make_effort(min => least(left_min, room));
			INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, note)
			VALUES (feb_item, r.person_id, d, e, '連携項目の突合');
			left_min := left_min - least(left_min, room);
		END LOOP;
		d := omledger.add_open_days(d, 1);
	END LOOP;

	-- the monthly reports of October to January are done: close the months
	FOR d IN SELECT generate_series('2025-10-01'::date, '2026-01-01', '1 month') LOOP
		PERFORM omledger.close_month(c, omledger.fiscal_period(d, 'month'), '月次報告会後に締め');
	END LOOP;

	-- a January entry was 1h too high: corrected in February
	INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, note, corrects)
	SELECT x.item_id, x.person_id, '2026-02-16', '-1h', '1月分の訂正（1時間過大）', x.entry_id
	  FROM omledger.effort_log x JOIN omledger.work_item w USING (item_id)
	 WHERE w.contract_id = c AND x.work_date >= '2026-01-01' AND x.work_date < '2026-02-01'
	   AND x.corrects IS NULL AND x.effort >= '3h'
	 ORDER BY x.entry_id LIMIT 1;
END $$;
