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

-- ------------------------------------------------ major incident report
-- The 重大障害報告書 (§5.2.1④) of a failure, from its timeline: what the
-- ledger recorded, as it stands when rendered.
CREATE FUNCTION @extschema@.major_incident_report_doc(item_id bigint) RETURNS jsonb
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  w record;
  c record;
  secs jsonb := '[]';
  mitigated timestamptz;
  resolved timestamptz;
BEGIN
  SELECT x.* INTO w FROM @extschema@.work_item AS x WHERE x.item_id = major_incident_report_doc.item_id;
  IF NOT FOUND OR w.kind <> 'failure_recovery' THEN
    RAISE EXCEPTION 'work item % is not a failure', major_incident_report_doc.item_id
      USING ERRCODE = 'OM503',
            DETAIL = 'A major incident report is written for a failure recovery request (failure_recovery) the caller can see.',
            HINT = 'Pass the item_id of the failure.';
  END IF;
  SELECT x.name, x.contractor INTO c FROM @extschema@.contract AS x WHERE x.contract_id = w.contract_id;
  SELECT min(e.occurred_at) FILTER (WHERE e.to_status = 'mitigated'),
         min(e.occurred_at) FILTER (WHERE e.to_status = 'resolved')
    INTO mitigated, resolved
    FROM @extschema@.work_item_event AS e
   WHERE e.item_id = w.item_id AND e.field IS NULL;

  -- 1. overview
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '1. 概要',
    'paragraphs', to_jsonb(ARRAY(SELECT p FROM unnest(ARRAY[w.detail]) AS p WHERE p IS NOT NULL)),
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'label', 'label', '項目', 'type', 'text'),
      jsonb_build_object('key', 'value', 'label', '内容', 'type', 'text'),
      jsonb_build_object('key', 'at', 'label', '日時', 'type', 'timestamp')),
    'rows', jsonb_build_array(
      jsonb_build_object('label', '発生', 'value', '', 'at', w.occurred_at),
      jsonb_build_object('label', '検知・報告', 'value',
        concat_ws(' ', w.source, (SELECT p.name FROM @extschema@.person AS p WHERE p.person_id = w.requested_by)),
        'at', w.requested_at),
      jsonb_build_object('label', '対応期限（表3・表4）', 'value',
        CASE WHEN w.immediate_response THEN '即時対応要' ELSE '即時対応不要' END, 'at', w.response_due_at),
      jsonb_build_object('label', '対応着手', 'value',
        @extschema@.label_ja('response', CASE WHEN w.response_started_at IS NULL THEN 'open'
                                              WHEN w.response_started_at <= w.response_due_at THEN 'met' ELSE 'late' END)
        || COALESCE('（発生から' || (extract(epoch FROM w.response_started_at - w.occurred_at) / 60)::integer || '分）', ''),
        'at', w.response_started_at),
      jsonb_build_object('label', '暫定対応完了（復旧）', 'value', '', 'at', mitigated),
      jsonb_build_object('label', '解決', 'value', '', 'at', resolved),
      jsonb_build_object('label', '障害分類（表1）', 'value', COALESCE(w.failure_class, '未分類'), 'at', NULL),
      jsonb_build_object('label', '現在の状態', 'value', @extschema@.status_ja(w.status), 'at', w.status_changed_at))));

  -- 2. impact: the systems
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '2. 影響範囲',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'code', 'label', 'コード', 'type', 'text'),
      jsonb_build_object('key', 'name', 'label', 'システム', 'type', 'text')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object('code', s.system_code, 'name', y.name_ja) ORDER BY s.system_code)
                        FROM @extschema@.work_item_system AS s
                        JOIN @extschema@.system AS y ON y.system_code = s.system_code
                       WHERE s.item_id = w.item_id), '[]'),
    'empty', '対象システムは記録されていない。'));

  -- 3. the timeline: status changes, changes of the item, approvals, evidence, deadline changes
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '3. 経過',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'at', 'label', '日時', 'type', 'timestamp'),
      jsonb_build_object('key', 'what', 'label', '事象', 'type', 'text'),
      jsonb_build_object('key', 'detail', 'label', '内容', 'type', 'text'),
      jsonb_build_object('key', 'who', 'label', '記録者', 'type', 'text')),
    'rows', COALESCE((
      SELECT jsonb_agg(jsonb_build_object('at', t.at, 'what', t.what, 'detail', t.detail, 'who', t.who)
                       ORDER BY t.at, t.ord, t.id)
        FROM (SELECT e.occurred_at AS at, 1 AS ord, e.event_id AS id,
                     CASE WHEN e.field IS NULL THEN '状態変更' ELSE '記録の変更' END AS what,
                     CASE WHEN e.field IS NULL
                          THEN COALESCE(@extschema@.status_ja(e.from_status) || ' → ', '') || @extschema@.status_ja(e.to_status)
                          ELSE e.field || ': ' || COALESCE(e.old_value, '-') || ' → ' || COALESCE(e.new_value, '-') END AS detail,
                     p.name AS who
                FROM @extschema@.work_item_event AS e
                LEFT JOIN @extschema@.person AS p ON p.person_id = e.actor_id
               WHERE e.item_id = w.item_id
                 -- (what was set when the item was entered is its content, not a change)
                 AND (e.field IS NULL OR e.occurred_at <> w.created_at)
              UNION ALL
              SELECT a.decided_at, 2, a.approval_id, '本市の' || @extschema@.label_ja('decision', a.decision),
                     @extschema@.label_ja('subject', a.subject) || COALESCE('（' || a.subject_ref || '）', '')
                       || COALESCE(' ' || a.note, ''),
                     p.name
                FROM @extschema@.approval AS a
                LEFT JOIN @extschema@.person AS p ON p.person_id = a.approver_id
               WHERE a.item_id = w.item_id
              UNION ALL
              SELECT v.performed_at, 3, v.evidence_id, '記録・証跡',
                     v.evidence_type || COALESCE(' ' || v.reference, '') || COALESCE('（' || v.result || '）', ''),
                     p.name
                FROM @extschema@.evidence AS v
                LEFT JOIN @extschema@.person AS p ON p.person_id = v.recorded_by
               WHERE v.item_id = w.item_id
              UNION ALL
              SELECT d.notified_at, 4, d.deadline_change_id, '期限変更の連絡',
                     COALESCE(d.old_due_on::text, '-') || ' → ' || d.new_due_on || ' ' || d.reason, p.name
                FROM @extschema@.deadline_change AS d
                LEFT JOIN @extschema@.person AS p ON p.person_id = d.recorded_by
               WHERE d.item_id = w.item_id) AS t), '[]')));

  -- 4. provisional measures: the recovery work done for it (the items that
  --    arise from it other than modifications), 5. permanent measures: the
  --    modifications that arise from it
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '4. 暫定対応',
    'paragraphs', jsonb_build_array(CASE WHEN mitigated IS NOT NULL
      THEN '暫定対応により ' || to_char(mitigated AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') || ' に復旧した（' || COALESCE((SELECT sk.title_ja FROM @extschema@.work_sub_kind AS sk WHERE sk.kind = w.kind AND sk.sub_kind = w.sub_kind), '') || '）。'
      ELSE '暫定対応による復旧は記録されていない。' END),
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'item_id', 'label', '番号', 'type', 'int'),
      jsonb_build_object('key', 'kind', 'label', '種別', 'type', 'text'),
      jsonb_build_object('key', 'title', 'label', '件名', 'type', 'text'),
      jsonb_build_object('key', 'status', 'label', '状態', 'type', 'text')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object('item_id', x.item_id, 'kind', COALESCE(sk.title_ja, @extschema@.label_ja('kind', x.kind)),
                                                          'title', x.title, 'status', @extschema@.status_ja(x.status)) ORDER BY x.item_id)
                        FROM @extschema@.work_item AS x
                        LEFT JOIN @extschema@.work_sub_kind AS sk ON sk.kind = x.kind AND sk.sub_kind = x.sub_kind
                       WHERE x.parent_id = w.item_id AND x.kind <> 'modification'), '[]'),
    'empty', '関連する作業はない。'));
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '5. 恒久対応（保守的システム改修）',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'item_id', 'label', '番号', 'type', 'int'),
      jsonb_build_object('key', 'sub_kind', 'label', '区分', 'type', 'text'),
      jsonb_build_object('key', 'title', 'label', '件名', 'type', 'text'),
      jsonb_build_object('key', 'status', 'label', '工程', 'type', 'text'),
      jsonb_build_object('key', 'planned_effort', 'label', '計画工数', 'type', 'effort'),
      jsonb_build_object('key', 'released_at', 'label', 'リリース', 'type', 'timestamp')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                        'item_id', x.item_id, 'sub_kind', COALESCE(sk.title_ja, x.sub_kind), 'title', x.title,
                        'status', @extschema@.status_ja(x.status),
                        'planned_effort', @extschema@.effort_minutes(x.planned_effort),
                        'released_at', (SELECT min(e.occurred_at) FROM @extschema@.work_item_event AS e
                                         WHERE e.item_id = x.item_id AND e.field IS NULL AND e.to_status = 'released'))
                        ORDER BY x.item_id)
                        FROM @extschema@.work_item AS x
                        LEFT JOIN @extschema@.work_sub_kind AS sk ON sk.kind = x.kind AND sk.sub_kind = x.sub_kind
                       WHERE x.parent_id = w.item_id AND x.kind = 'modification'), '[]'),
    'empty', CASE w.failure_class
               WHEN 'C' THEN '分類Cのため改修は行わない（表1）。'
               WHEN 'D' THEN '分類D: 暫定措置を講じ、原則として追加契約による（表1）。'
               ELSE '恒久対応の改修は記録されていない。' END));

  -- 6. approvals on the failure and on what arises from it; 7. effort
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '6. 承認',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'decided_at', 'label', '日時', 'type', 'timestamp'),
      jsonb_build_object('key', 'item', 'label', '作業', 'type', 'text'),
      jsonb_build_object('key', 'subject', 'label', '対象', 'type', 'text'),
      jsonb_build_object('key', 'decision', 'label', '判断', 'type', 'text'),
      jsonb_build_object('key', 'approver', 'label', '承認者', 'type', 'text')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                        'decided_at', a.decided_at, 'item', '#' || a.item_id,
                        'subject', @extschema@.label_ja('subject', a.subject), 'decision', @extschema@.label_ja('decision', a.decision),
                        'approver', p.name) ORDER BY a.decided_at, a.approval_id)
                        FROM @extschema@.approval AS a
                        LEFT JOIN @extschema@.person AS p ON p.person_id = a.approver_id
                       WHERE a.item_id = w.item_id
                          OR a.item_id IN (SELECT x.item_id FROM @extschema@.work_item AS x WHERE x.parent_id = w.item_id)), '[]'),
    'empty', '承認の記録はない。'));
  secs := secs || jsonb_build_array(jsonb_build_object(
    'heading', '7. 対応工数',
    'columns', jsonb_build_array(
      jsonb_build_object('key', 'item', 'label', '作業', 'type', 'text'),
      jsonb_build_object('key', 'effort', 'label', '工数', 'type', 'effort')),
    'rows', COALESCE((SELECT jsonb_agg(jsonb_build_object('item', '#' || q.item_id || ' ' || q.title, 'effort', q.m) ORDER BY q.item_id)
                        FROM (SELECT x.item_id, x.title, sum(@extschema@.effort_minutes(l.effort)) AS m
                                FROM @extschema@.work_item AS x
                                JOIN @extschema@.effort_log AS l ON l.item_id = x.item_id
                               WHERE x.item_id = w.item_id OR x.parent_id = w.item_id
                               GROUP BY x.item_id, x.title) AS q), '[]'),
    'empty', '工数の記録はない。'));

  RETURN jsonb_build_object(
    'title', '重大障害報告書',
    'subtitle', '#' || w.item_id || ' ' || w.title,
    'meta', jsonb_build_array(
      jsonb_build_array('業務名', c.name),
      jsonb_build_array('受託者', c.contractor),
      jsonb_build_array('障害番号', w.item_id::text),
      jsonb_build_array('件名', w.title),
      jsonb_build_array('重大度', @extschema@.label_ja('severity', w.severity)),
      jsonb_build_array('発生日時', to_char(w.occurred_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') || '（日本時間）'),
      jsonb_build_array('報告書の提出', COALESCE((
        SELECT to_char(v.performed_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD') || COALESCE(' ' || v.reference, '')
          FROM @extschema@.evidence AS v
         WHERE v.item_id = w.item_id AND v.evidence_type = 'major_incident_report'
         ORDER BY v.performed_at DESC, v.evidence_id DESC LIMIT 1), '未提出'))),
    'sections', secs);
END
$$;
COMMENT ON FUNCTION @extschema@.major_incident_report_doc(bigint) IS
  'the major incident report (重大障害報告書, §5.2.1④) of a failure as a document for render_document(): occurrence, detection, response start against the due time, impact (systems), the timeline, provisional and permanent measures (the items that arise from it), approvals and effort (OM503 for an item that is not a failure the caller can see)';

CREATE FUNCTION @extschema@.major_incident_report(item_id bigint, format text DEFAULT 'markdown')
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT @extschema@.render_document(@extschema@.major_incident_report_doc($1), $2)
$$;
COMMENT ON FUNCTION @extschema@.major_incident_report(bigint, text) IS
  'the major incident report (重大障害報告書) of a failure rendered as markdown, text or html: render_document(major_incident_report_doc(item_id), format)';
