/*
 * ledger.c
 *	  What every trigger of the ledger shares -- the trigger protocol, bulk
 *	  loads, times in messages, the not-in-the-future rule -- and the two
 *	  generic triggers: append-only history and read-only seeded rows.
 *
 * Bulk load: rows that COPY FROM brings in on behalf of a superuser (that is
 * how pg_restore loads the extension's tables) are taken as history: they
 * are not checked and no event is recorded for them (the events are loaded
 * too).  Everything else -- every INSERT, every UPDATE, COPY by anyone else --
 * goes through the rules.
 */
#include "postgres.h"

#include "commands/extension.h"
#include "commands/trigger.h"
#include "miscadmin.h"
#include "tcop/cmdtag.h"
#include "tcop/pquery.h"
#include "utils/builtins.h"
#include "utils/portal.h"

#include "errcodes.h"
#include "workflow_internal.h"

bool
bulk_load(void)
{
	return ActivePortal != NULL && ActivePortal->commandTag == CMDTAG_COPY && superuser();
}

PG_FUNCTION_INFO_V1(ledger_bulk_loading);
Datum
ledger_bulk_loading(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(bulk_load());
}

char *
date_str(DateADT d)
{
	return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(d)));
}

char *
ts_str(TimestampTz t)
{
	return DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(t)));
}

TriggerData *
check_trigger_protocol(FunctionCallInfo fcinfo, const char *fname, bool row, bool before,
					   int maxargs)
{
	TriggerData *td;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" was not called by the trigger manager", fname)));
	td = (TriggerData *) fcinfo->context;
	if (row && !TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired for each row", fname)));
	if (before && !TRIGGER_FIRED_BEFORE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired before the event", fname)));
	if (td->tg_trigger->tgnargs > maxargs)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 maxargs == 0 ?
				 errmsg("function \"%s\" takes no trigger arguments", fname) :
				 errmsg("function \"%s\" takes at most %d trigger arguments", fname, maxargs)));
	return td;
}

void
check_not_future(TimestampTz t, const char *what, const char *table, int64 id)
{
	if (t > GetCurrentTransactionStartTimestamp())
		ereport(ERROR,
				(errcode(ERRCODE_OM_INVALID_EVENT_TIME),
				 errmsg("%s of %s %lld lies in the future", what, table, (long long) id),
				 errdetail("%s is %s; the ledger records what has happened.", what, ts_str(t)),
				 errhint("Record it when it has happened, or give the time it happened.")));
}

/* ------------------------------------------------ immutable history */

PG_FUNCTION_INFO_V1(ledger_history_immutable);
Datum
ledger_history_immutable(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"ledger_history_immutable\" was not called by the trigger manager")));
	if (!TRIGGER_FIRED_BEFORE(td->tg_event) || TRIGGER_FIRED_BY_INSERT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"ledger_history_immutable\" must be fired before UPDATE, DELETE or TRUNCATE")));
	ereport(ERROR,
			(errcode(ERRCODE_OM_HISTORY_IMMUTABLE),
			 errmsg("rows of omledger.%s cannot be %s", RelationGetRelationName(td->tg_relation),
					TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? "updated" :
					TRIGGER_FIRED_BY_TRUNCATE(td->tg_event) ? "truncated" : "deleted"),
			 errdetail("The ledger's history is append-only: what was decided, recorded or done stays as it was."),
			 errhint("Record a correction as a new row.")));
	PG_RETURN_NULL();
}

/* ------------------------------------------------ seeded rows */

PG_FUNCTION_INFO_V1(ledger_protect_seeded);
Datum
ledger_protect_seeded(PG_FUNCTION_ARGS)
{
	TriggerData *td = check_trigger_protocol(fcinfo, "ledger_protect_seeded", true, true, 0);
	Row			o,
				n;
	bool		seeded = false;
	HeapTuple	result;

	result = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	/* the extension's own scripts write the defaults */
	if (creating_extension)
		return PointerGetDatum(result);
	row_init(&o, td->tg_relation, td->tg_trigtuple);
	row_init(&n, td->tg_relation, result);
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		seeded = col_bool(&n, n.atts->seeded);
	else if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		seeded = col_bool(&o, o.atts->seeded) || col_bool(&n, n.atts->seeded);
	else if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
		seeded = col_bool(&o, o.atts->seeded);
	if (seeded)
		ereport(ERROR,
				(errcode(ERRCODE_OM_SEEDED_ROW_READ_ONLY),
				 errmsg("seeded rows of omledger.%s are read-only", RelationGetRelationName(td->tg_relation)),
				 errdetail("Rows with seeded = true ship with the extension and change only with it."),
				 errhint("Add a row of your own (seeded = false); in workflow_transition, a row of your own overrides the seeded one with the same kind and statuses.")));
	return PointerGetDatum(result);
}
