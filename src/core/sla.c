/*
 * sla.c
 *	  The response clock (see sla.h).
 */
#include "sla.h"

static int64_t
floor_div64(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Split a local instant into its day number and time of day. */
static void
split_local(int64_t local, int32_t *day, int64_t *tod)
{
	int64_t		d = floor_div64(local, SLA_USECS_PER_DAY);

	*day = (int32_t) d;
	*tod = local - d * SLA_USECS_PER_DAY;
}

/* Is utc inside open hours; also its local day and time of day. */
static CalStatus
classify(const SlaCalendar *cal, int64_t utc, bool *in_hours, int32_t *day,
		 int64_t *tod, bool *open_day)
{
	int			closed;
	int64_t		opens,
				closes;

	split_local(cal->to_local(utc, cal->tz_arg), day, tod);
	closed = cal_is_closed(*day, cal->override, cal->override_arg);
	if (closed < 0)
		return CAL_OUT_OF_RANGE;
	*open_day = (closed == 0);
	*in_hours = false;
	if (*open_day)
	{
		cal->hours(*day, cal->hours_arg, &opens, &closes);
		*in_hours = (*tod >= opens && *tod < closes);
	}
	return CAL_OK;
}

CalStatus
sla_is_open_hours(const SlaCalendar *cal, int64_t utc, bool *result)
{
	int32_t		day;
	int64_t		tod;
	bool		open_day;

	return classify(cal, utc, result, &day, &tod, &open_day);
}

static int64_t
opening_of(const SlaCalendar *cal, int32_t day)
{
	int64_t		opens,
				closes;

	cal->hours(day, cal->hours_arg, &opens, &closes);
	return cal->to_utc((int64_t) day * SLA_USECS_PER_DAY + opens, cal->tz_arg);
}

/*
 * The next opening after a local day and time of day that are not inside
 * open hours: that day's opening when it is an open day and the time is
 * before it, else the opening of the next open day.
 */
static CalStatus
opening_after(const SlaCalendar *cal, int32_t day, int64_t tod, bool open_day,
			  int64_t *opening)
{
	int32_t		next;
	int64_t		opens,
				closes;
	CalStatus	st;

	if (open_day)
	{
		cal->hours(day, cal->hours_arg, &opens, &closes);
		if (tod < opens)
		{
			*opening = opening_of(cal, day);
			return CAL_OK;
		}
	}
	st = cal_add_open_days(day, 1, cal->override, cal->override_arg, &next);
	if (st != CAL_OK)
		return st;
	*opening = opening_of(cal, next);
	return CAL_OK;
}

CalStatus
sla_next_opening(const SlaCalendar *cal, int64_t utc, int64_t *opening)
{
	int32_t		day;
	int64_t		tod;
	bool		in_hours,
				open_day;
	CalStatus	st;

	st = classify(cal, utc, &in_hours, &day, &tod, &open_day);
	if (st != CAL_OK)
		return st;
	return opening_after(cal, day, tod, open_day, opening);
}

CalStatus
sla_response_due(const SlaCalendar *cal, int64_t utc, bool immediate,
				 int64_t allowance, int64_t in_hours_allowance, int64_t *due, SlaBranch *branch)
{
	int32_t		day;
	int64_t		tod,
				opening;
	bool		in_hours,
				open_day;
	CalStatus	st;

	st = classify(cal, utc, &in_hours, &day, &tod, &open_day);
	if (st != CAL_OK)
		return st;
	if (in_hours)
	{
		*due = utc + in_hours_allowance;
		*branch = SLA_IN_HOURS;
		return CAL_OK;
	}
	st = opening_after(cal, day, tod, open_day, &opening);
	if (st != CAL_OK)
		return st;
	*due = opening;
	*branch = SLA_AT_OPENING;
	if (immediate && utc + allowance < opening)
	{
		*due = utc + allowance;
		*branch = SLA_ALLOWANCE;
	}
	return CAL_OK;
}

int64_t
sla_minutes_late(int64_t due, int64_t started)
{
	uint64_t	late;

	if (started <= due)
		return 0;

	/*
	 * Two finite timestamps can lie more than INT64_MAX microseconds apart
	 * (4713 BC to 294276 AD): the difference is taken in unsigned
	 * arithmetic, where it always fits, and so is the rounding up.
	 */
	late = (uint64_t) started - (uint64_t) due;
	return (int64_t) (late / SLA_USECS_PER_MIN + (late % SLA_USECS_PER_MIN != 0));
}
