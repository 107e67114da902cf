/*
 * calendar.c
 *	  Closed days and open-day arithmetic (see calendar.h).
 */
#include "calendar.h"

int
cal_rule_closed(int32_t day)
{
	int			y,
				m,
				d,
				wd;
	JpHoliday	h;

	if (day > CAL_LAST_DAY)
		return -1;
	wd = cal_weekday(day);
	if (wd == 0 || wd == 6)
		return 1;
	h = jp_holiday_kind(day);
	if (h == JPH_OUT_OF_RANGE)
		return -1;
	if (h != JPH_NONE)
		return 1;
	cal_ymd_from_day(day, &y, &m, &d);
	return (m == 12 && d >= 29) || (m == 1 && d <= 3);
}

int
cal_is_closed(int32_t day, cal_override_fn ov, void *arg)
{
	if (day > CAL_LAST_DAY || day < CAL_FIRST_DAY)
		return -1;
	if (ov)
	{
		CalOverride o = ov(day, arg);

		if (o != CAL_OV_NONE)
			return o == CAL_OV_CLOSED;
	}
	return cal_rule_closed(day);
}

/* Step from day in direction dir (+1/-1) until an open day; day included. */
static CalStatus
seek_open(int32_t day, int dir, cal_override_fn ov, void *arg, int32_t *result)
{
	for (;;)
	{
		int			c = cal_is_closed(day, ov, arg);

		if (c < 0)
			return CAL_OUT_OF_RANGE;
		if (c == 0)
		{
			*result = day;
			return CAL_OK;
		}
		day += dir;
	}
}

CalStatus
cal_next_open_day(int32_t day, cal_override_fn ov, void *arg, int32_t *result)
{
	return seek_open(day, 1, ov, arg, result);
}

CalStatus
cal_add_open_days(int32_t day, int32_t n, cal_override_fn ov, void *arg,
				  int32_t *result)
{
	int			dir = n < 0 ? -1 : 1;
	int64_t		left = n < 0 ? -(int64_t) n : n;

	if (n == 0)
		return seek_open(day, 1, ov, arg, result);
	while (left > 0)
	{
		CalStatus	st;

		/* Years of open days may be asked for: stop at the range edge. */
		if ((int64_t) day + dir > CAL_LAST_DAY || (int64_t) day + dir < CAL_FIRST_DAY)
			return CAL_OUT_OF_RANGE;
		st = seek_open(day + dir, dir, ov, arg, &day);
		if (st != CAL_OK)
			return st;
		left--;
	}
	*result = day;
	return CAL_OK;
}

CalStatus
cal_open_days_between(int32_t from, int32_t to, cal_override_fn ov, void *arg,
					  int64_t *result)
{
	int64_t		count = 0;
	int32_t		lo = from < to ? from : to;
	int32_t		hi = from < to ? to : from;
	int32_t		d;

	for (d = lo; d < hi; d++)
	{
		int			c = cal_is_closed(d, ov, arg);

		if (c < 0)
			return CAL_OUT_OF_RANGE;
		count += (c == 0);
	}
	*result = from <= to ? count : -count;
	return CAL_OK;
}
