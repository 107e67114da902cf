/*
 * workflow_records.c
 *	  The BEFORE INSERT triggers on what hangs off a work item:
 *
 *	  approval_guard         only a registered city person approves, never
 *	                         their own request; a deadline change approved
 *	                         is one of the item's
 *	  evidence_guard         only a registered person records evidence
 *	  deadline_change_guard  who records it, the due date it replaces, late
 *	                         notice (rule 9)
 *
 * Each locks its item FOR SHARE first, so it serialises with a status change
 * of the same item (workflow_rules.c reads these records): a release either
 * sees a concurrently inserted approval (after waiting for it to commit) or
 * the approval waits for the release.  specs/workflow_race.spec shows it.
 *
 * The tables are append-only (ledger_history_immutable(), ledger.c).
 */
#include "postgres.h"

#include <errno.h>

#include "commands/trigger.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "errcodes.h"
#include "japan_time.h"
#include "workflow_internal.h"

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

/*
 * What the three records share: the time of the act not in the future,
 * recorded_at, the item locked, the actor (rule 8).
 */
static Actor
record_common(Row *r, AttrNumber id_col, const char *table, TimestampTz when,
			  const char *when_col, AttrNumber person_col, const char *what,
			  int64 *requested_by, bool *rnull, int64 *created_by, bool *cnull)
{
	const LedgerAtts *at = r->atts;
	bool		isnull,
				item_null,
				named_null;
	int64		id = col_int8(r, id_col, &isnull);
	int64		contract_id = col_int8(r, at->contract_id, &isnull);
	int64		item_id = col_int8(r, at->item_id, &item_null);
	int64		named = col_int8(r, person_col, &named_null);

	check_not_future(when, when_col, table, id);
	col_set(r, at->recorded_at, TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), false);
	*rnull = *cnull = true;
	if (!item_null)
		lock_item(item_id, contract_id, requested_by, rnull, created_by, cnull);
	return resolve_actor(contract_id, japan_date(when), named_null, named, what);
}

static void
approval_insert(Row *r)
{
	const LedgerAtts *at = r->atts;
	const AttrNumber required[] = {at->contract_id, at->subject, at->decided_at};
	bool		isnull,
				item_null,
				rnull,
				cnull;
	int64		id = col_int8(r, at->approval_id, &isnull);
	int64		item_id = col_int8(r, at->item_id, &item_null);
	TimestampTz decided = col_ts(r, at->decided_at, &isnull);
	char	   *subject = col_text(r, at->subject);
	int64		requested_by = 0,
				created_by = 0;
	Actor		a;

	if (any_null(r, required, lengthof(required)))
		return;
	a = record_common(r, at->approval_id, "approval", decided, "decided_at", at->approver_id,
					  "approve", &requested_by, &rnull, &created_by, &cnull);
	if (!a.known)
		ereport(ERROR,
				(errcode(ERRCODE_OM_NOT_ON_ROSTER),
				 errmsg("approval %lld names no approver", (long long) id),
				 errdetail("Role \"%s\" is on no roster, so the approver cannot be taken from current_user.",
						   GetUserNameFromId(GetUserId(), false)),
				 errhint("Name the city person who decided in approver_id.")));
	col_set(r, at->approver_id, Int64GetDatum(a.person_id), false);
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
		char	   *ref = col_text(r, at->subject_ref);
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
	const LedgerAtts *at = r->atts;
	const AttrNumber required[] = {at->contract_id, at->item_id, at->performed_at};
	bool		isnull,
				rnull,
				cnull;
	TimestampTz performed = col_ts(r, at->performed_at, &isnull);
	int64		requested_by,
				created_by;
	Actor		a;

	if (any_null(r, required, lengthof(required)))
		return;
	a = record_common(r, at->evidence_id, "evidence", performed, "performed_at", at->recorded_by,
					  "record evidence", &requested_by, &rnull, &created_by, &cnull);
	col_set(r, at->recorded_by, Int64GetDatum(a.person_id), !a.known);
}

static void
deadline_change_insert(Row *r)
{
	const LedgerAtts *at = r->atts;
	const AttrNumber required[] = {at->contract_id, at->item_id, at->new_due_on, at->notified_at};
	bool		isnull,
				rnull,
				cnull;
	int64		item_id = col_int8(r, at->item_id, &isnull);
	TimestampTz notified = col_ts(r, at->notified_at, &isnull);
	DateADT		new_due = DatumGetDateADT(col_get(r, at->new_due_on, &isnull));
	int64		requested_by,
				created_by;
	DateADT		old_due;
	Datum		v[1] = {Int64GetDatum(item_id)};
	bool		due_null;
	Actor		a;

	if (any_null(r, required, lengthof(required)))
		return;
	a = record_common(r, at->deadline_change_id, "deadline change", notified, "notified_at",
					  at->recorded_by, "record a deadline change",
					  &requested_by, &rnull, &created_by, &cnull);
	col_set(r, at->recorded_by, Int64GetDatum(a.person_id), !a.known);

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
	col_set(r, at->old_due_on, DateADTGetDatum(old_due), false);
	/* rule 9: told after the old date passed -- accepted, marked late */
	col_set(r, at->late_notice, BoolGetDatum(japan_date(notified) > old_due), false);
}

/* The body of the three triggers: protocol, bulk load, SPI, the result. */
static Datum
record_guard(FunctionCallInfo fcinfo, const char *fname, void (*check) (Row *r))
{
	TriggerData *td = check_trigger_protocol(fcinfo, fname, true, true, 0);
	MemoryContext caller = CurrentMemoryContext;
	Row			r;

	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired for INSERT", fname)));
	if (bulk_load())
		return PointerGetDatum(td->tg_trigtuple);

	row_init(&r, td->tg_relation, td->tg_trigtuple);
	SPI_connect();
	check(&r);
	return PointerGetDatum(row_finish(&r, caller));
}

PG_FUNCTION_INFO_V1(approval_guard);
Datum
approval_guard(PG_FUNCTION_ARGS)
{
	return record_guard(fcinfo, "approval_guard", approval_insert);
}

PG_FUNCTION_INFO_V1(evidence_guard);
Datum
evidence_guard(PG_FUNCTION_ARGS)
{
	return record_guard(fcinfo, "evidence_guard", evidence_insert);
}

PG_FUNCTION_INFO_V1(deadline_change_guard);
Datum
deadline_change_guard(PG_FUNCTION_ARGS)
{
	return record_guard(fcinfo, "deadline_change_guard", deadline_change_insert);
}

/*
 * The 0.1-0.3 trigger function of the three tables, dispatching on the
 * table's name.  Only for a schema not yet updated to 0.4 (its triggers
 * still call it: the install scripts of those versions name this symbol);
 * 0.4 calls the three functions above.
 */
PG_FUNCTION_INFO_V1(ledger_record_guard);
Datum
ledger_record_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = check_trigger_protocol(fcinfo, "ledger_record_guard", true, true, 0);
	const char *table = RelationGetRelationName(td->tg_relation);

	if (strcmp(table, "approval") == 0)
		return record_guard(fcinfo, "ledger_record_guard", approval_insert);
	if (strcmp(table, "evidence") == 0)
		return record_guard(fcinfo, "ledger_record_guard", evidence_insert);
	if (strcmp(table, "deadline_change") == 0)
		return record_guard(fcinfo, "ledger_record_guard", deadline_change_insert);
	ereport(ERROR,
			(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
			 errmsg("function \"ledger_record_guard\" does not guard table \"%s\"", table)));
	PG_RETURN_NULL();
}
