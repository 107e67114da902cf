/*
 * wf_invariant.h
 *	  The rules that hold on an item *in* a status, whatever column changed
 *	  (not only when it moves).  Pure C: no server headers; see
 *	  test/unit/test_wf_invariant.c.
 *
 * The preconditions of a state machine are written on its transitions.  An
 * item is in status S only after it came along some path from the initial
 * status, so the rules that must hold in S are those every such path
 * checked: the greatest solution of
 *
 *	   R(initial) = {}
 *	   R(S)       = intersection over the moves T -> S of (R(T) | requires(T -> S))
 *
 * (a "must" data-flow problem: start every non-initial status at "all rules"
 * and iterate to the fixpoint).  A status no path reaches keeps no rules.
 * A data patch in service_request.in_progress, say, keeps procedure_approved
 * and prior_agreement because the only way in from the initial status passes
 * accepted -> in_progress; the rework edge done -> in_progress requires
 * nothing but starts from done, which itself keeps them.
 */
#ifndef OM_CORE_WF_INVARIANT_H
#define OM_CORE_WF_INVARIANT_H

#include <stdbool.h>
#include <stddef.h>

#include "workflow.h"

/* One enabled move, by status index. */
typedef struct WfEdge
{
	int			from;
	int			to;
	wf_reqmask	requires;
} WfEdge;

/*
 * Fill keeps[0..nstatus) with the rules that hold in each status.  initial is
 * the index of the initial status (or -1: then nothing holds anywhere).
 * Edges naming an index outside [0, nstatus) are ignored.  Returns false
 * only when nstatus is negative.
 */
extern bool wf_state_invariants(int nstatus, int initial, const WfEdge *edges, size_t nedges,
								wf_reqmask *keeps);

#endif							/* OM_CORE_WF_INVARIANT_H */
