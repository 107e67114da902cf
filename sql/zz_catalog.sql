-- zz_catalog: the project's rules, checked on the catalogs for every object
-- the extension owns, whichever concept added it.  Runs last (zz_).  Each
-- query lists violators by pg_describe_object, sorted, and is expected to
-- list none; a new violation shows up in the diff by name.  A few queries
-- list objects on purpose (SECURITY DEFINER functions, tables that pg_dump
-- does not dump) so that adding one is reviewed.
SET search_path = pg_catalog;

CREATE TEMP VIEW zz_member AS
SELECT d.classid, d.objid, pg_describe_object(d.classid, d.objid, 0) AS what
FROM pg_depend d
JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
WHERE e.extname = 'omledger' AND d.deptype = 'e';

CREATE TEMP VIEW zz_function AS
SELECT m.what, p.*, l.lanname
FROM zz_member m
JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
JOIN pg_language l ON l.oid = p.prolang;

-- Sanity: the views see the extension (else every check below passes vacuously).
SELECT count(*) > 50 AS sees_functions, bool_or(classid = 'pg_type'::regclass) AS sees_types
FROM zz_member;

-- (a) Every SQL or PL/pgSQL function pins search_path to pg_catalog, pg_temp
-- (optionally after omledger): a caller's search_path must not capture a name.
SELECT what AS unpinned_search_path, proconfig
FROM zz_function
WHERE lanname IN ('sql', 'plpgsql')
  AND NOT coalesce(proconfig::text[] && ARRAY['search_path=pg_catalog, pg_temp',
                                              'search_path=omledger, pg_catalog, pg_temp'], false)
ORDER BY 1;

-- (b) SECURITY DEFINER functions, listed so that a new one is reviewed;
-- each must pin search_path (whatever its language) and must not be
-- executable by PUBLIC unless that is its purpose.
SELECT what AS security_definer, lanname,
       coalesce(proconfig::text[] && ARRAY['search_path=pg_catalog, pg_temp',
                                           'search_path=omledger, pg_catalog, pg_temp'],
                false) AS pinned,
       coalesce(has_function_privilege('public', oid, 'EXECUTE'), true) AS public_execute
FROM zz_function
WHERE prosecdef
ORDER BY 1;
SELECT what AS unpinned_security_definer
FROM zz_function
WHERE prosecdef
  AND NOT coalesce(proconfig::text[] && ARRAY['search_path=pg_catalog, pg_temp',
                                              'search_path=omledger, pg_catalog, pg_temp'], false)
ORDER BY 1;

-- (c) A function that is neither a trigger nor VOLATILE is PARALLEL SAFE:
-- an unsafe one forces every query that calls it to run serially.  The
-- allow-list holds the exceptions, each with its reason.
CREATE TEMP TABLE zz_parallel_allowed (fn text PRIMARY KEY, why text NOT NULL);
-- INSERT INTO zz_parallel_allowed VALUES ('omledger.f(integer)', 'why it cannot be safe');
INSERT INTO zz_parallel_allowed VALUES
  ('omledger.acting_person(bigint,name)', 'fills the session''s answers of who acts (backend-local state)'),
  ('omledger.caps_entry_problems()', 'fills the session''s lookup cache of the cap trigger (backend-local state)'),
  ('omledger.caps_verify()', 'calls caps_entry_problems()');
SELECT f.what AS not_parallel_safe, f.provolatile, f.proparallel
FROM zz_function f
WHERE f.prorettype <> 'trigger'::regtype AND f.provolatile <> 'v' AND f.proparallel <> 's'
  AND f.oid::regprocedure::text NOT IN (SELECT fn FROM zz_parallel_allowed)
ORDER BY 1;
-- An allow-list entry that names no such function is stale.
SELECT a.fn AS stale_parallel_allowance
FROM zz_parallel_allowed a
WHERE NOT EXISTS (SELECT FROM zz_function f WHERE f.oid::regprocedure::text = a.fn)
ORDER BY 1;

