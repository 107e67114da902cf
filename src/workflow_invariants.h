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

#endif							/* OMLEDGER_WORKFLOW_INVARIANTS_H */
