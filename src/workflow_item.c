/*
 * workflow_item.c
 *	  The triggers on omledger.work_item:
 *
 *	  work_item_workflow_before  BEFORE INSERT OR UPDATE: the state machine,
 *	                             its preconditions, who acts, the clocks
 *	  work_item_workflow_after   AFTER INSERT OR UPDATE OF status: the
 *	                             work_item_event of the change
 *
 * A rule is an invariant of the row's final state: the BEFORE trigger reads
 * the new row (with what it has itself set so far) whatever column changed.
 *
 * Memory: the SPI calls return values in SPI's procedure context, which
 * SPI_finish() frees; the result tuple is therefore built (in the trigger's
 * caller's context) before SPI_finish(), while every value it copies --
 * by reference too (text, and int8 and timestamptz on a build without
 * USE_FLOAT8_BYVAL) -- is still alive (row_finish(), workflow_row.c).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_class.h"
#include "commands/trigger.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "direct_insert.h"
#include "errcodes.h"
#include "japan_time.h"
#include "omledger.h"
#include "workflow_internal.h"
#include "workflow_invariants.h"

static void
fill_ctx(ItemCtx *c, Row *r)
{
	const LedgerAtts *at = r->atts;
	bool		isnull;

	memset(c, 0, sizeof *c);
	c->item_id = col_int8(r, at->item_id, &isnull);
	c->contract_id = col_int8(r, at->contract_id, &isnull);
	c->kind = col_text(r, at->kind);
	c->sub_kind = col_text(r, at->sub_kind);
	c->to = col_text(r, at->status);
	c->severity = col_text(r, at->severity);
	c->parent_id = col_int8(r, at->parent_id, &isnull);
	c->has_parent = !isnull;
	c->has_effort = !col_null(r, at->planned_effort);
	c->effort_set_at = col_ts(r, at->planned_effort_set_at, &isnull);
	c->requested_at = col_ts(r, at->requested_at, &isnull);
	c->scheduled_at = col_ts(r, at->scheduled_at, &isnull);
	c->has_scheduled = !isnull;
	c->internal_handover = col_bool(r, at->internal_handover);
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

/* A new item given no status starts in its kind's initial status. */
static char *
fill_initial_status(Row *r, const WfDefs *defs, const char *kind)
{
	char	   *status = wf_initial_status(defs, kind);

	if (status != NULL)
		col_set(r, r->atts->status, CStringGetTextDatum(status), false);
	return status;
}

