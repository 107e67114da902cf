/*
 * workflow.c
 *	  The workflow engine: the C triggers that make the contract's rules hold
 *	  on omledger.work_item and on what hangs off it (approvals, evidence,
 *	  deadline changes), and workflow_dot().
 *
 * The state machines are data (omledger.workflow_status, workflow_transition,
 * 41_workflow_def.sql); this file implements the named preconditions a
 * transition can require and the rules that hold on every change.  Each rule
 * fails with its own SQLSTATE (src/errcodes.h, doc/errors.md).
 *
 * Other tables are read through SPI with plans prepared once per backend and
 * kept (SPI_keepplan).  A kept plan is a CachedPlanSource: the plan cache
 * revalidates it when a table it reads is altered, dropped or recreated (it
 * re-analyses the query text), so DROP/CREATE EXTENSION in the same backend
 * is safe.  Every name in the queries is schema-qualified, operators too,
 * because pg_restore runs with search_path = ''.
 *
 * Concurrency: the UPDATE of a work item holds its row lock while the BEFORE
 * trigger checks the preconditions.  Inserts of approvals, evidence and
 * deadline changes take FOR SHARE on their item, so they serialise with a
 * status change of the same item: a release either sees a concurrently
 * inserted approval (after waiting for it to commit) or the approval waits
 * for the release.  A modification locks its originating failure FOR SHARE
 * while it reads the failure's class.  specs/workflow*.spec shows both.
 *
 * Bulk load: rows that COPY FROM brings in on behalf of a superuser (that is
 * how pg_restore loads the extension's tables) are taken as history: they
 * are not checked and no event is recorded for them (the events are loaded
 * too).  Everything else -- every INSERT, every UPDATE, COPY by anyone else --
 * goes through the rules.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/sysattr.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "tcop/cmdtag.h"
#include "tcop/pquery.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/portal.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "errcodes.h"
#include "japan_time.h"
#include "roster.h"
#include "omledger.h"
#include "workflow.h"

/* ------------------------------------------------------------ SPI plans */

typedef enum PlanId
{
	P_TRANSITION,
	P_NEXT,
	P_STATUS,
	P_INITIAL,
	P_ACTOR,
	P_PERSON,
	P_SUB_KIND,
	P_DECISION,
	P_EVIDENCE,
	P_PARENT,
	P_HANDOVER,
	P_RESPONSE_DUE,
	P_EVENT,
	P_LOCK_ITEM,
	P_DEADLINE_REF,
	P_DUE,
	P_DOT_STATUS,
	P_DOT_TRANSITION,
	P_COUNT
} PlanId;

typedef struct PlanDef
{
	const char *sql;
	int			nargs;
	Oid			argtypes[6];
} PlanDef;

#define EQ " OPERATOR(pg_catalog.=) "

static const PlanDef plan_defs[P_COUNT] = {
	[P_TRANSITION] = {
		"SELECT t.enabled, t.requires::pg_catalog.text FROM omledger.workflow_transition t"
		" WHERE t.kind" EQ "$1 AND t.from_status" EQ "$2 AND t.to_status" EQ "$3"
		" ORDER BY t.seeded LIMIT 1",
		3, {TEXTOID, TEXTOID, TEXTOID}
	},
	[P_NEXT] = {
		"SELECT pg_catalog.string_agg(pg_catalog.quote_ident(e.to_status), ', ' ORDER BY e.to_status)"
		" FROM (SELECT DISTINCT ON (t.to_status) t.to_status, t.enabled"
		"       FROM omledger.workflow_transition t"
		"       WHERE t.kind" EQ "$1 AND t.from_status" EQ "$2"
		"       ORDER BY t.to_status, t.seeded) e WHERE e.enabled",
		2, {TEXTOID, TEXTOID}
	},
	[P_STATUS] = {
		"SELECT s.is_initial, s.starts_response, s.bumps_content FROM omledger.workflow_status s"
		" WHERE s.kind" EQ "$1 AND s.status" EQ "$2",
		2, {TEXTOID, TEXTOID}
	},
	[P_INITIAL] = {
		"SELECT s.status FROM omledger.workflow_status s"
		" WHERE s.kind" EQ "$1 AND s.is_initial",
		1, {TEXTOID}
	},
	[P_ACTOR] = {
		"SELECT p.person_id, p.side FROM omledger.person p"
		" WHERE p.contract_id" EQ "$1 AND p.db_role" EQ "CURRENT_USER"
		" AND p.registered OPERATOR(pg_catalog.@>) $2 ORDER BY p.person_id LIMIT 1",
		2, {INT8OID, DATEOID}
	},
	[P_PERSON] = {
		"SELECT p.side, p.registered OPERATOR(pg_catalog.@>) $2 FROM omledger.person p"
		" WHERE p.person_id" EQ "$1",
		2, {INT8OID, DATEOID}
	},
	[P_SUB_KIND] = {
		"SELECT k.requires_procedure, k.requires_prior_agreement FROM omledger.work_sub_kind k"
		" WHERE k.kind" EQ "$1 AND k.sub_kind" EQ "$2",
		2, {TEXTOID, TEXTOID}
	},
	[P_DECISION] = {
		"SELECT a.decision FROM omledger.approval a"
		" WHERE a.item_id" EQ "$1 AND a.subject" EQ "$2"
		" AND a.decided_at OPERATOR(pg_catalog.>=) $3 AND a.decided_at OPERATOR(pg_catalog.<=) $4"
		" ORDER BY a.decided_at DESC, a.approval_id DESC LIMIT 1",
		4, {INT8OID, TEXTOID, TIMESTAMPTZOID, TIMESTAMPTZOID}
	},
	[P_EVIDENCE] = {
		"SELECT e.result, p.side FROM omledger.evidence e"
		" LEFT JOIN omledger.person p ON p.person_id" EQ "e.recorded_by"
		" WHERE e.item_id" EQ "$1 AND e.evidence_type" EQ "$2"
		" AND e.performed_at OPERATOR(pg_catalog.>=) $3 AND e.performed_at OPERATOR(pg_catalog.<=) $4"
		" ORDER BY e.performed_at DESC, e.evidence_id DESC LIMIT 1",
		4, {INT8OID, TEXTOID, TIMESTAMPTZOID, TIMESTAMPTZOID}
	},
	/* FOR SHARE: the class must not change while we act on it */
	[P_PARENT] = {
		"SELECT w.kind, w.failure_class FROM omledger.work_item w"
		" WHERE w.item_id" EQ "$1 FOR SHARE",
		1, {INT8OID}
	},
	[P_HANDOVER] = {
		"SELECT c.handover_in OPERATOR(pg_catalog.@>) $2 FROM omledger.contract c"
		" WHERE c.contract_id" EQ "$1",
		2, {INT8OID, DATEOID}
	},
	[P_RESPONSE_DUE] = {
		"SELECT omledger.response_due($1, $2, $3)",
		3, {TIMESTAMPTZOID, BOOLOID, TEXTOID}
	},
	[P_EVENT] = {
		"INSERT INTO omledger.work_item_event"
		" (contract_id, item_id, from_status, to_status, occurred_at, actor_id)"
		" VALUES ($1, $2, $3, $4, $5, $6)",
		6, {INT8OID, INT8OID, TEXTOID, TEXTOID, TIMESTAMPTZOID, INT8OID}
	},
	/* FOR SHARE: serialise with a status change of the same item */
	[P_LOCK_ITEM] = {
		"SELECT w.requested_by, w.created_by FROM omledger.work_item w"
		" WHERE w.item_id" EQ "$1 AND w.contract_id" EQ "$2 FOR SHARE",
		2, {INT8OID, INT8OID}
	},
	[P_DEADLINE_REF] = {
		"SELECT 1 FROM omledger.deadline_change d"
		" WHERE d.deadline_change_id" EQ "$1 AND d.item_id" EQ "$2",
		2, {INT8OID, INT8OID}
	},
	[P_DUE] = {
		"SELECT omledger.work_item_due($1)",
		1, {INT8OID}
	},
	[P_DOT_STATUS] = {
		"SELECT s.status, s.is_initial, s.is_terminal FROM omledger.workflow_status s"
		" WHERE s.kind" EQ "$1 ORDER BY s.sort_order, s.status",
		1, {TEXTOID}
	},
	[P_DOT_TRANSITION] = {
		"SELECT e.from_status, e.to_status, e.requires::pg_catalog.text"
		" FROM (SELECT DISTINCT ON (t.from_status, t.to_status) t.*"
		"       FROM omledger.workflow_transition t WHERE t.kind" EQ "$1"
		"       ORDER BY t.from_status, t.to_status, t.seeded) e"
		" JOIN omledger.workflow_status f ON f.kind" EQ "e.kind AND f.status" EQ "e.from_status"
		" JOIN omledger.workflow_status g ON g.kind" EQ "e.kind AND g.status" EQ "e.to_status"
		" WHERE e.enabled ORDER BY f.sort_order, g.sort_order",
		1, {TEXTOID}
	},
};

