
-- ====================================================================
-- audit trail (new in 0.4)
-- Every insert, update, delete and truncate of every ledger table,
-- configuration included (not the caps' internal running totals
-- effort_total and cap_guard), is written into omledger.audit_log by the C
-- triggers of src/audit.c, with the extension owner's rights: users need no
-- privilege on the log.  The log is append-only (OM401, OM402) and
-- hash-chained.  Concurrent writers do not queue on one chain head: each
-- backend appends to its own chain (chain = backend id, unique among
-- running backends), whose head row in omledger.audit_chain only that
-- backend updates; chain 0 records the opening of every other chain, so a
-- chain deleted whole is missed.  verify_audit_chain() checks it all.
-- doc/security.md has the design, its guarantees and its limits.
-- Changes made by the extension's own scripts (CREATE or ALTER EXTENSION)
-- and rows a superuser's COPY loads (pg_restore) are not audited.
-- ====================================================================

CREATE SEQUENCE @extschema@.audit_log_audit_id_seq;

CREATE TABLE @extschema@.audit_log (
	audit_id		bigint NOT NULL DEFAULT pg_catalog.nextval('@extschema@.audit_log_audit_id_seq'::pg_catalog.regclass)
					PRIMARY KEY,
	chain			integer NOT NULL,
	seq				bigint NOT NULL,
	logged_at		timestamptz NOT NULL,
	xact_id			xid8 NOT NULL,
	db_user			name NOT NULL,
	session_role	name NOT NULL,
	person_id		bigint,
	table_name		name NOT NULL,
	operation		text NOT NULL,
	row_key			jsonb,
	old_row			jsonb,
	new_row			jsonb,
	prev_hash		bytea,
	row_hash		bytea NOT NULL,
	CONSTRAINT audit_log_chain_seq_key UNIQUE (chain, seq)
) WITH (toast_tuple_target = 8160);
-- No CHECK constraints on the two tables: only the audit triggers write
-- them (the guard refuses anything else), and a CHECK's expression is read
-- back from its text on every statement that inserts, i.e. on every
-- audited row.  A row of up to 8 kB (a work item's old and new versions
-- take 2-3 kB) is stored as it is: compressing every audit row costs more
-- than the space it saves.
ALTER SEQUENCE @extschema@.audit_log_audit_id_seq OWNED BY @extschema@.audit_log.audit_id;
COMMENT ON TABLE @extschema@.audit_log IS
  'The audit trail: one row per inserted, updated or deleted ledger row and per TRUNCATE; append-only and hash-chained (doc/security.md)';
COMMENT ON COLUMN @extschema@.audit_log.audit_id IS 'Identifier of the audit row, increasing in the order rows were written';
COMMENT ON COLUMN @extschema@.audit_log.chain IS 'The hash chain the row belongs to: the writing backend''s id; 0 records the opening of the other chains';
COMMENT ON COLUMN @extschema@.audit_log.seq IS 'Position in its chain, 1 for the first row, without gaps';
COMMENT ON COLUMN @extschema@.audit_log.logged_at IS 'When the change was made (clock time of the writing statement)';
COMMENT ON COLUMN @extschema@.audit_log.xact_id IS 'The writing transaction (rows with the same xact_id committed together)';
COMMENT ON COLUMN @extschema@.audit_log.db_user IS 'The database role that made the change (current_user)';
COMMENT ON COLUMN @extschema@.audit_log.session_role IS 'The role the session logged in as (session_user)';
COMMENT ON COLUMN @extschema@.audit_log.person_id IS 'The roster entry mapped to db_user (person.db_role) on the row''s contract on that day in Japan; NULL if the row has no contract or nobody is mapped';
COMMENT ON COLUMN @extschema@.audit_log.table_name IS 'The ledger table changed (in schema omledger)';
COMMENT ON COLUMN @extschema@.audit_log.operation IS 'INSERT, UPDATE, DELETE or TRUNCATE';
COMMENT ON COLUMN @extschema@.audit_log.row_key IS 'The row''s primary key (its unique columns where it has none) as a JSON object; NULL for TRUNCATE';
COMMENT ON COLUMN @extschema@.audit_log.old_row IS 'The row before the change (UPDATE, DELETE) as to_jsonb gives it';
COMMENT ON COLUMN @extschema@.audit_log.new_row IS 'The row after the change (INSERT, UPDATE) as to_jsonb gives it';
COMMENT ON COLUMN @extschema@.audit_log.prev_hash IS 'row_hash of the previous row of the same chain; NULL for the first';
COMMENT ON COLUMN @extschema@.audit_log.row_hash IS 'SHA-256 of prev_hash and of every other column (omledger.audit_row_hash)';

