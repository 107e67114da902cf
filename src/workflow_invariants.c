/*
 * workflow_invariants.c
 *	  The rules of the workflow hold on the item's state, whatever column
 *	  changes.  In 0.3 they were checked when the status moved, so an
 *	  ordinary UPDATE of another column walked around them (a data patch
 *	  turned into an investigation to start, and back; a major incident
 *	  made normal to close).  Here:
 *
 *	  - the rules a status keeps are those every path into it checked
 *	    (src/core/wf_invariant.c), computed from the state machine as it
 *	    is now;
 *	  - a change of a column that decides the rules (decisive_cols below)
 *	    is refused in a terminal status, refused when the acting person may
 *	    not make it, and otherwise re-checks every rule the status keeps
 *	    against the new values, through the engine's own checks;
 *	  - approvals count only from the last change of what they cover.
 *
 *	  The table of columns is documented in doc/workflow.md ("Columns that
 *	  decide the rules"); the events of the changes are written by
 *	  omledger.work_item_field_events (75_workflow_invariants.sql).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"

#include "errcodes.h"
#include "japan_time.h"
#include "wf_invariant.h"
#include "workflow_internal.h"
#include "workflow_invariants.h"

/* ------------------------------------------------ the rules of a status */

/*
 * The rules the status of the kind keeps; *terminal says whether it ends
 * the work.  The queries of workflow_dot(): the statuses and the effective
 * moves.  A change of a decisive column is rare next to status changes, so
 * nothing is cached.
 */
static wf_reqmask
status_keeps(const char *kind, const char *status, bool *terminal)
{
	Datum		v[1] = {CStringGetTextDatum(kind)};
	uint64		nst,
				ned;
	char	  **names;
	bool	   *term;
	int			initial = -1,
				me = -1;
	WfEdge	   *edges;
	wf_reqmask *keeps;

	*terminal = false;
	nst = plan_run(P_DOT_STATUS, v, NULL, 0);
	names = palloc(sizeof(char *) * (nst + 1));
	term = palloc(sizeof(bool) * (nst + 1));
	for (uint64 i = 0; i < nst; i++)
	{
		bool		isnull;

		names[i] = spi_text(i, 1);
		if (DatumGetBool(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull)))
			initial = (int) i;
		term[i] = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 3, &isnull));
		if (strcmp(names[i], status) == 0)
			me = (int) i;
	}
	if (me < 0)
		return 0;				/* the foreign key reports an unknown status */
	*terminal = term[me];

	ned = plan_run(P_DOT_TRANSITION, v, NULL, 0);
	edges = palloc(sizeof(WfEdge) * (ned + 1));
	for (uint64 e = 0; e < ned; e++)
	{
		char	   *from = spi_text(e, 1),
				   *to = spi_text(e, 2);
		bool		isnull,
					known;
		Datum		reqs = SPI_getbinval(SPI_tuptable->vals[e], SPI_tuptable->tupdesc, 3, &isnull);

		edges[e].from = edges[e].to = -1;
		edges[e].requires = 0;
		for (uint64 i = 0; i < nst; i++)
		{
			if (strcmp(names[i], from) == 0)
				edges[e].from = (int) i;
			if (strcmp(names[i], to) == 0)
				edges[e].to = (int) i;
		}
		/* an unknown name is refused when the move is made (OM001) */
		if (!isnull)
			edges[e].requires = wf_requires_mask(reqs, &known);
	}
	keeps = palloc(sizeof(wf_reqmask) * (nst + 1));
	wf_state_invariants((int) nst, initial, edges, (size_t) ned, keeps);
	return keeps[me];
}

/* ------------------------------------------------- the decisive columns */

/*
 * The columns that decide which rules apply to an item or whether they
 * hold (doc/workflow.md, "Columns that decide the rules").  Each change of
 * one is an event (work_item_field_events) and re-checks the rules of the
 * status.  content_changed_at is among them: a change of the systems moves
 * it (work_item_system_change), and so does every content column.
 */
static int
decisive_cols(const LedgerAtts *at, AttrNumber *cols)
{
	int			n = 0;
	const AttrNumber all[] = {
		at->sub_kind, at->title, at->detail, at->severity, at->failure_class,
		at->third_party_remedy, at->performer, at->release_ref, at->planned_effort,
		at->parent_id, at->menu_item_id, at->scheduled_at, at->due_on,
		at->spec_check_for_modification, at->internal_handover, at->content_changed_at
	};

	for (int i = 0; i < (int) lengthof(all); i++)
		if (all[i] != InvalidAttrNumber)	/* a column an older schema lacks */
			cols[n++] = all[i];
	return n;
}

#define MAX_DECISIVE 16

static void
refuse_not_city(int64 item_id, const char *column, const char *side, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_CITY_DECIDES),
			 errmsg("%s of work item %lld is the city's to change", column, (long long) item_id),
			 errdetail("The acting person is on the %s side; %s", side, why),
			 errhint("Have a city person make the change.")));
}