static SPIPlanPtr plans[P_COUNT];

static SPIPlanPtr
plan_get(PlanId id)
{
	if (plans[id] == NULL)
	{
		const PlanDef *d = &plan_defs[id];
		SPIPlanPtr	p = SPI_prepare(d->sql, d->nargs, (Oid *) d->argtypes);

		if (p == NULL)
			elog(ERROR, "omledger: SPI_prepare failed for plan %d: %s",
				 (int) id, SPI_result_code_string(SPI_result));
		if (SPI_keepplan(p) != 0)
			elog(ERROR, "omledger: SPI_keepplan failed");
		plans[id] = p;
	}
	return plans[id];
}

/* Run a kept plan; nulls as SPI wants them (' ' or 'n'), NULL for none. */
static uint64
plan_run(PlanId id, Datum *values, const char *nulls, long tcount)
{
	int			rc = SPI_execute_plan(plan_get(id), values, nulls, false, tcount);

	if (rc < 0)
		elog(ERROR, "omledger: SPI_execute_plan failed for plan %d: %s",
			 (int) id, SPI_result_code_string(rc));
	return SPI_processed;
}

static Datum
spi_value(uint64 row, int col, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, isnull);
}

/* A text result as a C string in the SPI context, or NULL. */
static char *
spi_text(uint64 row, int col)
{
	bool		isnull;
	Datum		d = spi_value(row, col, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

/* ------------------------------------------------------------- helpers */

/*
 * COPY FROM on behalf of a superuser: pg_restore loading the extension's
 * configuration tables.  The rows are history, already checked once.
 */
static bool
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

static char *
date_str(DateADT d)
{
	return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(d)));
}

static char *
ts_str(TimestampTz t)
{
	return DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(t)));
}

static void
check_trigger_protocol(FunctionCallInfo fcinfo, const char *fname, bool row, bool before)
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
	if (td->tg_trigger->tgnargs != 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" takes no trigger arguments", fname)));
}

/*
 * Column access by name: a table may gain columns in a later release, so the
 * attribute numbers are looked up on every call (a handful of strcmp's).
 */
typedef struct Row
{
	HeapTuple	tuple;
	TupleDesc	desc;
	const Bitmapset *updatedcols;	/* UPDATE: the columns its SET clause names */
	/* replacements for a BEFORE trigger's result */
	int			nrepl;
	int			repl_cols[16];
	Datum		repl_values[16];
	bool		repl_nulls[16];
} Row;

static int
col_of(Row *r, const char *name)
{
	int			n = SPI_fnumber(r->desc, name);

	if (n <= 0)
		elog(ERROR, "omledger: column \"%s\" not found", name);
	return n;
}

static Datum
col_get(Row *r, const char *name, bool *isnull)
{
	int			n = col_of(r, name);

	/* a replacement made earlier in this trigger wins */
	for (int i = 0; i < r->nrepl; i++)
		if (r->repl_cols[i] == n)
		{
			*isnull = r->repl_nulls[i];
			return r->repl_values[i];
		}
	return heap_getattr(r->tuple, n, r->desc, isnull);
}

static bool
col_null(Row *r, const char *name)
{
	bool		isnull;

	(void) col_get(r, name, &isnull);
	return isnull;
}

static int64
col_int8(Row *r, const char *name, bool *isnull)
{
	Datum		d = col_get(r, name, isnull);

	return *isnull ? 0 : DatumGetInt64(d);
}

static TimestampTz
col_ts(Row *r, const char *name, bool *isnull)
{
	Datum		d = col_get(r, name, isnull);

	return *isnull ? 0 : DatumGetTimestampTz(d);
}

static bool
col_bool(Row *r, const char *name)
{
	bool		isnull;
	Datum		d = col_get(r, name, &isnull);

	return !isnull && DatumGetBool(d);
}

