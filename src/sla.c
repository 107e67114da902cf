/*
 * sla.c
 *	  SQL glue of the response clock: is_open_hours, response_due,
 *	  response_status, minutes_late.  The rules are in src/core/sla.c; this
 *	  file supplies Japan time and the configuration.
 *
 * Japan time always (src/japan_time.c): every timestamptz is taken to Asia/Tokyo wall-clock
 * time with the server's time zone library, whatever the session's
 * TimeZone, and back the same way.
 */
#include "postgres.h"

#include "datatype/timestamp.h"
#include "fmgr.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "errcodes.h"
#include "japan_time.h"
#include "omledger.h"
#include "sla.h"

static void
timestamp_range_error(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("timestamp out of range for the response clock"),
			 errdetail("The response clock needs a finite time no later than 2150-12-31 in Japan."),
			 errhint("Pass a finite timestamp with time zone.")));
}

/* The pure core's hooks into Japan time (src/japan_time.c). */
static int64_t
to_local(int64_t utc, void *arg)
{
	return japan_local(utc);
}

static int64_t
to_utc(int64_t local, void *arg)
{
	return japan_instant(local);
}

static SlaCalendar
sla_calendar(FunctionCallInfo fcinfo, struct CalendarConfig **cfg)
{
	SlaCalendar cal;

	*cfg = calendar_config(CALENDAR_FN_OID(fcinfo));
	cal.override = calendar_override_lookup;
	cal.override_arg = *cfg;
	cal.hours = calendar_hours_lookup;
	cal.hours_arg = *cfg;
	cal.to_local = to_local;
	cal.to_utc = to_utc;
	cal.tz_arg = NULL;
	return cal;
}

static TimestampTz
due_of(FunctionCallInfo fcinfo, TimestampTz occurred, bool immediate, text *party)
{
	struct CalendarConfig *cfg;
	SlaCalendar cal = sla_calendar(fcinfo, &cfg);
	char	   *p = text_to_cstring(party);
	int64		in_hours;
	int64		allowance = calendar_party_allowance(cfg, p, &in_hours);
	int64_t		due;
	SlaBranch	branch;

	if (TIMESTAMP_NOT_FINITE(occurred))
		timestamp_range_error();
	if (sla_response_due(&cal, occurred, immediate, allowance, in_hours, &due, &branch) != CAL_OK)
		timestamp_range_error();
	pfree(p);
	return due;
}

PG_FUNCTION_INFO_V1(is_open_hours);
Datum
is_open_hours(PG_FUNCTION_ARGS)
{
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(0);
	struct CalendarConfig *cfg;
	SlaCalendar cal = sla_calendar(fcinfo, &cfg);
	bool		result;

	if (TIMESTAMP_NOT_FINITE(at))
		timestamp_range_error();
	if (sla_is_open_hours(&cal, at, &result) != CAL_OK)
		timestamp_range_error();
	PG_RETURN_BOOL(result);
}

/* response_due(occurred_at, immediate, party): STRICT. */
PG_FUNCTION_INFO_V1(response_due);
Datum
response_due(PG_FUNCTION_ARGS)
{
	PG_RETURN_TIMESTAMPTZ(due_of(fcinfo, PG_GETARG_TIMESTAMPTZ(0), PG_GETARG_BOOL(1),
								 PG_GETARG_TEXT_PP(2)));
}

/*
 * The due time for response_status and minutes_late, which are not STRICT
 * because started_at is NULL while the response has not started.  False
 * when an argument other than started_at is NULL (the answer is NULL).
 */
static bool
status_args(FunctionCallInfo fcinfo, TimestampTz *due)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		return false;
	/* "infinity" is no time a response started: it would be late by a made-up amount */
	if (!PG_ARGISNULL(1) && TIMESTAMP_NOT_FINITE(PG_GETARG_TIMESTAMPTZ(1)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range for the response clock"),
				 errdetail("A response starts at a finite time, not at \"%s\".",
						   timestamptz_to_str(PG_GETARG_TIMESTAMPTZ(1))),
				 errhint("Pass NULL as started_at while the response has not started.")));
	if (!PG_ARGISNULL(1) && PG_GETARG_TIMESTAMPTZ(1) < PG_GETARG_TIMESTAMPTZ(0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("response started before the incident occurred"),
				 errdetail("The response started at %s, before the incident occurred at %s.",
						   pstrdup(timestamptz_to_str(PG_GETARG_TIMESTAMPTZ(1))),
						   pstrdup(timestamptz_to_str(PG_GETARG_TIMESTAMPTZ(0)))),
				 errhint("For an incident already under way, pass the time it was found as occurred_at.")));
	*due = due_of(fcinfo, PG_GETARG_TIMESTAMPTZ(0), PG_GETARG_BOOL(2), PG_GETARG_TEXT_PP(3));
	return true;
}

/* 'open' while not started, else 'met' or 'late'. */
PG_FUNCTION_INFO_V1(response_status);
Datum
response_status(PG_FUNCTION_ARGS)
{
	TimestampTz due;

	if (!status_args(fcinfo, &due))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
		PG_RETURN_TEXT_P(cstring_to_text("open"));
	PG_RETURN_TEXT_P(cstring_to_text(PG_GETARG_TIMESTAMPTZ(1) <= due ? "met" : "late"));
}

/* Whole minutes late, rounded up; 0 when met; NULL while not started. */
PG_FUNCTION_INFO_V1(minutes_late);
Datum
minutes_late(PG_FUNCTION_ARGS)
{
	TimestampTz due;

	if (!status_args(fcinfo, &due) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	PG_RETURN_INT64(sla_minutes_late(due, PG_GETARG_TIMESTAMPTZ(1)));
}