/*
 * Table 1 is the city's and the contractor's joint judgement: the city sets
 * a class; the contractor sets the class a city approval of subject
 * 'classification' names in subject_ref, decided since the class last
 * changed (so it authorises one classification).
 */
static void
check_classification(Row *r, ItemCtx *c, const char *side, TimestampTz at)
{
	char	   *cls = col_text(r, r->atts->failure_class);
	TimestampTz lo = wf_approval_window_start(c->item_id, c->requested_at, "classification");
	Datum		v[3] = {Int64GetDatum(c->item_id), TimestampTzGetDatum(lo), TimestampTzGetDatum(at)};
	char	   *decision = NULL,
			   *ref = NULL;

	if (side == NULL || strcmp(side, "city") == 0)
		return;
	if (cls == NULL)
		refuse_not_city(c->item_id, "failure_class", side,
						"only the city withdraws a classification (table 1).");
	if (plan_run(P_CLASSIFICATION, v, NULL, 1) == 1)
	{
		decision = spi_text(0, 1);
		ref = spi_text(0, 2);
	}
	if (decision == NULL || strcmp(decision, "approved") != 0 || ref == NULL || strcmp(ref, cls) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OM_CLASSIFICATION_NOT_APPROVED),
				 errmsg("failure %lld cannot be classified %s without the city's approval",
						(long long) c->item_id, cls),
				 decision == NULL
				 ? errdetail("Table 1 is the city's and the contractor's joint judgement; no classification decision was made since the class last changed.")
				 : errdetail("Table 1 is the city's and the contractor's joint judgement; the latest classification decision since the class last changed is \"%s\" for class %s.",
							 decision, ref ? ref : "(none)"),
				 errhint("Have a city person record an approval with subject 'classification' and subject_ref '%s' for the failure, then retry.", cls)));
}

/*
 * A failure's class decides its modifications (rule 6): it is not changed
 * while a modification that keeps the class rule is under way.
 */
static void
check_children(int64 item_id, const char *column)
{
	Datum		v[1] = {Int64GetDatum(item_id)};
	uint64		n = plan_run(P_CHILDREN, v, NULL, 0);
	int64	   *ids = palloc(sizeof(int64) * (n + 1));
	char	  **st = palloc(sizeof(char *) * (n + 1));

	for (uint64 i = 0; i < n; i++)
	{
		bool		isnull;

		ids[i] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
		st[i] = spi_text(i, 2);
	}
	for (uint64 i = 0; i < n; i++)
	{
		bool		terminal;
		wf_reqmask	keeps = status_keeps("modification", st[i], &terminal);

		if (!terminal && (keeps & ((wf_reqmask) 1 << WF_REQ_FAILURE_CLASS)))
			ereport(ERROR,
					(errcode(ERRCODE_OM_FIELD_FROZEN),
					 errmsg("%s of failure %lld cannot change while a modification of it is under way",
							column, (long long) item_id),
					 errdetail("Its modification, work item %lld, is in status \"%s\", which it reached on the failure's class (rule 6, table 1).",
							   (long long) ids[i], st[i]),
					 errhint("Finish, reject or cancel the modification first.")));
	}
}

/* ---------------------------------------- provisional fixes in production */

/*
 * A provisional program fix put into production while recovering from a
 * failure (spec 5.2.2 with 5.2.4 (6)) is a release like a modification's:
 * a failure of sub-kind provisional_fix with release material (release_ref)
 * does not enter, nor stay in, a status past the mitigation without the
 * release gate (rule 3: staging test, Jenkins run, inspection and release
 * approval after the last change) -- unless the city chose, for the
 * contract, the emergency path (contract.emergency_release_open_days): then
 * the approval may follow, and release_gate_overdue lists the item once the
 * open days have passed without it.
 */
static const char *const released_statuses[] = {"mitigated", "resolved", "closed"};

static bool
provisional_gate_applies(Row *r, ItemCtx *c)
{
	Datum		v[1] = {Int64GetDatum(c->contract_id)};
	bool		in_production = false,
				isnull;

	if (strcmp(c->kind, "failure_recovery") != 0 || c->sub_kind == NULL ||
		strcmp(c->sub_kind, "provisional_fix") != 0 || col_null(r, r->atts->release_ref))
		return false;
	for (int i = 0; i < (int) lengthof(released_statuses); i++)
		in_production |= strcmp(c->to, released_statuses[i]) == 0;
	if (!in_production)
		return false;
	if (plan_run(P_EMERGENCY, v, NULL, 1) == 1)
	{
		(void) SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		if (!isnull)
			return false;		/* the emergency path: approval afterwards */
	}
	return true;
}

static void
gate_context(void *arg)
{
	errcontext("a provisional fix with release material is released to production like a modification (spec 5.2.2, 5.2.4 (6))");
}