static void
item_before_insert(Row *r, const WfDefs *defs)
{
	const LedgerAtts *at = r->atts;
	ItemCtx		c;
	WfStatusInfo st;
	bool		isnull;
	TimestampTz sca,
				cca;
	Actor		a;
	int64		named;

	fill_ctx(&c, r);
	c.defs = defs;
	/* a missing kind, contract or request time is for the NOT NULL constraints to report */
	if (c.kind == NULL || col_null(r, at->contract_id) || col_null(r, at->requested_at))
		return;
	if (c.to == NULL)
		c.to = fill_initial_status(r, c.defs, c.kind);
	if (c.to == NULL)
		return;					/* an unknown kind: the CHECK constraint reports it */
	check_not_future(c.requested_at, "requested_at", "work item", c.item_id);
	/* a new item's clocks start when it was requested, unless given */
	sca = col_ts(r, at->status_changed_at, &isnull);
	if (isnull)
		sca = c.requested_at;
	check_not_future(sca, "status_changed_at", "work item", c.item_id);
	col_set(r, at->status_changed_at, TimestampTzGetDatum(sca), false);
	cca = col_ts(r, at->content_changed_at, &isnull);
	if (isnull)
		cca = c.requested_at;
	check_not_future(cca, "content_changed_at", "work item", c.item_id);
	col_set(r, at->content_changed_at, TimestampTzGetDatum(cca), false);
	if (c.has_effort)
	{
		TimestampTz pes = col_ts(r, at->planned_effort_set_at, &isnull);

		col_set(r, at->planned_effort_set_at, TimestampTzGetDatum(isnull ? c.requested_at : pes), false);
	}
	else
		col_set(r, at->planned_effort_set_at, (Datum) 0, true);

	if (!wf_status_lookup(c.defs, c.kind, c.to, &st) || !st.is_initial)
		ereport(ERROR,
				(errcode(ERRCODE_OM_TRANSITION_NOT_ALLOWED),
				 errmsg("work item %lld cannot start in status \"%s\"", (long long) c.item_id, c.to),
				 errdetail("A new %s item starts in the initial status of its state machine.", c.kind),
				 errhint("Insert it in its initial status (omledger.workflow_status.is_initial), then move it.")));

	/* rule 8: who enters it, and who requested it */
	named = col_int8(r, at->created_by, &isnull);
	a = resolve_actor(c.contract_id, japan_date(c.requested_at), isnull, named, "request or enter work");
	col_set(r, at->created_by, Int64GetDatum(a.person_id), !a.known);
	col_set(r, at->status_changed_by, Int64GetDatum(a.person_id), !a.known);
	named = col_int8(r, at->requested_by, &isnull);
	if (!isnull)
		check_registered(c.contract_id, named, japan_date(c.requested_at), "request work", NULL);
	else
		col_set(r, at->requested_by, Int64GetDatum(a.person_id), !a.known);

	/*
	 * rule 10: the response clock, stored once.  A failure's party is its
	 * performer; an information security incident has its own party,
	 * security_incident (reported to the city at once, at any hour, by
	 * default: response_allowance, 82_security_incident.sql).
	 */
	if (strcmp(c.kind, "failure_recovery") == 0 || strcmp(c.kind, "security_incident") == 0)
	{
		char	   *performer = col_text(r, at->performer);
		const char *party = strcmp(c.kind, "security_incident") == 0 ? "security_incident"
			: performer ? performer : "operator";
		Datum		v[3] = {col_get(r, at->occurred_at, &isnull),
			BoolGetDatum(col_bool(r, at->immediate_response)),
		CStringGetTextDatum(party)};
		Datum		due;

		/* an incident without occurred_at is for the CHECK constraint to report */
		if (isnull)
			return;
		check_not_future(DatumGetTimestampTz(v[0]), "occurred_at", "work item", c.item_id);
		/* every time entered on the item is after it occurred and was reported */
		if (DatumGetTimestampTz(v[0]) > c.requested_at)
			ereport(ERROR,
					(errcode(ERRCODE_OM_INVALID_EVENT_TIME),
					 errmsg("occurred_at of work item %lld lies after it was reported", (long long) c.item_id),
					 errdetail("It occurred at %s and was reported (requested_at) at %s.",
							   ts_str(DatumGetTimestampTz(v[0])), ts_str(c.requested_at)),
					 errhint("Give the time the failure occurred or was detected, no later than the report.")));
		plan_run(P_RESPONSE_DUE, v, NULL, 1);
		due = spi_value(0, 1, &isnull);
		col_set(r, at->response_due_at, due, isnull);
	}
	else if (!col_null(r, at->response_due_at))
		ereport(ERROR,
				(errcode(ERRCODE_OM_RESPONSE_CLOCK_IMMUTABLE),
				 errmsg("work item %lld of kind %s has no response clock", (long long) c.item_id, c.kind),
				 errdetail("response_due_at is computed for failures and security incidents only, when they are reported."),
				 errhint("Leave response_due_at empty.")));
	if (st.starts_response)
		col_set(r, at->response_started_at, TimestampTzGetDatum(sca), false);
	else if (!col_null(r, at->response_started_at))
		ereport(ERROR,
				(errcode(ERRCODE_OM_RESPONSE_CLOCK_IMMUTABLE),
				 errmsg("work item %lld cannot be entered with a response_started_at", (long long) c.item_id),
				 errdetail("The response starts when the failure enters a status that starts the response; status \"%s\" does not.", c.to),
				 errhint("Leave response_started_at empty; it is stored when the response starts.")));

	/* rule 6: a modification of a class C failure is refused at once */
	col_set(r, at->needs_additional_contract,
			BoolGetDatum(check_failure_class(&c, false)), false);
}

