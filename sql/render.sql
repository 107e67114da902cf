-- render: the one document renderer (render_document), on a document made
-- by hand: markdown, aligned text (East Asian wide characters take two
-- columns) and html (escaped, A4, charts as SVG); the same bytes whatever
-- the session's time zone and effort style; a bad format or document is
-- refused.
SET search_path = omledger, public;
\set SHOW_CONTEXT never
\i sql/include/wf_try.sql
CREATE TEMP TABLE doc AS SELECT $${
  "title": "テスト報告書 <1>",
  "subtitle": "A & B",
  "meta": [["業務名", "保守業務"], ["件数", 3]],
  "sections": [
    {"heading": "工数", "paragraphs": ["一行目", "It's \"quoted\" | piped"],
     "columns": [{"key": "name", "label": "区分", "type": "text"},
                 {"key": "n", "label": "件数", "type": "int"},
                 {"key": "e", "label": "工数", "type": "effort"},
                 {"key": "at", "label": "日時", "type": "timestamp"},
                 {"key": "d", "label": "日付", "type": "date"},
                 {"key": "ok", "label": "可否", "type": "text"}],
     "rows": [{"name": "サービス要求", "n": 12, "e": 9600, "at": "2025-11-14T01:00:00+00:00", "d": "2025-11-14", "ok": true},
              {"name": "<b>A&B</b> \"x\" 'y'", "n": 3, "e": "1pd 2h", "at": null, "ok": false},
              {"name": "ｶﾅ", "e": 0, "d": "2025-12-01"}],
     "chart": {"type": "bar", "title": "月別", "unit": "人日", "labels": ["10月", "11月"],
               "series": [{"name": "使用", "values": [3, 5.5]}],
               "lines": [{"name": "上限", "values": [6, 6]}]}},
    {"heading": "空の表", "columns": [{"key": "a", "label": "A"}], "rows": [], "empty": "なし"},
    {"heading": "文だけ", "paragraphs": ["本文"]}
  ]}$$::jsonb AS d;

\pset format unaligned
\pset tuples_only on
SELECT render_document(d, 'markdown') FROM doc;
SELECT render_document(d, 'text') FROM doc;
SELECT render_document(d) = render_document(d, 'markdown') AS markdown_is_the_default FROM doc;
SELECT render_document(d, 'html') FROM doc;
\pset format aligned
\pset tuples_only off

-- the columns of a text table line up on a terminal: in every line the
-- separators stand at the same display columns
SELECT count(*) AS lines,
       count(DISTINCT display_width(substring(l FROM '^[^|]*\|'))) AS first_bar_columns,
       count(DISTINCT display_width(substring(l FROM '^[^|]*\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|'))) AS fifth_bar_columns,
       min(display_width(substring(l FROM '^[^|]*\|'))) AS first_bar_at
  FROM doc, regexp_split_to_table(render_document(d, 'text'), E'\n') AS l
 WHERE l LIKE '%|%' AND l NOT LIKE 'It''s%';
SELECT display_width('月次報告書') AS kanji, display_width('ｶﾅ') AS halfwidth, display_width('a') AS ascii;
SELECT effort_ja('1pm 2pd 3h 4min') AS ja, effort_ja('0') AS zero, effort_ja('-90min') AS negative;

-- the same bytes whatever the session says
CREATE TEMP TABLE r1 AS SELECT f, render_document(d, f) AS out FROM doc, unnest('{markdown,text,html}'::text[]) f;
SET TimeZone = 'America/Los_Angeles';
SET omledger.effort_style = 'ja';
SET DateStyle = 'SQL, DMY';
SELECT f, render_document(d, f) = r1.out AS same FROM doc, r1 ORDER BY f;
RESET TimeZone;
RESET omledger.effort_style;
RESET DateStyle;

-- refused: an unknown format, a document of another shape
SELECT wf_try($$SELECT omledger.render_document('{"title": "x"}', 'pdf')$$);
SELECT wf_try($$SELECT omledger.render_document('{"title": "x"}', NULL)$$);
SELECT wf_try($$SELECT omledger.render_document('{"sections": []}', 'text')$$);
SELECT wf_try($$SELECT omledger.render_document('{"title": "x", "sections": {}}', 'text')$$);
SELECT wf_try($$SELECT omledger.render_document('{"title": "x", "sections": [{"rows": 1}]}', 'markdown')$$);
SELECT wf_try($$SELECT omledger.render_document('{"title": "x", "sections": [{"chart": {"labels": 1}}]}', 'html')$$);
SELECT wf_try($$SELECT omledger.render_document('{"title": "x", "sections": [{"chart": {"series": [{"values": ["a"]}]}}]}', 'html')$$);
-- (and the smallest document renders)
SELECT render_document('{"title": "x"}', 'text') AS smallest;
DROP FUNCTION public.wf_try(text);
