\echo Use "CREATE EXTENSION omledger" to load this file. \quit

-- ====================================================================
-- the document renderer (new in 0.4)
-- Every document omledger produces for people -- the monthly report
-- (月次報告書), the major incident report (重大障害報告書), and those other
-- parts of the ledger build (handover, security) -- is a jsonb value of one
-- shape, rendered by one function, render_document(doc, format), as
-- markdown, as aligned text (psql, e-mail: East Asian wide characters take
-- two columns, src/core/text_width.c) or as a self-contained HTML page
-- printable on A4 with inline SVG charts.  The shape (doc/reports.md):
--   {"title": "...", "subtitle": "...", "meta": [["label", "value"], ...],
--    "sections": [{"heading": "...", "paragraphs": ["...", ...],
--                  "columns": [{"key": "k", "label": "...",
--                               "type": "text|int|numeric|date|timestamp|effort"}],
--                  "rows": [{"k": value, ...}, ...],
--                  "empty": "text shown when rows is empty",
--                  "chart": {"type": "bar", ...}}]}
-- A rendering depends on the document only: times are printed in Japan
-- time, effort in its Japanese spelling, whatever the session's TimeZone,
-- DateStyle or omledger.effort_style -- so a rendering can be archived and
-- compared byte for byte (95_report_archive.sql).
-- ====================================================================

CREATE FUNCTION @extschema@.display_width(t text) RETURNS integer
  AS 'MODULE_PATHNAME', 'report_display_width'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.display_width(text) IS
  'the terminal columns a text takes: East Asian wide and fullwidth characters two, combining marks and controls none, others one';

CREATE FUNCTION @extschema@.effort_ja(e @extschema@.effort) RETURNS text
  AS 'MODULE_PATHNAME', 'report_effort_ja'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.effort_ja(@extschema@.effort) IS
  'the Japanese spelling of an effort (2人月3人日4時間30分), whatever omledger.effort_style says';