static void
item_before_update(Row *oldr, Row *r, const WfDefs *defs)
{
	const LedgerAtts *at = r->atts;
	ItemCtx		c;
	bool		isnull,
				status_changed;
	TimestampTz sca,
				cca,
				old_cca;
	Actor		a;
	int64		named = 0;
	bool		named_null = true;
	const AttrNumber content_cols[] = {at->title, at->detail, at->sub_kind, at->release_ref};
	const AttrNumber fixed_cols[] = {at->item_id, at->contract_id, at->kind, at->created_by, at->created_at};
	const AttrNumber clock_cols[] = {at->response_due_at, at->occurred_at, at->immediate_response};
	bool		content_changed = false;

	fill_ctx(&c, r);
	c.defs = defs;
	/* a NULLed kind or status is for the NOT NULL constraints to report */
	if (c.kind == NULL || c.to == NULL)
		return;
	c.from = col_text(oldr, at->status);
	status_changed = strcmp(c.from, c.to) != 0;

	for (int i = 0; i < (int) lengthof(fixed_cols); i++)
		if (col_changed(oldr, r, fixed_cols[i]))
			ereport(ERROR,
					(errcode(ERRCODE_OM_TRANSITION_NOT_ALLOWED),
					 errmsg("%s of work item %lld cannot be changed", col_name(r, fixed_cols[i]),
							(long long) c.item_id),
					 errdetail("An item keeps its identity, contract, kind and creator for life."),
					 errhint("Cancel the item and enter a new one.")));

	/* rule 10: the stored clock never changes */
	if (!col_null(oldr, at->response_due_at))
		for (int i = 0; i < (int) lengthof(clock_cols); i++)
			if (col_changed(oldr, r, clock_cols[i]))
				response_clock_immutable(c.item_id, col_name(r, clock_cols[i]));
	if (!col_null(oldr, at->response_started_at) && col_changed(oldr, r, at->response_started_at))
		response_clock_immutable(c.item_id, "response_started_at");

	/* times */
	sca = col_ts(oldr, at->status_changed_at, &isnull);
	if (status_changed)
		sca = advance_time(sca, col_supplied(r, at->status_changed_at),
						   col_ts(r, at->status_changed_at, &isnull), "status_changed_at", c.item_id);
	else if (col_changed(oldr, r, at->status_changed_at))
		ereport(ERROR,
				(errcode(ERRCODE_OM_INVALID_EVENT_TIME),
				 errmsg("status_changed_at of work item %lld cannot change without a status change",
						(long long) c.item_id),
				 errdetail("It records when the current status was entered."),
				 errhint("Set it in the same statement as the status.")));
	col_set(r, at->status_changed_at, TimestampTzGetDatum(sca), false);
	c.at = sca;

	for (int i = 0; i < (int) lengthof(content_cols); i++)
		content_changed |= col_changed(oldr, r, content_cols[i]);
	old_cca = col_ts(oldr, at->content_changed_at, &isnull);
	cca = old_cca;
	if (content_changed || col_changed(oldr, r, at->content_changed_at))
		cca = advance_time(old_cca, col_supplied(r, at->content_changed_at),
						   col_ts(r, at->content_changed_at, &isnull), "content_changed_at", c.item_id);

	if (col_changed(oldr, r, at->planned_effort))
	{
		bool		oldnull;
		TimestampTz pes = col_ts(oldr, at->planned_effort_set_at, &oldnull);

		pes = advance_time(oldnull ? DT_NOBEGIN : pes,
						   col_supplied(r, at->planned_effort_set_at),
						   col_ts(r, at->planned_effort_set_at, &isnull), "planned_effort_set_at", c.item_id);
		col_set(r, at->planned_effort_set_at, TimestampTzGetDatum(pes), c.has_effort ? false : true);
		c.effort_set_at = pes;
	}
	else if (col_changed(oldr, r, at->planned_effort_set_at))
		ereport(ERROR,
				(errcode(ERRCODE_OM_INVALID_EVENT_TIME),
				 errmsg("planned_effort_set_at of work item %lld cannot change without planned_effort",
						(long long) c.item_id),
				 errdetail("It records when the planned effort was last set."),
				 errhint("Set it in the same statement as planned_effort.")));

	/* rule 8 */
	if (status_changed && col_supplied(r, at->status_changed_by))
		named = col_int8(r, at->status_changed_by, &named_null);
	a = resolve_actor(c.contract_id,
					  japan_date(status_changed ? c.at : GetCurrentTransactionStartTimestamp()),
					  named_null, named,
					  status_changed ? "change the status of work" : "work");
	if (status_changed)
		col_set(r, at->status_changed_by, Int64GetDatum(a.person_id), !a.known);
	else if (col_changed(oldr, r, at->status_changed_by))
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
	if (col_changed(oldr, r, at->parent_id))
		col_set(r, at->needs_additional_contract,
				BoolGetDatum(check_failure_class(&c, false)), false);

	/* the rules hold on the item's state, whatever column changed */
	c.content_changed_at = cca;
	wf_invariants_on_update(oldr, r, &c, status_changed);

	if (status_changed)
	{
		WfStatusInfo st;
		wf_reqmask	mask = lookup_transition(&c);

		(void) wf_status_lookup(c.defs, c.kind, c.to, &st);
		if (st.bumps_content)
			cca = Max(cca, sca);
		c.content_changed_at = cca;
		check_requirements(&c, mask);
		if (st.starts_response && col_null(oldr, at->response_started_at))
			col_set(r, at->response_started_at, TimestampTzGetDatum(sca), false);
	}
	col_set(r, at->content_changed_at, TimestampTzGetDatum(cca), false);
}

