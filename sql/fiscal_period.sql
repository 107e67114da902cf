-- fiscal_period: input forms, output styles, comparison.
SET search_path = omledger, public;
SET omledger.period_style = iso;
\set VERBOSITY default

-- Every input form, and its output in both styles.
CREATE TEMP TABLE fp_forms (input text);
INSERT INTO fp_forms VALUES
  ('FY2025'), ('fy2025'), ('FY2025-H1'), ('FY2025H2'), ('FY2025 Q3'), ('FY2025-Q4'),
  ('2025-04'), ('2025-4'), ('2025/12'), ('2026-03'),
  ('2025年度'), ('2025年度上期'), ('2025年度下半期'), ('2025年度第1四半期'), ('2025年4月'),
  ('令和7年度'), ('令和7年度上期'), ('令和7年度下期'), ('令和7年度上半期'), ('令和7年度下半期'),
  ('令和7年度第1四半期'), ('令和7年度第二四半期'), ('令和7年度第３四半期'), ('令和7年度Q4'),
  ('令和7年10月'), ('令和７年１０月'), ('Ｒ７年度'), ('R7年度'), ('r7年度'), ('㋿7年度'),
  ('令和元年度'), ('令和1年度'), ('R元年5月'), ('平成31年度'), ('平成31年4月'), ('H31年度上期'),
  ('平成元年1月'), ('平成元年度'), ('昭和64年1月'), ('昭和63年度'), ('S63年度第4四半期'),
  ('昭和元年度'), ('大正15年度'), ('大正元年度'), ('明治45年度'), ('明治6年度'), ('M6年4月'),
  ('  令和 7 年度 第 3 四半期  '), ('　令和7年度　');
SELECT input, input::fiscal_period AS iso,
       fiscal_period_text(input::fiscal_period, 'wareki') AS wareki
FROM fp_forms;
DROP TABLE fp_forms;

-- The output style follows omledger.period_style.
SET omledger.period_style = wareki;
SELECT p FROM (VALUES ('FY2025'::fiscal_period), ('FY2025-H2'), ('FY2025-Q3'), ('2025-10'),
                      ('FY2019'), ('2019-04'), ('2019-05'), ('FY1988'), ('FY1989'), ('1989-01'),
                      ('1989-02'), ('FY1926'), ('1926-12'), ('FY1912'), ('1912-07'), ('1912-08')) v(p);
RESET omledger.period_style;

-- Rejections: each with its SQLSTATE, detail and hint.
CREATE FUNCTION pg_temp.try(input text, OUT state text, OUT message text,
                            OUT detail text, OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM input::omledger.fiscal_period;
  state := '00000';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                          detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END $$;
\x on
SELECT input, (pg_temp.try(input)).*
FROM unnest(ARRAY['令和元年4月', '平成31年5月', '平成32年', '平成32年度', '令和0年度', '令和00年4月',
                  '昭和64年度', '昭和65年1月', '大正16年度', '明治46年4月', '明治5年度', 'M1年4月',
                  'FY1872', 'FY9999', 'FY99999999999', '9999-04', '1873-03',
                  'FY2025-Q5', 'FY2025-H3', 'FY2025-Q0', '2025-13', '2025-00', '令和7年13月', '令和7年0月',
                  '令和7年度第5四半期', '令和7年度第五四半期', 'FY2025-', 'FY', '', '   ', '令和年度', 'R',
                  '令和7年度中期', 'FY2025 junk', '2025', '令和7年', '令和7', 'FY2025-Q1-04',
                  '2025-04-01', '2025年度4月', 'FY-2025', '令和12345678年度']) AS t(input);
\x off

-- From a date.
SELECT d, fiscal_period(d, 'year') AS y, fiscal_period(d, 'half') AS h,
       fiscal_period(d, 'quarter') AS q, fiscal_period(d, 'month') AS m
FROM (VALUES (date '2025-03-31'), ('2025-04-01'), ('2025-09-30'), ('2025-10-01'),
             ('2025-12-31'), ('2026-01-01')) v(d);
SELECT fiscal_period('2025-10-01', 'QUARTER'), fiscal_period('2025-10-01', '四半期');
SELECT fiscal_period('2025-10-01', 'week');
SELECT fiscal_period('1873-03-31', 'year');
SELECT fiscal_period('infinity', 'year');

-- Sort order: by first day, coarser first.
SELECT p FROM (VALUES ('2025-05'::fiscal_period), ('2025-04'), ('FY2025-Q1'), ('FY2025-H1'),
                      ('FY2025'), ('FY2025-Q2'), ('FY2024-Q4'), ('2026-03'), ('FY2025-H2')) v(p)
ORDER BY p;
SELECT 'FY2025'::fiscal_period < 'FY2025-H1' AS lt, 'FY2025-H1'::fiscal_period <= 'FY2025-H1' AS le,
       'FY2025-Q1'::fiscal_period = '令和7年度第1四半期' AS eq, 'FY2025-Q1'::fiscal_period <> '2025-04' AS ne,
       '2025-04'::fiscal_period > 'FY2025-Q1' AS gt, 'FY2026'::fiscal_period >= '2026-03' AS ge;
