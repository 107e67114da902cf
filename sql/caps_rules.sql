-- The rules of an effort row (src/caps_rules.c), each both ways, as the
-- roles a contractor and the city's desk would use, for a one-row
-- statement and for a multi-row one (the trigger checks every row of
-- every statement with the same functions).  One transaction, rolled back
-- at the end (roles included), and the sequences put back, so it leaves
-- nothing behind.
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
SET DateStyle = 'ISO';
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
CREATE TEMP TABLE rules_seq AS
SELECT s.oid::regclass AS seq, pg_sequence_last_value(s.oid) AS last, q.seqstart
  FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid
  JOIN pg_namespace n ON n.oid = s.relnamespace
 WHERE n.nspname = 'omledger';
BEGIN;

-- try(statement): 'ok', or the SQLSTATE and message (today's date masked)
CREATE FUNCTION public.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text;
BEGIN
  EXECUTE stmt;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
  RETURN st || ': ' || regexp_replace(replace(msg, (now() AT TIME ZONE 'Asia/Tokyo')::date::text, '<today>'),
                                      'entry \d+', 'entry #');
END $$;
GRANT EXECUTE ON FUNCTION public.try(text) TO PUBLIC;

CREATE ROLE om_test_caps NOLOGIN;
CREATE ROLE om_test_caps_desk NOLOGIN IN ROLE om_test_caps;
CREATE ROLE om_test_caps_worker NOLOGIN IN ROLE om_test_caps;
CREATE ROLE om_test_caps_former NOLOGIN IN ROLE om_test_caps;
CREATE ROLE om_test_caps_outsider NOLOGIN IN ROLE om_test_caps;
GRANT USAGE ON SCHEMA omledger TO om_test_caps;
GRANT SELECT ON ALL TABLES IN SCHEMA omledger TO om_test_caps;
GRANT INSERT, UPDATE, DELETE ON omledger.effort_log TO om_test_caps;

INSERT INTO contract (name, contractor, roles, term)
VALUES ('rules test', 'Rules KK', '{operator,vendor}', '[2025-10-01,2028-01-01)')
RETURNING contract_id AS c \gset
UPDATE effort_cap SET amount = '10h' WHERE contract_id = :c AND category = 'service' AND scope = 'month';
INSERT INTO person (contract_id, name, side, registered, db_role)
VALUES (:c, 'Desk (city)', 'city', '[2025-04-01,)', 'om_test_caps_desk') RETURNING person_id AS desk \gset
INSERT INTO person (contract_id, name, side, registered, approved_on, db_role)
VALUES (:c, 'Worker', 'contractor', '[2025-09-01,)', '2025-08-01', 'om_test_caps_worker') RETURNING person_id AS worker \gset
-- registered for October and November 2025 only
INSERT INTO person (contract_id, name, side, registered, approved_on, db_role)
VALUES (:c, 'Former', 'contractor', '[2025-10-01,2025-12-01)', '2025-09-01', 'om_test_caps_former') RETURNING person_id AS former \gset
INSERT INTO person (contract_id, name, side, registered, approved_on)
VALUES (:c, 'Vendor', 'modification_vendor', '[2025-10-01,)', '2025-09-01') RETURNING person_id AS vendor \gset
INSERT INTO person (contract_id, name, side, registered, approved_on)
VALUES (:c, 'Predecessor', 'predecessor', '[2025-10-01,2025-12-01)', '2025-09-01') RETURNING person_id AS pred \gset
INSERT INTO work_item (contract_id, kind, title, status)
VALUES (:c, 'service_request', 'rules svc', 'requested') RETURNING item_id AS svc \gset
INSERT INTO work_item (contract_id, kind, title, status)
VALUES (:c, 'service_request', 'rules gone', 'requested') RETURNING item_id AS gone \gset
INSERT INTO work_item (contract_id, kind, title, status, internal_handover)
VALUES (:c, 'handover', 'rules staff change', 'planned', true) RETURNING item_id AS ho \gset
INSERT INTO work_item (contract_id, kind, title, status, internal_handover)
VALUES (:c, 'handover', 'rules staff change 2', 'planned', true) RETURNING item_id AS ho2 \gset
SELECT count(*) AS persons FROM person WHERE contract_id = :c;

-- ---------------------------------------------------------- entered by
-- a contractor on the roster today, and the city's desk: accepted
SET ROLE om_test_caps_worker;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-10-01', '1h')$$, :svc, :worker));
SET ROLE om_test_caps_desk;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-10-02', '1h')$$, :svc, :worker));
-- a person whose registration has ended (the former's own November work
-- is entered by the desk instead), a role that is nobody: refused, alone
-- or in a statement of many rows
SET ROLE om_test_caps_former;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-11-03', '1h')$$, :svc, :former));
SET ROLE om_test_caps_desk;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-11-03', '1h')$$, :svc, :former));
SET ROLE om_test_caps_outsider;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-10-03', '1h')$$, :svc, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-10-04', '1h'), (%s, %s, '2025-10-05', '1h')$$, :svc, :worker, :svc, :worker));
-- an update's new row is checked too: entered_by changed to nobody
SET ROLE om_test_caps_desk;
SELECT try(format($$UPDATE omledger.effort_log SET entered_by = 'om_test_caps_outsider' WHERE item_id = %s AND work_date = '2025-10-01'$$, :svc));
RESET ROLE;
SELECT work_date, entered_by FROM effort_log WHERE item_id = :svc ORDER BY work_date;