-- The head of every chain: where the next row links, and what the verifier
-- checks the chain's end against (a deleted tail).
CREATE TABLE @extschema@.audit_chain (
	chain			integer PRIMARY KEY,
	last_seq		bigint NOT NULL,
	last_id			bigint,
	last_hash		bytea
);
COMMENT ON TABLE @extschema@.audit_chain IS
  'The head of each audit chain: its last row; updated only by the backend that owns the chain';
COMMENT ON COLUMN @extschema@.audit_chain.chain IS 'The chain (a backend id; 0 for the register of chains)';
COMMENT ON COLUMN @extschema@.audit_chain.last_seq IS 'seq of the chain''s last row, 0 before the first';
COMMENT ON COLUMN @extschema@.audit_chain.last_id IS 'audit_id of the chain''s last row';
COMMENT ON COLUMN @extschema@.audit_chain.last_hash IS 'row_hash of the chain''s last row';

REVOKE ALL ON @extschema@.audit_log, @extschema@.audit_chain, @extschema@.audit_log_audit_id_seq FROM PUBLIC;

SELECT pg_catalog.pg_extension_config_dump('@extschema@.audit_log', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.audit_chain', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.audit_log_audit_id_seq', '');

CREATE FUNCTION @extschema@.audit_row_hash(prev_hash bytea, audit_id bigint, chain integer, seq bigint,
		logged_at timestamptz, xact_id xid8, db_user name, session_role name, person_id bigint,
		table_name name, operation text, row_key jsonb, old_row jsonb, new_row jsonb)
  RETURNS bytea
  AS 'MODULE_PATHNAME', 'audit_row_hash'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.audit_row_hash(bytea, bigint, integer, bigint, timestamptz, xid8, name, name, bigint, name, text, jsonb, jsonb, jsonb) IS
  'SHA-256 of an audit row: prev_hash, then every other column in a fixed, length-prefixed encoding (doc/security.md)';

CREATE FUNCTION @extschema@.audit_row() RETURNS trigger
  AS 'MODULE_PATHNAME', 'audit_row'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.audit_row() IS
  'AFTER INSERT OR UPDATE OR DELETE FOR EACH ROW trigger: appends the change to omledger.audit_log with the extension owner''s rights';

CREATE FUNCTION @extschema@.audit_truncate() RETURNS trigger
  AS 'MODULE_PATHNAME', 'audit_truncate'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.audit_truncate() IS
  'AFTER TRUNCATE trigger: appends one row saying the table was truncated to omledger.audit_log';

CREATE FUNCTION @extschema@.audit_log_guard() RETURNS trigger
  AS 'MODULE_PATHNAME', 'audit_log_guard'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.audit_log_guard() IS
  'BEFORE trigger on audit_log and audit_chain: refuses UPDATE, DELETE and TRUNCATE (OM401) and rows not written by the audit triggers (OM402)';

CREATE TRIGGER audit_log_append_only
  BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.audit_log
  FOR EACH ROW EXECUTE FUNCTION @extschema@.audit_log_guard();
COMMENT ON TRIGGER audit_log_append_only ON @extschema@.audit_log IS
  'the audit log is append-only, and written only by the audit triggers';
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON @extschema@.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.audit_log_guard();
COMMENT ON TRIGGER audit_log_no_truncate ON @extschema@.audit_log IS
  'the audit log is never truncated';
CREATE TRIGGER audit_chain_guard
  BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.audit_chain
  FOR EACH ROW EXECUTE FUNCTION @extschema@.audit_log_guard();
COMMENT ON TRIGGER audit_chain_guard ON @extschema@.audit_chain IS
  'chain heads are written only by the audit triggers and never deleted';
CREATE TRIGGER audit_chain_no_truncate
  BEFORE TRUNCATE ON @extschema@.audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.audit_log_guard();
COMMENT ON TRIGGER audit_chain_no_truncate ON @extschema@.audit_chain IS
  'chain heads are never truncated';

-- The audited tables get their two triggers in 99_zz_audit_coverage.sql,
-- which runs after every table of the extension exists: one list.

-- The verifier: one query, so one snapshot, in which every committed
-- writer's rows and chain head are both visible or both not.
CREATE FUNCTION @extschema@.verify_audit_chain()
  RETURNS TABLE (ok boolean, first_bad_id bigint, rows_checked bigint)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
