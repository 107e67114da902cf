\echo Use "CREATE EXTENSION omledger" to load this file. \quit
/*
 * omledger install script, assembled by the Makefile from src/sql/NN_*.sql
 * in the order of their prefixes.  Edit the concept files, not the result.
 *
 * The schema "omledger" is created by CREATE EXTENSION (control file).
 * Everything below is created in it; names are qualified with @extschema@
 * (never quoted) so that a hostile search_path cannot capture a reference.
 */

COMMENT ON SCHEMA @extschema@ IS
  'omledger: the O&M ledger of a city''s core information systems';
