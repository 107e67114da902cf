/*
 * caps.c
 *	  Cap decisions (see caps.h).  Pure arithmetic: the server-side trigger
 *	  (src/caps.c) gathers the numbers under the right locks and acts on the
 *	  decision.
 */
#include "caps.h"

#include <string.h>

const char *
cap_charge_category(const char *kind, bool spec_check_for_modification)
{
	if (strcmp(kind, "menu_task") == 0)
		return "menu";
	if (strcmp(kind, "service_request") == 0)
		return spec_check_for_modification ? "modification" : "service";
	/*
	 * An information security incident (security annex 5) is incident
	 * response with no cap, as a failure recovery is: its effort is charged
	 * with it; the item's kind keeps the two apart.
	 */
	if (strcmp(kind, "failure_recovery") == 0 || strcmp(kind, "security_incident") == 0)
		return "failure_recovery";
	if (strcmp(kind, "modification") == 0)
		return "modification";
	if (strcmp(kind, "handover") == 0)
		return "handover";
	return NULL;
}

int64_t
cap_boundary(int64_t amount, int32_t pct)
{
	int64_t		q = amount / 100;
	int64_t		r = amount % 100;

	if (amount <= 0 || pct <= 0)
		return 0;
	if (pct >= 100)
		return amount;
	/* q * pct <= amount, and r * pct < 10000: neither overflows */
	return q * pct + (r * pct + 99) / 100;
}

/*
 * The smallest point above "after" that a reservation must not pass: the
 * reservation ceiling of the limit or the next alert threshold.  Returns -1
 * when "after" is already at or above the ceiling (no reservation).
 */
static int64_t
reserve_gap(const CapLimit *lim, int64_t after)
{
	int64_t		stop;

	if (!lim->present)
		return INT64_MAX;
	stop = cap_boundary(lim->amount, CAP_RESERVE_CEILING_PCT);
	for (int i = 0; i < lim->nalerts; i++)
	{
		int64_t		b = cap_boundary(lim->amount, lim->alert_pct[i]);

		if (b > after && b < stop)
			stop = b;
	}
	if (stop <= after)
		return -1;
	return stop - after;
}

static void
decide_scope(const CapLimit *lim, int64_t before, int64_t after, int64_t delta,
			 CapScopeResult *r)
{
	r->reached = after;
	if (!lim->present || delta <= 0)
		return;
	for (int i = 0; i < lim->nalerts && i < CAP_MAX_ALERTS; i++)
	{
		int64_t		b = cap_boundary(lim->amount, lim->alert_pct[i]);

		if (before < b && after >= b)
			r->alerts_crossed |= (uint32_t) 1 << i;
	}
	if (after > lim->amount)
	{
		r->over_by = after - lim->amount;
		if (lim->hard)
			r->refused = true;
		else
			r->soft_over = true;
	}
}

void
cap_decide(const CapLimit *month, const CapLimit *term,
		   int64_t alloc_month, int64_t alloc_term,
		   int64_t delta, CapDecision *d)
{
	int64_t		after_month,
				after_term,
				gm,
				gt,
				gap;

	memset(d, 0, sizeof(*d));
	if (__builtin_add_overflow(alloc_month, delta, &after_month) ||
		__builtin_add_overflow(alloc_term, delta, &after_term))
	{
		d->overflow = true;
		d->refused = true;
		return;
	}
	decide_scope(month, alloc_month, after_month, delta, &d->month);
	decide_scope(term, alloc_term, after_term, delta, &d->term);
	d->refused = d->month.refused || d->term.refused;
	if (d->refused || delta < 0)
		return;

	gm = reserve_gap(month, after_month);
	gt = reserve_gap(term, after_term);
	if (gm < 0 || gt < 0)
		return;
	gap = gm < gt ? gm : gt;
	if (gap == INT64_MAX)
		return;					/* uncapped: nothing to reserve */
	d->reserve = gap / CAP_RESERVE_DIVISOR;
}
