/*
 * workflow_def.c
 *	  The state machines as the engine reads them: a status's flags, a
 *	  kind's initial status, a transition and what it requires (the city's
 *	  own row overriding the seeded one), the moves allowed from a status,
 *	  a sub-kind's needs.  The tables are workflow_status,
 *	  workflow_transition and work_sub_kind (41_workflow_def.sql,
 *	  42_work_item.sql).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"

#include "workflow_internal.h"

/*
 * The mask of a requires array (text[]); *known false when an element is
 * NULL or names no requirement we implement, or the array is not flat
 * (the table's CHECK constraint keeps such rows out).
 */
wf_reqmask
wf_requires_mask(Datum array, bool *known)
{
	ArrayType  *arr = DatumGetArrayTypeP(array);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	wf_reqmask	mask = 0;

	*known = ARR_NDIM(arr) <= 1;
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		int			req = nulls[i] ? -1 :
			wf_requirement_lookup(VARDATA_ANY(DatumGetPointer(elems[i])),
								  VARSIZE_ANY_EXHDR(DatumGetPointer(elems[i])));

		if (req < 0)
			*known = false;
		else
			mask |= (wf_reqmask) 1 << req;
	}
	return mask;
}

/* The flags of a status of a kind; false if the kind has no such status. */
bool
wf_status_lookup(const char *kind, const char *status, WfStatusInfo *info)
{
	Datum		v[2] = {CStringGetTextDatum(kind), CStringGetTextDatum(status)};
	bool		isnull;

	memset(info, 0, sizeof *info);
	if (plan_run(P_STATUS, v, NULL, 1) == 0)
		return false;
	info->is_initial = DatumGetBool(spi_value(0, 1, &isnull));
	info->starts_response = DatumGetBool(spi_value(0, 2, &isnull));
	info->bumps_content = DatumGetBool(spi_value(0, 3, &isnull));
	return true;
}

/* The kind's initial status, or NULL for an unknown kind. */
char *
wf_initial_status(const char *kind)
{
	Datum		v[1] = {CStringGetTextDatum(kind)};

	if (plan_run(P_INITIAL, v, NULL, 1) == 0)
		return NULL;
	return spi_text(0, 1);
}

/* The row that governs a move: the city's own, else the seeded one. */
WfTransitionInfo
wf_transition_lookup(const char *kind, const char *from, const char *to)
{
	Datum		v[3] = {CStringGetTextDatum(kind), CStringGetTextDatum(from),
	CStringGetTextDatum(to)};
	WfTransitionInfo t = {0};
	bool		isnull;
	Datum		reqs;

	if (plan_run(P_TRANSITION, v, NULL, 1) == 0 ||
		!DatumGetBool(spi_value(0, 1, &isnull)))
		return t;
	t.found = true;
	reqs = spi_value(0, 2, &isnull);
	t.requires = wf_requires_mask(reqs, &t.known);
	if (!t.known)
		t.requires_text = OidOutputFunctionCall(F_ARRAY_OUT, reqs);
	return t;
}

/* The statuses a kind allows from `from`, quoted and comma-separated, or NULL. */
char *
wf_allowed_next(const char *kind, const char *from)
{
	Datum		v[2] = {CStringGetTextDatum(kind), CStringGetTextDatum(from)};

	plan_run(P_NEXT, v, NULL, 1);
	return spi_text(0, 1);
}

/* A sub-kind's needs; false (and both false) if the kind has no such sub-kind. */
bool
wf_sub_kind_lookup(const char *kind, const char *sub_kind,
				   bool *requires_procedure, bool *requires_prior_agreement)
{
	Datum		v[2] = {CStringGetTextDatum(kind), CStringGetTextDatum(sub_kind)};
	bool		isnull;

	*requires_procedure = *requires_prior_agreement = false;
	if (plan_run(P_SUB_KIND, v, NULL, 1) == 0)
		return false;
	*requires_procedure = DatumGetBool(spi_value(0, 1, &isnull));
	*requires_prior_agreement = DatumGetBool(spi_value(0, 2, &isnull));
	return true;
}
