/*
 * fuzz_caps.c -- properties of cap_decide() (src/core/caps.c) on arbitrary
 * limits, totals and changes:
 *	- a hard limit refuses exactly when the total would go over it;
 *	- a soft limit never refuses;
 *	- a reservation is made only for an accepted increase, and never takes
 *	  the allocated total past 75 % of a limit or across an alert threshold;
 *	- an alert bit is set exactly when its threshold is crossed upwards;
 *	- overflow is reported, never wrapped.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"

const char *const fuzz_dictionary[] = {
	"\x00\x00\x00\x00\x00\x00\x70\x00", "\xff\xff\xff\xff\xff\xff\xff\x7f",
	"\x50\x5a", "\x01", "\x64",
};
const size_t fuzz_dictionary_len = sizeof(fuzz_dictionary) / sizeof(fuzz_dictionary[0]);

static int64_t
take64(const uint8_t **p, size_t *n)
{
	int64_t		v = 0;
	size_t		k = *n < 8 ? *n : 8;

	memcpy(&v, *p, k);
	*p += k;
	*n -= k;
	return v;
}

static void
limit_from(const uint8_t **p, size_t *n, CapLimit *l)
{
	uint8_t		flags = *n ? **p : 0;

	if (*n)
		(*p)++, (*n)--;
	memset(l, 0, sizeof(*l));
	l->present = flags & 1;
	l->hard = flags & 2;
	l->amount = take64(p, n) & INT64_C(0x0000ffffffffffff);	/* non-negative */
	l->nalerts = (flags >> 2) % 3;
	for (int i = 0; i < l->nalerts; i++)
	{
		l->alert_pct[i] = 1 + (*n ? **p : 80) % 100;
		if (*n)
			(*p)++, (*n)--;
	}
}

static void
check_scope(const CapLimit *l, int64_t before, int64_t delta, const CapScopeResult *r)
{
	int64_t		after = before + delta;

	if (!l->present || delta <= 0)
	{
		if (r->refused || r->soft_over || r->alerts_crossed)
			abort();
		return;
	}
	if (r->refused != (l->hard && after > l->amount))
		abort();
	if (r->soft_over != (!l->hard && after > l->amount))
		abort();
	for (int i = 0; i < l->nalerts; i++)
	{
		int64_t		b = cap_boundary(l->amount, l->alert_pct[i]);
		int			crossed = before < b && after >= b;

		if (crossed != !!(r->alerts_crossed & (1u << i)))
			abort();
	}
}

static void
check_reserve(const CapLimit *l, int64_t after, int64_t reserve)
{
	if (!l->present || reserve == 0)
		return;
	if (after + reserve > cap_boundary(l->amount, CAP_RESERVE_CEILING_PCT))
		abort();
	for (int i = 0; i < l->nalerts; i++)
	{
		int64_t		b = cap_boundary(l->amount, l->alert_pct[i]);

		if (after < b && after + reserve >= b)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CapLimit	m,
				t;
	CapDecision d;
	int64_t		am,
				at,
				delta;

	limit_from(&data, &size, &m);
	limit_from(&data, &size, &t);
	am = take64(&data, &size) >> 8;
	at = take64(&data, &size) >> 8;
	delta = take64(&data, &size) >> 8;
	if (size > 0 && (data[0] & 1))
		am = INT64_MAX - (delta > 0 ? delta / 2 : 0);	/* near overflow */

	cap_decide(&m, &t, am, at, delta, &d);
	if (d.overflow)
	{
		int64_t		x;

		if (!__builtin_add_overflow(am, delta, &x) && !__builtin_add_overflow(at, delta, &x))
			abort();
		if (!d.refused)
			abort();
		return 0;
	}
	check_scope(&m, am, delta, &d.month);
	check_scope(&t, at, delta, &d.term);
	if (d.refused != (d.month.refused || d.term.refused))
		abort();
	if (d.reserve < 0 || (d.reserve > 0 && (d.refused || delta < 0)))
		abort();
	check_reserve(&m, am + delta, d.reserve);
	check_reserve(&t, at + delta, d.reserve);
	return 0;
}