WITH l AS (
	SELECT a.audit_id, a.chain, a.seq, a.prev_hash, a.row_hash,
		   @extschema@.audit_row_hash(a.prev_hash, a.audit_id, a.chain, a.seq, a.logged_at, a.xact_id,
									  a.db_user, a.session_role, a.person_id, a.table_name,
									  a.operation, a.row_key, a.old_row, a.new_row) AS recomputed,
		   pg_catalog.lag(a.row_hash) OVER w AS p_hash,
		   pg_catalog.lag(a.seq) OVER w AS p_seq,
		   pg_catalog.lag(a.audit_id) OVER w AS p_id
	FROM @extschema@.audit_log AS a
	WINDOW w AS (PARTITION BY a.chain ORDER BY a.seq, a.audit_id)
), c AS (
	SELECT a.chain, pg_catalog.max(a.seq) AS max_seq, pg_catalog.min(a.audit_id) AS first_id
	FROM @extschema@.audit_log AS a
	GROUP BY a.chain
), reg AS (
	SELECT a.audit_id, (a.new_row OPERATOR(pg_catalog.->>) 'chain')::integer AS chain
	FROM @extschema@.audit_log AS a
	WHERE a.chain OPERATOR(pg_catalog.=) 0
), bad AS (
	-- an edited row, a row after a gap, rows out of order
	SELECT l.audit_id AS id
	FROM l
	WHERE l.row_hash IS DISTINCT FROM l.recomputed
	   OR l.seq OPERATOR(pg_catalog.<>) (COALESCE(l.p_seq, 0) OPERATOR(pg_catalog.+) 1)
	   OR l.prev_hash IS DISTINCT FROM l.p_hash
	   OR l.audit_id OPERATOR(pg_catalog.<=) l.p_id
	UNION ALL
	-- a chain's end against its head: rows deleted from the end, rows
	-- added after it, a chain without a head
	SELECT CASE
			 WHEN h.chain IS NULL THEN c.first_id
			 WHEN COALESCE(c.max_seq, 0) OPERATOR(pg_catalog.<) h.last_seq THEN h.last_id
			 WHEN c.max_seq OPERATOR(pg_catalog.>) h.last_seq THEN
				(SELECT pg_catalog.min(x.audit_id) FROM @extschema@.audit_log AS x
				 WHERE x.chain OPERATOR(pg_catalog.=) h.chain AND x.seq OPERATOR(pg_catalog.>) h.last_seq)
			 WHEN h.last_seq OPERATOR(pg_catalog.>) 0 AND NOT EXISTS (
					SELECT FROM @extschema@.audit_log AS x
					WHERE x.chain OPERATOR(pg_catalog.=) h.chain AND x.seq OPERATOR(pg_catalog.=) h.last_seq
					  AND x.audit_id OPERATOR(pg_catalog.=) h.last_id
					  AND x.row_hash OPERATOR(pg_catalog.=) h.last_hash) THEN h.last_id
		   END
	FROM c FULL JOIN @extschema@.audit_chain AS h ON h.chain OPERATOR(pg_catalog.=) c.chain
	UNION ALL
	-- a registered chain that is gone, head and all
	SELECT reg.audit_id
	FROM reg
	WHERE NOT EXISTS (SELECT FROM @extschema@.audit_chain AS h WHERE h.chain OPERATOR(pg_catalog.=) reg.chain)
	UNION ALL
	-- a chain nobody registered (its first row; 0 if it has none)
	SELECT COALESCE(c.first_id, 0)
	FROM @extschema@.audit_chain AS h LEFT JOIN c ON c.chain OPERATOR(pg_catalog.=) h.chain
	WHERE h.chain OPERATOR(pg_catalog.<>) 0
	  AND NOT EXISTS (SELECT FROM reg WHERE reg.chain OPERATOR(pg_catalog.=) h.chain)
)
SELECT pg_catalog.min(bad.id) IS NULL,
	   pg_catalog.min(bad.id),
	   (SELECT pg_catalog.count(*) FROM @extschema@.audit_log)
FROM bad
WHERE bad.id IS NOT NULL
$$;
COMMENT ON FUNCTION @extschema@.verify_audit_chain() IS
  'Checks every audit chain (content hashes, links, no gaps, ends against their heads, the register of chains); ok, the smallest audit_id found wrong, and the number of rows checked';

-- The rows' images (old_row, new_row) of the direct path are built without
-- to_jsonb() for the ledger's column types (src/row_jsonb.c); this counts,
-- per session, which way each image was made, so that a test can tell.
CREATE FUNCTION @extschema@.audit_row_image_stats(OUT built bigint, OUT generic bigint)
  AS 'MODULE_PATHNAME', 'audit_row_image_stats'
  LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.audit_row_image_stats() IS
  'this session''s audit row images (old_row, new_row) written without the SQL statement: built from the table''s kept column types (built) or by to_jsonb() itself, for a table with an array, composite or json column (generic)';
