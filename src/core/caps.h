/*
 * caps.h
 *	  The arithmetic of effort caps, free of any server header: given what is
 *	  already allocated against a month and a term limit, decide whether a
 *	  change of effort is accepted, which alert thresholds it crosses, and how
 *	  much headroom may be reserved for the caller's later changes.
 *
 * All amounts are minutes of effort (the on-disk unit of omledger.effort).
 * "Allocated" is the committed use plus the headroom that stripes of the
 * summary hold in reserve (see doc/effort-caps.md, "Concurrency").
 */
#ifndef OMLEDGER_CORE_CAPS_H
#define OMLEDGER_CORE_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#define CAP_MAX_ALERTS 8

/* One limit (a month or the term) of one category of one contract. */
typedef struct CapLimit
{
	bool		present;		/* false: this scope is not capped */
	bool		hard;			/* hard refuses, soft warns */
	int64_t		amount;			/* the limit, extensions included */
	int			nalerts;
	int32_t		alert_pct[CAP_MAX_ALERTS];	/* 1..100, ascending */
} CapLimit;

/* What happens to one scope. */
typedef struct CapScopeResult
{
	bool		refused;		/* a hard limit would be exceeded */
	bool		soft_over;		/* a soft limit is exceeded (and grows) */
	int64_t		reached;		/* the allocated total after the change */
	int64_t		over_by;		/* reached - amount, when over */
	uint32_t	alerts_crossed; /* bit i: alert_pct[i] crossed upwards */
} CapScopeResult;

typedef struct CapDecision
{
	bool		refused;		/* month.refused || term.refused */
	bool		overflow;		/* the totals do not fit in int64 */
	CapScopeResult month;
	CapScopeResult term;
	int64_t		reserve;		/* extra headroom the caller may keep */
} CapDecision;

/*
 * Reservations are made only below this fraction of a limit (and never
 * across an alert threshold), and each is this fraction of the gap left.
 */
#define CAP_RESERVE_CEILING_PCT 75
#define CAP_RESERVE_DIVISOR		4

/*
 * The charge category of effort on a work item of this kind (§5.2.1②: a
 * service request checking a spec for a modification is modification
 * effort), or NULL for an unknown kind.
 */
extern const char *cap_charge_category(const char *kind, bool spec_check_for_modification);

/* ceil(amount * pct / 100) without overflow; pct in 0..100, amount >= 0. */
extern int64_t cap_boundary(int64_t amount, int32_t pct);

extern void cap_decide(const CapLimit *month, const CapLimit *term,
					   int64_t alloc_month, int64_t alloc_term,
					   int64_t delta, CapDecision *d);

#endif							/* OMLEDGER_CORE_CAPS_H */
