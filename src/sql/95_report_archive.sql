\echo Use "CREATE EXTENSION omledger" to load this file. \quit

-- ====================================================================
-- the archive of monthly reports, and the major incident report (new in 0.4)
-- When a month is closed (close_month()), its monthly report is rendered
-- and kept with its SHA-256: report_archive, one row per format (markdown
-- and html) and close.  A report renders the same bytes for as long as the
-- history of the month stays as it was (94_reports.sql); a later rendering
-- that differs -- a month reopened and corrected, a status change entered
-- late and dated in the month -- is reported by report_archive_check(),
-- with the sections that differ.
--
-- The archive is written by an AFTER INSERT trigger on month_close rather
-- than by a new body of close_month(): the only writer of month_close is
-- close_month() (67_month_close_guard.sql), so the trigger runs exactly at
-- every close, inside it and as the extension's owner (close_month() is
-- SECURITY DEFINER: the whole month is rendered, whatever row-level
-- security would show the closing role), and close_month() keeps its
-- definition, its tests and the EXECUTE a city was granted on it (a DROP
-- and CREATE would lose that grant on every updated database).  Rows a
-- superuser loads with COPY (pg_restore) are history: no rendering then.
--
-- The archive is append-only (report_archive_guard, OM214) and nobody
-- but the owner writes it: the groups read it (role_grants()), a
-- contractor only its own contracts' (row-level security).
--
-- major_incident_report(item_id, format) renders the 重大障害報告書 of a
-- failure from its timeline through the same renderer.
-- ====================================================================

CREATE TABLE @extschema@.report_archive (
  archive_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id bigint NOT NULL REFERENCES @extschema@.contract ON DELETE CASCADE,
  month date NOT NULL
    CHECK (month OPERATOR(pg_catalog.=) pg_catalog.date_trunc('month', month)::date),
  close_id bigint NOT NULL,
  format text NOT NULL
    CHECK (format OPERATOR(pg_catalog.=) ANY ('{markdown,text,html}'::text[])),
  document text NOT NULL,
  sha256 text NOT NULL
    CHECK (sha256 OPERATOR(pg_catalog.~) '^[0-9a-f]{64}$'),
  source jsonb NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  CONSTRAINT report_archive_close_format_key UNIQUE (close_id, format)
);
CREATE INDEX report_archive_month_idx ON @extschema@.report_archive (contract_id, month);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.report_archive', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.report_archive_archive_id_seq', '');
COMMENT ON SEQUENCE @extschema@.report_archive_archive_id_seq IS 'identity of report_archive';
COMMENT ON TABLE @extschema@.report_archive IS
  'the monthly reports as rendered when their month was closed (close_month()), with their SHA-256; append-only (report_archive_check() compares a rendering of today with them)';
COMMENT ON COLUMN @extschema@.report_archive.archive_id IS 'identity';
COMMENT ON COLUMN @extschema@.report_archive.contract_id IS 'the contract';
COMMENT ON COLUMN @extschema@.report_archive.month IS 'the first day of the month reported';
COMMENT ON COLUMN @extschema@.report_archive.close_id IS 'the close of the month (month_close.close_id) at which the report was archived (no foreign key: month_close keeps its own guard against TRUNCATE, OM113)';
COMMENT ON COLUMN @extschema@.report_archive.format IS 'markdown or html (the formats archived at a close); text is allowed for a city''s own use';
COMMENT ON COLUMN @extschema@.report_archive.document IS 'the rendered report (monthly_report_document), byte for byte';
COMMENT ON COLUMN @extschema@.report_archive.sha256 IS 'SHA-256 of the document''s UTF-8 bytes, in hex';
COMMENT ON COLUMN @extschema@.report_archive.source IS 'the document it was rendered from (monthly_report_doc): tells which sections a later rendering changed';
COMMENT ON COLUMN @extschema@.report_archive.archived_at IS 'when it was archived (the close)';

-- Append-only, as the ledger's history (OM214); the cascade of a deleted
-- contract is let through, as for month_close.
CREATE FUNCTION @extschema@.report_archive_guard() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND NOT EXISTS (SELECT 1 FROM @extschema@.contract AS c WHERE c.contract_id = OLD.contract_id) THEN
    RETURN OLD;		-- its contract was deleted (ON DELETE CASCADE)
  END IF;
  RAISE EXCEPTION 'rows of omledger.report_archive cannot be %',
        CASE TG_OP WHEN 'UPDATE' THEN 'updated' WHEN 'DELETE' THEN 'deleted' ELSE 'truncated' END
    USING ERRCODE = 'OM214',
          DETAIL = 'An archived report stays as it was rendered when its month was closed.',
          HINT = 'Reopen the month with reopen_month() and close it again: the new rendering is archived beside the old one.';
END
$$;
COMMENT ON FUNCTION @extschema@.report_archive_guard() IS
  'BEFORE UPDATE/DELETE/TRUNCATE trigger on report_archive: archived reports are append-only (OM214), but for the cascade of a deleted contract';
