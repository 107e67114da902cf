/*
 * sla.h
 *	  The response clock of the contract (seed §6.1.1 table 3, §6.2.1 table 4).
 *	  Pure C: no server headers.
 *
 * Instants are int64 microseconds since 2000-01-01 00:00, the encoding of
 * PostgreSQL's timestamp types: "utc" values are timestamptz, "local"
 * values are wall-clock time in Asia/Tokyo.  The caller supplies the
 * conversions (the server's time zone library in the glue, a fixed +09:00
 * in the unit tests), the override lookup and the online hours.
 */
#ifndef OM_SLA_H
#define OM_SLA_H

#include <stdint.h>
#include <stdbool.h>

#include "calendar.h"

#define SLA_USECS_PER_DAY	INT64_C(86400000000)
#define SLA_USECS_PER_MIN	INT64_C(60000000)

typedef struct SlaCalendar
{
	cal_override_fn override;	/* may be NULL */
	void	   *override_arg;
	/* Online hours of an open day, as microseconds after local midnight. */
	void		(*hours) (int32_t day, void *arg, int64_t *opens, int64_t *closes);
	void	   *hours_arg;
	int64_t		(*to_local) (int64_t utc, void *arg);
	int64_t		(*to_utc) (int64_t local, void *arg);
	void	   *tz_arg;
} SlaCalendar;

/* Which rule of the table decided a due time. */
typedef enum SlaBranch
{
	SLA_IN_HOURS,				/* during open hours: due promptly (in_hours) */
	SLA_AT_OPENING,				/* due when the office next opens (08:45) */
	SLA_ALLOWANCE				/* out of hours, immediate: occurred + allowance */
} SlaBranch;

/* Is utc within the online hours of an open day?  CAL_OUT_OF_RANGE past 2150. */
CalStatus	sla_is_open_hours(const SlaCalendar *cal, int64_t utc, bool *result);

/*
 * The next opening instant at or after utc that is not inside open hours:
 * today's opening when utc is before it on an open day, else the opening of
 * the next open day.  Returned as utc.
 */
CalStatus	sla_next_opening(const SlaCalendar *cal, int64_t utc, int64_t *opening);

/*
 * When the response to an incident that occurred at utc is due:
 *   - during open hours: promptly (速やかに), read as utc + in_hours_allowance (the
 *     party's in-hours allowance; 0 is "at once");
 *   - otherwise the next opening, since an incident still under way when
 *     the office opens is due at once then;
 *   - with immediate, no later than utc + allowance (whichever is first).
 */
CalStatus	sla_response_due(const SlaCalendar *cal, int64_t utc, bool immediate,
							 int64_t allowance, int64_t in_hours_allowance, int64_t *due,
							 SlaBranch *branch);

/* Whole minutes from due to started, rounded up; 0 when started <= due. */
int64_t		sla_minutes_late(int64_t due, int64_t started);

#endif							/* OM_SLA_H */
