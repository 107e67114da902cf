-- Shared by the workflow tests (included with \i, so the sql/ schedule
-- does not pick it up as a test of its own).
-- wf_try(statement): 'ok', or SQLSTATE, message, detail and hint of the
-- error (ids replaced by #, so the output does not depend on sequences).
CREATE FUNCTION public.wf_try(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	st text; msg text; det text; hnt text;
BEGIN
	EXECUTE stmt;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
		det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
	RETURN regexp_replace(regexp_replace(st || ': ' || msg
		|| coalesce(E'\nDETAIL: ' || nullif(CASE WHEN st = '23514' THEN '' ELSE det END, ''), '')
		|| coalesce(E'\nHINT: ' || nullif(hnt, ''), ''),
		'(item|person|failure|incident|approval|evidence|change|contract) \d+', '\1 #', 'g'),
		'roster of contract # on \d{4}-\d\d-\d\d', 'roster of contract # on <date>');
END $$;
