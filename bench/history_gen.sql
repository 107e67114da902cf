-- bench/history_gen.sql -- ten years of ledger history, for the report
-- benchmarks (bench/reports_bi.sh; doc/reports.md, "Benchmark data
-- generator").
--
--   psql -X -v scale=1 -v per_contract=20000 -f bench/history_gen.sql DB
--
-- into a database with omledger freshly created (0.2 or later: the
-- schema of 0.2 and 0.3 takes the history without the due dates' field
-- events), as a superuser.  One
-- "lineage" is one city's succession of five two-year contracts from
-- December 2016 to November 2026 (the last one running today), each with
-- its roster (2 city staff, 25 contractor staff), a menu of 30 tasks and
-- per_contract work items spread evenly over its term: 45 % menu tasks,
-- 30 % service requests, 15 % failures, 7.5 % modifications, 2.5 %
-- handover (in the handover period).  Each item walks its kind's state
-- machine with pseudo-random delays (a hash of its id: the data is the
-- same on every run); events after the history's end (28 Nov 2026 18:00
-- Japan time) are not recorded, so recent items are still open, some of
-- them overdue.  5 % of failures and 3 % of service requests end
-- cancelled or rejected.  1 in 20 service requests has its due date moved
-- (a due_on field event).  Failures have systems, an occurrence time, a
-- response due time (response_due()) and a class once resolved; 2 % are
-- major.  Effort: 13 rows per menu task, 16 per failure, 3 per service
-- request, 5 per modification, 10 per handover item (none on cancelled or
-- rejected ones), within the caps: with the default per_contract = 20000
-- that is 100,000 items and about 975,000 effort rows per lineage.
-- scale = the number of lineages (1x, 10x, ...).
--
-- The rows are history, so they are loaded the way the documentation
-- allows for a restore (doc/effort-caps.md, "Dump and restore";
-- doc/workflow.md): with session_replication_role = replica (no trigger
-- fires: no rule checks, no events written by the engine -- the events are
-- generated here -- and no audit rows), then caps_rebuild() recomputes the
-- running totals and refuses if any hard cap were exceeded.  Contracts,
-- rosters and menus go through the triggers as usual.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET TimeZone = 'Asia/Tokyo';
SET search_path = omledger, public;

DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
CREATE TABLE bench.param AS
SELECT :scale::int AS lineages, :per_contract::int AS per_contract,
       timestamptz '2026-11-28 18:00+09' AS history_end;

-- ------------------------------------------------------------ contracts
INSERT INTO contract (name, contractor, roles, term, handover_in)
SELECT format('bench lineage %s contract %s', l, k + 1), format('contractor %s-%s', l, k + 1),
       '{operator,vendor}',
       daterange((date '2016-12-01' + make_interval(years => 2 * k))::date,
                 (date '2016-12-01' + make_interval(years => 2 * k + 2))::date),
       daterange((date '2016-12-01' + make_interval(years => 2 * k))::date,
                 (date '2016-12-01' + make_interval(years => 2 * k, months => 3))::date)
FROM bench.param, generate_series(1, lineages) AS l, generate_series(0, 4) AS k
ORDER BY l, k;
CREATE TABLE bench.contract AS
SELECT c.contract_id, lower(c.term) AS starts, upper(c.term) AS ends,
       least(upper(c.term)::timestamp AT TIME ZONE 'Asia/Tokyo', p.history_end) AS until
FROM contract c, bench.param p;

-- ------------------------------------------------ rosters and menus
-- slot 0 and 26: city staff (slot 0 enters the effort: db_role
-- bench_city); slots 1-25: the contractor's staff
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles)
SELECT c.contract_id, 'p' || s,
       CASE WHEN s IN (0, 26) THEN 'city' ELSE 'contractor' END,
       CASE WHEN s = 0 THEN 'bench_city' END,
       CASE WHEN s IN (0, 26) THEN daterange('2016-01-01', NULL) ELSE daterange(c.starts, c.ends) END,
       CASE WHEN s IN (0, 26) THEN NULL ELSE c.starts - 30 END,
       CASE WHEN s = 1 THEN '{site_lead}'::text[] WHEN s IN (0, 26) THEN '{}' ELSE '{worker}' END
FROM bench.contract c, generate_series(0, 26) AS s
ORDER BY c.contract_id, s;
CREATE TABLE bench.person AS
SELECT contract_id, substr(name, 2)::int AS slot, person_id FROM person;
CREATE UNIQUE INDEX ON bench.person (contract_id, slot);

INSERT INTO menu_item (contract_id, code, title, performer, system_code, procedure_ref, frequency, valid)
SELECT c.contract_id, format('M%s', lpad(m::text, 3, '0')), format('menu task %s', m),
       CASE WHEN m % 3 = 0 THEN 'vendor' ELSE 'operator' END,
       (ARRAY['SJK','SKT','ATC','ATE','GGR','GTU','GSK','SNK'])[1 + m % 8],
       format('PROC-%s', m), 'daily', daterange(c.starts, NULL)
