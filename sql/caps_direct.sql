-- The cap trigger's direct path (src/caps_lookup.c, src/caps_direct.c): a
-- one-row insert checked and counted with index probes and heap_update().
-- It must give exactly what the SQL path gives, keep effort_total's index
-- right when an update cannot be HOT, leave to the SQL path every case it
-- does not handle, and survive the extension being dropped and created
-- again in the same session.
--
-- Which path wrote the totals is seen through caps_cache_stats(): the
-- direct path looks its stripe up (where it last wrote it, or by index
-- probe), the SQL path does not.
--
-- Runs in a database of its own with an ICU collation (category is a text
-- key of effort_total: its probe must use the index's collation), dropped
-- at the end.
CREATE DATABASE caps_direct TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'
  LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8';
\c caps_direct
SET client_min_messages = warning;
CREATE EXTENSION omledger;
CREATE EXTENSION amcheck;
RESET client_min_messages;
SET search_path = omledger, public;
SET DateStyle = 'ISO';
SET track_functions = 'all';
SET omledger.daily_effort_notice = 0;	-- (its NOTICE: sql/caps_rules.sql)
\set SHOW_CONTEXT never

CREATE FUNCTION public.fixture() RETURNS void LANGUAGE sql AS $$
  INSERT INTO omledger.contract (name, contractor, roles, term)
  VALUES ('direct', 'Direct KK', '{operator,vendor}', '[2025-10-01,2028-01-01)');
  INSERT INTO omledger.person (contract_id, name, side, registered, approved_on)
  VALUES (1, 'Alice', 'contractor', '[2025-10-01,2028-01-01)', '2025-09-01'),
         (1, 'Bob', 'contractor', '[2025-11-01,2028-01-01)', '2025-10-20');
  INSERT INTO omledger.person (contract_id, name, side, registered, approved_on)
  SELECT 1, 'worker ' || g, 'contractor', '[2025-10-01,2028-01-01)', '2025-09-01'
    FROM generate_series(3, 22) g;
  -- the test's role enters effort as the city's desk (OM132)
  INSERT INTO omledger.person (contract_id, name, side, registered, db_role)
  VALUES (1, 'Desk', 'city', '[2025-01-01,)', current_user);
  INSERT INTO omledger.work_item (contract_id, kind, title, status, occurred_at,
                                  spec_check_for_modification, internal_handover)
  SELECT 1, k, 'direct ' || o, s.status, '2025-10-01 09:00+09', o = 4, o = 5
    FROM unnest(ARRAY['service_request', 'modification', 'failure_recovery',
                      'service_request', 'handover', 'service_request']) WITH ORDINALITY AS u(k, o)
    JOIN omledger.workflow_status s ON s.kind = u.k AND s.is_initial
   ORDER BY o;
$$;
SELECT fixture();
-- this session's lookups of the stripes so far (caps_cache_stats())
CREATE FUNCTION public.stripe_lookups() RETURNS bigint LANGUAGE sql AS $$
  SELECT hits + misses FROM omledger.caps_cache_stats() WHERE cache = 'stripes'
$$;
-- items: 1 service, 2 modification, 3 failure recovery (uncapped),
-- 4 spec check (charged to modification), 5 internal handover (not counted),
-- 6 service (to be changed)

-- Log one entry; say which path checked it, whether it needed a grant of
-- headroom under cap_guard (the slow path: the first entry of a month, or
-- near a cap), and the totals it left.
CREATE FUNCTION public.log(item bigint, person bigint, day date, e text)
RETURNS TABLE (path text, granted boolean, category text, month date, used bigint)
LANGUAGE plpgsql AS $$
DECLARE
  lookups bigint := stripe_lookups();
  grants bigint := (SELECT g.grants FROM omledger.cap_guard g);
BEGIN
  INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort)
  VALUES (item, person, day, e::omledger.effort);
  path := CASE WHEN stripe_lookups() > lookups THEN 'direct'
               WHEN (SELECT w.internal_handover FROM omledger.work_item w
                      WHERE w.item_id = item) THEN 'none'
               ELSE 'sql' END;
  granted := (SELECT g.grants FROM omledger.cap_guard g) > grants;
  FOR category, month, used IN
    SELECT t.category, t.month, sum(t.used)::bigint FROM omledger.effort_total t
     GROUP BY 1, 2 ORDER BY 1, 2
  LOOP
    RETURN NEXT;
  END LOOP;
