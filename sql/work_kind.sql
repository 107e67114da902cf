-- The kinds of work are one domain, omledger.work_kind: every column that
-- holds a kind has that type, no CHECK constraint repeats the list, and the
-- C code's mapping of kinds to charge categories covers exactly the domain.
-- A bad kind is refused as a value of the domain, in every table and on
-- update as on insert; a good one still goes through.
SET search_path = omledger, public;
SET TimeZone = 'Asia/Tokyo';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'
\i sql/include/wf_try.sql
GRANT EXECUTE ON FUNCTION public.wf_try(text) TO PUBLIC;

-- The list, as the catalog holds it
SELECT pg_get_constraintdef(c.oid) AS work_kind_check
FROM pg_constraint c WHERE c.contypid = 'omledger.work_kind'::regtype;
CREATE TEMP VIEW kinds AS
SELECT k FROM pg_constraint c,
	unnest((regexp_match(pg_get_constraintdef(c.oid), '''(\{[^}]*\})''::text\[\]'))[1]::text[]) AS k
WHERE c.contypid = 'omledger.work_kind'::regtype;
SELECT count(*) AS kinds FROM kinds;

-- every column named kind in the extension's tables and views is a work_kind
SELECT c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod) AS type
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relnamespace = 'omledger'::regnamespace AND c.relkind IN ('r', 'v')
  AND a.attname = 'kind' AND NOT a.attisdropped
ORDER BY 1;
-- and no other constraint spells the list out
SELECT conname FROM pg_constraint
WHERE connamespace = 'omledger'::regnamespace
  AND pg_get_constraintdef(oid) LIKE '%service_request%failure_recovery%'
ORDER BY 1;

-- charge_category() (C, src/core/caps.c) maps every kind of the domain, and
-- nothing else; every kind has a state machine with one initial status
SELECT k, charge_category(k, false) AS category, charge_category(k, true) AS spec_check,
       (SELECT count(*) FROM workflow_status s WHERE s.kind = k AND s.is_initial) AS initial_statuses
FROM kinds ORDER BY k;
SELECT charge_category('bogus', false) IS NULL AS unknown_kind_has_no_category;

-- The configuration tables (edited by the administrator): refused and accepted
SELECT wf_try($$INSERT INTO omledger.workflow_status (kind, status) VALUES ('menu', 'waiting')$$);
SELECT wf_try($$INSERT INTO omledger.work_sub_kind (kind, sub_kind, title_ja, title_en) VALUES ('Handover', 'x', 'x', 'x')$$);
SELECT wf_try($$INSERT INTO omledger.workflow_transition (kind, from_status, to_status) VALUES ('repair', 'requested', 'accepted')$$);
SELECT wf_try($$INSERT INTO omledger.workflow_status (kind, status, sort_order) VALUES ('handover', 'waiting', 99)$$);
SELECT wf_try($$INSERT INTO omledger.work_sub_kind (kind, sub_kind, title_ja, title_en) VALUES ('handover', 'zz_test', '試験', 'Test')$$);
SELECT wf_try($$UPDATE omledger.work_sub_kind SET kind = 'hand_over' WHERE sub_kind = 'zz_test'$$);
DELETE FROM work_sub_kind WHERE sub_kind = 'zz_test';
DELETE FROM workflow_status WHERE kind = 'handover' AND status = 'waiting';

-- Work items, as a city desk enters them
CREATE ROLE om_test_kind_desk NOLOGIN;
GRANT USAGE ON SCHEMA omledger TO om_test_kind_desk;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA omledger TO om_test_kind_desk;
INSERT INTO contract (name, contractor, roles, term)
VALUES ('kind test', 'Contractor K', '{operator}', '[2025-10-01,2028-01-01)')
RETURNING contract_id AS c \gset
INSERT INTO person (contract_id, name, side, db_role, registered)
VALUES (:c, 'Desk', 'city', 'om_test_kind_desk', '[2025-04-01,)');
SET ROLE om_test_kind_desk;
SELECT wf_try(format($$INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status) VALUES (%s, 'service-request', 'investigation', 'x', 'requested')$$, :c));
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, due_on)
VALUES (:c, 'service_request', 'investigation', 'Why is the batch late?', 'requested', '2025-11-28')
RETURNING item_id AS item, kind, pg_typeof(kind) AS kind_type \gset
\echo :kind :kind_type
-- a kind cannot be changed at all (OM200), and a bad one is refused first
SELECT wf_try(format($$UPDATE omledger.work_item SET kind = 'failure' WHERE item_id = %s$$, :item));
SELECT wf_try(format($$UPDATE omledger.work_item SET kind = 'modification' WHERE item_id = %s$$, :item));
SELECT count(*) AS items, min(kind) AS kind FROM work_item WHERE contract_id = :c;
-- the views over work_item read as before (due 2025-11-28: overdue by now)
SELECT kind, pg_typeof(kind) AS kind_type, title, due_on FROM overdue_items WHERE contract_id = :c;
RESET ROLE;

REVOKE ALL ON ALL TABLES IN SCHEMA omledger FROM om_test_kind_desk;
REVOKE USAGE ON SCHEMA omledger FROM om_test_kind_desk;
DROP ROLE om_test_kind_desk;
DROP FUNCTION public.wf_try(text);
