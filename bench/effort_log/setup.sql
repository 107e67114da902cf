-- bench/effort_log/setup.sql: a fresh om_bench database's fixture.
-- One contract with caps far above anything the benchmark logs (the
-- benchmark measures the cost of keeping and checking the totals, not of
-- refusals), 1000 people on the roster, 8 work items of every category,
-- and two copies of effort_log with the same columns, keys and indexes:
-- bench.bare (no trigger) and bench.plpgsql (a per-row PL/pgSQL trigger
-- doing the same work as the C trigger, the straightforward way).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION omledger;
-- This benchmark measures its own triggers; the audit log's cost (on by
-- default since 0.4) is measured by bench/audit.sh.
ALTER TABLE omledger.effort_log DISABLE TRIGGER audit_row;
CREATE SCHEMA bench;

INSERT INTO omledger.contract (name, contractor, roles, term)
VALUES ('bench', 'Bench KK', '{operator,vendor}', '[2025-10-01,2028-01-01)');
UPDATE omledger.effort_cap SET amount = '100000pm', enforcement = 'hard';
INSERT INTO omledger.person (contract_id, name, side, registered, approved_on)
SELECT 1, 'worker ' || g, 'contractor', '[2025-10-01,2028-01-01)', '2025-09-01'
  FROM generate_series(1, 1000) g;
-- the benchmark's role enters the effort as the city's desk (OM132)
INSERT INTO omledger.person (contract_id, name, side, registered, db_role)
VALUES (1, 'bench desk', 'city', '[2025-01-01,)', current_user);
INSERT INTO omledger.menu_item (contract_id, code, title, performer, valid)
VALUES (1, 'M-01', 'daily batch check', 'operator', '[2025-10-01,2028-01-01)');
INSERT INTO omledger.work_item (contract_id, kind, title, status, occurred_at, menu_item_id)
SELECT 1, k, 'bench item ' || k,
       (SELECT s.status FROM omledger.workflow_status s WHERE s.kind = k AND s.is_initial), now(),
       CASE k WHEN 'menu_task' THEN 1 END
  FROM unnest(ARRAY['service_request', 'modification', 'failure_recovery', 'menu_task',
                    'service_request', 'modification', 'service_request', 'handover'])
       WITH ORDINALITY AS u(k, o)
 ORDER BY o;

CREATE SEQUENCE bench.n;

-- n -> a unique (item, person, day): 8 items x 1000 people x 420 days (up to
-- 2026-11-24: effort is not logged ahead of today, OM133); like real logging,
-- consecutive entries fall on the same day and month (a month is 240 000
-- entries).  The entries are of 1h: a person's day is 8h, no NOTICE (OM135).
CREATE FUNCTION bench.item(n bigint) RETURNS bigint LANGUAGE sql IMMUTABLE
  RETURN 1 + n % 8;
CREATE FUNCTION bench.person(n bigint) RETURNS bigint LANGUAGE sql IMMUTABLE
  RETURN 1 + (n / 8) % 1000;
CREATE FUNCTION bench.day(n bigint) RETURNS date LANGUAGE sql IMMUTABLE
  RETURN date '2025-10-01' + ((n / 8000) % 420)::int;

CREATE TABLE bench.bare (LIKE omledger.effort_log INCLUDING ALL);
ALTER TABLE bench.bare
  ADD FOREIGN KEY (item_id) REFERENCES omledger.work_item,
  ADD FOREIGN KEY (person_id) REFERENCES omledger.person,
  ADD FOREIGN KEY (corrects) REFERENCES bench.bare;
CREATE TABLE bench.plpgsql (LIKE omledger.effort_log INCLUDING ALL);
ALTER TABLE bench.plpgsql
  ADD FOREIGN KEY (item_id) REFERENCES omledger.work_item,
  ADD FOREIGN KEY (person_id) REFERENCES omledger.person,
  ADD FOREIGN KEY (corrects) REFERENCES bench.plpgsql;

-- The PL/pgSQL equivalent: roster and closed-month checks, the charge
-- category, an upsert of one summary row per (contract, category, month)
-- and the cap checks, per row.
CREATE TABLE bench.plpgsql_total (
  contract_id bigint, category text, month date, used bigint NOT NULL,
  PRIMARY KEY (contract_id, category, month));
CREATE FUNCTION bench.plpgsql_caps() RETURNS trigger LANGUAGE plpgsql
  SET search_path = pg_catalog, omledger, pg_temp AS $$
DECLARE
  w record;
  lim record;
  m date := date_trunc('month', NEW.work_date)::date;
  cat text;
  total bigint;
  term bigint;
BEGIN
  SELECT i.contract_id, i.kind, i.spec_check_for_modification, i.internal_handover INTO w
    FROM omledger.work_item i WHERE i.item_id = NEW.item_id;
  IF NOT EXISTS (SELECT 1 FROM omledger.person p WHERE p.person_id = NEW.person_id
                    AND p.contract_id = w.contract_id AND p.registered @> NEW.work_date) THEN
    RAISE EXCEPTION 'not on the roster' USING ERRCODE = 'OM209';
  END IF;
  IF EXISTS (SELECT 1 FROM omledger.month_close c WHERE c.contract_id = w.contract_id
                AND c.month = m AND c.reopened_at IS NULL) THEN
    RAISE EXCEPTION 'month closed' USING ERRCODE = 'OM103';
  END IF;
  IF w.internal_handover THEN
    RETURN NULL;
  END IF;
  cat := omledger.charge_category(w.kind, w.spec_check_for_modification);
  INSERT INTO bench.plpgsql_total AS t VALUES (w.contract_id, cat, m, omledger.effort_minutes(NEW.effort))
  ON CONFLICT (contract_id, category, month) DO UPDATE SET used = t.used + EXCLUDED.used
  RETURNING t.used INTO total;
  SELECT * INTO lim FROM omledger.cap_limits(w.contract_id, cat, m);
  IF lim.month_hard AND total > lim.month_amount THEN
    RAISE EXCEPTION 'monthly cap' USING ERRCODE = 'OM101';
  END IF;
  IF lim.term_amount IS NOT NULL THEN
    SELECT sum(t.used) INTO term FROM bench.plpgsql_total t
     WHERE t.contract_id = w.contract_id AND t.category = cat;
    IF lim.term_hard AND term > lim.term_amount THEN
      RAISE EXCEPTION 'term cap' USING ERRCODE = 'OM102';
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER plpgsql_caps AFTER INSERT ON bench.plpgsql
  FOR EACH ROW EXECUTE FUNCTION bench.plpgsql_caps();