END $$;

-- ------------------------------------------- every category, both ways
-- a first entry makes the stripe (a grant), the next spend its allowance
SELECT * FROM log(1, 1, '2025-10-01', '2h');
SELECT * FROM log(1, 1, '2025-10-02', '3h');
SELECT * FROM log(2, 1, '2025-10-02', '1h');
SELECT * FROM log(2, 1, '2025-10-03', '1h');
-- uncapped: no allowance kept, nothing to grant after the first
SELECT * FROM log(3, 1, '2025-10-03', '30min');
SELECT * FROM log(3, 1, '2025-10-04', '30min');
-- a spec check is modification effort; a staff change is not counted
SELECT * FROM log(4, 1, '2025-10-06', '1h');
SELECT * FROM log(5, 1, '2025-10-06', '7h 45min');
-- the rules, with the SQL path's messages
SELECT * FROM log(1, 2, '2025-10-31', '1h');		-- Bob is registered from November
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM log(1, 99, '2025-10-31', '1h');		-- nobody (the foreign key)
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM log(99, 1, '2025-10-31', '1h');		-- no such item (the foreign key)
\echo :LAST_ERROR_SQLSTATE
SELECT close_month(1, '2025-10');
SELECT * FROM log(1, 1, '2025-10-07', '1h');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM log(1, 1, '2025-11-04', '1h');
-- the hard monthly cap (3 person-months) is decided exactly, in the slow path
UPDATE effort_cap SET amount = '5h' WHERE category = 'service' AND scope = 'month';
SELECT * FROM log(1, 2, '2025-11-04', '4h');
SELECT * FROM log(1, 2, '2025-11-05', '3h');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM log(1, 2, '2025-11-05', '1h');
\echo :LAST_ERROR_SQLSTATE
UPDATE effort_cap SET amount = '3pm' WHERE category = 'service' AND scope = 'month';

-- under REPEATABLE READ, too
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT * FROM log(1, 1, '2025-11-06', '2h');
COMMIT;
-- under SERIALIZABLE the facts are read every time (predicate locks), not
-- cached: the same answers, both ways
BEGIN ISOLATION LEVEL SERIALIZABLE;
CREATE TEMP TABLE before_serializable AS SELECT * FROM omledger.caps_cache_stats();
SELECT path, category, month, used FROM log(1, 1, '2025-11-07', '1h') WHERE month = '2025-11-01';
-- nothing answered from the caches but this backend's own stripes
SELECT s.cache, s.hits - b.hits AS hits, s.misses - b.misses AS misses
  FROM omledger.caps_cache_stats() s JOIN before_serializable b USING (cache) ORDER BY 1;
SAVEPOINT s;
SELECT * FROM log(1, 2, '2025-10-30', '1h');		-- Bob: registered from November
\echo :LAST_ERROR_SQLSTATE
ROLLBACK TO SAVEPOINT s;
COMMIT;