/* A text column as a palloc'd C string (in the caller's context), or NULL. */
static char *
col_text(Row *r, const char *name)
{
	bool		isnull;
	Datum		d = col_get(r, name, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

/*
 * Is any of the columns (a NULL-terminated list) NULL?  A record missing a
 * value its rules read is left for the table's NOT NULL constraint to report.
 */
static bool
any_null(Row *r, const char *const *cols)
{
	for (; *cols; cols++)
		if (col_null(r, *cols))
			return true;
	return false;
}

/* Set a by-value column of the result tuple. */
static void
col_set(Row *r, const char *name, Datum value, bool isnull)
{
	int			n = col_of(r, name);

	for (int i = 0; i < r->nrepl; i++)
		if (r->repl_cols[i] == n)
		{
			r->repl_values[i] = value;
			r->repl_nulls[i] = isnull;
			return;
		}
	if (r->nrepl >= (int) lengthof(r->repl_cols))
		elog(ERROR, "omledger: too many column replacements");
	r->repl_cols[r->nrepl] = n;
	r->repl_values[r->nrepl] = value;
	r->repl_nulls[r->nrepl] = isnull;
	r->nrepl++;
}

static HeapTuple
row_result(Row *r)
{
	if (r->nrepl == 0)
		return r->tuple;
	return heap_modify_tuple_by_cols(r->tuple, r->desc, r->nrepl,
									 r->repl_cols, r->repl_values, r->repl_nulls);
}

/*
 * Does the UPDATE's SET clause name the column?  (A time set to the value it
 * already had is still a time the statement gives.)
 */
static bool
col_supplied(Row *r, const char *name)
{
	return bms_is_member(col_of(r, name) - FirstLowInvalidHeapAttributeNumber, r->updatedcols);
}

/* Did the column change between two versions of a row? */
static bool
col_changed(Row *oldr, Row *newr, const char *name)
{
	int			n = col_of(newr, name);
	Form_pg_attribute att = TupleDescAttr(newr->desc, n - 1);
	bool		on,
				nn;
	Datum		o = heap_getattr(oldr->tuple, n, oldr->desc, &on);
	Datum		v = heap_getattr(newr->tuple, n, newr->desc, &nn);

	if (on || nn)
		return on != nn;
	return !datumIsEqual(o, v, att->attbyval, att->attlen);
}

/* A time supplied by the statement must not lie in the future. */
static void
check_not_future(TimestampTz t, const char *what, const char *table, int64 id)
{
	if (t > GetCurrentTransactionStartTimestamp())
		ereport(ERROR,
				(errcode(ERRCODE_OM_INVALID_EVENT_TIME),
				 errmsg("%s of %s %lld lies in the future", what, table, (long long) id),
				 errdetail("%s is %s; the ledger records what has happened.", what, ts_str(t)),
				 errhint("Record it when it has happened, or give the time it happened.")));
}

/*
 * A time column that moves forward: unchanged by the statement -> now();
 * supplied -> it must lie between the previous value and now (entering
 * paper records after the fact).
 */
static TimestampTz
advance_time(TimestampTz oldt, bool supplied, TimestampTz newt, const char *what, int64 item_id)
{
	if (!supplied)
		return Max(oldt, GetCurrentTransactionStartTimestamp());
	check_not_future(newt, what, "work item", item_id);
	if (newt < oldt)
		ereport(ERROR,
				(errcode(ERRCODE_OM_INVALID_EVENT_TIME),
				 errmsg("%s of work item %lld cannot move back in time", what, (long long) item_id),
				 errdetail("It is %s; the statement sets %s.", ts_str(oldt), ts_str(newt)),
				 errhint("Give a time no earlier than the previous one, or leave it to the trigger.")));
	return newt;
}

/* ---------------------------------------------------------- rule 8: who */

typedef struct Actor
{
	bool		known;			/* false: a superuser not on the roster */
	int64		person_id;
	char		side[32];
} Actor;

/* The side of a named person registered on the date; errors otherwise. */
static void
check_registered(int64 contract_id, int64 person_id, DateADT on, const char *what, char *side)
{
	Datum		v[2] = {Int64GetDatum(person_id), DateADTGetDatum(on)};
	bool		isnull;

	if (plan_run(P_PERSON, v, NULL, 1) == 1 &&
		DatumGetBool(spi_value(0, 2, &isnull)) && !isnull)
	{
		if (side)
			strlcpy(side, spi_text(0, 1), 32);
		return;
	}
	roster_refuse(contract_id, psprintf("person %lld", (long long) person_id), on, what);
}

/*
 * The acting person: the roster entry of the contract mapped to current_user
 * and registered on the date.  `named` is the person the statement names for
 * the act (approver, recorder, ...): it must be that entry.  A superuser who
 * is on no roster acts as an administrator entering records: the named
 * person, if any, must be registered on the date and is taken as the actor.
 */
static Actor
resolve_actor(int64 contract_id, DateADT on, bool named_null, int64 named, const char *what)
{
	Actor		a = {0};
	Datum		v[2] = {Int64GetDatum(contract_id), DateADTGetDatum(on)};

	if (plan_run(P_ACTOR, v, NULL, 1) == 1)
	{
		bool		isnull;

		a.known = true;
		a.person_id = DatumGetInt64(spi_value(0, 1, &isnull));
		strlcpy(a.side, spi_text(0, 2), sizeof a.side);
		if (!named_null && named != a.person_id)
			ereport(ERROR,
					(errcode(ERRCODE_OM_NOT_ON_ROSTER),
					 errmsg("role \"%s\" acts as person %lld, not as person %lld",
							GetUserNameFromId(GetUserId(), false),
							(long long) a.person_id, (long long) named),
					 errdetail("The person who may %s is the roster entry mapped to current_user.", what),
					 errhint("Leave the person column empty (it is filled in), or connect as the person named.")));
		return a;
	}
	if (!superuser())
		roster_refuse(contract_id,
					  psprintf("role \"%s\"", GetUserNameFromId(GetUserId(), false)), on, what);
	if (!named_null)
	{
		check_registered(contract_id, named, on, what, a.side);
		a.known = true;
		a.person_id = named;
	}
	return a;
}

/* ------------------------------------------------------ preconditions */

typedef struct ItemCtx
{
	int64		item_id;
	int64		contract_id;
	char	   *kind;
	char	   *sub_kind;
	char	   *from;
	char	   *to;
	char	   *severity;
	bool		has_parent;
	int64		parent_id;
	bool		has_effort;
	TimestampTz effort_set_at;
	TimestampTz content_changed_at;
	TimestampTz requested_at;
	bool		has_scheduled;
	TimestampTz scheduled_at;
	TimestampTz at;				/* when the transition happens */
	bool		sub_kind_loaded;
	bool		requires_procedure;
	bool		requires_prior_agreement;
} ItemCtx;

static void
load_sub_kind(ItemCtx *c)
{
	if (c->sub_kind_loaded)
		return;
	c->sub_kind_loaded = true;
	if (c->sub_kind != NULL)
	{
		Datum		v[2] = {CStringGetTextDatum(c->kind), CStringGetTextDatum(c->sub_kind)};

		if (plan_run(P_SUB_KIND, v, NULL, 1) == 1)
		{
			bool		isnull;

			c->requires_procedure = DatumGetBool(spi_value(0, 1, &isnull));
			c->requires_prior_agreement = DatumGetBool(spi_value(0, 2, &isnull));
		}
	}
}

/* The latest decision on a subject of the item within [lo, hi]: 'a', 'r' or 0. */
static char
latest_decision(ItemCtx *c, const char *subject, TimestampTz lo, TimestampTz hi)
{
	Datum		v[4] = {Int64GetDatum(c->item_id), CStringGetTextDatum(subject),
	TimestampTzGetDatum(lo), TimestampTzGetDatum(hi)};
	char	   *d;

	if (plan_run(P_DECISION, v, NULL, 1) == 0)
		return 0;
	d = spi_text(0, 1);
	return strcmp(d, "approved") == 0 ? 'a' : 'r';
}

/*
 * The latest evidence of a type within [lo, hi]: 'p' pass, 'f' fail, 'n' no
 * result, 0 none; *side is the recorder's side (empty if unknown).
 */
static char
latest_evidence(ItemCtx *c, const char *type, TimestampTz lo, TimestampTz hi, char *side)
{
	Datum		v[4] = {Int64GetDatum(c->item_id), CStringGetTextDatum(type),
	TimestampTzGetDatum(lo), TimestampTzGetDatum(hi)};
	char	   *r,
			   *s;

	if (side)
		side[0] = '\0';
	if (plan_run(P_EVIDENCE, v, NULL, 1) == 0)
		return 0;
	r = spi_text(0, 1);
	s = spi_text(0, 2);
	if (side && s)
		strlcpy(side, s, 32);
	if (r == NULL)
		return 'n';
	return strcmp(r, "pass") == 0 ? 'p' : 'f';
}

static const char *
decision_text(char d, const char *subject)
{
	if (d == 0)
		return psprintf("no %s approval is recorded", subject);
	return psprintf("the latest %s decision is a rejection", subject);
}

static void
req_procedure(ItemCtx *c)
{
	char		d;

	load_sub_kind(c);
	if (!c->requires_procedure)
		return;
	d = latest_decision(c, "procedure", DT_NOBEGIN, c->at);
	if (d != 'a')
		ereport(ERROR,
				(errcode(ERRCODE_OM_PROCEDURE_NOT_APPROVED),
				 errmsg("work item %lld cannot be executed before its procedure is approved",
						(long long) c->item_id),
				 errdetail("Work of sub-kind \"%s\" needs a procedure approved by the city before execution (spec 5.2.1 (6), spec 5.2.4 (5)); %s.",
						   c->sub_kind, decision_text(d, "procedure")),
				 errhint("Have a city person record an approval with subject 'procedure' for the item, then retry.")));
}

static void
req_planned_effort(ItemCtx *c)
{
	char		d;

	if (!c->has_effort)
		ereport(ERROR,
				(errcode(ERRCODE_OM_PLANNED_EFFORT_NOT_APPROVED),
				 errmsg("work item %lld cannot start before its planned effort is recorded and approved",
						(long long) c->item_id),
				 errdetail("No planned effort is recorded (spec 5.2.3: it is presented to the city before work starts)."),
				 errhint("Set planned_effort, have a city person approve it with subject 'planned_effort', then retry.")));
	d = latest_decision(c, "planned_effort", c->effort_set_at, c->at);
	if (d != 'a')
		ereport(ERROR,
				(errcode(ERRCODE_OM_PLANNED_EFFORT_NOT_APPROVED),
				 errmsg("work item %lld cannot start before its planned effort is recorded and approved",
						(long long) c->item_id),
				 errdetail("The planned effort was last set at %s and %s since.",
						   ts_str(c->effort_set_at),
						   d == 0 ? "no planned_effort approval was decided" : "the latest planned_effort decision is a rejection"),
				 errhint("Have a city person approve the planned effort with subject 'planned_effort', then retry.")));
}

static void
req_release(ItemCtx *c)
{
	static const char *const types[] = {"staging_test", "jenkins_run", "inspection"};
	StringInfoData missing;
	TimestampTz after = c->content_changed_at + 1;	/* strictly after */

	initStringInfo(&missing);
	for (int i = 0; i < (int) lengthof(types); i++)
	{
		char		e = latest_evidence(c, types[i], after, c->at, NULL);

		if (e != 'p')
			appendStringInfo(&missing, "%sa passing %s%s", missing.len ? ", " : "", types[i],
							 e == 'f' ? " (the latest one failed)" : "");
	}
	if (latest_decision(c, "release", after, c->at) != 'a')
		appendStringInfo(&missing, "%sa release approval", missing.len ? ", " : "");
	if (missing.len > 0)
		ereport(ERROR,
				(errcode(ERRCODE_OM_RELEASE_NOT_READY),
				 errmsg("work item %lld cannot be released to production", (long long) c->item_id),
				 errdetail("Missing after the last change to the item (%s): %s.",
						   ts_str(c->content_changed_at), missing.data),
				 errhint("Record the staging test, the Jenkins run and the inspection as evidence and have a city person approve the release (spec 5.2.4 (2)(6)), then retry.")));
}

static void
req_major_report(ItemCtx *c)
{
	char		e;

	if (strcmp(c->severity, "major") != 0)
		return;
	e = latest_evidence(c, "major_incident_report", DT_NOBEGIN, c->at, NULL);
	if (e == 0 || e == 'f')
		ereport(ERROR,
				(errcode(ERRCODE_OM_MAJOR_INCIDENT_REPORT_MISSING),
				 errmsg("major incident %lld cannot close without its major incident report",
						(long long) c->item_id),
				 errdetail("%s (spec 5.2.1 (4)).", e == 0 ? "No major_incident_report evidence is recorded"
						   : "The latest major_incident_report was marked fail"),
				 errhint("Submit the major incident report and record it as evidence of type 'major_incident_report', then retry.")));
}

static void
req_prior_agreement(ItemCtx *c)
{
	DateADT		day;
	TimestampTz hi;
	char		d;

	load_sub_kind(c);
	if (!c->requires_prior_agreement)
		return;
	if (!c->has_scheduled)
		ereport(ERROR,
				(errcode(ERRCODE_OM_PRIOR_AGREEMENT_MISSING),
				 errmsg("work item %lld needs its closed-day agreement approved before the day",
						(long long) c->item_id),
				 errdetail("The day of the attendance (scheduled_at) is not recorded."),
				 errhint("Set scheduled_at, have a city person approve the attendance with subject 'closed_day_attendance' before that day, then retry.")));
	day = japan_date(c->scheduled_at);
	hi = Min(c->at, japan_midnight(day) - 1);
	d = latest_decision(c, "closed_day_attendance", DT_NOBEGIN, hi);
	if (d != 'a')
		ereport(ERROR,
				(errcode(ERRCODE_OM_PRIOR_AGREEMENT_MISSING),
				 errmsg("work item %lld needs its closed-day agreement approved before the day",
						(long long) c->item_id),
				 errdetail("The attendance is on %s; %s before that day (spec 5.2.1 (5)).", date_str(day),
						   d == 0 ? "no closed_day_attendance approval was decided"
						   : "the latest closed_day_attendance decision before it is a rejection"),
				 errhint("Agree the attendance in advance: a city person approves it with subject 'closed_day_attendance' before the day.")));
}

/*
 * Rule 6 for a modification arising from a failure.  `at_transition` false:
 * the immediate check on insert or when the parent changes (C refused, D
 * flagged); true: the precondition (classified; B needs its decision).
 * Returns whether the failure is class D.
 */
static bool
check_failure_class(ItemCtx *c, bool at_transition)
{
	char	   *pkind,
			   *cls;
	Datum		v[1];

	if (strcmp(c->kind, "modification") != 0 || !c->has_parent)
		return false;
	v[0] = Int64GetDatum(c->parent_id);
	if (plan_run(P_PARENT, v, NULL, 1) == 0)
		return false;			/* the foreign key reports it */
	pkind = spi_text(0, 1);
	cls = spi_text(0, 2);
	if (strcmp(pkind, "failure_recovery") != 0)
		return false;
	if (cls != NULL && strcmp(cls, "C") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OM_FAILURE_CLASS_REFUSES),
				 errmsg("work item %lld cannot be a modification: its failure %lld is class C",
						(long long) c->item_id, (long long) c->parent_id),
				 errdetail("Class C (not clearly required, or another system's interface) is not modified (table 1, spec 5.2.3.1)."),
				 errhint("Do recurring provisional work as service work (kind 'service_request').")));
	if (!at_transition)
		return cls != NULL && strcmp(cls, "D") == 0;
	if (cls == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OM_FAILURE_CLASS_REFUSES),
				 errmsg("work item %lld cannot be planned while its failure %lld is unclassified",
						(long long) c->item_id, (long long) c->parent_id),
				 errdetail("Whether a failure is modified depends on its class A to D (table 1, spec 5.2.3.1)."),
				 errhint("Set failure_class of the failure, then retry.")));
	if (strcmp(cls, "B") == 0 &&
		latest_decision(c, "class_b_decision", DT_NOBEGIN, c->at) != 'a')
		ereport(ERROR,
				(errcode(ERRCODE_OM_CLASS_B_DECISION_MISSING),
				 errmsg("work item %lld needs the joint decision to modify for class B failure %lld",
						(long long) c->item_id, (long long) c->parent_id),
				 errdetail("A class B failure has a non-system workaround: the city and the contractor decide together whether to modify (table 1)."),
				 errhint("Have a city person record an approval with subject 'class_b_decision' for the modification, then retry.")));
	return strcmp(cls, "D") == 0;
}

