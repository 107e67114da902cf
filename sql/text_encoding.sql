-- Japanese text in and out of every function that parses or formats it, in
-- a database that is not UTF-8: to_wareki, wareki_date, jp_holiday_name,
-- jp_holidays, fiscal_period input and output in the wareki style,
-- fiscal_period_text, the granularity names, and the error details and
-- hints the core writes.  All of them go through src/encoding.c (effort,
-- which does too, is tested in effort_encoding).  The client speaks UTF-8;
-- a Shift_JIS client is in test/libpq/test_encoding.c.
SELECT current_database() AS regress_db \gset
CREATE DATABASE regress_text_eucjp ENCODING 'EUC_JP' TEMPLATE template0
  LC_COLLATE 'C' LC_CTYPE 'C';
\c regress_text_eucjp
\encoding UTF8
SET client_min_messages = warning;
CREATE EXTENSION omledger;
-- a plain role, as a city desk would query
CREATE ROLE regress_text_desk;
GRANT USAGE ON SCHEMA omledger TO regress_text_desk;
RESET client_min_messages;
SET ROLE regress_text_desk;
SET search_path = omledger, pg_catalog;
SET datestyle = ISO;
SELECT getdatabaseencoding() AS db_encoding, current_user;

-- Output.  convert_to(x, 'EUC_JP') is x's bytes as the server holds them
-- (no conversion in an EUC_JP database): EUC_JP, not UTF-8.
SELECT to_wareki('2019-05-01') AS wareki,
       length(to_wareki('2019-05-01')) AS chars,
       convert_to(to_wareki('2019-05-01'), 'EUC_JP') AS euc_jp_bytes,
       to_wareki('2019-05-01') = '令和元年5月1日' AS equals_literal;
SELECT d, to_wareki(d)
FROM unnest('{1873-01-01,1912-07-29,1912-07-30,1926-12-25,1989-01-07,1989-01-08,2019-04-30,2019-05-01,2025-10-01}'::date[]) AS d;
SELECT jp_holiday_name('2025-11-23') AS name,
       convert_to(jp_holiday_name('2025-11-23'), 'EUC_JP') AS euc_jp_bytes,
       jp_holiday_name('2025-11-23') = '勤労感謝の日' AS equals_literal,
       jp_holiday_name('2025-11-25') IS NULL AS workday_is_null;
SELECT day, name, length(name) AS chars FROM jp_holidays('2025-04-29', '2025-05-06');
-- every holiday name of 1948-2150 is valid EUC_JP and reads back the same
SELECT count(*) AS holidays,
       count(*) FILTER (WHERE convert_from(convert_to(name, 'EUC_JP'), 'EUC_JP') <> name) AS mangled,
       count(*) FILTER (WHERE jp_holiday_name(day) IS DISTINCT FROM name) AS disagree
FROM jp_holidays('1948-07-20', '2150-12-31');

-- Input
SELECT wareki_date('令和7年10月1日') AS kanji, wareki_date('令和元年5月1日') AS gannen,
       wareki_date('Ｒ７．１０．１') AS fullwidth, wareki_date('平成31年4月30日') AS heisei,
       wareki_date('  明治6年1月1日　') AS spaces;
-- round trip through every day from 1873 to 2030
SELECT count(*) AS days,
       count(*) FILTER (WHERE wareki_date(to_wareki(d::date)) <> d) AS mismatches
FROM generate_series('1873-01-01'::date, '2030-12-31', '1 day') AS d;

-- fiscal_period, output in the wareki style, input in both
SET omledger.period_style = 'wareki';
SELECT p, convert_to(p::text, 'EUC_JP') AS euc_jp_bytes
FROM unnest('{FY2025,FY2025-H2,FY2025-Q3,2025-10,FY2019,FY2018,FY1873}'::fiscal_period[]) AS p;
SELECT '令和7年度第3四半期'::fiscal_period = 'FY2025-Q3' AS quarter,
       '令和7年度下期'::fiscal_period = 'FY2025-H2' AS half,
       '令和7年10月'::fiscal_period = '2025-10' AS month,
       '令和元年度'::fiscal_period = 'FY2019' AS gannen,
       '  令和７年度　'::fiscal_period = 'FY2025' AS fullwidth;
-- every period of every granularity from FY1873 to FY2030 reads back
SELECT g, count(*) AS periods,
       count(*) FILTER (WHERE p::text::fiscal_period <> p) AS mismatches,
       count(*) FILTER (WHERE fiscal_period_text(p, 'wareki') <> p::text) AS text_differs