-- ---------------------------------------------------------- the contractor's side
-- counted effort of a modification vendor or a predecessor: refused, in a
-- one-row and a multi-row statement, and when an update moves it there
SET ROLE om_test_caps_desk;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-10-06', '1h')$$, :svc, :vendor));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-10-06', '1h'), (%s, %s, '2025-10-06', '1h')$$, :svc, :worker, :svc, :pred));
SELECT try(format($$UPDATE omledger.effort_log SET person_id = %s WHERE item_id = %s AND work_date = '2025-10-02'$$, :pred, :svc));
-- on an item that does not count (a staff change inside the contractor):
-- recorded, in no total
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-10-06', '2h'), (%s, %s, '2025-10-06', '2h')$$, :ho, :pred, :ho, :worker));
RESET ROLE;
SELECT p.side, e.counted, e.effort FROM effort_entry e JOIN person p USING (person_id)
 WHERE e.item_id = :ho ORDER BY 1;
SELECT category, month, used FROM effort_summary WHERE contract_id = :c ORDER BY 1, 2;

-- ---------------------------------------------------------- work date
SET ROLE om_test_caps_worker;
-- before the term (the worker is registered from September), after today
-- in Japan (inside the term): refused
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-09-30', '1h')$$, :svc, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, (now() AT TIME ZONE 'Asia/Tokyo')::date + 1, '1h')$$, :svc, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-10-07', '1h'), (%s, %s, 'infinity', '1h')$$, :svc, :worker, :svc, :worker));
SELECT try(format($$UPDATE omledger.effort_log SET work_date = (now() AT TIME ZONE 'Asia/Tokyo')::date + 1 WHERE item_id = %s AND work_date = '2025-10-01'$$, :svc));
-- today in Japan (whatever the session's TimeZone): accepted
SET TimeZone = 'America/Los_Angeles';
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, (now() AT TIME ZONE 'Asia/Tokyo')::date, '1h')$$, :svc, :worker));
SET TimeZone = 'Asia/Tokyo';
RESET ROLE;
SELECT count(*) AS logged_today FROM effort_log
 WHERE item_id = :svc AND work_date = (now() AT TIME ZONE 'Asia/Tokyo')::date;

