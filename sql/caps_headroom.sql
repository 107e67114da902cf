-- cap_status() and cap_forecast() count the whole term: the headroom they
-- report is what a new entry may take.  In 0.3 term_used stopped at the
-- given month: after effort in a later month the status of an earlier one
-- promised more than the term cap left, and logging it was refused (OM102).
-- As a contractor logging and a reader asking.
\i sql/include/caps_fixture.sql

-- 2pd in January 2026 (of 3pd over the term, 2pd a month)
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2026-01-13', '1pd'), (:svc, :wk, '2026-01-14', '1pd');
RESET ROLE;

-- November 2025, before it: nothing used that month, yet only 1pd left to
-- take, because the term holds 2pd of its 3pd already
SET ROLE om_test_caps_reader;
SELECT category, month_used, month_cap, month_remaining, month_percent,
       term_used, term_cap, term_remaining, term_percent
  FROM cap_status(:c, '2025-11') WHERE category IN ('service', 'failure_recovery') ORDER BY 1 DESC;
SELECT burn_rate, used, term_cap, remaining, months_left FROM cap_forecast(:c, 'service', '2025-11-20');
-- January itself: its month is full
SELECT month_used, month_remaining, term_used, term_remaining
  FROM cap_status(:c, '2026-01') WHERE category = 'service';
RESET ROLE;

-- the reported headroom is what may be logged: one minute more is refused
-- (by the term cap), exactly the headroom is accepted
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2025-11-04', '4h'), (:svc, :wk, '2025-11-05', '4h 1min');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2025-11-04', '4h'), (:svc, :wk, '2025-11-05', '4h')
RETURNING work_date, effort;
RESET ROLE;
SET ROLE om_test_caps_reader;
SELECT month_used, month_remaining, term_used, term_remaining, term_percent
  FROM cap_status(:c, '2025-11') WHERE category = 'service';
SELECT used, remaining, months_left FROM cap_forecast(:c, 'service', '2025-11-20');
RESET ROLE;
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2025-11-06', '1min');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

-- the smaller of the two: with the term raised, the month's headroom rules
SET ROLE om_test_caps_city;
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c, 'additional_contract', 'AC-H', 'approved') RETURNING approval_id AS ac \gset
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'term', '1pm', '[2025-10-01,2028-01-01)', 'AC-H', :ac);
RESET ROLE;
SET ROLE om_test_caps_reader;
SELECT month_used, month_cap, month_remaining, term_used, term_cap, term_remaining
  FROM cap_status(:c, '2025-11') WHERE category = 'service';
RESET ROLE;
SET ROLE om_test_caps_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2025-11-06', '4h'), (:svc, :wk, '2025-11-07', '4h 1min');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO effort_log (item_id, person_id, work_date, effort)
VALUES (:svc, :wk, '2025-11-06', '4h'), (:svc, :wk, '2025-11-07', '4h')
RETURNING work_date, effort;
RESET ROLE;
SELECT month_used, month_remaining, term_used, term_remaining
  FROM cap_status(:c, '2025-11') WHERE category = 'service';
-- not a month: 22023, as before
SELECT * FROM cap_status(:c, 'FY2025');
\echo :LAST_ERROR_SQLSTATE

\i sql/include/caps_fixture_end.sql
