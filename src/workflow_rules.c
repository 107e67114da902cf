/*
 * workflow_rules.c
 *	  The named preconditions a transition can require (rules 1-7,
 *	  workflow_transition.requires, src/core/workflow.h) and rule 6's
 *	  immediate part.  Each fails with its own SQLSTATE (src/errcodes.h,
 *	  doc/errors.md).
 *
 * To add a precondition: a name in src/core/workflow.c (and the CHECK of
 * workflow_transition.requires), a req_* function here, its case in
 * check_requirements(), its SQLSTATE, its tests both ways.
 *
 * Concurrency: the UPDATE of a work item holds its row lock while the BEFORE
 * trigger checks the preconditions; inserts of approvals and evidence take
 * FOR SHARE on their item (workflow_records.c), so a check here either sees
 * a concurrently inserted record (after waiting for it to commit) or the
 * record waits for the status change.  A modification locks its originating
 * failure FOR SHARE while it reads the failure's class.
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "errcodes.h"
#include "japan_time.h"
#include "workflow_internal.h"

static void
load_sub_kind(ItemCtx *c)
{
	if (c->sub_kind_loaded)
		return;
	c->sub_kind_loaded = true;
	if (c->sub_kind != NULL)
		(void) wf_sub_kind_lookup(c->defs, c->kind, c->sub_kind, &c->requires_procedure,
								  &c->requires_prior_agreement);
}

/* The latest decision on a subject of the item within [lo, hi]: 'a', 'r' or 0. */
static char
latest_decision(ItemCtx *c, const char *subject, TimestampTz lo, TimestampTz hi)
{
	Datum		v[4] = {Int64GetDatum(c->item_id), CStringGetTextDatum(subject),
	TimestampTzGetDatum(lo), TimestampTzGetDatum(hi)};
	char	   *d;
	char		probed;

	if (wf_probe_decision(c->item_id, subject, lo, hi, &probed))
		return probed;
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
	TimestampTz lo;

	load_sub_kind(c);
	if (!c->requires_procedure)
		return;
	/* decided since the item was requested and its sub-kind and detail last changed */
	lo = wf_approval_window_start(c->item_id, c->requested_at, "procedure");
	d = latest_decision(c, "procedure", lo, c->at);
	if (d != 'a')
		ereport(ERROR,
				(errcode(ERRCODE_OM_PROCEDURE_NOT_APPROVED),
				 errmsg("work item %lld cannot be executed before its procedure is approved",
						(long long) c->item_id),
				 errdetail("Work of sub-kind \"%s\" needs a procedure approved by the city before execution (spec 5.2.1 (6), spec 5.2.4 (5)); %s.",
						   c->sub_kind,
						   d == 0 && lo > c->requested_at
						   ? psprintf("no procedure approval was decided since its sub-kind or detail last changed, at %s", ts_str(lo))
						   : decision_text(d, "procedure")),
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
	wf_require_closed_day(c->item_id, c->scheduled_at);
	day = japan_date(c->scheduled_at);
	hi = Min(c->at, japan_midnight(day) - 1);
	d = wf_day_agreement(c->item_id, c->requested_at, day, hi);
	if (d != 'a')
		ereport(ERROR,
				(errcode(ERRCODE_OM_PRIOR_AGREEMENT_MISSING),
				 errmsg("work item %lld needs its closed-day agreement approved before the day",
						(long long) c->item_id),
				 errdetail("The attendance is on %s; %s before that day (spec 5.2.1 (5)).", date_str(day),
						   d == 0 ? "no closed_day_attendance approval covering it was decided"
						   : "the latest closed_day_attendance decision covering it is a rejection"),
				 errhint("Agree the attendance in advance: a city person approves it with subject 'closed_day_attendance' and subject_ref the day, before the day.")));
}

/*
 * Rule 6 for a modification arising from a failure.  `at_transition` false:
 * the immediate check on insert or when the parent changes (C refused, D
 * flagged); true: the precondition (classified; B needs its decision).
 * Returns whether the failure is class D.
 */
bool
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
	if (strcmp(cls, "A") == 0 && wf_third_party_remedy(c->parent_id))
		ereport(ERROR,
				(errcode(ERRCODE_OM_THIRD_PARTY_REMEDY),
				 errmsg("work item %lld cannot be a modification: the city claims remedy for failure %lld from a third party",
						(long long) c->item_id, (long long) c->parent_id),
				 errdetail("Class A is modified except where the city claims remedy from a third party (table 1, spec 5.2.3.1)."),
				 errhint("Reject or cancel the modification; the third party remedies the defect.")));
	if (strcmp(cls, "B") == 0 &&
		latest_decision(c, "class_b_decision",
						wf_approval_window_start(c->item_id, c->requested_at, "class_b_decision"),
						c->at) != 'a')
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

/*
 * The report is agreed by both contractors (spec 5.3.2): the latest passing
 * handover_report is recorded by the other side's own person -- the previous
 * contractor's for a handover in, the next one's for a handover out -- so the
 * contractor alone cannot record the agreement.  A handover inside the
 * contractor (internal_handover) has no other side.
 */
static void
req_handover_report(ItemCtx *c)
{
	char		side[32];
	const char *other = (c->sub_kind != NULL && strcmp(c->sub_kind, "handover_out") == 0)
		? "successor" : "predecessor";
	char		e = latest_evidence(c, "handover_report", DT_NOBEGIN, c->at, side);

	if (e != 'p')
		ereport(ERROR,
				(errcode(ERRCODE_OM_HANDOVER_REPORT_MISSING),
				 errmsg("work item %lld cannot be reported without the agreed handover report",
						(long long) c->item_id),
				 errdetail("No handover_report evidence with result pass is recorded (spec 5.3.2)."),
				 errhint("Record the report agreed by both contractors as evidence of type 'handover_report' with result 'pass'.")));
	if (!c->internal_handover && strcmp(side, other) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OM_HANDOVER_REPORT_MISSING),
				 errmsg("work item %lld cannot be reported without the agreed handover report",
						(long long) c->item_id),
				 errdetail("The latest passing handover_report was recorded by the %s side; the report is agreed by both contractors (spec 5.3.2), so the %s side records its agreement itself.",
						   side[0] ? side : "unknown", other),
				 errhint("Have a registered person of the %s side record the agreed report as evidence of type 'handover_report' with result 'pass'.", other)));
}

