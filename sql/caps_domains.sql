-- The cap tables share their column rules through domains: a bad category,
-- scope, enforcement or alert list is refused the same way in each table.
SET search_path = omledger, public;
\set VERBOSITY terse
INSERT INTO effort_cap_default (category, scope, amount, enforcement) VALUES ('services', 'month', '1pm', 'hard');
INSERT INTO effort_cap_default (category, scope, amount, enforcement) VALUES ('menu', 'week', '1pm', 'hard');
INSERT INTO effort_cap_default (category, scope, amount, enforcement) VALUES ('menu', 'month', '1pm', 'strict');
INSERT INTO effort_cap_default (category, scope, amount, enforcement, alert_percent) VALUES ('menu', 'month', '1pm', 'hard', '{0}');
INSERT INTO effort_cap_default (category, scope, amount, enforcement, alert_percent) VALUES ('menu', 'month', '1pm', 'hard', '{50,101}');
SELECT 'menu'::charge_category_name, 'term'::cap_scope, 'soft'::cap_enforcement, '{50,75,100}'::cap_alert_percents;
