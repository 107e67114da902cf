\echo Use "CREATE EXTENSION omledger" to load this file. \quit
/*
 * omledger install script, assembled by the Makefile from src/sql/NN_*.sql
 * in the order of their prefixes.  Edit the concept files, not the result.
 *
 * The schema "omledger" is created by CREATE EXTENSION (control file).
 * Everything below is created in it; names are qualified with @extschema@
 * (never quoted) so that a hostile search_path cannot capture a reference.
 */

-- CREATE EXTENSION reuses an existing schema of this name.  If a role other
-- than a superuser owns it, that role could later replace or drop the
-- extension's objects: refuse, and say how to fix it.
DO $$
DECLARE
	owner_name name;
BEGIN
	SELECT r.rolname INTO owner_name
	FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
	WHERE n.nspname OPERATOR(pg_catalog.=) 'omledger' AND NOT r.rolsuper
	  AND r.rolname OPERATOR(pg_catalog.<>) CURRENT_USER;
	IF FOUND THEN
		RAISE EXCEPTION 'schema "omledger" is owned by role "%"', owner_name
			USING ERRCODE = 'insufficient_privilege',
			      DETAIL = 'A schema owned by another role that is not a superuser could be used to replace the extension''s objects.',
			      HINT = 'Drop the schema, or ALTER SCHEMA omledger OWNER TO the role that creates the extension, then retry.';
	END IF;
END
$$;

COMMENT ON SCHEMA @extschema@ IS
  'omledger: the O&M ledger of a city''s core information systems';