-- (d) Every object has a COMMENT (\df+, \dT+, \d+ and \do show it), and
-- every column of every table.  Sequences are left out: a serial column's
-- comment says what its sequence is for.
SELECT what AS uncommented
FROM zz_member m
WHERE m.classid IN ('pg_class'::regclass, 'pg_type'::regclass, 'pg_proc'::regclass,
                    'pg_operator'::regclass, 'pg_opclass'::regclass,
                    'pg_opfamily'::regclass, 'pg_cast'::regclass)
  AND obj_description(m.objid, m.classid::regclass::name) IS NULL
  AND NOT EXISTS (SELECT FROM pg_class c
                  WHERE m.classid = 'pg_class'::regclass AND c.oid = m.objid AND c.relkind = 'S')
ORDER BY 1;
SELECT pg_describe_object('pg_class'::regclass, a.attrelid, a.attnum) AS uncommented_column
FROM zz_member m
JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND col_description(a.attrelid, a.attnum) IS NULL
ORDER BY 1;

-- (e) pg_dump dumps the rows of a configuration table (those its filter
-- selects) and the value of its sequences; everything else of the
-- extension it leaves to CREATE EXTENSION.  A sequence owned by a
-- configuration table is marked too, or a restored table's next id
-- collides with a restored row.
SELECT pg_describe_object('pg_class'::regclass, s.oid, 0) AS unmarked_sequence
FROM pg_extension e, unnest(e.extconfig) AS t(relid)
JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = t.relid
                AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
WHERE e.extname = 'omledger' AND s.oid <> ALL (e.extconfig)
ORDER BY 1;
-- The configuration tables and their filters.
SELECT t.relid::regclass AS configuration_table, t.filter
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS t(relid, filter)
WHERE e.extname = 'omledger'
ORDER BY 1::text;
-- Tables and sequences of the extension that pg_dump will NOT dump: a
-- table users write to belongs in the list above instead.
SELECT m.what AS not_dumped
FROM zz_member m
JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
JOIN pg_extension e ON e.extname = 'omledger'
WHERE c.relkind IN ('r', 'p', 'S') AND c.oid <> ALL (coalesce(e.extconfig, '{}'))
ORDER BY 1;

-- (f) Operators: a boolean operator has restriction and join estimators; an
-- operator whose commutator exists names it; the six comparisons name
-- their negators.
SELECT what AS operator_missing, missing
FROM (
  SELECT m.what, concat_ws(', ',
           CASE WHEN o.oprresult = 'boolean'::regtype AND o.oprrest = 0 THEN 'RESTRICT' END,
           CASE WHEN o.oprresult = 'boolean'::regtype AND o.oprleft <> 0 AND o.oprjoin = 0
                THEN 'JOIN' END,
           CASE WHEN o.oprcom = 0 AND EXISTS (
                  SELECT FROM pg_operator c
                  WHERE c.oprleft = o.oprright AND c.oprright = o.oprleft
                    AND c.oprname = CASE o.oprname WHEN '<' THEN '>' WHEN '>' THEN '<'
                                     WHEN '<=' THEN '>=' WHEN '>=' THEN '<='
                                     WHEN '@>' THEN '<@' WHEN '<@' THEN '@>'
                                     WHEN '=' THEN '=' WHEN '<>' THEN '<>' WHEN '&&' THEN '&&'
                                     WHEN '+' THEN '+' WHEN '*' THEN '*' END)
                THEN 'COMMUTATOR' END,
           CASE WHEN o.oprnegate = 0 AND o.oprname IN ('=', '<>', '<', '<=', '>', '>=')
                THEN 'NEGATOR' END) AS missing
  FROM zz_member m
  JOIN pg_operator o ON m.classid = 'pg_operator'::regclass AND o.oid = m.objid
) AS checked
WHERE missing <> ''
ORDER BY 1;
-- A base type has default btree and hash operator classes (ORDER BY,
-- DISTINCT, GROUP BY, merge and hash joins, indexes), the btree one with
-- equalimage (index deduplication), the hash one with the extended hash
-- (hash partitioning).
SELECT what AS type_missing, missing
FROM (
  SELECT m.what, concat_ws(', ',
           CASE WHEN btree.opcfamily IS NULL THEN 'default btree opclass'
                WHEN NOT EXISTS (SELECT FROM pg_amproc ap
                                 WHERE ap.amprocfamily = btree.opcfamily
                                   AND ap.amproclefttype = t.oid AND ap.amprocnum = 4)
                THEN 'btree equalimage (FUNCTION 4)' END,
           CASE WHEN hash.opcfamily IS NULL THEN 'default hash opclass'
                WHEN NOT EXISTS (SELECT FROM pg_amproc ap
                                 WHERE ap.amprocfamily = hash.opcfamily
                                   AND ap.amproclefttype = t.oid AND ap.amprocnum = 2)
                THEN 'extended hash (FUNCTION 2)' END) AS missing
  FROM zz_member m
  JOIN pg_type t ON m.classid = 'pg_type'::regclass AND t.oid = m.objid AND t.typtype = 'b'
  LEFT JOIN pg_opclass btree ON btree.opcintype = t.oid AND btree.opcdefault
        AND btree.opcmethod = (SELECT oid FROM pg_am WHERE amname = 'btree')
  LEFT JOIN pg_opclass hash ON hash.opcintype = t.oid AND hash.opcdefault
        AND hash.opcmethod = (SELECT oid FROM pg_am WHERE amname = 'hash')
) AS checked
WHERE missing <> ''
ORDER BY 1;