/* ------------------------------------------------------------ the event */

/*
 * work_item_event in the work item's schema (InvalidOid if the schema has
 * none), and its owner, who writes the history: the extension's owner.
 * Looked up each time (syscache hits), so an ALTER ... OWNER TO needs no
 * invalidation here.
 */
static Oid
event_relid(Relation item_rel)
{
	return get_relname_relid("work_item_event", RelationGetNamespace(item_rel));
}

static Oid
event_owner(Relation item_rel, Oid relid)
{
	return OidIsValid(relid) ? omledger_rel_owner(relid) : item_rel->rd_rel->relowner;
}

/* The columns of an event row, in the order of the values item_after builds. */
static const char *const event_cols[] = {
	"contract_id", "item_id", "from_status", "to_status", "occurred_at", "actor_id", "db_user"
};
#define EVENT_NCOLS lengthof(event_cols)

/*
 * For each column of the event table, the work_item column whose value
 * the event row holds (0: none): contract_id, item_id, and actor_id =
 * the item's status_changed_by.
 */
static void
event_item_map(Relation event_rel, Relation item_rel, AttrNumber *map)
{
	TupleDesc	desc = RelationGetDescr(event_rel);
	const LedgerAtts *at = ledger_atts(item_rel);

	for (int i = 0; i < desc->natts; i++)
	{
		const char *name = NameStr(TupleDescAttr(desc, i)->attname);

		map[i] = 0;
		if (TupleDescAttr(desc, i)->attisdropped)
			continue;
		if (strcmp(name, "contract_id") == 0)
			map[i] = at->contract_id;
		else if (strcmp(name, "item_id") == 0)
			map[i] = at->item_id;
		else if (strcmp(name, "actor_id") == 0)
			map[i] = at->status_changed_by;
	}
}