static bool
in_handover_in(ItemCtx *c)
{
	Datum		v[2] = {Int64GetDatum(c->contract_id), DateADTGetDatum(japan_date(c->requested_at))};
	bool		isnull;
	Datum		d;

	if (c->sub_kind != NULL && strcmp(c->sub_kind, "handover_in") == 0)
		return true;
	if (plan_run(P_HANDOVER, v, NULL, 1) == 0)
		return false;
	d = spi_value(0, 1, &isnull);
	return !isnull && DatumGetBool(d);
}

static void
req_predecessor(ItemCtx *c)
{
	char		side[32];
	char		e;

	if (!in_handover_in(c))
		return;
	e = latest_evidence(c, "predecessor_confirmation", DT_NOBEGIN, c->at, side);
	if (e != 'p' || strcmp(side, "predecessor") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OM_PREDECESSOR_CONFIRMATION_MISSING),
				 errmsg("work item %lld cannot close without the previous contractor's confirmation",
						(long long) c->item_id),
				 errdetail("The work was done during the handover period; %s (spec 5.3.3).",
						   e == 0 ? "no predecessor_confirmation is recorded"
						   : e != 'p' ? "the latest predecessor_confirmation is not a pass"
						   : "the latest predecessor_confirmation was not recorded by a person of the previous contractor"),
				 errhint("Have the previous contractor's registered person record evidence of type 'predecessor_confirmation' with result 'pass'.")));
}