FROM bench.contract c, generate_series(1, 30) AS m
ORDER BY c.contract_id, m;
CREATE TABLE bench.menu AS
SELECT contract_id, substr(code, 2)::int AS m, menu_item_id, performer FROM menu_item;
CREATE UNIQUE INDEX ON bench.menu (contract_id, m);

-- -------------------------------------------------------- the state machines' walks
-- delay before each step: base + (a hash of item and step) mod (spread + 1) minutes
CREATE TABLE bench.path (kind text, variant int, step int, status text, base int, spread int);
INSERT INTO bench.path VALUES
  ('failure_recovery', 0, 0, 'reported', 0, 0),
  ('failure_recovery', 0, 1, 'acknowledged', 3, 37),
  ('failure_recovery', 0, 2, 'investigating', 10, 110),
  ('failure_recovery', 0, 3, 'mitigated', 60, 2820),
  ('failure_recovery', 0, 4, 'resolved', 1440, 12960),
  ('failure_recovery', 0, 5, 'closed', 1440, 5760),
  ('failure_recovery', 1, 0, 'reported', 0, 0),
  ('failure_recovery', 1, 1, 'cancelled', 30, 60),
  ('service_request', 0, 0, 'requested', 0, 0),
  ('service_request', 0, 1, 'accepted', 60, 1380),
  ('service_request', 0, 2, 'in_progress', 1440, 2880),
  ('service_request', 0, 3, 'done', 2880, 21600),
  ('service_request', 0, 4, 'closed', 1440, 2880),
  ('service_request', 1, 0, 'requested', 0, 0),
  ('service_request', 1, 1, 'rejected', 60, 1440),
  ('menu_task', 0, 0, 'scheduled', 0, 0),
  ('menu_task', 0, 1, 'in_progress', 0, 2880),
  ('menu_task', 0, 2, 'done', 120, 240),
  ('menu_task', 0, 3, 'closed', 1440, 0),
  ('modification', 0, 0, 'proposed', 0, 0),
  ('modification', 0, 1, 'planned', 4320, 0),
  ('modification', 0, 2, 'approved', 7200, 2880),
  ('modification', 0, 3, 'in_progress', 2880, 0),
  ('modification', 0, 4, 'testing', 14400, 28800),
  ('modification', 0, 5, 'release_approved', 7200, 0),
  ('modification', 0, 6, 'released', 2880, 0),
  ('modification', 0, 7, 'closed', 4320, 0),
  ('handover', 0, 0, 'planned', 0, 0),
  ('handover', 0, 1, 'in_progress', 1440, 0),
  ('handover', 0, 2, 'reported', 28800, 0),
  ('handover', 0, 3, 'closed', 7200, 0);

-- ------------------------------------------------------------ the items
CREATE UNLOGGED TABLE bench.item AS
SELECT x.*,
       CASE x.kind WHEN 'failure_recovery' THEN (abs(hashint8(x.item_id * 31)) % 20 = 0)::int
                   WHEN 'service_request' THEN (abs(hashint8(x.item_id * 31)) % 33 = 0)::int
                   ELSE 0 END AS variant
FROM (
  SELECT (c.contract_id - 1) * p.per_contract + i AS item_id, c.contract_id, c.starts, c.ends, c.until,
         -- (i * 17) % 40 interleaves the kinds over time
         CASE WHEN (i * 17) % 40 < 18 THEN 'menu_task' WHEN (i * 17) % 40 < 30 THEN 'service_request'
              WHEN (i * 17) % 40 < 36 THEN 'failure_recovery' WHEN (i * 17) % 40 < 39 THEN 'modification'
              ELSE 'handover' END AS kind,
         i,
         CASE WHEN (i * 17) % 40 = 39
              THEN c.starts::timestamp AT TIME ZONE 'Asia/Tokyo'
                   + make_interval(mins => ((i - 1)::bigint * 86 * 1440 / p.per_contract)::int)
              ELSE c.starts::timestamp AT TIME ZONE 'Asia/Tokyo'
                   + make_interval(secs => (i - 1)::float8 / p.per_contract
                                          * extract(epoch FROM c.until - c.starts::timestamp AT TIME ZONE 'Asia/Tokyo'))
         END AS requested_at
  FROM bench.contract c, bench.param p, generate_series(1, p.per_contract) AS i
) AS x;

CREATE UNLOGGED TABLE bench.event AS
SELECT s.item_id, s.step, s.status, s.at,
       lag(s.status) OVER (PARTITION BY s.item_id ORDER BY s.step) AS from_status
