-- The demo's monthly report (月次報告書) for February 2026, as the city
-- reads it: monthly_report_document() in the text format (aligned for a
-- terminal), the major incident report of the month, whether the report
-- still matches the one archived when February was closed, and the HTML
-- version (A4, with charts) written to the file named by the psql variable
-- html (default /tmp/omledger-demo-report.html).  Every number is computed
-- as of the month's end from the history: running this again later gives
-- the same report.
\set ON_ERROR_STOP on
\set QUIET on
\if :{?html}
\else
\set html /tmp/omledger-demo-report.html
\endif
SET search_path = omledger, public;
SELECT min(contract_id) AS demo_contract FROM contract \gset
\pset format unaligned
\pset tuples_only on
SELECT monthly_report_document(:demo_contract, '2026-02', 'text');
\echo
SELECT major_incident_report(
         (SELECT min(item_id) FROM work_item
           WHERE contract_id = :demo_contract AND severity = 'major'
             AND occurred_at >= '2026-02-01 00:00+09' AND occurred_at < '2026-03-01 00:00+09'),
         'text');
\echo
\echo '--- 月次報告書の保存版との照合 (the report against the one archived at the close)'
\pset tuples_only off
\pset format aligned
SELECT format AS "形式", to_char(archived_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') AS "保存日時",
       CASE WHEN unchanged THEN '一致' ELSE '相違: ' || array_to_string(changed_sections, '、') END AS "照合"
  FROM report_archive_check(:demo_contract, '2026-02');
\pset format unaligned
\pset tuples_only on
SELECT monthly_report_document(:demo_contract, '2026-02', 'html') \g :html
\echo
\echo 'The HTML version (A4, with charts) is in' :html
