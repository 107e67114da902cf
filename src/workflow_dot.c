/*
 * workflow_dot.c
 *	  workflow_dot(kind): the state machine of a kind, as the workflow
 *	  tables define it now, as a Graphviz digraph.  The text is made by the
 *	  pure core (wf_render_dot(), src/core/workflow.c).
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "errcodes.h"
#include "workflow_internal.h"

PG_FUNCTION_INFO_V1(workflow_dot);
Datum
workflow_dot(PG_FUNCTION_ARGS)
{
	text	   *kind_t = PG_GETARG_TEXT_PP(0);
	char	   *kind = text_to_cstring(kind_t);
	Datum		v[1] = {PointerGetDatum(kind_t)};
	WfDotStatus *st;
	WfDotTransition *tr;
	uint64		nst,
				ntr;
	WfBuf		out = {0};
	text	   *result;
	MemoryContext caller = CurrentMemoryContext;

	SPI_connect();
	nst = plan_run(P_DOT_STATUS, v, NULL, 0);
	if (nst == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no state machine for kind \"%s\"", kind),
				 errhint("The kinds are menu_task, service_request, failure_recovery, modification, handover and security_incident.")));
	/* copied out (into SPI's procedure context), as the next result replaces SPI_tuptable */
	st = palloc(sizeof(WfDotStatus) * nst);
	for (uint64 i = 0; i < nst; i++)
	{
		bool		isnull;

		st[i].name = spi_text(i, 1);
		st[i].is_initial = DatumGetBool(spi_value(i, 2, &isnull));
		st[i].is_terminal = DatumGetBool(spi_value(i, 3, &isnull));
	}
	ntr = plan_run(P_DOT_TRANSITION, v, NULL, 0);
	tr = palloc(sizeof(WfDotTransition) * (ntr + 1));
	for (uint64 i = 0; i < ntr; i++)
	{
		bool		isnull,
					known;

		tr[i].from = spi_text(i, 1);
		tr[i].to = spi_text(i, 2);
		tr[i].requires = wf_requires_mask(spi_value(i, 3, &isnull), &known);
		if (!known)
			ereport(ERROR,
					(errcode(ERRCODE_OM_CONFIGURATION),
					 errmsg("transition \"%s\" -> \"%s\" of %s requires an unknown precondition",
							tr[i].from, tr[i].to, kind),
					 errhint("Fix the row in omledger.workflow_transition.")));
	}
	if (!wf_render_dot(kind, st, nst, tr, ntr, &out))
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	/* the result outlives SPI_finish(): made in the caller's context */
	{
		MemoryContext spi = MemoryContextSwitchTo(caller);

		result = cstring_to_text_with_len(out.data, (int) out.len);
		MemoryContextSwitchTo(spi);
	}
	free(out.data);
	SPI_finish();
	PG_RETURN_TEXT_P(result);
}
