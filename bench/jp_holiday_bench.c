/*
 * bench/jp_holiday_bench.c -- calls per second of the pure C core, without
 * the server.  Build and run:
 *   cc -O2 -Isrc/core -o /tmp/jp_holiday_bench bench/jp_holiday_bench.c src/core/*.c && /tmp/jp_holiday_bench
 */
#include <stdio.h>
#include <time.h>

#include "calendar.h"
#include "jp_holiday.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(void)
{
	int32_t		first = cal_day_from_ymd(2000, 1, 1),
				last = cal_day_from_ymd(2099, 12, 31);
	long		calls = 0,
				hits = 0;
	double		t0,
				t;
	int			rep;

	(void) jp_holiday_kind(0);	/* the one-off table fill, timed below */
	t0 = now();
	for (rep = 0; rep < 100; rep++)
		for (int32_t d = first; d <= last; d++, calls++)
			hits += jp_holiday_kind(d) != JPH_NONE;
	t = now() - t0;
	printf("jp_holiday_kind: %ld calls in %.3f s = %.1f million/s (%ld hits)\n",
		   calls, t, calls / t / 1e6, hits);
	calls = hits = 0;
	t0 = now();
	for (rep = 0; rep < 100; rep++)
		for (int32_t d = first; d <= last; d++, calls++)
			hits += cal_rule_closed(d) == 1;
	t = now() - t0;
	printf("cal_rule_closed: %ld calls in %.3f s = %.1f million/s (%ld closed)\n",
		   calls, t, calls / t / 1e6, hits);
	return 0;
}
