
-- ====================================================================
-- month close: only close_month() and reopen_month() write it (new in 0.4)
-- In 0.3 a closed month reopened without its approval:
--   UPDATE month_close SET reopened_at = now(), reopen_approval_id = <any>
-- worked for anyone with UPDATE on month_close (which close_month() and
-- reopen_month() needed, running as the caller).  Now:
--   - close_month() and reopen_month() run as the extension's owner
--     (SECURITY DEFINER, search_path pinned, every name qualified: reviewed;
--     reopen_month() checks the city's approval for that contract and month
--     and the unique reopen_approval_id makes it usable once), executable
--     only by the roles granted EXECUTE (doc/effort-caps.md, "Privileges"):
--     users need no privilege on month_close but SELECT;
--   - and a trigger refuses every other INSERT, UPDATE, DELETE or TRUNCATE
--     of month_close (OM113), whoever runs it, also a role that was granted
--     write privileges on all tables: a write passes only while one of the
--     two functions runs (their SET clause turns omledger_caps.month_close_
--     writer on) and current_user is the table's owner (which only a
--     SECURITY DEFINER function of the owner makes it).  Left through: rows
--     a superuser loads with COPY (pg_restore), and the cascade of a deleted
--     contract.  The trigger records who closed and who reopened: the role
--     of the session (SET ROLE, else the login), since current_user is the
--     owner inside the functions.
-- ====================================================================

CREATE FUNCTION @extschema@.session_role() RETURNS name
  AS 'MODULE_PATHNAME', 'session_role'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.session_role() IS
  'the role the session acts as (SET ROLE, else the login role), also inside a SECURITY DEFINER function';

CREATE FUNCTION @extschema@.month_close_guard() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_LEVEL OPERATOR(pg_catalog.=) 'STATEMENT' THEN
    RAISE EXCEPTION 'month_close cannot be truncated'
      USING ERRCODE = 'OM113',
            DETAIL = 'Truncating would reopen every closed month without the city''s approval.',
            HINT = 'Reopen a month with omledger.reopen_month() and the city''s approval.';
  END IF;
  IF TG_OP OPERATOR(pg_catalog.=) 'DELETE'
     AND NOT EXISTS (SELECT 1 FROM @extschema@.contract c
                      WHERE c.contract_id OPERATOR(pg_catalog.=) OLD.contract_id) THEN
    RETURN OLD;		-- its contract was deleted (ON DELETE CASCADE)
  END IF;
  IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' AND @extschema@.ledger_bulk_loading() THEN
    RETURN NEW;		-- history loaded by a superuser's COPY (pg_restore)
  END IF;
  IF TG_OP OPERATOR(pg_catalog.<>) 'DELETE'
     AND pg_catalog.current_setting('omledger_caps.month_close_writer', true) OPERATOR(pg_catalog.=) 'on'
     AND CURRENT_USER OPERATOR(pg_catalog.=) (
           SELECT pg_catalog.pg_get_userbyid(r.relowner) FROM pg_catalog.pg_class r
            WHERE r.oid OPERATOR(pg_catalog.=) TG_RELID) THEN
    IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
      NEW.closed_by := @extschema@.session_role();
    ELSE
      NEW.reopened_by := @extschema@.session_role();
    END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'month_close is written only by close_month() and reopen_month()'
    USING ERRCODE = 'OM113',
          DETAIL = pg_catalog.format('A direct change of the close of contract %s for %s was refused.',
            CASE WHEN TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN OLD.contract_id ELSE NEW.contract_id END,
            pg_catalog.to_char(CASE WHEN TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN OLD.month ELSE NEW.month END, 'YYYY-MM')),
          HINT = 'Close a month with omledger.close_month(); reopen it with omledger.reopen_month() and the city''s approval of subject reopen_month.';
END
$$;
COMMENT ON FUNCTION @extschema@.month_close_guard() IS
  'trigger on month_close: refuses any change but those of close_month() and reopen_month() (and a superuser''s COPY, a deleted contract''s cascade); records who closed and reopened';
CREATE TRIGGER month_close_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.month_close
  FOR EACH ROW EXECUTE FUNCTION @extschema@.month_close_guard();
COMMENT ON TRIGGER month_close_guard ON @extschema@.month_close IS
  'only close_month() and reopen_month() change month_close';
CREATE TRIGGER month_close_no_truncate BEFORE TRUNCATE ON @extschema@.month_close
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.month_close_guard();
COMMENT ON TRIGGER month_close_no_truncate ON @extschema@.month_close IS
  'truncating month_close would reopen every month without approval';

ALTER FUNCTION @extschema@.close_month(bigint, @extschema@.fiscal_period, text)
  SECURITY DEFINER SET omledger_caps.month_close_writer = 'on';
ALTER FUNCTION @extschema@.reopen_month(bigint, @extschema@.fiscal_period, bigint)
  SECURITY DEFINER SET omledger_caps.month_close_writer = 'on';
REVOKE ALL ON FUNCTION @extschema@.close_month(bigint, @extschema@.fiscal_period, text),
                       @extschema@.reopen_month(bigint, @extschema@.fiscal_period, bigint) FROM PUBLIC;
COMMENT ON COLUMN @extschema@.month_close.closed_by IS 'who closed it (the session''s role)';
COMMENT ON COLUMN @extschema@.month_close.reopened_by IS 'who reopened it (the session''s role)';