CREATE TRIGGER report_archive_immutable BEFORE UPDATE OR DELETE ON @extschema@.report_archive
  FOR EACH ROW EXECUTE FUNCTION @extschema@.report_archive_guard();
COMMENT ON TRIGGER report_archive_immutable ON @extschema@.report_archive IS 'Archived reports are append-only';
CREATE TRIGGER report_archive_no_truncate BEFORE TRUNCATE ON @extschema@.report_archive
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.report_archive_guard();
COMMENT ON TRIGGER report_archive_no_truncate ON @extschema@.report_archive IS 'Archived reports are append-only';

CREATE POLICY contract_rows ON @extschema@.report_archive
  USING (coalesce(contract_id OPERATOR(pg_catalog.=) ANY ((SELECT @extschema@.visible_contracts())::bigint[]), true));
COMMENT ON POLICY contract_rows ON @extschema@.report_archive IS
  'a contractor (omledger_contractor, neither city nor admin) sees the rows of the contracts whose roster holds it today; everyone else every row';
ALTER TABLE @extschema@.report_archive ENABLE ROW LEVEL SECURITY;

CREATE FUNCTION @extschema@.report_sha256(document text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to($1, 'UTF8')), 'hex')
$$;
COMMENT ON FUNCTION @extschema@.report_sha256(text) IS
  'SHA-256 of a rendered document''s UTF-8 bytes, in hex (whatever the database encoding)';

-- At a close: archive the month's report.
CREATE FUNCTION @extschema@.month_close_archive() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  period @extschema@.fiscal_period;
  src jsonb;
  f text;
  doc text;
BEGIN
  IF @extschema@.ledger_bulk_loading() THEN
    RETURN NULL;		-- history loaded by a superuser's COPY (pg_restore)
  END IF;
  period := @extschema@.fiscal_period(NEW.month, 'month');
  src := @extschema@.monthly_report_doc(NEW.contract_id, period);
  FOREACH f IN ARRAY '{markdown,html}'::text[] LOOP
    doc := @extschema@.render_document(src, f);
    INSERT INTO @extschema@.report_archive (contract_id, month, close_id, format, document, sha256, source)
    VALUES (NEW.contract_id, NEW.month, NEW.close_id, f, doc, @extschema@.report_sha256(doc), src);
  END LOOP;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.month_close_archive() IS
  'AFTER INSERT trigger on month_close (written only by close_month()): renders the closed month''s report as markdown and html into report_archive with their SHA-256';
CREATE TRIGGER month_close_archive AFTER INSERT ON @extschema@.month_close
  FOR EACH ROW EXECUTE FUNCTION @extschema@.month_close_archive();
COMMENT ON TRIGGER month_close_archive ON @extschema@.month_close IS
  'close_month() archives the month''s report (report_archive)';
COMMENT ON FUNCTION @extschema@.close_month(bigint, @extschema@.fiscal_period, text) IS
  'freezes a fiscal month of a contract: its effort can no longer be inserted, updated or deleted; its monthly report is archived (report_archive)';

CREATE FUNCTION @extschema@.report_archive_check(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (archive_id bigint, close_id bigint, format text, archived_at timestamptz,
                 reopened_at timestamptz, archived_sha256 text, current_sha256 text,
                 unchanged boolean, changed_sections text[])
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH cur AS (SELECT @extschema@.monthly_report_doc($1, $2) AS src)
  SELECT a.archive_id, a.close_id, a.format, a.archived_at, mc.reopened_at, a.sha256,
         @extschema@.report_sha256(@extschema@.render_document(cur.src, a.format)),
         a.sha256 = @extschema@.report_sha256(@extschema@.render_document(cur.src, a.format)),
         ARRAY(SELECT COALESCE(o.s ->> 'heading', n.s ->> 'heading', '(' || COALESCE(o.i, n.i) || ')')
                 FROM jsonb_array_elements(a.source -> 'sections') WITH ORDINALITY AS o(s, i)
                 FULL JOIN jsonb_array_elements(cur.src -> 'sections') WITH ORDINALITY AS n(s, i)
                   ON n.i = o.i
                WHERE o.s IS DISTINCT FROM n.s
                ORDER BY COALESCE(o.i, n.i))
         || CASE WHEN a.source - 'sections' IS DISTINCT FROM cur.src - 'sections'
                 THEN '{(title and meta)}'::text[] ELSE '{}' END
    FROM cur, @extschema@.report_archive AS a
    JOIN @extschema@.month_close AS mc ON mc.close_id = a.close_id
   WHERE a.contract_id = $1 AND a.month = @extschema@.caps_month($2)
   ORDER BY a.close_id, a.format
$$;
COMMENT ON FUNCTION @extschema@.report_archive_check(bigint, @extschema@.fiscal_period) IS
  'compares the month''s report rendered now with each archived rendering (one row per close and format): the hashes, whether it is unchanged, and the headings of the sections that differ; no rows for a month never closed';