static void
req_handover_report(ItemCtx *c)
{
	if (latest_evidence(c, "handover_report", DT_NOBEGIN, c->at, NULL) != 'p')
		ereport(ERROR,
				(errcode(ERRCODE_OM_HANDOVER_REPORT_MISSING),
				 errmsg("work item %lld cannot be reported without the agreed handover report",
						(long long) c->item_id),
				 errdetail("No handover_report evidence with result pass is recorded (spec 5.3.2)."),
				 errhint("Record the report agreed by both contractors as evidence of type 'handover_report' with result 'pass'.")));
}

static void
check_requirements(ItemCtx *c, wf_reqmask mask)
{
	for (int r = 0; r < WF_REQ_COUNT; r++)
	{
		if (!(mask & ((wf_reqmask) 1 << r)))
			continue;
		switch ((WfRequirement) r)
		{
			case WF_REQ_PROCEDURE_APPROVED:
				req_procedure(c);
				break;
			case WF_REQ_PLANNED_EFFORT_APPROVED:
				req_planned_effort(c);
				break;
			case WF_REQ_RELEASE_READY:
				req_release(c);
				break;
			case WF_REQ_MAJOR_INCIDENT_REPORT:
				req_major_report(c);
				break;
			case WF_REQ_PRIOR_AGREEMENT:
				req_prior_agreement(c);
				break;
			case WF_REQ_FAILURE_CLASS:
				(void) check_failure_class(c, true);
				break;
			case WF_REQ_PREDECESSOR_CONFIRMATION:
				req_predecessor(c);
				break;
			case WF_REQ_HANDOVER_REPORT:
				req_handover_report(c);
				break;
			case WF_REQ_COUNT:
				break;
		}
	}
}

/* The transition's requirements, or an OM200 error if it is not allowed. */
static wf_reqmask
lookup_transition(ItemCtx *c)
{
	Datum		v[3] = {CStringGetTextDatum(c->kind), CStringGetTextDatum(c->from),
	CStringGetTextDatum(c->to)};
	bool		isnull;
	char	   *reqs;
	wf_reqmask	mask = 0;
	size_t		errpos = 0;
	char		bad[64];

	if (plan_run(P_TRANSITION, v, NULL, 1) == 0 ||
		!DatumGetBool(spi_value(0, 1, &isnull)))
	{
		char	   *next;

		plan_run(P_NEXT, v, NULL, 1);
		next = spi_text(0, 1);
		ereport(ERROR,
				(errcode(ERRCODE_OM_TRANSITION_NOT_ALLOWED),
				 errmsg("work item %lld cannot move from \"%s\" to \"%s\"",
						(long long) c->item_id, c->from, c->to),
				 next ? errdetail("The %s state machine allows from \"%s\": %s.", c->kind, c->from, next)
				 : errdetail("The %s state machine allows no move from \"%s\".", c->kind, c->from),
				 errhint("Move the item through an allowed status, or change the state machine (omledger.workflow_transition).")));
	}
	reqs = spi_text(0, 2);
	if (wf_parse_requirements(reqs, strlen(reqs), &mask, &errpos, bad, sizeof bad) != WF_PARSE_OK)
		ereport(ERROR,
				(errcode(ERRCODE_OM_CONFIGURATION),
				 errmsg("transition \"%s\" -> \"%s\" of %s requires an unknown precondition",
						c->from, c->to, c->kind),
				 errdetail("The requirement list is %s.", reqs),
				 errhint("Fix the row in omledger.workflow_transition.")));
	return mask;
}

/* Is the status the kind's initial one?  Also returns its flags. */
static bool
status_flags(const char *kind, const char *status, bool *is_initial,
			 bool *starts_response, bool *bumps_content)
{
	Datum		v[2] = {CStringGetTextDatum(kind), CStringGetTextDatum(status)};
	bool		isnull;

	*is_initial = *starts_response = *bumps_content = false;
	if (plan_run(P_STATUS, v, NULL, 1) == 0)
		return false;
	*is_initial = DatumGetBool(spi_value(0, 1, &isnull));
	*starts_response = DatumGetBool(spi_value(0, 2, &isnull));
	*bumps_content = DatumGetBool(spi_value(0, 3, &isnull));
	return true;
}

/* ----------------------------------------------------------- work_item */

static void
fill_ctx(ItemCtx *c, Row *r)
{
	bool		isnull;

	memset(c, 0, sizeof *c);
	c->item_id = col_int8(r, "item_id", &isnull);
	c->contract_id = col_int8(r, "contract_id", &isnull);
	c->kind = col_text(r, "kind");
	c->sub_kind = col_text(r, "sub_kind");
	c->to = col_text(r, "status");
	c->severity = col_text(r, "severity");
	c->parent_id = col_int8(r, "parent_id", &isnull);
	c->has_parent = !isnull;
	c->has_effort = !col_null(r, "planned_effort");
	c->effort_set_at = col_ts(r, "planned_effort_set_at", &isnull);
	c->requested_at = col_ts(r, "requested_at", &isnull);
	c->scheduled_at = col_ts(r, "scheduled_at", &isnull);
	c->has_scheduled = !isnull;
}

static void
response_clock_immutable(int64 item_id, const char *column)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_RESPONSE_CLOCK_IMMUTABLE),
			 errmsg("%s of work item %lld cannot be changed", column, (long long) item_id),
			 errdetail("The response clock is stored when the failure is reported and when the response starts, so that later changes never rewrite history."),
			 errhint("Record a correction as a note, or report the failure again as a new item.")));
}

/*
 * A new item given no status starts in its kind's initial status.  The
 * value is built in the executor's context (SPI_palloc), since the row is
 * formed after SPI_finish.
 */
static char *
fill_initial_status(Row *r, const char *kind)
{
	Datum		v[1] = {CStringGetTextDatum(kind)};
	text	   *t;
	char	   *status;

	if (plan_run(P_INITIAL, v, NULL, 1) == 0)
		return NULL;
	status = spi_text(0, 1);
	t = cstring_to_text(status);
	col_set(r, "status", PointerGetDatum(memcpy(SPI_palloc(VARSIZE(t)), t, VARSIZE(t))), false);
	return status;
}