/*
 * What the engine knows of the INSERT triggers of work_item_event
 * (direct_insert.h).  Its foreign keys are implied by the work item row
 * the event records: the event's (contract_id, item_id) is that row's own
 * key; its contract and its actor (contract_id, actor_id = the item's
 * status_changed_by) are the row's own references under the work item's
 * foreign keys, which PostgreSQL checks on that row (on an update, when
 * they change; else the row's committed version already holds them).  A
 * referenced contract or person can therefore not be deleted while the
 * item row refers to it, nor can the item be deleted under the row lock
 * of its update; and the referenced tables' own triggers still check the
 * event table when they delete.  The isolation spec workflow_event_direct
 * races the deletes.  The audit trigger's row is written by the caller.
 */
static DirectTriggerVerdict
event_trigger_verdict(Relation rel, const Trigger *t, Oid item_relid)
{
	if (t->tgfoid == F_RI_FKEY_CHECK_INS && OidIsValid(t->tgconstraint))
	{
		Relation	item_rel = table_open(item_relid, AccessShareLock);
		AttrNumber *map = palloc(sizeof(AttrNumber) * RelationGetDescr(rel)->natts);
		bool		implied;

		event_item_map(rel, item_rel, map);
		implied = direct_fkey_implied(rel, t->tgconstraint, item_rel, map,
									  RelationGetDescr(rel)->natts);
		table_close(item_rel, NoLock);
		return implied ? DIRECT_TRIGGER_IMPLIED : DIRECT_TRIGGER_UNKNOWN;
	}
	if (direct_trigger_calls(t, audit_row))
		return DIRECT_TRIGGER_CALLER;
	return DIRECT_TRIGGER_UNKNOWN;
}

/*
 * Write the event row without the executor; false if the table is not as
 * the extension made it (then the SQL INSERT does it).  The user is the
 * owner by now.
 */
static bool
event_insert_direct(Relation item_rel, Oid relid, const Datum *v, const char *n)
{
	Relation	rel = table_open(relid, RowExclusiveLock);
	TupleDesc	desc = RelationGetDescr(rel);
	Datum	   *values = palloc0(sizeof(Datum) * desc->natts);
	bool	   *nulls = palloc0(sizeof(bool) * desc->natts);
	bool	   *supplied = palloc0(sizeof(bool) * desc->natts);
	HeapTuple	tup;
	bool		audit_due;
	bool		done;

	for (int c = 0; c < (int) EVENT_NCOLS; c++)
	{
		int			i;

		for (i = 0; i < desc->natts; i++)
			if (!TupleDescAttr(desc, i)->attisdropped &&
				strcmp(NameStr(TupleDescAttr(desc, i)->attname), event_cols[c]) == 0)
				break;
		if (i == desc->natts)
		{
			table_close(rel, NoLock);
			return false;
		}
		values[i] = v[c];
		nulls[i] = n[c] == 'n';
		supplied[i] = true;
	}
	done = direct_insert(rel, event_trigger_verdict, RelationGetRelid(item_rel),
						 values, nulls, supplied, &tup, &audit_due);
	if (done && audit_due)
		audit_record_row(rel, NULL, tup);
	table_close(rel, NoLock);
	return done;
}

