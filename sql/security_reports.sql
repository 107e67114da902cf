-- security_reports: what the report-like views and functions show each
-- role.  A contractor sees only its own contracts in them, as row-level
-- security does on the tables; the city, the administrator and the reader
-- see every contract.  Then the monthly security report and the personal
-- data report.
\i sql/include/security_fixture.sql
\pset null '(null)'

-- effort on both contracts
SET ROLE om_test_sec_worker;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:ia, :wk, '2025-11-04', '3h');
-- (an item entered a year after it was requested: a late entry of A)
INSERT INTO work_item (contract_id, kind, sub_kind, title, requested_at)
VALUES (:ca, 'service_request', 'investigation', 'A: entered late', '2025-11-04 10:00+09');
RESET ROLE;
SET ROLE om_test_sec_other;
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:ib, :other, '2025-11-05', '5h');
RESET ROLE;

-- (security_invoker: reads as whoever asks)
CREATE TEMP VIEW report_seen WITH (security_invoker = true) AS
SELECT (SELECT string_agg(format('%s=%s', CASE contract_id WHEN :ca THEN 'A' ELSE 'B' END, used), ', '
                          ORDER BY contract_id)
          FROM effort_summary WHERE contract_id IN (:ca, :cb) AND category = 'service') AS summary,
       (SELECT string_agg(format('%s', month_used), ', ')
          FROM cap_status(:ca, '2025-11') WHERE category = 'service') AS a_cap_status_used,
       (SELECT string_agg(format('%s', month_cap), ', ')
          FROM cap_status(:ca, '2025-11') WHERE category = 'service') AS a_month_cap,
       (SELECT count(*) FROM cap_forecast(:ca, 'service', '2025-11-20')) AS a_forecast_rows,
       (SELECT string_agg(format('%s', used), ', ')
          FROM cap_status(:cb, '2025-11') cs, LATERAL (SELECT cs.month_used AS used) u
         WHERE category = 'service') AS b_cap_status_used;
GRANT SELECT ON report_seen TO PUBLIC;
SELECT 'superuser' AS who, * FROM report_seen;
SET ROLE om_test_sec_city;   SELECT 'city' AS who, * FROM report_seen; RESET ROLE;
SET ROLE om_test_sec_admin;  SELECT 'admin' AS who, * FROM report_seen; RESET ROLE;
SET ROLE om_test_sec_reader; SELECT 'reader' AS who, * FROM report_seen; RESET ROLE;
-- the contractor of A: A's totals only; B's are zero and uncapped to it
SET ROLE om_test_sec_worker; SELECT 'worker (A)' AS who, * FROM report_seen; RESET ROLE;
-- the contractor of B: B's only
SET ROLE om_test_sec_other;  SELECT 'other (B)' AS who, * FROM report_seen; RESET ROLE;
-- on no roster today: nothing
SET ROLE om_test_sec_former; SELECT 'former (A)' AS who, * FROM report_seen; RESET ROLE;
-- a search_path of the caller's own cannot widen it
CREATE SCHEMA om_test_rep_hijack;
GRANT USAGE ON SCHEMA om_test_rep_hijack TO PUBLIC;
CREATE FUNCTION om_test_rep_hijack.visible_contracts(who name DEFAULT CURRENT_USER, holding text[] DEFAULT NULL)
  RETURNS bigint[] LANGUAGE sql AS $$ SELECT NULL::bigint[] $$;
SET ROLE om_test_sec_other;
SET search_path = om_test_rep_hijack, omledger, public;
SELECT count(*) AS a_rows_seen_by_b_hijacked FROM effort_summary WHERE contract_id = :ca;
SET search_path = omledger, public;
RESET ROLE;

-- late_entries and release_gate_overdue read as the caller: granted to the
-- other contractor (no group has them), they show it only its own rows
SELECT c.relname, c.reloptions FROM pg_class c
 WHERE c.relnamespace = 'omledger'::regnamespace
   AND c.relname IN ('late_entries', 'release_gate_overdue', 'effort_entry', 'overdue_items', 'effort_summary')
 ORDER BY 1;
GRANT SELECT ON late_entries, release_gate_overdue TO om_test_sec_other, om_test_sec_city;
SET ROLE om_test_sec_city;
SELECT count(*) FILTER (WHERE contract_id = :ca) > 0 AS city_sees_a_late_entries FROM late_entries;
RESET ROLE;
SET ROLE om_test_sec_other;
SELECT count(*) AS a_late_entries_seen_by_b FROM late_entries WHERE contract_id = :ca;
RESET ROLE;

\i sql/include/security_fixture_end.sql