-- (g) Everything is in the schema omledger, and owned by a superuser (an
-- ordinary owner could replace a function every user calls).
SELECT m.what AS outside_schema_omledger, i.schema
FROM zz_member m, pg_identify_object(m.classid, m.objid, 0) AS i
WHERE i.schema IS NOT NULL AND i.schema <> 'omledger'
ORDER BY 1;
SELECT m.what AS owned_by_ordinary_role, r.rolname
FROM zz_member m
JOIN LATERAL (
  SELECT proowner AS owner FROM pg_proc WHERE m.classid = 'pg_proc'::regclass AND oid = m.objid
  UNION ALL
  SELECT relowner FROM pg_class WHERE m.classid = 'pg_class'::regclass AND oid = m.objid
  UNION ALL
  SELECT typowner FROM pg_type WHERE m.classid = 'pg_type'::regclass AND oid = m.objid
  UNION ALL
  SELECT oprowner FROM pg_operator WHERE m.classid = 'pg_operator'::regclass AND oid = m.objid
) o ON true
JOIN pg_roles r ON r.oid = o.owner
WHERE NOT r.rolsuper
ORDER BY 1;

-- (h) Every table of the extension is audited (doc/security.md "What is
-- audited"): both audit triggers, enabled; but for the few listed here,
-- with why.  A table added without them shows up.
CREATE TEMP TABLE zz_unaudited (tbl text PRIMARY KEY, why text NOT NULL);
INSERT INTO zz_unaudited VALUES
  ('alert', 'notifications the extension raises from audited changes and deadlines'),
  ('audit_chain', 'the audit trail''s own chain heads'),
  ('audit_log', 'the audit trail itself'),
  ('cap_guard', 'the caps'' internal lock row, derived'),
  ('effort_total', 'the caps'' running totals, derived from the audited effort_log');
SELECT c.relname AS not_audited,
       count(g.tgname) FILTER (WHERE g.tgname = 'audit_row') AS row_trigger,
       count(g.tgname) FILTER (WHERE g.tgname = 'audit_truncate') AS truncate_trigger
FROM zz_member m
JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid AND c.relkind IN ('r', 'p')
LEFT JOIN pg_trigger g ON g.tgrelid = c.oid AND g.tgname IN ('audit_row', 'audit_truncate') AND g.tgenabled = 'O'
WHERE c.relname NOT IN (SELECT tbl FROM zz_unaudited)
GROUP BY c.relname
HAVING count(g.tgname) FILTER (WHERE g.tgname = 'audit_row') <> 1
    OR count(g.tgname) FILTER (WHERE g.tgname = 'audit_truncate') <> 1
ORDER BY 1;
-- (the check ran: the audited tables counted)
SELECT count(*) > 30 AS audited_tables_counted
FROM zz_member m JOIN pg_trigger g ON m.classid = 'pg_class'::regclass AND g.tgrelid = m.objid
WHERE g.tgname = 'audit_row';
DROP TABLE zz_unaudited;

DROP VIEW zz_function;
DROP VIEW zz_member;
DROP TABLE zz_parallel_allowed;
RESET search_path;