/* The event of an insert, or of an update that changed the status. */
static void
item_after(TriggerData *td)
{
	Row			r;
	const LedgerAtts *at;
	Datum		v[EVENT_NCOLS];
	char		nulls[EVENT_NCOLS] = {' ', ' ', ' ', ' ', ' ', ' ', ' '};
	bool		isnull;
	char	   *from = NULL;
	Oid			save_userid;
	int			save_sec_context;
	Oid			relid;

	row_init(&r, td->tg_relation, td->tg_trigtuple);
	at = r.atts;
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		from = col_text(&r, at->status);
		row_set_tuple(&r, td->tg_newtuple);
		if (strcmp(from, col_text(&r, at->status)) == 0)
			return;
	}
	v[0] = col_get(&r, at->contract_id, &isnull);
	v[1] = col_get(&r, at->item_id, &isnull);
	v[2] = from ? CStringGetTextDatum(from) : (Datum) 0;
	nulls[2] = from ? ' ' : 'n';
	v[3] = col_get(&r, at->status, &isnull);
	v[4] = col_get(&r, at->status_changed_at, &isnull);
	v[5] = col_get(&r, at->status_changed_by, &isnull);
	nulls[5] = isnull ? 'n' : ' ';

	/*
	 * The history is written with the rights of its owner (the extension's):
	 * nobody else may insert into work_item_event, so nobody can forge an
	 * event.  db_user names the acting role, taken before the switch (its
	 * default, current_user, would be the owner).  The plan names its table
	 * with the schema, so no search_path is involved.  An error restores the
	 * user at (sub)transaction abort.
	 */
	v[6] = DirectFunctionCall1(namein, CStringGetDatum(GetUserNameFromId(GetUserId(), false)));
	relid = event_relid(td->tg_relation);
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(event_owner(td->tg_relation, relid),
						   save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	if (!OidIsValid(relid) || !event_insert_direct(td->tg_relation, relid, v, nulls))
	{
		SPI_connect();
		plan_run(P_EVENT, v, nulls, 0);
		SPI_finish();
	}
	SetUserIdAndSecContext(save_userid, save_sec_context);
}

static void
check_insert_or_update(TriggerData *td, const char *fname)
{
	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event) && !TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired for INSERT or UPDATE", fname)));
}

static Datum
item_before(TriggerData *td)
{
	MemoryContext caller = CurrentMemoryContext;
	Row			r,
				o;
	const WfDefs *defs;

	if (bulk_load())
		return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(td->tg_event) ?
							   td->tg_newtuple : td->tg_trigtuple);
	SPI_connect();
	defs = wf_defs(td->tg_relation);
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		row_init(&r, td->tg_relation, td->tg_trigtuple);
		item_before_insert(&r, defs);
	}
	else
	{
		row_init(&o, td->tg_relation, td->tg_trigtuple);
		row_init(&r, td->tg_relation, td->tg_newtuple);
		r.updatedcols = td->tg_updatedcols;
		item_before_update(&o, &r, defs);
	}
	return PointerGetDatum(row_finish(&r, caller));
}

static Datum
item_after_trigger(TriggerData *td)
{
	HeapTuple	result = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;

	if (bulk_load())
		return PointerGetDatum(result);
	item_after(td);
	return PointerGetDatum(result);
}

PG_FUNCTION_INFO_V1(work_item_workflow_before);
Datum
work_item_workflow_before(PG_FUNCTION_ARGS)
{
	TriggerData *td = check_trigger_protocol(fcinfo, "work_item_workflow_before", true, true, 0);

	check_insert_or_update(td, "work_item_workflow_before");
	return item_before(td);
}

PG_FUNCTION_INFO_V1(work_item_workflow_after);
Datum
work_item_workflow_after(PG_FUNCTION_ARGS)
{
	TriggerData *td = check_trigger_protocol(fcinfo, "work_item_workflow_after", true, false, 0);

	if (!TRIGGER_FIRED_AFTER(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"work_item_workflow_after\" must be fired after the event")));
	check_insert_or_update(td, "work_item_workflow_after");
	return item_after_trigger(td);
}

/*
 * The 0.1-0.3 trigger function, BEFORE and AFTER in one.  Only for a schema
 * not yet updated to 0.4 (its triggers still call it: the install scripts
 * of those versions name this symbol); 0.4 calls the two functions above.
 */
PG_FUNCTION_INFO_V1(work_item_workflow);
Datum
work_item_workflow(PG_FUNCTION_ARGS)
{
	TriggerData *td = check_trigger_protocol(fcinfo, "work_item_workflow", true, false, 0);

	check_insert_or_update(td, "work_item_workflow");
	if (TRIGGER_FIRED_AFTER(td->tg_event))
		return item_after_trigger(td);
	return item_before(td);
}
