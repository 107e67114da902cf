/*
 * workflow_invariants.h
 *	  The rules of the workflow as invariants of the item (src/workflow_invariants.c):
 *	  whatever column changes, the rules of the item's status hold on its
 *	  final state.  doc/workflow.md, "Columns that decide the rules".
 */
#ifndef OMLEDGER_WORKFLOW_INVARIANTS_H
#define OMLEDGER_WORKFLOW_INVARIANTS_H

#include "postgres.h"

#include "access/htup.h"
#include "access/tupdesc.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "workflow.h"			/* src/core/workflow.h: wf_reqmask */

/* The engine's check of named preconditions (rules 1-7) on its item. */
typedef void (*WfRuleCheck) (void *arg, wf_reqmask mask);

/* An UPDATE of a work item as the BEFORE trigger sees it, after its own checks. */
typedef struct WfItemChange
{
	HeapTuple	oldtup;
	HeapTuple	newtup;			/* the row as it will be stored */
	TupleDesc	desc;
	int64		item_id;
	int64		contract_id;
	const char *kind;
	const char *to;				/* the status after the change */
	bool		status_changed;
	TimestampTz at;				/* when: the status time, or now */
} WfItemChange;

/*
 * Called for every UPDATE of a work item, before the transition's own
 * preconditions.  When a column that decides the item's rules changed:
 * refuses it in a terminal status (OM218) or when the acting person may not
 * make it (classification, severity, table 1's exception), and otherwise
 * re-checks, through `check`, every rule the item's status keeps
 * (src/core/wf_invariant.c) against the new values.
 */
extern void wf_invariants_on_update(const WfItemChange *ch, WfRuleCheck check, void *arg);

/*
 * Where the window of an approval on the item starts: not before the item
 * was requested, nor before the last change of what the subject covers
 * (procedure: sub_kind, detail; closed_day_attendance: sub_kind;
 * class_b_decision: parent_id), as work_item_event records them.  A change
 * made by the statement being checked is not among them: an approval
 * decided since the previous change covers the change it authorises.
 */
extern TimestampTz wf_approval_window_start(int64 item_id, TimestampTz requested_at,
											const char *subject);

/* Rule 5: closed-day attendance takes place on a closed day (OM221). */
extern void wf_require_closed_day(int64 item_id, TimestampTz scheduled_at);

#endif							/* OMLEDGER_WORKFLOW_INVARIANTS_H */
