/*
 * fuzz_calendar.c -- properties of the calendar core on arbitrary days,
 * step counts and override sets (src/core/jp_holiday.c, calendar.c, sla.c).
 *
 * Input: 4 bytes day offset, 2 bytes n, then up to 8 overrides of 3 bytes
 * (a 16-bit offset from the day and a closed flag).  Properties:
 *   - y/m/d round-trips; a holiday kind always has a label;
 *   - add_open_days lands on an open day, and open_days_between agrees
 *     with it: [d, r) holds n - 1 + open(d) open days (n > 0) and
 *     [r, d) holds -n (n < 0);
 *   - a response is never due before the incident, and never later than
 *     the next opening.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "jp_holiday.h"
#include "sla.h"

const char *const fuzz_dictionary[] = {
	"\x00\x00\x00\x00", "\x7f\xff\xff\xff", "\x80\x00\x00\x00", "\x00\x01",
	"\xff\xff", "\x00\x00\x01", "\x00\x05\x00", "\xff\xfe\x01",
};
const size_t fuzz_dictionary_len = sizeof(fuzz_dictionary) / sizeof(fuzz_dictionary[0]);

typedef struct Overrides
{
	int			n;
	int32_t		day[8];
	CalOverride val[8];
} Overrides;

static CalOverride
lookup(int32_t day, void *arg)
{
	Overrides  *o = arg;

	for (int i = o->n - 1; i >= 0; i--)
		if (o->day[i] == day)
			return o->val[i];
	return CAL_OV_NONE;
}

static void
hours(int32_t day, void *arg, int64_t *opens, int64_t *closes)
{
	(void) arg;
	*opens = INT64_C(31500000000);	/* 08:45 */
	*closes = (day & 1) ? INT64_C(62100000000) : INT64_C(68400000000);	/* 17:15 / 19:00 */
}

static int64_t
to_local(int64_t utc, void *arg)
{
	(void) arg;
	return utc + INT64_C(32400000000);
}

static int64_t
to_utc(int64_t local, void *arg)
{
	(void) arg;
	return local - INT64_C(32400000000);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t	raw;
	int32_t		day,
				n,
				r;
	int			y,
				m,
				d;
	Overrides	ov = {0};
	JpHoliday	k;
	int			open_d;
	int64_t		between;

	if (size < 6)
		return 0;
	memcpy(&raw, data, 4);
	/* Mostly the supported years, sometimes anywhere in date's range. */
	if (raw & 0x80000000u)
		day = (int32_t) (raw % 2600000u) - 2451545;
	else
		day = (int32_t) (raw % 80000u) - 20000;
	n = (int16_t) (data[4] | data[5] << 8);
	n %= 2000;
	for (size_t p = 6; p + 3 <= size && ov.n < 8; p += 3)
	{
		ov.day[ov.n] = day + (int16_t) (data[p] | data[p + 1] << 8) % 64;
		ov.val[ov.n] = (data[p + 2] & 1) ? CAL_OV_CLOSED : CAL_OV_OPEN;
		ov.n++;
	}

	cal_ymd_from_day(day, &y, &m, &d);
	if (cal_day_from_ymd(y, m, d) != day || m < 1 || m > 12 || d < 1 || d > 31)
		abort();
	k = jp_holiday_kind(day);
	if (k != JPH_NONE && k != JPH_OUT_OF_RANGE && jp_holiday_label(k) == NULL)
		abort();
	if ((k == JPH_OUT_OF_RANGE) != (day > jph_last_day))
		abort();

	open_d = cal_is_closed(day, lookup, &ov);
	if (open_d < 0)
		return 0;
	open_d = !open_d;
	if (cal_add_open_days(day, n, lookup, &ov, &r) != CAL_OK)
		return 0;
	if (cal_is_closed(r, lookup, &ov) != 0)
		abort();
	if (n > 0)
	{
		if (cal_open_days_between(day, r, lookup, &ov, &between) != CAL_OK ||
			between != n - 1 + open_d || r <= day)
			abort();
	}
	else if (n < 0)
	{
		if (cal_open_days_between(r, day, lookup, &ov, &between) != CAL_OK ||
			between != -n || r >= day)
			abort();
	}
	else if (r < day || (open_d && r != day))
		abort();

	/* The response clock, at a time of day taken from the input. */
	if (day > -20000 && day < 55000)
	{
		SlaCalendar cal = {lookup, &ov, hours, NULL, to_local, to_utc, NULL};
		int64_t		utc = (int64_t) day * SLA_USECS_PER_DAY +
			(int64_t) (raw % 1440u) * SLA_USECS_PER_MIN - INT64_C(32400000000);
		int64_t		due,
					opening;
		SlaBranch	br;

		int64_t		in_hours = (data[4] & 2) ? INT64_C(900000000) : 0;

		if (sla_response_due(&cal, utc, data[4] & 1, INT64_C(3600000000), in_hours, &due, &br) != CAL_OK)
			return 0;
		if (due < utc || (br == SLA_IN_HOURS && due != utc + in_hours))
			abort();
		if (br != SLA_IN_HOURS)
		{
			if (sla_next_opening(&cal, utc, &opening) != CAL_OK || due > opening || opening <= utc)
				abort();
		}
	}
	return 0;
}
