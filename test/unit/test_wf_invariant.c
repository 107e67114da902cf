/*
 * test_wf_invariant.c -- the rules that hold in each status
 * (src/core/wf_invariant.c), on the shipped state machines' shapes.
 */
#include "unit.h"
#include "wf_invariant.h"

#define B(r) ((wf_reqmask) 1 << (r))
#define PROC B(WF_REQ_PROCEDURE_APPROVED)
#define PEA B(WF_REQ_PLANNED_EFFORT_APPROVED)
#define REL B(WF_REQ_RELEASE_READY)
#define MAJ B(WF_REQ_MAJOR_INCIDENT_REPORT)
#define PRIOR B(WF_REQ_PRIOR_AGREEMENT)
#define FC B(WF_REQ_FAILURE_CLASS)
#define PRED B(WF_REQ_PREDECESSOR_CONFIRMATION)

/* service_request: requested 0, accepted 1, in_progress 2, done 3, closed 4, rejected 5, cancelled 6 */
static void
test_service_request(void)
{
	WfEdge		e[] = {
		{0, 1, 0}, {0, 5, 0}, {0, 6, 0}, {1, 2, PROC | PRIOR}, {1, 6, 0},
		{2, 3, 0}, {2, 6, 0}, {3, 2, 0}, {3, 4, PRED},
	};
	wf_reqmask	k[7];

	CHECK(wf_state_invariants(7, 0, e, sizeof e / sizeof e[0], k), "computes");
	CHECK_INT(k[0], 0, "the initial status keeps nothing");
	CHECK_INT(k[1], 0, "accepted keeps nothing");
	CHECK_INT(k[2], PROC | PRIOR, "in_progress keeps the procedure and the prior agreement");
	CHECK_INT(k[3], PROC | PRIOR, "done keeps them (the rework edge back changes nothing)");
	CHECK_INT(k[4], PROC | PRIOR | PRED, "closed adds the predecessor's confirmation");
	CHECK_INT(k[6], 0, "cancelled is reached without checks");
}

/* modification: proposed 0, planned 1, approved 2, in_progress 3, testing 4, release_approved 5, released 6, closed 7 */
static void
test_modification(void)
{
	WfEdge		e[] = {
		{0, 1, FC}, {1, 2, FC | PEA}, {2, 3, PEA}, {3, 4, 0}, {4, 3, 0},
		{4, 5, REL}, {5, 3, 0}, {5, 6, REL}, {6, 7, PRED},
	};
	wf_reqmask	k[8];

	CHECK(wf_state_invariants(8, 0, e, sizeof e / sizeof e[0], k), "computes");
	CHECK_INT(k[1], FC, "planned keeps the class rule");
	CHECK_INT(k[3], FC | PEA, "in_progress keeps the class and the planned effort, through rework too");
	CHECK_INT(k[5], FC | PEA | REL, "release_approved keeps the release gate");
	CHECK_INT(k[7], FC | PEA | REL | PRED, "closed keeps everything on the way");
}

static void
test_edges(void)
{
	/* two ways into 2: only what both check holds */
	WfEdge		e[] = {{0, 1, PROC}, {0, 2, MAJ | PROC}, {1, 2, MAJ}, {3, 2, REL}, {9, 2, 0}, {0, -1, 0}};
	wf_reqmask	k[4];

	CHECK(wf_state_invariants(4, 0, e, sizeof e / sizeof e[0], k), "computes");
	CHECK_INT(k[1], PROC, "one way in");
	CHECK_INT(k[2], MAJ | PROC, "two ways in: the intersection of what each path checked");
	CHECK_INT(k[3], 0, "an unreachable status keeps nothing, and its edges do not weaken others");
	CHECK(wf_state_invariants(4, -1, e, 3, k) && k[1] == 0 && k[2] == 0, "no initial status: nothing holds");
	CHECK(!wf_state_invariants(-1, 0, e, 0, k), "a negative count is refused");
	CHECK(wf_state_invariants(0, 0, e, 0, k), "an empty machine is fine");
	{
		WfEdge		loop[] = {{0, 1, PROC}, {1, 0, 0}};

		CHECK(wf_state_invariants(2, 0, loop, 2, k) && k[0] == 0 && k[1] == PROC,
			  "a way back into the initial status keeps it empty");
	}
}

/*
 * On many random machines: what a status keeps is kept by every way in
 * (keeps[to] is within keeps[from] | requires for each edge from a status
 * that keeps something or is the initial one), and the initial keeps nothing.
 */
static void
test_random(void)
{
	unsigned	seed = 12345;
	int			runs = 0;

	for (int run = 0; run < 2000; run++)
	{
		WfEdge		e[12];
		wf_reqmask	k[6];
		int			n = 1 + run % 6;

		for (int i = 0; i < 12; i++)
		{
			seed = seed * 1103515245u + 12345u;
			e[i].from = (int) ((seed >> 8) % (unsigned) n);
			e[i].to = (int) ((seed >> 16) % (unsigned) n);
			e[i].requires = (wf_reqmask) ((seed >> 20) & 0xFF);
		}
		bool		reached[6] = {true};

		for (int pass = 0; pass < n; pass++)
			for (int i = 0; i < 12; i++)
				if (reached[e[i].from])
					reached[e[i].to] = true;
		wf_state_invariants(n, 0, e, 12, k);
		QUIET_CHECK(k[0] == 0, "run %d: the initial status keeps nothing", run);
		for (int i = 0; i < 12; i++)
			if (e[i].to != 0 && reached[e[i].from])
				QUIET_CHECK((k[e[i].to] & ~(k[e[i].from] | e[i].requires)) == 0,
							"run %d: edge %d keeps no more than its way in", run, i);
		for (int s = 0; s < n; s++)
			QUIET_CHECK(reached[s] || k[s] == 0, "run %d: unreached status %d keeps nothing", run, s);
		runs++;
	}
	CHECK_INT(unit_quiet_failures, 0, "%d random machines are consistent", runs);
}

int
main(void)
{
	test_random();
	test_service_request();
	test_modification();
	test_edges();
	return unit_done();
}
