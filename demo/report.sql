-- The demo's report.  Until the monthly report exists, show what exists.
\pset border 2
SET search_path = omledger, public;
\echo omledger demo
SELECT extversion AS "omledger version" FROM pg_extension WHERE extname = 'omledger';