-- ---------------------------------------------------------- withdrawn items
-- (entered an hour before the cancellation: this test is one transaction,
-- whose now() does not move)
SET ROLE om_test_caps_worker;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, entered_at) VALUES (%s, %s, '2025-10-08', '3h', now() - interval '1 hour')$$, :gone, :worker));
RESET ROLE;
UPDATE work_item SET status = 'cancelled' WHERE item_id = :gone;
SET ROLE om_test_caps_worker;
-- no effort once cancelled, alone or among other rows ...
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-10-09', '1h')$$, :gone, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-10-09', '1h'), (%s, %s, '2025-10-09', '1h')$$, :svc, :worker, :gone, :worker));
-- ... nor moved onto the item; what was entered before stays and can be
-- corrected
SELECT try(format($$UPDATE omledger.effort_log SET item_id = %s WHERE item_id = %s AND work_date = '2025-10-02'$$, :gone, :svc));
SELECT try(format($$UPDATE omledger.effort_log SET note = 'before the cancellation' WHERE item_id = %s$$, :gone));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, corrects) SELECT item_id, person_id, '2025-10-10', '-1h', entry_id FROM omledger.effort_log WHERE item_id = %s$$, :gone));
RESET ROLE;
SELECT work_date, effort, note FROM effort_log WHERE item_id = :gone ORDER BY entry_id;

-- ---------------------------------------------------------- corrections
-- An entry plus its corrections is never below zero; a correction frees
-- headroom under the cap.  The service month cap is 10h.
SET ROLE om_test_caps_worker;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-11-04', '1pd')$$, :svc, :worker));
RESET ROLE;
SELECT entry_id AS day FROM effort_log WHERE item_id = :svc AND work_date = '2025-11-04' \gset
SET ROLE om_test_caps_worker;
-- more than the entry: refused, alone and in one statement of two
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, corrects) VALUES (%s, %s, '2025-11-05', '-3pm', %s)$$, :svc, :worker, :day));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, corrects) VALUES (%s, %s, '2025-11-05', '-5h', %s), (%s, %s, '2025-11-06', '-5h', %s)$$, :svc, :worker, :day, :svc, :worker, :day));
-- all of it, in two: accepted (the total is zero)
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, corrects) VALUES (%s, %s, '2025-11-05', '-5h', %s), (%s, %s, '2025-11-06', '-3h', %s)$$, :svc, :worker, :day, :svc, :worker, :day));
-- and then not a minute more, nor the entry made smaller, nor a
-- correction made larger
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, corrects) VALUES (%s, %s, '2025-11-07', '-1min', %s)$$, :svc, :worker, :day));
SELECT try(format($$UPDATE omledger.effort_log SET effort = '7h' WHERE entry_id = %s$$, :day));
SELECT try(format($$UPDATE omledger.effort_log SET effort = '-4h' WHERE corrects = %s AND effort = '-3h'$$, :day));
-- a positive correction can be taken back only while the rest stays >= 0
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, corrects) VALUES (%s, %s, '2025-11-07', '2h', %s)$$, :svc, :worker, :day));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, corrects) VALUES (%s, %s, '2025-11-10', '-1h', %s)$$, :svc, :worker, :day));
SELECT try(format($$DELETE FROM omledger.effort_log WHERE corrects = %s AND effort = '2h'$$, :day));
RESET ROLE;
SELECT effort FROM effort_log WHERE entry_id = :day OR corrects = :day ORDER BY entry_id;
SELECT sum(effort) AS entry_total FROM effort_log WHERE entry_id = :day OR corrects = :day;
-- the headroom freed counts: with the day taken back (but 1h) the month
-- has 2h of its 10h, so 8h more fit (not with the day: 1h + 1pd + 8h), and
-- a minute more does not
SELECT used FROM effort_summary WHERE contract_id = :c AND category = 'service' AND month = '2025-11';
SET ROLE om_test_caps_desk;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-11-11', '8h')$$, :svc, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-11-12', '1min')$$, :svc, :worker));
RESET ROLE;