FROM unnest('{year,half,quarter,month}'::text[]) AS g,
     fiscal_periods(daterange('1873-04-01', '2031-04-01'), g) AS p
GROUP BY g ORDER BY min(p);
RESET omledger.period_style;
SELECT 'FY2025-Q3'::fiscal_period AS iso,
       fiscal_period_text('FY2025-Q3', 'wareki') AS wareki_text,
       convert_to(fiscal_period_text('FY2025-Q3', 'wareki'), 'EUC_JP') AS euc_jp_bytes;
-- granularity names in Japanese
SELECT fiscal_period('2025-10-01', '四半期') AS quarter, parent('2025-10', '年度') AS year,
       parent('2025-10', '半期') AS half, fiscal_period('2025-10-01', '月') AS month;
SELECT count(*) AS halves FROM fiscal_periods(daterange('2025-04-01', '2027-04-01'), '半期');

-- Errors: the core's details and hints, converted
SELECT wareki_date('令和7年13月1日');
SELECT wareki_date('平成32年1月1日');
SELECT to_wareki('1800-01-01');
SELECT 'FY1000'::fiscal_period;
SELECT '令和7年度第5四半期'::fiscal_period;
SELECT fiscal_period('2025-10-01', '週');

RESET ROLE;

-- A hint in Japanese from the cap trigger (OM101, 追加契約), converted
INSERT INTO contract (name, contractor, roles, term)
VALUES ('encoding test', 'Contractor K', '{operator}', '[2025-10-01,2028-01-01)')
RETURNING contract_id AS c \gset
-- the city desk enters the effort (it is city staff of the contract)
INSERT INTO person (contract_id, name, side, db_role, registered) VALUES (:c, '市 太郎', 'city', current_user, '[2025-04-01,)')
RETURNING person_id AS city \gset
INSERT INTO person (contract_id, name, side, registered, approved_on, roles)
VALUES (:c, '作業 花子', 'contractor', '[2025-10-01,)', '2025-09-01', '{worker}')
RETURNING person_id AS wk \gset
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, requested_by, requested_at)
VALUES (:c, 'service_request', 'investigation', '住記バッチ遅延の調査', 'requested', :city, '2025-10-02')
RETURNING item_id AS item \gset
UPDATE effort_cap SET amount = '3h' WHERE contract_id = :c AND category = 'service' AND scope = 'month';
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:item, :wk, '2025-10-03', '4時間');
\echo :LAST_ERROR_SQLSTATE
-- and the roster's refusal (ASCII since 0.4: OM209)
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:item, :wk, '2025-09-30', '2時間');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO effort_log (item_id, person_id, work_date, effort) VALUES (:item, :wk, '2025-10-03', '2時間')
RETURNING effort;
\c :regress_db
DROP DATABASE regress_text_eucjp;
DROP ROLE regress_text_desk;

-- SQL_ASCII holds no encoding: the core's UTF-8 passes through unchanged,
-- as for effort (a UTF-8 client reads it as it is).
CREATE DATABASE regress_text_sqlascii ENCODING 'SQL_ASCII' TEMPLATE template0
  LC_COLLATE 'C' LC_CTYPE 'C';
\c regress_text_sqlascii
\encoding UTF8
CREATE EXTENSION omledger;
SET search_path = omledger, pg_catalog;
SET datestyle = ISO;
SELECT to_wareki('2019-05-01') AS wareki,
       convert_to(to_wareki('2019-05-01'), 'SQL_ASCII') AS bytes,
       wareki_date(to_wareki('2019-05-01')) AS round_trip,
       jp_holiday_name('2025-11-23') AS holiday,
       fiscal_period_text('FY2025-Q3', 'wareki')::fiscal_period AS fp_round_trip;
\c :regress_db
DROP DATABASE regress_text_sqlascii;

-- A database that cannot hold Japanese text cannot hold omledger: the
-- install script (names and comments in Japanese) is refused whole.
CREATE DATABASE regress_text_latin1 ENCODING 'LATIN1' TEMPLATE template0
  LC_COLLATE 'C' LC_CTYPE 'C';
\c regress_text_latin1
\encoding UTF8
CREATE EXTENSION omledger;
SELECT count(*) AS installed FROM pg_extension WHERE extname = 'omledger';
SELECT count(*) AS schemas FROM pg_namespace WHERE nspname = 'omledger';
\c :regress_db
DROP DATABASE regress_text_latin1;
