-- fiscal_period values, in both styles, read the same after restore.
SELECT count(*), omledger.min(period), omledger.max(period), count(DISTINCT due) FROM fp_budget;
SELECT period, label, due FROM fp_budget
WHERE period OPERATOR(omledger.<) 'FY1927' OR period OPERATOR(omledger.>) 'FY2199' OR label !~ '年度$'
ORDER BY period;
SET omledger.period_style = wareki;
SELECT period, due FROM fp_budget WHERE omledger.granularity(period) <> 'year' ORDER BY period;
SELECT bool_and(period::text = label) AS labels_match, count(*)
FROM fp_budget WHERE label ~ '年度$';
RESET omledger.period_style;
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'fp_budget'::regclass;
