/*
 * workflow_invariants.h
 *	  The rules of the workflow as invariants of the item (src/workflow_invariants.c):
 *	  whatever column changes, the rules of the item's status hold on its
 *	  final state.  doc/workflow.md, "Columns that decide the rules".
 */
#ifndef OMLEDGER_WORKFLOW_INVARIANTS_H
#define OMLEDGER_WORKFLOW_INVARIANTS_H

#include "postgres.h"

#include "utils/date.h"
#include "utils/timestamp.h"

#include "workflow_internal.h"

/*
 * Called for every UPDATE of a work item, after its clocks and who acts are
 * settled and before the transition's own preconditions, with the item as
 * the rules see it (c: new values; c->content_changed_at the one to be
 * stored).  Refuses a change of requested_by, requested_at or
 * needs_additional_contract (OM218).  A provisional fix with release
 * material entering or in production passes the release gate (rule 3)
 * unless the contract has the emergency path.  When a column that decides
 * the item's rules changed: refuses it in a terminal status (OM218) or when
 * the acting person may not make it (classification OM219, severity and
 * third-party remedy OM220, a failure's performer OM213), and otherwise
 * re-checks every rule the item's status keeps (src/core/wf_invariant.c)
 * against the new values.
 */
extern void wf_invariants_on_update(Row *oldr, Row *r, ItemCtx *c, bool status_changed);

/*
 * Where the window of an approval on the item starts: not before the item
 * was requested, nor before the last change of what the subject covers
 * (procedure: sub_kind, detail; closed_day_attendance: sub_kind;
 * class_b_decision: parent_id; classification: failure_class), as
 * work_item_event records them.  A change made by the statement being
 * checked is not among them: an approval decided since the previous change
 * covers the change it authorises, and only that one.
 */
extern TimestampTz wf_approval_window_start(int64 item_id, TimestampTz requested_at,
											const char *subject);

/*
 * Rule 5: the latest closed_day_attendance decision on the item up to hi
 * that covers the day: one naming the day in subject_ref (decided since the
 * item was requested and its sub-kind last changed), or one naming no day
 * decided since the day itself was last changed.  'a', 'r' or 0.
 */
extern char wf_day_agreement(int64 item_id, TimestampTz requested_at, DateADT day, TimestampTz hi);

/* Table 1, class A: does the city claim remedy for the failure from a third party? */
extern bool wf_third_party_remedy(int64 failure_id);

/* Rule 5: closed-day attendance takes place on a closed day (OM221). */
extern void wf_require_closed_day(int64 item_id, TimestampTz scheduled_at);

#endif							/* OMLEDGER_WORKFLOW_INVARIANTS_H */