/* Says why a rule was checked when no status moved. */
static void
recheck_context(void *arg)
{
	errcontext("re-checking the rules of the item's status after a change of %s", (const char *) arg);
}

void
wf_invariants_on_update(Row *oldr, Row *r, ItemCtx *c, bool status_changed)
{
	const LedgerAtts *at = r->atts;
	AttrNumber	cols[MAX_DECISIVE];
	int			ncols = decisive_cols(at, cols);
	const char *first = NULL;
	bool		terminal;
	wf_reqmask	keeps;
	char	   *side;
	TimestampTz saved_at = c->at;

	/*
	 * Who requested the item and when anchor rule 8's segregation of duties
	 * (no one approves their own request) and every approval window: they
	 * are fixed when the item is entered.
	 */
	if (col_changed(oldr, r, r->atts->requested_by) || col_changed(oldr, r, r->atts->requested_at))
		ereport(ERROR,
				(errcode(ERRCODE_OM_FIELD_FROZEN),
				 errmsg("%s of work item %lld cannot be changed",
						col_changed(oldr, r, r->atts->requested_by) ? "requested_by" : "requested_at",
						(long long) c->item_id),
				 errdetail("Who requested an item and when decide who may approve it and which approvals count."),
				 errhint("Cancel the item and enter a new one.")));

	/* rule 6 sets it from the failure's class; nobody else does */
	if (col_changed(oldr, r, r->atts->needs_additional_contract) && !col_changed(oldr, r, r->atts->parent_id))
		ereport(ERROR,
				(errcode(ERRCODE_OM_FIELD_FROZEN),
				 errmsg("needs_additional_contract of work item %lld cannot be set directly", (long long) c->item_id),
				 errdetail("It says whether the modification's failure is class D (table 1), and is set from the failure when the modification names it."),
				 errhint("Change the failure's class, or the modification's parent_id.")));

	for (int i = 0; i < ncols && first == NULL; i++)
		if (col_changed(oldr, r, cols[i]))
			first = col_name(r, cols[i]);
	if (first == NULL && !status_changed)
		return;

	/* entering production, or changing what is in production */
	if (provisional_gate_applies(r, c))
	{
		ErrorContextCallback cb = {.previous = error_context_stack,.callback = gate_context};

		if (!status_changed)
			c->at = GetCurrentTransactionStartTimestamp();
		error_context_stack = &cb;
		check_requirements(c, (wf_reqmask) 1 << WF_REQ_RELEASE_READY);
		error_context_stack = cb.previous;
		c->at = saved_at;
	}
	if (first == NULL)
		return;

	keeps = status_keeps(c->kind, c->to, &terminal);
	if (terminal)
		ereport(ERROR,
				(errcode(ERRCODE_OM_FIELD_FROZEN),
				 errmsg("%s of work item %lld cannot change in status \"%s\"", first,
						(long long) c->item_id, c->to),
				 errdetail("The work is finished: status \"%s\" is terminal, and what it was decided on stays as it was.", c->to),
				 errhint("Record a correction as a new item.")));

	/* a change made now is checked as of now; with a move, as of the move */
	if (!status_changed)
		c->at = GetCurrentTransactionStartTimestamp();
	side = actor_side(c->contract_id, japan_date(c->at));
	if (col_changed(oldr, r, at->failure_class))
	{
		check_classification(r, c, side, c->at);
		check_children(c->item_id, "failure_class");
	}
	if (at->third_party_remedy != InvalidAttrNumber && col_changed(oldr, r, at->third_party_remedy))
	{
		if (side != NULL && strcmp(side, "city") != 0)
			refuse_not_city(c->item_id, "third_party_remedy", side,
							"whether the city claims remedy from a third party is the city's decision (table 1).");
		check_children(c->item_id, "third_party_remedy");
	}
	if (col_changed(oldr, r, at->severity) && side != NULL && strcmp(side, "city") != 0 &&
		strcmp(col_text(oldr, at->severity), "major") == 0)
		refuse_not_city(c->item_id, "severity", side,
						"a major incident (spec 5.2.1 (4)) is made normal only by the city.");
	if (col_changed(oldr, r, at->performer) && strcmp(c->kind, "failure_recovery") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OM_RESPONSE_CLOCK_IMMUTABLE),
				 errmsg("performer of work item %lld cannot be changed", (long long) c->item_id),
				 errdetail("A failure's performer is the party of its response clock, stored when it was reported (rule 10)."),
				 errhint("Report the failure again as a new item with the right performer.")));

	/* every rule the status keeps, on the new values */
	if (keeps != 0)
	{
		ErrorContextCallback cb = {.previous = error_context_stack,
			.callback = recheck_context,.arg = (void *) first};

		error_context_stack = &cb;
		check_requirements(c, keeps);
		error_context_stack = cb.previous;
	}
	c->at = saved_at;
}
