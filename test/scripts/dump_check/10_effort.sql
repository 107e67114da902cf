-- effort: the values, their minutes and both output styles read the same.
SELECT id, planned, actual, omledger.effort_minutes(planned) AS planned_min,
       omledger.effort_minutes(actual) AS actual_min
FROM public.om_fixture_effort ORDER BY id;
SET omledger.effort_style = 'ja';
SELECT id, planned, actual FROM public.om_fixture_effort ORDER BY planned;
RESET omledger.effort_style;
SELECT omledger.sum(planned) FILTER (WHERE id <> 5) AS total FROM public.om_fixture_effort;