-- an entry of more than a day is refused before any total (OM135): a
-- person's effort on one day, over all items, is at most 24h
SELECT path, used FROM log(3, 1, '2025-11-08', '1min') WHERE category = 'failure_recovery' AND month = '2025-11-01';
SELECT * FROM log(3, 1, '2025-11-09', '9223372036854775807min');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM log(1, 1, '2025-11-08', '24h');		-- after the minute above
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM log(1, 1, '2025-11-09', '24h') WHERE month = '2025-11-01' AND category = 'service';
-- so a running total near 2^63 minutes is reached only by setting it by
-- hand; then the stripe update finds it would not fit (the same message as
-- the slow path's, caps_refuse_total_overflow())
UPDATE effort_total SET used = 9223372036854775807 - 30
 WHERE category = 'failure_recovery' AND month = '2025-11-01' AND used > 0;
SELECT * FROM log(3, 1, '2025-11-10', '1h');
\echo :LAST_ERROR_SQLSTATE
UPDATE effort_total SET used = 1
 WHERE category = 'failure_recovery' AND month = '2025-11-01' AND used > 0;
SELECT count(*) AS differing FROM caps_verify();

-- ------------------------------------------------- updates that are not HOT
-- 600 entries on one stripe in one transaction: the old versions cannot be
-- pruned until it ends, the page fills, and the updates move the row to
-- other pages -- each needs a new primary-key entry.
-- (The xact statistics of PostgreSQL 15 count since their last flush, so
-- only differences within the transaction are read.)
BEGIN;
CREATE TEMP TABLE before AS
SELECT pg_stat_get_xact_tuples_updated('effort_total'::regclass) AS upd,
       pg_stat_get_xact_tuples_hot_updated('effort_total'::regclass) AS hot,
       stripe_lookups() AS lookups;
DO $$
BEGIN
  FOR p IN 3 .. 22 LOOP
    FOR d IN 0 .. 29 LOOP
      INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort)
      VALUES (3, p, date '2025-12-01' + d, '1min');
    END LOOP;
  END LOOP;
END $$;
SELECT pg_stat_get_xact_tuples_updated('effort_total'::regclass) - upd >= 599 AS updated,
       pg_stat_get_xact_tuples_updated('effort_total'::regclass) - upd
         > pg_stat_get_xact_tuples_hot_updated('effort_total'::regclass) - hot AS some_not_hot,
       stripe_lookups() - lookups = 600 AS all_direct
  FROM before;
COMMIT;
SELECT bt_index_check('effort_total_pkey', true);
SELECT count(*) AS differing FROM caps_verify();
SET enable_seqscan = off;
SELECT used FROM effort_total
 WHERE contract_id = 1 AND category = 'failure_recovery' AND month = '2025-12-01';
RESET enable_seqscan;
-- the stripe moved down by hand and the block where this session last
-- wrote it cut off by VACUUM: VACUUM's new relpages invalidates
-- effort_total's relcache entry, which empties the session's stripe cache,
-- and the stripe is found through the index (a miss).  (Should a truncation
-- leave relpages as it was, the direct path still checks that the block it
-- remembers exists: src/caps_direct.c block_exists().)
SELECT (ctid::text::point)[0]::int AS stripe_block FROM effort_total
 WHERE contract_id = 1 AND category = 'failure_recovery' AND month = '2025-12-01' AND used > 0 \gset
VACUUM effort_total;
WITH moved AS (
  DELETE FROM effort_total
   WHERE contract_id = 1 AND category = 'failure_recovery' AND month = '2025-12-01' AND used > 0
  RETURNING *)
INSERT INTO effort_total SELECT * FROM moved;
VACUUM effort_total;
SELECT :stripe_block >= pg_relation_size('effort_total') / 8192 AS block_cut_off,
       (SELECT (ctid::text::point)[0]::int FROM effort_total
         WHERE contract_id = 1 AND category = 'failure_recovery' AND month = '2025-12-01'
           AND used > 0) < :stripe_block AS stripe_moved_down;
CREATE TEMP TABLE stripes_before AS
SELECT hits, misses FROM caps_cache_stats() WHERE cache = 'stripes';
SELECT path, used FROM log(3, 4, '2025-12-31', '1min')
 WHERE category = 'failure_recovery' AND month = '2025-12-01';
SELECT s.hits - b.hits AS hits, s.misses - b.misses AS misses
  FROM caps_cache_stats() s, stripes_before b WHERE s.cache = 'stripes';
SELECT count(*) AS differing FROM caps_verify();
-- effort_total rewritten under the session (which knows where its stripes
-- were): it finds them again
VACUUM FULL effort_total;
SELECT * FROM log(3, 3, '2025-12-31', '1min') WHERE month = '2025-12-01';
SELECT count(*) AS differing FROM caps_verify();