-- ---------------------------------------------------------- a day's effort
-- At most 24h of a person's effort on one day, over all items; a NOTICE
-- above omledger.daily_effort_notice (8h by default, per session).  (Most
-- of it on the staff changes, which are under no cap.)
SET ROLE om_test_caps_worker;
SHOW omledger.daily_effort_notice;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-01', '6h'), (%s, %s, '2025-12-01', '4h')$$, :ho, :worker, :ho2, :worker));
SET omledger.daily_effort_notice = '12h';
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-01', '1h')$$, :svc, :worker));
RESET omledger.daily_effort_notice;
-- 24h is a day; a minute more is refused, alone, among other rows, or by
-- an update
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-02', '24h 1min')$$, :ho, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-02', '14h'), (%s, %s, '2025-12-02', '10h 1min')$$, :ho, :worker, :ho2, :worker));
SET omledger.daily_effort_notice = 0;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-02', '14h'), (%s, %s, '2025-12-02', '10h')$$, :ho, :worker, :ho2, :worker));
SELECT try(format($$UPDATE omledger.effort_log SET effort = '10h 1min' WHERE item_id = %s AND work_date = '2025-12-02'$$, :ho2));
-- nor moved onto the full day
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-03', '2h')$$, :svc, :worker));
SELECT try(format($$UPDATE omledger.effort_log SET work_date = '2025-12-02' WHERE item_id = %s AND work_date = '2025-12-03'$$, :svc));
RESET omledger.daily_effort_notice;
RESET ROLE;
SELECT work_date, sum(effort) FROM effort_log WHERE person_id = :worker AND work_date >= '2025-12-01'
 GROUP BY 1 ORDER BY 1;
-- rows loaded around the triggers are listed by caps_verify()
SET session_replication_role = replica;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:gone, :worker, '2025-12-02', '1h');
SELECT count(*) AS loaded FROM effort_log WHERE item_id = :gone AND work_date = '2025-12-02';
RESET session_replication_role;
SELECT logged, problem FROM caps_verify() WHERE problem LIKE 'OM135%' ORDER BY logged;
SET session_replication_role = replica;
DELETE FROM effort_log WHERE item_id = :gone AND work_date = '2025-12-02';
RESET session_replication_role;
-- The trigger first sums the effort in the index entries of the day
-- (effort_log_person_date INCLUDE (effort)): an upper bound that counts
-- corrections as zero and rows rolled back or dead as live.  Above 24h it
-- reads the rows: a day that only the bound puts over 24h is accepted.
-- A correction: 20h, -10h, then 12h fit (22h), 3h more do not.
SET ROLE om_test_caps_worker;
SET omledger.daily_effort_notice = 0;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-04', '20h')$$, :ho, :worker));
RESET ROLE;
SELECT entry_id AS long_day FROM effort_log WHERE item_id = :ho AND work_date = '2025-12-04' \gset
SET ROLE om_test_caps_worker;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, corrects) VALUES (%s, %s, '2025-12-04', '-10h', %s)$$, :ho, :worker, :long_day));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-04', '12h')$$, :ho2, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-04', '3h')$$, :svc, :worker));
-- rows rolled back: 20h + 5h refused (their index entries stay), then 10h
-- fit, and 14h more, not 14h 1min
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-05', '20h'), (%s, %s, '2025-12-05', '5h')$$, :ho, :worker, :ho2, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-05', '10h')$$, :ho, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-05', '14h 1min')$$, :ho2, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-05', '14h')$$, :ho2, :worker));
RESET omledger.daily_effort_notice;
RESET ROLE;
SELECT work_date, count(*) AS entries, sum(effort) FROM effort_log
 WHERE person_id = :worker AND work_date IN ('2025-12-04', '2025-12-05') GROUP BY 1 ORDER BY 1;