FROM (
  SELECT t.item_id, p.step, p.status,
         t.requested_at + make_interval(mins => (sum(p.base + abs(hashint8(t.item_id * 16 + p.step)) % (p.spread + 1))
                                                 OVER (PARTITION BY t.item_id ORDER BY p.step))::int) AS at
  FROM bench.item t
  JOIN bench.path p ON p.kind = t.kind AND p.variant = t.variant
) AS s, bench.param
WHERE s.at < history_end;
CREATE INDEX ON bench.event (item_id, step);

CREATE UNLOGGED TABLE bench.last AS
SELECT DISTINCT ON (item_id) item_id, status, at, step FROM bench.event ORDER BY item_id, step DESC;
CREATE UNIQUE INDEX ON bench.last (item_id);

-- ------------------------------------------------------------ load
SET session_replication_role = replica;

INSERT INTO work_item (item_id, contract_id, kind, sub_kind, title, menu_item_id, performer,
                       requested_by, requested_at, occurred_at, due_on, status, status_changed_at,
                       created_by, severity, failure_class, planned_effort, planned_effort_set_at,
                       immediate_response, response_due_at, response_started_at,
                       content_changed_at, created_at)
OVERRIDING SYSTEM VALUE
SELECT t.item_id, t.contract_id, t.kind,
       CASE t.kind
         WHEN 'failure_recovery' THEN (ARRAY['impact_analysis','provisional_fix','recovery_procedure','data_patch'])[1 + t.i % 4]
         WHEN 'service_request' THEN (ARRAY['investigation','meeting','document','modification_vendor_support','data_extraction','data_patch'])[1 + t.i % 6]
         WHEN 'modification' THEN (ARRAY['permanent_fix','preventive_fix','operations_improvement','form_wording','external_change','security_patch_verification','document_alignment'])[1 + t.i % 7]
         WHEN 'handover' THEN 'handover_in'
       END,
       format('%s %s', t.kind, t.item_id),
       CASE WHEN t.kind = 'menu_task' THEN m.menu_item_id END,
       CASE WHEN t.kind = 'menu_task' THEN m.performer WHEN t.i % 3 = 0 THEN 'vendor' ELSE 'operator' END,
       cp.person_id, t.requested_at,
       CASE WHEN t.kind = 'failure_recovery' THEN t.requested_at - make_interval(mins => t.i % 10) END,
       CASE t.kind
         WHEN 'service_request' THEN (t.requested_at AT TIME ZONE 'Asia/Tokyo')::date + 14
                                     + CASE WHEN f.item_id IS NOT NULL THEN 7 ELSE 0 END
         WHEN 'modification' THEN (t.requested_at AT TIME ZONE 'Asia/Tokyo')::date + 60
         WHEN 'menu_task' THEN (t.requested_at AT TIME ZONE 'Asia/Tokyo')::date + 1
       END,
       l.status, l.at, cp.person_id,
       CASE WHEN t.kind = 'failure_recovery' AND t.i % 50 = 7 THEN 'major' ELSE 'normal' END,
       CASE WHEN t.kind = 'failure_recovery' AND l.status IN ('resolved', 'closed')
            THEN (ARRAY['A','B','C','C','C','D'])[1 + t.i % 6] END,
       CASE WHEN t.kind = 'modification' THEN make_effort(pd => 5 + t.i % 15) END,
       CASE WHEN t.kind = 'modification' THEN t.requested_at END,
       true,
       CASE WHEN t.kind = 'failure_recovery'
            THEN response_due(t.requested_at - make_interval(mins => t.i % 10), true,
                              CASE WHEN t.i % 3 = 0 THEN 'vendor' ELSE 'operator' END) END,
       a.at,
       t.requested_at, t.requested_at
FROM bench.item t
JOIN bench.last l USING (item_id)
JOIN bench.person cp ON cp.contract_id = t.contract_id AND cp.slot = 26
LEFT JOIN bench.menu m ON m.contract_id = t.contract_id AND m.m = 1 + t.i % 30
LEFT JOIN bench.event a ON a.item_id = t.item_id AND t.kind = 'failure_recovery' AND a.status = 'acknowledged'
LEFT JOIN LATERAL (
  SELECT t.item_id FROM bench.param
  WHERE t.kind = 'service_request' AND t.variant = 0 AND abs(hashint8(t.item_id * 17)) % 20 = 1
    AND t.requested_at + interval '10 days' < history_end) AS f ON true;

INSERT INTO work_item_system (item_id, system_code)
SELECT t.item_id, (ARRAY['SJK','SKT','ATC','ATE','GGR','GTU','GSK','SNK'])[1 + abs(hashint8(t.item_id * 5)) % 8]
FROM bench.item t WHERE t.kind IN ('failure_recovery', 'service_request', 'modification')
UNION
SELECT t.item_id, (ARRAY['SJK','SKT','ATC','ATE','GGR','GTU','GSK','SNK'])[1 + abs(hashint8(t.item_id * 11)) % 8]
FROM bench.item t WHERE t.kind IN ('failure_recovery', 'modification') AND t.i % 5 = 0;