-- ------------------------------------------- what the direct path leaves alone
-- a correction is checked by the same rules as any entry (src/caps_rules.c)
-- and counted the same way
SELECT entry_id AS first FROM effort_log ORDER BY entry_id LIMIT 1 \gset
CREATE FUNCTION public.correct(item bigint, person bigint, day date, e text, corrects bigint)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  lookups bigint := stripe_lookups();
BEGIN
  INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, corrects)
  VALUES (item, person, day, e::omledger.effort, corrects);
  RETURN CASE WHEN stripe_lookups() > lookups THEN 'direct' ELSE 'sql' END;
END $$;
SELECT correct(1, 1, '2025-11-07', '-1h', :first);
-- effort_total changed by hand: an index, a trigger (which must fire)
CREATE INDEX effort_total_used ON effort_total (used);
SELECT path FROM log(1, 1, '2025-11-10', '1h') LIMIT 1;
DROP INDEX effort_total_used;
CREATE FUNCTION public.said() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE NOTICE 'effort_total % by the SQL path', lower(TG_OP); RETURN NEW; END $$;
CREATE TRIGGER said AFTER UPDATE ON effort_total FOR EACH ROW EXECUTE FUNCTION said();
SELECT path FROM log(1, 1, '2025-11-11', '1h') LIMIT 1;
DROP TRIGGER said ON effort_total;
ALTER TABLE effort_total ADD COLUMN used_hours numeric GENERATED ALWAYS AS (used / 60.0) STORED;
SELECT path FROM log(1, 1, '2025-11-12', '1h') LIMIT 1;
SELECT count(*) AS stale_generated FROM effort_total WHERE used_hours <> used / 60.0;
ALTER TABLE effort_total DROP COLUMN used_hours;
SELECT path FROM log(1, 1, '2025-11-21', '1h') LIMIT 1;
-- a plain column added, then dropped: the direct path writes rows of the
-- table's shape
ALTER TABLE effort_total ADD COLUMN remark text DEFAULT 'kept';
SELECT path FROM log(1, 1, '2025-11-22', '1h') LIMIT 1;
SELECT DISTINCT remark FROM effort_total;
ALTER TABLE effort_total DROP COLUMN remark;
SELECT path FROM log(1, 1, '2025-11-23', '1h') LIMIT 1;
SELECT count(*) AS differing FROM caps_verify();

