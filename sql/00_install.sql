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
