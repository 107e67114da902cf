-- effort in a database that is not UTF-8: the install script (read as
-- UTF-8, see omledger.control), Japanese input and output, and error
-- details are converted to and from the database encoding.
SELECT current_database() AS regress_db \gset
CREATE DATABASE regress_effort_eucjp ENCODING 'EUC_JP' TEMPLATE template0
  LC_COLLATE 'C' LC_CTYPE 'C';
\c regress_effort_eucjp
\encoding UTF8
CREATE EXTENSION omledger;
SET search_path = omledger, pg_catalog;
SELECT '１．５人月 3人日'::effort AS fullwidth, '－2時間'::effort AS minus,
       '2人月3人日4時間30分'::effort AS ja_terms;
SET omledger.effort_style = 'ja';
SELECT '2pm 3pd 4h 30min'::effort AS ja,
       convert_to('2pm 3pd 4h 30min'::effort::text, 'EUC_JP') AS euc_jp_bytes,
       '2pm 3pd 4h 30min'::effort::text::effort = '2pm 3pd 4h 30min' AS round_trips;
RESET omledger.effort_style;
SELECT '1.001時間'::effort;
SELECT '2 人x'::effort;
SELECT obj_description('omledger.effort'::regtype) AS comment;
\c :regress_db
DROP DATABASE regress_effort_eucjp;

-- SQL_ASCII: bytes pass through as UTF-8, unconverted.
CREATE DATABASE regress_effort_sqlascii ENCODING 'SQL_ASCII' TEMPLATE template0
  LC_COLLATE 'C' LC_CTYPE 'C';
\c regress_effort_sqlascii
\encoding UTF8
CREATE EXTENSION omledger;
SET search_path = omledger, pg_catalog;
SET omledger.effort_style = 'ja';
SELECT '1人月 ３時間'::effort AS ja, '1pm 3h'::effort::text::effort = '1人月3時間' AS round_trips;
SELECT '2 人x'::effort;
\c :regress_db
DROP DATABASE regress_effort_sqlascii;
