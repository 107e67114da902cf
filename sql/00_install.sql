-- The extension installs into its own schema and is not relocatable.
SELECT extname, extnamespace::regnamespace AS schema, extrelocatable
FROM pg_extension WHERE extname = 'omledger';
LOAD 'omledger';
SELECT name, setting FROM pg_settings WHERE name LIKE 'omledger.%' ORDER BY name;
-- Unknown settings in the reserved prefix are refused.
SET omledger.no_such_setting = 1;
-- The settings accept their documented values only.
SET omledger.effort_style = 'ja';
SET omledger.effort_style = 'fr';
RESET omledger.effort_style;
-- CREATE EXTENSION refuses a pre-existing schema owned by an ordinary role.
CREATE DATABASE om_install_hijack;
\c om_install_hijack
CREATE ROLE om_test_squatter;
CREATE SCHEMA omledger AUTHORIZATION om_test_squatter;
CREATE EXTENSION omledger;
DROP SCHEMA omledger;
CREATE EXTENSION omledger;
SELECT extname FROM pg_extension WHERE extname = 'omledger';
\c contrib_regression
DROP DATABASE om_install_hijack;
DROP ROLE om_test_squatter;
