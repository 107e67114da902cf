-- audit_row_jsonb: the audit trail's old_row and new_row are to_jsonb() of
-- the row, whichever way they were made (src/row_jsonb.c builds them from
-- the table's kept column types, or calls to_jsonb() for a table with an
-- array, composite or json column).  For every audited table: every row's
-- latest image in the log equals to_jsonb() of the row as it stands, and
-- every update's old_row equals the image before it.  In a database of its
-- own, as a city clerk and a contractor on the roster, with values of every
-- kind the ledger's columns hold (NULLs, text with quotes and Japanese,
-- timestamps, dates, effort, booleans, arrays; and in a table of its own
-- NaN, infinities, a domain, jsonb objects and scalars).
CREATE DATABASE om_row_jsonb;
\c om_row_jsonb
CREATE EXTENSION omledger;
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
-- the group roles, dropped at the end if this test made them (the
-- security tests expect to make them)
SELECT bool_and(created) AS groups_made FROM create_roles() \gset
CREATE ROLE om_test_rj_city NOLOGIN IN ROLE omledger_city;
CREATE ROLE om_test_rj_worker NOLOGIN IN ROLE omledger_contractor;

INSERT INTO contract (name, contractor, roles, term)
VALUES ('row images "quoted" 契約', 'K', '{operator}', '[2025-10-01,2028-01-01)') RETURNING contract_id AS c \gset
INSERT INTO person (contract_id, name, side, db_role, registered)
VALUES (:c, '市 職員', 'city', 'om_test_rj_city', '[2025-04-01,)') RETURNING person_id AS clerk \gset
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles)
VALUES (:c, 'Worker', 'contractor', 'om_test_rj_worker', '[2025-04-01,)', '2025-03-01', '{worker}')
RETURNING person_id AS worker \gset
INSERT INTO person (contract_id, name, side, registered)
VALUES (:c, 'Approver', 'city', '[2025-04-01,)') RETURNING person_id AS approver \gset

SET ROLE om_test_rj_city;
SELECT built AS built_before FROM audit_row_image_stats() \gset
INSERT INTO work_item (contract_id, kind, sub_kind, title, detail, status, occurred_at, requested_at)
VALUES (:c, 'failure_recovery', 'recovery_procedure', 'バッチ異常終了 "JOB1"', E'line 1\nline 2 \\ 「詳細」',
		'reported', '2026-03-02 09:59:58.123456+09', '2026-03-02 10:00+09')
RETURNING item_id AS item \gset
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-03-02 10:05+09' WHERE item_id = :item;
INSERT INTO work_item (contract_id, kind, title, status, requested_at)
VALUES (:c, 'service_request', 'effort item', 'requested', '2026-03-02 09:00+09') RETURNING item_id AS req \gset
RESET ROLE;
-- a paper approval entered by the administrator, naming the approver
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
VALUES (:c, :item, 'procedure', :approver, 'approved', '2026-03-02 10:20+09');
SET ROLE om_test_rj_worker;
UPDATE work_item SET status = 'investigating', status_changed_at = '2026-03-02 10:30+09' WHERE item_id = :item;
INSERT INTO effort_log (item_id, person_id, work_date, effort, note)
VALUES (:req, :worker, '2026-03-02', '2h 30min', NULL), (:item, :worker, '2026-03-02', '1pd', 'night work "restart"');
RESET ROLE;

-- the images were built here, not by to_jsonb() (the tables above have no
-- array, composite or json column): at least one per audit row written
SELECT built - :built_before >= 9 AS built_here, generic FROM audit_row_image_stats();

CREATE FUNCTION pg_temp.image_check(OUT table_name name, OUT images bigint, OUT differ bigint,
									OUT updates bigint, OUT old_differ bigint)
  RETURNS SETOF record LANGUAGE plpgsql AS $$
DECLARE
	t name;
