/*
 * japan_time.h
 *	  Japan time, the one implementation: the contract's clocks, calendar
 *	  days and deadlines are all Asia/Tokyo wall-clock time, whatever the
 *	  session's TimeZone.
 */
#ifndef OMLEDGER_JAPAN_TIME_H
#define OMLEDGER_JAPAN_TIME_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "pgtime.h"
#include "utils/date.h"

extern pg_tz *japan_tz(void);

/* Wall-clock time in Japan of an instant, and back (errors out of range). */
extern Timestamp japan_local(TimestampTz t);
extern TimestampTz japan_instant(Timestamp local);

/* The Japanese calendar date of an instant; the first instant of a date. */
extern DateADT japan_date(TimestampTz t);
extern TimestampTz japan_midnight(DateADT d);

/* Today in Japan, as of the transaction's start. */
extern DateADT japan_today(void);

#endif							/* OMLEDGER_JAPAN_TIME_H */
