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
 * The instants of the last two days converted are remembered: the effort
 * caps, the audit trail and the roster ask for the date of the
 * transaction's start (today, and entered_at's default) for every row, and
 * the workflow for the date of a request made on another day, in turns;
 * the conversion (timestamp2tm() through the time zone library) was most of
 * their date work -- about 2,000 instructions a transaction, since every
 * transaction starts at a new instant.  A day's first and last instant are
 * taken from the conversion itself: local midnight is t minus its local
 * time of day.  They are trusted only when the time zone library puts them
 * at 00:00 and 23:59:59.999999 of that date, i.e. no change of offset that
 * day (Japan's last was in 1951); otherwise only the instant is remembered.
 */
typedef struct JapanDay
{
	TimestampTz first;
	TimestampTz last;
	DateADT		date;
} JapanDay;

static JapanDay
japan_day_of(TimestampTz t)
{
	Timestamp	local = japan_local(t);
	JapanDay	d;

	if (local < 0)				/* floor division: before 2000-01-01 too */
		d.date = (DateADT) -((-local + USECS_PER_DAY - 1) / USECS_PER_DAY);
	else
		d.date = (DateADT) (local / USECS_PER_DAY);
	d.first = t - (local - (Timestamp) d.date * USECS_PER_DAY);
	d.last = d.first + USECS_PER_DAY - 1;
	if (!IS_VALID_TIMESTAMP(d.first) || !IS_VALID_TIMESTAMP(d.last + USECS_PER_DAY) ||
		japan_local(d.first) != (Timestamp) d.date * USECS_PER_DAY ||
		japan_local(d.last) != (Timestamp) (d.date + 1) * USECS_PER_DAY - 1)
		d.first = d.last = t;
	return d;
}

DateADT
japan_date(TimestampTz t)
{
	static JapanDay days[2];	/* [0] the last used */
	static int	known = 0;
	JapanDay	d;

	for (int i = 0; i < known; i++)
	{
		if (t >= days[i].first && t <= days[i].last)
		{
			if (i > 0)
			{
				d = days[0];
				days[0] = days[i];
				days[i] = d;
			}
			return days[0].date;
		}
	}
	d = japan_day_of(t);		/* may fail: nothing changed yet */
	days[1] = days[0];
	days[0] = d;
	known = Min(known + 1, 2);
	return d.date;
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