static void
item_before_insert(Row *r)
{
	ItemCtx		c;
	bool		isnull,
				is_initial,
				starts_response,
				bumps_content;
	TimestampTz sca,
				cca;
	Actor		a;
	int64		named;

	fill_ctx(&c, r);
	/* a missing kind, contract or request time is for the NOT NULL constraints to report */
	if (c.kind == NULL || any_null(r, (const char *const[]) {"contract_id", "requested_at", NULL}))
		return;
	if (c.to == NULL)
		c.to = fill_initial_status(r, c.kind);
	if (c.to == NULL)
		return;					/* an unknown kind: the CHECK constraint reports it */
	check_not_future(c.requested_at, "requested_at", "work item", c.item_id);
	/* a new item's clocks start when it was requested, unless given */
	sca = col_ts(r, "status_changed_at", &isnull);
	if (isnull)
		sca = c.requested_at;
	check_not_future(sca, "status_changed_at", "work item", c.item_id);
	col_set(r, "status_changed_at", TimestampTzGetDatum(sca), false);
	cca = col_ts(r, "content_changed_at", &isnull);
	if (isnull)
		cca = c.requested_at;
	check_not_future(cca, "content_changed_at", "work item", c.item_id);
	col_set(r, "content_changed_at", TimestampTzGetDatum(cca), false);
	if (c.has_effort)
	{
		TimestampTz pes = col_ts(r, "planned_effort_set_at", &isnull);

		col_set(r, "planned_effort_set_at", TimestampTzGetDatum(isnull ? c.requested_at : pes), false);
	}
	else
		col_set(r, "planned_effort_set_at", (Datum) 0, true);

	if (!status_flags(c.kind, c.to, &is_initial, &starts_response, &bumps_content) || !is_initial)
		ereport(ERROR,
				(errcode(ERRCODE_OM_TRANSITION_NOT_ALLOWED),
				 errmsg("work item %lld cannot start in status \"%s\"", (long long) c.item_id, c.to),
				 errdetail("A new %s item starts in the initial status of its state machine.", c.kind),
				 errhint("Insert it in its initial status (omledger.workflow_status.is_initial), then move it.")));

	/* rule 8: who enters it, and who requested it */
	named = col_int8(r, "created_by", &isnull);
	a = resolve_actor(c.contract_id, japan_date(c.requested_at), isnull, named, "request or enter work");
	col_set(r, "created_by", Int64GetDatum(a.person_id), !a.known);
	col_set(r, "status_changed_by", Int64GetDatum(a.person_id), !a.known);
	named = col_int8(r, "requested_by", &isnull);
	if (!isnull)
		check_registered(c.contract_id, named, japan_date(c.requested_at), "request work", NULL);
	else
		col_set(r, "requested_by", Int64GetDatum(a.person_id), !a.known);

	/* rule 10: the response clock, stored once */
	if (strcmp(c.kind, "failure_recovery") == 0)
	{
		char	   *performer = col_text(r, "performer");
		Datum		v[3] = {col_get(r, "occurred_at", &isnull),
			BoolGetDatum(col_bool(r, "immediate_response")),
		CStringGetTextDatum(performer ? performer : "operator")};
		Datum		due;

		/* a failure without occurred_at is for the CHECK constraint to report */
		if (isnull)
			return;
		check_not_future(DatumGetTimestampTz(v[0]), "occurred_at", "work item", c.item_id);
		plan_run(P_RESPONSE_DUE, v, NULL, 1);
		due = spi_value(0, 1, &isnull);
		col_set(r, "response_due_at", due, isnull);
	}
	else if (!col_null(r, "response_due_at"))
		ereport(ERROR,
				(errcode(ERRCODE_OM_RESPONSE_CLOCK_IMMUTABLE),
				 errmsg("work item %lld of kind %s has no response clock", (long long) c.item_id, c.kind),
				 errdetail("response_due_at is computed for failures only, when they are reported."),
				 errhint("Leave response_due_at empty.")));
	if (starts_response)
		col_set(r, "response_started_at", TimestampTzGetDatum(sca), false);
	else if (!col_null(r, "response_started_at"))
		ereport(ERROR,
				(errcode(ERRCODE_OM_RESPONSE_CLOCK_IMMUTABLE),
				 errmsg("work item %lld cannot be entered with a response_started_at", (long long) c.item_id),
				 errdetail("The response starts when the failure enters a status that starts the response; status \"%s\" does not.", c.to),
				 errhint("Leave response_started_at empty; it is stored when the response starts.")));

	/* rule 6: a modification of a class C failure is refused at once */
	col_set(r, "needs_additional_contract",
			BoolGetDatum(check_failure_class(&c, false)), false);
}

static void
item_before_update(Row *oldr, Row *r)
{
	ItemCtx		c;
	bool		isnull,
				status_changed;
	TimestampTz sca,
				cca,
				old_cca;
	Actor		a;
	int64		named = 0;
	bool		named_null = true;
	static const char *const content_cols[] = {"title", "detail", "sub_kind", "release_ref"};
	static const char *const fixed_cols[] = {"item_id", "contract_id", "kind", "created_by", "created_at"};
	static const char *const clock_cols[] = {"response_due_at", "occurred_at", "immediate_response"};
	bool		content_changed = false;

	fill_ctx(&c, r);
	/* a NULLed kind or status is for the NOT NULL constraints to report */
	if (c.kind == NULL || c.to == NULL)
		return;
	c.from = col_text(oldr, "status");
	status_changed = strcmp(c.from, c.to) != 0;

	for (int i = 0; i < (int) lengthof(fixed_cols); i++)
		if (col_changed(oldr, r, fixed_cols[i]))
			ereport(ERROR,
					(errcode(ERRCODE_OM_TRANSITION_NOT_ALLOWED),
					 errmsg("%s of work item %lld cannot be changed", fixed_cols[i], (long long) c.item_id),
					 errdetail("An item keeps its identity, contract, kind and creator for life."),
					 errhint("Cancel the item and enter a new one.")));

	/* rule 10: the stored clock never changes */
	if (!col_null(oldr, "response_due_at"))
		for (int i = 0; i < (int) lengthof(clock_cols); i++)
			if (col_changed(oldr, r, clock_cols[i]))
				response_clock_immutable(c.item_id, clock_cols[i]);
	if (!col_null(oldr, "response_started_at") && col_changed(oldr, r, "response_started_at"))
		response_clock_immutable(c.item_id, "response_started_at");

	/* times */
	sca = col_ts(oldr, "status_changed_at", &isnull);
	if (status_changed)
		sca = advance_time(sca, col_supplied(r, "status_changed_at"),
						   col_ts(r, "status_changed_at", &isnull), "status_changed_at", c.item_id);
	else if (col_changed(oldr, r, "status_changed_at"))
		ereport(ERROR,
				(errcode(ERRCODE_OM_INVALID_EVENT_TIME),
				 errmsg("status_changed_at of work item %lld cannot change without a status change",
						(long long) c.item_id),
				 errdetail("It records when the current status was entered."),
				 errhint("Set it in the same statement as the status.")));
	col_set(r, "status_changed_at", TimestampTzGetDatum(sca), false);
	c.at = sca;

	for (int i = 0; i < (int) lengthof(content_cols); i++)
		content_changed |= col_changed(oldr, r, content_cols[i]);
	old_cca = col_ts(oldr, "content_changed_at", &isnull);
	cca = old_cca;
	if (content_changed || col_changed(oldr, r, "content_changed_at"))
		cca = advance_time(old_cca, col_supplied(r, "content_changed_at"),
						   col_ts(r, "content_changed_at", &isnull), "content_changed_at", c.item_id);

	if (col_changed(oldr, r, "planned_effort"))
	{
		bool		oldnull;
		TimestampTz pes = col_ts(oldr, "planned_effort_set_at", &oldnull);

		pes = advance_time(oldnull ? DT_NOBEGIN : pes,
						   col_supplied(r, "planned_effort_set_at"),
						   col_ts(r, "planned_effort_set_at", &isnull), "planned_effort_set_at", c.item_id);
		col_set(r, "planned_effort_set_at", TimestampTzGetDatum(pes), c.has_effort ? false : true);
		c.effort_set_at = pes;
	}
	else if (col_changed(oldr, r, "planned_effort_set_at"))
		ereport(ERROR,
				(errcode(ERRCODE_OM_INVALID_EVENT_TIME),
				 errmsg("planned_effort_set_at of work item %lld cannot change without planned_effort",
						(long long) c.item_id),
				 errdetail("It records when the planned effort was last set."),
				 errhint("Set it in the same statement as planned_effort.")));

	/* rule 8 */
	if (status_changed && col_supplied(r, "status_changed_by"))
	{
		named = col_int8(r, "status_changed_by", &named_null);
	}
	a = resolve_actor(c.contract_id,
					  japan_date(status_changed ? c.at : GetCurrentTransactionStartTimestamp()),
					  named_null, named,
					  status_changed ? "change the status of work" : "work");
	if (status_changed)
		col_set(r, "status_changed_by", Int64GetDatum(a.person_id), !a.known);
	else if (col_changed(oldr, r, "status_changed_by"))
		ereport(ERROR,
				(errcode(ERRCODE_OM_INVALID_EVENT_TIME),
				 errmsg("status_changed_by of work item %lld cannot change without a status change",
						(long long) c.item_id),
				 errdetail("It records who made the last status change."),
				 errhint("Set it in the same statement as the status.")));

	/*
	 * rule 6, immediate part, when the origin changes; a later
	 * reclassification is caught by the failure_class precondition, so a
	 * refused modification can still be rejected or cancelled
	 */
	if (col_changed(oldr, r, "parent_id"))
		col_set(r, "needs_additional_contract",
				BoolGetDatum(check_failure_class(&c, false)), false);

	if (status_changed)
	{
		bool		is_initial,
					starts_response,
					bumps_content;
		wf_reqmask	mask = lookup_transition(&c);

		(void) status_flags(c.kind, c.to, &is_initial, &starts_response, &bumps_content);
		if (bumps_content)
			cca = Max(cca, sca);
		c.content_changed_at = cca;
		check_requirements(&c, mask);
		if (starts_response && col_null(oldr, "response_started_at"))
			col_set(r, "response_started_at", TimestampTzGetDatum(sca), false);
	}
	col_set(r, "content_changed_at", TimestampTzGetDatum(cca), false);
}

