-- Fixture data for dump_restore.sh.  Each concept adds a section: a user
-- table of its own (dumped as ordinary data) and rows in omledger's
-- configuration tables (dumped through pg_extension_config_dump).
SET search_path = public;