-- One cell of a document as text: NULL for a missing or null value.
-- (render_document takes a string or a number in a column of another
-- type than effort, timestamp or date as it is, without calling this --
-- the ELSE below: a call costs more than the cell, 38,000 cells in the
-- monthly report of a long history.  Keep the two in step.)
CREATE FUNCTION @extschema@.render_value(v jsonb, type text) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE
    WHEN v IS NULL OR pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.=) 'null' THEN NULL
    WHEN pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.=) 'array' THEN
      (SELECT pg_catalog.string_agg(COALESCE(@extschema@.render_value(x, type), '-'), '、' ORDER BY o)
         FROM pg_catalog.jsonb_array_elements(v) WITH ORDINALITY AS a(x, o))
    WHEN pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.=) 'boolean' THEN
      CASE WHEN v::text::boolean THEN 'はい' ELSE 'いいえ' END
    WHEN type OPERATOR(pg_catalog.=) 'effort' THEN
      @extschema@.effort_ja(CASE WHEN pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.=) 'number'
                                 THEN @extschema@.make_effort(min => (v #>> '{}')::numeric)
                                 ELSE (v #>> '{}')::@extschema@.effort END)
    WHEN type OPERATOR(pg_catalog.=) 'timestamp' THEN
      pg_catalog.to_char((v #>> '{}')::timestamptz AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI')
    WHEN type OPERATOR(pg_catalog.=) 'date' THEN
      pg_catalog.to_char((v #>> '{}')::date, 'YYYY-MM-DD')
    ELSE v #>> '{}'
  END
$$;
COMMENT ON FUNCTION @extschema@.render_value(jsonb, text) IS
  'one value of a document as text for its column type: timestamps in Japan time (YYYY-MM-DD HH24:MI), effort in Japanese (a number is minutes), booleans はい/いいえ, arrays joined with 、; NULL for a missing value';

CREATE FUNCTION @extschema@.html_escape(t text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
           t, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION @extschema@.html_escape(text) IS
  'text safe inside an HTML element or a quoted attribute: & < > " and '' as character references';

-- A chart of a document as an inline SVG: grouped bars, one group per
-- label and one bar per series, and dashed lines (limits such as caps).
--   {"type": "bar", "title": "...", "unit": "人日", "labels": ["...", ...],
--    "series": [{"name": "...", "values": [n, ...]}, ...],
--    "lines": [{"name": "...", "values": [n, ...]}, ...]}
-- (Arithmetic here is written with plain operators: OPERATOR(pg_catalog.+)
-- would give every operator the same precedence.  The body runs with
-- search_path = pg_catalog, pg_temp, and pg_temp is never searched for
-- operators, so they are pg_catalog's.)
CREATE FUNCTION @extschema@.render_chart_svg(chart jsonb) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  colours constant text[] := '{#4e79a7,#f28e2b,#59a14f,#e15759,#76b7b2,#b07aa1}';
  w constant numeric := 680;
  h constant numeric := 250;
  ml constant numeric := 56;
  mr constant numeric := 12;
  mt constant numeric := 34;
  mb constant numeric := 46;
  pw constant numeric := w - ml - mr;
  ph constant numeric := h - mt - mb;
  labels jsonb := COALESCE(chart -> 'labels', '[]');
  series jsonb := COALESCE(chart -> 'series', '[]');
  lines jsonb := COALESCE(chart -> 'lines', '[]');
  n integer;
  ns integer;
  nl integer;
  vmax numeric;
  gw numeric;
  bw numeric;
  out text;
  i integer;
  j integer;
  k integer;
  v numeric;
  x numeric;
  y numeric;
  pts text;
  legend_x numeric := ml;
  name text;
BEGIN
  IF jsonb_typeof(labels) <> 'array' OR jsonb_typeof(series) <> 'array' OR jsonb_typeof(lines) <> 'array'
     OR EXISTS (SELECT 1 FROM jsonb_array_elements(series || lines) AS s(x)
                 WHERE jsonb_typeof(s.x) <> 'object'
                    OR jsonb_typeof(COALESCE(s.x -> 'values', '[]')) <> 'array'
                    OR EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(s.x -> 'values', '[]')) AS v(x)
                                WHERE jsonb_typeof(v.x) NOT IN ('number', 'null'))) THEN
    RAISE EXCEPTION 'invalid chart in a document'
      USING ERRCODE = 'OM502',
            DETAIL = 'The labels, series and lines of a chart must be arrays, each series and line an object whose values are an array of numbers.',
            HINT = 'See the document shape in doc/reports.md.';
  END IF;
  n := jsonb_array_length(labels);
  ns := jsonb_array_length(series);
  nl := jsonb_array_length(lines);
  SELECT max(v.x::text::numeric) INTO vmax
    FROM jsonb_array_elements(series || lines) AS s(x),
         jsonb_array_elements(COALESCE(s.x -> 'values', '[]')) AS v(x)
   WHERE jsonb_typeof(v.x) = 'number';
  vmax := GREATEST(COALESCE(vmax, 0), 1);
  -- a round top for the axis: 1, 2 or 5 times a power of ten
  vmax := (SELECT min(m * 10::numeric ^ e)
             FROM unnest('{1,2,5,10}'::numeric[]) AS m, generate_series(-2, 15) AS e
            WHERE m * 10::numeric ^ e >= vmax);
  gw := pw / GREATEST(n, 1);
  bw := gw * 0.8 / GREATEST(ns, 1);
  out := format('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-label="%s">',
                w, h, w, h, @extschema@.html_escape(COALESCE(chart ->> 'title', '')))
      || format('<text x="%s" y="16" font-size="12" font-weight="bold">%s</text>',
                ml, @extschema@.html_escape(COALESCE(chart ->> 'title', '')))
      || format('<text x="4" y="%s" font-size="9">%s</text>', mt - 8,
                @extschema@.html_escape(COALESCE(chart ->> 'unit', '')));
  -- four grid lines above the axis, labelled
  FOR k IN 0 .. 4 LOOP
    y := mt + ph - ph * k / 4;
    out := out || format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#ccc" stroke-width="0.5"/>',
                         ml, round(y, 1), ml + pw, round(y, 1))
               || format('<text x="%s" y="%s" font-size="9" text-anchor="end">%s</text>',
                         ml - 4, round(y + 3, 1), trim_scale(round(vmax * k / 4, 2)));
  END LOOP;
  -- the bars
  FOR j IN 0 .. ns - 1 LOOP
    FOR i IN 0 .. n - 1 LOOP
      v := (series -> j -> 'values' ->> i)::numeric;
      CONTINUE WHEN v IS NULL OR v <= 0;
      x := ml + gw * i + gw * 0.1 + bw * j;
      y := ph * LEAST(v, vmax) / vmax;
      out := out || format('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s %s: %s</title></rect>',
                           round(x, 1), round(mt + ph - y, 1), round(GREATEST(bw - 1, 1), 1), round(y, 1),
                           colours[1 + j % 6],
                           @extschema@.html_escape(COALESCE(labels ->> i, '')),
                           @extschema@.html_escape(COALESCE(series -> j ->> 'name', '')), trim_scale(v));
    END LOOP;
  END LOOP;
  -- the lines (limits), dashed, a step across each group
  FOR j IN 0 .. nl - 1 LOOP
    pts := '';
    FOR i IN 0 .. n - 1 LOOP
      v := (lines -> j -> 'values' ->> i)::numeric;
      CONTINUE WHEN v IS NULL;
      y := mt + ph - ph * LEAST(v, vmax) / vmax;
      pts := pts || format('%s,%s %s,%s ', round(ml + gw * i + gw * 0.05, 1), round(y, 1),
                           round(ml + gw * (i + 1) - gw * 0.05, 1), round(y, 1));
    END LOOP;
    IF pts <> '' THEN
      out := out || format('<polyline points="%s" fill="none" stroke="%s" stroke-width="1.5" stroke-dasharray="5,3"/>',
                           rtrim(pts), CASE j WHEN 0 THEN '#c00' ELSE '#555' END);
    END IF;
  END LOOP;
  -- the axis and the labels under the groups (every other one when many)
  out := out || format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#000"/>', ml, mt + ph, ml + pw, mt + ph);
  FOR i IN 0 .. n - 1 LOOP
    CONTINUE WHEN n > 16 AND i % 2 = 1;
    out := out || format('<text x="%s" y="%s" font-size="9" text-anchor="middle">%s</text>',
                         round(ml + gw * (i + 0.5), 1), mt + ph + 13,
                         @extschema@.html_escape(COALESCE(labels ->> i, '')));
  END LOOP;
  -- the legend, under the labels
  FOR j IN 0 .. ns + nl - 1 LOOP
    IF j < ns THEN
      name := series -> j ->> 'name';
      out := out || format('<rect x="%s" y="%s" width="10" height="10" fill="%s"/>',
                           legend_x, h - 16, colours[1 + j % 6]);
    ELSE
      name := lines -> (j - ns) ->> 'name';
      out := out || format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5" stroke-dasharray="5,3"/>',
                           legend_x, h - 11, legend_x + 10, h - 11, CASE j - ns WHEN 0 THEN '#c00' ELSE '#555' END);
    END IF;
    out := out || format('<text x="%s" y="%s" font-size="10">%s</text>', legend_x + 14, h - 7,
                         @extschema@.html_escape(COALESCE(name, '')));
    legend_x := legend_x + 24 + 6 * @extschema@.display_width(COALESCE(name, ''));
  END LOOP;
  RETURN out || '</svg>';
END
$$;
COMMENT ON FUNCTION @extschema@.render_chart_svg(jsonb) IS
  'a document''s chart ({"type": "bar", "title", "unit", "labels", "series": [{"name", "values"}], "lines": [{"name", "values"}]}) as an inline SVG: grouped bars and dashed limit lines';

CREATE FUNCTION @extschema@.render_document(doc jsonb, format text DEFAULT 'markdown') RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  out text := '';
  sec jsonb;
  cols jsonb;
  col jsonb;
  r jsonb;
  p text;
  cells text[];
  widths integer[];
  rightalign boolean[];
  line text;
  cell text;
  i integer;
  nc integer;
  lw integer;
  m jsonb;
  nl constant text := E'\n';
BEGIN
  IF format IS NULL OR format OPERATOR(pg_catalog.<>) ALL ('{markdown,text,html}'::text[]) THEN
    RAISE EXCEPTION 'unknown document format "%"', format
      USING ERRCODE = 'OM501',
            DETAIL = 'A document is rendered as markdown, text or html.',
            HINT = 'Pass ''markdown'', ''text'' or ''html''.';
  END IF;
  IF doc IS NULL OR pg_catalog.jsonb_typeof(doc) OPERATOR(pg_catalog.<>) 'object'
     OR pg_catalog.jsonb_typeof(doc -> 'title') IS DISTINCT FROM 'string'
     OR pg_catalog.jsonb_typeof(COALESCE(doc -> 'sections', '[]')) OPERATOR(pg_catalog.<>) 'array'
     OR pg_catalog.jsonb_typeof(COALESCE(doc -> 'meta', '[]')) OPERATOR(pg_catalog.<>) 'array'
     OR EXISTS (SELECT 1 FROM pg_catalog.jsonb_array_elements(COALESCE(doc -> 'sections', '[]')) AS s(x)
                 WHERE pg_catalog.jsonb_typeof(s.x) OPERATOR(pg_catalog.<>) 'object'
                    OR pg_catalog.jsonb_typeof(COALESCE(s.x -> 'columns', '[]')) OPERATOR(pg_catalog.<>) 'array'
                    OR pg_catalog.jsonb_typeof(COALESCE(s.x -> 'rows', '[]')) OPERATOR(pg_catalog.<>) 'array'
                    OR pg_catalog.jsonb_typeof(COALESCE(s.x -> 'paragraphs', '[]')) OPERATOR(pg_catalog.<>) 'array') THEN
    RAISE EXCEPTION 'invalid document'
      USING ERRCODE = 'OM502',
            DETAIL = 'A document is a jsonb object with a string title and arrays meta and sections; each section an object with arrays paragraphs, columns and rows.',
            HINT = 'See the document shape in doc/reports.md.';
  END IF;

  -- ------------------------------------------------------------ html
  IF format OPERATOR(pg_catalog.=) 'html' THEN
    out := '<!DOCTYPE html>' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) '<html lang="ja"><head><meta charset="utf-8">' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) '<title>' OPERATOR(pg_catalog.||) @extschema@.html_escape((doc ->> 'title')) OPERATOR(pg_catalog.||) '</title>' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) '<style>' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) '@page { size: A4; margin: 15mm 12mm; }' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) 'body { font-family: "Noto Sans CJK JP", "IPAexGothic", "Hiragino Sans", "Yu Gothic", sans-serif; font-size: 10pt; color: #111; max-width: 186mm; margin: 0 auto; }' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) 'h1 { font-size: 16pt; border-bottom: 2px solid #333; padding-bottom: 4px; }' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) 'h2 { font-size: 12pt; border-left: 5px solid #4e79a7; padding-left: 6px; margin-top: 18px; break-after: avoid; }' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) 'p.subtitle { font-size: 11pt; color: #333; }' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) 'table { border-collapse: collapse; width: 100%; margin: 4px 0; font-size: 9pt; }' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) 'th, td { border: 1px solid #999; padding: 2px 4px; vertical-align: top; }' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) 'th { background: #e8edf3; }' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) 'td.num { text-align: right; white-space: nowrap; }' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) 'table.meta { width: auto; } table.meta th { text-align: left; }' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) 'tr, figure { break-inside: avoid; }' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) 'figure { margin: 6px 0; } svg { max-width: 100%; height: auto; }' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) '.empty { color: #666; }' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) '</style></head><body>' OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) '<h1>' OPERATOR(pg_catalog.||) @extschema@.html_escape((doc ->> 'title')) OPERATOR(pg_catalog.||) '</h1>' OPERATOR(pg_catalog.||) nl;
    IF (doc ->> 'subtitle') IS NOT NULL THEN
      out := out OPERATOR(pg_catalog.||) '<p class="subtitle">' OPERATOR(pg_catalog.||) @extschema@.html_escape((doc ->> 'subtitle')) OPERATOR(pg_catalog.||) '</p>' OPERATOR(pg_catalog.||) nl;
    END IF;
    IF pg_catalog.jsonb_array_length(COALESCE(doc -> 'meta', '[]')) OPERATOR(pg_catalog.>) 0 THEN
      out := out OPERATOR(pg_catalog.||) '<table class="meta">' OPERATOR(pg_catalog.||) nl;
      FOR m IN SELECT x FROM pg_catalog.jsonb_array_elements(doc -> 'meta') WITH ORDINALITY AS a(x, o) ORDER BY o LOOP
        out := out OPERATOR(pg_catalog.||) '<tr><th>' OPERATOR(pg_catalog.||) @extschema@.html_escape(COALESCE((m ->> 0), ''))
          OPERATOR(pg_catalog.||) '</th><td>' OPERATOR(pg_catalog.||) @extschema@.html_escape(COALESCE(@extschema@.render_value(m -> 1, 'text'), '-'))
          OPERATOR(pg_catalog.||) '</td></tr>' OPERATOR(pg_catalog.||) nl;
      END LOOP;
      out := out OPERATOR(pg_catalog.||) '</table>' OPERATOR(pg_catalog.||) nl;
    END IF;
    FOR sec IN SELECT x FROM pg_catalog.jsonb_array_elements(COALESCE(doc -> 'sections', '[]')) WITH ORDINALITY AS a(x, o) ORDER BY o LOOP
      out := out OPERATOR(pg_catalog.||) '<section>' OPERATOR(pg_catalog.||) nl;
      IF (sec ->> 'heading') IS NOT NULL THEN
        out := out OPERATOR(pg_catalog.||) '<h2>' OPERATOR(pg_catalog.||) @extschema@.html_escape((sec ->> 'heading')) OPERATOR(pg_catalog.||) '</h2>' OPERATOR(pg_catalog.||) nl;
      END IF;
      FOR p IN SELECT x FROM pg_catalog.jsonb_array_elements_text(COALESCE(sec -> 'paragraphs', '[]')) WITH ORDINALITY AS a(x, o) ORDER BY o LOOP
        out := out OPERATOR(pg_catalog.||) '<p>' OPERATOR(pg_catalog.||) pg_catalog.replace(@extschema@.html_escape(p), nl, '<br>') OPERATOR(pg_catalog.||) '</p>' OPERATOR(pg_catalog.||) nl;
      END LOOP;
      IF sec -> 'chart' IS NOT NULL AND pg_catalog.jsonb_typeof(sec -> 'chart') OPERATOR(pg_catalog.=) 'object' THEN
        out := out OPERATOR(pg_catalog.||) '<figure>' OPERATOR(pg_catalog.||) @extschema@.render_chart_svg(sec -> 'chart') OPERATOR(pg_catalog.||) '</figure>' OPERATOR(pg_catalog.||) nl;
      END IF;
      cols := COALESCE(sec -> 'columns', '[]');
      IF pg_catalog.jsonb_array_length(cols) OPERATOR(pg_catalog.>) 0 THEN
        IF pg_catalog.jsonb_array_length(COALESCE(sec -> 'rows', '[]')) OPERATOR(pg_catalog.=) 0 THEN
          out := out OPERATOR(pg_catalog.||) '<p class="empty">' OPERATOR(pg_catalog.||) @extschema@.html_escape(COALESCE((sec ->> 'empty'), '該当なし')) OPERATOR(pg_catalog.||) '</p>' OPERATOR(pg_catalog.||) nl;
        ELSE
          out := out OPERATOR(pg_catalog.||) '<table><thead><tr>';
          FOR col IN SELECT x FROM pg_catalog.jsonb_array_elements(cols) WITH ORDINALITY AS a(x, o) ORDER BY o LOOP
            out := out OPERATOR(pg_catalog.||) '<th>' OPERATOR(pg_catalog.||) @extschema@.html_escape(COALESCE((col ->> 'label'), (col ->> 'key'), '')) OPERATOR(pg_catalog.||) '</th>';
          END LOOP;
          out := out OPERATOR(pg_catalog.||) '</tr></thead><tbody>' OPERATOR(pg_catalog.||) nl;
          -- the rows in one query: appending cell by cell to `out` copied
          -- the whole page each time (quadratic: 2.4 s for the 7,000 rows
          -- of a long history's obligations section)
          out := out OPERATOR(pg_catalog.||) COALESCE((
            SELECT pg_catalog.string_agg('<tr>' OPERATOR(pg_catalog.||) (
                     SELECT pg_catalog.string_agg(
                              CASE WHEN (c.x ->> 'type') OPERATOR(pg_catalog.=) ANY ('{int,numeric,effort}'::text[]) THEN '<td class="num">' ELSE '<td>' END
                              OPERATOR(pg_catalog.||) @extschema@.html_escape(COALESCE(CASE WHEN pg_catalog.jsonb_typeof(r.x -> (c.x ->> 'key')) OPERATOR(pg_catalog.=) ANY ('{string,number}'::text[])
                                                                                                 AND (c.x ->> 'type') OPERATOR(pg_catalog.<>) ALL ('{effort,timestamp,date}'::text[])
                                                                                            THEN r.x -> (c.x ->> 'key') #>> '{}'
                                                                                            ELSE @extschema@.render_value(r.x -> (c.x ->> 'key'), (c.x ->> 'type')) END, '-'))
                              OPERATOR(pg_catalog.||) '</td>', '' ORDER BY c.o)
                       FROM pg_catalog.jsonb_array_elements(cols) WITH ORDINALITY AS c(x, o))
                   OPERATOR(pg_catalog.||) '</tr>' OPERATOR(pg_catalog.||) nl, '' ORDER BY r.o)
              FROM pg_catalog.jsonb_array_elements(sec -> 'rows') WITH ORDINALITY AS r(x, o)), '');
          out := out OPERATOR(pg_catalog.||) '</tbody></table>' OPERATOR(pg_catalog.||) nl;
        END IF;
      END IF;
      out := out OPERATOR(pg_catalog.||) '</section>' OPERATOR(pg_catalog.||) nl;
    END LOOP;
    RETURN out OPERATOR(pg_catalog.||) '</body></html>' OPERATOR(pg_catalog.||) nl;
  END IF;

  -- ------------------------------------------------ markdown and text
  IF format OPERATOR(pg_catalog.=) 'markdown' THEN
    out := '# ' OPERATOR(pg_catalog.||) pg_catalog.replace((doc ->> 'title'), nl, ' ') OPERATOR(pg_catalog.||) nl;
    IF (doc ->> 'subtitle') IS NOT NULL THEN
      out := out OPERATOR(pg_catalog.||) nl OPERATOR(pg_catalog.||) pg_catalog.replace((doc ->> 'subtitle'), nl, ' ') OPERATOR(pg_catalog.||) nl;
    END IF;
    IF pg_catalog.jsonb_array_length(COALESCE(doc -> 'meta', '[]')) OPERATOR(pg_catalog.>) 0 THEN
      out := out OPERATOR(pg_catalog.||) nl;
      FOR m IN SELECT x FROM pg_catalog.jsonb_array_elements(doc -> 'meta') WITH ORDINALITY AS a(x, o) ORDER BY o LOOP
        out := out OPERATOR(pg_catalog.||) '- **' OPERATOR(pg_catalog.||) COALESCE((m ->> 0), '') OPERATOR(pg_catalog.||) '**: '
          OPERATOR(pg_catalog.||) pg_catalog.replace(COALESCE(@extschema@.render_value(m -> 1, 'text'), '-'), nl, ' ') OPERATOR(pg_catalog.||) nl;
      END LOOP;
    END IF;
  ELSE
    out := pg_catalog.replace((doc ->> 'title'), nl, ' ') OPERATOR(pg_catalog.||) nl
      OPERATOR(pg_catalog.||) pg_catalog.repeat('=', @extschema@.display_width(pg_catalog.replace((doc ->> 'title'), nl, ' '))) OPERATOR(pg_catalog.||) nl;
    IF (doc ->> 'subtitle') IS NOT NULL THEN
      out := out OPERATOR(pg_catalog.||) (doc ->> 'subtitle') OPERATOR(pg_catalog.||) nl;
    END IF;
    IF pg_catalog.jsonb_array_length(COALESCE(doc -> 'meta', '[]')) OPERATOR(pg_catalog.>) 0 THEN
      out := out OPERATOR(pg_catalog.||) nl;
      SELECT pg_catalog.max(@extschema@.display_width(COALESCE(x ->> 0, ''))) INTO lw
        FROM pg_catalog.jsonb_array_elements(doc -> 'meta') AS a(x);
      FOR m IN SELECT x FROM pg_catalog.jsonb_array_elements(doc -> 'meta') WITH ORDINALITY AS a(x, o) ORDER BY o LOOP
        out := out OPERATOR(pg_catalog.||) COALESCE((m ->> 0), '')
          OPERATOR(pg_catalog.||) pg_catalog.repeat(' ', lw OPERATOR(pg_catalog.-) @extschema@.display_width(COALESCE((m ->> 0), '')))
          OPERATOR(pg_catalog.||) ' : ' OPERATOR(pg_catalog.||) pg_catalog.replace(COALESCE(@extschema@.render_value(m -> 1, 'text'), '-'), nl, ' ') OPERATOR(pg_catalog.||) nl;
      END LOOP;
    END IF;
  END IF;

  FOR sec IN SELECT x FROM pg_catalog.jsonb_array_elements(COALESCE(doc -> 'sections', '[]')) WITH ORDINALITY AS a(x, o) ORDER BY o LOOP
    out := out OPERATOR(pg_catalog.||) nl;
    IF (sec ->> 'heading') IS NOT NULL THEN
      IF format OPERATOR(pg_catalog.=) 'markdown' THEN
        out := out OPERATOR(pg_catalog.||) '## ' OPERATOR(pg_catalog.||) pg_catalog.replace((sec ->> 'heading'), nl, ' ') OPERATOR(pg_catalog.||) nl OPERATOR(pg_catalog.||) nl;
      ELSE
        out := out OPERATOR(pg_catalog.||) pg_catalog.replace((sec ->> 'heading'), nl, ' ') OPERATOR(pg_catalog.||) nl
          OPERATOR(pg_catalog.||) pg_catalog.repeat('-', @extschema@.display_width(pg_catalog.replace((sec ->> 'heading'), nl, ' '))) OPERATOR(pg_catalog.||) nl;
      END IF;
    END IF;
    FOR p IN SELECT x FROM pg_catalog.jsonb_array_elements_text(COALESCE(sec -> 'paragraphs', '[]')) WITH ORDINALITY AS a(x, o) ORDER BY o LOOP
      out := out OPERATOR(pg_catalog.||) p OPERATOR(pg_catalog.||) nl OPERATOR(pg_catalog.||) nl;
    END LOOP;
    cols := COALESCE(sec -> 'columns', '[]');
    nc := pg_catalog.jsonb_array_length(cols);
    CONTINUE WHEN nc OPERATOR(pg_catalog.=) 0;
    IF pg_catalog.jsonb_array_length(COALESCE(sec -> 'rows', '[]')) OPERATOR(pg_catalog.=) 0 THEN
      out := out OPERATOR(pg_catalog.||) COALESCE((sec ->> 'empty'), '該当なし') OPERATOR(pg_catalog.||) nl;
      CONTINUE;
    END IF;
    -- the cells as text, row by row (the header first), and each column's width
    SELECT pg_catalog.array_agg(COALESCE(c.x ->> 'label', c.x ->> 'key', '') ORDER BY c.o),
           pg_catalog.array_agg(COALESCE(c.x ->> 'type' OPERATOR(pg_catalog.=) ANY ('{int,numeric,effort}'::text[]), false) ORDER BY c.o)
      INTO cells, rightalign
      FROM pg_catalog.jsonb_array_elements(cols) WITH ORDINALITY AS c(x, o);
    SELECT pg_catalog.array_agg(q.w ORDER BY q.o) INTO widths
      FROM (SELECT c.o, pg_catalog.max(@extschema@.display_width(v.t)) AS w
              FROM pg_catalog.jsonb_array_elements(cols) WITH ORDINALITY AS c(x, o)
              CROSS JOIN LATERAL (
                SELECT COALESCE(c.x ->> 'label', c.x ->> 'key', '') AS t
                UNION ALL
                SELECT pg_catalog.replace(CASE WHEN format OPERATOR(pg_catalog.=) 'markdown'
                                               THEN pg_catalog.replace(COALESCE(CASE WHEN pg_catalog.jsonb_typeof(r.x -> (c.x ->> 'key')) OPERATOR(pg_catalog.=) ANY ('{string,number}'::text[])
                                                                                          AND (c.x ->> 'type') OPERATOR(pg_catalog.<>) ALL ('{effort,timestamp,date}'::text[])
                                                                                     THEN r.x -> (c.x ->> 'key') #>> '{}'
                                                                                     ELSE @extschema@.render_value(r.x -> (c.x ->> 'key'), (c.x ->> 'type')) END, '-'), '|', '\|')
                                               ELSE COALESCE(CASE WHEN pg_catalog.jsonb_typeof(r.x -> (c.x ->> 'key')) OPERATOR(pg_catalog.=) ANY ('{string,number}'::text[])
                                                                       AND (c.x ->> 'type') OPERATOR(pg_catalog.<>) ALL ('{effort,timestamp,date}'::text[])
                                                                  THEN r.x -> (c.x ->> 'key') #>> '{}'
                                                                  ELSE @extschema@.render_value(r.x -> (c.x ->> 'key'), (c.x ->> 'type')) END, '-') END, nl, ' ')
                  FROM pg_catalog.jsonb_array_elements(sec -> 'rows') AS r(x)) AS v
             GROUP BY c.o) AS q;
    -- header
    line := '';
    FOR i IN 1 .. nc LOOP
      cell := pg_catalog.replace(cells[i], '|', CASE WHEN format OPERATOR(pg_catalog.=) 'markdown' THEN '\|' ELSE '|' END);
      cell := cell OPERATOR(pg_catalog.||) pg_catalog.repeat(' ', widths[i] OPERATOR(pg_catalog.-) @extschema@.display_width(cell));
      IF format OPERATOR(pg_catalog.=) 'markdown' THEN
        line := line OPERATOR(pg_catalog.||) '| ' OPERATOR(pg_catalog.||) cell OPERATOR(pg_catalog.||) ' ';
      ELSE
        line := line OPERATOR(pg_catalog.||) CASE WHEN i OPERATOR(pg_catalog.>) 1 THEN ' | ' ELSE ' ' END OPERATOR(pg_catalog.||) cell;
      END IF;
    END LOOP;
    out := out OPERATOR(pg_catalog.||) pg_catalog.rtrim(line OPERATOR(pg_catalog.||) CASE WHEN format OPERATOR(pg_catalog.=) 'markdown' THEN '|' ELSE '' END) OPERATOR(pg_catalog.||) nl;
    -- rule under the header
    line := '';
    FOR i IN 1 .. nc LOOP
      IF format OPERATOR(pg_catalog.=) 'markdown' THEN
        line := line OPERATOR(pg_catalog.||) '|' OPERATOR(pg_catalog.||)
          CASE WHEN rightalign[i] THEN pg_catalog.repeat('-', widths[i] OPERATOR(pg_catalog.+) 1) OPERATOR(pg_catalog.||) ':'
               ELSE pg_catalog.repeat('-', widths[i] OPERATOR(pg_catalog.+) 2) END;
      ELSE
        line := line OPERATOR(pg_catalog.||) CASE WHEN i OPERATOR(pg_catalog.>) 1 THEN '+' ELSE '' END
          OPERATOR(pg_catalog.||) pg_catalog.repeat('-', widths[i] OPERATOR(pg_catalog.+) 2);
      END IF;
    END LOOP;
    out := out OPERATOR(pg_catalog.||) line OPERATOR(pg_catalog.||) CASE WHEN format OPERATOR(pg_catalog.=) 'markdown' THEN '|' ELSE '' END OPERATOR(pg_catalog.||) nl;
    -- rows, in one query (appending cell by cell to `out` copied the whole
    -- document each time: quadratic in the rows); each cell padded to its
    -- column's width, numbers to the right
    out := out OPERATOR(pg_catalog.||) COALESCE((
      SELECT pg_catalog.string_agg(pg_catalog.rtrim((
               SELECT pg_catalog.string_agg(
                        CASE WHEN format OPERATOR(pg_catalog.=) 'markdown'
                             THEN '| ' OPERATOR(pg_catalog.||) pc.cell OPERATOR(pg_catalog.||) ' '
                             ELSE CASE WHEN c.o OPERATOR(pg_catalog.>) 1 THEN ' | ' ELSE ' ' END OPERATOR(pg_catalog.||) pc.cell END,
                        '' ORDER BY c.o)
                 FROM pg_catalog.jsonb_array_elements(cols) WITH ORDINALITY AS c(x, o)
                 CROSS JOIN LATERAL (
                   SELECT CASE WHEN format OPERATOR(pg_catalog.=) 'markdown' THEN pg_catalog.replace(v.t, '|', '\|') ELSE v.t END AS t
                     FROM (SELECT pg_catalog.replace(COALESCE(CASE WHEN pg_catalog.jsonb_typeof(r.x -> (c.x ->> 'key')) OPERATOR(pg_catalog.=) ANY ('{string,number}'::text[])
                                                                        AND (c.x ->> 'type') OPERATOR(pg_catalog.<>) ALL ('{effort,timestamp,date}'::text[])
                                                                   THEN r.x -> (c.x ->> 'key') #>> '{}'
                                                                   ELSE @extschema@.render_value(r.x -> (c.x ->> 'key'), (c.x ->> 'type')) END, '-'), nl, ' ') AS t) AS v) AS u
                 CROSS JOIN LATERAL (
                   SELECT CASE WHEN rightalign[c.o::integer]
                               THEN pg_catalog.repeat(' ', widths[c.o::integer] OPERATOR(pg_catalog.-) @extschema@.display_width(u.t)) OPERATOR(pg_catalog.||) u.t
                               ELSE u.t OPERATOR(pg_catalog.||) pg_catalog.repeat(' ', widths[c.o::integer] OPERATOR(pg_catalog.-) @extschema@.display_width(u.t)) END AS cell) AS pc)
             OPERATOR(pg_catalog.||) CASE WHEN format OPERATOR(pg_catalog.=) 'markdown' THEN '|' ELSE '' END)
             OPERATOR(pg_catalog.||) nl, '' ORDER BY r.o)
        FROM pg_catalog.jsonb_array_elements(sec -> 'rows') WITH ORDINALITY AS r(x, o)), '');
    IF format OPERATOR(pg_catalog.=) 'text' THEN
      out := out OPERATOR(pg_catalog.||) pg_catalog.format('(%s件)', pg_catalog.jsonb_array_length(sec -> 'rows')) OPERATOR(pg_catalog.||) nl;
    END IF;
  END LOOP;
  RETURN out;
END
$$;
COMMENT ON FUNCTION @extschema@.render_document(jsonb, text) IS
  'renders a document (doc/reports.md: title, subtitle, meta, sections of paragraphs, typed table and chart) as markdown, text (aligned for psql and e-mail, East Asian wide characters two columns) or html (a self-contained page printable on A4, charts as inline SVG); the same document always gives the same bytes';
