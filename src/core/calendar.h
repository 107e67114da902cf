/*
 * calendar.h
 *	  The city's closed days (閉庁日, seed note ※4) and open-day arithmetic.
 *	  Pure C: no server headers.  Dates are day numbers (days since
 *	  2000-01-01, PostgreSQL's DateADT); see jp_holiday.h.
 *
 * A closed day is a Saturday, a Sunday, a national holiday, or 29 December
 * to 3 January.  The caller may pass an override lookup (the table
 * omledger.calendar_override) that wins over that rule.
 */
#ifndef OM_CALENDAR_H
#define OM_CALENDAR_H

#include <stdint.h>
#include <stdbool.h>

#include "jp_holiday.h"

/*
 * Override lookup: returns CAL_OV_NONE when the day has no override, else
 * CAL_OV_OPEN or CAL_OV_CLOSED.  arg is passed through.
 */
typedef enum CalOverride
{
	CAL_OV_NONE = -1,
	CAL_OV_OPEN = 0,
	CAL_OV_CLOSED = 1
} CalOverride;
typedef CalOverride (*cal_override_fn) (int32_t day, void *arg);

typedef enum CalStatus
{
	CAL_OK = 0,
	CAL_OUT_OF_RANGE			/* a day after jph_last_day was needed */
} CalStatus;

/* First and last day the open-day arithmetic may reach. */
#define CAL_FIRST_DAY	(-2451545)	/* PostgreSQL's first date, 4714-11-24 BC */
#define CAL_LAST_DAY	55151			/* jph_last_day: 2150-12-31 */

/* The rule without overrides: 1 closed, 0 open, -1 out of range. */
int			cal_rule_closed(int32_t day);

/* The rule with overrides (ov may be NULL): 1 closed, 0 open, -1 out of range. */
int			cal_is_closed(int32_t day, cal_override_fn ov, void *arg);

/* The day itself when open, else the next open day. */
CalStatus	cal_next_open_day(int32_t day, cal_override_fn ov, void *arg,
							  int32_t *result);

/*
 * n open days after day (n > 0), before it (n < 0); n = 0 gives
 * cal_next_open_day.  Counting starts from the day itself whether or not it
 * is open: add 1 to a Friday gives the Monday.
 */
CalStatus	cal_add_open_days(int32_t day, int32_t n, cal_override_fn ov,
							  void *arg, int32_t *result);

/*
 * Number of open days in the half-open interval [from, to); negative when
 * to < from (minus the open days in [to, from)).  So
 * cal_add_open_days(d, cal_open_days_between(d, e)) lands on e or on the
 * next open day after it when d is open.
 */
CalStatus	cal_open_days_between(int32_t from, int32_t to, cal_override_fn ov,
								  void *arg, int64_t *result);

#endif							/* OM_CALENDAR_H */