static void
item_after(TriggerData *td)
{
	Row			r = {.tuple = td->tg_trigtuple, .desc = td->tg_relation->rd_att};
	Datum		v[6];
	char		nulls[6] = {' ', ' ', ' ', ' ', ' ', ' '};
	bool		isnull;
	char	   *from = NULL;

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		Row			o = r;

		r.tuple = td->tg_newtuple;
		from = col_text(&o, "status");
		if (strcmp(from, col_text(&r, "status")) == 0)
			return;
	}
	v[0] = col_get(&r, "contract_id", &isnull);
	v[1] = col_get(&r, "item_id", &isnull);
	v[2] = from ? CStringGetTextDatum(from) : (Datum) 0;
	nulls[2] = from ? ' ' : 'n';
	v[3] = col_get(&r, "status", &isnull);
	v[4] = col_get(&r, "status_changed_at", &isnull);
	v[5] = col_get(&r, "status_changed_by", &isnull);
	nulls[5] = isnull ? 'n' : ' ';
	plan_run(P_EVENT, v, nulls, 0);
}

PG_FUNCTION_INFO_V1(work_item_workflow);
Datum
work_item_workflow(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	HeapTuple	result;

	check_trigger_protocol(fcinfo, "work_item_workflow", true, false);
	if (TRIGGER_FIRED_BY_DELETE(td->tg_event) || TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"work_item_workflow\" must be fired for INSERT or UPDATE")));
	result = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	if (bulk_load())
		return PointerGetDatum(result);

	SPI_connect();
	if (TRIGGER_FIRED_AFTER(td->tg_event))
		item_after(td);
	else
	{
		Row			r = {.tuple = result, .desc = td->tg_relation->rd_att};

		if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
			item_before_insert(&r);
		else
		{
			Row			o = {.tuple = td->tg_trigtuple, .desc = td->tg_relation->rd_att};

			r.updatedcols = td->tg_updatedcols;
			item_before_update(&o, &r);
		}
		/* every replacement is by value: safe to build after SPI_finish */
		SPI_finish();
		return PointerGetDatum(row_result(&r));
	}
	SPI_finish();
	return PointerGetDatum(result);
}

/* ------------------------------------------ approval, evidence, deadline */

/* Lock the item FOR SHARE; returns its requester and creator. */
static void
lock_item(int64 item_id, int64 contract_id, int64 *requested_by, bool *rnull,
		  int64 *created_by, bool *cnull)
{
	Datum		v[2] = {Int64GetDatum(item_id), Int64GetDatum(contract_id)};

	*rnull = *cnull = true;
	if (plan_run(P_LOCK_ITEM, v, NULL, 1) == 0)
		return;					/* the foreign key reports it */
	*requested_by = DatumGetInt64(spi_value(0, 1, rnull));
	*created_by = DatumGetInt64(spi_value(0, 2, cnull));
}

static void
approval_insert(Row *r)
{
	bool		isnull,
				item_null,
				named_null,
				rnull,
				cnull;
	int64		id = col_int8(r, "approval_id", &isnull);
	int64		contract_id = col_int8(r, "contract_id", &isnull);
	int64		item_id = col_int8(r, "item_id", &item_null);
	int64		named = col_int8(r, "approver_id", &named_null);
	TimestampTz decided = col_ts(r, "decided_at", &isnull);
	char	   *subject = col_text(r, "subject");
	int64		requested_by = 0,
				created_by = 0;
	Actor		a;

	if (any_null(r, (const char *const[]) {"contract_id", "subject", "decided_at", NULL}))
		return;
	check_not_future(decided, "decided_at", "approval", id);
	col_set(r, "recorded_at", TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), false);
	if (!item_null)
		lock_item(item_id, contract_id, &requested_by, &rnull, &created_by, &cnull);
	a = resolve_actor(contract_id, japan_date(decided), named_null, named, "approve");
	if (!a.known)
		ereport(ERROR,
				(errcode(ERRCODE_OM_NOT_ON_ROSTER),
				 errmsg("approval %lld names no approver", (long long) id),
				 errdetail("Role \"%s\" is on no roster, so the approver cannot be taken from current_user.",
						   GetUserNameFromId(GetUserId(), false)),
				 errhint("Name the city person who decided in approver_id.")));
	col_set(r, "approver_id", Int64GetDatum(a.person_id), false);
	if (strcmp(a.side, "city") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OM_APPROVER_NOT_CITY),
				 errmsg("person %lld cannot approve %s: only the city approves", (long long) a.person_id,
						subject),
				 errdetail("The approver is on the %s side; approvals are the city's staff's (spec 5.2.4).", a.side),
				 errhint("Have a city person record the approval.")));
	if (!item_null && ((!rnull && requested_by == a.person_id) || (!cnull && created_by == a.person_id)))
		ereport(ERROR,
				(errcode(ERRCODE_OM_OWN_REQUEST),
				 errmsg("person %lld cannot approve work item %lld: it is their own request",
						(long long) a.person_id, (long long) item_id),
				 errdetail("Segregation of duties: whoever requested or entered an item does not approve it."),
				 errhint("Have another city person approve it.")));
	if (strcmp(subject, "deadline_change") == 0)
	{
		char	   *ref = col_text(r, "subject_ref");
		int64		change_id = 0;
		bool		ok = ref != NULL && !item_null;

		if (ok)
		{
			char	   *end;

			errno = 0;
			change_id = strtoll(ref, &end, 10);
			ok = errno == 0 && end != ref && *end == '\0';
		}
		if (ok)
		{
			Datum		v[2] = {Int64GetDatum(change_id), Int64GetDatum(item_id)};

			ok = plan_run(P_DEADLINE_REF, v, NULL, 1) == 1;
		}
		if (!ok)
			ereport(ERROR,
					(errcode(ERRCODE_OM_DEADLINE_CHANGE_INVALID),
					 errmsg("approval %lld of a deadline change names no deadline change of its item",
							(long long) id),
					 errdetail("subject_ref is %s.", ref ? quote_literal_cstr(ref) : "NULL"),
					 errhint("Set item_id and put the deadline_change_id in subject_ref.")));
	}
}