-- With 0.3's index (no effort in it) the rows are always read: the same
-- answers.
DROP INDEX effort_log_person_date;
CREATE INDEX effort_log_person_date ON effort_log (person_id, work_date);
SET ROLE om_test_caps_worker;
SET omledger.daily_effort_notice = 0;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-06', '20h'), (%s, %s, '2025-12-06', '5h')$$, :ho, :worker, :ho2, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-06', '10h')$$, :ho, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-06', '14h 1min')$$, :ho2, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-06', '14h')$$, :ho2, :worker));
RESET omledger.daily_effort_notice;
RESET ROLE;
DROP INDEX effort_log_person_date;
CREATE INDEX effort_log_person_date ON effort_log (person_id, work_date) INCLUDE (effort);
SELECT work_date, count(*) AS entries, sum(effort) FROM effort_log
 WHERE person_id = :worker AND work_date = '2025-12-06' GROUP BY 1;
-- The bound is read from the index's leaf page alone when the day's entries
-- end on it (src/btree_leaf.c).  A day of 720 entries of 2 minutes, on 720
-- staff changes, fills several leaf pages: the read must go on past the
-- first one.  24h fit; a minute more is refused (with the sum of the first
-- page only, it would be accepted), alone or in a statement of two rows.
-- (An entry takes 36 bytes of a leaf page of 8 kB: at most 226 a page.)
INSERT INTO work_item (contract_id, kind, title, status, internal_handover)
SELECT :c, 'handover', 'rules small change ' || g, 'planned', true FROM generate_series(1, 721) g;
SET ROLE om_test_caps_worker;
SET omledger.daily_effort_notice = 0;
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort)
  SELECT item_id, %s, '2025-12-07', '2min' FROM omledger.work_item WHERE title LIKE 'rules small change %%' AND title <> 'rules small change 721'$$, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort)
  SELECT item_id, %s, '2025-12-07', '1min' FROM omledger.work_item WHERE title = 'rules small change 721'$$, :worker));
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-12-07', '1min'), (%s, %s, '2025-12-08', '1min')$$, :ho, :worker, :ho2, :worker));
RESET omledger.daily_effort_notice;
RESET ROLE;
SELECT count(*) AS entries, sum(effort) FROM effort_log WHERE person_id = :worker AND work_date = '2025-12-07';
-- (not counted in any total: the staff changes; removed for what follows)
SET session_replication_role = replica;
DELETE FROM effort_log WHERE person_id = :worker AND work_date IN ('2025-12-04', '2025-12-05', '2025-12-06', '2025-12-07');
DELETE FROM work_item WHERE title LIKE 'rules small change %';
RESET session_replication_role;

-- ---------------------------------------------------------- caps_verify
-- rows that came to break a rule after they were entered are listed, with
-- the rule; the totals still agree
SELECT count(*) AS before FROM caps_verify();
UPDATE contract SET term = '[2025-10-05,2028-01-01)' WHERE contract_id = :c;
UPDATE person SET registered = '[2025-10-01,2025-10-02)' WHERE person_id = :worker;
SELECT problem, count(*) FROM caps_verify() WHERE contract_id = :c GROUP BY 1 ORDER BY 1;
SELECT count(*) AS totals_differ FROM caps_verify() WHERE entry_id IS NULL;
-- the listing reads the tables directly: only for a role that may read them
CREATE ROLE om_test_caps_nosy NOLOGIN;
GRANT USAGE ON SCHEMA omledger TO om_test_caps_nosy;
GRANT SELECT ON omledger.effort_log TO om_test_caps_nosy;
SET ROLE om_test_caps_nosy;
SELECT try('SELECT count(*) FROM omledger.caps_entry_problems()');
SET ROLE om_test_caps_desk;
SELECT try('SELECT count(*) FROM omledger.caps_entry_problems()');
SELECT count(*) AS problems FROM omledger.caps_entry_problems();
RESET ROLE;
-- and the trigger now refuses the same
SELECT try(format($$INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (%s, %s, '2025-10-04', '1h')$$, :svc, :former));

ROLLBACK;
SELECT bool_and(pg_catalog.setval(seq, COALESCE(last, seqstart), last IS NOT NULL) IS NOT NULL)
       AS sequences_restored
  FROM rules_seq;
DROP TABLE rules_seq;