BEGIN
	FOR t IN SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
			 JOIN pg_namespace n ON n.oid = c.relnamespace
			 WHERE g.tgname = 'audit_row' AND n.nspname = 'omledger' ORDER BY c.relname
	LOOP
		table_name := t;
		EXECUTE format($q$
			SELECT count(*), count(*) FILTER (WHERE NOT EXISTS
				(SELECT FROM omledger.%I x WHERE pg_catalog.to_jsonb(x) = l.new_row))
			FROM (SELECT DISTINCT ON (a.row_key) a.new_row FROM omledger.audit_log a
				  WHERE a.table_name = %L ORDER BY a.row_key, a.audit_id DESC) l
			WHERE l.new_row IS NOT NULL$q$, t, t) INTO images, differ;
		SELECT count(*), count(*) FILTER (WHERE a.old_row IS DISTINCT FROM
				(SELECT b.new_row FROM omledger.audit_log b
				 WHERE b.table_name = a.table_name AND b.row_key = a.row_key AND b.audit_id < a.audit_id
				 ORDER BY b.audit_id DESC LIMIT 1))
		  INTO updates, old_differ
		  FROM omledger.audit_log a WHERE a.table_name = t AND a.operation = 'UPDATE'
		   AND EXISTS (SELECT FROM omledger.audit_log b
					   WHERE b.table_name = a.table_name AND b.row_key = a.row_key AND b.audit_id < a.audit_id);
		IF images > 0 THEN
			RETURN NEXT;
		END IF;
	END LOOP;
END $$;
-- every image equals to_jsonb() of its row; every old_row the image before
SELECT * FROM pg_temp.image_check();
SELECT ok, rows_checked > 0 AS checked FROM verify_audit_chain();

-- a NaN and a domain: a table of the test's own with the audit trigger
CREATE DOMAIN public.om_rj_minutes AS integer CHECK (VALUE >= 0);
CREATE TABLE omledger.om_rj_sample (id bigint PRIMARY KEY, n numeric, f float8, m public.om_rj_minutes,
	d date, ts timestamp, b boolean, e effort, j jsonb, s jsonb);
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON omledger.om_rj_sample
  FOR EACH ROW EXECUTE FUNCTION omledger.audit_row();
INSERT INTO omledger.om_rj_sample VALUES
	(1, 'NaN', '-Infinity', 5, '2026-03-02', '2026-03-02 10:00:00.5', true, '1pm 2h', '{"a": [1, {"b": null}]}', '"scalar"'),
	(2, 1.50, 2.5e-10, NULL, NULL, NULL, false, NULL, '[]', '3');
UPDATE omledger.om_rj_sample SET n = n * 2, j = j || '{"c": "「値」"}' WHERE id = 1;
SELECT * FROM pg_temp.image_check() WHERE table_name = 'om_rj_sample';
-- the writer hashed the text of the images it built (src/row_jsonb.c); the
-- verifier prints the stored jsonb: the same text, or the chain would break
SELECT ok, rows_checked > 0 AS checked FROM verify_audit_chain();
SELECT new_row FROM audit_log WHERE table_name = 'om_rj_sample' ORDER BY audit_id;
-- a column added and one dropped in this session, which keeps the table's
-- column types: the relcache invalidation makes it read them again
ALTER TABLE omledger.om_rj_sample ADD COLUMN note text;
UPDATE omledger.om_rj_sample SET note = 'added' WHERE id = 2;
ALTER TABLE omledger.om_rj_sample DROP COLUMN f;
UPDATE omledger.om_rj_sample SET b = NOT b;
SELECT x.id, l.new_row = to_jsonb(x) AS image_is_row, l.new_row ? 'note' AS has_note,
       l.new_row ? 'f' AS has_dropped
  FROM omledger.om_rj_sample x
  JOIN LATERAL (SELECT a.new_row FROM audit_log a
                 WHERE a.table_name = 'om_rj_sample' AND a.row_key = jsonb_build_object('id', x.id)
                 ORDER BY a.audit_id DESC LIMIT 1) l ON true
 ORDER BY x.id;
SELECT ok FROM verify_audit_chain();

\c contrib_regression
DROP DATABASE om_row_jsonb;
DROP ROLE om_test_rj_city, om_test_rj_worker;
\if :groups_made
DROP ROLE omledger_admin, omledger_city, omledger_contractor, omledger_reader, omledger_intake;
\endif