/*
 * An information security incident is reported to the city at once and the
 * city investigates it (security annex 5): the city, not the contractor,
 * decides that it is closed.  The latest incident_closure decision on the
 * item since it was reported is an approval (the approval trigger lets only
 * a registered city person, not the one who reported it, record one).
 */
static void
req_city_closure(ItemCtx *c)
{
	char		d = latest_decision(c, "incident_closure", c->requested_at, c->at);

	if (d != 'a')
		ereport(ERROR,
				(errcode(ERRCODE_OM_INCIDENT_CLOSURE_NOT_DECIDED),
				 errmsg("security incident %lld cannot be closed before the city decides to close it",
						(long long) c->item_id),
				 errdetail("The city investigates an information security incident and decides when it is closed (security annex 5); %s.",
						   decision_text(d, "incident_closure")),
				 errhint("Have a city person record an approval with subject 'incident_closure' for the item, then retry.")));
}

void
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
			case WF_REQ_CITY_CLOSURE:
				req_city_closure(c);
				break;
			case WF_REQ_COUNT:
				break;
		}
	}
}

/* The transition's requirements, or an OM200 error if it is not allowed. */
wf_reqmask
lookup_transition(ItemCtx *c)
{
	WfTransitionInfo t = wf_transition_lookup(c->defs, c->kind, c->from, c->to);

	if (!t.found)
	{
		char	   *next = wf_allowed_next(c->kind, c->from);

		ereport(ERROR,
				(errcode(ERRCODE_OM_TRANSITION_NOT_ALLOWED),
				 errmsg("work item %lld cannot move from \"%s\" to \"%s\"",
						(long long) c->item_id, c->from, c->to),
				 next ? errdetail("The %s state machine allows from \"%s\": %s.", c->kind, c->from, next)
				 : errdetail("The %s state machine allows no move from \"%s\".", c->kind, c->from),
				 errhint("Move the item through an allowed status, or change the state machine (omledger.workflow_transition).")));
	}
	if (!t.known)
		ereport(ERROR,
				(errcode(ERRCODE_OM_CONFIGURATION),
				 errmsg("transition \"%s\" -> \"%s\" of %s requires an unknown precondition",
						c->from, c->to, c->kind),
				 errdetail("The requirement list is %s.", t.requires_text),
				 errhint("Fix the row in omledger.workflow_transition.")));
	return t.requires;
}