-- ------------------------------------------ the session's lookup cache
-- The facts read for an entry are kept for the next; a change made in this
-- session is seen by its next statement (other sessions': specs/caps_lookup).
-- lookups(): what each cache answered (hits) and what was read (misses)
-- since the last call.
CREATE TEMP TABLE last_stats AS SELECT * FROM omledger.caps_cache_stats();
CREATE FUNCTION public.lookups() RETURNS TABLE (cache text, hits bigint, misses bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    SELECT s.cache, s.hits - l.hits, s.misses - l.misses
      FROM omledger.caps_cache_stats() s JOIN last_stats l USING (cache)
     WHERE s.cache <> 'stripes' ORDER BY s.cache;
  DELETE FROM last_stats;
  INSERT INTO last_stats SELECT * FROM omledger.caps_cache_stats();
END $$;
-- Where one entry was charged: the totals it changed.
CREATE TEMP TABLE totals_before AS SELECT * FROM omledger.effort_total LIMIT 0;
CREATE FUNCTION public.charged(item bigint, person bigint, day date, e text)
RETURNS TABLE (category text, month date, added bigint) LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM totals_before;
  INSERT INTO totals_before SELECT * FROM omledger.effort_total;
  INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort)
  VALUES (item, person, day, e::omledger.effort);
  RETURN QUERY
    SELECT t.category, t.month, sum(t.used)::bigint FROM (
      SELECT a.category, a.month, a.used FROM omledger.effort_total a
      UNION ALL
      SELECT b.category, b.month, -b.used FROM totals_before b) t
     GROUP BY 1, 2 HAVING sum(t.used) <> 0 ORDER BY 1, 2;
END $$;
-- a charge-category change (the item has no effort left)
SELECT * FROM charged(6, 3, '2025-11-13', '1h');
DELETE FROM effort_log WHERE item_id = 6;
UPDATE work_item SET spec_check_for_modification = true WHERE item_id = 6;
SELECT * FROM charged(6, 3, '2025-11-14', '1h');
-- the roster: the second entry of an item and person has every fact from
-- the cache ...
SELECT * FROM charged(1, 3, '2025-11-14', '1h');
SELECT count(*) AS caches FROM lookups();
SELECT * FROM charged(1, 3, '2025-11-15', '1h');
SELECT * FROM lookups();
-- ... but a roster change empties the roster (and the roles read from the
-- same table): the person is read again, and refused; the items are kept
UPDATE person SET registered = '[2025-10-01,2025-11-16)' WHERE person_id = 3;
SELECT * FROM charged(1, 3, '2025-11-16', '1h');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM lookups();
-- a status change empties the items: the item cancelled is read again,
-- and refused (OM134); the roster is kept
SELECT * FROM charged(6, 5, '2025-11-16', '1h');
SELECT count(*) AS caches FROM lookups();
UPDATE work_item SET status = 'cancelled' WHERE item_id = 6;
SELECT * FROM charged(6, 5, '2025-11-17', '1h');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM lookups();
-- a change rolled back is forgotten with what was read while it was there
BEGIN;
UPDATE person SET registered = '[2025-10-01,2025-11-01)' WHERE person_id = 4;
SELECT * FROM charged(1, 4, '2025-11-17', '1h');
ROLLBACK;
SELECT * FROM charged(1, 4, '2025-11-17', '1h');
BEGIN;
SAVEPOINT s;
UPDATE person SET registered = '[2025-10-01,2025-11-01)' WHERE person_id = 4;
SELECT * FROM charged(1, 4, '2025-11-18', '1h');
ROLLBACK TO SAVEPOINT s;
SELECT * FROM charged(1, 4, '2025-11-18', '1h');
COMMIT;
-- a new item costs no session an invalidation: rows are cached only once
-- their insert committed, so an item inserted and rolled back is not
-- remembered when its id comes again
BEGIN;
INSERT INTO work_item (item_id, contract_id, kind, title)
OVERRIDING SYSTEM VALUE VALUES (1000, 1, 'modification', 'direct 1000');
SELECT * FROM charged(1000, 4, '2025-11-19', '1h');
ROLLBACK;
INSERT INTO work_item (item_id, contract_id, kind, title)
OVERRIDING SYSTEM VALUE VALUES (1000, 1, 'service_request', 'direct 1000 again');
SELECT * FROM charged(1000, 4, '2025-11-19', '1h');
-- a month reopened (with the city's approval) takes effort again
SELECT * FROM charged(1, 4, '2025-10-20', '1h');
SELECT person_id AS city FROM person WHERE name = 'Desk' \gset
INSERT INTO approval (contract_id, subject, subject_ref, approver_id, decision, decided_at)
VALUES (1, 'reopen_month', '2025-10', :city, 'approved', '2025-11-10 10:00+09')
RETURNING approval_id AS reopen \gset
SELECT reopen_month(1, '2025-10', :reopen);
SELECT * FROM charged(1, 4, '2025-10-20', '1h');
-- the totals are exact; person 3's entries after the end of the
-- registration set above now break the roster rule (listed, not dropped)
SELECT count(*) FILTER (WHERE entry_id IS NULL) AS differing,
       count(*) FILTER (WHERE entry_id IS NOT NULL) AS broken, min(problem)
  FROM caps_verify();
SELECT count(*) AS registered_after FROM effort_log WHERE person_id = 3 AND work_date >= '2025-11-16';

-- ---------------------------------------- the extension dropped and re-made
-- the relations have new OIDs; the direct path must look them up again
DROP EXTENSION omledger CASCADE;
SET client_min_messages = warning;
CREATE EXTENSION omledger;
RESET client_min_messages;
SELECT fixture();
SELECT * FROM log(1, 1, '2025-10-01', '2h');
SELECT * FROM log(1, 1, '2025-10-02', '2h');

\c contrib_regression
DROP DATABASE caps_direct;
