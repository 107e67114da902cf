
-- ====================================================================
-- caps: one approval, one additional contract (new in 0.4)
-- In 0.3 one approved cap_extension decision backed any number of
-- extensions: a second term extension quoting the same approval_id was
-- accepted.  Now an extension needs an approved decision of a city person
-- of the same contract with subject additional_contract (追加契約; the
-- subject cap_extension of 0.3 is still accepted: approvals are immutable,
-- and the ones recorded under 0.3 must keep backing their extensions, also
-- when a dump is restored), and an approval backs one extension only
-- (OM112; the unique constraint settles two concurrent inserts).  See
-- doc/effort-caps.md, "cap_extension".
-- ====================================================================

INSERT INTO @extschema@.approval_subject (subject, description, seeded) VALUES
  ('additional_contract', 'An additional contract (追加契約) raising an effort cap (§5.2.1.2, §5.2.3.2); backs one cap_extension', true);

DROP TRIGGER cap_extension_check ON @extschema@.cap_extension;
DROP FUNCTION @extschema@.cap_extension_check();
CREATE FUNCTION @extschema@.cap_extension_check() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  other bigint;
BEGIN
  IF NOT EXISTS (
      SELECT 1 FROM @extschema@.approval a
        JOIN @extschema@.person p ON p.person_id OPERATOR(pg_catalog.=) a.approver_id
       WHERE a.approval_id OPERATOR(pg_catalog.=) NEW.approval_id
         AND a.contract_id OPERATOR(pg_catalog.=) NEW.contract_id
         AND a.subject OPERATOR(pg_catalog.=) ANY ('{additional_contract,cap_extension}'::text[])
         AND a.decision OPERATOR(pg_catalog.=) 'approved'
         AND p.side OPERATOR(pg_catalog.=) 'city') THEN
    RAISE EXCEPTION 'cap extension of contract % is not approved by the city', NEW.contract_id
      USING ERRCODE = 'OM109',
            DETAIL = pg_catalog.format('Approval %s is not an approved additional_contract decision of a city person on contract %s.',
                                       NEW.approval_id, NEW.contract_id),
            HINT = 'Record the city''s approval (subject additional_contract, decision approved) and reference it.';
  END IF;
  SELECT x.extension_id INTO other FROM @extschema@.cap_extension x
   WHERE x.approval_id OPERATOR(pg_catalog.=) NEW.approval_id
     AND x.extension_id OPERATOR(pg_catalog.<>) NEW.extension_id
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'approval % already backs cap extension %', NEW.approval_id, other
      USING ERRCODE = 'OM112',
            DETAIL = 'One approval of the city backs one additional contract.',
            HINT = 'Record the city''s approval of this additional contract (subject additional_contract) and reference it.';
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.cap_extension_check() IS
  'a cap extension needs an approved additional_contract (or 0.3''s cap_extension) decision of a city person of the same contract, used by no other extension';
CREATE TRIGGER cap_extension_check BEFORE INSERT OR UPDATE ON @extschema@.cap_extension
  FOR EACH ROW EXECUTE FUNCTION @extschema@.cap_extension_check();

-- A 0.3 database may hold extensions sharing an approval: say which before
-- the constraint below would fail with a bare duplicate-key error.
DO $$
DECLARE
  a bigint;
BEGIN
  SELECT x.approval_id INTO a FROM @extschema@.cap_extension x
   GROUP BY x.approval_id HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 1 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'approval % backs more than one cap extension', a
      USING ERRCODE = 'OM112',
            DETAIL = 'From 0.4 on, one approval of the city backs one additional contract.',
            HINT = 'Record an approval for each further extension sharing it, point the extension at it (UPDATE cap_extension SET approval_id), then update again.';
  END IF;
END
$$;
ALTER TABLE @extschema@.cap_extension
  ADD CONSTRAINT cap_extension_approval_once UNIQUE (approval_id);
COMMENT ON COLUMN @extschema@.cap_extension.approval_id IS
  'the city''s approval (subject additional_contract, or cap_extension before 0.4); one approval backs one extension';
