/*
 * wf_invariant.c
 *	  The rules that hold in each status of a state machine (wf_invariant.h).
 */
#include "wf_invariant.h"

#define WF_ALL_RULES	((wf_reqmask) ((1u << WF_REQ_COUNT) - 1))
/* not (yet) reached from the initial status; no real mask has these bits */
#define WF_UNREACHED	((wf_reqmask) 0xFFFFFFFFu)

static bool
edge_ok(const WfEdge *e, int nstatus)
{
	return e->from >= 0 && e->from < nstatus && e->to >= 0 && e->to < nstatus;
}

bool
wf_state_invariants(int nstatus, int initial, const WfEdge *edges, size_t nedges,
					wf_reqmask *keeps)
{
	bool		changed = true;

	if (nstatus < 0)
		return false;
	for (int s = 0; s < nstatus; s++)
		keeps[s] = WF_UNREACHED;
	if (initial < 0 || initial >= nstatus)
	{
		for (int s = 0; s < nstatus; s++)
			keeps[s] = 0;
		return true;
	}
	keeps[initial] = 0;

	/* which statuses a path from the initial one reaches: they start at "all rules" */
	while (changed)
	{
		changed = false;
		for (size_t e = 0; e < nedges; e++)
			if (edge_ok(&edges[e], nstatus) && keeps[edges[e].from] != WF_UNREACHED &&
				keeps[edges[e].to] == WF_UNREACHED)
			{
				keeps[edges[e].to] = WF_ALL_RULES;
				changed = true;
			}
	}

	/*
	 * The fixpoint.  Each pass only removes bits, so it ends.  The initial
	 * status keeps nothing whatever leads back into it: a new item is in it
	 * with nothing checked.
	 */
	changed = true;
	while (changed)
	{
		changed = false;
		for (int s = 0; s < nstatus; s++)
		{
			wf_reqmask	meet = WF_ALL_RULES;

			if (s == initial || keeps[s] == WF_UNREACHED)
				continue;
			for (size_t e = 0; e < nedges; e++)
			{
				const WfEdge *ed = &edges[e];

				if (ed->to != s || !edge_ok(ed, nstatus) || keeps[ed->from] == WF_UNREACHED)
					continue;
				meet &= keeps[ed->from] | ed->requires;
			}
			if (meet != keeps[s])
			{
				keeps[s] = meet;
				changed = true;
			}
		}
	}
	/* no item reaches such a status by moves: it keeps nothing */
	for (int s = 0; s < nstatus; s++)
		if (keeps[s] == WF_UNREACHED)
			keeps[s] = 0;
	return true;
}
