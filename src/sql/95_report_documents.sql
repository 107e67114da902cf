-- 95_report_documents.sql -- the handover, security and personal data
-- reports rendered like the monthly report (0.4, unreleased).
--
-- Each report has its document as jsonb (handover_report_doc,
-- security_report_doc, personal_data_report_doc: the shape of
-- render_document(), doc/reports.md) and, here, the same rendered as
-- markdown, text or html through the one renderer -- as
-- monthly_report_doc/monthly_report_document.  The documents come first in
-- the install script (89, 91); the renderer (93) after them, so the
-- rendered forms are defined here.

CREATE FUNCTION @extschema@.handover_report_document(plan bigint, week_of date,
                                                     format text DEFAULT 'markdown',
                                                     as_of timestamptz DEFAULT pg_catalog.now())
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT @extschema@.render_document(@extschema@.handover_report_doc($1, $2, $4), $3)
$$;
COMMENT ON FUNCTION @extschema@.handover_report_document(bigint, date, text, timestamptz) IS
  'the weekly (week_of a Monday) or final (week_of NULL) handover report of a plan rendered as markdown, text or html: render_document(handover_report_doc(plan, week_of, as_of), format)';

CREATE FUNCTION @extschema@.security_report_document(contract_id bigint, month @extschema@.fiscal_period,
                                                     format text DEFAULT 'markdown')
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT @extschema@.render_document(@extschema@.security_report_doc($1, $2), $3)
$$;
COMMENT ON FUNCTION @extschema@.security_report_document(bigint, @extschema@.fiscal_period, text) IS
  'the monthly security report (セキュリティ保全状況報告書) rendered as markdown, text or html: render_document(security_report_doc(contract_id, month), format); who may read it as for security_report()';

CREATE FUNCTION @extschema@.personal_data_report_document(contract_id bigint, month @extschema@.fiscal_period,
                                                          format text DEFAULT 'markdown')
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT @extschema@.render_document(@extschema@.personal_data_report_doc($1, $2), $3)
$$;
COMMENT ON FUNCTION @extschema@.personal_data_report_document(bigint, @extschema@.fiscal_period, text) IS
  'the monthly personal data report (個人情報等取扱状況報告書) rendered as markdown, text or html: render_document(personal_data_report_doc(contract_id, month), format)';
