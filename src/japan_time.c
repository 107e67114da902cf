/*
 * japan_time.c
 *	  Japan time: every timestamptz is taken to Asia/Tokyo wall-clock time
 *	  with the server's time zone library, whatever the session's TimeZone,
 *	  and back the same way.  The pg_tz is looked up once per backend.
 */
#include "postgres.h"

#include "utils/datetime.h"
#include "utils/timestamp.h"
#include "access/xact.h"

#include "errcodes.h"
#include "japan_time.h"

pg_tz *
japan_tz(void)
{
	static pg_tz *tz = NULL;

	if (tz == NULL)
	{
		tz = pg_tzset("Asia/Tokyo");
		if (tz == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OM_CONFIGURATION),
					 errmsg("time zone \"Asia/Tokyo\" is not available"),
					 errdetail("The server's time zone database has no entry for Asia/Tokyo."),
					 errhint("Install the time zone data the server was built to use.")));
	}
	return tz;
}

static void
japan_range_error(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("timestamp out of range for Japan time"),
			 errdetail("The ledger's clocks need a finite time within the range of timestamp."),
			 errhint("Pass a finite timestamp with time zone.")));
}

Timestamp
japan_local(TimestampTz t)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tz;
	Timestamp	local;

	if (TIMESTAMP_NOT_FINITE(t) ||
		timestamp2tm(t, &tz, &tm, &fsec, NULL, japan_tz()) != 0 ||
		tm2timestamp(&tm, fsec, NULL, &local) != 0)
		japan_range_error();
	return local;
}

TimestampTz
japan_instant(Timestamp local)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tz;
	TimestampTz t;

	if (TIMESTAMP_NOT_FINITE(local) ||
		timestamp2tm(local, NULL, &tm, &fsec, NULL, NULL) != 0)
		japan_range_error();
	tz = DetermineTimeZoneOffset(&tm, japan_tz());
	if (tm2timestamp(&tm, fsec, &tz, &t) != 0)
		japan_range_error();
	return t;
}

/*
 * The last instant converted is remembered: the effort caps ask for the
 * date of the transaction's start (today, and entered_at's default) for
 * every row they check, and the conversion is most of their date work.
 */
DateADT
japan_date(TimestampTz t)
{
	static bool known = false;
	static TimestampTz last_t;
	static DateADT last_d;
	Timestamp	local;

	if (known && t == last_t)
		return last_d;
	local = japan_local(t);
	/* floor division: a local time before 2000-01-01 belongs to its own day */
	if (local < 0)
		last_d = (DateADT) -((-local + USECS_PER_DAY - 1) / USECS_PER_DAY);
	else
		last_d = (DateADT) (local / USECS_PER_DAY);
	last_t = t;
	known = true;
	return last_d;
}

TimestampTz
japan_midnight(DateADT d)
{
	if (DATE_NOT_FINITE(d))
		japan_range_error();
	return japan_instant((Timestamp) d * USECS_PER_DAY);
}

DateADT
japan_today(void)
{
	return japan_date(GetCurrentTransactionStartTimestamp());
}
