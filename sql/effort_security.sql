-- effort: the install and update scripts cannot be hijacked through
-- search_path (compare contrib/seg's sql/security.sql).  A role with CREATE
-- on the database plants look-alike operators and functions in a schema
-- that the installing superuser has first in search_path; none of them may
-- run, and every reference of the scripts must stay bound to pg_catalog or
-- to omledger.  Runs in a database of its own so the shared one is untouched.
SELECT current_database() AS regress_db \gset
CREATE DATABASE regress_effort_security;
\c regress_effort_security
CREATE ROLE regress_effort_evil;
GRANT CREATE ON DATABASE regress_effort_security TO regress_effort_evil;
SET ROLE regress_effort_evil;
CREATE SCHEMA evil;
CREATE TABLE evil.calls (who text);
GRANT INSERT ON evil.calls TO PUBLIC;
CREATE FUNCTION evil.trap_oid_regclass(oid, regclass) RETURNS boolean LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO evil.calls VALUES (current_user); RETURN true; END $$;
CREATE OPERATOR evil.= (LEFTARG = oid, RIGHTARG = regclass, FUNCTION = evil.trap_oid_regclass);
CREATE FUNCTION evil.trap_text(text, text) RETURNS boolean LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO evil.calls VALUES (current_user); RETURN true; END $$;
CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.trap_text);
CREATE FUNCTION evil.eqsel(internal, oid, internal, integer) RETURNS float8 LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO evil.calls VALUES (current_user); RETURN 0.5; END $$;
CREATE FUNCTION evil.numeric(bigint) RETURNS numeric LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO evil.calls VALUES (current_user); RETURN 0; END $$;
RESET ROLE;

SET search_path = evil, public;
CREATE EXTENSION omledger VERSION '0.1';
ALTER EXTENSION omledger UPDATE;
DROP EXTENSION omledger;
CREATE EXTENSION omledger;
-- The operators' estimators are pg_catalog's.
SELECT DISTINCT p.pronamespace::regnamespace AS schema, p.proname AS estimator
FROM pg_operator o JOIN pg_proc p ON p.oid IN (o.oprrest, o.oprjoin)
WHERE o.oprleft = 'omledger.effort'::regtype ORDER BY 2;
-- Using the type with the hostile path in front calls nothing of evil's.
SELECT '1h'::omledger.effort OPERATOR(omledger.=) '60min' AS eq,
       omledger.sum(e) AS total, omledger.make_effort(h => 1.5) AS made
FROM (VALUES ('1h'::omledger.effort), ('2h')) v(e);
SELECT count(*) AS hijacked_calls FROM evil.calls;

\c :regress_db
DROP DATABASE regress_effort_security;
DROP ROLE regress_effort_evil;