static void
evidence_insert(Row *r)
{
	bool		isnull,
				rnull,
				cnull;
	int64		id = col_int8(r, "evidence_id", &isnull);
	int64		contract_id = col_int8(r, "contract_id", &isnull);
	int64		item_id = col_int8(r, "item_id", &isnull);
	bool		named_null;
	int64		named = col_int8(r, "recorded_by", &named_null);
	TimestampTz performed = col_ts(r, "performed_at", &isnull);
	int64		requested_by,
				created_by;
	Actor		a;

	if (any_null(r, (const char *const[]) {"contract_id", "item_id", "performed_at", NULL}))
		return;
	check_not_future(performed, "performed_at", "evidence", id);
	col_set(r, "recorded_at", TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), false);
	lock_item(item_id, contract_id, &requested_by, &rnull, &created_by, &cnull);
	a = resolve_actor(contract_id, japan_date(performed), named_null, named, "record evidence");
	col_set(r, "recorded_by", Int64GetDatum(a.person_id), !a.known);
}

static void
deadline_change_insert(Row *r)
{
	bool		isnull,
				rnull,
				cnull;
	int64		id = col_int8(r, "deadline_change_id", &isnull);
	int64		contract_id = col_int8(r, "contract_id", &isnull);
	int64		item_id = col_int8(r, "item_id", &isnull);
	bool		named_null;
	int64		named = col_int8(r, "recorded_by", &named_null);
	TimestampTz notified = col_ts(r, "notified_at", &isnull);
	DateADT		new_due = DatumGetDateADT(col_get(r, "new_due_on", &isnull));
	int64		requested_by,
				created_by;
	DateADT		old_due;
	Datum		v[1] = {Int64GetDatum(item_id)};
	bool		due_null;
	Actor		a;

	if (any_null(r, (const char *const[]) {"contract_id", "item_id", "new_due_on", "notified_at", NULL}))
		return;
	check_not_future(notified, "notified_at", "deadline change", id);
	col_set(r, "recorded_at", TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), false);
	lock_item(item_id, contract_id, &requested_by, &rnull, &created_by, &cnull);
	a = resolve_actor(contract_id, japan_date(notified), named_null, named, "record a deadline change");
	col_set(r, "recorded_by", Int64GetDatum(a.person_id), !a.known);

	plan_run(P_DUE, v, NULL, 1);
	old_due = DatumGetDateADT(spi_value(0, 1, &due_null));
	if (due_null)
		ereport(ERROR,
				(errcode(ERRCODE_OM_DEADLINE_CHANGE_INVALID),
				 errmsg("work item %lld has no due date to change", (long long) item_id),
				 errdetail("Neither due_on nor an agreed deadline change gives it one."),
				 errhint("Set due_on of the item instead.")));
	if (new_due <= old_due)
		ereport(ERROR,
				(errcode(ERRCODE_OM_DEADLINE_CHANGE_INVALID),
				 errmsg("deadline change of work item %lld does not move the due date later",
						(long long) item_id),
				 errdetail("The due date in force is %s; the change proposes %s.", date_str(old_due),
						   date_str(new_due)),
				 errhint("A deadline change postpones the due date (spec 5.2.4 (9)).")));
	col_set(r, "old_due_on", DateADTGetDatum(old_due), false);
	/* rule 9: told after the old date passed -- accepted, marked late */
	col_set(r, "late_notice", BoolGetDatum(japan_date(notified) > old_due), false);
}

PG_FUNCTION_INFO_V1(ledger_record_guard);
Datum
ledger_record_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	const char *table;
	Row			r;

	check_trigger_protocol(fcinfo, "ledger_record_guard", true, true);
	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"ledger_record_guard\" must be fired for INSERT")));
	if (bulk_load())
		return PointerGetDatum(td->tg_trigtuple);

	r = (Row)
	{
		.tuple = td->tg_trigtuple,.desc = td->tg_relation->rd_att
	};
	table = RelationGetRelationName(td->tg_relation);
	SPI_connect();
	if (strcmp(table, "approval") == 0)
		approval_insert(&r);
	else if (strcmp(table, "evidence") == 0)
		evidence_insert(&r);
	else if (strcmp(table, "deadline_change") == 0)
		deadline_change_insert(&r);
	else
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"ledger_record_guard\" does not guard table \"%s\"", table)));
	SPI_finish();
	return PointerGetDatum(row_result(&r));
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
	TriggerData *td = (TriggerData *) fcinfo->context;
	Row			o,
				n;
	bool		seeded = false;
	HeapTuple	result;

	check_trigger_protocol(fcinfo, "ledger_protect_seeded", true, true);
	result = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	/* the extension's own scripts write the defaults */
	if (creating_extension)
		return PointerGetDatum(result);
	o = (Row)
	{
		.tuple = td->tg_trigtuple,.desc = td->tg_relation->rd_att
	};
	n = (Row)
	{
		.tuple = result,.desc = td->tg_relation->rd_att
	};
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		seeded = col_bool(&n, "seeded");
	else if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		seeded = col_bool(&o, "seeded") || col_bool(&n, "seeded");
	else if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
		seeded = col_bool(&o, "seeded");
	if (seeded)
		ereport(ERROR,
				(errcode(ERRCODE_OM_SEEDED_ROW_READ_ONLY),
				 errmsg("seeded rows of omledger.%s are read-only", RelationGetRelationName(td->tg_relation)),
				 errdetail("Rows with seeded = true ship with the extension and change only with it."),
				 errhint("Add a row of your own (seeded = false); in workflow_transition, a row of your own overrides the seeded one with the same kind and statuses.")));
	return PointerGetDatum(result);
}

/* ------------------------------------------------ workflow_dot */

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
				 errhint("The kinds are menu_task, service_request, failure_recovery, modification and handover.")));
	st = palloc(sizeof(WfDotStatus) * nst);
	for (uint64 i = 0; i < nst; i++)
	{
		bool		isnull;

		st[i].name = spi_text(i, 1);
		st[i].is_initial = DatumGetBool(spi_value(i, 2, &isnull));
		st[i].is_terminal = DatumGetBool(spi_value(i, 3, &isnull));
	}
	/* keep the status tuples: the next plan_run replaces SPI_tuptable */
	ntr = plan_run(P_DOT_TRANSITION, v, NULL, 0);
	tr = palloc(sizeof(WfDotTransition) * (ntr + 1));
	for (uint64 i = 0; i < ntr; i++)
	{
		char	   *reqs = spi_text(i, 3);

		tr[i].from = spi_text(i, 1);
		tr[i].to = spi_text(i, 2);
		tr[i].requires = 0;
		if (wf_parse_requirements(reqs, strlen(reqs), &tr[i].requires, NULL, NULL, 0) != WF_PARSE_OK)
			ereport(ERROR,
					(errcode(ERRCODE_OM_CONFIGURATION),
					 errmsg("transition \"%s\" -> \"%s\" of %s requires an unknown precondition",
							tr[i].from, tr[i].to, kind),
					 errhint("Fix the row in omledger.workflow_transition.")));
	}
	if (!wf_render_dot(kind, st, nst, tr, ntr, &out))
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	{
		MemoryContext spi = MemoryContextSwitchTo(caller);

		result = cstring_to_text_with_len(out.data, (int) out.len);
		MemoryContextSwitchTo(spi);
	}
	free(out.data);
	SPI_finish();
	PG_RETURN_TEXT_P(result);
}