-- the status events, then the due date moves (10 days after the request)
INSERT INTO work_item_event (contract_id, item_id, from_status, to_status, occurred_at, recorded_at,
                             actor_id, db_user)
SELECT t.contract_id, e.item_id, e.from_status, e.status, e.at, e.at + interval '5 minutes',
       ap.person_id, 'bench_worker'
FROM bench.event e
JOIN bench.item t USING (item_id)
JOIN bench.person ap ON ap.contract_id = t.contract_id AND ap.slot = 1 + e.item_id % 25
ORDER BY e.at, e.item_id;
-- A due date's move is a field event (work_item_event.field, new in 0.4):
-- on the schema of 0.2 or 0.3 (test/scale/dump_upgrade.sh loads the history
-- there before ALTER EXTENSION UPDATE) the items keep their moved due date
-- and the move itself goes unrecorded, as those versions did.
SELECT EXISTS (SELECT FROM pg_attribute
               WHERE attrelid = 'omledger.work_item_event'::regclass
                 AND attname = 'field' AND NOT attisdropped) AS has_field_events \gset
\if :has_field_events
INSERT INTO work_item_event (contract_id, item_id, from_status, to_status, occurred_at, recorded_at,
                             actor_id, db_user, field, old_value, new_value)
SELECT t.contract_id, t.item_id, s.status, s.status, t.requested_at + interval '10 days',
       t.requested_at + interval '10 days', cp.person_id, 'bench_city', 'due_on',
       ((t.requested_at AT TIME ZONE 'Asia/Tokyo')::date + 14)::text,
       ((t.requested_at AT TIME ZONE 'Asia/Tokyo')::date + 21)::text
FROM bench.item t
JOIN bench.person cp ON cp.contract_id = t.contract_id AND cp.slot = 0
CROSS JOIN bench.param
CROSS JOIN LATERAL (
  SELECT e.status FROM bench.event e
  WHERE e.item_id = t.item_id AND e.at <= t.requested_at + interval '10 days'
  ORDER BY e.step DESC LIMIT 1) AS s
WHERE t.kind = 'service_request' AND t.variant = 0 AND abs(hashint8(t.item_id * 17)) % 20 = 1
  AND t.requested_at + interval '10 days' < history_end;
\endif

-- effort: none on a cancelled or rejected item; within the term and the history
INSERT INTO effort_log (item_id, person_id, work_date, effort, entered_by, entered_at)
SELECT t.item_id, wp.person_id, d.work_date,
       make_effort(min => CASE t.kind
                            WHEN 'menu_task' THEN 15 + abs(hashint8(t.item_id * 64 + k)) % 31
                            WHEN 'failure_recovery' THEN 30 + abs(hashint8(t.item_id * 64 + k)) % 31
                            WHEN 'service_request' THEN 10 + abs(hashint8(t.item_id * 64 + k)) % 21
                            WHEN 'modification' THEN 5 + abs(hashint8(t.item_id * 64 + k)) % 11
                            ELSE 20 + abs(hashint8(t.item_id * 64 + k)) % 21 END),
       'bench_city', (d.work_date + time '18:00')::timestamp AT TIME ZONE 'Asia/Tokyo'
FROM bench.item t
CROSS JOIN LATERAL generate_series(0, CASE t.kind WHEN 'menu_task' THEN 12 WHEN 'failure_recovery' THEN 15
                                                  WHEN 'service_request' THEN 2 WHEN 'modification' THEN 4
                                                  ELSE 9 END) AS k
CROSS JOIN LATERAL (SELECT (t.requested_at AT TIME ZONE 'Asia/Tokyo')::date + k / 5 AS work_date) AS d
JOIN bench.person wp ON wp.contract_id = t.contract_id AND wp.slot = 1 + (t.item_id * 7 + k) % 25
WHERE t.variant = 0
  AND d.work_date < t.ends
  AND d.work_date <= (t.until AT TIME ZONE 'Asia/Tokyo')::date;

RESET session_replication_role;

-- the identities go on after the loaded rows
SELECT setval(pg_get_serial_sequence('omledger.work_item', 'item_id'), (SELECT max(item_id) FROM work_item));
-- the running totals of the caps, refused if a hard cap were exceeded
SELECT caps_rebuild();
DROP TABLE bench.event, bench.last, bench.item;
VACUUM ANALYZE;
SELECT (SELECT count(*) FROM contract) AS contracts, (SELECT count(*) FROM work_item) AS work_items,
       (SELECT count(*) FROM work_item_event) AS events, (SELECT count(*) FROM effort_log) AS effort_rows;
